"""The inline layer's scanner: mldoc's inline parser, reading text into the pieces that
``parser.py`` hands to ``grammar/inline.lark`` as tokens.

At each position mldoc looks at the character and tries the constructs that can start with
it, in a fixed order; when none matches, it takes plain text: a run of ordinary characters,
a run of spaces, an escaped character, or one delimiter. Constructs that start with an
ordinary character (``((``, ``{{``, ``<``, ``!``, bare URLs) can therefore only start where a
plain run stopped: after a delimiter or another construct. ``x((uuid))`` is no block ref.

What matters to Logseq is reproduced exactly: where page refs, nested links, tags, block
refs, macros and links start and end, what hides them (code, math, URLs, HTML, link labels,
emphasis for tags), and mldoc's own quirks (the greedy emphasis body, the committed choice in
macro arguments, backslash unescaping). Every mldoc node boundary that Logseq looks at is
kept: a paragraph whose first or second node is a timestamp is dropped by Logseq.

The scanner never backtracks more than one construct's extent, and it remembers where a
closing delimiter was last found, so unclosed ``[[``, ``((`` or backticks cost linear time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .chars import Finder

# Characters at which a plain-text run stops (mldoc ``plain_delims``).
_MD_DELIMS = frozenset("\\_^[*~`=$# \t\n\r\x0c")
_ORG_DELIMS = frozenset("\\_^[*/+$# \t\n\r\x0c")
_SPACES = " \t\x0c\x1a"
_WHITESPACE = frozenset(" \t\n\r\x0c")
# What a backslash escapes in Markdown (and so what the unescape pass removes).
_MD_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~\\")
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_TAG_ENDERS = frozenset(",;.!?'\":")  # the ones that end a tag only when trailing: . ;
_TAG_ALWAYS_END = frozenset("#,!?'\":")
_UNDERLINE_DELIMS = _PUNCT | _WHITESPACE
_MD_EMPHASIS = {"*": ("***", "**", "*"), "_": ("___", "__", "_"), "~": ("~~",), "=": ("==",), "^": ("^^",)}
_ORG_EMPHASIS = {"*": ("*",), "/": ("/",), "+": ("+",), "_": ("_",), "^": ("^^",)}

_UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
# inline.ml ``date_time``: a date (a word that OCaml's ``sscanf "%d-%d-%d"`` reads, whatever
# follows the third number), a space, a day name, up to two more words, then the closing
# character; by closing character.
_DATE_RE = {
    close: re.compile(
        rf"[+-]?\d+-[+-]?\d+-[+-]?\d+[^ \t\r\n{re.escape(close)}]*[ \t][A-Za-z]+(?:[ \t][^ \t\r\n{re.escape(close)}]+){{0,2}}"
    )
    for close in ">]"
}
_KEYWORD_TS_RE = re.compile(r"(SCHEDULED|DEADLINE|CLOSED|CLOCK):[ \t]+", re.IGNORECASE)
_TARGET_RE = re.compile(r"<<<[^>\r\n]+>>>|<<[^>\r\n]+>>")
_COOKIE_RE = re.compile(r"\[(?:\d*/\d*|\d*%)\]")
_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\s]+\]")
_ORG_FOOTNOTE_REF_RE = re.compile(r"\[fn:[^\]\r\n]*\]")
_SNIPPET_RE = re.compile(r"@@[^\s:@]+: [^@\r\n]*@@")
_URL_RE = re.compile(r"[A-Za-z0-9]+://[^ \t\x0c\x1a\r\n\[\]<>{}()/?#]+")
_AUTOLINK_RE = re.compile(r"<([A-Za-z0-9]+):([^ >\r\n]+)>")
_EMAIL_RE = re.compile(r"<[^\s<>@]+@[^\s<>@]+>")
_MACRO_NAME_END = re.compile(r"[}( ]")


def _plain_only(text: str, org: bool, mode: str) -> bool:
    """Whether a text is plain text through and through: nothing can start anywhere in it."""
    return _anything_starts(org, mode == VALUE_NO_MACROS).search(text) is None


@cache
def _anything_starts(org: bool, no_macros: bool) -> re.Pattern[str]:
    # \x1a may end a run of blanks after which anything starts (see ``parse_range``): rare
    # enough to read such a text in full.
    return re.compile(rf"\A(?:{_STARTS_AT_ZERO.pattern})|{_starts(org, False, no_macros).pattern}|\x1a")


# The constructs that begin with an ordinary character can also start a text.
_STARTS_AT_ZERO = re.compile(r"\(\(|\{\{|<|!\[|@@|=|~|[A-Za-z0-9]+://|(?i:scheduled|deadline|closed|clock):")


@cache
def _starts(org: bool, restricted: bool, no_macros: bool) -> re.Pattern[str]:
    """Where, after a plain run, the next construct may start: at a delimiter that opens
    something, or (after any delimiter, spaces included) at one of the constructs that begin
    with an ordinary character."""
    if restricted:  # and at a backslash, which takes the next character with it
        return re.compile(r"[\\*/+_^\[]" if org else r"[\\*~=_^\[]")
    delims = re.escape("".join(sorted(_ORG_DELIMS if org else _MD_DELIMS)))
    openers = r"[\\_^\[*/+$#\n]" if org else r"[\\_^\[*~`=$#\n]"
    after_delim = [r"\(\(", "<", "@@", r"[A-Za-z0-9]+://", r"(?i:scheduled|deadline|closed|clock):"]
    if not no_macros:
        after_delim.append(r"\{\{")
    after_delim.append(r"!\[")  # an image, in Org too
    if org:
        after_delim.append("[=~]")
    # Markdown's hard line break: a run of blanks that starts with a space, two or more
    # long, before a line end (markdown_line_breaks.ml); Org has none.
    hard_break = "" if org else r"|(?<![ \t\x1a\x0c]) [ \t\x1a\x0c]+\r?\n"
    after = "|".join(after_delim)
    # A run of blanks is one plain piece, and \x1a is a blank but no delimiter: where such a
    # run ends in \x1a, the run itself is found (``parse_range`` then tries what follows).
    # Tried once per stretch of blanks, at its start, and never backtracked: linear time.
    blank_run = rf"|(?<![ \t\x0c\x1a])\x1a*+[ \t\x0c][ \t\x0c\x1a]*+(?<=\x1a)(?={after})"
    return re.compile(rf"{openers}|(?<=[{delims}])(?:{after}){blank_run}{hard_break}")


HTML_TAGS = frozenset(
    [
        "a",
        "abbr",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "bdi",
        "bdo",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "datalist",
        "dd",
        "del",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "keygen",
        "label",
        "legend",
        "li",
        "link",
        "main",
        "map",
        "mark",
        "meta",
        "meter",
        "nav",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "pre",
        "progress",
        "q",
        "rb",
        "rp",
        "rt",
        "rtc",
        "ruby",
        "s",
        "samp",
        "script",
        "section",
        "select",
        "small",
        "source",
        "span",
        "strong",
        "style",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "u",
        "ul",
        "var",
        "video",
        "details",
        "summary",
        "wbr",
    ]
)

# Parse modes: the page parse unescapes plain text and page-ref names; property values are
# parsed without unescaping (and, for their "reference list", without macros).
PAGE, VALUE, VALUE_NO_MACROS = "page", "value", "value_no_macros"


@dataclass(slots=True)
class Piece:
    """One mldoc inline node before it becomes tokens: ``kind`` is the token type, and
    containers keep their children."""

    kind: str
    start: int
    end: int
    data: object = None
    children: list[Piece] | None = None


class InlineScanner:
    """Scans inline text (a title, a paragraph, a property value…) into inline tokens."""

    def __init__(self, org: bool) -> None:
        self.org = org

    def scan(
        self,
        text: str,
        start: int,
        end: int,
        context: str,
        newlines: bool = False,
        strip: bool = False,
    ) -> tuple[int, int, list[Piece]] | None:
        """The inline pieces of ``text[start:end]`` with where they are (None for empty
        text). ``newlines``: line ends count as newlines (a paragraph, where CR LF is two);
        ``strip``: trim the text first (table cells)."""
        if strip:
            while start < end and text[start] in " \t\n\r\x0c":
                start += 1
            while end > start and text[end - 1] in " \t\n\r\x0c":
                end -= 1
        if end <= start:
            return None
        chunk = text[start:end]
        if newlines:
            chunk = chunk.replace("\r", "\n")
        mode = PAGE if context in ("title", "paragraph", "cell", "footnote", "term") else VALUE
        if _plain_only(chunk, self.org, mode):
            return start, end, [Piece("TEXT", start, end, chunk)]
        pieces = _Parser(chunk, self.org, mode).parse_all()
        if start:
            move_pieces(pieces, lambda offset: offset + start)
        return start, end, pieces

    def pieces(self, text: str, mode: str) -> list[Piece]:
        """mldoc's top-level inline nodes for a text (used for property values)."""
        return _Parser(text, self.org, mode).parse_all()


