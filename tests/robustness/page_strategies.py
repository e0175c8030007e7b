"""Hypothesis strategies for Logseq pages, built from line-sized pieces so that a failing
page shrinks to the few lines (and the few constructs on them) that matter.

A Markdown page is a list of chunks: a single line (a bullet, a ``#`` heading, a property
or a near-miss of one, a drawer or directive line, text, a blank line), or a multi-line
construct (a fence, ``#+BEGIN_…``, ``$$`` math) holding lines that look like blocks, closed
or not. Every line has its own indentation (tabs, spaces, uneven mixes) and trailing
whitespace; the page gets LF, CRLF or mixed line ends, and now and then a byte-order mark
or YAML front matter. Inline text mixes words (CJK, emoji), page refs (nested too), tags
with punctuation around them, block refs, macros, code, math, links, unclosed brackets and
a few arbitrary characters. Every choice shrinks towards the plainest one (no indentation,
a plain word, a bullet, LF), so a minimal page reads like a hand-written test.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

UUIDS = ("6571f0a2-3b1c-4d5e-9f60-718293a4b5c6", "00000000-0000-4000-8000-000000000000")


def rarely(value: str, one_in: int = 10) -> st.SearchStrategy[str]:
    """``value`` about once in ``one_in`` draws, else ``""`` (which is what it shrinks to)."""
    return st.integers(0, one_in - 1).map(lambda n: value if n == one_in - 1 else "")


def joined(pieces: st.SearchStrategy[str], max_size: int) -> st.SearchStrategy[str]:
    """Up to ``max_size`` pieces, each after a space, or glued to the previous one."""
    separated = st.tuples(st.sampled_from((" ", "")), pieces).map("".join)
    return st.lists(separated, max_size=max_size).map(lambda parts: "".join(parts).removeprefix(" "))


# ---------------------------------------------------------------------- inline text

NAMES = st.sampled_from(("a", "b c", "A", "中文", "😀", "x/y", "a.b", "p q r", "ß", "a_b"))
WORDS = st.sampled_from(
    (
        "a",
        "text",
        "b c",
        "中文字",
        "日本語のテキスト",
        "😀",
        "👍🏽",
        "x,",
        "x.",
        "(",
        ")",
        "[",
        "]",
        "-",
        ":",
        "*",
        "~",
        "\\",
    )
)
TAGS = st.one_of(
    st.tuples(
        st.sampled_from(("t", "tag", "a.b", "v1.2", "onCreate()", "中文", "x-y")),
        st.sampled_from(("", ",", ".", ")", "!", ";", ".,", "]")),
    ).map(lambda parts: f"#{parts[0]}{parts[1]}"),
    NAMES.map(lambda name: f"#[[{name}]]"),
    st.sampled_from(("(#t)", "[#t]", "C#)", "#w.[[q r]].e.", "##t", "#", "]]#t", "。#t")),
)
PAGE_REFS = st.one_of(
    NAMES.map(lambda name: f"[[{name}]]"),
    st.tuples(NAMES, NAMES).map(lambda names: f"[[{names[0]} [[{names[1]}]]]]"),
    st.sampled_from(("[[]]", "[[a]b]]", "[[ a ]]", "\\[[e]]", "[l]([[m]])", "[[p][l]]")),
)
BLOCK_REFS = st.one_of(
    st.sampled_from(UUIDS).map(lambda uuid: f"(({uuid}))"),
    st.sampled_from(("((x))", "(())", f"[l]((({UUIDS[0]})))", f"<id:{UUIDS[0]}>", f"[l](id://{UUIDS[1]})")),
)
MACROS = st.one_of(
    NAMES.map(lambda name: f"{{{{embed [[{name}]]}}}}"),
    st.sampled_from(UUIDS).map(lambda uuid: f"{{{{embed (({uuid}))}}}}"),
    st.sampled_from(("{{query (and [[q]] #t)}}", "{{renderer :x}}", "{{{embed [[e]]}}}", "{{cloze a}}", "{{}}")),
)
MARKUP = st.sampled_from(
    (
        "`c`",
        "`[[not a ref]]`",
        "``c``",
        "$m$",
        "$[[x]]$",
        "**b**",
        "*i*",
        "_u_",
        "~~s~~",
        "==h==",
        "[l](x.md)",
        "[[assets/x.png]]",
        "[l](../pages/x.md)",
        "[l](https://x.com)",
        "https://x.com/#a",
        "<https://y.com>",
        "![i](../assets/i.png)",
        "<span>x</span>",
        "[^1]",
        "SCHEDULED: <2024-01-01 Mon>",
    )
)
UNCLOSED = st.sampled_from(("[[", "]]", "((", "))", "{{", "}}", "`", "$", "**", "[l](", "<", "#[["))
WILD = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), min_size=1, max_size=3)

INLINE_PIECES = st.one_of(WORDS, PAGE_REFS, TAGS, BLOCK_REFS, MACROS, MARKUP, UNCLOSED, WILD)
INLINE = joined(INLINE_PIECES, max_size=5)


# ---------------------------------------------------------------------- lines

INDENTS = st.one_of(
    st.integers(0, 4).map(lambda n: "\t" * n),
    st.integers(0, 4).map(lambda n: "  " * n),
    st.text(" \t", max_size=6),
)
TRAILING = st.sampled_from(("", " ", "  ", "\t", " \t"))

BULLETS = st.sampled_from(
    (
        "- ",
        "-",
        "-\t",
        "-  ",
        "- TODO ",
        "- DONE [#A] ",
        "- LATER ",
        "- # ",
        "- ## ",
        "- > ",
        "- [#B] ",
        "* ",
        "+ ",
        "1. ",
    )
)
HASHES = st.sampled_from(("# ", "## ", "###### ", "#", "####### "))
KEYS = st.sampled_from(
    (
        "k",
        "id",
        "ID",
        "custom_id",
        "tags",
        "alias",
        "title",
        "heading",
        "collapsed",
        "lint-ignore",
        "K",
        "a_b",
        "a/b",
        "中文",
        "[[p]]",
        "`g`",
        "x y",
        "a,b",
        "#k",
        "k(x)",
        "\ufeffk",
    )
)
SEPARATORS = st.sampled_from((":: ", "::", " :: ", "::\t", "::  ", ": ", ":::", "::: "))
VALUES = st.one_of(
    INLINE,
    st.sampled_from(UUIDS),
    st.sampled_from(
        ("true", "false", "1", "[[a]], [[b]]", "a, b，c", '"[[q]]"', "#t, [[u v]]", "x::y", "S001", "P003, S006")
    ),
)
PROPERTIES = st.tuples(KEYS, SEPARATORS, VALUES).map("".join)
OTHER_LINES = st.sampled_from(
    (
        ":PROPERTIES:",
        ":k: v",
        ":id: " + UUIDS[0],
        ":END:",
        ":LOGBOOK:",
        "CLOCK: [2024-01-01 Mon 10:00]--[2024-01-01 Mon 10:05] =>  00:05:00",
        "#+title: x",
        "#+TAGS: a, b",
        "> quote",
        ">",
        "---",
        "| a | b |",
        "[^1]: note",
        "<div>",
        "</div>",
        "[:div",
        "]",
        "SCHEDULED: <2024-01-01 Mon>",
        "DEADLINE: <2024-01-02 Tue>",
    )
)

LINE_BODIES = st.one_of(
    st.tuples(BULLETS, INLINE).map("".join),
    st.just(""),
    PROPERTIES,
    st.tuples(st.sampled_from(("- ", "-")), PROPERTIES).map("".join),
    INLINE,
    st.tuples(HASHES, INLINE).map("".join),
    OTHER_LINES,
)


@st.composite
def line(draw: st.DrawFn, bodies: st.SearchStrategy[str] = LINE_BODIES) -> str:
    """One line: indentation, a body, trailing whitespace (no line end)."""
    body = draw(bodies)
    return draw(INDENTS) + body + (draw(TRAILING) if body else "")


# ---------------------------------------------------------------------- multi-line constructs

# Opening line → the closing lines that may end it (and a mismatched one).
ENCLOSURES: dict[str, Sequence[str]] = {
    "```": ("```", "~~~", "```python"),
    "```python": ("```",),
    "~~~": ("~~~", "```"),
    "- ```": ("```", "- ```"),
    "#+BEGIN_QUOTE": ("#+END_QUOTE", "#+end_quote", "#+END_SRC"),
    "#+begin_src clojure": ("#+end_src", "#+END_SRC"),
    "#+BEGIN_EXAMPLE": ("#+END_EXAMPLE",),
    "#+BEGIN_QUERY": ("#+END_QUERY",),
    "$$": ("$$", "- $$"),
    "- $$": ("$$", "- $$"),
    "\\begin{equation}": ("\\end{equation}",),
    "<div>": ("</div>",),
}
INNER_BODIES = st.one_of(
    st.sampled_from(("- x", "-", "# h", "k:: v", "id:: " + UUIDS[0], "  - 850 & -0.526 \\\\", "1. item", "* item")),
    LINE_BODIES,
)


@st.composite
def enclosure(draw: st.DrawFn) -> list[str]:
    """A fence, ``#+BEGIN_…`` block, math or HTML block holding lines that look like blocks
    and properties; closed by its own closer, by a mismatched one, or never."""
    opener = draw(st.sampled_from(sorted(ENCLOSURES)))
    indent = draw(INDENTS)
    inner = draw(st.lists(line(INNER_BODIES), max_size=4))
    closer = draw(st.one_of(st.sampled_from(ENCLOSURES[opener]), st.just(None)))
    closing = [] if closer is None else [indent + draw(st.sampled_from(("", "  "))) + closer]
    return [indent + opener, *inner, *closing]


CHUNKS = st.one_of(line().map(lambda text: [text]), enclosure())
FRONT_MATTER = "---\ntitle: fm\ntags: a, b\n---\n"


@st.composite
def markdown_pages(draw: st.DrawFn, max_chunks: int = 12) -> str:
    """A Markdown page (see the module's docstring)."""
    lines = [text for chunk in draw(st.lists(CHUNKS, max_size=max_chunks)) for text in chunk]
    return draw(rarely("\ufeff", 12)) + draw(rarely(FRONT_MATTER, 15)) + _with_line_ends(draw, lines)


def _with_line_ends(draw: st.DrawFn, lines: list[str]) -> str:
    """The lines joined by LF, by CRLF or by a mix, with or without a last line end."""
    style = draw(st.sampled_from(("\n", "\r\n", "mixed")))
    ends = [draw(st.sampled_from(("\n", "\r\n"))) if style == "mixed" else style for _ in lines]
    if lines and not draw(st.booleans()):
        ends[-1] = ""
    return "".join(text + end for text, end in zip(lines, ends))


# ---------------------------------------------------------------------- Org

ORG_BODIES = st.one_of(
    st.tuples(st.integers(1, 4).map(lambda n: "*" * n + " "), st.sampled_from(("", "TODO ", "DONE [#A] ")), INLINE).map(
        "".join
    ),
    INLINE,
    st.just(""),
    st.sampled_from(
        (
            ":PROPERTIES:",
            ":k: v",
            ":ID: " + UUIDS[0],
            ":END:",
            "#+TITLE: x",
            "#+BEGIN_SRC",
            "#+END_SRC",
            "#+BEGIN_QUOTE",
            "#+END_QUOTE",
            "- item",
            "+ item",
            "1. item",
            "[[p][l]]",
            "[[file:x.org][X]]",
            "k:: v",
            ": verbatim",
        )
    ),
)


@st.composite
def org_pages(draw: st.DrawFn, max_lines: int = 12) -> str:
    """An Org page: headlines of one to four stars (never indented), drawers, directives,
    source and quote blocks, lists and text."""
    lines = []
    for body in draw(st.lists(ORG_BODIES, max_size=max_lines)):
        indent = "" if body.startswith("*") else draw(INDENTS)
        lines.append(indent + body)
    return _with_line_ends(draw, lines)
