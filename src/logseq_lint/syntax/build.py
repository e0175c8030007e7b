"""From the grammars' parses to the AST: one callback per grammar rule, run while Lark parses.

The scanners' tokens already span whole constructs (a paragraph token covers all its lines,
a quote token the whole quote), so each node takes its span from its first token; line and
column were put on the tokens from the page's line table before parsing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lark import Transformer

from . import ast
from .source import LineTable
from .tokens import Tok


def span(token: Tok) -> ast.Span:
    assert token.start_pos is not None and token.end_pos is not None
    return ast.Span(token.start_pos, token.end_pos, token.line or 0, token.column or 0)


def span_between(start: ast.Span, end: ast.Span) -> ast.Span:
    return ast.Span(start.start, end.end, start.line, start.column)


def _tag_name(where: ast.Span, data: tuple[str, str]) -> ast.Tag:
    """A tag whose name is plain text: the text is everything after the ``#``."""
    name, written = data
    text = ast.Span(where.start + 1, where.end, where.line, where.column + 1)
    return ast.Tag(where, name, (ast.Text(text, written),))


def _macro(where: ast.Span, data: Any) -> ast.Macro:
    name, arguments = data
    return ast.Macro(where, name, arguments)


# The inline constructs that are a single token: each is a node as it stands.
LEAVES: dict[str, Callable[[ast.Span, Any], ast.Inline]] = {
    "TEXT": ast.Text,
    "BREAK": lambda where, _: ast.Break(where),
    "PAGE_REF": ast.PageRef,
    "BLOCK_REF": ast.BlockRef,
    "MACRO": _macro,
    "TAG_NAME": _tag_name,
    "CODE": ast.Code,
    "MATH": lambda where, _: ast.Math(where),
    "TIMESTAMP": ast.Timestamp,
    "OPAQUE": ast.Opaque,
    "BARE_LINK": lambda where, data: ast.Link(where, ast.LinkKind(data[0]), data[1], (), data[2]),
}


def leaf(token: Tok) -> ast.Inline:
    return LEAVES[token.type](span(token), token.data)


def place(token: Tok, lines: LineTable) -> Tok:
    """Put a token's line and column on it."""
    token.line, token.column = lines.position(token.start_pos or 0)
    return token


class InlineBuilder(Transformer[Tok, Any]):
    """Callbacks for ``grammar/inline.lark``: the inline constructs that hold others."""

    def runs(self, children: list[Any]) -> list[tuple[ast.Inline, ...]]:
        return children

    def run(self, children: list[Any]) -> tuple[ast.Inline, ...]:
        return _inline(children[1:])

    def nested_link(self, children: list[Any]) -> ast.NestedLink:
        return ast.NestedLink(span(children[0]), children[0].data, _inline(children[1:-1]))

    def tag(self, children: list[Any]) -> ast.Tag:
        return ast.Tag(span(children[0]), children[0].data, _inline(children[1:-1]))

    def link(self, children: list[Any]) -> ast.Link:
        kind, target, image, _ = children[0].data
        return ast.Link(span(children[0]), ast.LinkKind(kind), target, _inline(children[1:-1]), image)

    def emphasis(self, children: list[Any]) -> ast.Emphasis:
        return ast.Emphasis(span(children[0]), children[0].data, _inline(children[1:-1]))


def _inline(children: list[Any]) -> tuple[ast.Inline, ...]:
    return tuple(leaf(child) if isinstance(child, Tok) else child for child in children)


def _content(children: list[Any]) -> tuple[ast.Inline, ...]:
    """The inline nodes an ``INLINE`` token brought (the inline layer has read them)."""
    for child in children:
        if isinstance(child, Tok) and child.type == "INLINE":
            return child.data  # type: ignore[no-any-return]
    return ()


