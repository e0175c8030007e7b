"""References as Logseq extracts them from a block: pages, tags, blocks, macros, and the
pages its property values name.

Follows logseq/logseq ``deps/graph-parser/src/logseq/graph_parser/block.cljs``
(``with-page-refs``, ``get-page-reference``, ``get-block-reference``, ``get-tag``,
``get-page-ref-names-from-properties``) and ``text.cljs`` (``parse-property``,
``extract-refs-from-mldoc-ast``, ``sep-by-comma``). Each reference keeps the node it came
from, so rules can point at it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import TypeAlias, cast

from . import ast
from .inline import VALUE, VALUE_NO_MACROS, InlineScanner, is_uuid
from .logseq import (
    PropertyEntry,
    first_property_drawer,
    identity_key,
    normalize_key,
    property_sources,
    valid_property_name,
)

_BLOCK_REF_TEXT = re.compile(r"\(\(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)\)\Z")
_BRACKETED = re.compile(r"\[\[(.*)\]\]\Z", re.DOTALL)
_FILE_LINK = re.compile(r"\[(.*)\]\(file:.*\)\Z", re.DOTALL)
_ORG_FILE_LINK = re.compile(r"\[\[(file:.*)\]\[.+?\]\]\Z", re.DOTALL)
_COMMA = re.compile(r"[,，]")
_LOCAL_ASSET = re.compile(r"[./]*assets")

# property.cljs: Logseq's built-in properties.
LINKABLE_BUILTIN = frozenset({"alias", "aliases", "tags"})
EDITABLE_BUILTIN = frozenset(
    [
        "title",
        "icon",
        "template",
        "template-including-parent",
        "public",
        "filters",
        "exclude-from-graph-view",
        "logseq.query/nlp-date",
        "macro",
        "filetags",
        "alias",
        "aliases",
        "tags",
        "logseq.color",
        "logseq.table.version",
        "logseq.table.compact",
        "logseq.table.headers",
        "logseq.table.hover",
        "logseq.table.borders",
        "logseq.table.stripes",
        "logseq.table.max-width",
    ]
)
HIDDEN_BUILTIN = frozenset(
    [
        "id",
        "custom-id",
        "background-color",
        "background_color",
        "heading",
        "collapsed",
        "created-at",
        "updated-at",
        "last-modified-at",
        "created_at",
        "last_modified_at",
        "query-table",
        "query-properties",
        "query-sort-by",
        "query-sort-desc",
        "ls-type",
        "hl-type",
        "hl-page",
        "hl-stamp",
        "hl-color",
        "logseq.macro-name",
        "logseq.macro-arguments",
        "logseq.order-list-type",
        "logseq.tldraw.page",
        "logseq.tldraw.shape",
        "todo",
        "doing",
        "now",
        "later",
        "done",
    ]
)
TYPED_BUILTIN = frozenset(
    [
        "template-including-parent",
        "public",
        "exclude-from-graph-view",
        "logseq.query/nlp-date",
        "heading",
        "collapsed",
        "created-at",
        "created_at",
        "updated-at",
        "last-modified-at",
        "last_modified_at",
        "query-table",
        "query-sort-desc",
        "hl-page",
        "hl-stamp",
        "todo",
        "doing",
        "now",
        "later",
        "done",
    ]
)
# Values kept as plain strings (text.cljs parse-property).
UNPARSED_BUILTIN = (HIDDEN_BUILTIN | EDITABLE_BUILTIN) - LINKABLE_BUILTIN - TYPED_BUILTIN
# Keys whose value text is not searched for references (their parsed value still is).
NO_TEXT_REFS_BUILTIN = (EDITABLE_BUILTIN - LINKABLE_BUILTIN) | HIDDEN_BUILTIN


@dataclass
class References:
    """A block's references, each name once (macros: every call), in document order."""

    pages: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    macros: list[str] = field(default_factory=list)

    def add(self, names: list[str], name: str) -> None:
        if name not in names:
            names.append(name)


# ---------------------------------------------------------------------- walking the tree