def move_pieces(pieces: list[Piece], to: Callable[[int], int], limit: int | None = None) -> None:
    """Move pieces (and their children) to other offsets, none ending past ``limit``."""
    for piece in pieces:
        end = to(piece.end - 1) + 1 if piece.end > piece.start else to(piece.start)
        piece.start = to(piece.start)
        piece.end = end if limit is None else min(end, limit)
        if piece.children:
            move_pieces(piece.children, to, limit)


def has_children(pieces: list[Piece]) -> bool:
    return any(piece.children is not None for piece in pieces)


def unescape(text: str) -> str:
    """mldoc's ``md_unescaped`` pass: ``\\X`` → ``X`` for escapable ``X``, left to right."""
    if "\\" not in text:
        return text
    out = []
    at = 0
    while at < len(text):
        char = text[at]
        if char == "\\" and at + 1 < len(text) and text[at + 1] in _MD_ESCAPABLE:
            out.append(text[at + 1])
            at += 2
        else:
            out.append(char)
            at += 1
    return "".join(out)


def is_uuid(text: str) -> bool:
    return bool(_UUID_RE.match(text))


class _Parser:
    """One inline parse of one text (mldoc ``Inline.parse`` with its mutable state)."""

    def __init__(self, text: str, org: bool, mode: str, restricted: bool = False) -> None:
        self.s = text
        self.n = len(text)
        self.org = org
        self.mode = mode
        self.unescape = mode == PAGE and not org
        self.delims = _ORG_DELIMS if org else _MD_DELIMS
        self.closers = Finder(text)
        # Inside emphasis only emphasis, sub/superscripts, links and plain text are parsed.
        self.restricted = restricted
        self.starts = _starts(org, restricted, mode == VALUE_NO_MACROS)
        # Emphasis bodies already read, by marker and end (see _EmphasisBody).
        self.emphasis_memo: dict[tuple[str, int], dict[tuple[int, str | None], Any]] = {}
        self.hiccups: Hiccups | None = None
        # Computed on first use: where a link label or target starting at each offset ends.
        self.label_ends: list[int] | None = None
        self.url_ends: list[int] | None = None
        # Where each [[ that a left-to-right scan sees is balanced by a ]] (-1: never).
        self.ref_pairs: dict[int, int] | None = None
        # mldoc's last_plain_char: the last character of the last plain text produced.
        self.last_plain: str | None = None

    # ------------------------------------------------------------------ the main loop

    def parse_all(self) -> list[Piece]:
        return self.parse_range(0, self.n)

    def parse_range(self, at: int, end: int) -> list[Piece]:
        """mldoc's inline loop over ``[at, end)``. Between the positions where a construct
        can start, everything is plain text, so the loop jumps from one to the next."""
        out: list[Piece] = []
        s = self.s
        search = self.starts.search
        text_start = -1
        texts: list[str] = []
        while at < end:
            piece = self.construct(at, end)
            if piece is not None and piece.kind != "TEXT":
                if texts:
                    out.append(Piece("TEXT", text_start, at, "".join(texts)))
                    texts = []
                out.append(piece)
                at = piece.end
                continue
            if piece is not None:  # an entity, read as text
                stop = piece.end
                value = str(piece.data)
            else:
                stop = self.plain_end(at, end)
                value = s[at:stop]
                if self.unescape and value[0] == "\\":
                    value = unescape(value)
                self.last_plain = s[stop - 1]
            if piece is not None or (stop == at + 2 and s[at] == "\\") or s[stop - 1] == "\x1a":
                # After an entity, an escape, or a piece ending in \x1a (a blank, but no
                # delimiter, so ``starts`` cannot see a piece ended), anything may start.
                following = stop
            else:
                found = search(s, stop, end)
                following = found.start() if found else end
            if following > stop:
                value += s[stop:following]
                self.last_plain = s[following - 1]
            if not texts:
                text_start = at
            texts.append(value)
            at = following
        if texts:
            out.append(Piece("TEXT", text_start, at, "".join(texts)))
        return out

    def _append(self, out: list[Piece], piece: Piece) -> None:
        """Adjacent plain texts are one node, as mldoc concatenates them."""
        if piece.kind == "TEXT" and out and out[-1].kind == "TEXT" and out[-1].end == piece.start:
            last = out[-1]
            out[-1] = Piece("TEXT", last.start, piece.end, str(last.data) + str(piece.data))
        else:
            out.append(piece)

    def construct(self, at: int, end: int) -> Piece | None:
        """The first construct that matches at ``at`` (mldoc ``inline_choices``): those
        that can start with the character there, in mldoc's order."""
        if self.restricted:
            table = _RESTRICTED_ORG if self.org else _RESTRICTED
        else:
            table = _ORG_CHOICES if self.org else _MD_CHOICES
        for attempt in table.get(self.s[at], () if self.restricted else _OTHER_CHOICES):
            piece = attempt(self, at, end)
            if piece is not None:
                return piece
        return None

    def line_break(self, at: int, end: int) -> Piece | None:
        return Piece("BREAK", at, at + 1)

    def link(self, at: int, end: int) -> Piece | None:
        return self.markdown_link(at, end, image=False)

    def plain_end(self, at: int, end: int) -> int:
        """Where mldoc's plain text starting at ``at`` ends: a run of ordinary characters, a
        run of spaces, an escaped character, or a single delimiter."""
        s = self.s
        char = s[at]
        stop = at + 1
        if char not in self.delims:
            while stop < end and s[stop] not in self.delims:
                stop += 1
        elif char in _SPACES:
            while stop < end and s[stop] in _SPACES:
                stop += 1
        elif char == "\\" and stop < end and s[stop] < "\x80" and s[stop] not in "\r\n":
            stop += 1  # mldoc reads a backslash and the byte after it as one piece
        return stop

    # ------------------------------------------------------------------ references

    def _ref_body_end(self, at: int, end: int) -> int:
        """Offset of the ``]]`` ending a ``[[name]]`` body that starts at ``at``: the first
        one on the same line that a backslash does not escape (backslash pairs are taken two
        characters at a time); -1 if none."""
        s = self.s
        i = at
        while True:
            close = self.closers.find("]]", i, end)
            if close < 0 or self._newline_between(i, close):
                return -1
            escape = self.closers.find("\\", i, close)
            if escape < 0:
                return close
            # Walk the backslash pairs up to the candidate.
            j = escape
            while j < close:
                j += 2 if s[j] == "\\" else 1
            if j == close:
                return close
            i = j

    def _newline_between(self, start: int, stop: int) -> bool:
        found = self.closers.find("\n", start, stop)
        return found >= 0

    def page_ref(self, at: int, end: int) -> Piece | None:
        """``[[name]]``: one line, at least one character, up to the first ``]]``."""
        if not self.s.startswith("[[", at):
            return None
        close = self._ref_body_end(at + 2, end)
        if close <= at + 2:
            return None
        name = self.s[at + 2 : close]
        return Piece("PAGE_REF", at, close + 2, unescape(name) if self.unescape else name)

    def nested_link(self, at: int, end: int) -> Piece | None:
        """``[[a [[b]]]]`` (extended/nested_link.ml): balanced ``[[``/``]]``, which may span
        lines, whose inside splits into labels and inner links; at least two parts."""
        s = self.s
        if not s.startswith("[[", at):
            return None
        # Without a [[ before the first ]], the inside is one part: no nested link.
        first_close = self.closers.find("]]", at + 2, end)
        if first_close < 0 or s.find("[[", at + 2, first_close) < 0:
            return None
        close = self._balanced_close(at, end)
        if close < 0:
            return None
        children = self._nested_parts(at + 2, close)
        if children is None or len(children) < 2:
            return None
        return Piece("NESTED", at, close + 2, self.s[at + 2 : close], children)

    def _balanced_close(self, at: int, end: int) -> int:
        """Offset of the ``]]`` that balances the ``[[`` at ``at``, or -1 (mldoc counts
        ``[[`` and ``]]`` as they come, left to right)."""
        if self.ref_pairs is None:
            self.ref_pairs = _ref_pairs(self.s)
        close = self.ref_pairs.get(at)
        if close is None:  # a [[ that the left-to-right reading does not see as one
            close = self._walk_to_balance(at)
        return close if close >= 0 and close + 2 <= end else -1

    def _walk_to_balance(self, at: int) -> int:
        s = self.s
        level = 1
        i = at + 2
        while True:
            close = self.closers.find("]]", i, self.n)
            if close < 0:
                return -1
            level += s.count("[[", i, close) - 1
            if level <= 0:
                return close
            i = close + 2

    def _nested_parts(self, start: int, stop: int, depth: int = 0) -> list[Piece] | None:
        """Split a nested link's inside into label text and inner ``[[…]]`` groups. Past
        ``_MAX_NESTING`` levels an inner group is read as a page ref as it stands."""
        s = self.s
        parts: list[Piece] = []
        i = start
        while i < stop:
            if s.startswith("[[", i):
                close = self._balanced_close(i, stop + 2)
                if close < 0 or close + 2 > stop:
                    return None
                inner = self._nested_parts(i + 2, close, depth + 1) if depth < _MAX_NESTING else None
                # An inner group that does not split into parts is a plain page ref.
                if inner is not None and len(inner) >= 2:
                    parts.append(Piece("NESTED", i, close + 2, s[i + 2 : close], inner))
                else:
                    name = s[i + 2 : close]
                    parts.append(Piece("PAGE_REF", i, close + 2, unescape(name) if self.unescape else name))
                i = close + 2
            elif s[i] == "[":
                return None
            else:
                j = s.find("[", i, stop)
                j = stop if j < 0 else j
                parts.append(Piece("TEXT", i, j, s[i:j]))
                i = j
        return parts

    def block_ref(self, at: int, end: int) -> Piece | None:
        """``((target))``: any characters but ``)``, newlines included."""
        s = self.s
        if not s.startswith("((", at):
            return None
        close = self.closers.find(")", at + 2, end)
        if close <= at + 2 or not s.startswith("))", close):
            return None
        return Piece("BLOCK_REF", at, close + 2, s[at + 2 : close])

    def tag(self, at: int, end: int) -> Piece | None:
        """``#name`` (extended/hash_tag.ml): the name runs to whitespace or one of
        ``, ! ? ' " : #``; ``.`` and ``;`` end it only when trailing; it may hold page refs."""
        s = self.s
        i = at + 1
        while i < end:
            char = s[i]
            if char in _WHITESPACE or char in _SPACES:
                break
            if char == "[" and s.startswith("[[", i):
                close = self._ref_body_end(i + 2, end)
                if close > i + 2:
                    i = close + 2
                    continue
            if char in _TAG_ENDERS:
                j = i
                while j < end and (s[j] in _TAG_ENDERS or s[j] == "#"):  # "#a.#": "." trails
                    j += 1
                if j >= end or s[j] in _WHITESPACE or s[j] in _SPACES:
                    break
                if char in _TAG_ALWAYS_END:
                    break
                i += 1
                continue
            if char == "#":
                break
            i += 1
        if i == at + 1:
            return None
        parts = self._tag_parts(at + 1, i)
        if all(part.kind == "TEXT" for part in parts):
            # A tag whose name is plain text is a single token: its name, and its text as
            # written (they differ for "#[[]]", whose name is empty).
            return Piece("TAG_NAME", at, i, (_tag_value(parts, s), "".join(str(part.data) for part in parts)))
        return Piece("TAG", at, i, _tag_value(parts, s), parts)

    def _tag_parts(self, start: int, stop: int) -> list[Piece]:
        """A tag's name re-read as parts: plain runs, links, single characters."""
        s = self.s
        parts: list[Piece] = []
        i = start
        while i < stop:
            piece: Piece | None = None
            if s[i] == "[":
                piece = (
                    self.nested_link(i, stop)
                    or (self.org_link(i, stop) if self.org else None)
                    or self.page_ref(i, stop)
                    or self.markdown_link(i, stop, image=False)
                )
            if piece is None:
                j = i + 1
                if s[i] not in " [":
                    while j < stop and s[j] not in " [":
                        j += 1
                piece = Piece("TEXT", i, j, s[i:j])
            self._append(parts, piece)
            i = piece.end
        if self.unescape:  # once plain pieces are joined ("\\" then "[" is an escaped "[")
            parts = [Piece("TEXT", p.start, p.end, unescape(str(p.data))) if p.kind == "TEXT" else p for p in parts]
        return parts

    # ------------------------------------------------------------------ links

    def markdown_link(self, at: int, end: int, image: bool) -> Piece | None:
        """``[label](url)`` (or an image after ``!``): the label on one line, the url up to
        its matching ``)``; mldoc then classifies the url."""
        s = self.s
        if s[at] != "[" or (self.org and not image):  # Org reads Markdown images, not links
            return None
        label_end = self._label_end(at + 1, end)
        if label_end < 0 or not s.startswith("(", label_end + 1):
            return None
        url_end = self._url_end(label_end + 2, end)
        if url_end < 0:
            url_end = self._url_end_open(label_end + 2, end)
        if url_end < 0:
            return None
        label = self._label(at + 1, label_end)
        kind, target = _classify_url(s[label_end + 2 : url_end])
        start = at - 1 if image else at
        return _link(
            start, self._metadata_end(url_end + 1, end), (kind, target, image, _first_label_text(label)), label
        )

    def _metadata_end(self, at: int, end: int) -> int:
        """A link swallows ``{…}`` right after it (its "metadata", e.g. an image's
        ``{width 500}``), up to the first ``}`` on the same line (inline.ml ``metadata``)."""
        if at < end and self.s[at] == "{":
            close = self.closers.find("}", at + 1, end)
            if close >= 0 and self.s.find("\n", at + 1, close) < 0 and self.s.find("\r", at + 1, close) < 0:
                return close + 1
        return at

    def _label_end(self, at: int, end: int) -> int:
        """The ``]`` ending a link label that starts at ``at``: brackets balanced, escapes
        and code skipped, on one line; -1 if none."""
        # Once one scan was long, the answers for every offset (kept) are cheaper.
        found = None if self.label_ends is not None else _bracket_end(self.s, at, "[", "]", not self.org, None)
        if found is None:
            if self.label_ends is None:
                self.label_ends = _bracket_ends(self.s, "[", "]", code=not self.org, escapes=None)
            found = self.label_ends[at]
        return found if 0 <= found < end else -1

    def _url_end(self, at: int, end: int) -> int:
        """The ``)`` ending a link target that starts at ``at``: parentheses balanced, ``\\(``
        and ``\\)`` escaped, on one line; -1 if none."""
        found = None if self.url_ends is not None else _bracket_end(self.s, at, "(", ")", False, "()")
        if found is None:
            if self.url_ends is None:
                self.url_ends = _bracket_ends(self.s, "(", ")", code=False, escapes="()")
            found = self.url_ends[at]
        return found if 0 <= found < end else -1

    def _url_end_open(self, at: int, end: int) -> int:
        """mldoc's second way to end a link target (inline.ml ``link_url_part``): when its
        parentheses stay open to the line's end and the line ends with ``)``, that ``)``
        ends the link (``[a]( ((b))`` links to `` ((b)``); -1 otherwise. Called when no
        ``)`` closes the target, so none is unmatched before the line's end."""
        s = self.s
        stop = min(
            [found for found in (self.closers.find("\n", at), self.closers.find("\r", at)) if found >= 0] + [end]
        )
        return stop - 1 if stop > at and s[stop - 1] == ")" else -1

    def _label(self, start: int, stop: int) -> list[Piece]:
        """A link label: inline code, emphasis and plain text (no references)."""
        sub = _Parser(self.s[:stop], self.org, self.mode, restricted=True)
        sub.closers = self.closers
        pieces: list[Piece] = []
        i = start
        while i < stop:
            piece: Piece | None = None
            if self.s[i] == "`":
                piece = sub.code(i, stop)
            elif self.s[i] in "*_~=^":
                piece = sub.emphasis(i, stop)
                if piece is not None:
                    piece = Piece("OPAQUE", piece.start, piece.end, "emphasis")
            if piece is None:
                j = i + 1
                while j < stop and self.s[j] not in "`*_~=^":
                    j += 1
                raw = self.s[i:j]
                piece = Piece("TEXT", i, j, unescape(raw) if self.unescape else raw)
            self._append(pieces, piece)
            i = piece.end
        return pieces

    def image(self, at: int, end: int) -> Piece | None:
        if not self.s.startswith("![", at):
            return None
        return self.markdown_link(at + 1, end, image=True)

    def org_link(self, at: int, end: int) -> Piece | None:
        """Org ``[[target][label]]`` and ``[[target]]`` links (inline.ml ``org_link``)."""
        s = self.s
        if not s.startswith("[[", at):
            return None
        target_end = self.closers.find("]", at + 2, end)
        if target_end < 0:
            return None
        target = s[at + 2 : target_end]
        if target and s.startswith("][", target_end):  # then the target may span lines
            label_start = target_end + 2
            depth = 0
            i = label_start
            while i < end:
                if s[i] == "[":
                    depth += 1
                elif s[i] == "]":
                    if depth == 0:
                        break
                    depth -= 1
                i += 1
            if not s.startswith("]]", i):
                return None
            label = s[label_start:i]
            kind, ref = _classify_org_link(target, label)
            label_pieces = [Piece("TEXT", label_start, i, label)] if label else []
            return _link(at, self._metadata_end(i + 2, end), (kind, ref, False, label or None), label_pieces)
        # No label: the target runs to "]]" (a single "]" may be in it).
        close = target_end if s.startswith("]]", target_end) else self.closers.find("]]", target_end, end)
        target = s[at + 2 : close]
        if close < 0 or "\n" in target:
            return None
        if target.startswith("file:") and close == target_end:
            name = [Piece("TEXT", at + 2, target_end, target)]
            return _link(at, target_end + 2, ("file", target, False, target), name)
        if "://" in target:
            return _link(at, close + 2, ("url", target, False, None), [])
        return None  # an ordinary [[page]]: page_ref takes it

    def autolink(self, at: int, end: int) -> Piece | None:
        found = _AUTOLINK_RE.match(self.s, at, end)
        if not found:
            return None
        protocol, rest = found.group(1), found.group(2)
        target = rest[2:] if rest.startswith("//") else rest
        kind = "id" if protocol == "id" else "url"
        return _link(at, found.end(), (kind, target, False, None), [])

    def email(self, at: int, end: int) -> Piece | None:
        found = _EMAIL_RE.match(self.s, at, end)
        return Piece("OPAQUE", at, found.end(), "email") if found else None

    def url(self, at: int, end: int) -> Piece | None:
        """A bare URL ``proto://host/path`` (only where a plain run would start)."""
        s = self.s
        found = _URL_RE.match(s, at, end)
        if not found:
            return None
        i = found.end()
        if i < end and s[i] in "/?#":
            depth = {"(": 0, "[": 0}
            while i < end and s[i] not in " \t\x0c\x1a\r\n":
                char = s[i]
                if char in "([":
                    depth[char] += 1
                elif char == ")":
                    if depth["("] == 0:
                        break
                    depth["("] -= 1
                elif char == "]":
                    if depth["["] == 0:
                        break
                    depth["["] -= 1
                i += 1
            j = i
            while j > found.end() and s[j - 1] in ",;.!?":
                j -= 1
            if j < i and (i >= end or s[i] in " \t\x0c\x1a\r\n"):
                i = j
        target = s[at:i]
        protocol = target.split(":", 1)[0]
        kind = "id" if protocol == "id" else "url"
        return _link(at, i, (kind, target, False, None), [])

    # ------------------------------------------------------------------ macros

    def macro(self, at: int, end: int) -> Piece | None:
        """``{{name args}}`` or ``{{{name args}}}``; the arguments must parse completely
        (commas between page refs, block refs, quoted strings or plain runs). Property values
        are also read without macros (mldoc's reference list for them)."""
        if self.mode == VALUE_NO_MACROS:
            return None
        s = self.s
        for opening, closing in (("{{{", "}}}"), ("{{", "}}")):
            if not s.startswith(opening, at):
                continue
            body_start = at + len(opening)
            i = body_start
            while i < end and s[i] not in "}\r\n":
                i += 1
            if i == body_start or not s.startswith(closing, i):
                continue
            body = s[body_start:i]
            if body[0] == " ":
                continue
            name_end = _MACRO_NAME_END.search(body)
            name = body[: name_end.start()] if name_end else body
            if not name:
                continue
            arguments = _macro_arguments(body[len(name) :])
            if arguments is None:
                continue
            return Piece("MACRO", at, i + len(closing), (name, tuple(arguments)))
        return None

    # ------------------------------------------------------------------ code, math, markup

    def code(self, at: int, end: int) -> Piece | None:
        """Inline code: one backtick and no newline, else two backticks (may span lines)."""
        s = self.s
        if not s.startswith("`", at):
            return None
        close = self.closers.find("`", at + 1, end)
        if close > at + 1 and not self._newline_between(at + 1, close):
            return Piece("CODE", at, close + 1, s[at + 1 : close])
        if s.startswith("``", at):
            close = self.closers.find("``", at + 2, end)
            if close >= 0:
                return Piece("CODE", at, close + 2, s[at + 2 : close])
        return None

    def org_verbatim(self, at: int, end: int) -> Piece | None:
        """Org ``=verbatim=`` and ``~code~``: one line, not empty."""
        s = self.s
        marker = s[at]
        close = self.closers.find(marker, at + 1, end)
        if close <= at + 1 or self._newline_between(at + 1, close):
            return None
        return Piece("CODE", at, close + 1, s[at + 1 : close])

    def math(self, at: int, end: int) -> Piece | None:
        """``$$…$$`` (one line) or ``$…$`` whose inside does not start with a space nor end
        with a space or an opening bracket."""
        s = self.s
        if s.startswith("$$", at):
            close = self.closers.find("$", at + 2, end)
            if close >= at + 2 and s.startswith("$$", close) and not self._newline_between(at + 2, close):
                return Piece("MATH", at, close + 2)
        if at + 1 >= end or s[at + 1] == " ":
            return None
        close = self.closers.find("$", at + 2, end)
        if close < 0 or self._newline_between(at + 2, close):
            return None
        if close - (at + 1) >= 2 and s[close - 1] in " ([{":
            return None
        if s[at + 1] == "$":
            return None
        return Piece("MATH", at, close + 1)

    def latex(self, at: int, end: int) -> Piece | None:
        """``\\(…\\)`` and ``\\[…\\]``, which may span lines."""
        s = self.s
        for opening, closing in (("\\(", "\\)"), ("\\[", "\\]")):
            if s.startswith(opening, at):
                close = self.closers.find(closing, at + 2, end)
                if close >= 0:
                    return Piece("MATH", at, close + 2)
        return None

    def script(self, at: int, end: int) -> Piece | None:
        """Sub- and superscripts ``_{…}`` and ``^{…}``."""
        s = self.s
        if not s.startswith("{", at + 1):
            if self.org:
                # Org reads a_b and a^b without braces, up to the next space (newlines too).
                i = at + 1
                while i < end and s[i] not in _SPACES:
                    i += 1
                if i > at + 1:
                    return Piece("OPAQUE", at, i, "script")
            return None
        close = self.closers.find("}", at + 2, end)
        if close < 0 or self._newline_between(at, close):
            return None
        return Piece("OPAQUE", at, close + 1, "script")

    def emphasis(self, at: int, end: int) -> Piece | None:
        """Bold, italic and the like (inline.ml ``md_em_parser``), longest marker first."""
        s = self.s
        markers = (_ORG_EMPHASIS if self.org else _MD_EMPHASIS).get(s[at], ())
        for marker in markers:
            if s.startswith(marker, at):
                piece = self._emphasis(at, end, marker)
                if piece is not None:
                    return piece
        return None

    def _emphasis(self, at: int, end: int, marker: str) -> Piece | None:
        s = self.s
        width = len(marker)
        body = at + width
        # A left-flanking run: the marker is followed by a character that is not whitespace.
        if body >= end or s[body] in _WHITESPACE:
            return None
        # "_" (and Org's "/" and "+") need punctuation or whitespace around them.
        flanked = marker[0] == "_" or (self.org and marker in ("/", "+"))
        if flanked and self.last_plain is not None and self.last_plain not in _UNDERLINE_DELIMS:
            return None
        body_end, code = _EmphasisBody(self, marker, end).run(body)
        if body_end < 0 or not s.startswith(marker, body_end):
            return None
        after = body_end + width
        if flanked and after < end and s[after] not in _UNDERLINE_DELIMS:
            return None
        if marker in ("***", "___"):
            return Piece("EMPHASIS", at, after, marker, [])
        sub = _Parser(s[:body_end], self.org, self.mode, restricted=True)
        sub.last_plain = self.last_plain
        children: list[Piece] = []
        i = body
        for code_piece in [*code, None]:
            stop = code_piece.start if code_piece else body_end
            for piece in sub.parse_range(i, stop):
                sub._append(children, piece)
            if code_piece:
                children.append(code_piece)
                i = code_piece.end
        return Piece("EMPHASIS", at, after, marker, children)

    def html(self, at: int, end: int) -> Piece | None:
        """Inline HTML: a comment, ``<!…>``, or a known element."""
        close = html_end(self.s, at, end, self.closers)
        return Piece("OPAQUE", at, close, "html") if close >= 0 else None

    def hiccup(self, at: int, end: int) -> Piece | None:
        """``[:tag …]`` up to the ``]`` that balances it (extended/hiccup.ml)."""
        if self.hiccups is None:
            self.hiccups = Hiccups(self.s)
        close = self.hiccups.end(at, end)
        return Piece("OPAQUE", at, close, "hiccup") if close >= 0 else None

    def target(self, at: int, end: int) -> Piece | None:
        """Org ``<<target>>`` and ``<<<radio target>>>``: one line, no ``>`` inside."""
        found = _TARGET_RE.match(self.s, at, end)
        return Piece("OPAQUE", at, found.end(), "target") if found else None

    def footnote_ref(self, at: int, end: int) -> Piece | None:
        found = (_ORG_FOOTNOTE_REF_RE if self.org else _FOOTNOTE_REF_RE).match(self.s, at, end)
        return Piece("OPAQUE", at, found.end(), "footnote") if found else None

    def cookie(self, at: int, end: int) -> Piece | None:
        found = _COOKIE_RE.match(self.s, at, end)
        return Piece("OPAQUE", at, found.end(), "cookie") if found else None

    def snippet(self, at: int, end: int) -> Piece | None:
        found = _SNIPPET_RE.match(self.s, at, end)
        return Piece("OPAQUE", at, found.end(), "snippet") if found else None

    def timestamp(self, at: int, end: int) -> Piece | None:
        """``<2024-01-31 Wed …>`` or ``[2024-01-31 Wed …]``."""
        s = self.s
        closing = ">" if s[at] == "<" else "]"
        found = _DATE_RE[closing].match(s, at + 1, end)
        if not found or not s.startswith(closing, found.end()):
            return None
        return Piece("TIMESTAMP", at, found.end() + 1, None)

    def keyword_timestamp(self, at: int, end: int) -> Piece | None:
        """``SCHEDULED: <date>``, ``DEADLINE:``, ``CLOSED:``, ``CLOCK:``."""
        found = _KEYWORD_TS_RE.match(self.s, at, end)
        if not found or found.end() >= end or self.s[found.end()] not in "<[":
            return None
        stamp = self.timestamp(found.end(), end)
        if stamp is None:
            return None
        return Piece("TIMESTAMP", at, stamp.end, found.group(1).upper())

    def hard_break(self, at: int, end: int) -> Piece | None:
        """Two or more blanks, the first a space, right before a line break (Markdown)."""
        s = self.s
        if s[at] != " ":
            return None
        i = at
        while i < end and s[i] in _SPACES:
            i += 1
        if i - at >= 2 and s.startswith("\r\n", i, end):
            return Piece("BREAK", at, i + 2)
        if i - at >= 2 and i < end and s[i] == "\n":
            return Piece("BREAK", at, i + 1)
        return None

    def entity(self, at: int, end: int) -> Piece | None:
        """``\\name``: mldoc reads an entity (``\\alpha``), and for a name it does not know
        keeps the letters without the backslash. Both count as text here."""
        s = self.s
        i = at + 1
        while i < end and s[i].isascii() and s[i].isalpha():
            i += 1
        if i == at + 1:
            return None
        return Piece("TEXT", at, i, s[at + 1 : i])


