"""The tokens the scanners hand to the Lark grammar.

A token is a Lark token whose positions are character offsets into the page text, plus the
construct's parsed details in ``data`` (a bullet's level, a property's key and value spans).
Line and column are filled in when the AST is built, from the page's line table.
"""

from __future__ import annotations

from typing import Any

from lark import Token


class Tok(Token):
    """A Lark token that also carries the scanner's details about its construct."""

    __slots__ = ("data",)
    data: Any


def tok(kind: str, text: str, start: int, end: int, data: Any = None) -> Tok:
    token = Tok(kind, text[start:end], start, None, None, None, None, end)
    token.data = data
    return token


def shift(tokens: list[Tok], origin: list[int]) -> None:
    """Move tokens scanned in derived text to the page offsets ``origin`` gives for each offset.

    ``origin`` has one entry per character of the derived text plus one for its end.
    """
    for token in tokens:
        start, end = token.start_pos, token.end_pos
        assert start is not None and end is not None
        token.start_pos = origin[start]
        # The end maps from the last character, so a token never swallows skipped text.
        token.end_pos = origin[end - 1] + 1 if end > start else origin[start]
