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
    """A token for ``text[start:end]``. (Built directly: Lark's own constructor, which
    checks its keyword arguments, costs more than the rest of a token's life.)"""
    value = text[start:end] if text else ""
    token = str.__new__(Tok, value)
    token.type = kind
    token.value = value
    token.start_pos = start
    token.end_pos = end
    token.line = token.column = token.end_line = token.end_column = None
    token.data = data
    return token
