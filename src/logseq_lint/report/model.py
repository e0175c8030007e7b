"""What every reporter renders: the findings, with the path to show for each, and what the
run did."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..diagnostics import Applicability, Diagnostic, Severity


@dataclass(frozen=True)
class Finding:
    """A diagnostic, the path to show for its file, and the file on disk (for code frames)
    or its text when that is not on disk (a page from standard input)."""

    diagnostic: Diagnostic
    path: str
    source: Path | None = None
    text: str | None = None

    def lines(self) -> list[str]:
        if self.text is not None:
            return self.text.split("\n")
        return source_lines(self.source) if self.source is not None else []


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every file checked, as shown
    fixed: int = 0
    fixing: bool = False
    unsafe: bool = False
    quiet: bool = False  # the findings only, no summary
    baselined: int = 0  # findings left out because the baseline records them

    def by_severity(self) -> Counter[Severity]:
        return Counter(finding.diagnostic.severity for finding in self.findings)

    def fixable(self) -> tuple[int, int]:
        """How many findings ``--fix`` can fix, and how many more ``--unsafe-fixes`` can."""
        safe = unsafe = 0
        for finding in self.findings:
            fix = finding.diagnostic.fix
            if fix is not None:
                if fix.applicability is Applicability.SAFE or self.unsafe:
                    safe += 1
                else:
                    unsafe += 1
        return safe, unsafe


@cache
def source_lines(path: Path) -> list[str]:
    """A file's lines, for code frames (undecodable bytes shown as replacement characters)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return []
