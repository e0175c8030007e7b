"""File name ↔ page name, and page keys (LOGSEQ-SYNTAX.md §3.6, §4.2)."""

from __future__ import annotations

import pytest

from logseq_lint.graph.names import file_page_name, is_namespace, namespace_parents, page_key


@pytest.mark.parametrize(
    ("body", "triple_lowbar", "legacy"),
    [
        ("Foo___Bar", "Foo/Bar", "Foo___Bar"),
        ("Foo%2FBar", "Foo/Bar", "Foo/Bar"),
        ("Foo.Bar", "Foo.Bar", "Foo/Bar"),
        ("What is it%3F", "What is it?", "What is it?"),
        ("CON___", "CON", "CON___"),
        ("100%", "100%", "100%"),
        ("a______b", "a/b", "a______b"),
        ("%E4%B8%AD", "%E4%B8%AD", "中"),  # multi-byte escapes stay as written under :triple-lowbar
        ("v1.2 notes", "v1.2 notes", "v1/2 notes"),
    ],
)
def test_file_names_under_both_formats(body: str, triple_lowbar: str, legacy: str) -> None:
    assert file_page_name(f"pages/{body}.md", "triple-lowbar") == triple_lowbar
    assert file_page_name(f"pages/{body}.md", "legacy") == legacy


def test_the_folder_and_last_extension_are_not_part_of_the_name() -> None:
    assert file_page_name("notes/deep/Foo.md", "triple-lowbar") == "Foo"
    assert file_page_name("pages/Foo.tar.md", "triple-lowbar") == "Foo.tar"
    assert file_page_name("pages/contents.md", "legacy") == "Contents"


def test_page_keys() -> None:
    assert page_key("Foo Bar") == "foo bar"
    assert page_key("/Foo/") == "foo"
    assert page_key("//Foo//") == "/foo/"  # one slash off each end, no more
    assert page_key("Cafe\u0301") == page_key("Caf\u00e9") == "caf\u00e9"
    assert page_key(" foo ") == " foo "  # no trimming


def test_namespaces() -> None:
    assert namespace_parents("a/b/c") == ["a", "a/b"]
    assert namespace_parents("../x") == []
    assert namespace_parents("https://example.com/x") == []
    assert not is_namespace("a [[b/c]]")
    assert is_namespace("Projects/Garden")