_UNKNOWN = object()


class _EmphasisBody:
    """mldoc's emphasis body parser, replayed exactly: a greedy sequence of tokens
    (``m := nws m | ws nws m | nws | ws nws``) with mldoc's depth-first backtracking and its
    mutable "character before" state, which backtracking does not restore. This is what
    makes ``*a **b*`` two italics but ``*a *b*`` one."""

    def __init__(self, parser: _Parser, marker: str, end: int) -> None:
        self.s = parser.s
        self.end = end
        self.marker = marker
        self.first = marker[0]
        self.code = not parser.org
        self.parser = parser
        self.before: str | None = None
        # What each (position, character before) subtree came to, shared by all attempts
        # with this marker in this text: later attempts reuse it, so that a line full of
        # unclosed markers is read in linear time.
        self.memo: dict[tuple[int, str | None], tuple[int, list[Piece]] | str | None] = parser.emphasis_memo.setdefault(
            (marker, end), {}
        )

    def run(self, start: int) -> tuple[int, list[Piece]]:
        """Where the body ends (-1 if it cannot), and the code spans on the way."""
        memo = self.memo
        # Each frame: [position, next alternative, code pieces of the chosen alternative,
        # the character before when the frame began].
        stack: list[list[Any]] = [[start, 0, [], self.before]]
        while stack:
            frame = stack[-1]
            position, stage = frame[0], frame[1]
            if stage == 0:
                known = memo.get((position, frame[3]), _UNKNOWN)
                if isinstance(known, tuple):
                    return self._success(stack[:-1], known)
                if known is not _UNKNOWN:  # this subtree failed before
                    self.before = known  # type: ignore[assignment]
                    stack.pop()
                    continue
            frame[1] += 1
            found: tuple[int, list[Piece]] | None = None
            if stage in (0, 2):
                found = self.non_space(position)
            elif stage in (1, 3):
                after_space = self.space(position)
                if after_space is not None:
                    found = self.non_space(after_space)
            else:
                memo[(position, frame[3])] = self.before
                stack.pop()
                continue
            if found is None:
                continue
            frame[2] = found[1]
            if stage < 2:
                stack.append([found[0], 0, [], self.before])
                continue
            return self._success(stack, (found[0], []))
        return -1, []

    def _success(self, stack: list[list[Any]], tail: tuple[int, list[Piece]]) -> tuple[int, list[Piece]]:
        """The body ends where the deepest frame's subtree ended; every frame on the way
        is remembered as ending there too."""
        end, pieces = tail
        for frame in reversed(stack):
            pieces = frame[2] + pieces
            self.memo[(frame[0], frame[3])] = (end, pieces)
        return end, pieces

    def space(self, at: int) -> int | None:
        s = self.s
        stop = at
        while stop < self.end and s[stop] in _WHITESPACE:
            stop += 1
        if stop == at:
            return None
        self.before = s[stop - 1]
        return stop

    def non_space(self, at: int) -> tuple[int, list[Piece]] | None:
        s, end, first, marker = self.s, self.end, self.first, self.marker
        if at >= end:
            return None
        stop = at
        while stop < end and s[stop] != first and s[stop] not in _WHITESPACE and (s[stop] != "`" or not self.code):
            stop += 1
        if stop > at:
            self.before = s[stop - 1]
            return stop, []
        if self.code and s[at] == "`":
            code = self.parser.code(at, end)
            if code is not None:
                self.before = "`"
                return code.end, [code]
            stop = at
            while stop < end and s[stop] != first and s[stop] not in _WHITESPACE:
                stop += 1
            if stop > at:
                self.before = s[stop - 1]
                return stop, []
        width = len(marker)
        if at + width <= end and not s.startswith(marker, at):
            self.before = s[at]
            return at + 1, []
        if s.startswith(marker, at) and at + width < end:
            following = s[at + width]
            before = self.before
            literal = (
                (first == "_" and before is not None and before in _WHITESPACE)
                or (first == "_" and following not in _UNDERLINE_DELIMS)
                or (before is not None and before in _WHITESPACE)
            )
            if literal:
                self.before = marker[-1]
                return at + width, []
        return None


