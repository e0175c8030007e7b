"""Input that tries to make the parser crash or take more than linear time.

Every case must give an AST (or, for bytes that are not UTF-8, a clear error) within a time
bound generous enough for a slow machine, without recursion errors. Each is also checked at
twice its size: doubling the input must not much more than double the time.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest

from logseq_lint.syntax import UnreadablePageError, decode_page, parse_page
from logseq_lint.syntax.summary import page_summary

# name -> page of about `size` units
CASES: dict[str, Callable[[int], str]] = {
    "a long line of refs and tags": lambda k: "- " + "word [[ref]] #tag " * k,
    "a long plain line": lambda k: "- " + "a" * (k * 20),
    "a long run of blanks": lambda k: "- a" + " " * (k * 20) + "b",
    "blanks and \\x1a before a ref": lambda k: "- a" + " \x1a" * (k * 5) + "((x))",
    "blank runs ending in \\x1a": lambda k: "- " + "a \x1a" * (k * 2) + "((x))",
    "deep tab nesting": lambda k: "".join("\t" * (i % 2000) + "- x\n" for i in range(k)),
    "deep space nesting": lambda k: "".join(" " * (i % 2000) + "- x\n" for i in range(k // 4)),
    "unclosed [[": lambda k: "- " + "[[" * k,
    "unclosed [": lambda k: "- " + "[" * k,
    "unclosed ((": lambda k: "- " + "((" * k,
    "unclosed {{": lambda k: "- " + "{{" * k,
    "[[ then ]]": lambda k: "- " + "[[" * (k // 2) + "x" + "]]" * (k // 2),
    "nested [[a": lambda k: "- " + "[[a " * (k // 4) + "]]" * (k // 4),
    "unclosed emphasis": lambda k: "- " + "*a " * k,
    "unclosed underline": lambda k: "- " + "_a " * k,
    "backticks": lambda k: "- " + "`" * k,
    "dollars": lambda k: "- " + "$" * k,
    "unclosed html": lambda k: "- " + "<span>" * (k // 3),
    "unclosed hiccup": lambda k: "- " + "[:span " * (k // 3),
    "unclosed links": lambda k: "- " + "[a](" * (k // 3),
    "link targets open to the line's end": lambda k: "- " + "[a](b(" * (k // 6) + ")",
    "block refs in open link targets": lambda k: "- " + "[a]( ((x))" * (k // 10),
    "unclosed fences": lambda k: "- ```\n" * (k // 5),
    "unclosed #+BEGIN": lambda k: "- #+BEGIN_QUOTE\n" * (k // 10),
    "unclosed drawers": lambda k: "- :a:\n" * (k // 5),
    "unclosed display math": lambda k: "- $$\n" * (k // 5),
    "unclosed LaTeX": lambda k: "- \\begin{x}\n" * (k // 10),
    "quotes": lambda k: "> a\n" * (k // 4),
    "list items": lambda k: "  * a\n" * (k // 6),
    "random punctuation": lambda k: "".join(
        random.Random(1).choice("[]()#*_`$\\{}<>!:- \n\t|=~^@abc") for _ in range(k)
    ),
}
SIZE = 20_000  # about 50 KB each
BOUND = 60.0  # seconds, for a slow machine


def timed(text: str) -> float:
    start = time.perf_counter()
    page_summary(parse_page(text))
    return time.perf_counter() - start


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_hostile_page_is_parsed_in_linear_time(name: str) -> None:
    make = CASES[name]
    once = timed(make(SIZE))
    twice = timed(make(2 * SIZE))
    assert twice < BOUND
    # Quadratic work would take four times as long; allow for noise on small timings.
    assert twice < 3.2 * once + 0.5, f"{name}: {once:.2f}s, then {twice:.2f}s at twice the size"


def test_random_bytes_are_an_ast_or_a_clear_error() -> None:
    rnd = random.Random(2)
    for _ in range(20):
        data = bytes(rnd.randrange(256) for _ in range(5000))
        try:
            text = decode_page(data, "random.md")
        except UnreadablePageError as error:
            assert ("not valid UTF-8" in str(error) or "NUL bytes" in str(error)) and "random.md" in str(error)
            continue
        page_summary(parse_page(text))


def test_control_characters_and_nul_are_ordinary_text() -> None:
    page = parse_page("- a\x00b\x1a\x0b\n\x0c- c\x7f\n")
    assert [b.depth for b in page.blocks] == [1, 2]


def test_a_file_with_nul_bytes_is_no_page() -> None:
    """UTF-16 text is often valid UTF-8 (ASCII with NUL bytes between): reading it as a page
    would report nonsense and a rewrite would ruin it."""
    with pytest.raises(UnreadablePageError, match=r"NUL bytes.*\(byte 1\)"):
        decode_page("- a\n".encode("utf-16-le"), "utf16.md")
    assert decode_page(b"- a\x1a\x7f\n") == "- a\x1a\x7f\n"


def test_ten_thousand_nesting_levels() -> None:
    text = "".join("\t" * i + "- x\n" for i in range(10_000))
    page = parse_page(text)
    assert page.blocks[-1].depth == 10_000
    page_summary(page)