def _children(node: object) -> Iterable[object]:
    """The nodes inside a node, in document order, as Logseq's walk visits them."""
    if isinstance(node, (ast.Emphasis, ast.NestedLink)):
        return node.children
    if isinstance(node, ast.Link):
        return node.label
    if isinstance(node, ast.Paragraph | ast.Footnote | ast.TableCell):
        return node.inline
    if isinstance(node, ast.Table):
        return [cell for row in node.rows for cell in row]
    if isinstance(node, ast.ListNode):
        return node.items
    if isinstance(node, ast.ListItem):
        # mldoc's list item keeps its content, then nested items, then the term.
        return [*node.body, *node.term]
    if isinstance(node, ast.Container):
        # Logseq skips the inside of #+BEGIN_QUERY blocks.
        return () if node.name == "query" else node.body
    return ()


def counted_body(block: ast.Block) -> list[ast.Body]:
    """The body nodes whose references count: not the property groups (the first is the
    block's properties, later ones are dropped) and not a paragraph that starts with a
    timestamp (Logseq reads it as SCHEDULED/DEADLINE)."""
    return [
        node
        for node in block.body
        if not isinstance(node, ast.PropertyDrawer | ast.Directive) and not _timestamp_paragraph(node)
    ]


def _timestamp_paragraph(node: ast.Body) -> bool:
    return isinstance(node, ast.Paragraph) and any(isinstance(n, ast.Timestamp) for n in node.inline[:2])


def page_ref_unbrackets(text: str) -> str:
    """text.cljs ``page-ref-un-brackets!``: the page a ``[[…]]``-shaped text names."""
    found = _FILE_LINK.match(text)
    if found:
        return found.group(1).strip()
    found = _ORG_FILE_LINK.match(text)
    if found:
        name = found.group(1).replace("+", "/").rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0] if "." in name[1:] else name
        return stem.replace(".", "/")
    found = _BRACKETED.match(text)
    return found.group(1) if found else text


def is_local_asset(path: str) -> bool:
    """Whether a link target is in the graph's assets (config.cljs ``local-asset?``)."""
    return bool(_LOCAL_ASSET.match(path))


def _local_asset_or_drawing(name: str) -> bool:
    return bool(_LOCAL_ASSET.match(name)) or name.startswith("draws")


def page_reference(node: object, org: bool) -> str | None:
    """The page a node references (``get-page-reference``), or None."""
    if isinstance(node, ast.PageRef):
        return None if _local_asset_or_drawing(node.name) else node.name
    if isinstance(node, ast.NestedLink):
        return node.name
    if isinstance(node, ast.Link):
        if node.kind is ast.LinkKind.PAGE:
            return None if _local_asset_or_drawing(node.target) else node.target
        if node.kind is ast.LinkKind.SEARCH:
            if node.target.startswith("[[") and node.target.endswith("]]"):
                return page_ref_unbrackets(node.target)
            if org and not _LOCAL_ASSET.match(node.target):
                return node.target
            return None
        if node.kind is ast.LinkKind.FILE and node.label and isinstance(node.label[0], ast.Text | ast.Code):
            return node.label[0].text
        return None
    if isinstance(node, ast.Macro) and node.name == "embed":
        argument = ", ".join(node.arguments)
        name = page_ref_unbrackets(argument)
        if name == argument:
            return None if _BLOCK_REF_TEXT.match(argument) else argument
        return name
    return None


def block_reference(node: object) -> str | None:
    """The block uuid a node references (``get-block-reference``), or None."""
    target: str | None = None
    if isinstance(node, ast.BlockRef):
        target = node.target
    elif isinstance(node, ast.Macro):
        first = node.arguments[0] if node.arguments else ""
        if node.name == "embed" and first.startswith("((") and first.endswith("))"):
            target = first[2:-2]
    elif isinstance(node, ast.Link):
        if node.kind in (ast.LinkKind.BLOCK, ast.LinkKind.ID):
            target = node.target
        elif node.kind is not ast.LinkKind.URL:
            found = _BLOCK_REF_TEXT.match(node.target)
            target = found.group(1) if found else node.target
    elif isinstance(node, ast.PageRef):
        found = _BLOCK_REF_TEXT.match(node.name)
        target = found.group(1) if found else node.name
    return target if target is not None and is_uuid(target) else None


