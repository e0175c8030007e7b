"""The README tells the truth: its first lines are the two commands, its rule table is the
registry's, the flags it lists exist, and its settings example is valid."""

from __future__ import annotations

import re
import tomllib

from click.testing import CliRunner
from shared import REPO

from logseq_lint.cli import main
from logseq_lint.settings import parse_settings

README = (REPO / "README.md").read_text()


def _between(start: str, end: str) -> str:
    return README.split(start, 1)[1].split(end, 1)[0]


def test_the_first_lines_are_the_two_commands() -> None:
    lines = README.splitlines()
    assert lines[2] == "```sh"
    assert lines[3].endswith(".venv/bin/logseq-lint check examples/demo-graph")
    assert lines[4].endswith(".venv/bin/python -m pytest")
    assert (REPO / ".ci" / "run").read_text().rstrip().endswith("-m pytest")


def test_the_rule_table_is_the_registry() -> None:
    table = _between("<!-- rules: generated", "<!-- rules: end -->").split("\n", 1)[1]
    generated = CliRunner().invoke(main, ["rules", "--output-format", "markdown"]).stdout
    assert table == generated, "README's rule table is stale: run `logseq-lint rules --output-format markdown`"


def test_the_flags_it_lists_exist() -> None:
    block = _between("## Commands and exit codes\n\n```sh\n", "```")
    helps = {command: CliRunner().invoke(main, [command, "--help"]).stdout for command in ("check", "format", "rules")}
    current = "check"
    for line in block.splitlines():
        if line.startswith("logseq-lint "):
            current = line.split()[1]
        for flag in re.findall(r"(?<![\w-])--[a-z][a-z-]+", line.split("#", 1)[0]):
            where = helps.get(current, CliRunner().invoke(main, ["--help"]).stdout)
            assert flag in where, f"{flag} ({current})"


def test_the_settings_example_is_valid() -> None:
    example = _between("## Configuration", "## Suppressions").split("```toml\n", 1)[1].split("```", 1)[0]
    settings = parse_settings(tomllib.loads(example), "README")
    assert settings.select == ("R", "B", "S001") and settings.per_file_ignores
