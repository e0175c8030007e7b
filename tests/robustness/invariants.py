"""The invariants the robustness suite checks on a page, as plain functions that fail with
an ``AssertionError`` saying what broke: the Hypothesis properties (``test_properties.py``)
and the regression tests of the bugs they found (``test_found_bugs.py``) share them."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from test_ast import check_page

from logseq_lint.diagnostics import Diagnostic
from logseq_lint.formatter import FormatOptions, NotFormattedError, format_page
from logseq_lint.lint import FixOutcome, applicable, check_graph, fix_graph, load
from logseq_lint.rules import select_rules
from logseq_lint.scope import Scope
from logseq_lint.syntax import Block, Page, parse_page
from logseq_lint.syntax.summary import block_summary, page_summary

PAGE = "pages/p.md"  # where a Markdown page lives in the one-page graphs
WHOLE_GRAPH = Scope(("",))
LOGSEQ_DEFAULTS = FormatOptions()  # tabs, no final line break


def check_parse(text: str, path: str) -> None:
    """Any text is a page to Logseq, so the parser and the summary built on it (refs,
    properties, tree) read it without an exception."""
    assert page_summary(parse_page(text, path))["file"] == path


def check_lossless(text: str, path: str) -> None:
    """The blocks' spans tile the page, so the source is their concatenation, and every
    node's span lies in its block and points at its own text (``test_ast.check_page``): a
    fix is an edit of those spans, so a lost or shifted character would corrupt the page."""
    check_page(parse_page(text, path))


def check_format(text: str, options: FormatOptions = LOGSEQ_DEFAULTS) -> None:
    """Formatting a formatted page changes nothing, and the equivalence gate never refuses
    the formatter's own output: a refusal means the printer changes how Logseq reads the
    page, a bug even though the gate keeps the page safe. (A page that starts with a
    byte-order mark is left alone on purpose.)"""
    try:
        once = format_page(text, PAGE, options)
    except NotFormattedError as error:
        assert not error.refused, str(error)
        return
    assert format_page(once, PAGE, options) == once, "formatting the formatted page changes it again"


def check_fix(text: str, unsafe: bool) -> None:
    """``check --fix`` on a one-page graph (real files) refuses nothing, a second run finds
    nothing more to fix, and it changes only the blocks that the first check's fixable
    findings name (see ``first_stray_change``)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pages").mkdir()
        (root / PAGE).write_bytes(text.encode())
        rules = select_rules()
        found = [d for d in check_graph(load(root, rules), rules, WHOLE_GRAPH) if applicable(d, unsafe)]
        first = fix_graph(root, rules, WHOLE_GRAPH, unsafe)
        assert first.failures == [], f"the fix refused to write: {first.failures}"
        fixed = _page_file(root, first).read_bytes().decode()
        second = fix_graph(root, rules, WHOLE_GRAPH, unsafe)
        again = (second.failures, second.fixed, second.changed, second.renamed)
        assert again == ([], 0, {}, []), f"a second fix run does more: {again}"
    before = parse_page(text, PAGE)
    stray = first_stray_change(before, parse_page(fixed, PAGE), named_blocks(before, found))
    assert stray is None, f"the fix changed a block that no fixable finding names: {stray}"


def _page_file(root: Path, outcome: FixOutcome) -> Path:
    """The page's file after the fix (an unsafe fix may rename it to match its title)."""
    return root / dict(outcome.renamed).get(PAGE, PAGE)


def named_blocks(page: Page, findings: list[Diagnostic]) -> set[int]:
    """The blocks that the findings' text edits may change: the block each finding is in,
    every block an edit overlaps or inserts into, and all their ancestors (removing a block
    can leave its parent empty, which the next round of fixes removes)."""
    ranges = [
        (start, end)
        for d in findings
        if d.fix is not None and d.fix.edits
        for start, end in [(d.location.range.start, d.location.range.end), *((e.start, e.end) for e in d.fix.edits)]
    ]
    named = {block.index for block in page.blocks if any(_touches(page, block, *r) for r in ranges)}
    for index in list(named):
        parent = page.blocks[index].parent
        while parent is not None:
            named.add(parent)
            parent = page.blocks[parent].parent
    return named


def _touches(page: Page, block: Block, start: int, end: int) -> bool:
    """Whether the characters ``[start, end)`` (or, when empty, an insertion at ``start``)
    fall in the block; an insertion at the very end of the page falls in the last block."""
    span = block.span
    if start == end:
        return span.start <= start < span.end or start == span.end == len(page.text)
    return start < span.end and span.start < end


def first_stray_change(before: Page, after: Page, named: set[int]) -> str | None:
    """Where ``after`` differs from ``before`` outside the named blocks, or None. The blocks
    that are not named must keep their exact text, in order, with nothing between them
    that was not between them before but for what the named blocks became, and read as
    before: content, properties, references, depth and parent. (Where a kept block's text
    could be in several places, one placement that satisfies all this is enough.)"""
    if after.text == before.text:
        return None
    problem = "the text outside the named blocks changed"
    for placed in _placements(before, after.text, named):
        problem = _moved_block_problem(before, after, placed) or ""
        if not problem:
            return None
    return problem


def _moved_block_problem(before: Page, after: Page, placed: dict[int, int]) -> str | None:
    """The first kept block that does not read as before where it was placed."""
    starts = {block.span.start: block for block in after.blocks}
    for index, start in placed.items():
        old, new = before.blocks[index], starts.get(start)
        if new is None and old.is_pre_block and not after.blocks:
            continue  # a blank pre-block (the only kind kept as it is) goes with the page's last block
        if new is None or _reading(before, old) != _reading(after, new):
            return f"the block at line {old.span.line} reads differently"
        if old.parent in placed and (new.parent is None or after.blocks[new.parent].span.start != placed[old.parent]):
            return f"the block at line {old.span.line} has another parent"
    return None


def _placements(before: Page, text: str, named: set[int]) -> Iterator[dict[int, int]]:
    """Each way ``text`` reads as ``before`` with every run of named blocks replaced by
    anything, as where each block that is not named starts in ``text`` (a glob match: the
    first and last runs of kept blocks anchored at the ends, the others at line starts)."""
    parts: list[list[Block]] = [[]]  # the runs of kept blocks between the named ones
    for block in before.blocks:
        if block.index in named:
            parts.append([])
        else:
            parts[-1].append(block)
    texts = ["".join(before.source(block) for block in part) for part in parts]
    first, last = texts[0], texts[-1]
    if len(parts) == 1 or not (text.startswith(first) and text.endswith(last) and len(first) + len(last) <= len(text)):
        return
    limit = len(text) - len(last)
    for middle_starts in _globs(text, texts[1:-1], len(first), limit):
        placed = {}
        for part, start in zip(parts, [0, *middle_starts, limit]):
            for block in part:
                placed[block.index] = start
                start += len(before.source(block))
        yield placed


def _globs(text: str, middles: list[str], position: int, limit: int) -> Iterator[list[int]]:
    """Each way to find ``middles`` in order in ``text[position:limit]``, at line starts."""
    if not middles:
        yield []
        return
    found = text.find(middles[0], position, limit)
    while found >= 0:
        if found == 0 or text[found - 1] == "\n":
            for rest in _globs(text, middles[1:], found + len(middles[0]), limit):
                yield [found, *rest]
        found = text.find(middles[0], found + 1, limit)


def _reading(page: Page, block: Block) -> dict[str, Any]:
    """A block as Logseq stores it, without what shifts when other blocks change."""
    return {k: v for k, v in block_summary(page, block).items() if k not in ("index", "line", "parent")}
