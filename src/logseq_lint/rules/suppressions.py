"""Suppressions: the ``lint-ignore::`` property that silences findings in a block (and its
children) or a page, and the rule that reports the ones that silence nothing.

Logseq shows every property of a block, so a graph that uses suppressions hides this one
in ``logseq/config.edn``: ``:block-hidden-properties #{:lint-ignore}`` (and, so that no
"lint-ignore" page appears, ``:property-pages/excludelist #{:lint-ignore}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache

from ..diagnostics import Applicability, Diagnostic, Edit, Severity
from ..graph.facts import SUPPRESSION_KEY, Suppression
from ..graph.index import Graph
from .base import FixAvailability, Rule

# (file, suppression, selector): a selector of a suppression that silenced a finding.
Use = tuple[str, int, int]


class UnusedSuppression(Rule):
    """A `lint-ignore::` property, or a rule named in it, that silences no finding.

    ## What it does
    `lint-ignore:: CODES` silences the findings of the rules it names (codes such as
    `R001`, prefixes such as `R`, names such as `broken-page-link`, or `ALL`, separated by
    commas or spaces) in its block and the block's children; in the page's properties, in
    the whole page. This rule reports a rule named there that silences nothing, or that is
    no rule at all. A rule that did not run (not selected) is not reported.

    ## Why is this bad?
    A suppression outlives the problem it was written for; left in place, it hides the
    next, real problem of the same kind in that block.

    ## Example
    ```markdown
    - Notes about [[Project X]], now a real page
      lint-ignore:: broken-page-link
    ```

    ## Fix
    Safe: removes the rule from the value, or the whole `lint-ignore::` line when nothing
    is left (not when the property is on the bullet's own line, where removing the line
    would remove the block). These findings cannot themselves be silenced by
    `lint-ignore::`; use `ignore` or `per-file-ignores` in the settings.
    """

    code = "L001"
    name = "unused-suppression"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    fix_applicability = Applicability.SAFE

    def unused(
        self, suppressions: Mapping[str, tuple[Suppression, ...]], used: set[Use], ran: set[str]
    ) -> Iterator[Diagnostic]:
        for path, found in suppressions.items():
            for index, suppression in enumerate(found):
                kept = [j for j in range(len(suppression.selectors)) if (path, index, j) in used]
                if not kept:
                    if any(_evaluated(selector, ran) for selector, _ in suppression.selectors):
                        yield self._nothing(path, suppression)
                    continue
                for j, (selector, where) in enumerate(suppression.selectors):
                    if j not in kept and _evaluated(selector, ran):
                        rest = ", ".join(name for k, (name, _) in enumerate(suppression.selectors) if k != j)
                        problem = "names no rule" if codes_named(selector) is None else "silences nothing here"
                        value = suppression.value_range
                        fix = self.fix(f"Remove `{selector}`", Edit(value.start, value.end, rest))
                        yield self.diagnostic(path, where, f"`{selector}` in `{SUPPRESSION_KEY}::` {problem}", fix)

    def _nothing(self, path: str, suppression: Suppression) -> Diagnostic:
        line = suppression.line_range
        fix = self.fix(f"Remove the `{SUPPRESSION_KEY}::` line", Edit(line.start, line.end, "")) if line else None
        names = ", ".join(selector for selector, _ in suppression.selectors)
        message = f"`{SUPPRESSION_KEY}:: {names}` silences nothing here"
        return self.diagnostic(path, suppression.value_range, message, fix)


@cache
def codes_named(selector: str) -> frozenset[str] | None:
    """The codes a selector names, or None when it names no rule."""
    from . import UnknownSelectorError, matching  # the registry imports this module

    try:
        return frozenset(rule.code for rule in matching(selector))
    except UnknownSelectorError:
        return None


def _evaluated(selector: str, ran: set[str]) -> bool:
    """Whether this run can tell that a selector silences nothing: it names no rule, or a
    rule that ran."""
    codes = codes_named(selector)
    return codes is None or not codes.isdisjoint(ran)


def apply_suppressions(
    graph: Graph, diagnostics: Iterable[Diagnostic], rules: Sequence[Rule]
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The findings that no ``lint-ignore::`` silences, and (when unused-suppression runs)
    the suppressions that silence nothing."""
    suppressions = {
        file.relative: file.facts.suppressions for file in graph.focus_files(indexed=False) if file.facts.suppressions
    }
    used: set[Use] = set()
    kept = []
    for diagnostic in diagnostics:
        path, line = diagnostic.location.path, diagnostic.location.line
        silenced = False
        for index, suppression in enumerate(suppressions.get(path, ())):
            if not suppression.covers(line):
                continue
            for j, (selector, _) in enumerate(suppression.selectors):
                if diagnostic.code in (codes_named(selector) or ()):
                    used.add((path, index, j))
                    silenced = True
        if not silenced:
            kept.append(diagnostic)
    checker = next((rule for rule in rules if isinstance(rule, UnusedSuppression)), None)
    if checker is None:
        return kept, []
    return kept, list(checker.unused(suppressions, used, {rule.code for rule in rules}))
