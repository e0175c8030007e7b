"""Reports for CI systems: ``github`` (workflow commands that annotate a pull request) and
``junit`` (JUnit XML, one test case per file)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from xml.etree import ElementTree

from ..diagnostics import Severity
from .concise import concise_line
from .model import Finding, Report

_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping of a workflow command's property value (also `:` and `,`)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> Iterator[str]:
    for finding in report.findings:
        diagnostic, where = finding.diagnostic, finding.diagnostic.location.range
        properties = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", finding.path),
                ("line", where.line),
                ("col", where.column),
                ("endLine", where.end_line),
                ("endColumn", where.end_column),
                ("title", f"{diagnostic.code} [{diagnostic.name}]"),
            )
        )
        yield f"::{_GITHUB_LEVEL[diagnostic.severity]} {properties}::{_escape_data(diagnostic.message)}\n"


def render_junit(report: Report) -> Iterator[str]:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_file[finding.path].append(finding)
    files = list(dict.fromkeys([*report.files, *by_file]))
    suites = ElementTree.Element("testsuites", name="logseq-lint", tests=str(len(files)), failures=str(len(by_file)))
    suite = ElementTree.SubElement(
        suites, "testsuite", name="logseq-lint", tests=str(len(files)), failures=str(len(by_file)), errors="0"
    )
    for path in files:
        case = ElementTree.SubElement(suite, "testcase", classname="logseq-lint", name=path)
        findings = by_file.get(path)
        if findings:
            failure = ElementTree.SubElement(
                case,
                "failure",
                message=f"{len(findings)} problem{'s' if len(findings) > 1 else ''}",
                type="logseq-lint",
            )
            failure.text = "\n".join(concise_line(finding) for finding in findings)
    ElementTree.indent(suites)
    yield ElementTree.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
