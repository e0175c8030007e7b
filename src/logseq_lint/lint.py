"""Checking a graph: run the rules, keep the findings the user asked about, and apply
fixes until none is left to apply.

A check of some files (what pre-commit passes) loads the whole graph for context and
reports the findings located in those files, and those located elsewhere that are about
them: a reference that now dangles because a given file dropped the block's ``id::``
since its last commit, the copy of a duplicate id that a given file keeps.

Fixing works on the texts in memory: each round reads the graph with the texts fixed so
far, applies the fixes found, and verifies that every block a fix did not touch reads
exactly as before; a file whose fixes fail that check is left alone. At the end each
changed file is written once, through the safe writer (or shown as a diff).
"""

from __future__ import annotations

import os
import re
import threading
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

from .diagnostics import Applicability, Diagnostic, Edit, Fix
from .graph import Graph, load_graph
from .graph.cache import GraphCache, namespace
from .graph.config import GraphConfig
from .graph.discovery import ignored_reason, is_page
from .graph.facts import PageFacts, page_facts
from .graph.git import committed_texts, staged_deletions
from .graph.loader import Progress
from .rules import GraphRule, PageContext, PageRule, Rule
from .rules.suppressions import apply_suppressions
from .scope import Scope
from .settings import Settings
from .syntax import ast
from .syntax.chars import JS_WHITESPACE
from .syntax.source import UnreadablePageError, content_digest, decode_page
from .syntax.summary import block_summary
from .writer import UnsafeWriteError, write_text

MAX_FIX_ROUNDS = 10


@dataclass(frozen=True)
class PageChecker:
    """The page rules, run on each page while the graph is read (a plain object, so that
    worker processes can be given it)."""

    rules: tuple[PageRule, ...]

    def __call__(self, page: ast.Page, relative: str, config: GraphConfig) -> list[Diagnostic]:
        context = PageContext(relative, config)
        return [diagnostic for rule in self.rules for diagnostic in rule.check_page(page, context)]

    def key(self) -> str:
        """What its findings depend on besides the page: the rules and their options."""
        return ";".join(f"{rule.code}{sorted(rule.options.items())!r}" for rule in self.rules)


def load(
    root: Path,
    rules: Sequence[Rule],
    overrides: dict[str, str] | None = None,
    progress: Progress | None = None,
    use_cache: bool = False,
    workers: int | None = None,
) -> Graph:
    """The graph at ``root``, with the findings of the page rules among ``rules``; with
    ``use_cache``, through the graph's cache."""
    checker = PageChecker(tuple(rule for rule in rules if isinstance(rule, PageRule)))
    cache = GraphCache(root, namespace(root, checker.key())) if use_cache else None
    return load_graph(root, checker if checker.rules else None, overrides, progress, cache, workers)


def check_graph(graph: Graph, rules: Sequence[Rule], scope: Scope) -> list[Diagnostic]:
    """The findings the scope wants, in file and line order: the graph rules' and those the
    page rules left in the pages' facts, less those a ``lint-ignore::`` silences."""
    graph.focus = _focus(graph, scope)
    found = [d for rule in rules if isinstance(rule, GraphRule) for d in rule.check(graph) if scope.wants(d)]
    found += [d for file in graph.focus_files(indexed=False) for d in file.facts.findings if scope.wants(d)]
    found, unused = apply_suppressions(graph, found, rules)
    found += [d for d in unused if scope.wants(d)]
    return sorted(found, key=Diagnostic.sort_key)


def _focus(graph: Graph, scope: Scope) -> frozenset[str] | None:
    """The files whose details a check of the scope needs (None: all of them): those in
    the scope, those that reference what the scope's changes removed (ids, deleted pages),
    and those that share an id with a file in the scope."""
    if "" in scope.folders:
        return None
    focus = set(scope.covered(file.relative for file in graph.files))
    dropped, deleted = set(graph.previous_ids), set(graph.deleted_pages)
    if dropped or deleted:
        for file in graph.indexed_files():
            summary = file.summary
            if not dropped.isdisjoint(summary.block_targets) or (
                deleted and any(graph.page_of(target)[1] in deleted for target in summary.page_targets)
            ):
                focus.add(file.relative)
    for holders in graph.ids.values():
        if len(holders) > 1 and any(holder.file.relative in focus for holder in holders):
            focus.update(holder.file.relative for holder in holders)
    return frozenset(focus)


