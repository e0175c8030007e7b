"""The syntax layer: a page's text → Logseq's reading of it (AST with exact positions).

The parser (and Lark with it) is imported on first use, so that a run that parses nothing
(everything cached) does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .source import UnreadablePageError, decode_page, read_page_text

if TYPE_CHECKING:
    from .ast import Block, Format, Page
    from .parser import format_of, parse_page

_LAZY = {"Block": "ast", "Format": "ast", "Page": "ast", "format_of": "parser", "parse_page": "parser"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Block",
    "Format",
    "Page",
    "UnreadablePageError",
    "decode_page",
    "format_of",
    "parse_page",
    "read_page_text",
]
