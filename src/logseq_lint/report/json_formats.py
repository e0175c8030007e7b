"""JSON reports: ``json`` (an array), ``json-lines`` (an object a line), and ``gitlab``
(GitLab's code quality report)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Severity
from .model import Finding, Report


def finding_object(finding: Finding) -> dict[str, Any]:
    """A finding as JSON: ruff's fields, plus the rule name, severity and related places."""
    diagnostic, where = finding.diagnostic, finding.diagnostic.location.range
    fix = diagnostic.fix
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "filename": finding.path,
        "location": {"row": where.line, "column": where.column},
        "end_location": {"row": where.end_line, "column": where.end_column},
        "fix": None
        if fix is None
        else {
            "message": fix.message,
            "applicability": fix.applicability.value,
            "edits": [{"start": edit.start, "end": edit.end, "content": edit.content} for edit in fix.edits],
            "rename_to": fix.rename_to,
        },
        "related": [
            {"filename": place.path, "location": {"row": place.line, "column": place.column}}
            for place in diagnostic.related
        ],
    }


def render_json(report: Report) -> Iterator[str]:
    yield json.dumps([finding_object(finding) for finding in report.findings], indent=2, ensure_ascii=False) + "\n"


def render_json_lines(report: Report) -> Iterator[str]:
    for finding in report.findings:
        yield json.dumps(finding_object(finding), ensure_ascii=False) + "\n"


_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render_gitlab(report: Report) -> Iterator[str]:
    """GitLab code quality: description, check name, a stable fingerprint, severity and the
    place (docs.gitlab.com, "Code Quality report format")."""
    issues = []
    for finding in report.findings:
        diagnostic, where = finding.diagnostic, finding.diagnostic.location
        key = f"{diagnostic.code}:{finding.path}:{where.line}:{where.column}:{diagnostic.message}"
        issues.append(
            {
                "description": f"{diagnostic.code} [{diagnostic.name}] {diagnostic.message}",
                "check_name": diagnostic.code,
                "fingerprint": hashlib.sha256(key.encode()).hexdigest(),
                "severity": _GITLAB_SEVERITY[diagnostic.severity],
                "location": {"path": finding.path, "lines": {"begin": where.line, "end": where.range.end_line}},
            }
        )
    yield json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
