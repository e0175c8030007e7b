"""`logseq-lint format`: in place, --check, --diff, standard input, graph settings."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from logseq_lint.cli import main


def run(*args: str | Path, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(arg) for arg in args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def graph(root: Path, config: str = "{}") -> Path:
    (root / "logseq").mkdir(parents=True)
    (root / "logseq" / "config.edn").write_text(config)
    (root / "pages").mkdir()
    (root / "pages" / "drifted.md").write_text("- a\n    - b\n\n- c  \n")
    (root / "pages" / "fine.md").write_text("- a\n\t- b")
    (root / "pages" / "org.org").write_text("* a\n  ** odd\n")
    (root / "pages" / "bom.md").write_text("\ufeff- a\n")
    return root


def test_check_diff_and_format_in_place(tmp_path: Path) -> None:
    root = graph(tmp_path)
    fine = root / "pages" / "fine.md"
    os.utime(fine, (1_000_000, 1_000_000))
    code, out, err = run("format", "--check", root)
    assert code == 1 and f"Would reformat: {root / 'pages' / 'drifted.md'}" in out
    assert "1 file would be reformatted, 1 already formatted" in out
    assert "bom.md: not formatted: the page starts with a byte-order mark" in err and "org.org" not in err
    code, out, _ = run("format", "--diff", root)
    assert code == 1 and "\n-    - b\n" in out and "\n+\t- b\n+- c\n\\ No newline at end of file\n" in out
    assert (root / "pages" / "drifted.md").read_text() == "- a\n    - b\n\n- c  \n"
    code, out, _ = run("format", root)
    assert code == 0 and "1 file reformatted, 1 left unchanged" in out
    assert (root / "pages" / "drifted.md").read_text() == "- a\n\t- b\n- c"
    assert fine.stat().st_mtime == 1_000_000  # an unchanged page is not rewritten
    assert (root / "pages" / "org.org").read_text() == "* a\n  ** odd\n"
    code, out, _ = run("format", "--check", root)
    assert code == 0 and "0 files would be reformatted, 2 already formatted" in out


def test_the_graph_sets_the_indentation(tmp_path: Path) -> None:
    root = graph(tmp_path, "{:export/bullet-indentation :two-spaces}")
    code, _, _ = run("format", root / "pages" / "drifted.md")
    assert code == 0 and (root / "pages" / "drifted.md").read_text() == "- a\n  - b\n- c"


def test_standard_input(tmp_path: Path) -> None:
    root = graph(tmp_path, "{:export/bullet-indentation :four-spaces}")
    code, out, _ = run("format", "-", "--stdin-filename", root / "pages" / "new.md", stdin="- a\n\t- b\n")
    assert code == 0 and out == "- a\n    - b"
    code, out, _ = run("format", "-", "--final-newline", stdin="- a\n  - b")
    assert code == 0 and out == "- a\n\t- b\n"
