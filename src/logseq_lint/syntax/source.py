"""Reading a page's bytes into the text Logseq parses, and mapping offsets to positions.

Logseq reads a page as UTF-8 and parses the text as it is: a byte-order mark stays a
character of the first line (so ``\\ufefftitle:: x`` is a property named ``\\ufefftitle``),
CR LF line ends are line ends like LF, and nothing else is normalized. Line numbers count
LF characters only, as mldoc's do.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple


class UnreadablePageError(Exception):
    """A page whose bytes Logseq could not read faithfully (for example invalid UTF-8)."""

    def __init__(self, path: str, reason: str, offset: int | None = None) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.offset = offset


NESTED_TOO_DEEPLY = "nested too deeply to read (more than 100 quotes, lists or #+BEGIN blocks within each other)"


def decode_page(data: bytes, path: str = "<bytes>") -> str:
    """The text of a page file: strict UTF-8, since a lossy decode would later be written
    back; and no NUL byte, which no text page holds (UTF-16 text, a binary file, what a
    crash left of a file are valid UTF-8 often enough, and rewriting them would ruin them)."""
    nul = data.find(b"\0")
    if nul >= 0:
        reason = "holds NUL bytes: a binary file, or text in another encoding (UTF-16?), not a UTF-8 page"
        raise UnreadablePageError(path, f"{reason} (byte {nul})", nul)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadablePageError(path, f"not valid UTF-8 (byte {error.start}: {error.reason})", error.start) from None


def read_page_text(path: str | Path) -> str:
    """Read and decode one page file."""
    return decode_page(Path(path).read_bytes(), str(path))


def content_digest(data: bytes) -> str:
    """What identifies a file's content (to see that it has not changed before writing)."""
    return hashlib.sha256(data).hexdigest()


class TextRange(NamedTuple):
    """Characters ``[start, end)`` of a text, with the 1-based line and column (in
    characters) of the first one and of the end."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class LineTable:
    """Start offsets of every line of a text, for offset → (line, column) lookups."""

    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> LineTable:
        starts = [0]
        find = text.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        return cls(tuple(starts))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a character offset."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def range(self, start: int, end: int) -> TextRange:
        """The range of characters ``[start, end)``, positions included."""
        return TextRange(start, end, *self.position(start), *self.position(end))
