"""Reading a whole graph from disk into its index."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from ..diagnostics import Diagnostic
from ..syntax import UnreadablePageError, ast, parse_page
from ..syntax.source import content_digest, decode_page
from .config import GraphConfig, load_config
from .discovery import backup_files, graph_files, walk
from .facts import page_facts
from .index import Graph
from .whiteboard import WhiteboardError, whiteboard_facts

# An id property line, in Markdown or in an Org drawer: enough to find copies in backups.
_ID_LINE = re.compile(
    r"^[ \t]*(?:[-*]+[ \t]+)?(?:id::|:id:)[ \t]*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[ \t]*\r?$",
    re.IGNORECASE | re.MULTILINE,
)


# Checks run on each page while its syntax tree is at hand (the findings are kept in the
# page's facts): the page, its graph-relative path and the graph's settings.
PageCheck = Callable[[ast.Page, str, GraphConfig], list[Diagnostic]]

# Told how many of the graph's files have been read, and how many there are.
Progress = Callable[[int, int], None]


def load_graph(
    root: Path,
    page_check: PageCheck | None = None,
    overrides: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> Graph:
    """Read every file Logseq reads in the graph at ``root`` (in its parse order), and the
    block ids in its backup folders. ``overrides`` gives the text of some files (by
    graph-relative path) instead of what is on disk, or of files not on disk yet: the fix
    loop's work in progress, a page read from standard input."""
    overrides = overrides or {}
    config, config_errors = load_config(root)
    graph = Graph(root, config, config_errors)
    everything = list(walk(root))
    graph.existing_files.update(everything)
    everything += [relative for relative in overrides if relative not in graph.existing_files]
    files = [file for file in graph_files(root, config, everything) if file.is_page or file.is_whiteboard]
    for done, file in enumerate(files):
        if progress is not None:
            progress(done, len(files))
        try:
            if file.relative in overrides:
                text = overrides[file.relative]
                data = text.encode("utf-8")
            else:
                data = file.path.read_bytes()
                text = decode_page(data, file.relative)
            if file.is_page:
                page = parse_page(text, file.relative)
                findings = tuple(page_check(page, file.relative, config)) if page_check else ()
                facts = page_facts(page, file.relative, config, content_digest(data), findings)
            else:
                facts = whiteboard_facts(text, file.relative, content_digest(data))
        except UnreadablePageError as error:
            graph.unreadable[file.relative] = error.reason
            continue
        except (OSError, WhiteboardError) as error:
            graph.unreadable[file.relative] = str(error)
            continue
        graph.add(facts)
    for path in backup_files(root):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        relative = path.relative_to(root).as_posix()
        for found in _ID_LINE.finditer(text):
            graph.backup_ids[found.group(1).lower()].append(relative)
    return graph
