"""What the command-line tests share: a graph written to a folder, and a run of the CLI."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from logseq_lint.cli import main

TRI = "{:file/name-format :triple-lowbar}\n"


def run(*args: str | Path) -> tuple[int, str, str]:
    """The exit status, standard output and standard error of one command (concise output)."""
    result = CliRunner(env={"LOGSEQ_LINT_OUTPUT_FORMAT": "concise"}).invoke(main, [str(arg) for arg in args])
    return result.exit_code, result.stdout, result.stderr


def graph(root: Path, files: dict[str, str]) -> Path:
    """Write the files (graph-relative path → text) under ``root``; ``root``."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root
