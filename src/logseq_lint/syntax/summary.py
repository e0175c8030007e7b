"""The inspection view of a parsed page: what ``logseq-lint parse`` prints.

One JSON object per page with the field names and meanings of ``../shared/oracle`` (Logseq's
own parser run on the page), so the two compare directly.
"""

from __future__ import annotations

from typing import Any

from . import ast
from .logseq import block_content, block_properties, page_property_entries, pre_block_is_heading
from .refs import block_references, property_references


def page_summary(page: ast.Page, content: bool = True) -> dict[str, Any]:
    blocks = [block_summary(page, block, content) for block in page.blocks]
    return {
        "file": page.path,
        "format": page.format.value,
        "page_properties": {entry.key: entry.value for entry in page_property_entries(page).values()},
        "blocks": blocks,
    }


def block_summary(page: ast.Page, block: ast.Block, content: bool = True) -> dict[str, Any]:
    text = block_content(page, block)
    heading = block.heading
    entries = block_properties(page, block)
    refs = block_references(page, block)
    property_refs = property_references(page, block, entries)
    summary: dict[str, Any] = {
        "index": block.index,
        "line": block.span.line,
        "pre_block": heading is None and not pre_block_is_heading(entries),
        "level": block.level,
        "depth": block.depth,
        "parent": block.parent,
        "heading": heading.size if heading else None,
        "marker": heading.marker if heading else None,
        "priority": heading.priority if heading else None,
        "title": text.split("\n", 1)[0],
        "properties": {entry.key: entry.value for entry in entries.values()},
        "refs": refs.pages,
        "tags": refs.tags,
        "block_refs": refs.blocks,
        "property_refs": property_refs.pages,
        "property_block_refs": property_refs.blocks,
        "macros": refs.macros,
    }
    invalid = [entry.key for entry in entries.values() if not entry.valid]
    if invalid:
        summary["invalid_properties"] = invalid
    if content:
        summary["content"] = text
    return summary
