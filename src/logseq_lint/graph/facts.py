"""What one page file contributes to the graph: its title and aliases, its block ids, and
every reference and asset link it holds, each with its place in the file.

These facts are all the graph rules need from a page, so a page is parsed once and its
facts are the unit a cache can keep (plain values, no syntax tree).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple
from urllib.parse import unquote

from ..diagnostics import Diagnostic
from ..syntax import ast
from ..syntax.inline import InlineScanner, is_uuid
from ..syntax.logseq import (
    PropertyEntry,
    block_properties,
    first_property_drawer,
    page_property_entries,
    pre_block_is_heading,
    top_level_directives,
)
from ..syntax.refs import (
    EDITABLE_BUILTIN,
    HIDDEN_BUILTIN,
    LINKABLE_BUILTIN,
    Occurrence,
    RefKind,
    Source,
    is_local_asset,
    occurrences,
    parse_property_value,
    property_block_refs,
    property_page_names,
    text_occurrences,
)
from ..syntax.source import TextRange
from .config import GraphConfig
from .journal import journal_title
from .names import file_page_name, namespace_parents, page_key

# Property names that never become pages (get-page-refs-from-property-names).
_NO_PROPERTY_PAGE = (EDITABLE_BUILTIN - LINKABLE_BUILTIN) | HIDDEN_BUILTIN


class Via(StrEnum):
    """How a reference is written."""

    LINK = "link"  # [[page]], ((uuid)), [label]([[page]]), a file link's label
    TAG = "tag"  # #tag
    EMBED = "embed"  # {{embed [[page]]}}, {{embed ((uuid))}}
    PROPERTY = "property"  # a property value
    WHITEBOARD = "whiteboard"  # a shape of a whiteboard


# The records below are named tuples: a page has dozens, made, pickled and unpickled each
# time it is read (a dataclass costs several times more on each step).


class Reference(NamedTuple):
    """A reference to a page or a block, where it is written. ``name_range`` is where the
    target's text itself is, when it is written there once (what a fix may replace)."""

    kind: RefKind
    via: Via
    target: str
    range: TextRange
    name_range: TextRange | None


class BlockId(NamedTuple):
    """An ``id::`` property: its value as written, the uuid Logseq reads from it (lower
    case) or None, where the value is, and the whole property line."""

    value: str
    uuid: str | None
    range: TextRange
    line_range: TextRange
    block_line: int


class FileLink(NamedTuple):
    """A link to a file in the graph (an asset, or a file linked by path): the target as
    written and the graph-relative path it names."""

    target: str
    path: str
    range: TextRange


class PageAlias(NamedTuple):
    name: str
    range: TextRange


# The property that silences findings: in a block, for the block and its children; in the
# page properties, for the whole page. Its value names rules: codes, prefixes, names, ALL.
SUPPRESSION_KEY = "lint-ignore"
_SELECTOR = re.compile(r"[^,\s]+")


@dataclass(frozen=True, slots=True)
class Suppression:
    """A ``lint-ignore::`` property: the rule selectors it holds (as written, with where),
    the lines it covers, where its value is, and its whole line (None when that line also
    holds the block's bullet, so that removing it would remove the block)."""

    selectors: tuple[tuple[str, TextRange], ...]
    first_line: int
    last_line: int
    value_range: TextRange
    line_range: TextRange | None

    def covers(self, line: int) -> bool:
        return self.first_line <= line <= self.last_line


@dataclass(frozen=True)
class PageFacts:
    """The facts of one page file (``relative`` is its graph-relative path)."""

    relative: str
    digest: str  # of the file's bytes, to write it only if it has not changed since
    title: str | None
    aliases: tuple[PageAlias, ...]
    ids: tuple[BlockId, ...]
    references: tuple[Reference, ...]
    property_keys: frozenset[str]
    file_links: tuple[FileLink, ...]
    findings: tuple[Diagnostic, ...] = ()  # of the rules that look at one page
    suppressions: tuple[Suppression, ...] = ()


class PageSummary(NamedTuple):  # a named tuple: thousands are read from the cache per run
    """What the rest of the graph needs to know of a page file without its details: its
    names, its ids, and what it points at (each target once). A check of a few files
    indexes the whole graph from summaries and reads the details of only the files whose
    findings it reports."""

    relative: str
    title: str | None
    name: str  # the page's name as Logseq shows it (from the title or the file name)
    key: str  # the name as Logseq compares it
    journal_day: date | None
    aliases: tuple[str, ...]
    ids: tuple[str | None, ...]  # each id::'s uuid (None when it is not one), in order
    property_keys: frozenset[str]
    # Lists of names, each kept as one string of lines: a run reads thousands of summaries,
    # and one string reads much faster than a tuple of twenty.
    pages: Lines  # targets of page references and tags, as written, each time it is
    blocks: Lines  # targets of block references, lower-cased
    links: Lines  # the graph paths that file links name
    namespaces: Lines  # keys of the namespace pages its names imply (``a/b/c``: ``a``, ``a/b``)

    @property
    def page_targets(self) -> tuple[str, ...]:
        return _split(self.pages)

    @property
    def block_targets(self) -> tuple[str, ...]:
        return _split(self.blocks)

    @property
    def file_paths(self) -> tuple[str, ...]:
        return _split(self.links)


