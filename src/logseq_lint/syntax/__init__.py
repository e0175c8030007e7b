"""The syntax layer: a page's text → Logseq's reading of it (AST with exact positions)."""

from .ast import Block, Format, Page
from .parser import format_of, parse_page
from .source import UnreadablePageError, decode_page, read_page_text

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
