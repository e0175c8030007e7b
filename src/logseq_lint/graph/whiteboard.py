"""Whiteboards (``whiteboards/*.edn``): the page, block ids and references they hold.

Logseq reads a whiteboard as EDN, not as Markdown (graph-parser ``extract.cljc``
``extract-whiteboard-edn``, ``whiteboard.cljs``): the page is the first of ``:pages``
(named by ``:block/original-name`` or ``:block/name``); each shape is a block whose uuid is
the shape's ``:id``; a ``logseq-portal`` shape references the block (``:blockType "B"``)
or page (``"P"``) in ``:pageId``, and a shape's ``:refs`` hold uuids or page names. Shape
text is never parsed, so ``((uuid))`` typed in a text shape is no reference.
"""

from __future__ import annotations

import uuid as uuids
from collections.abc import Mapping
from typing import Any

from ..syntax.inline import is_uuid
from ..syntax.refs import RefKind, is_local_asset
from ..syntax.source import LineTable, TextRange
from .facts import BlockId, FileLink, PageFacts, Reference, Via


class WhiteboardError(ValueError):
    """A whiteboard file that is not the EDN Logseq writes."""


def _get(mapping: Any, key: str) -> Any:
    from edn_format import Keyword  # imported when a whiteboard is read, not before

    return mapping.get(Keyword(key)) if isinstance(mapping, Mapping) else None


class _Strings:
    """Finds each quoted string of the file in turn, to place what the EDN reader gives
    without positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineTable.of(text)
        self.seen: dict[str, int] = {}

    def range(self, value: str) -> TextRange:
        quoted = f'"{value}"'
        at = self.text.find(quoted, self.seen.get(value, 0))
        if at < 0:
            at = self.text.find(quoted)
        if at < 0:
            return self.lines.range(0, 0)
        self.seen[value] = at + len(quoted)
        return self.lines.range(at + 1, at + 1 + len(value))


def whiteboard_facts(text: str, relative: str, digest: str = "") -> PageFacts:
    """The facts of a whiteboard file."""
    try:
        import edn_format

        data = edn_format.loads(text)
    except Exception as error:  # edn_format raises several types for bad input
        raise WhiteboardError(f"not valid EDN: {error}") from None
    if not isinstance(data, Mapping):
        raise WhiteboardError("not an EDN map with :blocks and :pages")
    strings = _Strings(text)
    pages = _get(data, "pages") or ()
    page = next(iter(pages), None)
    title = _get(page, "block/original-name") or _get(page, "block/name")
    ids: list[BlockId] = []
    references: list[Reference] = []
    for block in _get(data, "blocks") or ():
        shape = _get(_get(block, "block/properties"), "logseq.tldraw.shape")
        if isinstance(shape, Mapping):
            ids.extend(_shape_id(shape, strings))
            references.extend(_shape_references(shape, strings))
        else:
            ids.extend(_block_uuid(block, strings))
    file_links = [
        FileLink(src, src.lstrip("./"), strings.range(src))
        for asset in _get(_get(_get(page, "block/properties"), "logseq.tldraw.page"), "assets") or ()
        if isinstance(src := _get(asset, "src"), str) and is_local_asset(src)
    ]
    return PageFacts(
        relative=relative,
        digest=digest,
        title=title if isinstance(title, str) else None,
        aliases=(),
        ids=tuple(ids),
        references=tuple(references),
        property_keys=frozenset(),
        file_links=tuple(file_links),
    )


def _block_id(value: str, strings: _Strings) -> BlockId:
    where = strings.range(value)
    return BlockId(value, value.lower() if is_uuid(value) else None, where, where, where.line)


def _shape_id(shape: Mapping[Any, Any], strings: _Strings) -> list[BlockId]:
    value = _get(shape, "id")
    return [_block_id(value, strings)] if isinstance(value, str) else []


def _block_uuid(block: Any, strings: _Strings) -> list[BlockId]:
    value = _get(block, "block/uuid")
    if isinstance(value, uuids.UUID):
        value = str(value)
    return [_block_id(value, strings)] if isinstance(value, str) else []


def _shape_references(shape: Mapping[Any, Any], strings: _Strings) -> list[Reference]:
    targets: list[tuple[RefKind, str]] = []
    target = _get(shape, "pageId")
    if _get(shape, "type") == "logseq-portal" and isinstance(target, str):
        targets.append((RefKind.PAGE if _get(shape, "blockType") == "P" else RefKind.BLOCK, target))
    for ref in _get(shape, "refs") or ():
        if isinstance(ref, str):
            targets.append((RefKind.BLOCK if is_uuid(ref) else RefKind.PAGE, ref))
    references = []
    for kind, value in targets:
        where = strings.range(value)
        references.append(
            Reference(kind, Via.WHITEBOARD, value.lower() if kind is RefKind.BLOCK else value, where, where)
        )
    return references
