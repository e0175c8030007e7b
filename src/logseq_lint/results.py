"""Whole checks remembered: a check of a graph in which nothing it reads changed since the
same check last ran is answered from the graph's cache, without reading a page, and
without importing the parser or the rules.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .diagnostics import Diagnostic
from .graph.cache import ResultCache
from .graph.config import CONFIG_PATH, load_config
from .graph.discovery import backup_files, ignored_reason, is_page, is_whiteboard, walk
from .scope import Scope
from .settings import Settings

if TYPE_CHECKING:
    from .graph.loader import Progress


def check_unchanged(
    root: Path, settings: Settings, scope: Scope, progress: Progress | None = None
) -> tuple[list[Diagnostic], list[str]]:
    """The findings of the rules the settings select, in the scope, before the settings'
    own filters (``Settings.apply``), and the paths of the files read: remembered when
    nothing changed, else found by a check that reads only the files that changed."""
    selection = (
        settings.select,
        settings.extend_select,
        settings.ignore,
        sorted((code, sorted(options.items())) for code, options in settings.rules.items()),
    )
    what = f"{__version__}|{selection!r}|{sorted(scope.folders)}|{sorted(scope.files)}"
    key = hashlib.sha256(what.encode()).hexdigest()
    fingerprint, newest_ns = graph_fingerprint(root)
    results = ResultCache(root)
    known = results.get(key, fingerprint, newest_ns)
    if known is not None:
        return known  # type: ignore[no-any-return]
    from .lint import check_graph, load
    from .rules import select_rules

    rules = select_rules(settings.select, settings.extend_select, settings.ignore, settings.rules)
    graph = load(root, rules, progress=progress, use_cache=True)
    found = check_graph(graph, rules, scope), [file.relative for file in graph.files]
    results.put(key, fingerprint, found)
    return found


def graph_fingerprint(root: Path) -> tuple[str, int]:
    """A digest of everything a check of the graph reads (config.edn, which files exist,
    the size and time of each file it reads), and the newest of those times."""
    config, _ = load_config(root)
    everything = sorted(walk(root))
    digest = hashlib.sha256((root / CONFIG_PATH).read_bytes() if (root / CONFIG_PATH).is_file() else b"")
    digest.update("\0".join(everything).encode("utf-8", "surrogateescape"))
    newest = 0
    base = str(root)
    read = [
        f"{base}/{relative}"
        for relative in everything
        if ignored_reason(relative, config) is None and (is_page(relative) or is_whiteboard(relative))
    ]
    for path in [*read, *map(str, backup_files(root))]:
        try:
            stat = os.stat(path)
        except OSError:
            digest.update(b"-")
            continue
        digest.update(f"{stat.st_size}:{stat.st_mtime_ns};".encode())
        newest = max(newest, stat.st_mtime_ns)
    return digest.hexdigest(), newest
