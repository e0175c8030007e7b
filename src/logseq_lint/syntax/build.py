"""From the grammar's parse to the AST: one callback per grammar rule, run while Lark parses.

The scanner's tokens already span whole constructs (a paragraph token covers all its lines,
a quote token the whole quote), so each node takes its span from its first token; line and
column were put on the tokens from the page's line table before parsing.
"""

from __future__ import annotations

from typing import Any

from lark import Transformer

from . import ast
from .tokens import Tok


def span(token: Tok) -> ast.Span:
    assert token.start_pos is not None and token.end_pos is not None
    return ast.Span(token.start_pos, token.end_pos, token.line or 0, token.column or 0)


def span_between(start: ast.Span, end: ast.Span) -> ast.Span:
    return ast.Span(start.start, end.end, start.line, start.column)


def _inline(children: list[Any]) -> tuple[ast.Inline, ...]:
    """Inline nodes from a rule's children: single-token constructs become nodes here."""
    return tuple(_INLINE_TOKENS[child.type](child) if isinstance(child, Tok) else child for child in children)


def _macro(token: Tok) -> ast.Macro:
    name, arguments = token.data
    return ast.Macro(span(token), name, arguments)


_INLINE_TOKENS = {
    "TEXT": lambda token: ast.Text(span(token), token.data),
    "BREAK": lambda token: ast.Break(span(token)),
    "PAGE_REF": lambda token: ast.PageRef(span(token), token.data),
    "BLOCK_REF": lambda token: ast.BlockRef(span(token), token.data),
    "MACRO": _macro,
    "CODE": lambda token: ast.Code(span(token), token.data),
    "MATH": lambda token: ast.Math(span(token)),
    "TIMESTAMP": lambda token: ast.Timestamp(span(token), token.data),
    "OPAQUE": lambda token: ast.Opaque(span(token), token.data),
}