_HTML_SPECIALS = (("<?", "?>"), ("<!--", "-->"), ("<![CDATA[", "]]"), ("<!", ">"))


def html_end(text: str, at: int, end: int, finder: Finder | None = None) -> int:
    """Where raw HTML starting with the ``<`` at ``at`` ends (raw_html.ml), -1 if it is not
    HTML: ``<?…?>``, a comment, CDATA, ``<!…>``, or a known element: after the close tag
    that balances it (ASCII case aside, nested ``<tag>`` and ``<tag `` counted), failing that
    after the next ``/>``."""
    finder = finder or Finder(text)
    for opening, closing in _HTML_SPECIALS:
        if text.startswith(opening, at):
            close = finder.find(closing, at + len(opening), end)
            return close + len(closing) if close >= 0 else -1
    after = at + 1
    while after < end and text[after] not in " \t\x0c\x1a>":
        after += 1
    tag = text[at + 1 : after]
    if not tag or tag.lower() not in HTML_TAGS:
        return -1
    close_tag = "</" + tag + ">"
    depth = 1
    at = after
    while True:
        close = finder.find_ascii_ci(close_tag, at, end)
        if close < 0:
            break
        depth += text.count("<" + tag + ">", at, close) + text.count("<" + tag + " ", at, close) - 1
        at = close + len(close_tag)
        if depth <= 0:
            return at
    close = finder.find("/>", after, end)
    return close + 2 if close >= 0 else -1


