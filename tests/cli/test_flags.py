"""The flags users expect from a linter: baselines, statistics, quiet, stdin, the exit
status after fixes, the rule table, and one-line internal errors."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from cli_helpers import TRI, graph, run
from click.testing import CliRunner

from logseq_lint.cli import main
from logseq_lint.progress import ProgressBar
from logseq_lint.rules import RULES

DEMO = Path(__file__).parents[2] / "examples" / "demo-graph"


def test_a_baseline_hides_known_problems_and_shows_new_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = graph(tmp_path / "g", {"logseq/config.edn": TRI, "pages/A.md": "- a\n-\n- b\n", "pages/B.md": "- c"})
    baseline = tmp_path / "baseline.json"
    code, _, err = run("check", "--write-baseline", baseline, root)
    assert code == 0 and "Recorded 1 problems" in err
    recorded = json.loads(baseline.read_text())
    assert recorded["findings"] == [{"path": "g/pages/A.md", "code": "S001", "message": "empty bullet", "count": 1}]

    # From another working folder, the known problem stays hidden (paths are relative to
    # the baseline's folder), even after it moved down a line.
    (root / "pages" / "A.md").write_text("- new first line\n- a\n-\n- b\n")
    monkeypatch.chdir(root / "pages")
    code, out, _ = run("check", "--baseline", baseline, root)
    assert code == 0 and "All checks passed!" in out and "1 problem recorded in the baseline not shown" in out

    # A second copy of the same problem in the same file, and one in another file, are new.
    (root / "pages" / "A.md").write_text("- a\n-\n- b\n-\n- c\n")
    (root / "pages" / "B.md").write_text("- c\n-\n- d")
    code, out, _ = run("check", "--baseline", baseline, root)
    assert code == 1
    assert [line.split(":")[0:2] for line in out.splitlines() if "S001" in line] == [["A.md", "4"], ["B.md", "2"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "is not JSON"), ('{"findings": []}', "is not a logseq-lint baseline")],
)
def test_a_bad_baseline_is_a_one_line_error(tmp_path: Path, content: str, message: str) -> None:
    root = graph(tmp_path / "g", {"logseq/config.edn": TRI, "pages/A.md": "- a"})
    (tmp_path / "baseline.json").write_text(content)
    code, out, err = run("check", "--baseline", tmp_path / "baseline.json", root)
    assert code == 2 and out == "" and message in err and len(err.splitlines()) == 1


def test_statistics_count_problems_by_rule(tmp_path: Path) -> None:
    root = graph(tmp_path, {"logseq/config.edn": TRI, "pages/A.md": "- a\n-\n- b\n-\n- (#tag)\n  k:: v\n  k:: w\n"})
    code, out, _ = run("check", "--statistics", root)
    lines = out.splitlines()
    assert code == 1
    assert lines[:3] == ["2  S001  [*] empty-bullet", "1  P004      duplicate-property", "1  S006  [*] tag-swallows-punctuation"]  # fmt: skip
    assert lines[3].startswith("Found 4 problems")


def test_quiet_prints_only_the_problems(tmp_path: Path) -> None:
    root = graph(tmp_path, {"logseq/config.edn": TRI, "pages/A.md": "- a\n-\n"})
    code, out, _ = run("check", "--quiet", root)
    assert code == 1 and out == "pages/A.md:2:1: S001 [empty-bullet] empty bullet\n".replace(
        "pages", str(root / "pages")
    )
    code, out, _ = run("format", "--check", "--quiet", root)
    assert code == 1 and out == ""


def test_exit_non_zero_on_fix(tmp_path: Path) -> None:
    root = graph(tmp_path, {"logseq/config.edn": TRI, "pages/A.md": "- a\n-\n"})
    code, out, _ = run("check", "--fix", "--exit-non-zero-on-fix", root)
    assert code == 1 and "Fixed 1 problem." in out and (root / "pages" / "A.md").read_text() == "- a\n"
    code, _, _ = run("check", "--fix", "--exit-non-zero-on-fix", root)
    assert code == 0


def test_check_a_page_from_standard_input(tmp_path: Path) -> None:
    root = graph(
        tmp_path, {"logseq/config.edn": TRI, "pages/A.md": f"- a\n  id:: {'6650a1b2-0000-4000-8000-000000000001'}"}
    )
    page = "- see ((6650a1b2-0000-4000-8000-000000000001)) and ((6650a1b2-0000-4000-8000-000000000009))\n-\n"
    runner = CliRunner(env={"LOGSEQ_LINT_OUTPUT_FORMAT": "concise"})
    named = str(root / "pages" / "New.md")
    result = runner.invoke(main, ["check", "-", "--stdin-filename", named], input=page)
    # The graph gives the context: one reference resolves, the other dangles.
    assert result.exit_code == 1
    assert [line.split(": ")[1][:4] for line in result.stdout.splitlines() if line.startswith(named)] == [
        "R002",
        "S001",
    ]
    assert not (root / "pages" / "New.md").exists()

    # With --fix the fixed page goes to standard output and the report to standard error.
    result = runner.invoke(main, ["check", "-", "--fix", "--stdin-filename", named], input=page)
    assert result.exit_code == 1 and result.stdout == page.replace("-\n", "", 1).replace("\n-\n", "\n")
    assert "R002" in result.stderr and not (root / "pages" / "New.md").exists()

    # Outside any graph, the page is checked on its own.
    result = runner.invoke(main, ["check", "-", "--stdin-filename", str(tmp_path / "elsewhere.md")], input="- a\n-\n")
    assert result.exit_code == 1 and f"{tmp_path / 'elsewhere.md'}:2:1: S001" in result.stdout


def test_the_rules_command(tmp_path: Path) -> None:
    code, out, _ = run("rules")
    assert code == 0 and len(out.splitlines()) == len(RULES) + 1
    assert out.splitlines()[1].split()[:5] == ["B001", "duplicate-block-id", "error", "on", "unsafe"]
    code, out, _ = run("rules", "--output-format", "json")
    rows = json.loads(out)
    assert [row["code"] for row in rows] == [rule.code for rule in RULES]
    assert {
        "code": "S001",
        "name": "empty-bullet",
        "severity": "warning",
        "default": True,
        "fix": "safe (sometimes)",
    }.items() <= rows[[row["code"] for row in rows].index("S001")].items()


def test_an_internal_error_is_one_line_unless_verbose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("something unexpected")

    monkeypatch.setattr("logseq_lint.lint.check_graph", broken)
    root = graph(tmp_path, {"logseq/config.edn": TRI, "pages/A.md": "- a"})
    code, out, err = run("check", root)
    assert code == 2 and out == ""
    assert err == (
        "error: internal error: RuntimeError: something unexpected "
        "(run again with --verbose for the traceback, and please report it)\n"
    )
    result = CliRunner().invoke(main, ["check", "--verbose", str(root)])
    assert isinstance(result.exception, RuntimeError)


def test_the_progress_bar_waits_a_second_and_needs_a_terminal() -> None:
    now = [0.0]
    stream = io.StringIO()
    with ProgressBar("Checking", stream, clock=lambda: now[0], force=True) as progress:
        progress(1, 10)
        assert stream.getvalue() == ""
        now[0] = 1.5
        progress(5, 10)
        assert "Checking" in stream.getvalue() and "5/10" in stream.getvalue()
    quiet = io.StringIO()
    with ProgressBar("Checking", quiet, clock=lambda: now[0]) as progress:  # not a terminal
        now[0] = 10.0
        progress(5, 10)
    assert quiet.getvalue() == ""


def test_the_demo_graph_adopts_a_baseline(tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "demo")
    code, _, _ = run("check", "--write-baseline", tmp_path / "b.json", tmp_path / "demo")
    assert code == 0
    code, out, _ = run("check", "--baseline", tmp_path / "b.json", tmp_path / "demo")
    assert code == 0 and "28 problems recorded in the baseline not shown." in out
