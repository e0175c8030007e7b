"""The concise format: one line per finding, ``path:line:col: CODE [name] message``, then
ruff's summary lines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..diagnostics import Applicability, Severity
from .model import Finding, Report


def concise_line(finding: Finding) -> str:
    diagnostic, where = finding.diagnostic, finding.diagnostic.location
    return f"{finding.path}:{where.line}:{where.column}: {diagnostic.code} [{diagnostic.name}] {diagnostic.message}"


def _plural(count: int, word: str, words: str) -> str:
    return f"{count} {word if count == 1 else words}"


def summary_lines(report: Report) -> list[str]:
    """What ruff says at the end: how many problems of each severity, how many were fixed,
    how many more could be."""
    if report.quiet:
        return []
    remaining, fixed = len(report.findings), report.fixed
    known = (
        [f"{_plural(report.baselined, 'problem', 'problems')} recorded in the baseline not shown."]
        if report.baselined
        else []
    )
    if not remaining:
        return [f"Fixed {_plural(fixed, 'problem', 'problems')}." if fixed else "All checks passed!", *known]
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
    return lines + known


def statistics_lines(report: Report) -> list[str]:
    """``--statistics``: how many findings each rule has, most first; ``[*]`` marks the
    rules whose findings here all have a fix that ``--fix`` applies."""
    counts = Counter(finding.diagnostic.code for finding in report.findings)
    names = {finding.diagnostic.code: finding.diagnostic.name for finding in report.findings}
    fixable = {
        code
        for code in counts
        if all(
            finding.diagnostic.fix is not None
            and (finding.diagnostic.fix.applicability is Applicability.SAFE or report.unsafe)
            for finding in report.findings
            if finding.diagnostic.code == code
        )
    }
    width = len(str(max(counts.values(), default=0)))
    lines = [
        f"{count:>{width}}  {code}  {'[*]' if code in fixable else '   '} {names[code]}"
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return lines + summary_lines(report)


def render(report: Report) -> Iterator[str]:
    for finding in report.findings:
        yield concise_line(finding) + "\n"
    for line in summary_lines(report):
        yield line + "\n"