# Nested links deeper than this are read as plain page refs (Logseq's names for them would
# grow with the square of the depth).
_MAX_NESTING = 32


def _ref_pairs(text: str) -> dict[int, int]:
    """Every ``[[`` a left-to-right reading sees, with the ``]]`` that balances it (-1 if
    none), in one pass with a stack."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    at = text.find("[")
    n = len(text)
    while 0 <= at < n - 1:
        if text.startswith("[[", at):
            stack.append(at)
            pairs[at] = -1
            at += 2
        elif text.startswith("]]", at):
            if stack:
                pairs[stack.pop()] = at
            at += 2
        else:
            at += 1
        if at < n and text[at] not in "[]":
            found = _NEXT_BRACKET.search(text, at)
            at = found.start() if found else n
    return pairs


_NEXT_BRACKET = re.compile(r"[\[\]]")


class Hiccups:
    """Where hiccup forms end (extended/hiccup.ml ``match_tag``). After ``[:tag``, mldoc
    reads up to each ``]`` in turn: every ``[:`` on the way opens one more level, and the
    ``]`` closes one unless an odd number of (unescaped) double quotes came before it since
    the tag. The form ends where the level falls to zero. With running counts over the whole
    text that is "the first offset where a running total drops below its value at the
    start", found for every start at once with a stack, so trying a form at every ``[:``
    stays linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.below: dict[int, list[int]] = {}  # parity -> next offset where the total drops

    def end(self, at: int, end: int) -> int:
        """The offset after the ``]`` ending the form that opens at ``at``, or -1."""
        text = self.text
        if not text.startswith("[:", at):
            return -1
        start = at + 2
        while start < end and text[start] not in " \t\x0c\x1a]":
            start += 1
        if text[at + 2 : start].lower() not in HTML_TAGS:
            return -1
        close = self._scan(start, min(end, start + _SCAN_BUDGET))
        if close is not None:
            return close if close <= end else -1
        parity = self._quotes_before(start) % 2
        drops = self.below.get(parity)
        if drops is None:
            drops = self.below[parity] = self._drops(parity)
        close = drops[start]
        return close if 0 <= close <= end else -1

    def _scan(self, start: int, stop: int) -> int | None:
        """The end found by reading forward from ``start``, or None past ``stop``."""
        text = self.text
        level = 1
        quotes = 0
        for at in range(start, stop):
            char = text[at]
            if char == '"' and text[at - 1] != "\\":
                quotes += 1
            elif char == "[" and text.startswith("[:", at):
                level += 1
            elif char == "]" and quotes % 2 == 0:
                level -= 1
                if level == 0:
                    return at + 1
        return -1 if stop >= len(self.text) else None

    def _quotes_before(self, offset: int) -> int:
        if not hasattr(self, "quotes"):
            counts = [0] * (len(self.text) + 1)
            total = 0
            for at, char in enumerate(self.text):
                counts[at] = total
                if char == '"' and (at == 0 or self.text[at - 1] != "\\"):
                    total += 1
            counts[len(self.text)] = total
            self.quotes = counts
        return self.quotes[offset]

    def _drops(self, parity: int) -> list[int]:
        """For every offset, the end of the first ``]`` after it at which the running total
        (``[:`` count minus counted ``]``) is lower than at the offset; -1 if none."""
        text = self.text
        n = len(text)
        self._quotes_before(0)
        totals = [0] * (n + 1)
        total = 0
        for at in range(n):
            totals[at] = total
            if text.startswith("[:", at):
                total += 1
            elif text[at] == "]" and self.quotes[at] % 2 == parity:
                total -= 1
        totals[n] = total
        drops = [-1] * (n + 1)
        stack: list[int] = []  # offsets with increasing totals, nearest last
        for at in range(n, -1, -1):
            while stack and totals[stack[-1]] >= totals[at]:
                stack.pop()
            drops[at] = stack[-1] if stack else -1
            stack.append(at)
        return drops


