"""The fix loop's safety net: edits that change blocks they do not target are refused."""

from __future__ import annotations

from logseq_lint.diagnostics import Applicability, Edit, Fix
from logseq_lint.lint import apply_fixes, untouched_blocks_changed


def test_edits_inside_their_block_pass() -> None:
    before = "- a\n- b [[x]]\n- c\n"
    fixed, edits, count = apply_fixes(before, [Fix("x", (Edit(10, 11, "y"),), Applicability.SAFE)])
    assert (fixed, count) == ("- a\n- b [[y]]\n- c\n", 1)
    assert untouched_blocks_changed(before, fixed, "p.md", edits) is None


def test_an_edit_that_renests_other_blocks_is_caught() -> None:
    before = "- a\n- b\n\t- c\n- d\n"
    # Deleting "- b" is an edit of block b, but it moves c under a: c reads differently.
    fixed, edits, _ = apply_fixes(before, [Fix("x", (Edit(4, 8, ""),), Applicability.SAFE)])
    assert untouched_blocks_changed(before, fixed, "p.md", edits) == 3


def test_overlapping_fixes_wait_for_the_next_round() -> None:
    fixes = [
        Fix("one", (Edit(0, 3, "A"),), Applicability.SAFE),
        Fix("two", (Edit(2, 5, "B"),), Applicability.SAFE),
        Fix("three", (Edit(6, 7, "C"),), Applicability.SAFE),
    ]
    fixed, _, count = apply_fixes("0123456789", fixes)
    assert (fixed, count) == ("A345C789", 2)
