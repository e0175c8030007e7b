"""Inline layer scanner (placeholder until the inline grammar lands)."""

from __future__ import annotations

from .tokens import Tok, tok


class InlineScanner:
    def __init__(self, org: bool) -> None:
        self.org = org

    def scan(self, text: str, start: int, end: int, context: str, newlines: bool = False, strip: bool = False) -> list[Tok]:
        if end <= start:
            return []
        return [tok("TEXT", text, start, end)]
