"""Journal pages: which page names are dates, and how Logseq titles them.

Logseq decides journal-ness from the page name alone: the name, lower-cased and then
capitalized word by word, is parsed with ``:journal/page-title-format`` and then with
``"MMM do, yyyy"``, ``"yyyy-MM-dd"`` and ``"yyyy_MM_dd"`` (logseq/logseq
``deps/graph-parser/src/logseq/graph_parser/date_time_util.cljs``,
``block.cljs`` ``convert-page-if-journal``). The parser is Logseq's fork of cljs-time
(logseq/cljs-time ``internal/parse.cljs``, ``internal/core.cljs``), whose quirks are kept:
numbers need not fill their width but stop at it, literal text is matched as a regular
expression, an unmatched ordinal suffix drops the rest of the input, day names are only
range-checked, and years below 100 are moved to this century or the last one.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache

from .names import page_key, remove_boundary_slashes

FALLBACK_FORMATS = ("MMM do, yyyy", "yyyy-MM-dd", "yyyy_MM_dd")

_MONTHS = [calendar.month_name[number] for number in range(1, 13)]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class _NoMatchError(Exception):
    """The text does not read with the format."""


# ---------------------------------------------------------------------- reading a format


def _pattern(fmt: str) -> list[tuple[str, str]]:
    """A format as (kind, text) pieces: ``token`` (a run of one letter) or ``quoted``."""
    pieces: list[tuple[str, str]] = []
    at = 0
    while at < len(fmt):
        char = fmt[at]
        if char == "'":
            if fmt[at + 1 : at + 2] == "'":
                pieces.append(("quoted", "'"))
                at += 2
                continue
            close = fmt.find("'", at + 1)
            close = len(fmt) if close < 0 else close
            pieces.append(("quoted", fmt[at + 1 : close]))
            at = close + 1
        elif char.isascii() and char.isalpha():
            end = at
            while end < len(fmt) and fmt[end] == char:
                end += 1
            pieces.append(("token", fmt[at:end]))
            at = end
        else:
            end = at + 1
            while end < len(fmt) and not (fmt[end].isascii() and (fmt[end].isalpha() or fmt[end] == "'")):
                end += 1
            pieces.append(("quoted", fmt[at:end]))
            at = end
    return pieces


# A piece parser takes the rest of the text and gives (field, value) or None, and the rest.
_Parsed = tuple[tuple[str, int] | None, str]
_PieceParser = Callable[[str], _Parsed]


def _number(field: str, lower: int, upper: int) -> _PieceParser:
    def parse(text: str) -> _Parsed:
        digits = len(text) - len(text.lstrip("0123456789"))
        if digits == 0:
            raise _NoMatchError  # parseInt of nothing is NaN, which no date accepts
        width = min(digits, upper) if digits >= lower else digits
        return (field, int(text[:width])), text[width:]

    return parse


def _names(field: str, names: list[str]) -> _PieceParser:
    """A month or day name, full or three letters, case-sensitive (``parse-period-name``);
    its number counts from 1."""
    candidates = names + [name[:3] for name in names]

    def parse(text: str) -> _Parsed:
        for index, name in enumerate(candidates):
            if text.startswith(name):
                return (field, index % len(names) + 1), text[len(name) :]
        raise _NoMatchError

    return parse


def _ordinal_suffix(text: str) -> _Parsed:
    for suffix in ("st", "nd", "rd", "th"):
        if text.startswith(suffix):
            return None, text[len(suffix) :]
    return None, ""  # cljs-time loses the rest of the input here


def _quoted(literal: str) -> _PieceParser:
    try:
        pattern = re.compile(literal)
    except re.error:
        pattern = None

    def parse(text: str) -> _Parsed:
        found = pattern.match(text) if pattern else None
        if not found or not found.end():
            raise _NoMatchError
        return None, text[found.end() :]

    return parse


_TOKENS: dict[str, _PieceParser] = {
    "d": _number("day", 1, 2),
    "dd": _number("day", 2, 2),
    "D": _number("day", 1, 3),  # cljs-time reads D as the day of the month
    "DD": _number("day", 2, 3),
    "DDD": _number("day", 3, 3),
    "M": _number("month", 1, 2),
    "MM": _number("month", 1, 2),
    "MMM": _names("month", _MONTHS),
    "MMMM": _names("month", _MONTHS),
    "y": _number("year", 1, 4),
    "yy": _number("year", 2, 2),
    "yyyy": _number("year", 4, 4),
    "Y": _number("year", 1, 4),
    "YY": _number("year", 2, 2),
    "YYYY": _number("year", 4, 4),
    "E": _names("weekday", _DAYS),
    "EEE": _names("weekday", _DAYS),
    "EEEE": _names("weekday", _DAYS),
    "h": _number("hour", 1, 2),
    "hh": _number("hour", 2, 2),
    "H": _number("hour", 1, 2),
    "HH": _number("hour", 2, 2),
    "m": _number("minute", 1, 2),
    "mm": _number("minute", 2, 2),
    "s": _number("second", 1, 2),
    "ss": _number("second", 2, 2),
    "o": _ordinal_suffix,
}
_NUMBER_TOKENS = frozenset(token for token in _TOKENS if token[0] in "dDMyYhHms" and token not in ("MMM", "MMMM"))
_NAME_TOKENS = frozenset({"MMM", "MMMM", "E", "EEE", "EEEE"})
_RANGES = {"hour": (0, 23), "minute": (0, 59), "second": (0, 60), "weekday": (1, 7)}


def _first_name(field: str) -> _PieceParser:
    """A name read straight after a number: cljs-time then holds the rest of the text as a
    sequence, its name match never sees a change, and it takes the first name (January,
    Monday) without reading anything."""
    return lambda text: ((field, 1), text)


@lru_cache(maxsize=64)
def _parsers(fmt: str) -> tuple[_PieceParser, ...] | None:
    """The piece parsers of a format, or None when it has a letter cljs-time cannot parse
    (the parse then always fails)."""
    parsers: list[_PieceParser] = []
    previous = ""
    for kind, text in _pattern(fmt):
        if kind == "quoted":
            parsers.append(_quoted(text))
        elif text in _NAME_TOKENS and previous in _NUMBER_TOKENS:
            parsers.append(_first_name("month" if text[0] == "M" else "weekday"))
        elif text in _TOKENS:
            parsers.append(_TOKENS[text])
        else:
            return None
        previous = text if kind == "token" else ""
    return tuple(parsers)


def _parse(fmt: str, text: str) -> date | None:
    parsers = _parsers(fmt)
    if parsers is None or not text:
        return None
    fields: dict[str, int] = {}
    rest = text
    try:
        for parser in parsers:
            if not rest:
                return None  # the format goes on after the text has ended
            value, rest = parser(rest)
            if value is not None:
                fields[value[0]] = value[1]
    except _NoMatchError:
        return None
    if rest:
        return None
    return _valid_date(fields)


def _valid_date(fields: dict[str, int]) -> date | None:
    """cljs-time's ``valid-date?`` and ``compile``: months 1-12, days within the month (any
    1-31 without a month), times in range; a missing month is January, a missing day 1."""
    for field, (low, high) in _RANGES.items():
        if field in fields and not low <= fields[field] <= high:
            return None
    year = _infer_year(fields.get("year", 0))
    month = fields.get("month")
    day = fields.get("day")
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= (calendar.monthrange(year, month)[1] if month else 31):
        return None
    try:
        return date(year, month or 1, day or 1)
    except ValueError:
        return None


def _infer_year(year: int) -> int:
    """Years below 100: into this century below a pivot twenty years ahead, else 19xx
    (``infer-years`` and ``Date.UTC``)."""
    if year >= 100:
        return year
    today = date.today().year
    if year < (today + 20) % 100:
        return year + today - today % 100
    return 1900 + year


# ---------------------------------------------------------------------- journal titles


def capitalize_all(text: str) -> str:
    """Each space-separated word with its first character upper-cased and the rest lower
    (a one-character word upper-cased); trailing spaces are dropped, as ``split`` does."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in text.rstrip(" ").split(" "))


