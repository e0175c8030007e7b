"""The graph cache and worker processes change how fast a graph is read, never what is
found: a changed page, settings, config or version is read afresh, a bad cache file is
ignored, and the findings are the same with and without them."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from shared import CORPUS, require, synthetic_graph, writable_copy

from logseq_lint import lint
from logseq_lint.cli import main
from logseq_lint.graph import cache as graph_cache
from logseq_lint.graph.cache import CACHE_DIR, GraphCache, namespace
from logseq_lint.lint import Scope, check_graph, load
from logseq_lint.results import check_unchanged
from logseq_lint.rules import select_rules
from logseq_lint.settings import Settings

RULES = select_rules()


def findings(root: Path, **options: object) -> list[str]:
    graph = load(root, RULES, **options)  # type: ignore[arg-type]
    return [f"{d.location.path}:{d.location.line}:{d.location.column}:{d.code}:{d.message}" for d in check_graph(graph, RULES, Scope(("",)))]  # fmt: skip


def small_graph(root: Path) -> Path:
    (root / "logseq").mkdir(parents=True)
    (root / "pages").mkdir()
    (root / "logseq" / "config.edn").write_text("{:file/name-format :triple-lowbar}")
    (root / "pages" / "A.md").write_text("- a\n-\n- b")
    (root / "pages" / "B.md").write_text("- see [[A]]")
    return root


def cache_files(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR).glob("*.cache"))


def test_a_changed_page_is_read_again(tmp_path: Path) -> None:
    root = small_graph(tmp_path)
    assert [line.split(":")[3] for line in findings(root, use_cache=True)] == ["S001"]
    assert len(cache_files(root)) == 1 and (root / CACHE_DIR / ".gitignore").read_text().endswith("*\n")
    (root / "pages" / "B.md").write_text("- see [[A]]\n-\n- c")
    assert [line.split(":")[:4] for line in findings(root, use_cache=True)] == [
        ["pages/A.md", "2", "1", "S001"],
        ["pages/B.md", "2", "1", "S001"],
    ]


def test_settings_config_and_version_each_have_their_own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = small_graph(tmp_path)
    first = namespace(root, "S001[]")
    assert namespace(root, "S001[]") == first
    assert namespace(root, "S001[('x', True)]") != first  # a page rule's options
    (root / "logseq" / "config.edn").write_text("{:file/name-format :legacy}")
    assert namespace(root, "S001[]") != first
    monkeypatch.setattr(graph_cache, "__version__", "99.0")
    assert len({first, namespace(root, "S001[]")}) == 2

    # Through the command line: other rules make another cache file, which is then used.
    runner = CliRunner(env={"LOGSEQ_LINT_OUTPUT_FORMAT": "concise"})
    assert runner.invoke(main, ["check", str(root)]).exit_code == 1
    assert runner.invoke(main, ["check", "--ignore", "S001", str(root)]).exit_code == 0
    assert len(cache_files(root)) == 2


def test_a_corrupt_cache_is_ignored_and_replaced(tmp_path: Path) -> None:
    root = small_graph(tmp_path)
    expected = findings(root, use_cache=True)
    (path,) = cache_files(root)
    path.write_bytes(b"logseq-lint cache 6\n" + b"\0" * 10)
    assert findings(root, use_cache=True) == expected
    assert path.read_bytes() != b"logseq-lint cache 6\n" + b"\0" * 10


class _Explodes:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (_explode, ("a cache file from elsewhere was unpickled",))


def _explode(message: str) -> None:
    raise AssertionError(message)


def test_a_cache_not_signed_by_this_user_is_never_unpickled(tmp_path: Path) -> None:
    root = small_graph(tmp_path)
    expected = findings(root, use_cache=True)
    (path,) = cache_files(root)
    payload = pickle.dumps((0, {"pages/A.md": _Explodes()}))
    path.write_bytes(b"logseq-lint cache 6\n" + b"\1" * 32 + payload)  # a signature with another key
    assert GraphCache(root, path.stem).entries == {}
    assert findings(root, use_cache=True) == expected


def test_no_cache_and_clean(tmp_path: Path) -> None:
    root = small_graph(tmp_path)
    runner = CliRunner(env={"LOGSEQ_LINT_OUTPUT_FORMAT": "concise"})
    runner.invoke(main, ["check", "--no-cache", str(root)])
    assert not (root / CACHE_DIR).exists()
    runner.invoke(main, ["check", str(root)])
    assert len(cache_files(root)) == 1
    result = runner.invoke(main, ["clean", str(root)])
    assert result.exit_code == 0 and "removed 2 cache files" in result.stdout  # facts and results
    assert not (root / CACHE_DIR).exists()


@pytest.mark.slow
@pytest.mark.parametrize("graph", ["synthetic", "docs"])
def test_the_same_findings_with_and_without_cache_and_workers(tmp_path: Path, graph: str) -> None:
    if graph == "docs":
        root = tmp_path / "docs"
        writable_copy(require(CORPUS, "the docs graph"), root)
    else:
        root = synthetic_graph(400, tmp_path / "synthetic")
    for path in root.rglob("*"):  # older than the cache, so that it is trusted by size and time
        os.utime(path, (time.time() - 60, time.time() - 60))
    plain = findings(root, workers=1)
    assert plain, "a graph with findings, so that the comparison means something"
    assert findings(root, workers=2) == plain
    assert findings(root, use_cache=True, workers=2) == plain  # cold: fills the cache
    # A check of some files (as pre-commit's) reads the details of few files, and finds what
    # the whole check finds about them.
    graph = load(root, RULES, use_cache=True)
    whole = check_graph(graph, RULES, Scope(("",)))
    for relative in sorted(file.relative for file in graph.files)[::25]:
        scope = Scope(files=frozenset({relative}))
        assert check_graph(load(root, RULES, use_cache=True), RULES, scope) == [d for d in whole if scope.wants(d)]
    warm = GraphCache(root, cache_files(root)[0].stem)
    assert findings(root, use_cache=True, workers=1) == plain  # warm
    relative = next(key for key in warm.entries if key.endswith(".md"))
    stat = (root / relative).stat()
    assert warm.by_stat(relative, stat.st_size, stat.st_mtime_ns) is not None  # read from the cache, not the file


def _age(root: Path) -> None:
    """Make every file a minute old, so that the caches trust size and time."""
    for path in root.rglob("*"):
        os.utime(path, (time.time() - 60, time.time() - 60))


@pytest.mark.parametrize(
    "change",
    ["edit a page", "add an asset", "remove an asset", "change config.edn"],
)
def test_an_unchanged_graph_is_not_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    root = small_graph(tmp_path)
    (root / "assets").mkdir()
    (root / "assets" / "old.png").write_bytes(b"png")
    (root / "pages" / "B.md").write_text("- see [[A]] ![x](../assets/new.png) ![y](../assets/old.png)")
    _age(root)
    scope = Scope(("",))
    first, read = check_unchanged(root, Settings(), scope)
    assert sorted(read) == ["pages/A.md", "pages/B.md"]

    calls = []
    real = lint.check_graph
    monkeypatch.setattr(lint, "check_graph", lambda *args: calls.append(1) or real(*args))
    assert check_unchanged(root, Settings(), scope) == (first, read) and calls == []  # remembered

    if change == "edit a page":
        (root / "pages" / "A.md").write_text("- a\n- b")
    elif change == "add an asset":
        (root / "assets" / "new.png").write_bytes(b"png")
    elif change == "remove an asset":
        (root / "assets" / "old.png").unlink()
    else:
        (root / "logseq" / "config.edn").write_text('{:file/name-format :triple-lowbar :hidden ["pages/B.md"]}')
    _age(root)
    again, _ = check_unchanged(root, Settings(), scope)
    assert calls == [1] and again == check_graph(load(root, RULES), RULES, scope) and again != first


def test_details_are_read_only_for_the_files_checked_and_survive_a_lost_details_file(tmp_path: Path) -> None:
    root = small_graph(tmp_path)
    (root / "pages" / "C.md").write_text("- c\n-\n")
    _age(root)
    everything = findings(root, use_cache=True)
    assert [line.split(":")[0] for line in everything] == ["pages/A.md", "pages/C.md"]

    # A check of one file reads the summaries of all and the details of that file only.
    graph = load(root, RULES, use_cache=True)
    assert [line.split(":")[0] for line in findings_of(graph, Scope(files=frozenset({"pages/C.md"})))] == ["pages/C.md"]
    read = [file.relative for file in graph.files if not callable(file._details)]
    assert read == ["pages/C.md"]

    # Lost details files: the pages are read again, with the same findings.
    shutil.rmtree(cache_files(root)[0].with_suffix(".details"))
    assert findings(root, use_cache=True) == everything

    # A deleted page's details go with it.
    (root / "pages" / "C.md").unlink()
    findings(root, use_cache=True)
    cache = GraphCache(root, cache_files(root)[0].stem)
    assert "pages/C.md" not in cache.entries and cache.details("pages/C.md") is None
    assert cache.details("pages/A.md") is not None


def findings_of(graph: object, scope: Scope) -> list[str]:
    return [f"{d.location.path}:{d.location.line}:{d.code}" for d in check_graph(graph, RULES, scope)]  # type: ignore[arg-type]


def test_a_page_linked_often_is_not_a_misspelling_in_a_check_of_one_file(tmp_path: Path) -> None:
    root = small_graph(tmp_path)
    (root / "pages" / "Garden plans.md").write_text("- the page")
    for name in ("C", "D", "E"):
        (root / "pages" / f"{name}.md").write_text("- see [[Garden plan]]")
    whole = findings(root)
    assert not any("R001" in line for line in whole)  # linked three times: meant, not misspelled
    graph = load(root, RULES)
    assert findings_of(graph, Scope(files=frozenset({"pages/C.md"}))) == []


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    root = small_graph(tmp_path)
    (root / CACHE_DIR).write_text("not a folder")  # where the cache would go
    expected = findings(root)
    assert findings(root, use_cache=True) == expected
    assert check_unchanged(root, Settings(), Scope(("",)))[0] == check_graph(load(root, RULES), RULES, Scope(("",)))
    result = CliRunner().invoke(main, ["clean", str(root)])
    assert result.exit_code == 0 and "removed 0 cache files" in result.stdout
    assert (root / CACHE_DIR).read_text() == "not a folder"


def test_a_check_answered_from_the_cache_never_loads_the_parser(tmp_path: Path) -> None:
    """Start-up is most of a pre-commit run: with every page cached, neither Lark nor the
    syntax tree's classes are loaded (a module that reads ``ast`` at import time would
    undo it)."""
    root = small_graph(tmp_path / "g")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    assert CliRunner().invoke(main, ["check", str(root)]).exit_code == 1  # fills the cache
    probe = (
        "import sys\n"
        "from logseq_lint.cli import main\n"
        "try:\n"
        "    main(['check', '--pre-commit', 'pages/A.md', 'pages/B.md'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('lark' in sys.modules, type(sys.modules['logseq_lint.syntax.ast']).__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False _LazyModule", done.stderr