def _block_ref_text(node: object) -> str | None:
    """The text of a ``((text))`` or ``{{embed ((text))}}``, whatever the text is."""
    if isinstance(node, ast.BlockRef):
        return node.target
    if isinstance(node, ast.Macro) and node.name == "embed" and node.arguments:
        first = node.arguments[0]
        if first.startswith("((") and first.endswith("))"):
            return first[2:-2]
    return None


def _file_target(node: object) -> str | None:
    """The path of a link that names a file: a file link, a search link (where Logseq looks
    for local assets), a ``[[…]]`` to an asset."""
    if isinstance(node, ast.Link) and node.kind in (ast.LinkKind.FILE, ast.LinkKind.SEARCH):
        return node.target
    if isinstance(node, ast.PageRef) and _LOCAL_ASSET.match(node.name):
        return node.name
    return None


class RefKind(StrEnum):
    """What a reference in a block's text points at."""

    PAGE = "page"  # [[page]], [label]([[page]]), {{embed [[page]]}}, a file link's label
    TAG = "tag"  # #tag, #[[tag]]
    BLOCK = "block"  # ((uuid)), {{embed ((uuid))}}, [label](((uuid)))
    NOT_UUID = "not-uuid"  # ((text)) whose text is no uuid: Logseq ignores it
    MACRO = "macro"  # {{name …}}
    FILE = "file"  # a link to a file or an asset: [x](../assets/a.png), [[../assets/a.pdf]]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One reference where it is written: what it points at, and the node holding it."""

    kind: RefKind
    target: str
    node: ast.Inline


def occurrences(nodes: Iterable[object], org: bool, tag_name: str | None = None) -> Iterator[Occurrence]:
    """Every reference in the nodes, in document order, as Logseq's walk finds them
    (``with-page-refs``): a page named by a tag's own link is the tag, not a page ref."""
    for node in nodes:
        if type(node) in ast.INERT:
            continue
        if isinstance(node, ast.Tag):
            if node.name.strip():
                yield Occurrence(RefKind.TAG, node.name, node)
            yield from occurrences(node.parts, org, node.name)
            continue
        inline = cast(ast.Inline, node)  # only inline nodes hold references
        name = page_reference(node, org)
        if name is not None and name.strip() and name != tag_name and not _BLOCK_REF_TEXT.match(name):
            yield Occurrence(RefKind.PAGE, name, inline)
        uuid = block_reference(node)
        if uuid:
            yield Occurrence(RefKind.BLOCK, uuid, inline)
        elif (text := _block_ref_text(node)) is not None:
            yield Occurrence(RefKind.NOT_UUID, text, inline)
        if isinstance(node, ast.Macro):
            yield Occurrence(RefKind.MACRO, node.name, inline)
        elif (path := _file_target(node)) is not None:
            yield Occurrence(RefKind.FILE, path, inline)
        yield from occurrences(_children(node), org, tag_name)


def text_occurrences(page: ast.Page, block: ast.Block) -> tuple[Occurrence, ...]:
    """The references in a block's own text (its title and counted body)."""

    def find() -> tuple[Occurrence, ...]:
        title = block.heading.title if block.heading else ()
        return tuple(occurrences([*title, *counted_body(block)], page.format is ast.Format.ORG))

    return page.memoized(("occurrences", block.index), find)


def block_references(page: ast.Page, block: ast.Block) -> References:
    """The pages, tags, blocks and macros a block's own text references."""
    refs = References()
    lists = {RefKind.PAGE: refs.pages, RefKind.TAG: refs.tags, RefKind.BLOCK: refs.blocks}
    for found in text_occurrences(page, block):
        if found.kind is RefKind.MACRO:
            refs.macros.append(found.target)
        elif found.kind in lists:
            refs.add(lists[found.kind], found.target)
    if page.format is ast.Format.ORG and block.heading is not None:
        for tag in headline_tags(block.heading):
            refs.add(refs.tags, tag)
    return refs


_HEADLINE_TAGS = re.compile(r":(?:[^:\s]+:)+\Z")


