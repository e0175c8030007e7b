"""SARIF 2.1.0 (OASIS), what GitHub code scanning and other tools read: one run, the rule
table from the registry (with each rule's documentation), one result per finding."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .. import __version__
from ..diagnostics import Severity
from ..rules import RULES
from .model import Report

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule(index: int) -> dict[str, Any]:
    rule = RULES[index]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": rule.documentation()},
        "help": {"text": rule.documentation(), "markdown": rule.documentation()},
        "defaultConfiguration": {"level": _LEVEL[rule.severity], "enabled": rule.enabled_by_default},
        "properties": {"fix": rule.fix_availability.value},
    }


def sarif_log(report: Report) -> dict[str, Any]:
    index = {rule.code: number for number, rule in enumerate(RULES)}
    results = []
    for finding in report.findings:
        diagnostic, where = finding.diagnostic, finding.diagnostic.location.range
        result: dict[str, Any] = {
            "ruleId": diagnostic.code,
            "ruleIndex": index[diagnostic.code],
            "level": _LEVEL[diagnostic.severity],
            "message": {"text": diagnostic.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": finding.path.replace("\\", "/")},
                        "region": {
                            "startLine": where.line,
                            "startColumn": where.column,
                            "endLine": where.end_line,
                            "endColumn": where.end_column,
                        },
                    }
                }
            ],
        }
        if diagnostic.related:
            result["relatedLocations"] = [
                {
                    "id": number,
                    "physicalLocation": {
                        "artifactLocation": {"uri": place.path},
                        "region": {"startLine": place.line, "startColumn": place.column},
                    },
                }
                for number, place in enumerate(diagnostic.related)
            ]
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "logseq-lint",
                        "version": __version__,
                        "rules": [_rule(number) for number in range(len(RULES))],
                    }
                },
                "results": results,
            }
        ],
    }


def render_sarif(report: Report) -> Iterator[str]:
    yield json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
