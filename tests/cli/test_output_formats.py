"""Every output format on the demo graph, each checked against its consumer's rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import junitparser
import sarif_pydantic
from click.testing import CliRunner

from logseq_lint.cli import main
from logseq_lint.diagnostics import Diagnostic, Location, Severity
from logseq_lint.report import Finding, Report, write_report
from logseq_lint.rules import RULES
from logseq_lint.syntax.source import TextRange

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-graph"
FINDINGS = 28  # the demo graph's default findings


def check(*args: str) -> tuple[int, str]:
    result = CliRunner(env={"LOGSEQ_LINT_OUTPUT_FORMAT": None}).invoke(main, ["check", *args, str(DEMO)])
    return result.exit_code, result.stdout


def test_full_shows_code_frames_without_colour_in_a_pipe() -> None:
    code, out = check()
    assert code == 1 and "\x1b[" not in out
    assert "error[R002] dangling-block-ref: ((6650a1b2-7c3d-4e5f-8a9b-0c1d2e3f4a5b)) points at no block" in out
    frame = out[out.index("error[R002]") :].split("\n\n", 1)[0].splitlines()
    assert frame[1].endswith("journals/2024_01_31.md:5:43")
    assert frame[4] == "5 | - Copied the bed layout into the planner: ((6650a1b2-7c3d-4e5f-8a9b-0c1d2e3f4a5b))"
    assert frame[5] == "  | " + " " * 42 + "^" * 40
    assert "  = fix (--fix --unsafe-fixes): Link to [[The Pragmatic Programmer]]" in out
    assert re.search(r"Found 28 problems \(\d+ errors, \d+ warnings, \d+ info\)\.", out)


def test_full_colours_a_terminal(tmp_path: Path) -> None:
    report = Report([Finding(_diagnostic("message"), "a.md")])
    stream = tmp_path / "out"
    with stream.open("w") as out:
        write_report(report, "full", out, color=True)
    text = stream.read_text()
    assert "\x1b[1;31merror" in text
    # Only the severity is red, only the rule bold; the message itself is plain text.
    assert "\x1b[1;31merror\x1b[0m\x1b[1m[R002] dangling-block-ref: \x1b[0mmessage\n" in text


def test_concise() -> None:
    code, out = check("--output-format", "concise")
    lines = out.splitlines()
    assert code == 1 and len(lines) == FINDINGS + 2
    assert all(re.fullmatch(r".+:\d+:\d+: [A-Z]\d{3} \[[a-z-]+\] .+", line) for line in lines[:FINDINGS])


def test_json_and_json_lines() -> None:
    _, out = check("--output-format", "json")
    findings = json.loads(out)
    assert len(findings) == FINDINGS
    first = next(f for f in findings if f["code"] == "R001")
    assert first["location"] == {"row": 6, "column": 23} and first["end_location"] == {"row": 6, "column": 50}
    assert (
        first["fix"]["applicability"] == "unsafe" and first["fix"]["edits"][0]["content"] == "The Pragmatic Programmer"
    )
    _, out = check("--output-format", "json-lines")
    assert [json.loads(line) for line in out.splitlines()] == findings


def test_github_workflow_commands() -> None:
    _, out = check("--output-format", "github")
    command = re.compile(
        r"::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[A-Z]\d{3} \[[a-z-]+\]::.+"
    )
    assert all(command.fullmatch(line) for line in out.splitlines())
    assert len(out.splitlines()) == FINDINGS
    report = Report([Finding(_diagnostic("100% sure:\r\nline, two"), "pages/a:b,c.md")])
    lines = list(_render(report, "github"))
    assert lines == [
        "::error file=pages/a%3Ab%2Cc.md,line=1,col=1,endLine=1,endColumn=2,title=R002 [dangling-block-ref]"
        "::100%25 sure:%0D%0Aline, two\n"
    ]


def test_sarif_2_1_0() -> None:
    _, out = check("--output-format", "sarif")
    log = json.loads(out)
    sarif_pydantic.Sarif.model_validate(log)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.code for rule in RULES]
    assert all(rule["fullDescription"]["text"].startswith(rule["shortDescription"]["text"]) for rule in rules)
    assert len(run["results"]) == FINDINGS
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_junit() -> None:
    code, out = check("--output-format", "junit")
    assert code == 1
    xml = junitparser.JUnitXml.fromstring(out)
    (suite,) = list(xml)
    cases = list(suite)
    failed = [case for case in cases if not case.is_passed]
    assert len(cases) > len(failed) > 0  # one case per file checked, failures for files with findings
    assert any(case.name.endswith("pages/Inbox.md") for case in failed)
    assert all(case.name.endswith(".md") or case.name.endswith(".edn") for case in cases)


def test_gitlab_code_quality() -> None:
    _, out = check("--output-format", "gitlab")
    issues = json.loads(out)
    assert len(issues) == FINDINGS and len({issue["fingerprint"] for issue in issues}) == FINDINGS
    assert {issue["severity"] for issue in issues} <= {"info", "minor", "major", "critical", "blocker"}
    assert all(issue["location"]["lines"]["begin"] >= 1 and issue["check_name"] for issue in issues)


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out = check("--output-format", "json", "-o", str(target))
    assert code == 1 and out == "" and len(json.loads(target.read_text())) == FINDINGS


def _diagnostic(message: str) -> Diagnostic:
    return Diagnostic(
        "R002", "dangling-block-ref", Severity.ERROR, message, Location("a.md", TextRange(0, 1, 1, 1, 1, 2))
    )


def _render(report: Report, output_format: str) -> list[str]:
    import io

    stream = io.StringIO()
    write_report(report, output_format, stream)
    return stream.getvalue().splitlines(keepends=True)
