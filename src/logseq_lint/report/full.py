"""The full format: each finding with a code frame of the line, a caret under the exact
characters, and its fix; then the summary. Colour only on a terminal."""

from __future__ import annotations

from typing import IO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..diagnostics import Severity
from .concise import summary_lines
from .model import Finding, Report

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold blue"}
_TAB = "    "


_WIDTH = 120  # characters of a line shown around a finding; a page's lines can be megabytes
_LEAD = 40  # of them before the finding's column


def _frame(finding: Finding) -> list[Text]:
    """The finding's first line with the line before it, and carets under its range; a
    long line is cut to the part around the finding, marked with "…"."""
    where = finding.diagnostic.location.range
    lines = finding.lines()
    if not 0 < where.line <= len(lines):
        return []
    width = len(str(where.line))
    text = lines[where.line - 1].rstrip("\r")
    start = min(where.column - 1, len(text))
    end = where.end_column - 1 if where.end_line == where.line else len(text)
    end = max(min(end, len(text)), start + 1)
    shown_from = max(0, start - _LEAD) if len(text) > _WIDTH else 0

    def shown(line: str) -> str:
        part = line[shown_from : shown_from + _WIDTH]
        cut = ("…" if shown_from else "") + part + ("…" if len(line) > shown_from + _WIDTH else "")
        return cut.replace("\t", _TAB)

    frame = [Text(f"{' ' * width} |", style="blue")]
    for number in (where.line - 1, where.line):
        if number >= 1:
            frame.append(Text.assemble((f"{number:>{width}} | ", "blue"), shown(lines[number - 1].rstrip("\r"))))
    end = min(end, shown_from + _WIDTH)
    before = cell_len(("…" if shown_from else "") + text[shown_from:start].replace("\t", _TAB))
    carets = max(cell_len(text[start:end].replace("\t", _TAB)), 1)
    frame.append(
        Text.assemble((f"{' ' * width} | ", "blue"), (" " * before + "^" * carets, _STYLE[finding.diagnostic.severity]))
    )
    return frame


def render_full(report: Report, stream: IO[str], color: bool | None) -> None:
    console = Console(file=stream, force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True)
    for finding in report.findings:
        diagnostic, where = finding.diagnostic, finding.diagnostic.location
        # Text.assemble, not `+`: a Text's own style would cover everything added to it.
        head = Text.assemble(
            (diagnostic.severity.value, _STYLE[diagnostic.severity]),
            (f"[{diagnostic.code}] {diagnostic.name}: ", "bold"),
            diagnostic.message,
        )
        console.print(head)
        console.print(Text.assemble(("  --> ", "blue"), f"{finding.path}:{where.line}:{where.column}"))
        for frame_line in _frame(finding):
            console.print(frame_line)
        fix = diagnostic.fix
        if fix is not None:
            how = "--fix" if fix.applicability.value == "safe" else "--fix --unsafe-fixes"
            console.print(Text.assemble(("  = ", "blue"), (f"fix ({how}): {fix.message}", "green")))
        console.print()
    for line in summary_lines(report):
        console.print(Text(line, style="bold" if line.startswith("Found") else ""))
