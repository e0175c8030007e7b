"""The syntax layer: a page's text → Logseq's reading of it (AST with exact positions).

The parser (and Lark with it) is imported on first use, so that a run that parses nothing
(everything cached) does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes
from .source import UnreadablePageError, decode_page, read_page_text

if TYPE_CHECKING:
    from .ast import Block, Format, Page
    from .parser import format_of, parse_page

__getattr__ = lazy_attributes(
    __name__, {"Block": "ast", "Format": "ast", "Page": "ast", "format_of": "parser", "parse_page": "parser"}
)


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
