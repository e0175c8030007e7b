"""Which files make which pages: discovery, ignore rules, page identity, collisions."""

from __future__ import annotations

import os
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from logseq_lint.graph import find_root, load_graph
from logseq_lint.graph.config import GraphConfig
from logseq_lint.graph.discovery import ignored_reason

from .helpers import write_graph

TRI = "{:file/name-format :triple-lowbar}\n"


def test_find_root(tmp_path: Path) -> None:
    write_graph(tmp_path / "g", {"logseq/config.edn": "{}", "pages/a.md": "- a"})
    assert find_root(tmp_path / "g" / "pages" / "a.md") == (tmp_path / "g").resolve()
    assert find_root(tmp_path / "g" / "pages") == (tmp_path / "g").resolve()
    write_graph(tmp_path / "bare", {"journals/2024_01_31.md": "- a"})
    assert find_root(tmp_path / "bare") == (tmp_path / "bare").resolve()
    assert find_root(tmp_path / "bare" / "journals") is None  # only the folder given itself
    assert find_root(tmp_path) is None


@pytest.mark.parametrize(
    ("relative", "reason"),
    [
        ("pages/a.md", None),
        ("notes/deep/a.org", None),
        ("whiteboards/b.edn", None),
        (".git/a.md", "a hidden file or folder"),
        ("pages/.a.md", "a hidden file or folder"),
        ("logseq/bak/pages/a.md", "one of Logseq's own folders"),
        ("logseq/version-files/a.md", "one of Logseq's own folders"),
        ("node_modules/x/a.md", "inside node_modules"),
        ("pages/Foo.MD", "not a file type Logseq reads"),
        ("assets/a.png", "not a file type Logseq reads"),
        ("archive-2020/a.md", "hidden by :hidden 'archive' in logseq/config.edn"),
        ("drafts/a.md", "hidden by :hidden '/drafts' in logseq/config.edn"),
    ],
)
def test_which_files_logseq_reads(relative: str, reason: str | None) -> None:
    assert ignored_reason(relative, GraphConfig(hidden=("archive", "/drafts"))) == reason


def test_page_identity(tmp_path: Path) -> None:
    write_graph(
        tmp_path,
        {
            "logseq/config.edn": TRI,
            "pages/x.md": "title:: The Real Name\nalias:: Other, [[Third]]\n\n- a\n",
            "pages/Space___Ship.md": "- namespaced\n",
            "journals/2024_01_31.md": "- a journal\n",
            "journals/notes.md": "- not a journal, whatever its folder\n",
            "pages/2024-02-01.md": "- a journal, whatever its folder\n",
            "journals/2024_02_02.md": "title:: Plans\n\n- a title that is no date makes it a page\n",
        },
    )
    graph = load_graph(tmp_path)
    names = {file.relative: (file.name, file.key, file.journal_day) for file in graph.files}
    assert names["pages/x.md"] == ("The Real Name", "the real name", None)
    assert names["pages/Space___Ship.md"][0] == "Space/Ship"
    assert names["journals/2024_01_31.md"] == ("Jan 31st, 2024", "jan 31st, 2024", date(2024, 1, 31))
    assert names["journals/notes.md"][2] is None
    assert names["pages/2024-02-01.md"][2] == date(2024, 2, 1)
    assert names["journals/2024_02_02.md"] == ("Plans", "plans", None)
    assert set(graph.aliases) == {"other", "third"}
    assert graph.existence("space").value == "namespace"
    assert graph.existence("Feb 3rd, 2024").value == "journal"
    assert graph.existence("OTHER").value == "alias"


def test_namespace_pages_come_from_names_aliases_and_links(tmp_path: Path) -> None:
    write_graph(
        tmp_path,
        {
            "logseq/config.edn": TRI,
            "pages/a.md": "alias:: Deep/Alias\n\n- see [[Lib/Sub/Leaf]] and #Tag/Child\n",
            "pages/b.md": "- [[./rel/path]]\n",
            "pages/c.md": "- [[Lib/Sub/Leaf]] again\n",  # each name once
        },
    )
    graph = load_graph(tmp_path)
    assert graph.namespaces() == {"deep", "lib", "lib/sub", "tag"}
    assert graph.existence("LIB/sub").value == "namespace"
    assert graph.existence("Lib/Sub/Leaf").value == "none"  # linked, not a parent
    assert graph.existence(".").value == "none"  # a relative path is no namespace


