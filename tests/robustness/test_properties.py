"""Properties that must hold for every page, checked on generated ones (``page_strategies``):
the parser reads anything without failing and without losing a character, the formatter is
idempotent and never trips its own equivalence gate, and ``check --fix`` reaches a fixed
point having changed only the blocks its findings name (``invariants`` says how each is
checked). Pages that a known, not yet fixed bug may explain are skipped (``known_bugs``).

The budget (examples per property, reproducibility in CI) is the ``robustness`` profile of
this folder's ``conftest.py``.
"""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st
from invariants import check_fix, check_format, check_lossless, check_parse
from known_bugs import explained
from page_strategies import markdown_pages, org_pages

from logseq_lint.formatter import INDENT_UNITS, FormatOptions

PAGES = st.one_of(
    markdown_pages().map(lambda text: (text, "pages/p.md")), org_pages().map(lambda text: (text, "p.org"))
)


@given(PAGES)
def test_parsing_never_raises(page: tuple[str, str]) -> None:
    """Any text is a page to Logseq, so reading it never fails."""
    assume(not explained(check_parse, page[0]))
    check_parse(*page)


@given(PAGES)
def test_the_ast_is_lossless(page: tuple[str, str]) -> None:
    """Fixes are edits of the AST's spans, so the spans must give back every character."""
    assume(not explained(check_lossless, page[0]))
    check_lossless(*page)


@given(markdown_pages(), st.sampled_from(sorted(INDENT_UNITS)), st.booleans())
def test_format_is_idempotent_and_passes_its_gate(text: str, indentation: str, final_newline: bool) -> None:
    """A formatted page is formatted, and the formatter never changes how Logseq reads a page
    (the gate refusing its output is a bug too), whatever the indentation unit."""
    assume(not explained(check_format, text))
    check_format(text, FormatOptions(indentation, final_newline))


@given(markdown_pages(), st.booleans())
def test_fix_converges_and_changes_only_what_its_findings_name(text: str, unsafe: bool) -> None:
    """``check --fix`` (with and without unsafe fixes) writes the page, leaves nothing to fix,
    and changes no block that its findings do not name."""
    assume(not explained(check_fix, text))
    check_fix(text, unsafe)
