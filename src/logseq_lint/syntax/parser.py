"""Parsing a page: scanner tokens → Lark (``grammar/page.lark``) → AST → Logseq's tree."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import lark
from lark import Lark
from lark.lexer import Lexer

from ..user_cache import user_cache
from . import ast
from .build import LEAVES, FrontMatter, InlineBuilder, PageBuilder, PreBlock, place, span
from .chars import JS_WHITESPACE
from .inline import InlineScanner, Piece, has_children
from .scanner import NestingTooDeepError, Scanner
from .source import NESTED_TOO_DEEPLY, LineTable, UnreadablePageError
from .tokens import Tok, tok
from .tree import nest


def grammar_dir() -> Path:
    """The folder holding the ``.lark`` files: inside the installed package, or the
    repository's top-level ``grammar/`` when running from a source checkout."""
    installed = files("logseq_lint") / "grammar"
    if installed.is_dir():
        return Path(str(installed))
    return Path(__file__).resolve().parents[3] / "grammar"


class _Tokens(Lexer):
    """Hands Lark the scanner's tokens (the scanner has done the lexing)."""

    def __init__(self, conf: Any) -> None:
        pass

    def lex(self, tokens: list[Tok]) -> Iterator[Tok]:  # type: ignore[override]
        return iter(tokens)


def _lalr(grammar: str, start: str, transformer: Any) -> Lark:
    """The grammar's LALR parser; its tables are kept in the user's cache folder (Lark
    checks they belong to this grammar), which saves most of the start-up time."""
    folder = user_cache()
    cached = str(folder / f"{grammar}-{lark.__version__}.tables") if folder is not None else False
    return Lark.open(
        str(grammar_dir() / grammar), parser="lalr", lexer=_Tokens, transformer=transformer, start=start, cache=cached
    )


def prepare_grammars() -> None:
    """Build both parsers now (worker processes forked afterwards share them)."""
    _page_parser()
    _inline_parser()


@cache
def _page_parser() -> Lark:
    return _lalr("page.lark", "page", PageBuilder())


@cache
def _inline_parser() -> Lark:
    return _lalr("inline.lark", "runs", InlineBuilder())


def inline_layer(runs: list[list[Any]], lines: LineTable) -> list[tuple[ast.Inline, ...]]:
    """The inline AST of each run of inline content (a title, a paragraph, a value). A flat
    run (no construct holds another) is one node per piece; the runs that nest go through
    the inline grammar, all in one parse."""
    results: list[tuple[ast.Inline, ...]] = []
    nested: list[int] = []
    for number, pieces in enumerate(runs):
        if has_children(pieces):
            nested.append(number)
            results.append(())
        else:
            results.append(tuple(LEAVES[p.kind](_span(p.start, p.end, lines), p.data) for p in pieces))
    if nested:
        tokens: list[Tok] = []
        for number in nested:
            tokens.append(tok("RUN", "", 0, 0))
            emit_pieces(runs[number], tokens)
        parsed = _inline_parser().parse([place(token, lines) for token in tokens])
        for number, nodes in zip(nested, parsed):  # type: ignore[call-overload]
            results[number] = nodes
    return results


def emit_pieces(pieces: list[Piece], out: list[Tok]) -> None:
    """The inline grammar's tokens for pieces: containers open and close around their
    children."""
    for piece in pieces:
        out.append(tok(piece.kind, "", piece.start, piece.end, piece.data))
        if piece.children is not None:
            emit_pieces(piece.children, out)
            out.append(tok(piece.kind + "_END", "", piece.end, piece.end))


def _span(start: int, end: int, lines: LineTable) -> ast.Span:
    line, column = lines.position(start)
    return ast.Span(start, end, line, column)


def inline_nodes(scanner: InlineScanner, text: str, mode: str) -> tuple[ast.Inline, ...]:
    """A text parsed on its own as inline content (a property value), in the given mode."""
    if not text:
        return ()
    return inline_layer([scanner.pieces(text, mode)], LineTable.of(text))[0]


