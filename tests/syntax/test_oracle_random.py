"""Random pages read by the parser and by Logseq's own: every field must agree."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pages import random_page
from shared import oracle_pages

from logseq_lint.syntax import parse_page
from logseq_lint.syntax.summary import page_summary

PAGES_PER_FORMAT = 400


@pytest.mark.oracle
@pytest.mark.parametrize("org", [False, True], ids=["markdown", "org"])
def test_random_pages_read_as_in_logseq(org: bool, tmp_path: Path) -> None:
    rnd = random.Random(2024 + org)
    pages: dict[str, str] = {}
    for number in range(PAGES_PER_FORMAT):
        path = tmp_path / f"p{number}.{'org' if org else 'md'}"
        pages[str(path)] = text = random_page(rnd, org)
        path.write_text(text, encoding="utf-8", newline="")
    logseq = oracle_pages([Path(p) for p in pages])
    disagreements = []
    for path, text in pages.items():
        theirs = logseq[path]
        if "error" in theirs:  # the oracle itself failed on this page
            continue
        ours = page_summary(parse_page(text, path))
        if (ours["page_properties"], ours["blocks"]) != (theirs["page_properties"], theirs["blocks"]):
            disagreements.append(text)
    assert disagreements == []