def headline_tags(heading: ast.Heading) -> list[str]:
    """Org headline tags ``:a:b:`` at the end of the title (heading0.ml)."""
    if not heading.title or not isinstance(heading.title[-1], ast.Text):
        return []
    text = heading.title[-1].text.strip(" \t\n\r\x0c")
    if len(text) <= 1 or not text.endswith(":"):
        return []
    candidate = text.rsplit(" ", 1)[-1]
    if not _HEADLINE_TAGS.match(candidate):
        return []
    return [tag for tag in candidate[1:-1].split(":") if tag.strip(" \t\x1a\x0c")]


# ---------------------------------------------------------------------- property values


def _value_nodes(scanner: InlineScanner, value: str, mode: str) -> tuple[ast.Inline, ...]:
    return _parsed_value(scanner.org, value, mode)


@lru_cache(maxsize=4096)
def _parsed_value(org: bool, value: str, mode: str) -> tuple[ast.Inline, ...]:
    """A value read on its own (its nodes are immutable and positioned in the value, so
    they are shared: property values repeat across blocks and pages, and each is read for
    its text references, its reference list and its block references)."""
    from .parser import inline_nodes

    return inline_nodes(InlineScanner(org), value, mode)


def _reference_list(scanner: InlineScanner, source: ast.Property | ast.Directive) -> list[ast.Inline]:
    """mldoc's reference list for a property value: the top-level tags and links of the
    value parsed without macros; nothing for an empty or quoted value, nor for a
    ``#+key: value`` line glued to a property group (mldoc does not compute one)."""
    value = source.value
    if isinstance(source, ast.Property) and source.syntax is ast.PropertySyntax.DIRECTIVE:
        return []
    if not value or (value.startswith('"') and value.endswith('"')):
        return []
    return [
        node
        for node in _value_nodes(scanner, value, VALUE_NO_MACROS)
        if isinstance(node, ast.Tag | ast.Link | ast.NestedLink | ast.PageRef | ast.BlockRef)
    ]


def _is_ast_link(node: ast.Inline) -> bool:
    """mldoc.cljc ``ast-link?``: links to URLs, files and searches, and page refs to assets."""
    if isinstance(node, ast.Link):
        return node.kind not in (ast.LinkKind.PAGE, ast.LinkKind.BLOCK) or _local_asset_or_drawing(node.target)
    if isinstance(node, ast.PageRef):
        return _local_asset_or_drawing(node.name)
    return False


def _ref_from_node(node: ast.Inline) -> str | None:
    """text.cljs ``get-ref-from-ast``."""
    if isinstance(node, ast.PageRef):
        return node.name
    if isinstance(node, ast.Link):
        return node.target if node.kind in (ast.LinkKind.PAGE, ast.LinkKind.SEARCH) else None
    if isinstance(node, ast.NestedLink):
        found = _BRACKETED.match("[[" + node.name + "]]")
        return found.group(1) if found else None
    if isinstance(node, ast.Tag) and node.parts:
        first = node.parts[0]
        if isinstance(first, ast.Text):
            return first.text
        return _ref_from_node(first)
    return None


def _refs_from_nodes(nodes: Iterable[ast.Inline]) -> list[str]:
    """text.cljs ``extract-refs-from-mldoc-ast`` over top-level nodes."""
    out: list[str] = []
    for node in nodes:
        if _is_ast_link(node):
            continue
        name = _ref_from_node(node)
        if name is not None and name.strip() not in out:
            out.append(name.strip())
    return out


def _comma_words(scanner: InlineScanner, value: str) -> list[str]:
    """For ``alias``/``tags``: each comma-separated word of the value's plain text, when the
    value reads as a paragraph."""
    from .parser import paragraph_text_nodes

    words: list[str] = []
    for text in paragraph_text_nodes(value, scanner.org):
        words.extend(part.strip() for part in _COMMA.split(text) if part.strip())
    return words


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """A property value as Logseq stores it: a set of page names, or a scalar."""

    refs: tuple[str, ...] | None
    scalar: str | bool | int | None