class Builder(Transformer[Tok, Any]):
    """Lark callbacks that build ``logseq_lint.syntax.ast`` nodes."""

    # ------------------------------------------------------------------ page

    def page(self, children: list[Any]) -> tuple[Any, Any, list[Any]]:
        front_matter = pre_block = None
        blocks = []
        for child in children:
            if isinstance(child, _FrontMatter):
                front_matter = child
            elif isinstance(child, _PreBlock):
                pre_block = child
            else:
                blocks.append(child)
        return front_matter, pre_block, blocks

    def front_matter(self, children: list[Any]) -> _FrontMatter:
        return _FrontMatter(span(children[0]), tuple(children[1:]))

    def front_matter_entry(self, children: list[Any]) -> ast.Directive:
        token = children[0]
        key, value_start, value_end = token.data
        text = token.value
        offset = token.start_pos
        return ast.Directive(span(token), key, text[value_start - offset : value_end - offset], _inline(children[1:]))

    def pre_block(self, children: list[Any]) -> _PreBlock:
        return _PreBlock(tuple(children))

    def block(self, children: list[Any]) -> tuple[ast.Heading, tuple[ast.Body, ...]]:
        return children[0], tuple(children[1:])

    def heading(self, children: list[Any]) -> ast.Heading:
        first: Tok = children[0]
        level, size = first.data
        kind = {"BULLET": ast.HeadingKind.BULLET, "HASH_HEADING": ast.HeadingKind.HASH}.get(
            first.type, ast.HeadingKind.HEADLINE
        )
        marker = marker_span = priority = None
        title: list[ast.Inline] = []
        for child in children[1:]:
            if isinstance(child, Tok) and child.type == "MARKER":
                marker, marker_span = str(child), span(child)
            elif isinstance(child, Tok) and child.type == "PRIORITY":
                priority = child.data
            else:
                title.extend(_inline([child]))
        title_span = span_between(title[0].span, title[-1].span) if title else None
        return ast.Heading(span(first), kind, level, size, marker, marker_span, priority, tuple(title), title_span)

    # ------------------------------------------------------------------ body

    def paragraph(self, children: list[Any]) -> ast.Paragraph:
        return ast.Paragraph(span(children[0]), _inline(children[1:]))

    def property_drawer(self, children: list[Any]) -> ast.PropertyDrawer:
        properties: list[ast.Property] = []
        for child in children[1:-1]:
            if isinstance(child, tuple):
                properties.extend(child)
            else:
                properties.append(child)
        return ast.PropertyDrawer(span(children[0]), tuple(properties))

    def properties_drawer(self, children: list[Any]) -> tuple[ast.Property, ...]:
        return tuple(child for child in children[1:-1])

    def property(self, children: list[Any]) -> ast.Property:
        token: Tok = children[0]
        key, key_start, value_start, value_end = token.data
        this = span(token)
        offset = this.start
        text = token.value
        key_span = ast.Span(key_start, key_start + len(key), this.line, this.column + key_start - offset)
        value_span = ast.Span(value_start, value_end, this.line, this.column + value_start - offset)
        value = text[value_start - offset : value_end - offset]
        return ast.Property(this, key, key_span, value, value_span, _inline(children[1:]))

    def directive(self, children: list[Any]) -> ast.Directive:
        token = children[0]
        key, value_start, value_end = token.data
        offset = token.start_pos
        value = token.value[value_start - offset : value_end - offset]
        return ast.Directive(span(token), key, value, _inline(children[1:]))

    def table(self, children: list[Any]) -> ast.Table:
        return ast.Table(span(children[0]), tuple(children[1:-1]))

    def table_row(self, children: list[Any]) -> tuple[ast.TableCell, ...]:
        return tuple(children[1:])

    def table_cell(self, children: list[Any]) -> ast.TableCell:
        return ast.TableCell(span(children[0]), _inline(children[1:]))

    def footnote(self, children: list[Any]) -> ast.Footnote:
        return ast.Footnote(span(children[0]), children[0].data, _inline(children[1:]))

    def list(self, children: list[Any]) -> ast.ListNode:
        return ast.ListNode(span(children[0]), tuple(children[1:-1]))

    def list_item(self, children: list[Any]) -> ast.ListItem:
        inside = children[1:-1]
        term = _inline([child for child in inside if isinstance(child, (Tok, *_INLINE_TYPES))])
        body = tuple(child for child in inside if not isinstance(child, (Tok, *_INLINE_TYPES)))
        return ast.ListItem(span(children[0]), term, body)

    def container(self, children: list[Any]) -> ast.Container:
        first: Tok = children[0]
        name = "quote" if first.type == "QUOTE" else str(first.data).lower()
        return ast.Container(span(first), name, tuple(children[1:-1]))

    def verbatim(self, children: list[Any]) -> ast.Verbatim:
        token: Tok = children[0]
        kind = _VERBATIM_KINDS[token.type]
        name = token.data if isinstance(token.data, str) else None
        return ast.Verbatim(span(token), kind, name)



    def inline(self, children: list[Any]) -> tuple[ast.Inline, ...]:
        return _inline(children)

    def nested_link(self, children: list[Any]) -> ast.NestedLink:
        return ast.NestedLink(span(children[0]), children[0].data, _inline(children[1:-1]))

    def tag(self, children: list[Any]) -> ast.Tag:
        return ast.Tag(span(children[0]), children[0].data, _inline(children[1:-1]))

    def link(self, children: list[Any]) -> ast.Link:
        kind, target, image, _ = children[0].data
        return ast.Link(span(children[0]), ast.LinkKind(kind), target, _inline(children[1:-1]), image)

    def emphasis(self, children: list[Any]) -> ast.Emphasis:
        return ast.Emphasis(span(children[0]), children[0].data, _inline(children[1:-1]))


class _FrontMatter:
    __slots__ = ("span", "directives")

    def __init__(self, span: ast.Span, directives: tuple[ast.Directive, ...]) -> None:
        self.span = span
        self.directives = directives


class _PreBlock:
    __slots__ = ("body",)

    def __init__(self, body: tuple[ast.Body, ...]) -> None:
        self.body = body


_INLINE_TYPES = (
    ast.Text, ast.Break, ast.PageRef, ast.NestedLink, ast.Tag, ast.BlockRef, ast.Macro, ast.Link,
    ast.Code, ast.Math, ast.Emphasis, ast.Timestamp, ast.Opaque,
)  # fmt: skip

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