# Names joined by line breaks; a tuple for the (never seen) list with a name that has one.
Lines = str | tuple[str, ...]


def _join(names: Iterable[str], distinct: bool = True) -> Lines:
    kept = tuple(dict.fromkeys(names) if distinct else names)
    return kept if any("\n" in name for name in kept) else "\n".join(kept)


def _split(lines: Lines) -> tuple[str, ...]:
    if isinstance(lines, tuple):
        return lines
    return tuple(lines.split("\n")) if lines else ()


def all_names(lists: Iterable[Lines]) -> set[str]:
    """Every name in many summaries' lists, each once (the strings are joined and split in
    one go: a graph holds thousands)."""
    names: set[str] = set()
    joined = []
    for lines in lists:
        if isinstance(lines, tuple):
            names.update(lines)
        elif lines:
            joined.append(lines)
    if joined:
        names.update("\n".join(joined).split("\n"))
    return names


def summarize(facts: PageFacts, config: GraphConfig) -> PageSummary:
    name, day = journal_title(
        facts.title or file_page_name(facts.relative, config.name_format), config.journal_title_format
    )
    aliases = tuple(alias.name for alias in facts.aliases)
    page_targets = [ref.target for ref in facts.references if ref.kind in (RefKind.PAGE, RefKind.TAG)]
    return PageSummary(
        relative=facts.relative,
        title=facts.title,
        name=name,
        key=page_key(name),
        journal_day=day,
        aliases=aliases,
        ids=tuple(block_id.uuid for block_id in facts.ids),
        property_keys=facts.property_keys,
        pages=_join(page_targets, distinct=False),
        blocks=_join(ref.target.lower() for ref in facts.references if ref.kind is RefKind.BLOCK),
        links=_join(link.path for link in facts.file_links),
        namespaces=_join(
            page_key(parent) for name in {name, *aliases, *page_targets} for parent in namespace_parents(name)
        ),
    )


def page_facts(
    page: ast.Page, relative: str, config: GraphConfig, digest: str = "", findings: tuple[Diagnostic, ...] = ()
) -> PageFacts:
    """Gather a parsed page's facts."""
    comma_keys = LINKABLE_BUILTIN | config.separated_by_commas
    ids: list[BlockId] = []
    suppressions: list[Suppression] = []
    references: list[Reference] = []
    file_links: list[FileLink] = []
    property_keys: set[str] = set()
    org = page.format is ast.Format.ORG
    for block in page.blocks:
        entries = block_properties(page, block)
        block_id = _block_id(page, block, entries)
        if block_id is not None:
            ids.append(block_id)
        suppression = _suppression(page, block, entries)
        if suppression is not None:
            suppressions.append(suppression)
        for found in text_occurrences(page, block):
            span = found.node.span
            if found.kind is RefKind.FILE:
                file_links.extend(_file_link(page, relative, found))
            elif found.kind is not RefKind.MACRO:
                via = _via(found.node, found.kind)
                references.append(_reference(page, found.kind, via, found.target, span.start, span.end))
        drawer = first_property_drawer(block.body)
        for prop in drawer.properties if drawer else ():
            for found in occurrences(prop.inline, org):
                if found.kind is RefKind.FILE:
                    file_links.extend(_file_link(page, relative, found))
        for name, source in property_page_names(page, block, entries, comma_keys):
            references.append(_in_property(page, RefKind.PAGE, name, source))
        for uuid, source in property_block_refs(page, block, entries):
            references.append(_in_property(page, RefKind.BLOCK, uuid, source))
        property_keys.update(
            key for key, entry in entries.items() if entry.valid and key not in _NO_PROPERTY_PAGE and key.strip()
        )
    return PageFacts(
        relative=relative,
        digest=digest,
        title=page_title(page),
        aliases=_aliases(page),
        ids=tuple(ids),
        references=tuple(references),
        property_keys=frozenset(property_keys),
        file_links=tuple(file_links),
        findings=findings,
        suppressions=tuple(suppressions),
    )


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def file_link_path(target: str, relative: str) -> str | None:
    """The graph-relative path a link names: an asset (``../assets/x.png``, ``assets/x``)
    is found from the graph root whatever ``..`` lead it, as Logseq finds it; another file
    from the page's folder. None for URLs, absolute paths and paths out of the graph."""
    path = target.removeprefix("file:")
    if _SCHEME.match(path) or path.startswith(("/", "~", "\\")):
        return None
    if _ESCAPE.search(path):
        path = unquote(path)
    if is_local_asset(path):
        return path.lstrip("./")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(relative), path))
    return None if joined == ".." or joined.startswith("../") else joined