# How far a direct scan for a closing bracket goes before the scanner switches to the
# precomputed answers (which cost a pass over the whole text, but keep unclosed brackets
# linear).
_SCAN_BUDGET = 400


_SIMPLE_BRACKETS = {
    "[": re.compile(r"[^\[\]\\`\r\n]*(?:(\])|[\r\n])"),
    "(": re.compile(r"[^()\\\r\n]*(?:(\))|[\r\n])"),
}


def _bracket_end(text: str, at: int, opening: str, closing: str, code: bool, escapes: str | None) -> int | None:
    """What ``_bracket_ends`` would say for ``at``, by scanning forward: None if the scan
    runs past its budget."""
    simple = _SIMPLE_BRACKETS[opening].match(text, at)  # no nesting, escape or code on the way
    if simple:
        return simple.start(1) if simple.group(1) else -1
    n = len(text)
    depth = 0
    i = at
    stop = min(n, at + _SCAN_BUDGET)
    while i < stop:
        char = text[i]
        if char in "\r\n":
            return -1
        if char == "\\" and (escapes is None or (i + 1 < n and text[i + 1] in escapes)):
            i += 2
            continue
        if char == "`" and code:
            close = text.find("`", i + 1, stop)
            if close > i + 1 and "\n" not in text[i + 1 : close] and "\r" not in text[i + 1 : close]:
                i = close + 1
                continue
            if close < 0 and text.find("`", stop) >= 0:
                return None
        if char == closing:
            if depth == 0:
                return i
            depth -= 1
        elif char == opening:
            depth += 1
        i += 1
    return -1 if i >= n else None


