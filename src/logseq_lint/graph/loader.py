"""Reading a whole graph from disk into its index: each file's facts from the cache when
it has not changed, else parsed, in worker processes when there is enough to parse."""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from ..diagnostics import Diagnostic
from ..parallel import parallel_map, worker_count
from ..syntax import UnreadablePageError, ast
from ..syntax.source import NESTED_TOO_DEEPLY, content_digest, decode_page
from .cache import GraphCache, Packed
from .config import GraphConfig, load_config
from .discovery import GraphFile, backup_files, graph_files, walk
from .facts import PageFacts, PageSummary, page_facts, summarize
from .index import Graph
from .whiteboard import WhiteboardError, whiteboard_facts

# An id property line, in Markdown or in an Org drawer: enough to find copies in backups.
_ID_LINE = re.compile(
    r"^[ \t]*(?:[-*]+[ \t]+)?(?:id::|:id:)[ \t]*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[ \t]*\r?$",
    re.IGNORECASE | re.MULTILINE,
)

# Checks run on each page while its syntax tree is at hand (the findings are kept in the
# page's facts): the page, its graph-relative path and the graph's settings.
PageCheck: TypeAlias = "Callable[[ast.Page, str, GraphConfig], list[Diagnostic]]"

# Told how many of the graph's files have been read, and how many there are.
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file that cannot be read as Logseq reads it, and why."""

    reason: str


def pack(facts: PageFacts, config: GraphConfig) -> Packed:
    return Packed(summarize(facts, config), pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))


Outcome = PageFacts | Packed | Unreadable


def load_graph(
    root: Path,
    page_check: PageCheck | None = None,
    overrides: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    cache: GraphCache | None = None,
    workers: int | None = None,
) -> Graph:
    """Read every file Logseq reads in the graph at ``root`` (in its parse order), and the
    block ids in its backup folders. ``overrides`` gives the text of some files (by
    graph-relative path) instead of what is on disk, or of files not on disk yet: the fix
    loop's work in progress, a page read from standard input. ``workers`` caps the worker
    processes (default: one per core when there is enough to parse; 1: none)."""
    overrides = overrides or {}
    config, config_errors = load_config(root)
    graph = Graph(root, config, config_errors)
    everything = walk(root)
    graph.existing_files.update(everything)
    everything += [relative for relative in overrides if relative not in graph.existing_files]
    files = [file for file in graph_files(root, config, everything) if file.is_page or file.is_whiteboard]
    outcomes: dict[str, Outcome] = {}
    summaries: dict[str, PageSummary] = {}  # of the pages parsed here, made once for the cache
    todo: list[tuple[GraphFile, int]] = []  # with its size
    for file in files:
        if file.relative in overrides:
            if cache is not None:
                cache.keep(file.relative)  # for the next run, which reads it from disk
            text = overrides[file.relative]
            outcomes[file.relative] = _outcome(file, config, page_check, text.encode("utf-8"), text)
            continue
        try:
            stat = os.stat(file.location)
        except OSError as error:
            outcomes[file.relative] = Unreadable(str(error))
            continue
        cached = cache.by_stat(file.relative, stat.st_size, stat.st_mtime_ns) if cache else None
        if cached is not None:
            outcomes[file.relative] = cached
        else:
            todo.append((file, stat.st_size))
    done = len(outcomes)
    for relative, size, mtime_ns, digest, outcome in _read_all(todo, config, page_check, cache, workers):
        if outcome is None and cache is not None:  # unchanged content: the cached facts
            outcome = cache.by_digest(relative, size, mtime_ns, digest)
        if outcome is None:
            outcome = Unreadable("changed while it was read")
        elif cache is not None and size >= 0:
            if isinstance(outcome, PageFacts):
                packed = pack(outcome, config)
                summaries[relative] = packed.summary
                cache.store(relative, size, mtime_ns, digest, packed)
            else:
                cache.store(relative, size, mtime_ns, digest, outcome)
        outcomes[relative] = outcome
        done += 1
        if progress is not None:
            progress(done, len(files))
    read_details = _details_reader(cache, root, config, page_check)
    for file in files:
        outcome = outcomes[file.relative]
        if isinstance(outcome, Unreadable):
            graph.unreadable[file.relative] = outcome.reason
        elif isinstance(outcome, Packed):
            graph.add_summary(outcome.summary, outcome.details or read_details)
        else:
            graph.add(outcome, summaries.get(file.relative))
    for relative, ids in _backup_ids(root, cache):
        for uuid in ids:
            graph.backup_ids[uuid].append(relative)
    if cache is not None:
        cache.save()
    return graph


def _details_reader(
    cache: GraphCache | None, root: Path, config: GraphConfig, page_check: PageCheck | None
) -> Callable[[str], PageFacts | bytes]:
    """How to get a cached page's details (by its graph-relative path) when a rule asks:
    from the cache's details file, or (should that be gone) by reading the page again."""

    def read(relative: str) -> PageFacts | bytes:
        kept = cache.details(relative) if cache is not None else None
        if kept is not None:
            return kept
        outcome = _read_one(GraphFile(root, relative), None, config, page_check)[4]
        if isinstance(outcome, PageFacts):
            return outcome
        # Unreadable now (it was read a moment ago): nothing in it to report on.
        return PageFacts(relative, "", None, (), (), (), frozenset(), ())

    return read


