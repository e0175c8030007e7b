"""Pages that differential fuzzing found read differently by the parser and by Logseq,
shrunk to a minimal page and stored with Logseq's reading (``fixtures/*.json``, the format
of ``tests/syntax/oracle_fixtures.py``; ``bench/fuzz_oracle.py --out`` writes new cases in
it). A case that ``known_bugs.KNOWN_DISAGREEMENTS`` names is a strict xfail until fixed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from known_bugs import KNOWN_DISAGREEMENTS
from oracle_fixtures import comparable, load, oracle_readings

from logseq_lint.syntax import Format, parse_page
from logseq_lint.syntax.summary import page_summary

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.json"))
KNOWN = {known.name: known.what for known in KNOWN_DISAGREEMENTS}


def _case(case: dict[str, Any]) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN[case["name"]])] if case["name"] in KNOWN else []
    return pytest.param(case, marks=marks, id=case["name"])


@pytest.mark.parametrize("case", [_case(case) for path in FIXTURES for case in load(path)])
def test_page_reads_as_in_logseq(case: dict[str, Any]) -> None:
    page = parse_page(case["page"], fmt=Format(case["format"]))
    assert comparable(page_summary(page)) == case["expected"]


def test_every_known_disagreement_has_its_case() -> None:
    assert set(KNOWN) <= {case["name"] for path in FIXTURES for case in load(path)}


@pytest.mark.oracle
@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_stored_readings_are_logseqs(path: Path) -> None:
    """The stored readings are what the oracle says today."""
    cases = load(path)
    assert [case["expected"] for case in cases] == oracle_readings(cases)
