"""The block layer's scanner: mldoc's top-level parsing loop, emitting tokens for the grammar.

mldoc (Logseq's parser) reads a page with a cursor. At each position it tries a fixed list of
constructs in order and takes the first that matches completely; a construct that does not
(an unclosed fence, say) is not there at all, and the line falls through to the next one,
ultimately a paragraph line. Some constructs stop in the middle of a line (display math, raw
HTML, a ``:PROPERTIES:`` drawer's ``:END:``), and the loop then goes on from there, so a bullet
can start mid-line. This module replays that loop exactly (see ``logseq/mldoc``
``lib/mldoc_parser.ml`` and ``lib/syntax/*.ml``, checked against mldoc 1.5.7 itself) and
resolves every look-ahead the grammar cannot do: whether a fence is closed, where a quote or
a list item ends, whether a bullet line's title is really a property. What it emits is a flat
stream of tokens that ``grammar/page.lark`` assembles into blocks.

Content that mldoc parses a second time (the inside of quotes, ``#+BEGIN_QUOTE`` and custom
blocks, list items) is scanned again from the derived text mldoc builds, and its tokens are
moved back to the page offsets they came from.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import cache

from .ast import Format, PropertySyntax
from .chars import EOL, OCAML_TRIM, SPACE, Finder, line_end, ocaml_trim, skip_spaces
from .inline import Hiccups, InlineScanner, html_end, move_pieces
from .tokens import Tok, tok

MARKERS = (
    "TODO", "DOING", "WAITING", "WAIT", "DONE", "CANCELED", "CANCELLED",
    "STARTED", "IN-PROGRESS", "NOW", "LATER",
)  # fmt: skip

# heading0.ml ``level``: "#"s (a heading), or a "-" optionally followed by "#"s that are
# followed by a space, a line end or the end (mldoc does not take those back if what comes
# next is not a space); then a space, a line end or the end.
_MD_HEADING_RE = re.compile(
    r"([ \t\x1a\x0c]*)(?:(#+)|-(?>(?:[ \t\x1a\x0c]*(#+)(?=[ \t\x1a\x0c\r\n]|\Z))?))(?=[ \t\n\r\x0c]|\Z)"
)
_ORG_HEADING_RE = re.compile(r"\*+(?=[ \t\n\r\x0c]|\Z)")
# heading0.ml ``marker`` and ``priority``, each after spaces: a marker must be followed by a
# space or the end; a priority is any one character in [# ].
_HEADING_DETAILS_RE = re.compile(
    r"(?:[ \t\x1a\x0c]+(" + "|".join(MARKERS) + r")(?= |\Z))?(?:[ \t\x1a\x0c]+(\[#.\]))?", re.DOTALL
)

_PROPERTY_RE = re.compile(r"[ \t\x1a\x0c]*([^:\s\x1a]+)::(?: ([^\r\n]*)|[ \t\x1a\x0c]*(?=[\r\n]|\Z))")
_DRAWER_PROPERTY_RE = re.compile(r"[ \t\x1a\x0c]*:([^: \r\n]+):[ \t]*([^\r\n]*)")
_DIRECTIVE_RE = re.compile(r"#\+([^:\r\n]+):[ \t\x1a\x0c]*([^\r\n]*)")
_NAME_DIRECTIVE_RE = re.compile(r"#\+([^:\s\x1a]+):[ \t\x1a\x0c]*([^\r\n]*)")
_DRAWER_OPEN_RE = re.compile(r"[ \t\x1a\x0c]*:([^:\s]+):(?=[\r\n])")
_HR_RE = re.compile(r"[ \t\x1a\x0c]*(?:-{3,}|\*{3,}|_{3,})[ \t\x1a\x0c]*(?:\r\n|[\r\n]|\Z)")
_ORG_HR_RE = re.compile(r"[ \t\x1a\x0c]*-{5,}[ \t\x1a\x0c]*(?:\r\n|[\r\n]|\Z)")
_LATEX_BEGIN_RE = re.compile(r"[ \t\x1a\x0c]*\\begin\{([^}]+)\}", re.IGNORECASE)
_BEGIN_RE = re.compile(r"#\+begin_([^ \t\x1a\x0c\r\n]+)[ \t\x1a\x0c]*([^\r\n]*)", re.IGNORECASE)
_FOOTNOTE_MD_RE = re.compile(r"\[\^([^\]\s]+)\]:[ \t\x1a\x0c]*")
_FOOTNOTE_ORG_RE = re.compile(r"\[fn:([^\]\r\n]+)\][ \t\x1a\x0c]*")
_COMMENT_MD_RE = re.compile(r"[ \t\x1a\x0c]*\[//\]: #[ \t\x1a\x0c]*[^\r\n]")
_COMMENT_ORG_RE = re.compile(r"[ \t\x1a\x0c]*#[ \t][^\r\n]*|[ \t\x1a\x0c]*#(?=[\r\n]|\Z)")
_LIST_MARK_MD_RE = re.compile(r"(?:[*+]|(\d+)\.)[ \t\x1a\x0c]+(?:\[[ xX]\])?[ \t\x1a\x0c]*")
_LIST_MARK_ORG_RE = re.compile(r"(?:[*+-]|(\d+)\.)[ \t\x1a\x0c]+(?:\[[ xX]\])?[ \t\x1a\x0c]*")
_INT_PREFIX_RE = re.compile(r"[+-]?\d")
# Lines that can close a fence, a #+BEGIN block, a drawer (their trimmed text starts so).
_CLOSING_LINES = {
    kind: re.compile(r"(?:^|(?<=\r))[ \t\x0c]*" + pattern, re.MULTILINE | re.IGNORECASE | re.ASCII)
    for kind, pattern in (
        ("fence", r"(?:```|~~~)"),
        ("end", r"#\+end_"),
        ("drawer_end", r":end:[ \t\x0c]*(?=[\r\n]|\Z)"),
    )
}
# What a list item can start with.
_LIST_STARTS = frozenset("*+-0123456789")
# What a title's look-ahead constructs (other than properties) can start with.
_TITLE_CONSTRUCT_STARTS = frozenset(":#-*_|\\>`~$<[ \t\x1a\x0c")


@cache
def _candidates(lead: str, org: bool) -> tuple[Callable[[Scanner, int, list[Tok]], int], ...]:
    """The constructs that can start with ``lead`` (the first non-space character of what
    is left of the line), in mldoc's order: directive, property group or drawer, heading,
    table, LaTeX environment, block, footnote, list, horizontal rule, comment. (A paragraph
    line comes last.)"""
    found: list[Callable[[Scanner, int, list[Tok]], int]] = []
    if lead == "#":
        found.append(Scanner._directive)
    if not org or lead in ":#":
        found.append(Scanner._drawer)
    if (not org and lead in "-#") or (org and lead == "*"):
        found.append(Scanner._heading)
    if lead == "|":
        found.append(Scanner._table)
    if lead == "\\":
        found.append(Scanner._latex_env)
    if lead in ("#:>`~$<[" if org else "#>`~$<["):
        found.append(Scanner._block)
    if lead == "[":
        found.append(Scanner._footnote)
    found.append(Scanner._lists)
    if lead in ("-" if org else "-*_"):
        found.append(Scanner._hr)
    if lead == ("#" if org else "["):
        found.append(Scanner._comment)
    return tuple(found)


def shift(tokens: list[Tok], origin: list[int]) -> None:
    """Move tokens scanned in derived text (and their inline pieces) to the page offsets
    ``origin`` gives: one entry per character of the derived text, plus one for its end.
    (A character mldoc adds, like the newline after a quote's last line, maps to where it
    would be; no span reaches past the derived text's end.)"""
    limit = origin[-1]

    def to_page(offset: int) -> int:
        return origin[offset]

    for token in tokens:
        start, end = token.start_pos, token.end_pos
        assert start is not None and end is not None
        token.start_pos = origin[start]
        # The end maps from the last character, so a token never swallows skipped text.
        token.end_pos = min(origin[end - 1] + 1, limit) if end > start else origin[start]
        if token.type == "INLINE":
            move_pieces(token.data, to_page, limit)


# Quotes, list items and #+BEGIN blocks nested within each other, each parsed again inside
# the one around it (as mldoc does): the work grows with the text times the depth. Logseq
# reads deeper pages, slowly; no page written by hand nests a hundred of them.
MAX_NESTING = 100


class NestingTooDeepError(Exception):
    """A text nested more than ``MAX_NESTING`` levels deep."""


class Scanner:
    """Scans one text (a page, or content mldoc re-parses) into block-layer tokens."""

    def __init__(self, text: str, fmt: Format, in_block: bool = False, depth: int = 0) -> None:
        if depth > MAX_NESTING:
            raise NestingTooDeepError
        self.depth = depth
        self.text = text
        self.n = len(text)
        self.org = fmt is Format.ORG
        self.inline = InlineScanner(fmt is Format.ORG)
        # Inside quotes and custom blocks, list items may also hold directives (block0.ml
        # list_content_parsers) where top-level list items may not.
        self.item_content = "_block_list_content" if in_block else "_list_content"
        self.finder = Finder(text)
        self.line_span = (0, -1)
        self.last_backslash = text.rfind("\\")
        self.hiccups: Hiccups | None = None
        self.closing_lines: dict[str, list[int]] = {}

    # ------------------------------------------------------------------ entry points

    def scan_page(self) -> list[Tok]:
        """Tokens for a whole page: front matter, then mldoc's top-level loop."""
        out: list[Tok] = []
        at = 0 if self.org else self._front_matter(out)
        return self._loop(at, self.n, self._top_level, out)

    def scan_content(self, parsers: Callable[[int, list[Tok]], int]) -> list[Tok]:
        """Tokens for re-parsed content (quotes, custom blocks, list items)."""
        return self._loop(0, self.n, parsers, [])

    def _loop(self, at: int, end: int, step: Callable[[int, list[Tok]], int], out: list[Tok]) -> list[Tok]:
        items: list[Tok] = out
        while at < end:
            at = step(at, items)
        return self._paragraphs(items)

    def inline_token(
        self, text: str, start: int, end: int, context: str, newlines: bool = False, strip: bool = False
    ) -> list[Tok]:
        """An ``INLINE`` token carrying the inline pieces of ``text[start:end]`` (none for
        empty text); the arguments are ``InlineScanner.scan``'s."""
        scanned = self.inline.scan(text, start, end, context, newlines, strip)
        if scanned is None:
            return []
        start, end, pieces = scanned
        return [tok("INLINE", text, start, end, pieces)]

    # ------------------------------------------------------------------ the top-level choice

    def _top_level(self, at: int, out: list[Tok]) -> int:
        """One step of mldoc's main loop: the first construct that matches at ``at``."""
        text = self.text
        char = text[at]
        if char in EOL:
            return self._sep(at, out)
        first = skip_spaces(text, at)
        lead = text[first] if first < self.n else ""
        for attempt in _candidates(lead, self.org):
            end = attempt(self, at, out)
            if end >= 0:
                return end
        return self._paragraph_line(at, out)

    # ------------------------------------------------------------------ simple lines

    def _sep(self, at: int, out: list[Tok]) -> int:
        end = at
        while end < self.n and self.text[end] in EOL:
            end += 1
        out.append(tok("SEP", self.text, at, end))
        return end

    def _paragraph_line(self, at: int, out: list[Tok]) -> int:
        end = self._line_end(at)
        out.append(tok("PARA_LINE", self.text, at, end))
        return end

    def _skip_eols(self, at: int) -> int:
        while at < self.n and self.text[at] in EOL:
            at += 1
        return at

    def _eol_or_end(self, at: int) -> int:
        """After one line end at ``at`` (CR LF as one); -1 unless at a line end or the end."""
        text = self.text
        if at >= self.n:
            return at
        if text.startswith("\r\n", at):
            return at + 2
        if text[at] in EOL:
            return at + 1
        return -1

    def _directive(self, at: int, out: list[Tok]) -> int:
        """``#+KEY: value`` anywhere (directive.ml); Logseq makes it a page property."""
        start = skip_spaces(self.text, self._skip_eols(at))
        found = _DIRECTIVE_RE.match(self.text, start)
        if not found or found.group(1).startswith(("BEGIN_", "begin_")):
            return -1
        end = self._skip_eols(found.end())
        out.append(tok("DIRECTIVE", self.text, at, end, (found.group(1), found.start(2), found.end(2))))
        out.extend(self.inline_token(self.text, found.start(2), found.end(2), "directive"))
        return end

    def _hr(self, at: int, out: list[Tok]) -> int:
        found = (_ORG_HR_RE if self.org else _HR_RE).match(self.text, at)
        if not found:
            return -1
        out.append(tok("HR", self.text, at, found.end()))
        return found.end()

    def _comment(self, at: int, out: list[Tok]) -> int:
        found = (_COMMENT_ORG_RE if self.org else _COMMENT_MD_RE).match(self.text, at)
        if not found:
            return -1
        end = self._line_end(at)
        out.append(tok("COMMENT", self.text, at, end))
        return end

    # ------------------------------------------------------------------ front matter

    def _front_matter(self, out: list[Tok]) -> int:
        """YAML front matter at byte 0 (markdown_front_matter.ml): ``---`` on the first line,
        closed by the next ``---`` anywhere. Valid only if every line is ``key: value``; an
        invalid one is consumed and dropped. Unclosed, it is not front matter at all."""
        text = self.text
        if not text.startswith("---"):
            return 0
        body = self._eol_or_end(3)
        if body < 0 or body == 3:
            return 0
        close = text.find("---", body)
        if close < 0:
            return 0
        end = close + 3
        entries = self._front_matter_entries(body, close)
        out.append(tok("FRONT_MATTER", text, 0, end, entries is not None))
        for key, start, stop in entries or ():
            value_start = skip_spaces(text, start + len(key) + 1)
            out.append(tok("FRONT_MATTER_ENTRY", text, start, stop, (key, value_start, stop)))
            out.extend(self.inline_token(text, value_start, stop, "directive"))
        return end

    def _front_matter_entries(self, body: int, close: int) -> list[tuple[str, int, int]] | None:
        entries = []
        at = body
        while at < close:
            stop = min(self._line_end(at), close)
            line = self.text[at:stop]
            colon = line.find(":")
            if colon <= 0:
                return None
            entries.append((line[:colon], at, stop))
            at = self._eol_or_end(stop) if stop < close else stop
        return entries if entries else None

    # ------------------------------------------------------------------ properties and drawers

    def _drawer(self, at: int, out: list[Tok]) -> int:
        """A property group (drawer.ml ``many1 (parse1 <|> parse2)``): ``key:: value`` lines
        (Markdown only), ``:PROPERTIES:`` drawers and ``#+name: value`` lines; failing that, a
        generic ``:NAME:`` … ``:END:`` drawer."""
        if not self._may_be_drawer(at):
            return -1
        group: list[Tok] = []
        end = at
        while True:
            step = self._property_part(end, group)
            if step < 0:
                break
            end = step
        if group:
            out.append(tok("PROPERTY_DRAWER", self.text, at, end))
            out.extend(group)
            out.append(tok("PROPERTY_DRAWER_END", self.text, end, end))
            return end
        return self._generic_drawer(at, out)

    def _may_be_drawer(self, at: int) -> bool:
        """A cheap test before trying the property group parsers: every one of them needs
        ``::`` on the line or a ``:`` or ``#`` (after blank lines and spaces) to start with."""
        text = self.text
        first = skip_spaces(text, self._skip_eols(at))
        if first >= self.n:
            return False
        if text[first] in ":#":
            return True
        return not self.org and self.finder.find("::", first, self._line_end(first)) >= 0

    def _property_part(self, at: int, out: list[Tok]) -> int:
        text = self.text
        if at >= self.n:
            return -1
        if not self.org:
            found = _PROPERTY_RE.match(text, at)
            if found:
                end = self._eol_or_end(self._line_end(found.end()))
                value = found.group(2)
                value_start = found.start(2) if value is not None else found.end()
                value_end = found.end(2) if value is not None else found.end()
                # Blanks after ":: " are skipped (mldoc ``spaces``, \x1a included), then the
                # value is trimmed (OCaml String.trim, which keeps \x1a).
                raw = text[value_start:value_end]
                left = len(raw) - len(raw.lstrip(SPACE + OCAML_TRIM))
                right = len(raw.rstrip(OCAML_TRIM))
                value_end = value_start + right if right > left else value_start + left
                value_start += left
                data = (PropertySyntax.LOGSEQ, found.group(1), found.start(1), value_start, value_end)
                out.append(tok("PROPERTY", text, at, end, data))
                out.extend(self.inline_token(text, value_start, value_end, "property"))
                return end
        end = self._properties_drawer(at, out)
        if end >= 0:
            return end
        return self._name_directive(at, out)

    def _properties_drawer(self, at: int, out: list[Tok]) -> int:
        """``:PROPERTIES:`` … ``:END:`` with ``:key: value`` lines (drawer.ml ``parse1``)."""
        text = self.text
        start = skip_spaces(text, at)
        if text[start : start + 12].lower() != ":properties:":
            return -1
        line = self._eol_or_end(start + 12)
        if line < 0 or line == start + 12:
            return -1
        entries: list[Tok] = []
        while True:
            head = skip_spaces(text, line)
            if text[head : head + 5].lower() == ":end:":
                end = self._eol_or_end(head + 5)
                end = head + 5 if end < 0 else end
                out.append(tok("PROPERTIES_OPEN", text, at, line))
                out.extend(entries)
                out.append(tok("PROPERTIES_CLOSE", text, head, end))
                return end
            found = _DRAWER_PROPERTY_RE.match(text, line)
            if not found or found.group(1).lower() == "end":
                return -1
            stop = self._line_end(found.end())
            value_start, value_end = found.start(2), stop
            data = (PropertySyntax.DRAWER, found.group(1), found.start(1), value_start, value_end)
            entries.append(tok("DRAWER_PROPERTY", text, line, stop, data))
            entries.extend(self.inline_token(text, value_start, value_end, "property"))
            line = self._eol_or_end(stop)
            if line == stop:
                return -1

    def _name_directive(self, at: int, out: list[Tok]) -> int:
        """``#+name: value`` inside a property group (drawer.ml ``parse2``), with the blank
        lines around it."""
        text = self.text
        start = skip_spaces(text, self._skip_eols(at))
        found = _NAME_DIRECTIVE_RE.match(text, start)
        if not found:
            return -1
        end = self._skip_eols(found.end())
        data = (PropertySyntax.DIRECTIVE, found.group(1), found.start(1), found.start(2), found.end(2))
        out.append(tok("DRAWER_PROPERTY", text, at, end, data))
        out.extend(self.inline_token(text, found.start(2), found.end(2), "property"))
        return end

    def _generic_drawer(self, at: int, out: list[Tok]) -> int:
        """``:NAME:`` … ``:END:`` (``:LOGBOOK:`` and the like), hidden by Logseq."""
        text = self.text
        found = _DRAWER_OPEN_RE.match(text, at)
        if not found:
            return -1
        close = self._closing_line("drawer_end", self._skip_eols(found.end()))
        if close < 0:
            return -1
        end = self._skip_eols(self._line_end(close))
        out.append(tok("DRAWER", text, at, end, found.group(1)))
        return end

    # ------------------------------------------------------------------ headings (blocks)

    def _heading(self, at: int, out: list[Tok]) -> int:
        """A block's first line (heading0.ml): a ``-`` bullet or a ``#`` heading in Markdown,
        ``*`` stars at the start of a line in Org; then marker, priority and title."""
        text = self.text
        found = (_ORG_HEADING_RE if self.org else _MD_HEADING_RE).match(text, at)
        if not found:
            return -1
        pos = found.end()
        if self.org:
            kind, level, size = "HEADLINE", pos - at, None
        elif found.group(2):
            kind, level, size = "HASH_HEADING", len(found.group(1)) + 1, len(found.group(2))
        else:
            hashes = found.group(3)
            kind, level, size = "BULLET", len(found.group(1)) + 1, len(hashes) if hashes else None
        head = [tok(kind, text, at, pos, (level, size))]
        details = _HEADING_DETAILS_RE.match(text, pos)
        if details.group(1):  # type: ignore[union-attr]
            head.append(tok("MARKER", text, details.start(1), details.end(1)))  # type: ignore[union-attr]
        if details.group(2):  # type: ignore[union-attr]
            head.append(tok("PRIORITY", text, details.start(2), details.end(2), text[details.start(2) + 2]))  # type: ignore[union-attr]
        pos = details.end()  # type: ignore[union-attr]
        title_start = skip_spaces(text, pos)
        if title_start > pos:
            title_end = self._title(title_start)
            if title_end >= 0:
                pos = title_end
                head.extend(self.inline_token(text, title_start, title_end, "title"))
        if text.startswith("\r\n", pos):
            pos += 2
        elif pos < self.n and text[pos] == "\n":
            pos += 1
        head[0].end_pos = pos
        out.extend(head)
        return pos

    def _title(self, at: int) -> int:
        """End of the title starting at ``at``, ``at`` itself if another construct starts
        there (its title is then empty and the construct is parsed next), -1 if nothing does
        (heading0.ml ``title``: a look-ahead that must find a paragraph line)."""
        end = self._line_end(at)
        if end > at and self.text[at] not in _TITLE_CONSTRUCT_STARTS and not self._may_be_drawer(at):
            return end
        lookahead: list[Tok] = []
        for construct in (self._drawer, self._hr, self._table, self._latex_env, self._title_block, self._footnote):
            if construct(at, lookahead) >= 0:
                return at
        return end if end > at else -1

    def _title_block(self, at: int, out: list[Tok]) -> int:
        return self._block(at, out, hiccup=False)

    # ------------------------------------------------------------------ tables

    def _table(self, at: int, out: list[Tok]) -> int:
        """Consecutive ``| … |`` rows and separator lines (table.ml)."""
        text = self.text
        rows: list[Tok] = []
        line = at
        while line < self.n:
            start = skip_spaces(text, line)
            stop = self._line_end(start)
            body = ocaml_trim(text[start:stop])
            if not (text.startswith("|", start) and len(body) >= 2 and body.endswith("|")):
                break
            rows.append(tok("TABLE_ROW", text, line, stop))
            cell = start + 1
            last = text.rindex("|", start, stop)
            while cell <= last:
                bar = text.find("|", cell, last + 1)
                bar = last if bar < 0 else bar
                rows.append(tok("TABLE_CELL", text, cell, bar))
                rows.extend(self.inline_token(text, cell, bar, "cell", strip=True))
                cell = bar + 1
            nxt = self._eol_or_end(stop)
            if nxt == stop:
                line = stop
                break
            line = nxt
        if not rows:
            return -1
        out.append(tok("TABLE", text, at, line))
        out.extend(rows)
        out.append(tok("TABLE_END", text, line, line))
        return line

    # ------------------------------------------------------------------ LaTeX environments

    def _latex_env(self, at: int, out: list[Tok]) -> int:
        """``\\begin{name}`` … ``\\end{name}`` (latex_env.ml). The end may be anywhere, even
        mid-line. Without one the environment runs to the end of the page, unless a
        backslash comes too close to the end for an ``\\end{name}`` to fit after it."""
        found = _LATEX_BEGIN_RE.match(self.text, at)
        if not found:
            return -1
        closing = "\\end{" + found.group(1) + "}"
        close = self.finder.find_ascii_ci(closing, found.end())
        if close >= 0:
            end = close + len(closing)
        elif self.n - self.last_backslash < len(closing) and self.last_backslash >= found.end():
            return -1
        else:
            end = self.n
        out.append(tok("LATEX_ENV", self.text, at, end))
        return end

    # ------------------------------------------------------------------ blocks

    def _block(self, at: int, out: list[Tok], hiccup: bool = True) -> int:
        """Fences, ``#+BEGIN_X`` blocks, quotes, display math, raw HTML and hiccup
        (block0.ml ``block_parse``), each with the blank lines around it."""
        text = self.text
        start = skip_spaces(text, self._skip_eols(at))
        if start >= self.n:
            return -1
        char = text[start]
        if char == "#":
            end = self._begin_block(at, start, out)
        elif char == ">":
            end = self._quote(at, start, out)
        elif char in "`~":
            end = self._fence(at, start, out)
        elif char == "$":
            end = self._display_math(at, start, out)
        elif char == "<":
            end = self._raw_html(at, start, out)
        elif char == "[" and hiccup:
            end = self._hiccup(at, start, out)
        elif char == ":" and self.org:
            end = self._verbatim(at, start, out)
        else:
            return -1
        return end if end < 0 else self._skip_eols(end)

    def _line_end(self, at: int) -> int:
        """Offset of the line end at or after ``at`` (remembered: the scanner asks about the
        same line many times, and a line can be a megabyte long)."""
        start, end = self.line_span
        if start <= at <= end:
            return end
        end = line_end(self.text, at)
        self.line_span = (at, end)
        return end

    def _closing_line(self, kind: str, at: int) -> int:
        """The start of the first line at or after ``at`` that can close a construct of this
        kind (its trimmed text starts with the closing marker), or -1. The candidate lines
        are found once per text."""
        lines = self.closing_lines.get(kind)
        if lines is None:
            lines = self.closing_lines[kind] = [m.start() for m in _CLOSING_LINES[kind].finditer(self.text)]
        index = bisect_left(lines, at)
        return lines[index] if index < len(lines) else -1

    def _fence(self, at: int, start: int, out: list[Tok]) -> int:
        text = self.text
        if not text.startswith(("```", "~~~"), start):
            return -1
        info_end = self._line_end(start + 3)
        body = info_end + 1 if info_end < self.n else info_end
        close = self._closing_line("fence", body)
        if close < 0:
            return -1
        stop = self._line_end(close)
        language = text[skip_spaces(text, start + 3) : info_end].split(" ", 1)[0]
        out.append(tok("FENCE", text, at, stop, language))
        return stop

    def _begin_block(self, at: int, start: int, out: list[Tok]) -> int:
        text = self.text
        found = _BEGIN_RE.match(text, start)
        if not found:
            return -1
        name = found.group(1)
        body = found.end() + 1 if found.end() < self.n else found.end()
        prefix = "#+end_" + name.lower()
        close = self._closing_line("end", body)
        while close >= 0 and not ocaml_trim(text[close : self._line_end(close)]).lower().startswith(prefix):
            close = self._closing_line("end", close + 1)
        if close < 0:
            return -1
        stop = self._line_end(close)
        kind = name.lower()
        if kind in ("src", "example", "export", "comment"):
            out.append(tok("BEGIN_RAW", text, at, stop, name))
            return stop
        out.append(tok("BEGIN", text, at, stop, name))
        out.extend(self._reparse_begin_content(body, close))
        out.append(tok("BEGIN_END", text, stop, stop))
        return stop

    def _reparse_begin_content(self, body: int, close: int) -> list[Tok]:
        """The inside of a ``#+BEGIN_QUOTE`` or custom block, without the first line's
        indentation (block0.ml ``clear indents``), parsed again without blocks."""
        text = self.text
        pieces: list[tuple[int, int]] = []
        line = body
        while line < close:
            stop = min(self._line_end(line), close)
            pieces.append((line, stop))
            line = stop + 1 if stop < close else close
        if not pieces:
            return []
        first = text[pieces[0][0] : pieces[0][1]]
        indent = len(first) - len(first.lstrip(" \t"))
        derived: list[str] = []
        origin: list[int] = []
        for number, (line, stop) in enumerate(pieces):
            content = text[line:stop]
            stripped = content.lstrip(" \t\n\r\x0c")
            lead = len(content) - len(stripped)
            if indent and lead >= indent:
                skip = indent
            elif indent and stripped:
                skip = lead
            else:
                skip = 0
            derived.append(content[skip:])
            origin.extend(range(line + skip, stop))
            if number + 1 < len(pieces) or stop < close:
                derived.append("\n")
                origin.append(stop)
        return self._reparse("".join(derived), [*origin, close])

    def _reparse(self, derived: str, origin: list[int], parsers: str = "_block_content") -> list[Tok]:
        """Derived text (a quote's or a list item's inside) parsed again with the given
        parsers, its tokens moved back to the page offsets ``origin`` gives."""
        scanner = Scanner(
            derived, Format.ORG if self.org else Format.MARKDOWN, parsers == "_block_content", self.depth + 1
        )
        tokens = scanner.scan_content(getattr(scanner, parsers))
        shift(tokens, origin)
        return tokens

    def _quote(self, at: int, start: int, out: list[Tok]) -> int:
        """``>`` quote lines (block0.ml ``md_blockquote``), lazily continued until a blank
        line or a line that starts a new block; the content is parsed again."""
        text = self.text
        derived: list[str] = []
        origin: list[int] = []
        line = start + 1  # the first ">" is consumed before the per-line parser runs
        end = -1
        while line < self.n:
            head = skip_spaces(text, line)
            stop = self._line_end(head)
            if text.startswith(">", head) and skip_spaces(text, head + 1) == stop and stop < self.n:
                # An empty quoted line; its line end is consumed with it.
                derived.append("\n")
                origin.append(stop)
                end = stop
                line = self._eol_or_end(stop)
            else:
                content_start = skip_spaces(text, head + 1) if text.startswith(">", head) else head
                content = text[content_start:stop]
                if not content or self._starts_new_block(content):
                    break
                derived.append(content + "\n")
                origin.extend(range(content_start, stop + 1))
                end = stop
                line = stop
            line = self._eol_or_end(line) if line < self.n and text[line] in EOL else line
            if line == end:
                break
        if end < 0:
            return -1
        out.append(tok("QUOTE", text, at, end))
        out.extend(self._reparse("".join(derived), [*origin, end]))
        out.append(tok("QUOTE_END", text, end, end))
        return end

    @staticmethod
    def _starts_new_block(line: str) -> bool:
        return line.startswith(("- ", "# ")) or line[:5].lower() == "id:: " or line in ("-", "#")

    def _display_math(self, at: int, start: int, out: list[Tok]) -> int:
        text = self.text
        if not text.startswith("$$", start):
            return -1
        close = self.finder.find("$$", start + 2)
        if close < 0:
            return -1
        out.append(tok("DISPLAY_MATH", text, at, close + 2))
        return close + 2

    def _raw_html(self, at: int, start: int, out: list[Tok]) -> int:
        """Raw HTML (raw_html.ml): comments, ``<!…>``, or a known tag up to its matching
        close tag (counting nested opens) or the next ``/>``."""
        text = self.text
        if self.n - start < 10:
            return -1
        end = html_end(text, start, self.n, self.finder)
        if end < 0:
            return -1
        out.append(tok("RAW_HTML", text, at, end))
        return end

    def _hiccup(self, at: int, start: int, out: list[Tok]) -> int:
        """A hiccup form ``[:div …]`` up to its balancing ``]`` (extended/hiccup.ml)."""
        if self.hiccups is None:
            self.hiccups = Hiccups(self.text)
        end = self.hiccups.end(start, self.n)
        if end < 0:
            return -1
        out.append(tok("HICCUP", self.text, at, end))
        return end

    def _verbatim(self, at: int, start: int, out: list[Tok]) -> int:
        """Org ``:`` verbatim lines (block0.ml ``verbatim``)."""
        text = self.text
        line = at
        end = -1
        while line < self.n:
            first = skip_spaces(text, line)
            if first >= self.n or text[first] != ":":
                break
            end = self._line_end(first)
            nxt = self._eol_or_end(end)
            if nxt == end:
                break
            line = nxt
        if end < 0:
            return -1
        out.append(tok("VERBATIM", text, at, end))
        return end

    # ------------------------------------------------------------------ footnotes

    def _footnote(self, at: int, out: list[Tok]) -> int:
        """A footnote definition ``[^label]: text`` (``[fn:label] text`` in Org) and its
        continuation lines (footnote.ml)."""
        text = self.text
        start = skip_spaces(text, self._skip_eols(at))
        found = (_FOOTNOTE_ORG_RE if self.org else _FOOTNOTE_MD_RE).match(text, start)
        if not found:
            return -1
        line = found.end()
        pieces: list[tuple[int, int]] = []
        first = True
        while line < self.n:
            head = line if first else skip_spaces(text, line)
            stop = self._line_end(head)
            if stop - head < 2 or text[head] in "-*#[":
                break
            pieces.append((head, stop))
            first = False
            nxt = self._eol_or_end(stop)
            if nxt == stop:
                line = stop
                break
            line = nxt
        if not pieces:
            return -1
        end = self._skip_eols(pieces[-1][1])
        derived = "\n".join(text[a:b] for a, b in pieces)
        origin: list[int] = []
        for number, (a, b) in enumerate(pieces):
            origin.extend(range(a, b))
            if number + 1 < len(pieces):
                origin.append(b)
        origin.append(pieces[-1][1])
        out.append(tok("FOOTNOTE", text, at, end, found.group(1)))
        inline = self.inline_token(derived, 0, len(derived), "footnote")
        shift(inline, origin)
        out.extend(inline)
        return end

    # ------------------------------------------------------------------ lists

    def _lists(self, at: int, out: list[Tok]) -> int:
        """``* ``, ``+ `` and ``1. `` items (lists0.ml), which are never blocks, with the
        indented lines each swallows; in Markdown, failing that, a definition list."""
        start = self._skip_eols(at)
        first = skip_spaces(self.text, start)
        if first >= self.n:
            return -1
        if self.text[first] not in _LIST_STARTS:
            return -1 if self.org else self._definition_list(at, out)
        items: list[Tok] = []
        end = self._list_items(start, 0, items)
        if end >= 0:
            out.append(tok("LIST", self.text, at, end))
            out.extend(items)
            out.append(tok("LIST_END", self.text, end, end))
            return end
        return -1 if self.org else self._definition_list(at, out)

    def _indent(self, at: int) -> int:
        end = at
        while end < self.n and self.text[end] in " \t":
            end += 1
        return end - at

    def _list_items(self, at: int, last_indent: int, out: list[Tok]) -> int:
        text = self.text
        count = 0
        while at < self.n:
            indent = self._indent(at)
            if last_indent > indent or self._heading(at, []) >= 0:
                break
            found = (_LIST_MARK_ORG_RE if self.org and indent == 0 else _LIST_MARK_MD_RE).match(text, at + indent)
            if not found:
                break
            content_start = found.end()
            if content_start >= self.n or text[content_start] in EOL:
                break
            item: list[Tok] = []
            end = self._list_item(at, indent, content_start, found.group(1) is not None, item)
            if end < 0:
                break
            out.extend(item)
            count += 1
            at = end
        return at if count else -1

    def _list_item(self, at: int, indent: int, content_start: int, ordered: bool, out: list[Tok]) -> int:
        """One item: its first line, then every following line indented deeper than the
        item's marker that is not a bullet, until a blank line or an unindented line; a
        deeper item starts a nested list (lists0.ml ``content_parser``). An unordered item
        whose text ends with `` ::`` is a term with an empty definition."""
        text = self.text
        lines = [(content_start, self._line_end(content_start))]
        children: list[Tok] = []
        pos = lines[0][1]
        while True:
            if pos >= self.n:
                break
            pos = self._eol_or_end(pos)
            if pos < self.n and text[pos] in EOL:
                pos = self._eol_or_end(pos)  # a blank line ends the item
                break
            if pos >= self.n or text[pos] not in SPACE:
                break
            stop = self._line_end(pos)
            line = text[pos:stop]
            kind = self._list_line_kind(line)
            if kind == "heading":
                break
            if kind == "item":
                if self._indent(pos) <= indent:
                    break
                end = self._list_items(pos, self._indent(pos), children)
                if end < 0:
                    return -1
                children.insert(0, tok("LIST", text, pos, end))
                children.append(tok("LIST_END", text, end, end))
                pos = end
                break
            lines.append((pos, stop))
            pos = stop
        out.append(tok("LIST_ITEM", text, at, pos))
        derived, origin = self._joined_lines(lines)
        if not ordered and derived.endswith(" ::") and derived.find(" ::") == len(derived) - 3:
            term = self.inline_token(derived, 0, len(derived) - 3, "term")
            shift(term, origin)
            out.extend(term)
        else:
            out.extend(self._reparse(derived, origin, self.item_content))
        out.extend(children)
        out.append(tok("LIST_ITEM_END", text, pos, pos))
        return pos

    def _list_line_kind(self, line: str) -> str:
        """lists0.ml ``check_listitem`` on a continuation line."""
        indent = len(line) - len(line.lstrip(" \t"))
        rest = line[indent:]
        if _INT_PREFIX_RE.match(ocaml_trim(line)):
            return "item"
        if len(rest) >= 2:
            prefix = rest[:2]
            if self.org:
                if indent == 0 and prefix == "* ":
                    return "heading"
                return "item" if prefix in ("+ ", "- ") or (indent and prefix == "* ") else "text"
            if prefix == "- ":
                return "heading"
            return "item" if prefix in ("+ ", "* ") else "text"
        if len(rest) == 1 and rest == ("*" if self.org else "-") and (not self.org or indent == 0):
            return "heading"
        return "text"

    def _joined_lines(self, lines: list[tuple[int, int]]) -> tuple[str, list[int]]:
        """Lines trimmed and joined by newlines (how mldoc rebuilds a list item's text), with
        the page offset of every character."""
        text = self.text
        derived: list[str] = []
        origin: list[int] = []
        for number, (a, b) in enumerate(lines):
            raw = text[a:b]
            left = len(raw) - len(raw.lstrip(OCAML_TRIM))
            kept = raw.strip(OCAML_TRIM)
            if number:
                derived.append("\n")
                origin.append(lines[number - 1][1])
            derived.append(kept)
            origin.extend(range(a + left, a + left + len(kept)))
        origin.append(lines[-1][1])
        return "".join(derived), origin

    def _definition_list(self, at: int, out: list[Tok]) -> int:
        """A Markdown definition list: a line, then ``: definition`` lines
        (markdown_definition.ml), which swallow what follows until a blank line."""
        text = self.text
        next_line = skip_spaces(text, self._eol_or_end(self._line_end(at)))
        if next_line >= self.n or text[next_line] != ":":
            return -1
        start = at
        items: list[Tok] = []
        while start < self.n:
            term_start = skip_spaces(text, start)
            term_end = self._line_end(term_start)
            if term_end == term_start:
                break
            line = self._eol_or_end(term_end)
            if line == term_end:
                break
            definitions: list[tuple[int, int]] = []
            while line < self.n:
                head = skip_spaces(text, line)
                stop = self._line_end(head)
                body = text[head:stop]
                definition = body[1:].lstrip(SPACE) if body[1:2] in tuple(SPACE) else ""
                if (body.startswith(":") and len(definition) >= 2 and definition[0] not in "#:") or (
                    definitions and stop - head >= 2 and text[head] not in "#:"
                ):
                    definitions.append((head, stop))
                else:
                    break
                nxt = self._eol_or_end(stop)
                if nxt == stop:
                    line = stop
                    break
                line = nxt
            if not definitions:
                break
            items.append(tok("LIST_ITEM", text, start, line))
            items.extend(self.inline_token(text, term_start, term_end, "term"))
            groups: list[list[tuple[int, int]]] = []
            for head, stop in definitions:
                if text[head] == ":":  # a new definition, without its ": "
                    groups.append([])
                    head = skip_spaces(text, head + 1)
                groups[-1].append((head, stop))
            for lines in groups:
                # A definition's lines, trimmed and joined, are one paragraph (inline only).
                derived, origin = self._joined_lines(lines)
                inline = self.inline_token(derived, 0, len(derived), "paragraph")
                shift(inline, origin)
                items.append(tok("PARAGRAPH", text, lines[0][0], lines[-1][1]))
                items.extend(inline)
            items.append(tok("LIST_ITEM_END", text, line, line))
            start = self._skip_eols(line)
        if not items:
            return -1
        out.append(tok("LIST", text, at, start))
        out.extend(items)
        out.append(tok("LIST_END", text, start, start))
        return start

    # ------------------------------------------------------------------ re-parsed content

    def _block_content(self, at: int, out: list[Tok]) -> int:
        """block0.ml ``block_content_parsers``: what a quote or custom block may hold."""
        constructs = (self._directive, self._table, self._lists, self._block, self._latex_env, self._hr, self._comment)
        return self._content(at, out, constructs)

    def _list_content(self, at: int, out: list[Tok]) -> int:
        """mldoc_parser.ml ``list_content_parsers``: what a list item may hold."""
        return self._content(at, out, (self._table, self._block, self._latex_env, self._hr, self._comment))

    def _block_list_content(self, at: int, out: list[Tok]) -> int:
        """block0.ml ``list_content_parsers``: what a list item inside a quote may hold."""
        constructs = (self._table, self._block, self._directive, self._latex_env, self._hr, self._comment)
        return self._content(at, out, constructs)

    def _content(self, at: int, out: list[Tok], constructs: tuple[Callable[[int, list[Tok]], int], ...]) -> int:
        for construct in constructs:
            end = construct(at, out)
            if end >= 0:
                return end
        if self.text[at] in EOL:
            return self._sep(at, out)
        return self._paragraph_line(at, out)

    # ------------------------------------------------------------------ paragraphs

    def _paragraphs(self, items: list[Tok]) -> list[Tok]:
        """Join runs of paragraph lines and blank lines into paragraphs, whose inline content
        mldoc parses as one text (paragraph.ml ``concat_paragraph_lines``)."""
        out: list[Tok] = []
        run: list[Tok] = []
        for item in items:
            if item.type in ("PARA_LINE", "SEP"):
                run.append(item)
                continue
            if run:
                self._paragraph(run, out)
                run = []
            out.append(item)
        if run:
            self._paragraph(run, out)
        return out

    def _paragraph(self, run: list[Tok], out: list[Tok]) -> None:
        start, end = run[0].start_pos, run[-1].end_pos
        assert start is not None and end is not None
        out.append(tok("PARAGRAPH", self.text, start, end))
        # Every line end becomes a newline: CR LF counts as two, as in mldoc.
        out.extend(self.inline_token(self.text, start, end, "paragraph", newlines=True))
