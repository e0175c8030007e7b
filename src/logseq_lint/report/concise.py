"""The concise format: one line per finding, ``path:line:col: CODE [name] message``, then
ruff's summary lines."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from .model import Finding, Report


def concise_line(finding: Finding) -> str:
    diagnostic, where = finding.diagnostic, finding.diagnostic.location
    return f"{finding.path}:{where.line}:{where.column}: {diagnostic.code} [{diagnostic.name}] {diagnostic.message}"


def _plural(count: int, word: str, words: str) -> str:
    return f"{count} {word if count == 1 else words}"


def summary_lines(report: Report) -> list[str]:
    """What ruff says at the end: how many problems of each severity, how many were fixed,
    how many more could be."""
    remaining, fixed = len(report.findings), report.fixed
    if not remaining:
        return [f"Fixed {_plural(fixed, 'problem', 'problems')}." if fixed else "All checks passed!"]
    counts = report.by_severity()
    kinds = ", ".join(
        _plural(counts[severity], word, words)
        for severity, word, words in (
            (Severity.ERROR, "error", "errors"),
            (Severity.WARNING, "warning", "warnings"),
            (Severity.INFO, "info", "info"),
        )
        if counts[severity]
    )
    found = f"Found {_plural(remaining + fixed, 'problem', 'problems')}"
    lines = [f"{found} ({fixed} fixed, {remaining} remaining: {kinds})." if fixed else f"{found} ({kinds})."]
    safe, hidden = report.fixable()
    hint = (
        f" ({_plural(hidden, 'hidden fix', 'hidden fixes')} can be enabled with the `--unsafe-fixes` option)"
        if hidden
        else ""
    )
    if safe and not report.fixing:
        lines.append(f"[*] {safe} fixable with the `--fix` option{hint}.")
    elif hint:
        lines.append(f"No fixes available{hint}.")
    return lines


def render(report: Report) -> Iterator[str]:
    for finding in report.findings:
        yield concise_line(finding) + "\n"
    for line in summary_lines(report):
        yield line + "\n"
