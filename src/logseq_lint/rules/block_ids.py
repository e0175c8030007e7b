"""Block ids (``id::``): duplicated, malformed, or never referenced."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from ..diagnostics import Applicability, Diagnostic, Edit, Location, Severity
from ..graph.facts import all_names
from ..graph.index import Graph
from .base import FixAvailability, GraphRule


def referenced_ids(graph: Graph) -> set[str]:
    """The uuids that some reference in a file Logseq reads points at."""
    return all_names(file.summary.blocks for file in graph.indexed_files())


class DuplicateBlockId(GraphRule):
    """One uuid in the `id::` of two or more blocks.

    ## What it does
    Finds every `id::` whose uuid (compared case-insensitively) another block already
    carries, in the same page or in another one, and says which copy Logseq keeps: the
    first in the file, and across files the file Logseq reads first (journals newest
    first, then `contents`, then the other pages by path).

    ## Why is this bad?
    Logseq keeps the uuid on one block and silently gives the other a new one, dropping
    its `id::` line the next time the page is saved; references meant for that block then
    show the other one. Older versions failed to load the page at all. Copies usually come
    from copying a page or a block outside Logseq, or from a sync conflict.

    ## Example
    ```markdown
    - Draft
      id:: 6650a1b2-0000-4000-8000-000000000000
    - Final
      id:: 6650a1b2-0000-4000-8000-000000000000
    ```

    ## Fix
    Unsafe, and only when no reference in the graph uses the uuid: gives the copy that
    Logseq would re-id a fresh uuid. When references use it, only the author knows which
    block they mean.
    """

    code = "B001"
    name = "duplicate-block-id"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES
    fix_applicability = Applicability.UNSAFE

    def check(self, graph: Graph) -> Iterator[Diagnostic]:
        used: set[str] | None = None  # made for the first copy: most graphs have none
        for value, holders in graph.ids.items():
            if len(holders) < 2 or not graph.in_focus(holders[0].file.relative):  # the focus has all copies or none
                continue
            if used is None:
                used = referenced_ids(graph)
            kept = holders[0]
            kept_at = f"{kept.file.relative}:{kept.block_id.range.line}"
            for copy in holders[1:]:
                where = "earlier in this page" if copy.file is kept.file else f"in {kept_at}"
                message = (
                    f"id {value} is also on the block {where}; Logseq keeps it there and gives this block a new id"
                )
                fix = None
                if value not in used:
                    fresh = _fresh_uuid(value, copy.file.relative, copy.block_id.range.start)
                    fix = self.fix(
                        "Give this block a new uuid", Edit(copy.block_id.range.start, copy.block_id.range.end, fresh)
                    )
                related = (Location(kept.file.relative, kept.block_id.range),)
                yield self.diagnostic(copy.file.relative, copy.block_id.range, message, fix, related)


def _fresh_uuid(value: str, path: str, offset: int) -> str:
    """A new uuid for a copy, derived from the copy's place so that a fix is reproducible
    (and distinct for every copy)."""
    return str(uuid.uuid5(uuid.UUID(value), f"{path}:{offset}"))


class InvalidBlockId(GraphRule):
    """An `id::` whose value is not a uuid.

    ## What it does
    Finds `id::` properties (and Org `:ID:`) whose value is not 8-4-4-4-12 hexadecimal
    digits.

    ## Why is this bad?
    Logseq ignores the value and gives the block a random uuid on every load, so nothing
    can reference the block, and `((value))` references to it stay plain text.

    ## Example
    ```markdown
    - Meeting notes
      id:: meeting-2024
    ```

    ## Fix
    None: use a uuid (Logseq writes one when you copy the block's reference).
    """

    code = "B002"
    name = "invalid-block-id"
    severity = Severity.ERROR

    def check(self, graph: Graph) -> Iterator[Diagnostic]:
        for file in graph.focus_files():
            for block_id in file.facts.ids:
                if block_id.uuid is None:
                    yield self.diagnostic(
                        file.relative,
                        block_id.range,
                        f"the id {block_id.value!r} is not a uuid; Logseq ignores it and gives the block a random id",
                    )


class UnusedBlockId(GraphRule):
    """An `id::` that nothing in the graph references.

    ## What it does
    Finds `id::` properties whose uuid no block reference, embed, property value or
    whiteboard in the graph points at.

    ## Why is this bad?
    Logseq writes `id::` when a block is referenced; once the references are gone the
    line is clutter. Off by default: references from outside the graph (other graphs,
    `logseq://` links, published pages) cannot be seen.

    ## Example
    ```markdown
    - An old target
      id:: 6650a1b2-0000-4000-8000-000000000000
    ```
    with no `((6650a1b2-0000-4000-8000-000000000000))` anywhere.

    ## Fix
    Unsafe: removes the `id::` line.
    """

    code = "B003"
    name = "unused-block-id"
    severity = Severity.INFO
    enabled_by_default = False
    fix_availability = FixAvailability.ALWAYS
    fix_applicability = Applicability.UNSAFE

    def check(self, graph: Graph) -> Iterator[Diagnostic]:
        used = referenced_ids(graph)
        for file in graph.focus_files():
            if file.relative.endswith(".edn"):
                continue  # a whiteboard's shape ids are its own
            for block_id in file.facts.ids:
                if block_id.uuid is not None and block_id.uuid not in used:
                    line = block_id.line_range
                    yield self.diagnostic(
                        file.relative,
                        block_id.range,
                        f"id {block_id.uuid} is not referenced anywhere in the graph",
                        self.fix("Remove the id:: line", Edit(line.start, line.end, "")),
                    )
