"""The command line: parse output, check exit codes, version and help."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from logseq_lint import __version__
from logseq_lint.cli import main

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo-graph"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner(env={"LOGSEQ_LINT_OUTPUT_FORMAT": "concise"}).invoke(main, list(args))
    return result.exit_code, result.output


def test_version_and_help() -> None:
    code, out = run("--version")
    assert code == 0 and __version__ in out
    code, out = run("--help")
    assert code == 0 and "parse" in out and "check" in out


def test_parse_prints_one_json_object_per_page(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "title:: A\n\n- TODO [#A] see [[B]] #t\n\t- ((6571f0a2-3b1c-4d5e-9f60-718293a4b5c6))\n"
    )
    (tmp_path / "b.org").write_text("* DONE b [[A]]\n")
    code, out = run("parse", str(tmp_path))
    assert code == 0
    pages = [json.loads(line) for line in out.splitlines()]
    assert [Path(p["file"]).name for p in pages] == ["a.md", "b.org"]
    a, b = pages
    assert a["format"] == "markdown" and a["page_properties"] == {"title": "A"}
    first = a["blocks"][1]
    assert (first["marker"], first["priority"], first["refs"], first["tags"]) == ("TODO", "A", ["B"], ["t"])
    assert a["blocks"][2]["parent"] == 1 and a["blocks"][2]["block_refs"] == ["6571f0a2-3b1c-4d5e-9f60-718293a4b5c6"]
    assert b["format"] == "org" and b["blocks"][0]["marker"] == "DONE"
    fields = {"index", "line", "pre_block", "level", "depth", "parent", "heading", "marker", "priority", "title",
              "properties", "refs", "tags", "block_refs", "property_refs", "property_block_refs", "macros", "content"}  # fmt: skip
    assert set(first) == fields


def test_parse_without_content(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("- a\n  more\n")
    code, out = run("parse", "--no-content", str(tmp_path / "a.md"))
    assert code == 0 and "content" not in json.loads(out)["blocks"][0]


def test_parse_reports_an_unreadable_page(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(b"- caf\xe9\n")
    code, out = run("parse", str(tmp_path / "bad.md"))
    assert code == 1
    assert "not valid UTF-8" in json.loads(out)["error"]


def test_the_demo_graph_shows_every_rule() -> None:
    from logseq_lint.rules import RULES

    code, out = run("check", str(DEMO))
    assert code == 1
    shown = {line.split(": ", 2)[1].split(" ")[0] for line in out.splitlines() if ": " in line and "[" in line}
    assert shown == {rule.code for rule in RULES if rule.enabled_by_default}
    code, out = run("check", "--select", "ALL", str(DEMO))
    assert {rule.code for rule in RULES} <= {
        line.split(": ", 2)[1].split(" ")[0] for line in out.splitlines() if ": " in line and "[" in line
    }


def test_check_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "good.md").write_text("- fine\n")
    code, out = run("check", str(tmp_path))
    assert code == 0 and "All checks passed!" in out
    (tmp_path / "pages" / "bad.md").write_bytes(b"\xff\xfe- x")
    code, out = run("check", str(tmp_path))
    assert code == 1 and "G004 [unreadable-file]" in out
    code, _ = run("check", "--exit-zero", str(tmp_path))
    assert code == 0
    code, _ = run("check", str(tmp_path / "missing"))
    assert code == 2
    (tmp_path / "elsewhere").mkdir()
    code, out = run("check", str(tmp_path / "elsewhere"))
    assert code == 2 and "not in a Logseq graph" in out


def test_hidden_folders_are_left_out(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.md").write_bytes(b"\xff")
    (tmp_path / "a.md").write_text("- a")
    code, out = run("parse", str(tmp_path))
    assert code == 0 and len(out.splitlines()) == 1


def test_the_command_flushes_its_output_and_keeps_its_exit_status(tmp_path: Path) -> None:
    """The installed command ends without tearing the interpreter down: its output must
    still be whole, and its exit status the one ``main`` chose."""
    root = tmp_path / "graph"
    shutil.copytree(DEMO, root)
    command = [sys.executable, "-m", "logseq_lint"]
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    json_report = [*command, "check", "--no-cache", "--output-format", "json", str(root)]
    done = subprocess.run(json_report, capture_output=True, env=buffered)
    assert done.returncode == 1 and len(json.loads(done.stdout)) > 10
    done = subprocess.run([*command, "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip().endswith(__version__)
    done = subprocess.run([*command, "check", str(tmp_path / "missing")], capture_output=True, text=True)
    assert done.returncode == 2 and "does not exist" in done.stderr