def _file_link(page: ast.Page, relative: str, found: Occurrence) -> list[FileLink]:
    """The link as a file link, when it names a file: a file link, or an asset."""
    node = found.node
    named_file = isinstance(node, ast.Link) and (node.kind is ast.LinkKind.FILE or found.target.startswith("file:"))
    if not named_file and not is_local_asset(found.target):
        return []
    path = file_link_path(found.target, relative)
    if path is None:
        return []
    return [FileLink(found.target, path, page.lines.range(node.span.start, node.span.end))]


def page_title(page: ast.Page) -> str | None:
    """The ``title::`` that names the page (extract.cljc ``get-page-name``): only from the
    properties that open the file (front matter, ``#+TITLE:`` directives, or a property
    group on the first line), key compared case-insensitively, last one winning."""
    sources: list[ast.Directive | ast.Property] = [*(page.front_matter or ()), *top_level_directives(page)]
    if not sources and page.blocks and page.blocks[0].is_pre_block:
        body = page.blocks[0].body
        if body and isinstance(body[0], ast.PropertyDrawer):
            sources = list(body[0].properties)
    title = None
    for source in sources:
        if source.key.lower() == "title":
            title = source.value
    return title if title and title.strip() else None


def _aliases(page: ast.Page) -> tuple[PageAlias, ...]:
    entry = page_property_entries(page).get("alias")
    if entry is None or not entry.valid:
        return ()
    source = entry.sources[-1]
    parsed = parse_property_value(InlineScanner(page.format is ast.Format.ORG), "alias", source)
    names = parsed.refs or ()
    return tuple(PageAlias(name, _locate(page, source, name)[0]) for name in names)


def _block_id(page: ast.Page, block: ast.Block, entries: dict[str, PropertyEntry]) -> BlockId | None:
    entry = entries.get("id")
    if entry is None or not entry.valid:
        return None
    source = entry.sources[-1]
    value = source.value.strip()
    value_range = _locate(page, source, value)[0] if value else _value_range(page, source)
    line_end = page.text.find("\n", source.span.start)
    line_end = len(page.text) if line_end < 0 else line_end + 1
    line_start = page.text.rfind("\n", 0, source.span.start) + 1
    return BlockId(
        value=value,
        uuid=value.lower() if is_uuid(value) else None,
        range=value_range,
        line_range=page.lines.range(line_start, line_end),
        block_line=block.span.line,
    )


def _suppression(page: ast.Page, block: ast.Block, entries: dict[str, PropertyEntry]) -> Suppression | None:
    entry = entries.get(SUPPRESSION_KEY)
    if entry is None or not entry.valid:
        return None
    source = entry.sources[-1]
    value = _locate(page, source, source.value.strip())[0]
    selectors = tuple(
        (found.group(), page.lines.range(found.start(), found.end()))
        for found in _SELECTOR.finditer(page.text, value.start, value.end)
    )
    line_start = page.text.rfind("\n", 0, source.span.start) + 1
    line_end = page.text.find("\n", source.span.start)
    line_end = len(page.text) if line_end < 0 else line_end + 1
    own_line = block.is_pre_block or page.lines.position(line_start)[0] != block.span.line
    line_range = page.lines.range(line_start, line_end) if own_line else None
    if block.is_pre_block and not pre_block_is_heading(entries):  # the page's properties
        return Suppression(selectors, 1, page.lines.position(len(page.text))[0], value, line_range)
    last = block
    for later in page.blocks[block.index + 1 :]:
        if later.depth <= block.depth:
            break
        last = later
    last_line = page.lines.position(max(last.span.start, last.span.end - 1))[0]
    return Suppression(selectors, block.span.line, last_line, value, line_range)


def _via(node: object, kind: RefKind) -> Via:
    if kind is RefKind.TAG:
        return Via.TAG
    if isinstance(node, ast.Macro):
        return Via.EMBED
    return Via.LINK


def _reference(page: ast.Page, kind: RefKind, via: Via, target: str, start: int, end: int) -> Reference:
    written = page.text[start:end]
    at = written.find(target)
    once = at >= 0 and written.find(target, at + 1) < 0
    name_range = page.lines.range(start + at, start + at + len(target)) if once and target else None
    return Reference(kind, via, target, page.lines.range(start, end), name_range)


def _value_range(page: ast.Page, source: Source) -> TextRange:
    span = source.value_span if isinstance(source, ast.Property) else source.span
    return page.lines.range(span.start, span.end)


def _locate(page: ast.Page, source: Source, text: str) -> tuple[TextRange, bool]:
    """Where ``text`` is written in a property's value (the whole value when it is not
    written there as such), and whether it was found."""
    value = _value_range(page, source)
    at = page.text.find(text, value.start, value.end) if text else -1
    if at < 0:
        return value, False
    return page.lines.range(at, at + len(text)), True


def _in_property(page: ast.Page, kind: RefKind, target: str, source: Source) -> Reference:
    where, found = _locate(page, source, target)
    return Reference(kind, Via.PROPERTY, target, where, where if found else None)