class Committed:
    """What the last commit held of the files a check is about: the changed page files and
    the page files the staged changes delete. One git process reads their text, in a
    thread started before the graph is read, so that git runs while the graph loads."""

    def __init__(self, root: Path, changed: Iterable[str] = (), deleted: Iterable[str] = ()) -> None:
        self.changed = list(changed)
        self.deleted = list(deleted)
        self._texts: dict[str, str] = {}
        self._failure: Exception | None = None
        self._reader: threading.Thread | None = None
        if self.changed or self.deleted:
            self._reader = threading.Thread(target=self._read, args=(root,), daemon=True)
            self._reader.start()

    def _read(self, root: Path) -> None:
        try:
            self._texts = committed_texts(root, [*self.changed, *self.deleted])
        except Exception as error:  # raised where the texts are asked for
            self._failure = error

    def texts(self) -> dict[str, str]:
        if self._reader is not None:
            self._reader.join()
        if self._failure is not None:
            raise self._failure
        return self._texts


def note_removed_ids(graph: Graph, committed: Committed) -> None:
    """Record the ids the changed page files held in their last commit and hold no more,
    so that references elsewhere that they break are reported with them."""
    current = {file.relative: file for file in graph.files}
    texts = committed.texts()
    for relative in committed.changed:
        text = texts.get(relative)
        if text is None or relative not in current:
            continue
        still = set(current[relative].summary.ids)
        if still.issuperset(_possible_ids(text)):
            continue  # every id it held, it still holds: no need to parse the old version
        previous = _committed_facts(graph, relative, text)
        for block_id in previous.ids:
            if block_id.uuid is not None and block_id.uuid not in still:
                graph.previous_ids.setdefault(block_id.uuid, relative)


def note_changes(graph: Graph, committed: Committed) -> None:
    """What the changed files, and the deletions the staged changes make, break."""
    note_removed_ids(graph, committed)
    note_deleted_pages(graph, committed)


def note_deleted_pages(graph: Graph, committed: Committed) -> None:
    """Record what the deleted page files held (their ids, and their pages when no other
    file makes them), so that the references elsewhere that the deletion breaks are
    reported with it."""
    texts = committed.texts()
    for relative in committed.deleted:
        text = texts.get(relative)
        if text is None:
            continue
        previous = _committed_facts(graph, relative, text)
        for block_id in previous.ids:
            if block_id.uuid is not None:
                graph.previous_ids.setdefault(block_id.uuid, relative)
        graph.note_deleted_page(previous)


def deleted_pages(root: Path, config: GraphConfig) -> list[str]:
    """The page files (graph-relative) that the staged changes delete."""
    return [
        relative
        for relative in staged_deletions(root)
        if ignored_reason(relative, config) is None and is_page(relative)
    ]


_UUID_SHAPED = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_ID_KEY = re.compile(r"(?i)id::?")


def _possible_ids(text: str) -> set[str]:
    """Every uuid in ``text`` that follows "id:" or "id::" on its line, in any case: an id's
    value is one of them (id:: …, :id: …, #+id: …). Linear: each line is searched once."""
    found: set[str] = set()
    line_end, key = -1, None
    for match in _UUID_SHAPED.finditer(text):
        start = match.start()
        if start > line_end:
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", start) % (len(text) + 1)
            key = _ID_KEY.search(text, line_start, line_end)
        if key is not None and key.end() <= start:
            found.add(match.group().lower())
    return found


def _committed_facts(graph: Graph, relative: str, text: str) -> PageFacts:
    from .syntax.parser import parse_page

    return page_facts(parse_page(text, relative), relative, graph.config)


# ---------------------------------------------------------------------- fixing


