"""Logseq's nesting of blocks by raw indentation level (``with-parent-and-left``)."""

from __future__ import annotations

import random

import pytest
from shared import oracle_pages

from logseq_lint.syntax import parse_page
from logseq_lint.syntax.tree import Position, nest, removable_leaves


def shape(levels: list[int]) -> list[tuple[int, int | None]]:
    return [(p.depth, p.parent) for p in nest(levels)]


def test_siblings_children_and_outdents() -> None:
    assert shape([1, 2, 3, 2, 1]) == [(1, None), (2, 0), (3, 1), (2, 0), (1, None)]


def test_any_deeper_level_is_a_child() -> None:
    assert shape([1, 5, 9, 5]) == [(1, None), (2, 0), (3, 1), (2, 0)]


def test_logseq_regression_1902_outdent_to_an_unused_level() -> None:
    # - line1 / 4 spaces - line2 / 6 spaces - line3 / 5 spaces - line4: line4 is line3's sibling.
    assert shape([1, 5, 7, 6]) == [(1, None), (2, 0), (3, 1), (3, 1)]


def test_the_first_blocks_level_counts() -> None:
    # \t\t- first / - second / \t- third: third is second's sibling, not its child.
    assert shape([3, 1, 2]) == [(1, None), (1, None), (1, None)]


def test_an_empty_page_has_no_positions() -> None:
    assert nest([]) == []


def test_deep_nesting_is_not_recursive() -> None:
    positions = nest(list(range(1, 100_001)))
    assert positions[-1] == Position(100_000, 99_998)


def _keeps_the_others_in_place(levels: list[int], removed: int) -> bool:
    """The definition: every other block has the same depth and parent without it."""
    before = nest(levels)
    others = [index for index in range(len(levels)) if index != removed]
    after = nest([levels[index] for index in others])
    return all(
        position.depth == before[index].depth
        and (None if position.parent is None else others[position.parent]) == before[index].parent
        for index, position in zip(others, after, strict=True)
    )


def test_removable_leaves_are_those_whose_removal_moves_no_other_block() -> None:
    rnd = random.Random(7)
    for _ in range(5000):
        levels = [rnd.randint(1, 5) for _ in range(rnd.randint(1, 9))]
        parents = {position.parent for position in nest(levels)}
        leaves = [index for index in range(len(levels)) if index not in parents]
        expected = {index for index in leaves if _keeps_the_others_in_place(levels, index)}
        assert removable_leaves(levels, leaves) == expected, levels


def test_a_removal_whose_effect_outlasts_the_horizon_is_not_removable() -> None:
    # Without the level-3 leaf, its siblings keep level 2: the level-3 block at the end
    # would become their child. Past the horizon the walk stops and says no.
    near = [1, 3, *[2] * 10, 3]
    far = [1, 3, *[2] * 300, 3]
    assert removable_leaves(near, [1]) == set() and removable_leaves(far, [1]) == set()
    assert removable_leaves([1, 3, *[2] * 300, 1], [1]) == set()  # unknown: not removable
    assert removable_leaves([1, 3, *[2] * 10, 1], [1]) == {1}


def random_outlines(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    pages = []
    for _ in range(count):
        lines = []
        for _ in range(rnd.randint(1, 12)):
            indent = rnd.choice(["", "\t", "\t\t", "  ", "    ", " ", "\t  ", "\t\t\t", "      "])
            lines.append(f"{indent}- x")
        pages.append("\n".join(lines))
    return pages


@pytest.mark.oracle
def test_nesting_agrees_with_logseq_on_random_outlines(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pages = random_outlines(300, seed=7)
    paths = []
    for number, text in enumerate(pages):
        path = tmp_path / f"p{number}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    logseq = oracle_pages(paths)
    for path, text in zip(paths, pages):
        ours = [(b.depth, b.parent) for b in parse_page(text).blocks]
        theirs = [(b["depth"], b["parent"]) for b in logseq[str(path)]["blocks"]]
        assert ours == theirs, text
