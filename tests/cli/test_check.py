"""`logseq-lint check` on graphs: scope, changed files with git, rule selection, fixes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_helpers import TRI, graph, run
from click.testing import CliRunner

from logseq_lint.cli import main

UUID = "6650a1b2-0000-4000-8000-000000000001"


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("A.md", f"- The block\n  id:: {UUID}\n- Other\n", "- The block\n- Other\n"),
        # The committed text is parsed only when it may have held an id the page lacks now:
        # an id in a drawer, in capitals, counts.
        ("A.org", f"* The block\n:PROPERTIES:\n:ID: {UUID.upper()}\n:END:\n* Other\n", "* The block\n* Other\n"),
    ],
)
def test_a_change_that_breaks_references_elsewhere(tmp_path: Path, name: str, before: str, after: str) -> None:
    root = graph(
        tmp_path,
        {
            "logseq/config.edn": TRI,
            f"pages/{name}": before,
            "pages/B.md": f"- Intro\n- As said in (({UUID}))\n",
            "pages/C.md": "- ((not-a-uuid)) is not about A\n",
        },
    )
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "init")
    code, out, _ = run("check", root / "pages" / name)
    assert code == 0 and "All checks passed!" in out
    (root / "pages" / name).write_text(after)
    code, out, _ = run("check", root / "pages" / name)
    assert code == 1
    (line,) = [line for line in out.splitlines() if "R002" in line]
    assert f"{root / 'pages' / 'B.md'}:2:14: R002 [dangling-block-ref]" in line
    assert f"pages/{name} held it in its last commit" in line
    assert "C.md" not in out  # findings unrelated to A.md stay out


def test_a_file_logseq_does_not_read_is_skipped_with_a_notice(tmp_path: Path) -> None:
    root = graph(
        tmp_path, {"logseq/config.edn": '{:hidden ["archive"]}', "archive/a.md": "- ((x))", "pages/b.md": "- b"}
    )
    code, out, err = run("check", root / "archive" / "a.md", root / "pages" / "b.md")
    assert code == 0 and "All checks passed!" in out
    assert "archive/a.md: skipped: Logseq does not read it (hidden by :hidden 'archive'" in err


def test_checking_a_file_reports_the_copies_of_its_ids_elsewhere(tmp_path: Path) -> None:
    root = graph(
        tmp_path,
        {"logseq/config.edn": TRI, "pages/A.md": f"- a\n  id:: {UUID}\n", "pages/B.md": f"- b\n  id:: {UUID}\n"},
    )
    code, out, _ = run("check", root / "pages" / "A.md")
    assert code == 1 and f"{root / 'pages' / 'B.md'}:2:8: B001 [duplicate-block-id]" in out
    assert "pages/A.md:2" in out


def test_rule_selection_and_options(tmp_path: Path) -> None:
    root = graph(
        tmp_path,
        {"logseq/config.edn": TRI, "pages/A.md": "- [[Nowhere]] ((short))\n  id:: nope\n"},
    )
    code, out, _ = run("check", root)
    assert code == 1 and "R003" in out and "B002" in out and "R001" not in out
    code, out, _ = run("check", "--select", "R", "--ignore", "invalid-block-ref", root)
    assert code == 0
    code, out, _ = run("check", "--select", "R001", "--config", "rules.broken-page-link.require-page-file = true", root)
    assert code == 1 and "[[Nowhere]] links to a page with no file" in out
    code, _, err = run("check", "--select", "R999", root)
    assert code == 2 and "no rule matches 'R999'" in err
    code, _, err = run("check", "--select", "broken-page-lnk", root)
    assert code == 2 and "did you mean 'broken-page-link'?" in err
    code, _, err = run("check", "--config", "rules.broken-page-link.strict = true", root)
    assert code == 2 and "broken-page-link has no option 'strict'" in err
    code, _, err = run("check", "--config", "rules.broken-page-link.require-page-file = 1", root)
    assert code == 2 and "must be a bool" in err


def test_fixes_are_applied_only_when_asked(tmp_path: Path) -> None:
    page = "- See [[Projct Alpha]]\n"
    root = graph(tmp_path, {"logseq/config.edn": TRI, "pages/Project Alpha.md": "- p\n", "pages/A.md": page})
    code, out, _ = run("check", root)
    assert code == 1 and "1 hidden fix can be enabled with the `--unsafe-fixes` option" in out
    code, out, _ = run("check", "--fix", root)
    assert code == 1 and (root / "pages" / "A.md").read_text() == page
    mtime = (root / "pages" / "A.md").stat().st_mtime_ns
    code, out, _ = run("check", "--fix", "--unsafe-fixes", root)
    assert code == 0 and "Fixed 1 problem." in out
    assert (root / "pages" / "A.md").read_text() == "- See [[Project Alpha]]\n"
    assert (root / "pages" / "A.md").stat().st_mtime_ns >= mtime


def test_the_rule_command(tmp_path: Path) -> None:
    code, out, _ = run("rule", "--all")
    assert code == 0 and "R002  dangling-block-ref" in out
    code, out, _ = run("rule", "duplicate-block-id")
    assert code == 0 and "## Why is this bad?" in out and "(B001)" in out
    code, _, err = run("rule", "nothing")
    assert code == 2 and "no rule is called 'nothing'" in err


def test_diff_shows_the_fixes_and_writes_nothing(tmp_path: Path) -> None:
    page = "- Groceries\n-\n- Errands\n"
    root = graph(tmp_path, {"logseq/config.edn": TRI, "pages/A.md": page, "pages/a%2Fb.md": "- x\n"})
    code, out, _ = run("check", "--diff", "--unsafe-fixes", root)
    assert code == 1
    assert "--\n" in out.splitlines(keepends=True) and "@@ -1,3 +1,2 @@" in out
    assert f"rename from {root / 'pages' / 'a%2Fb.md'}\nrename to {root / 'pages' / 'a___b.md'}" in out
    assert (root / "pages" / "A.md").read_text() == page and (root / "pages" / "a%2Fb.md").exists()
    code, out, _ = run("check", "--fix", "--unsafe-fixes", root)
    assert code == 0 and "Fixed 2 problems." in out
    assert (root / "pages" / "A.md").read_text() == "- Groceries\n- Errands\n"
    assert (root / "pages" / "a___b.md").read_text() == "- x\n" and not (root / "pages" / "a%2Fb.md").exists()
    code, out, _ = run("check", "--diff", root)
    assert code == 0 and out == ""


def test_a_rename_never_replaces_a_file(tmp_path: Path) -> None:
    root = graph(tmp_path, {"logseq/config.edn": TRI, "pages/a%2Fb.md": "- one\n", "other/a___b.md": "- two\n"})
    (root / "pages" / "a___b.md").write_text("- taken\n")  # a file with the new name already exists
    code, _, err = run("check", "--fix", "--unsafe-fixes", "--select", "F002", root / "pages" / "a%2Fb.md")
    assert code == 1 and "not renamed to pages/a___b.md" in err
    assert (root / "pages" / "a%2Fb.md").read_text() == "- one\n"
    assert (root / "pages" / "a___b.md").read_text() == "- taken\n"


def test_no_fixing_or_formatting_under_logseqs_auto_commit(tmp_path: Path) -> None:
    root = graph(tmp_path, {"logseq/config.edn": TRI, "pages/A.md": "- a\n-\n- b\n"})
    logseq_git = {"GIT_EXEC_PATH": "/Applications/Logseq.app/Contents/Resources/app/node_modules/dugite/git/libexec"}
    runner = CliRunner(env={"LOGSEQ_LINT_OUTPUT_FORMAT": "concise", **logseq_git})
    result = runner.invoke(main, ["check", "--pre-commit", "--fix", str(root / "pages" / "A.md")])
    assert result.exit_code == 1 and "fixing is skipped" in result.stderr and "S001" in result.stdout
    result = runner.invoke(main, ["format", str(root / "pages" / "A.md")])
    assert result.exit_code == 1 and "formatting is skipped" in result.stderr
    assert (root / "pages" / "A.md").read_text() == "- a\n-\n- b\n"