@dataclass
class FixOutcome:
    """What a fix run did: the findings left, how many were fixed, the files changed (their
    text before and after), the files renamed, and what could not be done (with why)."""

    remaining: list[Diagnostic]
    fixed: int = 0
    changed: dict[str, tuple[str, str]] = field(default_factory=dict)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def applicable(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    return fix is not None and (fix.applicability is Applicability.SAFE or unsafe)


def apply_fixes(text: str, fixes: Sequence[Fix]) -> tuple[str, list[Edit], int]:
    """The text with the fixes applied, the edits made, and how many fixes were. A fix
    whose edits overlap an earlier one's is left for another round."""
    taken: list[Edit] = []  # in text order, none overlapping another
    count = 0
    for fix in fixes:
        if any(_overlaps_taken(edit, taken) for edit in fix.edits):
            continue
        for edit in fix.edits:
            insort(taken, edit, key=_edit_order)
        count += 1
    pieces: list[str] = []
    done = 0
    for edit in taken:
        pieces += (text[done : edit.start], edit.content)
        done = edit.end
    pieces.append(text[done:])
    return "".join(pieces), taken, count


def _edit_order(edit: Edit) -> tuple[int, int]:
    return edit.start, edit.end


def _overlaps_taken(edit: Edit, taken: list[Edit]) -> bool:
    """Whether the edit overlaps one of ``taken`` (or inserts where one starts). Only its
    neighbours in text order can: the taken edits do not overlap each other."""
    at = bisect_left(taken, edit.start, key=lambda other: other.start)
    return any(
        (edit.start < other.end and other.start < edit.end) or edit.start == other.start
        for other in taken[max(at - 1, 0) : at + 1]
    )


def _comparable(page: ast.Page, block: ast.Block) -> dict[str, Any]:
    """A block as Logseq stores it, without what moves when other blocks change."""
    summary = block_summary(page, block)
    for moving in ("index", "line", "parent"):
        summary.pop(moving)
    return summary


def untouched_blocks_changed(before: str, after: str, path: str, edits: Sequence[Edit]) -> int | None:
    """The line of the first block that no edit touches but that reads differently after
    the edits (or is gone), or None when every such block is as it was."""
    from .syntax.parser import parse_page

    old, new = parse_page(before, path), parse_page(after, path)
    new_blocks = {block.span.start: block for block in new.blocks}
    edits = sorted(edits, key=_edit_order)  # then their ends are in order too: none overlap
    starts, ends = [e.start for e in edits], [e.end for e in edits]
    shifts = [0, *accumulate(len(e.content) - (e.end - e.start) for e in edits)]

    def shifted(offset: int) -> int:
        return offset + shifts[bisect_right(ends, offset)]

    for block in old.blocks:
        start, end = block.span.start, block.span.end
        before_end = bisect_left(starts, end)  # the edits that start before the block ends
        if before_end and (ends[before_end - 1] > start or starts[before_end - 1] >= start):
            continue  # an edit touches it
        moved = new_blocks.get(shifted(start))
        if moved is None and block.is_pre_block and not new.blocks and not after.strip(JS_WHITESPACE):
            continue  # a blank pre-block goes with the last block: the page is empty now
        if moved is None or _comparable(old, block) != _comparable(new, moved):
            return block.span.line
        old_parent = None if block.parent is None else shifted(old.blocks[block.parent].span.start)
        new_parent = None if moved.parent is None else new.blocks[moved.parent].span.start
        if old_parent != new_parent:
            return block.span.line  # the same block under another parent
    return None


def fix_graph(
    root: Path,
    rules: Sequence[Rule],
    scope: Scope,
    unsafe: bool,
    committed: Committed | None = None,
    write: bool = True,
    settings: Settings | None = None,
    given: dict[str, str] | None = None,
    progress: Progress | None = None,
    use_cache: bool = False,
) -> FixOutcome:
    """Apply the fixes the scope wants until none is left, then write each changed file
    once (or, with ``write=False``, only report the changes). ``committed`` is what the last
    commit held of the changed and deleted files; ``given`` holds the texts of files not to
    read from disk (a page from standard input; never written)."""
    outcome = FixOutcome(remaining=[])
    texts: dict[str, str] = dict(given or {})
    # path → (text, digest of its bytes) as read
    originals: dict[str, tuple[str, str]] = {path: (text, "") for path, text in texts.items()}
    refused: set[str] = set()
    fixes_made: Counter[str] = Counter()  # by file; a refused file's are undone
    committed = committed or Committed(root)
    for _ in range(MAX_FIX_ROUNDS):
        graph = load(root, rules, texts, progress, use_cache)
        note_changes(graph, committed)
        outcome.remaining = check_graph(graph, rules, scope)
        if settings is not None:
            outcome.remaining = settings.apply(outcome.remaining)
        by_path: dict[str, list[Fix]] = defaultdict(list)
        for diagnostic in outcome.remaining:
            fix = diagnostic.fix
            if (
                applicable(diagnostic, unsafe)
                and fix is not None
                and fix.edits
                and diagnostic.location.path not in refused
            ):
                by_path[diagnostic.location.path].append(fix)
        if not by_path:
            break
        files = {file.relative: file for file in graph.files if file.relative not in texts}
        for path, fixes in by_path.items():
            current = texts.get(path) if path in texts else _read(root, path, originals, outcome)
            loaded = files.get(path)
            if current is not None and loaded is not None and originals[path][1] != loaded.facts.digest:
                # Edited since the graph was read: these fixes were found in the old text.
                outcome.failures.append(f"{path}: not fixed: it changed while it was being checked; run again")
                current = None
            if current is None:
                refused.add(path)
                continue
            fixed, edits, count = apply_fixes(current, fixes)
            line = untouched_blocks_changed(current, fixed, path, edits)
            if line is not None:
                outcome.failures.append(
                    f"{path}: not fixed: the fixes would also change the block at line {line} (please report this)"
                )
                refused.add(path)
                texts[path] = originals[path][0]
                del fixes_made[path]
                continue
            texts[path] = fixed
            fixes_made[path] += count
    outcome.changed = {path: (originals[path][0], text) for path, text in texts.items() if text != originals[path][0]}
    outcome.fixed = sum(fixes_made.values())
    _renames(root, outcome, unsafe, write, frozenset(given or ()))
    if write and outcome.changed and not _write_all(root, outcome, originals, fixes_made):
        outcome.remaining = check_graph(load(root, rules, use_cache=use_cache), rules, scope)  # what is on disk
        if settings is not None:
            outcome.remaining = settings.apply(outcome.remaining)
    return outcome


def _read(root: Path, path: str, originals: dict[str, tuple[str, str]], outcome: FixOutcome) -> str | None:
    try:
        data = (root / path).read_bytes()
        text = decode_page(data, path)
    except (OSError, UnreadablePageError) as error:
        outcome.failures.append(f"{path}: not fixed: {error}")
        return None
    originals[path] = (text, content_digest(data))
    return text


def _write_all(
    root: Path, outcome: FixOutcome, originals: dict[str, tuple[str, str]], fixes_made: Counter[str]
) -> bool:
    """Write every changed file; False when some could not be written (its fixes are then
    not counted as made)."""
    written = True
    for path, (_, text) in outcome.changed.items():
        try:
            write_text(root / path, text, originals[path][1])
        except UnsafeWriteError as error:
            outcome.failures.append(f"{path}: not fixed: {error}")
            outcome.fixed -= fixes_made[path]
            written = False
    return written


def _renames(root: Path, outcome: FixOutcome, unsafe: bool, write: bool, given: frozenset[str]) -> None:
    """Apply the file renames among the remaining findings' fixes (after the text fixes, on
    files they did not change and that are on disk), never over an existing file."""
    kept: list[Diagnostic] = []
    for diagnostic in outcome.remaining:
        fix = diagnostic.fix
        source = diagnostic.location.path
        if (
            not (applicable(diagnostic, unsafe) and fix is not None and fix.rename_to)
            or source in outcome.changed
            or source in given
        ):
            kept.append(diagnostic)
            continue
        if write:
            try:
                _rename_file(root / source, root / fix.rename_to)
            except OSError as error:
                outcome.failures.append(f"{source}: not renamed to {fix.rename_to}: {error}")
                kept.append(diagnostic)
                continue
        outcome.renamed.append((source, fix.rename_to))
        outcome.fixed += 1
    outcome.remaining = kept


def _rename_file(source: Path, target: Path) -> None:
    """Give a file a new name; fails when the new name is taken (a hard link cannot
    replace a file, so no existing file is ever overwritten)."""
    if source.is_symlink():
        raise OSError("it is a symbolic link")
    target.parent.mkdir(parents=True, exist_ok=True)
    os.link(source, target)
    os.unlink(source)
