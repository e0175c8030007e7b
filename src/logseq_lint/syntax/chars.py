"""The character classes of mldoc, Logseq's parser, which decide where constructs start and end.

They differ from Python's ideas of whitespace on purpose: a no-break space or a vertical tab is
not whitespace to mldoc, and ``\\x1a`` is indentation but does not end a bullet.
"""

from __future__ import annotations

import re
from functools import cache

#: mldoc ``is_space``: what indents a line and separates words.
SPACE = " \t\x1a\x0c"
#: mldoc ``is_eol``: a lone CR ends a line too.
EOL = "\r\n"
#: mldoc ``whitespace_chars``: what may follow a bullet's ``-`` or a heading's ``#``s.
AFTER_BULLET = " \t\n\r\x0c"
#: OCaml ``String.trim`` strips these (not ``\\x1a``).
OCAML_TRIM = " \t\n\r\x0c"
#: JavaScript ``\\s``, which Logseq's ClojureScript uses to trim block content.
JS_WHITESPACE = (
    " \t\n\r\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)

EOL_RE = re.compile(r"[\r\n]")
SPACES_RE = re.compile(r"[ \t\x1a\x0c]*")


def line_end(text: str, at: int) -> int:
    """Offset of the first line-end character at or after ``at`` (``len(text)`` if none)."""
    found = EOL_RE.search(text, at)
    return found.start() if found else len(text)


def skip_spaces(text: str, at: int) -> int:
    """Offset after the run of mldoc spaces starting at ``at``."""
    return SPACES_RE.match(text, at).end()  # type: ignore[union-attr]


def skip_eol(text: str, at: int) -> int:
    """Offset after one line end at ``at`` (CR LF counts as one), or ``at`` if there is none."""
    if text.startswith("\r\n", at):
        return at + 2
    if at < len(text) and text[at] in EOL:
        return at + 1
    return at


def ocaml_trim(text: str) -> str:
    return text.strip(OCAML_TRIM)


def js_trim_start(text: str) -> str:
    return text.lstrip(JS_WHITESPACE)


def js_trim_end(text: str) -> str:
    return text.rstrip(JS_WHITESPACE)


@cache
def _ascii_ci(needle: str) -> re.Pattern[str]:
    return re.compile(re.escape(needle), re.IGNORECASE | re.ASCII)


def find_ascii_ci(text: str, needle: str, start: int, end: int | None = None) -> int:
    """``text.find(needle)`` ignoring ASCII case only, as OCaml's ``lowercase_ascii``
    comparisons do (lower-casing the text could change its length)."""
    found = _ascii_ci(needle).search(text, start, len(text) if end is None else end)
    return found.start() if found else -1


class Finder:
    """``str.find`` that remembers where each needle was last found, so that looking for
    the end of an unclosed construct again from a later offset costs nothing: searching
    from every line of a page for a closing fence that never comes stays linear."""

    __slots__ = ("found", "found_ci", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, tuple[int, int]] = {}
        self.found_ci: dict[str, tuple[int, int]] = {}

    def find(self, needle: str, start: int, end: int | None = None) -> int:
        """The first ``needle`` at or after ``start`` that ends by ``end``, or -1."""
        return self._lookup(self.found, needle, start, end, self.text.find)

    def find_ascii_ci(self, needle: str, start: int, end: int | None = None) -> int:
        """The same, ignoring ASCII case."""
        return self._lookup(self.found_ci, needle, start, end, lambda n, at: find_ascii_ci(self.text, n, at))

    def _lookup(self, cache: dict[str, tuple[int, int]], needle: str, start: int, end: int | None, search) -> int:  # type: ignore[no-untyped-def]
        cached = cache.get(needle)
        if cached is not None and cached[0] <= start and (cached[1] < 0 or cached[1] >= start):
            found = cached[1]
        else:
            found = search(needle, start)
            cache[needle] = (start, found)
        if found >= 0 and end is not None and found + len(needle) > end:
            return -1
        return found