def journal_date(name: str, title_format: str) -> date | None:
    """The date a page name stands for, or None when it is not a journal's name."""
    return _journal_date(page_key(name), title_format)


@lru_cache(maxsize=65536)
def _journal_date(key: str, title_format: str) -> date | None:
    if not key.strip():
        return None
    text = capitalize_all(key)
    for fmt in _formats(title_format):
        day = _parse(fmt, text)
        if day is not None:
            return day
    return None


def _formats(title_format: str) -> Iterator[str]:
    seen: set[str] = set()
    for fmt in (title_format, *FALLBACK_FORMATS):
        if fmt.strip() and fmt not in seen:
            seen.add(fmt)
            yield fmt


def format_date(day: date, fmt: str) -> str:
    """A date written with a cljs-time format (how Logseq titles a journal page)."""
    out: list[str] = []
    pieces = _pattern(fmt)
    for index, (kind, text) in enumerate(pieces):
        if kind == "quoted":
            out.append(text)
            continue
        letter, width = text[0], len(text)
        if letter in "dD":
            out.append(f"{day.day:0{width}d}")
        elif letter == "M":
            out.append(
                _MONTHS[day.month - 1]
                if width >= 4
                else _MONTHS[day.month - 1][:3]
                if width == 3
                else f"{day.month:0{width}d}"
            )
        elif letter in "yY":
            out.append(f"{day.year:0{width}d}"[-2:] if width == 2 else f"{day.year:0{width}d}")
        elif letter == "E":
            name = _DAYS[day.weekday()]  # Python counts from Monday, as _DAYS does
            out.append(name if width >= 4 else name[:3])
        elif letter == "o":
            out.append(_ordinal(day.day) if index and pieces[index - 1][1][0] == "d" else "")
        else:
            out.append(text)
    return "".join(out)


def _ordinal(number: int) -> str:
    if 11 <= number % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def journal_title(name: str, title_format: str) -> tuple[str, date | None]:
    """A page name as Logseq keeps it: a journal's name re-written in the title format,
    any other name with its boundary slashes removed."""
    name = remove_boundary_slashes(name)
    day = journal_date(name, title_format)
    return (format_date(day, title_format), day) if day else (name, None)
