"""``lint-ignore::`` in a block silences its block and the block's children; in the page's
properties (or front matter, or an Org page's drawer), the whole page; L001 reports the
rest (its own fixtures are in fixtures/L001-unused-suppression)."""

from __future__ import annotations

from pathlib import Path

import pytest

from logseq_lint.lint import Scope, check_graph, load
from logseq_lint.rules import select_rules

RULES = select_rules(["S001", "S006", "F002", "L001"])


def found(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    (tmp_path / "logseq").mkdir()
    (tmp_path / "logseq" / "config.edn").write_text("{:file/name-format :triple-lowbar}")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    graph = load(tmp_path, RULES)
    return [(d.location.path, d.location.line, d.code) for d in check_graph(graph, RULES, Scope(("",)))]


def test_a_block_suppression_covers_the_block_and_its_children_only(tmp_path: Path) -> None:
    page = "- parent (#tag)\n  lint-ignore:: S001, tag-swallows-punctuation\n\t-\n\t\t-\n- sibling (#tag)\n\t-\n-\n"
    assert found(tmp_path, {"pages/A.md": page}) == [
        ("pages/A.md", 5, "S006"),
        ("pages/A.md", 6, "S001"),
        ("pages/A.md", 7, "S001"),
    ]


@pytest.mark.parametrize(
    "properties",
    ["lint-ignore:: S\n\n", "---\nlint-ignore: S\n---\n", "#+lint-ignore: S\n"],
    ids=["properties", "front-matter", "directive"],
)
def test_a_page_suppression_covers_the_whole_page(tmp_path: Path, properties: str) -> None:
    page = properties + "- a (#tag)\n-\n\t- b\n\t\t-\n- c"
    assert found(tmp_path, {"pages/A.md": page}) == []


def test_an_org_page_suppression(tmp_path: Path) -> None:
    page = ":PROPERTIES:\n:lint-ignore: S006\n:END:\n\n* a (#tag)\n** b (#tag)\n"
    assert found(tmp_path, {"pages/A.org": page}) == []


def test_a_page_suppression_covers_findings_about_the_file(tmp_path: Path) -> None:
    files = {"pages/a%2Fb.md": "- x", "pages/c%2Fd.md": "lint-ignore:: non-canonical-file-name\n\n- y"}
    assert found(tmp_path, files) == [("pages/a%2Fb.md", 1, "F002")]


def test_a_bulleted_first_block_is_not_the_page(tmp_path: Path) -> None:
    page = "- lint-ignore:: S001\n- a\n-\n"
    assert found(tmp_path, {"pages/A.md": page}) == [("pages/A.md", 1, "L001"), ("pages/A.md", 3, "S001")]


def test_an_invalid_suppression_key_is_no_suppression(tmp_path: Path) -> None:
    page = "- a\n  lint-ignore::S001\n-\n- b"
    assert found(tmp_path, {"pages/A.md": page}) == [("pages/A.md", 3, "S001")]
