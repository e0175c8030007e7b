"""Every rule's fixtures: a small graph, what the rule reports on it, and what its fixes
write.

A case is a folder ``tests/rules/fixtures/<CODE>-<rule-name>/<case>/`` holding
``graph/`` (the graph), ``expected.txt`` (the rule's findings, one concise line each, paths
relative to the graph; empty when the case shows what is *not* reported), optionally
``options.toml`` (the rule's options), ``fixed/`` (every file the fixes write, as they
must be written with ``--fix --unsafe-fixes``; a case without it must change nothing) and
``removed.txt`` (the files the fixes rename away, one path a line) and ``also.txt`` (codes
of rules run alongside, one a line, for a rule about the others' findings; only the case's
rule's findings are expected, but ``fixed/`` shows every fix).
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from logseq_lint.lint import Scope, check_graph, fix_graph, load
from logseq_lint.report import Finding, concise_line
from logseq_lint.rules import Rule, find_rule

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(path for path in FIXTURES.glob("*/*") if (path / "graph").is_dir())


def _rules(case: Path) -> list[Rule]:
    """The case's rule, then those run alongside it."""
    code = case.parent.name.split("-", 1)[0]
    options_file = case / "options.toml"
    options = tomllib.loads(options_file.read_text()) if options_file.exists() else {}
    also = case / "also.txt"
    others = also.read_text().split() if also.exists() else []
    return [find_rule(code)(options), *(find_rule(other)() for other in others)]


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_every_rule_has_fixtures() -> None:
    from logseq_lint.rules import RULES

    covered = {case.parent.name.split("-", 1)[0] for case in CASES}
    assert covered == {rule.code for rule in RULES}
    for folder in FIXTURES.iterdir():
        code, name = folder.name.split("-", 1)
        assert find_rule(code).name == name, folder


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.parent.name}/{case.name}")
def test_findings(case: Path) -> None:
    rules = _rules(case)
    found = [
        concise_line(Finding(d, d.location.path))
        for d in check_graph(load(case / "graph", rules), rules, Scope(("",)))
        if d.code == rules[0].code
    ]
    expected = (case / "expected.txt").read_text().splitlines()
    assert found == expected


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.parent.name}/{case.name}")
def test_fixes(case: Path, tmp_path: Path) -> None:
    root = tmp_path / "graph"
    shutil.copytree(case / "graph", root)
    before = _files(root)
    outcome = fix_graph(root, _rules(case), Scope(("",)), unsafe=True)
    assert outcome.failures == []
    after = _files(root)
    expected = dict(before)
    if (case / "fixed").is_dir():
        expected.update(_files(case / "fixed"))
    if (case / "removed.txt").exists():
        for path in (case / "removed.txt").read_text().splitlines():
            del expected[path]
    assert after == expected
    # Fixing again changes nothing: the fixes reach a fixed point.
    assert fix_graph(root, _rules(case), Scope(("",)), unsafe=True).fixed == 0
    assert _files(root) == after
