"""The default rules on Logseq's own docs graph (which Logseq's graph-validator passes):
no broken block references or ids, and only findings a user would agree with."""

from __future__ import annotations

from shared import CORPUS, require

from logseq_lint.graph import load_graph
from logseq_lint.lint import Scope, check_graph
from logseq_lint.report import concise_line
from logseq_lint.rules import select_rules


def test_default_findings_on_the_docs_graph() -> None:
    graph = load_graph(require(CORPUS, "the logseq-docs corpus"))
    found = [concise_line(d, str) for d in check_graph(graph, select_rules(), Scope(("",)))]
    assert found == [
        # The page was renamed; its old name is now the alias "page alias" of term/alias.
        "pages/Changelog_2020.org:169:19: R001 [broken-page-link] [[page/alias]] links to a page that does not "
        "exist; did you mean [[page alias]] (an alias of [[term/alias]])?",
        "pages/Changelog_2020.org:172:8: R001 [broken-page-link] [[page/alias]] links to a page that does not "
        "exist; did you mean [[page alias]] (an alias of [[term/alias]])?",
        # A plural of the Cloze page, in the flashcards guide.
        "pages/Flashcards.md:24:75: R001 [broken-page-link] [[Clozes]] links to a page that does not exist; "
        "did you mean [[Cloze]]?",
    ]


def test_no_block_reference_or_id_problem_on_the_docs_graph() -> None:
    graph = load_graph(require(CORPUS, "the logseq-docs corpus"))
    rules = select_rules(["dangling-block-ref", "duplicate-block-id", "invalid-block-id", "invalid-block-ref"])
    assert check_graph(graph, rules, Scope(("",))) == []
    assert sum(len(file.facts.ids) for file in graph.files) == 147
    assert sum(1 for file in graph.files for ref in file.facts.references if ref.kind.value == "block") == 73
