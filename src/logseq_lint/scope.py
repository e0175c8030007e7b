"""What a check reports on: whole folders and single files of a graph."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass

from .diagnostics import Diagnostic


@dataclass(frozen=True)
class Scope:
    """The part of a graph a check reports on: whole folders and single files
    (graph-relative; the folder ``""`` is the whole graph)."""

    folders: tuple[str, ...] = ()
    files: frozenset[str] = frozenset()

    def covers(self, path: str) -> bool:
        return path in self.files or any(not folder or path.startswith(folder + "/") for folder in self.folders)

    def covered(self, paths: Iterable[str]) -> Set[str]:
        """Those of the paths the scope covers (in one set operation for a scope of files
        alone: a pre-commit run asks of every file in the graph)."""
        if self.folders:
            return {path for path in paths if self.covers(path)}
        return self.files.intersection(paths)

    def wants(self, diagnostic: Diagnostic) -> bool:
        return self.covers(diagnostic.location.path) or any(self.covers(place.path) for place in diagnostic.related)
