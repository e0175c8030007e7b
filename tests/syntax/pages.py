"""Random Logseq-like pages for differential tests: outlines with every construct Logseq's
parser treats specially, closed and unclosed, in odd combinations."""

from __future__ import annotations

import random

UUID = "6571f0a2-3b1c-4d5e-9f60-718293a4b5c6"

INDENTS = ["", "", "\t", "\t\t", "  ", "    ", " ", "\t  ", "   ", "\t\t  "]
WORDS = [
    "a", "b c", "x y z", "text", "CJK 中文", "emoji 😀", "[[p]]", "[[p q]]", "[[a [[b]]]]", "#t", "#[[t u]]",
    "#t.", "(#t)", "C#)", f"(({UUID}))", "((x))", "{{embed [[e]]}}", f"{{{{embed (({UUID}))}}}}",
    "{{query (and [[q]])}}", "**b**", "*i*", "_u_", "~~s~~", "==h==", "`c`", "``c``", "$m$", "$$", "```",
    "~~~", "|", "<div>", "</div>", "<span>x</span>", "[:div", "]", "\\begin{x}", "\\end{x}", ":END:",
    ":LOGBOOK:", ":PROPERTIES:", "#+BEGIN_QUOTE", "#+END_QUOTE", "#+BEGIN_SRC", "#+END_SRC", "---",
    "k:: v", "id:: 1", "#+title: t", "[^1]:", "SCHEDULED: <2024-01-01 Mon>", ": def", "- ", "TODO",
    "[l](x.md)", "[l]([[m]])", "https://x.com/#a", "<https://y.com>", "![i](../assets/i.png)",
    "\\[[e]]", "[[u\\*v]]", "1.", "*", ">", "-", "#", ":", "::",
]  # fmt: skip
BULLETS = [
    "- ",
    "- ",
    "- ",
    "-",
    "- TODO ",
    "- DONE [#B] ",
    "- # ",
    "- ## ",
    "# ",
    "-\t",
    "- > ",
    "- ```",
    "- $$",
    "- k:: ",
]
KEYS = ["k", "id", "tags", "alias", "a_b", "K", "x y", "title", "heading", "collapsed", "[[p]]", "`g`"]
ORG_PREFIXES = ["* ", "** ", "*** ", "", "", "- ", "+ ", "1. ", ":PROPERTIES:", ":END:", ":k: v", "#+TITLE: x", "#+BEGIN_SRC",
                "#+END_SRC", "* TODO ", "** DONE [#A] ", "[[p][l]]", "[[file:x.org][X]]"]  # fmt: skip


def _words(rnd: random.Random, low: int, high: int) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(low, high)))


def _markdown_line(rnd: random.Random) -> str:
    indent = rnd.choice(INDENTS)
    kind = rnd.random()
    if kind < 0.45:
        return indent + rnd.choice(BULLETS) + _words(rnd, 0, 3)
    if kind < 0.6:
        separator = rnd.choice([":: ", "::", ":: ", "::\t"])
        return indent + rnd.choice(KEYS) + separator + _words(rnd, 0, 2)
    if kind < 0.68:
        return ""
    return indent + _words(rnd, 1, 4)


def _org_line(rnd: random.Random) -> str:
    prefix = rnd.choice(ORG_PREFIXES)
    indent = "" if prefix.startswith("*") else rnd.choice(INDENTS)
    return indent + prefix + _words(rnd, 0, 3)


def random_page(rnd: random.Random, org: bool = False) -> str:
    line = _org_line if org else _markdown_line
    eol = "\r\n" if rnd.random() < 0.05 else "\n"
    text = eol.join(line(rnd) for _ in range(rnd.randint(1, 12)))
    if rnd.random() < 0.5:
        text += eol
    if not org and rnd.random() < 0.05:
        text = "---\ntitle: x\n---\n" + text
    return text
