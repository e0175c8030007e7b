"""What Logseq's graph parser makes of a parsed page: block content, titles, properties.

These are the steps logseq/logseq ``deps/graph-parser`` takes between mldoc's AST and the
blocks it stores (``block.cljs`` ``extract-blocks``, ``get-block-content``,
``extract-properties``; ``mldoc.cljc`` ``remove-indentation-spaces``;
``property.cljs`` ``valid-property-name?``), so that rules see blocks as Logseq does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import ast
from .chars import JS_WHITESPACE

_JS_WS = re.escape(JS_WHITESPACE)
_BULLET_PREFIX = {  # by ast.Format's values (a StrEnum: its members find them)
    "markdown": re.compile(rf"-+[{_JS_WS}]?"),
    "org": re.compile(rf"\*+[{_JS_WS}]?"),
}
_LINE_SPLIT = re.compile(r"\r?\n")

# util.cljc valid-edn-keyword? and property.cljs valid-property-name?: what a key may not hold.
_INVALID_KEY_CHARS = re.compile(rf"[\"|^(){{}}{_JS_WS},;@~`\\\[\]]")


def block_content(page: ast.Page, block: ast.Block) -> str:
    """The block's content as Logseq stores it: its source without the bullet and without
    the continuation indentation, trailing whitespace removed (``get-block-content``)."""
    raw = page.text[block.span.start : block.span.end]
    if block.heading is not None:
        raw = _remove_level_spaces(raw, page.format)
        if page.format is ast.Format.MARKDOWN:
            raw = remove_indentation(raw, block.level + 1)
    return raw.rstrip(JS_WHITESPACE)


def block_title(page: ast.Page, block: ast.Block) -> str:
    """The first line of the block's content."""
    return block_content(page, block).split("\n", 1)[0]


def _remove_level_spaces(text: str, fmt: ast.Format) -> str:
    """text.cljs ``remove-level-spaces``: drop the bullet (``-`` or Org stars) and one space."""
    if not text.strip(JS_WHITESPACE):
        return ""
    if fmt is ast.Format.MARKDOWN and text.startswith("---"):
        return text
    text = text.lstrip(JS_WHITESPACE)
    found = _BULLET_PREFIX[fmt].match(text)
    return text[found.end() :] if found else text


def remove_indentation(text: str, width: int) -> str:
    """mldoc.cljc ``remove-indentation-spaces``: a continuation line loses its first
    ``width`` characters when they are all blank, else all its leading whitespace."""
    lines = _LINE_SPLIT.split(text)
    out = [lines[0]]
    for line in lines[1:]:
        if not line[:width].strip(JS_WHITESPACE):
            out.append(line[width:])
        else:
            out.append(line.lstrip(JS_WHITESPACE))
    return "\n".join(out)


# ---------------------------------------------------------------------- properties


def normalize_key(key: str) -> str:
    """How Logseq compares property keys: lower-cased, spaces and ``_`` as ``-``."""
    return key.lower().replace(" ", "-").replace("_", "-")


def identity_key(key: str) -> str:
    """The key a property is stored under: ``custom-id`` is ``id``."""
    normalized = normalize_key(key)
    return "id" if normalized == "custom-id" else normalized


def valid_property_name(key: str) -> bool:
    """Whether Logseq keeps a (normalized) property key (``valid-property-name?``): it must
    read as an EDN keyword and hold none of ``" | ^ ( ) { }``, nor start with ``#``."""
    if not key or key.startswith((":", "#")) or _INVALID_KEY_CHARS.search(key):
        return False
    if key.endswith("/") and key != "/":
        return False
    return "//" not in key


def first_property_drawer(body: tuple[ast.Body, ...]) -> ast.PropertyDrawer | None:
    """A block's properties are its first property group, wherever it is in the body."""
    for node in body:
        if isinstance(node, ast.PropertyDrawer):
            return node
    return None


@dataclass(frozen=True, slots=True)
class PropertyEntry:
    """One property as Logseq stores it: the key as last written, its value, whether the
    key is valid, and every line that wrote it (a later duplicate overrides an earlier one)."""

    key: str
    value: str
    valid: bool
    sources: tuple[ast.Property | ast.Directive, ...]


def property_map(properties: list[tuple[str, str, ast.Property | ast.Directive]]) -> dict[str, PropertyEntry]:
    """Logseq builds a map: keys compared as it compares them; the first one's place, the
    last one's spelling and value."""
    entries: dict[str, PropertyEntry] = {}
    for key, value, source in properties:
        ident = identity_key(key)
        previous = entries.get(ident)
        sources = (previous.sources if previous else ()) + (source,)
        entries[ident] = PropertyEntry(key, value, valid_property_name(normalize_key(key)), sources)
    return entries


def top_level_directives(page: ast.Page) -> list[ast.Directive]:
    """Every ``#+KEY: value`` line outside quotes and lists, front matter included, in page
    order: Logseq gathers them into the page's properties (mldoc.cljc
    ``collect-page-properties``)."""

    def gather() -> list[ast.Directive]:
        return [node for block in page.blocks for node in block.body if isinstance(node, ast.Directive)]

    return page.memoized("directives", gather)


def property_sources(page: ast.Page, block: ast.Block) -> list[ast.Property | ast.Directive]:
    """The lines that make a block's properties: its first property group. For the
    pre-block, the page's directives when there are any (Logseq moves them to the top)."""
    if block.is_pre_block:
        directives = top_level_directives(page)
        if directives:
            return list(directives)
    drawer = first_property_drawer(block.body)
    return list(drawer.properties) if drawer else []


def block_properties(page: ast.Page, block: ast.Block) -> dict[str, PropertyEntry]:
    """The block's properties, as Logseq stores them."""
    return page.memoized(
        ("properties", block.index),
        lambda: property_map([(source.key, source.value, source) for source in property_sources(page, block)]),
    )


def pre_block_is_heading(entries: dict[str, PropertyEntry]) -> bool:
    """A pre-block with a truthy ``heading`` property is an ordinary block for Logseq
    (``with-pre-block-if-exists``): anything but exactly ``false`` is truthy."""
    entry = entries.get("heading")
    return entry is not None and entry.valid and entry.value.strip() != "false"


def page_property_entries(page: ast.Page) -> dict[str, PropertyEntry]:
    """The page's properties (extract.cljc ``extract-pages-and-blocks``): the pre-block's,
    else those of a property group or directives at the very top, keys compared lower-cased."""
    if not page.blocks:
        return {}
    first = page.blocks[0]
    if first.is_pre_block:
        entries = block_properties(page, first)
        if not pre_block_is_heading(entries):
            return entries
    directives = top_level_directives(page)
    if directives:
        sources: list[ast.Directive | ast.Property] = list(directives)
    elif first.is_pre_block and first.body and isinstance(first.body[0], ast.PropertyDrawer):
        sources = list(first.body[0].properties)
    else:
        return {}
    entries = {}
    for source in sources:
        lowered = source.key.lower()
        previous = entries.get(lowered)
        chain = (previous.sources if previous else ()) + (source,)
        entries[lowered] = PropertyEntry(
            source.key, source.value, valid_property_name(normalize_key(source.key)), chain
        )
    return entries
