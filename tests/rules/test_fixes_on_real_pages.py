"""Fixes on real pages change exactly what they promise: the seed page loses its one
empty bullet and nothing else; on a copy of the docs graph, Logseq's own parser reads every
fixed page as before but for the removed empty bullets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shared import CORPUS, SEED, oracle_pages, require, writable_copy

from logseq_lint.lint import Scope, check_graph, fix_graph, load
from logseq_lint.rules import select_rules

TRI = "{:file/name-format :triple-lowbar}\n"


def test_the_seed_page_loses_exactly_its_empty_bullet(tmp_path: Path) -> None:
    seed = require(SEED, "the seed page").read_bytes()
    (tmp_path / "logseq").mkdir()
    (tmp_path / "logseq" / "config.edn").write_text(TRI)
    (tmp_path / "pages").mkdir()
    page = tmp_path / "pages" / "seed.md"
    page.write_bytes(seed)
    rules = select_rules()
    found = check_graph(load(tmp_path, rules), rules, Scope(("",)))
    assert [(d.code, d.location.line) for d in found if d.code == "S001"] == [("S001", 46)]
    outcome = fix_graph(tmp_path, rules, Scope(("",)), unsafe=False)
    assert outcome.failures == [] and outcome.fixed == 1
    lines = seed.split(b"\n")
    assert page.read_bytes() == b"\n".join(lines[:45] + lines[46:])


def _blocks(page: dict[str, Any]) -> list[dict[str, Any]]:
    """A page's blocks as the oracle reads them, without what moves when a block goes."""
    return [{k: v for k, v in block.items() if k not in ("index", "line", "parent")} for block in page["blocks"]]


def test_fixing_the_docs_graph_keeps_every_other_block(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    writable_copy(require(CORPUS, "the logseq-docs corpus"), root)
    rules = select_rules()
    before = check_graph(load(root, rules), rules, Scope(("",)))
    removed = {(d.location.path, d.location.line) for d in before if d.code == "S001"}
    assert len(removed) == 52
    originals = {path: (root / path).read_bytes() for path, _ in removed}
    outcome = fix_graph(root, rules, Scope(("",)), unsafe=False)
    assert outcome.failures == [] and outcome.fixed == len(removed)
    assert set(outcome.changed) == set(originals)
    # Each fixed page, read by Logseq's own parser, has the same blocks but the removed ones.
    old_copies = tmp_path / "old"
    for path, data in originals.items():
        (old_copies / path).parent.mkdir(parents=True, exist_ok=True)
        (old_copies / path).write_bytes(data)
    old = oracle_pages([old_copies / path for path in originals])
    new = oracle_pages([root / path for path in originals])
    for path in originals:
        old_page, new_page = old[str(old_copies / path)], new[str(root / path)]
        kept = [
            block for block, raw in zip(_blocks(old_page), old_page["blocks"]) if (path, raw["line"]) not in removed
        ]
        assert kept == _blocks(new_page), path
    after = check_graph(load(root, rules), rules, Scope(("",)))
    assert not any(d.fix is not None and d.fix.applicability.value == "safe" for d in after)
