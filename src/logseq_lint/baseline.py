"""Baselines: the findings of today recorded in a file, so that a graph with old problems
can adopt logseq-lint and fail only on new ones.

A finding is known by its file, its rule and its message, not by its line (an edit above
it moves it). The baseline counts each such key, so a second copy of a known problem in
the same file is new. Paths are relative to the baseline file's folder, so the baseline
means the same from any working folder.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .report import Finding

FORMAT = "logseq-lint baseline 1"

Key = tuple[str, str, str]  # path, rule code, message


class BaselineError(ValueError):
    """A baseline file that cannot be used (missing, not JSON, or not a baseline)."""


def _key(finding: Finding, folder: Path) -> Key:
    where = finding.source if finding.source is not None else Path(finding.path)
    path = Path(os.path.relpath(where.resolve(), folder.resolve())).as_posix()
    return path, finding.diagnostic.code, finding.diagnostic.message


def baseline_text(findings: Iterable[Finding], baseline: Path) -> str:
    """The baseline file recording these findings (sorted, so that it diffs well)."""
    counts = Counter(_key(finding, baseline.parent) for finding in findings)
    entries = [
        {"path": path, "code": code, "message": message, "count": count}
        for (path, code, message), count in sorted(counts.items())
    ]
    return json.dumps({"format": FORMAT, "findings": entries}, ensure_ascii=False, indent=2) + "\n"


def read_baseline(baseline: Path) -> Counter[Key]:
    try:
        data = json.loads(baseline.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"baseline {baseline} cannot be read: {error}") from None
    except json.JSONDecodeError as error:
        raise BaselineError(f"baseline {baseline} is not JSON: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("findings"), list):
        raise BaselineError(f"baseline {baseline} is not a logseq-lint baseline (write one with --write-baseline)")
    known: Counter[Key] = Counter()
    for number, entry in enumerate(data["findings"], 1):
        try:
            known[(str(entry["path"]), str(entry["code"]), str(entry["message"]))] += int(entry.get("count", 1))
        except (TypeError, KeyError, ValueError):
            raise BaselineError(f"baseline {baseline}: entry {number} is not a path, code and message") from None
    return known


def new_findings(findings: Iterable[Finding], known: Counter[Key], baseline: Path) -> tuple[list[Finding], int]:
    """The findings the baseline does not know, and how many it knew."""
    left = Counter(known)
    new: list[Finding] = []
    for finding in findings:
        key = _key(finding, baseline.parent)
        if left[key] > 0:
            left[key] -= 1
        else:
            new.append(finding)
    return new, sum(known.values()) - sum(left.values())
