"""What a rule finds: a diagnostic at an exact place, with an optional fix made of text edits."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .syntax.source import TextRange


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(StrEnum):
    """How far a fix can be trusted (as in ruff): safe fixes are applied by ``--fix``,
    unsafe ones only with ``--unsafe-fixes``."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the characters ``[start, end)`` of a file's text with ``content``."""

    start: int
    end: int
    content: str


@dataclass(frozen=True, slots=True)
class Fix:
    """Text edits of the diagnostic's file, or (with ``rename_to``, a graph-relative path)
    a new name for the file, never over an existing one."""

    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability
    rename_to: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file (``path`` relative to the graph root, ``/``-separated)."""

    path: str
    range: TextRange

    @property
    def line(self) -> int:
        return self.range.line

    @property
    def column(self) -> int:
        return self.range.column


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    fix: Fix | None = None
    # Other places the finding is about (the copy Logseq keeps, the file an id left): a
    # check of some files reports a finding that is located elsewhere but related to them.
    related: tuple[Location, ...] = ()

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.path, self.location.line, self.location.column, self.code)