class PageBuilder(Transformer[Tok, Any]):
    """Callbacks for ``grammar/page.lark``."""

    def page(self, children: list[Any]) -> tuple[Any, Any, list[Any]]:
        front_matter = pre_block = None
        blocks = []
        for child in children:
            if isinstance(child, FrontMatter):
                front_matter = child
            elif isinstance(child, PreBlock):
                pre_block = child
            else:
                blocks.append(child)
        return front_matter, pre_block, blocks

    def front_matter(self, children: list[Any]) -> FrontMatter:
        return FrontMatter(span(children[0]), tuple(children[1:]))

    def front_matter_entry(self, children: list[Any]) -> ast.Directive:
        return self.directive(children)

    def pre_block(self, children: list[Any]) -> PreBlock:
        return PreBlock(tuple(children))

    def block(self, children: list[Any]) -> tuple[ast.Heading, tuple[ast.Body, ...]]:
        return children[0], tuple(children[1:])

    def heading(self, children: list[Any]) -> ast.Heading:
        first: Tok = children[0]
        level, size = first.data
        kind = _HEADING_KINDS[first.type]
        marker = marker_span = priority = None
        for child in children[1:]:
            if child.type == "MARKER":
                marker, marker_span = str(child), span(child)
            elif child.type == "PRIORITY":
                priority = child.data
        title = _content(children)
        title_span = span_between(title[0].span, title[-1].span) if title else None
        return ast.Heading(span(first), kind, level, size, marker, marker_span, priority, title, title_span)

    def paragraph(self, children: list[Any]) -> ast.Paragraph:
        return ast.Paragraph(span(children[0]), _content(children))

    def property_drawer(self, children: list[Any]) -> ast.PropertyDrawer:
        properties: list[ast.Property] = []
        for child in children[1:-1]:
            if isinstance(child, tuple):
                properties.extend(child)
            else:
                properties.append(child)
        return ast.PropertyDrawer(span(children[0]), tuple(properties))

    def properties_drawer(self, children: list[Any]) -> tuple[ast.Property, ...]:
        return tuple(children[1:-1])

    def property(self, children: list[Any]) -> ast.Property:
        token: Tok = children[0]
        syntax, key, key_start, value_start, value_end = token.data
        this = span(token)
        offset = this.start
        key_span = ast.Span(key_start, key_start + len(key), this.line, this.column + key_start - offset)
        value_span = ast.Span(value_start, value_end, this.line, this.column + value_start - offset)
        value = token.value[value_start - offset : value_end - offset]
        return ast.Property(this, syntax, key, key_span, value, value_span, _content(children))

    def directive(self, children: list[Any]) -> ast.Directive:
        token = children[0]
        key, value_start, value_end = token.data
        offset = token.start_pos
        value = token.value[value_start - offset : value_end - offset]
        return ast.Directive(span(token), key, value, _content(children))

    def table(self, children: list[Any]) -> ast.Table:
        return ast.Table(span(children[0]), tuple(children[1:-1]))

    def table_row(self, children: list[Any]) -> tuple[ast.TableCell, ...]:
        return tuple(children[1:])

    def table_cell(self, children: list[Any]) -> ast.TableCell:
        return ast.TableCell(span(children[0]), _content(children))

    def footnote(self, children: list[Any]) -> ast.Footnote:
        return ast.Footnote(span(children[0]), children[0].data, _content(children))

    def item_list(self, children: list[Any]) -> ast.ListNode:
        return ast.ListNode(span(children[0]), tuple(children[1:-1]))

    def list_item(self, children: list[Any]) -> ast.ListItem:
        inside = children[1:-1]
        body = tuple(child for child in inside if not isinstance(child, Tok))
        return ast.ListItem(span(children[0]), _content(inside), body)

    def container(self, children: list[Any]) -> ast.Container:
        first: Tok = children[0]
        name = "quote" if first.type == "QUOTE" else str(first.data).lower()
        return ast.Container(span(first), name, tuple(children[1:-1]))

    def verbatim(self, children: list[Any]) -> ast.Verbatim:
        token: Tok = children[0]
        name = token.data if isinstance(token.data, str) else None
        return ast.Verbatim(span(token), _VERBATIM_KINDS[token.type], name)


class FrontMatter:
    __slots__ = ("directives", "span")

    def __init__(self, span: ast.Span, directives: tuple[ast.Directive, ...]) -> None:
        self.span = span
        self.directives = directives


class PreBlock:
    __slots__ = ("body",)

    def __init__(self, body: tuple[ast.Body, ...]) -> None:
        self.body = body


_HEADING_KINDS = {
    "BULLET": ast.HeadingKind.BULLET,
    "HASH_HEADING": ast.HeadingKind.HASH,
    "HEADLINE": ast.HeadingKind.HEADLINE,
}

_VERBATIM_KINDS = {
    "FENCE": ast.BlockKind.FENCE,
    "BEGIN_RAW": ast.BlockKind.RAW,
    "DISPLAY_MATH": ast.BlockKind.DISPLAY_MATH,
    "LATEX_ENV": ast.BlockKind.LATEX,
    "RAW_HTML": ast.BlockKind.HTML,
    "HICCUP": ast.BlockKind.HICCUP,
    "DRAWER": ast.BlockKind.DRAWER,
    "VERBATIM": ast.BlockKind.VERBATIM,
    "HR": ast.BlockKind.HR,
    "COMMENT": ast.BlockKind.COMMENT,
}
