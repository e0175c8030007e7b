"""Access to ``../shared`` (Logseq's own parser as an oracle, and the corpus) for tests.

Tests that need it skip when it is absent, except when ``LOGSEQ_LINT_REQUIRE_SHARED=1``
(set by ``.ci/run``): then a missing piece fails the test instead.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LOGSEQ_LINT_SHARED", REPO.parent / "shared"))
ORACLE = SHARED / "oracle" / "oracle"
CORPUS = SHARED / "corpus" / "logseq-docs"
SEED = SHARED / "seeds" / "000_2af45241b09e2b1a.txt"

# One oracle call parses this many pages (each call starts Node.js).
_BATCH = 200


def require(path: Path, what: str) -> Path:
    """``path`` if it exists; otherwise skip the test, or fail it when CI requires ../shared."""
    if path.exists() and (path != ORACLE or shutil.which("node")):
        return path
    message = f"{what} not available at {path}"
    if os.environ.get("LOGSEQ_LINT_REQUIRE_SHARED") == "1":
        pytest.fail(f"{message} (LOGSEQ_LINT_REQUIRE_SHARED=1)")
    pytest.skip(message)


def oracle_pages(paths: list[Path], fmt: str | None = None) -> dict[str, dict[str, Any]]:
    """The oracle's reading of each page, keyed by the path as given."""
    require(ORACLE, "the mldoc oracle")
    return _oracle_pages(tuple(str(p) for p in paths), fmt)


@cache
def _oracle_pages(paths: tuple[str, ...], fmt: str | None) -> dict[str, dict[str, Any]]:
    pages: dict[str, dict[str, Any]] = {}
    extra = ["--format", fmt] if fmt else []
    for start in range(0, len(paths), _BATCH):
        batch = list(paths[start : start + _BATCH])
        done = subprocess.run(
            [str(ORACLE), "--jsonl", *extra, *batch],
            capture_output=True,
            text=True,
            check=False,
        )
        for line in done.stdout.split("\n"):  # not splitlines(): pages may hold U+2028
            if line.startswith("{"):
                page = json.loads(line)
                pages[page["file"]] = page
        missing = [p for p in batch if p not in pages]
        if missing:
            raise RuntimeError(f"oracle gave no output for {missing[:3]}: {done.stderr[-2000:]}")
    return pages


def writable_copy(graph: Path, destination: Path) -> Path:
    """A copy of ``graph`` whose files its owner may write, as in a user's own graph.

    ``../shared`` is read-only, and copies keep modes; the tool leaves read-only pages alone.
    """
    shutil.copytree(graph, destination)
    for path in [destination, *destination.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return destination


def corpus_pages() -> list[Path]:
    """Every page Logseq reads in the docs graph: the Markdown and Org files under pages/ and journals/."""
    root = require(CORPUS, "the logseq-docs corpus")
    return sorted(
        p for folder in ("pages", "journals") for p in (root / folder).rglob("*") if p.suffix in {".md", ".org"}
    )


def synthetic_graph(count: int, out: Path) -> Path:
    """A graph of ``count`` pages from bench/make_graph.py (the benchmarks' graph)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_graph", REPO / "bench" / "make_graph.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_graph(count, out)  # type: ignore[no-any-return]
