"""The syntax layer: a page's text → Logseq's reading of it (AST with exact positions).

The parser (and Lark with it) is imported on first use, and the syntax tree's classes are
made on first use, so that a run that parses nothing (everything cached) does not pay for
them. (Modules that import ``ast`` must therefore not read it at import time.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes, lazy_module
from .source import UnreadablePageError, decode_page, read_page_text

if TYPE_CHECKING:
    from . import ast
    from .ast import Block, Format, Page
    from .parser import format_of, parse_page
else:
    ast = lazy_module(f"{__name__}.ast")

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