def parse_property_value(
    scanner: InlineScanner,
    key: str,
    source: ast.Property | ast.Directive,
    comma_keys: frozenset[str] = LINKABLE_BUILTIN,
) -> ParsedValue:
    """text.cljs ``parse-property`` for a normalized key; the values of ``comma_keys`` (alias,
    tags and config.edn's ``:property/separated-by-commas``) are also split on commas."""
    raw = source.value
    value = raw.strip()
    if key in UNPARSED_BUILTIN or (len(value) >= 2 and value.startswith('"') and value.endswith('"')):
        return ParsedValue(None, value)
    refs = _refs_from_nodes(_reference_list(scanner, source))
    if key in comma_keys:
        for word in _comma_words(scanner, value):
            if word not in refs:
                refs.append(word)
    if refs:
        return ParsedValue(tuple(refs), None)
    if value == "true":
        return ParsedValue(None, True)
    if value == "false":
        return ParsedValue(None, False)
    if value.isascii() and value.isdigit():
        return ParsedValue(None, int(value))
    return ParsedValue(None, value)


def _text_refs(scanner: InlineScanner, value: str) -> list[str]:
    if value.startswith('"') and value.endswith('"'):
        return []
    return _refs_from_nodes(_value_nodes(scanner, value, VALUE)) if value.strip() else []


Source: TypeAlias = "ast.Property | ast.Directive"


def property_references(page: ast.Page, block: ast.Block, entries: dict[str, PropertyEntry]) -> References:
    """The pages and blocks a block's property values reference
    (``get-page-ref-names-from-properties``)."""
    refs = References()
    for name, _ in property_page_names(page, block, entries):
        refs.add(refs.pages, name)
    for uuid, _ in property_block_refs(page, block, entries):
        refs.add(refs.blocks, uuid)
    return refs


def property_page_names(
    page: ast.Page,
    block: ast.Block,
    entries: dict[str, PropertyEntry],
    comma_keys: frozenset[str] = LINKABLE_BUILTIN,
) -> list[tuple[str, Source]]:
    """The pages a block's property values name, each with the line that names it."""
    scanner = InlineScanner(page.format is ast.Format.ORG)
    names: list[tuple[str, Source]] = []
    if block.is_pre_block:
        # Logseq reads the pre-block's property map: the surviving entries, as Markdown.
        markdown = InlineScanner(False)
        for key, entry in entries.items():
            if not entry.valid:
                continue
            source = entry.sources[-1]
            parsed = parse_property_value(scanner, normalize_key(entry.key), source, comma_keys)
            if parsed.refs is not None:
                names.extend((name, source) for name in parsed.refs)
            elif isinstance(parsed.scalar, str) and key not in NO_TEXT_REFS_BUILTIN:
                names.extend((name, source) for name in _text_refs(markdown, parsed.scalar))
    else:
        for prop in _valid_properties(block):
            key = normalize_key(prop.key)
            if identity_key(prop.key) not in NO_TEXT_REFS_BUILTIN:
                names.extend((name, prop) for name in _text_refs(scanner, prop.value))
            parsed = parse_property_value(scanner, key, prop, comma_keys)
            if parsed.refs is not None:
                names.extend((name, prop) for name in parsed.refs)
    unique: dict[tuple[str, int], tuple[str, Source]] = {}
    for name, source in names:
        if name.strip():
            unique.setdefault((name, id(source)), (name, source))
    return list(unique.values())


def property_block_refs(
    page: ast.Page, block: ast.Block, entries: dict[str, PropertyEntry]
) -> list[tuple[str, Source]]:
    """The block uuids a block's property values reference, each with its line."""
    scanner = InlineScanner(page.format is ast.Format.ORG)
    if block.is_pre_block:
        sources: list[Source] = [
            source for source in property_sources(page, block) if entries[identity_key(source.key)].valid
        ]
    else:
        sources = list(_valid_properties(block))
    return [
        (uuid, source)
        for source in sources
        for node in _reference_list(scanner, source)
        for uuid in _block_refs_deep(node)
    ]


def _valid_properties(block: ast.Block) -> Iterator[ast.Property]:
    drawer = first_property_drawer(block.body)
    for prop in drawer.properties if drawer else ():
        if valid_property_name(normalize_key(prop.key)):
            yield prop


def _block_refs_deep(node: object) -> Iterator[str]:
    uuid = block_reference(node)
    if uuid:
        yield uuid
    for child in (*_children(node), *(node.parts if isinstance(node, ast.Tag) else ())):
        yield from _block_refs_deep(child)