def _bracket_ends(text: str, opening: str, closing: str, code: bool, escapes: str | None) -> list[int]:
    """For every offset, where a scan starting there finds the first unbalanced ``closing``
    on the same line (-1 if it does not), skipping backslash pairs (all of them, or only
    before ``escapes``) and, with ``code``, single-line inline code. Computed right to left
    in one pass, so that trying a link at every ``[`` of a line stays linear."""
    n = len(text)
    ends = [-1] * (n + 2)
    next_tick = n
    next_newline = n
    for at in range(n - 1, -1, -1):
        char = text[at]
        if char in "\r\n":
            next_newline = at
            ends[at] = -1
            continue
        if char == "\\" and (escapes is None or (at + 1 < n and text[at + 1] in escapes)):
            ends[at] = ends[at + 2] if at + 2 <= n else -1
            continue
        if char == "`":
            if code and next_tick < next_newline and next_tick > at + 1:
                ends[at] = ends[next_tick + 1]
            else:
                ends[at] = ends[at + 1]
            next_tick = at
            continue
        if char == closing:
            ends[at] = at
        elif char == opening:
            inner = ends[at + 1]
            ends[at] = ends[inner + 1] if inner >= 0 else -1
        else:
            ends[at] = ends[at + 1]
    return ends


def _link(start: int, end: int, data: tuple[object, ...], label: list[Piece]) -> Piece:
    """A link holds its label; one without a label is a single token."""
    if label:
        return Piece("LINK", start, end, data, label)
    return Piece("BARE_LINK", start, end, data)


