"""The default rules on Logseq's own docs graph (which Logseq's graph-validator passes):
no broken block references or ids, and only findings a user would agree with."""

from __future__ import annotations

from shared import CORPUS, require

from logseq_lint.graph import load_graph
from logseq_lint.lint import Scope, check_graph, load
from logseq_lint.report import Finding, concise_line
from logseq_lint.rules import select_rules


def test_default_findings_on_the_docs_graph() -> None:
    rules = select_rules()
    found = [
        concise_line(Finding(d, d.location.path))
        for d in check_graph(load(require(CORPUS, "the logseq-docs corpus"), rules), rules, Scope(("",)))
    ]
    # 52 empty bullets, most of them spacers between sections (the ones in templates are
    # left alone); the others are below.
    assert sum(" S001 [empty-bullet] " in line for line in found) == 52
    assert [line for line in found if " S001 " not in line] == [
        # "(addresses #9920)": a GitHub issue number that Logseq makes the page "9920)".
        "pages/Changelog.md:412:80: S006 [tag-swallows-punctuation] Logseq reads this as the tag '9920)', not '9920'",
        # The page was renamed; its old name is now the alias "page alias" of term/alias.
        "pages/Changelog_2020.org:169:19: R001 [broken-page-link] [[page/alias]] links to a page that does not "
        "exist; did you mean [[page alias]] (an alias of [[term/alias]])?",
        "pages/Changelog_2020.org:172:8: R001 [broken-page-link] [[page/alias]] links to a page that does not "
        "exist; did you mean [[page alias]] (an alias of [[term/alias]])?",
        # A plural of the Cloze page, in the flashcards guide.
        "pages/Flashcards.md:24:75: R001 [broken-page-link] [[Clozes]] links to a page that does not exist; "
        "did you mean [[Cloze]]?",
        # Five spaces then three tabs: a sibling to the eye, a child to Logseq.
        "pages/Tasks.md:60:1: S004 [mixed-indentation] indented with tabs and spaces where this page mostly uses tabs; "
        "Logseq counts characters and makes this block a child of 'eg: daily exercise routine at 7am' (line 58)",
    ]


def test_no_block_reference_or_id_problem_on_the_docs_graph() -> None:
    graph = load_graph(require(CORPUS, "the logseq-docs corpus"))
    rules = select_rules(["dangling-block-ref", "duplicate-block-id", "invalid-block-id", "invalid-block-ref"])
    assert check_graph(graph, rules, Scope(("",))) == []
    assert sum(len(file.facts.ids) for file in graph.files) == 147
    assert sum(1 for file in graph.files for ref in file.facts.references if ref.kind.value == "block") == 73