def _outcome(
    file: GraphFile, config: GraphConfig, page_check: PageCheck | None, data: bytes, text: str | None = None
) -> Outcome:
    """A file's facts (with the page rules' findings), or why it cannot be read."""
    try:
        if text is None:
            text = decode_page(data, file.relative)
        if file.is_page:
            from ..syntax.parser import parse_page  # not needed when everything is cached

            page = parse_page(text, file.relative)
            findings = tuple(page_check(page, file.relative, config)) if page_check else ()
            return page_facts(page, file.relative, config, content_digest(data), findings)
        return whiteboard_facts(text, file.relative, content_digest(data))
    except UnreadablePageError as error:
        return Unreadable(error.reason)
    except WhiteboardError as error:
        return Unreadable(str(error))
    except RecursionError:
        return Unreadable(NESTED_TOO_DEEPLY)  # in a rule, after parsing


# What reading one file gives: its path, size, modification time and digest, and its
# outcome (None when the cache already holds the facts of these bytes).
Read = tuple[str, int, int, str, Outcome | None]


def _read_one(
    file: GraphFile, known_digest: str | None, config: GraphConfig, page_check: PageCheck | None, packed: bool = False
) -> Read:
    """Read and parse one file (``packed`` for a worker process: what it sends back is then
    pickled once, and unpickled only if a rule asks for the details)."""
    try:
        stat = file.path.stat()
        data = file.path.read_bytes()
    except OSError as error:
        return file.relative, -1, -1, "", Unreadable(str(error))
    digest = content_digest(data)
    if digest == known_digest:
        return file.relative, stat.st_size, stat.st_mtime_ns, digest, None
    outcome = _outcome(file, config, page_check, data)
    if packed and isinstance(outcome, PageFacts):
        outcome = pack(outcome, config)
    return file.relative, stat.st_size, stat.st_mtime_ns, digest, outcome


def _read_all(
    todo: list[tuple[GraphFile, int]],
    config: GraphConfig,
    page_check: PageCheck | None,
    cache: GraphCache | None,
    workers: int | None,
) -> Iterator[Read]:
    """Read the files, in order; in worker processes when it pays."""
    known = [cache.digest_of(file.relative) if cache else None for file, _ in todo]
    count = worker_count(sum(size for _, size in todo), workers)
    if count <= 1:
        for (file, _), digest in zip(todo, known, strict=True):
            yield _read_one(file, digest, config, page_check)
        return
    items = [(file, digest) for (file, _), digest in zip(todo, known, strict=True)]
    yield from parallel_map(_work, items, count, _start_worker, (config, page_check))


_worker: tuple[GraphConfig, PageCheck | None] | None = None


def _start_worker(config: GraphConfig, page_check: PageCheck | None) -> None:
    global _worker
    _worker = (config, page_check)


def _work(item: tuple[GraphFile, str | None]) -> Read:
    assert _worker is not None
    return _read_one(item[0], item[1], *_worker, packed=True)


def _backup_ids(root: Path, cache: GraphCache | None) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The block ids in each file of Logseq's backup folders (where a deleted block may
    still be), graph-relative paths."""
    for path in backup_files(root):
        relative = path.relative_to(root).as_posix()
        key = f"backup:{relative}"
        try:
            stat = path.stat()
            cached = cache.by_stat(key, stat.st_size, stat.st_mtime_ns) if cache else None
            if cached is None:
                data = path.read_bytes()
                text = data.decode("utf-8", errors="replace")
                cached = tuple(dict.fromkeys(found.group(1).lower() for found in _ID_LINE.finditer(text)))
                if cache is not None:
                    cache.store(key, stat.st_size, stat.st_mtime_ns, content_digest(data), cached)
        except OSError:
            continue
        yield relative, cached
