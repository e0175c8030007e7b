"""The concise format: one line per finding, ``path:line:col: CODE [name] message``, and
ruff's summary lines."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..diagnostics import Applicability, Diagnostic


def concise_line(diagnostic: Diagnostic, display: Callable[[str], str]) -> str:
    """One finding; ``display`` turns its graph-relative path into the path to show."""
    where = diagnostic.location
    return (
        f"{display(where.path)}:{where.line}:{where.column}: {diagnostic.code} [{diagnostic.name}] {diagnostic.message}"
    )


def _plural(count: int, word: str, words: str) -> str:
    return f"{count} {word if count == 1 else words}"


def summary_lines(remaining: Sequence[Diagnostic], fixed: int, fixing: bool, unsafe: bool) -> list[str]:
    """What ruff says at the end: how many problems, how many fixed, what could be."""
    if not remaining:
        return [f"Fixed {_plural(fixed, 'problem', 'problems')}." if fixed else "All checks passed!"]
    found = f"Found {_plural(len(remaining) + fixed, 'problem', 'problems')}"
    lines = [f"{found} ({fixed} fixed, {len(remaining)} remaining)." if fixed else f"{found}."]
    safe = sum(1 for d in remaining if d.fix is not None and d.fix.applicability is Applicability.SAFE)
    hidden = sum(1 for d in remaining if d.fix is not None and d.fix.applicability is Applicability.UNSAFE)
    if unsafe:
        safe, hidden = safe + hidden, 0
    hint = (
        f" ({_plural(hidden, 'hidden fix', 'hidden fixes')} can be enabled with the `--unsafe-fixes` option)"
        if hidden
        else ""
    )
    if safe and not fixing:
        lines.append(f"[*] {safe} fixable with the `--fix` option{hint}.")
    elif hint:
        lines.append(f"No fixes available{hint}.")
    return lines
