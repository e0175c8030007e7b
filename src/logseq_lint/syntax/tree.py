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
from collections.abc import Sequence
from dataclasses import dataclass


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
    # Parallel stacks of the open ancestors: raw level, block index, depth. The root has
    # level 0, so every real block (level >= 1) lands inside it.
    stack_levels: list[int] = [0]
    stack_index: list[int | None] = [None]
    stack_depth: list[int] = [0]
    positions: list[Position] = []
    for index, level in enumerate(levels):
        if level > stack_levels[-1]:
            parent, depth = stack_index[-1], stack_depth[-1] + 1
            keep = len(stack_levels)
        else:
            at = bisect_left(stack_levels, level)
            if stack_levels[at] != level:
                # No open ancestor at this level: take the place (and level) of the
                # shallowest open ancestor deeper than it.
                level = stack_levels[at]
            parent, depth = stack_index[at - 1], stack_depth[at]
            keep = at
        del stack_levels[keep:], stack_index[keep:], stack_depth[keep:]
        stack_levels.append(level)
        stack_index.append(index)
        stack_depth.append(depth)
        positions.append(Position(depth, parent))
    return positions
