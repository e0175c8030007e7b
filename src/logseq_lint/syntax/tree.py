"""Nesting: how Logseq turns the raw indentation levels of a page's blocks into a tree.

mldoc gives every block a raw level (1 + the number of indentation characters, any mix of
tabs and spaces counting one each; 1 for a non-bulleted Markdown heading and for the
pre-block). Logseq then walks the blocks in order with a stack of open ancestors
(``with-parent-and-left`` in logseq/logseq ``deps/graph-parser/src/logseq/graph_parser/block.cljs``):

- a level equal to the innermost open block's makes a sibling;
- a greater level, by any amount, makes a child;
- a smaller level that an open ancestor has closes back to that ancestor's sibling;
- a smaller level that no open ancestor has makes the block a sibling of the shallowest
  open ancestor deeper than it, which also takes over that ancestor's level for the
  blocks that follow.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# How many blocks after a removed one are followed before giving up (see removable_leaves).
_REMOVAL_HORIZON = 200


@dataclass(frozen=True, slots=True)
class Position:
    """Where a block sits in the tree: ``depth`` 1 is top level, ``parent`` is an index."""

    depth: int
    parent: int | None


def nest(levels: Sequence[int]) -> list[Position]:
    """The tree position of each block, given the raw levels of the page's blocks in order.

    Runs in O(n log n): the stack of open ancestors has strictly increasing levels, so
    finding a level in it is a bisection and closing blocks is a truncation.
    """
    stack = _OpenBlocks()
    return [stack.place(index, level) for index, level in enumerate(levels)]


def removable_leaves(levels: Sequence[int], leaves: Iterable[int]) -> set[int]:
    """Those of the given blocks (leaves of the tree) without which every other block keeps
    its place: a removed block's level can be what Logseq aligns a later uneven indentation
    with. Each is followed, without it and with it, until both trees are in the same state
    again; one still differing after ``_REMOVAL_HORIZON`` blocks counts as not removable."""
    wanted = set(leaves)
    removable: set[int] = set()
    stack = _OpenBlocks()
    for index, level in enumerate(levels):
        if index in wanted:
            without, following = stack.copy(), stack.copy()
            following.place(index, level)
            end = min(len(levels), index + 1 + _REMOVAL_HORIZON)
            for later in range(index + 1, end):
                if following.place(later, levels[later]) != without.place(later, levels[later]):
                    kept = False
                    break
                if following.same_as(without):
                    kept = True
                    break
            else:
                kept = end == len(levels)  # every block to the page's end kept its place
            if kept:
                removable.add(index)
        stack.place(index, level)
    return removable


class _OpenBlocks:
    """The open ancestors while walking a page's blocks, as parallel stacks: raw level,
    block index, depth. The root has level 0, so every real block (level >= 1) lands inside
    it. Levels strictly increase up the stack."""

    __slots__ = ("depths", "indexes", "levels")

    def __init__(self) -> None:
        self.levels: list[int] = [0]
        self.indexes: list[int | None] = [None]
        self.depths: list[int] = [0]

    def copy(self) -> _OpenBlocks:
        other = _OpenBlocks()
        other.levels, other.indexes, other.depths = self.levels[:], self.indexes[:], self.depths[:]
        return other

    def same_as(self, other: _OpenBlocks) -> bool:
        return self.levels == other.levels and self.indexes == other.indexes and self.depths == other.depths

    def place(self, index: int, level: int) -> Position:
        """Where the next block goes, and open it."""
        levels = self.levels
        if level > levels[-1]:
            parent, depth = self.indexes[-1], self.depths[-1] + 1
            keep = len(levels)
        else:
            at = bisect_left(levels, level)
            if levels[at] != level:
                # No open ancestor at this level: take the place (and level) of the
                # shallowest open ancestor deeper than it.
                level = levels[at]
            parent, depth = self.indexes[at - 1], self.depths[at]
            keep = at
        del levels[keep:], self.indexes[keep:], self.depths[keep:]
        levels.append(level)
        self.indexes.append(index)
        self.depths.append(depth)
        return Position(depth, parent)
