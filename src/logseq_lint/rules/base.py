"""What a rule is: a stable code and name, a default severity, whether it runs by default,
what its fixes can be trusted with, its options, and a docstring that is its documentation.

Docstrings use fixed sections, as ruff's do: ``## What it does``, ``## Why is this bad?``,
``## Example``, ``## Fix`` and, when there are options, ``## Options``.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from ..diagnostics import Applicability, Diagnostic, Edit, Fix, Location, Severity
from ..graph.config import GraphConfig
from ..graph.index import Graph
from ..syntax import ast
from ..syntax.source import TextRange

# Where a finding about a whole file points: its start.
FILE_START = TextRange(0, 0, 1, 1, 1, 1)


class FixAvailability(StrEnum):
    NONE = "none"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


class RuleOptionError(ValueError):
    """An option a rule does not have, or a value of the wrong type."""


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    enabled_by_default: ClassVar[bool] = True
    fix_availability: ClassVar[FixAvailability] = FixAvailability.NONE
    fix_applicability: ClassVar[Applicability | None] = None
    # Option name (kebab-case, as in configuration) → default value.
    option_defaults: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        self.options = dict(self.option_defaults)
        for key, value in (options or {}).items():
            if key not in self.option_defaults:
                known = ", ".join(self.option_defaults) or "none"
                raise RuleOptionError(f"{self.name} has no option {key!r} (options: {known})")
            if not isinstance(value, type(self.option_defaults[key])):
                expected = type(self.option_defaults[key]).__name__
                raise RuleOptionError(f"{self.name}.{key} must be a {expected}, not {value!r}")
            self.options[key] = value

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        """The first line of the documentation."""
        return cls.documentation().split("\n", 1)[0]

    def diagnostic(
        self,
        path: str,
        where: TextRange,
        message: str,
        fix: Fix | None = None,
        related: tuple[Location, ...] = (),
    ) -> Diagnostic:
        return Diagnostic(self.code, self.name, self.severity, message, Location(path, where), fix, related)

    def fix(self, message: str, *edits: Edit, applicability: Applicability | None = None) -> Fix:
        """A fix of this rule's applicability (or of another, for a rule whose fixes are
        not all as safe)."""
        assert self.fix_applicability is not None, f"{self.code} declares no fix applicability"
        return Fix(message, edits, applicability or self.fix_applicability)


class GraphRule(Rule):
    """A rule that looks at the whole graph's index."""

    def check(self, graph: Graph) -> Iterator[Diagnostic]:
        raise NotImplementedError


@dataclass(frozen=True)
class PageContext:
    """What a page rule knows besides the page: where it is and the graph's settings."""

    relative: str  # graph-relative, /-separated
    config: GraphConfig


class PageRule(Rule):
    """A rule that looks at one page's syntax tree (run while the graph is read; its
    findings are kept with the page's facts)."""

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        raise NotImplementedError

    def at(
        self, page: ast.Page, context: PageContext, start: int, end: int, message: str, fix: Fix | None = None
    ) -> Diagnostic:
        """A finding on the characters ``[start, end)`` of the page."""
        return self.diagnostic(context.relative, page.lines.range(start, end), message, fix)
