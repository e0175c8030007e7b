"""Differential fuzzing in the test suite: pages drawn from ``page_strategies`` must read the
same to the parser and to Logseq (``../shared/oracle``), every field of every block. A
bounded, reproducible batch per format (``LOGSEQ_LINT_FUZZ_PAGES``, default 400 Markdown and
a quarter as many Org pages; ``LOGSEQ_LINT_FUZZ_SEED``, default 0); ``bench/fuzz_oracle.py``
runs longer. Pages that a known disagreement may explain are left out (``known_bugs``); any
other disagreement fails the test with its page shrunk to a minimal one, to keep as a
fixture (``fixtures/``)."""

from __future__ import annotations

import os

import pytest
from differential import as_fixture, disagreements, draw_pages, shrink
from known_bugs import explained_disagreement
from page_strategies import markdown_pages, org_pages

from logseq_lint.syntax import Format

PAGES = int(os.environ.get("LOGSEQ_LINT_FUZZ_PAGES", "400"))
SEED = int(os.environ.get("LOGSEQ_LINT_FUZZ_SEED", "0"))
SHRUNK = 3  # disagreements shrunk and shown (shrinking asks the oracle again and again)


@pytest.mark.oracle
@pytest.mark.parametrize(("fmt", "count"), [(Format.MARKDOWN, PAGES), (Format.ORG, max(1, PAGES // 4))], ids=str)
def test_generated_pages_read_as_in_logseq(fmt: Format, count: int) -> None:
    strategy = org_pages() if fmt is Format.ORG else markdown_pages()
    texts = draw_pages(strategy, count, SEED)
    found = disagreements(texts, fmt, lambda text: explained_disagreement(text, fmt))
    minimal = [as_fixture(shrink(d), f"fuzz seed {SEED}: {d.field}") for d in found[:SHRUNK]]
    assert minimal == [], f"{len(found)} of {len(texts)} pages read differently from Logseq"