def _classify_url(raw: str) -> tuple[str, str]:
    """mldoc's reading of a Markdown link target: a page ref, a block ref, a URL, a file
    (``.md``/``.markdown``) or a search."""
    text = raw.strip()
    if text.endswith('"') and ' "' in text:
        text = text[: text.index(' "')].strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    if text.startswith("((") and text.endswith("))") and ")" not in text[2:-2]:
        return "block", text[2:-2]
    if text.startswith("[[") and text.endswith("]]") and "]]" not in text[2:-2]:
        return "page", text[2:-2]
    if re.match(r"[A-Za-z0-9]+://", text):
        protocol = text.split(":", 1)[0]
        return ("id" if protocol == "id" else "url"), text.split("://", 1)[1] if protocol == "id" else text
    if len(text) > 3 and text[-9:].lower().endswith((".md", ".markdown")):
        return "file", text
    return "search", text


def _classify_org_link(target: str, label: str) -> tuple[str, str]:
    if target.startswith("file:") and len(target) > 5:
        return "file", target
    if not label:
        return "search", target
    if ":" in target:
        if target.startswith("id:"):
            return "id", target[3:]
        return "url", target
    return "search", target


def _first_label_text(label: list[Piece]) -> str | None:
    """The text of a link label's first node when it is plain text or code (the page a
    file link refers to, in Logseq)."""
    if not label:
        return None
    first = label[0]
    if first.kind in ("TEXT", "CODE"):
        return str(first.data)
    return None


def _tag_value(parts: list[Piece], source: str) -> str:
    """Logseq's tag name (``get-tag``): plain text, and links as written; an outer ``[[…]]``
    is dropped."""
    pieces = []
    for part in parts:
        if part.kind == "TEXT":
            pieces.append(str(part.data))
        else:
            pieces.append(source[part.start : part.end])
    value = "".join(pieces)
    found = re.fullmatch(r"\[\[(.*)\]\]", value, re.DOTALL)
    return found.group(1) if found else value


def _macro_arguments(rest: str) -> list[str] | None:
    """Macro arguments (inline.ml ``macro_args``): comma-separated page refs, nested links,
    block refs, quoted strings or plain runs. A page ref must be the whole argument (mldoc
    commits to it), else the macro is not one."""
    if not rest.strip(" "):
        return []
    arguments: list[str] = []
    i = 0
    n = len(rest)
    while True:
        while i < n and rest[i] == " ":
            i += 1
        start = i
        if rest.startswith("[[", i) and "]]" in rest[i + 2 :]:
            level = 0
            j = i
            while j < n:
                if rest.startswith("[[", j):
                    level += 1
                    j += 2
                elif rest.startswith("]]", j):
                    level -= 1
                    j += 2
                    if level == 0:
                        break
                else:
                    j += 1
            if level != 0:
                close = rest.find("]]", i + 2)
                if close < 0:
                    return None
                j = close + 2
            i = j
        elif rest.startswith("((", i):
            close = rest.find(")", i + 2)
            if close < 0 or not rest.startswith("))", close):
                return None
            i = close + 2
        elif i < n and rest[i] == '"':
            j = i + 1
            while j < n and rest[j] != '"':
                j += 2 if rest[j] == "\\" else 1
            if j >= n:
                return None
            i = j + 1
        else:
            while i < n and rest[i] != ",":
                i += 1
            if i == start:
                return None
        arguments.append(rest[start:i].strip(" "))
        while i < n and rest[i] == " ":
            i += 1
        if i >= n:
            return arguments
        if rest[i] != ",":
            return None
        i += 1


def _choices(table: dict[str, str]) -> dict[str, tuple[Callable[[_Parser, int, int], Piece | None], ...]]:
    """Dispatch tables from ``{"characters": "method names"}``."""
    return {
        char: tuple(getattr(_Parser, name) for name in names.split())
        for chars, names in table.items()
        for char in chars
    }


# mldoc's inline alternatives by the character they start with, in its order.
_MD_CHOICES = _choices({
    "\n": "line_break",
    "#": "tag",
    "*~=": "emphasis",
    "_^": "emphasis script",
    "$": "math",
    "\\": "latex entity",
    "[": "footnote_ref nested_link page_ref link timestamp cookie hiccup",
    "<": "autolink timestamp html email",
    "{": "macro",
    "!": "image",
    "@": "snippet",
    "`": "code",
    "SCDscd": "keyword_timestamp",
    "(": "block_ref",
    " ": "hard_break",
})  # fmt: skip
_ORG_CHOICES = _choices({
    "\n": "line_break",
    "#": "tag",
    "*/+": "emphasis",
    "_": "emphasis script",
    "=~": "org_verbatim",
    "^": "emphasis script",
    "$": "math",
    "\\": "latex",
    "[": "org_link footnote_ref nested_link page_ref timestamp cookie hiccup",
    "<": "target autolink timestamp html email",
    "{": "macro",
    "!": "image",
    "@": "snippet",
    "SCDscd": "keyword_timestamp",
    "(": "block_ref",
})  # fmt: skip
# Any other character: a bare URL may start there.
_OTHER_CHOICES = (_Parser.url,)
# Inside emphasis mldoc reads only emphasis, sub- and superscripts and links.
_RESTRICTED = _choices({"*~=": "emphasis", "_^": "emphasis script", "[": "nested_link page_ref link"})
_RESTRICTED_ORG = _choices({"*/+": "emphasis", "_^": "emphasis script", "[": "org_link nested_link page_ref"})
