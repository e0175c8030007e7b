"""Hand-written pages for every case of LOGSEQ-SYNTAX.md §1–3 and mldoc's edge cases, each
with Logseq's own reading of it (see ``oracle_fixtures.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from oracle_fixtures import FIXTURES, comparable, load, oracle_readings

from logseq_lint.syntax import Format, parse_page
from logseq_lint.syntax.summary import page_summary

CASES = [(path.stem, case) for path in sorted(FIXTURES.glob("*.json")) for case in load(path)]


def reading(case: dict[str, Any]) -> dict[str, Any]:
    page = parse_page(case["page"], fmt=Format(case["format"]))
    return comparable(page_summary(page))


@pytest.mark.parametrize(("family", "case"), CASES, ids=[f"{family}: {case['name']}" for family, case in CASES])
def test_fixture_reads_as_in_logseq(family: str, case: dict[str, Any]) -> None:
    assert reading(case) == case["expected"]


@pytest.mark.oracle
@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.name)
def test_stored_readings_are_logseqs(path: Path) -> None:
    """The stored readings are what the oracle says today (refresh with oracle_fixtures.py)."""
    cases = load(path)
    assert [case["expected"] for case in cases] == oracle_readings(cases)
