"""The formatter: Logseq's writer's layout, idempotent, and never a change in meaning.

Each fixture is a folder ``tests/format/fixtures/<case>/`` with ``input.md``, the
``output.md`` it must format to, and optionally ``options.toml`` (``indentation`` as in
``:export/bullet-indentation``, ``final-newline``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from shared import CORPUS, SEED, oracle_pages, require, writable_copy

from logseq_lint.formatter import FormatOptions, NotFormattedError, equivalence_problem, format_page
from logseq_lint.syntax import parse_page

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(path for path in FIXTURES.iterdir() if path.is_dir())


def _options(case: Path) -> FormatOptions:
    path = case / "options.toml"
    values: dict[str, Any] = tomllib.loads(path.read_text()) if path.exists() else {}
    return FormatOptions(values.get("indentation", "tab"), values.get("final-newline", False))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_fixture(case: Path) -> None:
    text = (case / "input.md").read_bytes().decode()
    expected = (case / "output.md").read_bytes().decode()
    options = _options(case)
    assert format_page(text, "page.md", options) == expected
    assert format_page(expected, "page.md", options) == expected  # idempotent


def test_pages_it_leaves_alone() -> None:
    with pytest.raises(NotFormattedError, match="Org") as org:
        format_page("* a\n** b\n", "page.org")
    assert not org.value.refused
    with pytest.raises(NotFormattedError, match="byte-order mark"):
        format_page("\ufeff- a\n", "page.md")


def test_the_gate_compares_what_logseq_reads() -> None:
    def problem(before: str, after: str) -> str | None:
        return equivalence_problem(parse_page(before, "p.md"), parse_page(after, "p.md"))

    assert problem("- a\n    - b\n", "- a\n\t- b") is None
    assert problem("- a\n\t- b\n", "- a\n- b\n") == "the block at line 2 differs in its depth"
    assert problem("- a\n  b:: 1\n", "- a\n  b::1\n") == "the block at line 1 differs in its properties"
    assert problem("k:: v\n\n- a", "k:: w\n\n- a") == "the page properties differ"
    assert problem("- a\n- b", "- a") == "2 blocks become 1"


def test_the_gate_refuses_to_format(monkeypatch: pytest.MonkeyPatch) -> None:
    from logseq_lint import formatter

    monkeypatch.setattr(formatter, "_print", lambda page, unit, verbatim: "- a\n- b")  # a printer that re-nests
    with pytest.raises(NotFormattedError, match="line 2 differs in its depth") as refused:
        format_page("- a\n\t- b\n", "page.md")
    assert refused.value.refused


def test_the_seed_page_is_already_formatted() -> None:
    seed = require(SEED, "the seed page").read_text()
    assert format_page(seed, "seed.md") == seed


def _blocks(page: dict[str, Any]) -> list[dict[str, Any]]:
    """The oracle's blocks without their line, raw level and trailing spaces."""
    blocks = []
    for block in page["blocks"]:
        block = {key: value for key, value in block.items() if key not in ("line", "level")}
        block["content"] = "\n".join(line.rstrip() for line in block["content"].split("\n"))
        block["title"] = block["title"].rstrip()
        blocks.append(block)
    return blocks


def test_the_docs_graph_reads_the_same_once_formatted(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    writable_copy(require(CORPUS, "the logseq-docs corpus"), root)
    pages = sorted(p for folder in ("pages", "journals") for p in (root / folder).rglob("*") if p.suffix == ".md")
    changed = []
    for path in pages:
        text = path.read_text()
        formatted = format_page(text, str(path))
        assert format_page(formatted, str(path)) == formatted, path
        if formatted != text:
            changed.append((path, text))
            path.write_text(formatted)
    assert len(pages) == 313 and len(changed) == 59
    originals = tmp_path / "originals"
    for path, text in changed:
        copy = originals / path.relative_to(root)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(text)
    before = oracle_pages([originals / path.relative_to(root) for path, _ in changed])
    after = oracle_pages([path for path, _ in changed])
    for path, _ in changed:
        old, new = before[str(originals / path.relative_to(root))], after[str(path)]
        assert _blocks(old) == _blocks(new), path
        assert old["page_properties"] == new["page_properties"], path