def paragraph_text_nodes(text: str, org: bool) -> list[str]:
    """The plain texts of ``text`` read as a page, when it reads as a paragraph (how Logseq
    splits ``alias::`` and ``tags::`` values on commas)."""
    page = parse_page(text, fmt=ast.Format.ORG if org else ast.Format.MARKDOWN)
    if not page.blocks or not page.blocks[0].is_pre_block or not page.blocks[0].body:
        return []
    first = page.blocks[0].body[0]
    if not isinstance(first, ast.Paragraph):
        return []
    return [node.text for node in first.inline if isinstance(node, ast.Text)]


def format_of(path: str) -> ast.Format:
    """Logseq reads ``.org`` files as Org and every other page as Markdown."""
    return ast.Format.ORG if path.lower().endswith(".org") else ast.Format.MARKDOWN


def parse_page(text: str, path: str = "<text>", fmt: ast.Format | None = None) -> ast.Page:
    """Parse a page's text as Logseq does. Raises ``UnreadablePageError`` for a page nested
    deeper than the parser can follow."""
    try:
        return _parse(text, path, fmt or format_of(path))
    except (NestingTooDeepError, RecursionError):
        raise UnreadablePageError(path, NESTED_TOO_DEEPLY) from None


def _parse(text: str, path: str, fmt: ast.Format) -> ast.Page:
    lines = LineTable.of(text)
    tokens = Scanner(text, fmt).scan_page()
    inline = [place(token, lines) for token in tokens if token.type == "INLINE"]
    for token, nodes in zip(inline, inline_layer([token.data for token in inline], lines)):
        token.data = nodes
    for token in tokens:
        place(token, lines)
    parsed: tuple[FrontMatter | None, PreBlock | None, list[tuple[ast.Heading, tuple[ast.Body, ...]]]]
    parsed = _page_parser().parse(tokens)  # type: ignore[assignment]
    front_matter, pre_body, headings = parsed
    return ast.Page(
        path=path,
        format=fmt,
        text=text,
        front_matter=front_matter.directives if front_matter else None,
        blocks=_blocks(text, lines, front_matter, pre_body, headings),
        lines=lines,
    )


def _blocks(
    text: str, lines: LineTable, front_matter: Any, pre_body: Any, headings: list[Any]
) -> tuple[ast.Block, ...]:
    """Logseq's blocks (graph-parser ``extract-blocks``): the text before the first heading
    is the pre-block, each heading starts a block that runs to the next one."""
    if not text.strip(JS_WHITESPACE):
        return ()
    starts = [heading.span.start for heading, _ in headings]
    parts: list[tuple[ast.Heading | None, tuple[ast.Body, ...], int, int]] = []
    if not starts or starts[0] > 0:
        body: tuple[ast.Body, ...] = (front_matter.directives if front_matter else ()) + (
            pre_body.body if pre_body else ()
        )
        parts.append((None, body, 0, starts[0] if starts else len(text)))
    ends = [*starts[1:], len(text)]
    for (heading, body), start, end in zip(headings, starts, ends):
        parts.append((heading, body, start, end))
    levels = [_level(heading) for heading, _, _, _ in parts]
    blocks = []
    for index, ((heading, body, start, end), position) in enumerate(zip(parts, nest(levels))):
        line, column = lines.position(start)
        blocks.append(
            ast.Block(
                index, ast.Span(start, end, line, column), heading, body, levels[index], position.depth, position.parent
            )
        )
    return tuple(blocks)


def _level(heading: ast.Heading | None) -> int:
    """The level Logseq nests by: a Markdown ``#`` heading without a bullet is always top
    level (graph-parser ``construct-block``), the pre-block too."""
    if heading is None or heading.kind is ast.HeadingKind.HASH:
        return 1
    return heading.level


__all__ = ["format_of", "grammar_dir", "parse_page", "span"]