def test_custom_journal_title_format(tmp_path: Path) -> None:
    write_graph(
        tmp_path,
        {"logseq/config.edn": '{:journal/page-title-format "EEE, dd.MM.yyyy"}', "journals/2024_01_31.md": "- a\n"},
    )
    (file,) = load_graph(tmp_path).files
    assert (file.name, file.journal_day) == ("Wed, 31.01.2024", date(2024, 1, 31))


def test_parse_order_and_collisions(tmp_path: Path) -> None:
    write_graph(
        tmp_path,
        {
            "logseq/config.edn": TRI,
            "pages/b.md": "- b\n",
            "journals/2024_01_30.md": "- older\n",
            "journals/2024_01_31.md": "- newer\n",
            "pages/contents.md": "- contents\n",
            "pages/Aug 6th, 2022.md": "- a page named like a journal\n",
            "journals/2022_08_06.md": "- the journal\n",
        },
    )
    graph = load_graph(tmp_path)
    assert [file.relative for file in graph.files][:4] == [
        "journals/2024_01_31.md",
        "journals/2024_01_30.md",
        "journals/2022_08_06.md",
        "pages/contents.md",
    ]
    assert graph.skipped == {"pages/Aug 6th, 2022.md": graph.pages["aug 6th, 2022"]}


@pytest.mark.skipif(os.path.normcase("A") == "a", reason="needs a case-sensitive file system")
def test_collisions_by_case_and_unicode_form(tmp_path: Path) -> None:
    nfd, nfc = unicodedata.normalize("NFD", "Café"), unicodedata.normalize("NFC", "Café")
    write_graph(tmp_path, {"logseq/config.edn": TRI, "pages/Foo.md": "- a", "pages/foo.md": "- b"})
    (tmp_path / "pages" / f"{nfd}.md").write_text("- nfd")
    (tmp_path / "pages" / f"{nfc}.md").write_text("- nfc")
    if len(list((tmp_path / "pages").iterdir())) < 4:
        pytest.skip("the file system merges Unicode forms")
    graph = load_graph(tmp_path)
    # Logseq reads pages by path: "Foo" before "foo", and the NFC "é" (U+00E9) after the
    # NFD "e" + U+0301.
    assert set(graph.skipped) == {"pages/foo.md", f"pages/{nfc}.md"}


def test_whiteboards(tmp_path: Path) -> None:
    write_graph(
        tmp_path,
        {
            "logseq/config.edn": TRI,
            "whiteboards/b.edn": (
                '{:blocks ({:block/uuid #uuid "6650a1b2-0000-4000-8000-000000000001" :block/content "x"}\n'
                " {:block/properties {:ls-type :whiteboard-shape :logseq.tldraw.shape\n"
                '  {:type "logseq-portal" :id "6650a1b2-0000-4000-8000-000000000002" :blockType "P" :pageId "Plans"}}})\n'
                ' :pages ({:block/name "my board" :block/original-name "My Board"})}'
            ),
        },
    )
    (file,) = load_graph(tmp_path).files
    assert file.name == "My Board"
    assert [block_id.uuid for block_id in file.facts.ids] == [
        "6650a1b2-0000-4000-8000-000000000001",
        "6650a1b2-0000-4000-8000-000000000002",
    ]
    assert [(ref.kind.value, ref.target, ref.range.line) for ref in file.facts.references] == [("page", "Plans", 3)]


def test_symbolic_links_are_not_followed(tmp_path: Path) -> None:
    write_graph(tmp_path, {"logseq/config.edn": TRI, "outside/x.md": "- x", "pages/a.md": "- a"})
    (tmp_path / "pages" / "link.md").symlink_to(tmp_path / "outside" / "x.md")
    assert "pages/link.md" not in {file.relative for file in load_graph(tmp_path).files}
