"""The AST keeps exact positions: blocks tile the page, every node's span points at its own
source, and line and column agree with the offsets."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from oracle_fixtures import FIXTURES, load
from shared import corpus_pages

from logseq_lint.syntax import Format, Page, ast, parse_page, read_page_text


def nodes(value: object) -> Iterator[object]:
    """Every AST node under a value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, ast.Span):
        yield value
        for field in dataclasses.fields(value):
            if field.name != "lines":
                yield from nodes(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from nodes(item)


def check_page(page: Page) -> None:
    text = page.text
    if page.blocks:
        assert "".join(page.source(block) for block in page.blocks) == text
    for block in page.blocks:
        for node in nodes(block):
            span = getattr(node, "span", None)
            if span is None:
                continue
            assert 0 <= span.start <= span.end <= len(text), node
            assert block.span.start <= span.start and span.end <= block.span.end, node
            assert page.lines.position(span.start) == (span.line, span.column), node
            source = text[span.start : span.end]
            if isinstance(node, ast.Property):
                assert text[node.key_span.start : node.key_span.end] == node.key
                assert text[node.value_span.start : node.value_span.end] == node.value
            elif isinstance(node, ast.PageRef):
                assert source.startswith("[[") and source.endswith("]]"), source
            elif isinstance(node, ast.Tag):
                assert source.startswith("#"), source
            elif isinstance(node, ast.BlockRef):
                assert source.startswith("((") and source.endswith("))"), source
                if "\n" not in source:  # a quote's or #+BEGIN block's lines are read without their indentation
                    assert source == f"(({node.target}))"
            elif isinstance(node, ast.Heading) and node.marker:
                assert node.marker_span is not None
                assert text[node.marker_span.start : node.marker_span.end] == node.marker


def fixture_pages() -> list[tuple[str, str, str]]:
    return [
        (path.stem, case["format"], case["page"]) for path in sorted(FIXTURES.glob("*.json")) for case in load(path)
    ]


@pytest.mark.parametrize(("family", "fmt", "text"), fixture_pages())
def test_fixture_spans_are_exact(family: str, fmt: str, text: str) -> None:
    check_page(parse_page(text, fmt=Format(fmt)))


@pytest.mark.oracle
def test_corpus_spans_are_exact() -> None:
    for path in corpus_pages():
        check_page(parse_page(read_page_text(path), str(path)))


def test_a_diagnostic_position_points_at_the_ref() -> None:
    page = parse_page("title:: t\n\n- a\n\t- see [[Target page]] 中文 #tag\n")
    child = page.blocks[2]
    assert child.heading is not None
    ref, tag = [n for n in child.heading.title if isinstance(n, ast.PageRef | ast.Tag)]
    assert (ref.span.line, ref.span.column) == (4, 8)
    assert page.source(ref) == "[[Target page]]"
    assert (tag.span.line, tag.span.column) == (4, 27)


def test_crlf_and_bom_positions() -> None:
    page = parse_page("\ufefftitle:: x\r\n\r\n- a\r\n  k:: [[v]]\r\n")
    drawer = page.blocks[1].body[0]
    assert isinstance(drawer, ast.PropertyDrawer)
    prop = drawer.properties[0]
    assert (prop.span.line, prop.key, prop.value) == (4, "k", "[[v]]")
    assert page.source(prop.inline[0]) == "[[v]]"


def test_source_of_every_corpus_file_round_trips(tmp_path: Path) -> None:
    text = "- a\n\t- b\n  ```\n  - c\n  ```\n"
    page = parse_page(text)
    assert "".join(page.source(block) for block in page.blocks) == text
