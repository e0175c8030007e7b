"""Checking a graph: run the rules on its index, keep the findings the user asked about,
and apply fixes until none is left to apply.

A check of some files (what pre-commit passes) loads the whole graph for context and
reports the findings located in those files, and those located elsewhere that are about
them: a reference that now dangles because a given file dropped the block's ``id::``
since its last commit, the copy of a duplicate id that a given file keeps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Applicability, Diagnostic, Edit, Fix
from .graph import Graph, load_graph
from .graph.facts import page_facts
from .graph.git import committed_text
from .rules import GraphRule
from .syntax import parse_page
from .syntax.source import UnreadablePageError, decode_page
from .writer import UnsafeWriteError, write_text

MAX_FIX_ROUNDS = 10


@dataclass(frozen=True)
class Scope:
    """The part of a graph a check reports on: whole folders and single files
    (graph-relative; the folder ``""`` is the whole graph)."""

    folders: tuple[str, ...] = ()
    files: frozenset[str] = frozenset()

    def covers(self, path: str) -> bool:
        return path in self.files or any(not folder or path.startswith(folder + "/") for folder in self.folders)

    def wants(self, diagnostic: Diagnostic) -> bool:
        return self.covers(diagnostic.location.path) or any(self.covers(place.path) for place in diagnostic.related)


def check_graph(graph: Graph, rules: Sequence[GraphRule], scope: Scope) -> list[Diagnostic]:
    """The findings of the rules that the scope wants, in file and line order."""
    found = [diagnostic for rule in rules for diagnostic in rule.check(graph) if scope.wants(diagnostic)]
    return sorted(found, key=Diagnostic.sort_key)


def note_removed_ids(graph: Graph, files: Iterable[str]) -> None:
    """Record the ids the given page files held in their last commit and hold no more, so
    that references elsewhere that they break are reported with them."""
    current = {file.relative: file for file in graph.files}
    for relative in files:
        file = current.get(relative)
        if file is None:
            continue
        text = committed_text(graph.root / relative)
        if text is None:
            continue
        previous = page_facts(parse_page(text, relative), relative, graph.config)
        still = {block_id.uuid for block_id in file.facts.ids}
        for block_id in previous.ids:
            if block_id.uuid is not None and block_id.uuid not in still:
                graph.previous_ids.setdefault(block_id.uuid, relative)


@dataclass
class FixOutcome:
    """What a fix run did: the findings left, how many were fixed, and the files it could
    not write (with why)."""

    remaining: list[Diagnostic]
    fixed: int = 0
    failures: list[str] = field(default_factory=list)


def applicable(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    return fix is not None and (fix.applicability is Applicability.SAFE or unsafe)


def apply_fixes(text: str, fixes: Sequence[Fix]) -> tuple[str, int]:
    """The text with the fixes applied, and how many were. A fix whose edits overlap an
    earlier one's is left for another round (after which it is found again, or not)."""
    taken: list[Edit] = []
    count = 0
    for fix in fixes:
        if any(
            (edit.start < other.end and other.start < edit.end) or edit.start == other.start
            for edit in fix.edits
            for other in taken
        ):
            continue
        taken.extend(fix.edits)
        count += 1
    out = text
    for edit in sorted(taken, key=lambda edit: edit.start, reverse=True):
        out = out[: edit.start] + edit.content + out[edit.end :]
    return out, count


def _same_outline(before: str, after: str, path: str) -> bool:
    """Whether fixing left the outline as it was: the same blocks at the same depths."""
    old, new = parse_page(before, path), parse_page(after, path)
    return [block.depth for block in old.blocks] == [block.depth for block in new.blocks]


def fix_graph(
    root: Path, rules: Sequence[GraphRule], scope: Scope, unsafe: bool, changed_files: Iterable[str] = ()
) -> FixOutcome:
    """Check, apply the fixes the scope wants, and check again, until nothing is left to
    fix. A file is written only when its outline survives the fixes and nobody changed it
    since it was read; otherwise it is left as it is and the reason is reported."""
    outcome = FixOutcome(remaining=[])
    refused: set[str] = set()
    for _ in range(MAX_FIX_ROUNDS):
        graph = load_graph(root)
        note_removed_ids(graph, changed_files)
        outcome.remaining = check_graph(graph, rules, scope)
        by_path: dict[str, list[Fix]] = defaultdict(list)
        for diagnostic in outcome.remaining:
            path = diagnostic.location.path
            if applicable(diagnostic, unsafe) and path not in refused and diagnostic.fix is not None:
                by_path[path].append(diagnostic.fix)
        if not by_path:
            break
        digests = {file.relative: file.facts.digest for file in graph.files}
        for path, fixes in by_path.items():
            written = _fix_file(root / path, path, fixes, digests.get(path), outcome)
            if written:
                outcome.fixed += written
            else:
                refused.add(path)
    return outcome


def _fix_file(path: Path, relative: str, fixes: list[Fix], digest: str | None, outcome: FixOutcome) -> int:
    if digest is None:
        return 0
    try:
        text = decode_page(path.read_bytes(), relative)
    except (OSError, UnreadablePageError) as error:
        outcome.failures.append(f"{relative}: not fixed: {error}")
        return 0
    fixed, count = apply_fixes(text, fixes)
    if not _same_outline(text, fixed, relative):
        outcome.failures.append(f"{relative}: not fixed: the fixes would change the outline (please report this)")
        return 0
    try:
        write_text(path, fixed, digest)
    except UnsafeWriteError as error:
        outcome.failures.append(f"{relative}: not fixed: {error}")
        return 0
    return count
