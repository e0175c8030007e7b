"""The outline: empty bullets, fences that never close, indentation that nests blocks
differently from how they look, headings and lists that are not the blocks they seem."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Applicability, Diagnostic, Edit, Severity
from ..syntax import ast
from ..syntax.chars import JS_WHITESPACE
from ..syntax.logseq import block_content, block_properties, block_title
from ..syntax.refs import RefKind, text_occurrences
from ..syntax.tree import removable_leaves
from .base import FixAvailability, PageContext, PageRule

_FENCE_OPENER = re.compile(r"[ \t]*(?:-[ \t]+)?(```|~~~|#\+BEGIN_\w*)(.*)", re.IGNORECASE)
_SWALLOWED_BULLET = re.compile(r"([ \t]*)-(?:[ \t]|\r?$)")
_TAG_CLOSERS = ")]}"
_TAG_OPENERS = {")": "(", "]": "[", "}": "{"}


def _line_range(page: ast.Page, offset: int) -> tuple[int, int, int]:
    """The line holding ``offset``: its start, its end before the line break, and the
    start of the next line."""
    start = page.text.rfind("\n", 0, offset) + 1
    end = page.text.find("\n", offset)
    return (start, len(page.text), len(page.text)) if end < 0 else (start, end, end + 1)


def _children(page: ast.Page) -> set[int]:
    """The indexes of the blocks that have children."""
    return {block.parent for block in page.blocks if block.parent is not None}


def _describe(page: ast.Page, index: int | None) -> str:
    if index is None:
        return "a top-level block"
    parent = page.blocks[index]
    title = block_title(page, parent).strip() or "(empty)"
    if len(title) > 40:
        title = title[:39] + "…"
    return f"a child of {title!r} (line {parent.span.line})"


class EmptyBullet(PageRule):
    """A bullet with nothing in it.

    ## What it does
    Finds blocks with no text, no properties and no children: a bare `-`. A page whose
    only block is empty is left alone (Logseq writes one for every new journal and page).

    ## Why is this bad?
    Empty bullets are clutter from editing and merging: Logseq shows them as empty rows.

    ## Example
    ```markdown
    - Groceries
    -
    - Errands
    ```

    ## Fix
    Safe: deletes the line (and the blank lines after it). None where the blocks after it
    would move in the outline without it: Logseq aligns an uneven indentation with the
    levels of the blocks before, an empty one's too.
    """

    code = "S001"
    name = "empty-bullet"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    fix_applicability = Applicability.SAFE

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        parents = _children(page)
        empty = [block for block in _empty_blocks(page) if block.index not in parents]
        removable = removable_leaves([block.level for block in page.blocks], (block.index for block in empty))
        for block in empty:
            start, end, _ = _line_range(page, block.span.start)
            fix = None
            if block.index in removable:
                # Its lines, up to the next block's line (blank lines left there could
                # become a pre-block).
                last = block.span.end if block.span.end == len(page.text) else _line_range(page, block.span.end)[0]
                fix = self.fix("Delete the empty bullet", Edit(start, last, ""))
            yield self.at(page, context, start, end, "empty bullet", fix)


def _empty_blocks(page: ast.Page) -> Iterator[ast.Block]:
    """The empty bullets of a page, but for a page of one block (what Logseq writes for a
    new page) and the blocks of templates (where they are places to fill)."""
    bullets = [block for block in page.blocks if block.heading is not None]
    if len(bullets) < 2:
        return
    in_template = _template_blocks(page)
    for block in bullets:
        heading = block.heading
        if (
            heading is not None
            and heading.kind is ast.HeadingKind.BULLET
            and heading.size is None
            and block.index not in in_template
            and _only_dashes_and_blanks(page, block)
            and not block_content(page, block)
        ):
            yield block


def _only_dashes_and_blanks(page: ast.Page, block: ast.Block) -> bool:
    """A cheap first test: any other character in a block's text is content."""
    return not page.text[block.span.start : block.span.end].strip(JS_WHITESPACE + "-")


def _template_blocks(page: ast.Page) -> set[int]:
    """The blocks that are, or are inside, a block with a ``template::`` property."""
    inside: set[int] = set()
    for block in page.blocks:
        if (block.parent is not None and block.parent in inside) or "template" in block_properties(page, block):
            inside.add(block.index)
    return inside


class EmptyBulletWithChildren(PageRule):
    """An empty bullet that holds other blocks.

    ## What it does
    Finds blocks with no text and no properties that have children.

    ## Why is this bad?
    An empty parent is usually left over from moving blocks around; its children hang
    under a blank row.

    ## Example
    ```markdown
    -
        - An orphaned child
    ```

    ## Fix
    None: deleting the line would move its children to another parent. Give it a title,
    or outdent its children.
    """

    code = "S002"
    name = "empty-bullet-with-children"
    severity = Severity.INFO

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        parents = _children(page)
        for block in _empty_blocks(page):
            if block.index in parents:
                start, end, _ = _line_range(page, block.span.start)
                yield self.at(page, context, start, end, "empty bullet with children")


class UnclosedFence(PageRule):
    """A code fence or `#+BEGIN_…` block that is never closed.

    ## What it does
    Finds lines that open a fenced code block (```` ``` ```` or `~~~`) or a `#+BEGIN_X`
    block whose end Logseq does not find, so that it reads them as plain text; and fences
    that are not closed in their block but further down, so that the blocks in between
    (bullets less indented than the fence) become code.

    ## Why is this bad?
    The code is not code: Logseq turns its `- ` lines into blocks, its `key:: value`
    lines into properties, its `#` lines into headings, and the page's outline falls apart
    from there.

    ## Example
    ````markdown
    - Setup:
      ```bash
      - install the tools
    - Next step
    ````

    ## Fix
    None: add the closing line where the code ends.
    """

    code = "S003"
    name = "unclosed-fence"
    severity = Severity.ERROR

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        for block in page.blocks:
            for start, end in _text_ranges(block):
                yield from self._openers(page, context, start, end)
            for node in _verbatims(block.body):
                yield from self._swallowing(page, context, node)

    def _swallowing(self, page: ast.Page, context: PageContext, node: ast.Verbatim) -> Iterator[Diagnostic]:
        """A fence that does close, but only blocks later: it holds bullets less indented
        than itself, which its author meant as the blocks after it."""
        lines = page.text[node.span.start : node.span.end].split("\n")
        opener = _FENCE_OPENER.fullmatch(lines[0].rstrip("\r"))
        if opener is None:
            return
        indent = opener.start(1)
        for number, line in enumerate(lines[1:-1], start=node.span.line + 1):
            found = _SWALLOWED_BULLET.match(line)
            if found and len(found.group(1)) < indent:
                yield self.at(
                    page,
                    context,
                    node.span.start + indent,
                    node.span.start + len(lines[0].rstrip("\r")),
                    f"{opener.group(1)} is not closed in its block: Logseq ends it only on line "
                    f"{node.span.line + len(lines) - 1 - (lines[-1] == '')}, so the blocks from line {number} "
                    "on are code",
                )
                return

    def _openers(self, page: ast.Page, context: PageContext, start: int, end: int) -> Iterator[Diagnostic]:
        at = start
        while at < end:
            stop = page.text.find("\n", at, end)
            stop = end if stop < 0 else stop
            found = _FENCE_OPENER.fullmatch(page.text, at, stop)
            if found and _opens(found.group(1), found.group(2)):
                what = found.group(1)
                closer = what if what[0] in "`~" else "#+END_" + what[8:]
                yield self.at(
                    page,
                    context,
                    found.start(1),
                    stop,
                    f"{what} is never closed, so Logseq reads it and what follows as text and blocks "
                    f"(add a {closer} line where it ends)",
                )
            at = stop + 1


def _verbatims(nodes: tuple[ast.Body, ...]) -> Iterator[ast.Verbatim]:
    for node in nodes:
        if isinstance(node, ast.Verbatim) and node.kind in (ast.BlockKind.FENCE, ast.BlockKind.RAW):
            yield node
        elif isinstance(node, ast.Container):
            yield from _verbatims(node.body)


def _opens(opener: str, rest: str) -> bool:
    """Whether a line starting with a fence or ``#+BEGIN_`` is an opener, not a one-line
    inline code span (```` ```x``` ````) or a finished block."""
    if opener[0] in "`~":
        return opener not in rest
    return len(opener) > 8


def _text_ranges(block: ast.Block) -> Iterator[tuple[int, int]]:
    """Where a block's text lines are (its title and paragraphs, also inside quotes and
    lists): where a fence that did not open would be."""
    if block.heading is not None and block.heading.title_span is not None:
        yield block.heading.span.start, block.heading.span.end
    yield from _paragraphs(block.body)


def _paragraphs(nodes: tuple[ast.Body, ...]) -> Iterator[tuple[int, int]]:
    for node in nodes:
        if isinstance(node, ast.Paragraph):
            yield node.span.start, node.span.end
        elif isinstance(node, ast.Container):
            yield from _paragraphs(node.body)
        elif isinstance(node, ast.ListNode):
            for item in node.items:
                yield from _paragraphs(item.body)


class MixedIndentation(PageRule):
    """Bullets indented with tabs in some places and spaces in others.

    ## What it does
    Finds, in a page whose bullets are indented both with tabs and with spaces, the
    bullets indented the other way than most, and says where Logseq puts each of them.

    ## Why is this bad?
    Logseq nests blocks by counting indentation characters, a tab and a space alike, so a
    block indented with four spaces under one indented with a tab is its grandchild, not
    its sibling: the outline an editor shows is not the one Logseq reads.

    ## Example
    ```markdown
    - Parent
        - Child (a tab)
        - Meant as a sibling (four spaces): Logseq makes it a child of "Child"
    ```

    ## Fix
    None here: `logseq-lint format` re-indents the page keeping the outline Logseq reads.
    """

    code = "S004"
    name = "mixed-indentation"
    severity = Severity.WARNING

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        indented: list[tuple[ast.Block, str]] = []
        for block in page.blocks:
            if block.heading is not None and block.heading.kind is ast.HeadingKind.BULLET:
                start = block.span.start
                indent = page.text[start : start + block.level - 1]
                if indent:
                    indented.append((block, indent))
        if not any("\t" in indent for _, indent in indented) or not any(" " in indent for _, indent in indented):
            return
        tabs = sum(1 for _, indent in indented if set(indent) == {"\t"})
        spaces = sum(1 for _, indent in indented if set(indent) == {" "})
        usual = "\t" if tabs >= spaces else " "
        for block, indent in indented:
            if set(indent) != {usual}:
                how = "tabs and spaces" if len(set(indent)) > 1 else ("spaces" if usual == "\t" else "tabs")
                usually = "tabs" if usual == "\t" else "spaces"
                yield self.at(
                    page,
                    context,
                    block.span.start,
                    block.span.start + len(indent),
                    f"indented with {how} where this page mostly uses {usually}; Logseq counts "
                    f"characters and makes this block {_describe(page, block.parent)}",
                )


class HeadingSplitsBlock(PageRule):
    """A `#` heading line inside a block's text, which Logseq makes a block of its own.

    ## What it does
    Finds heading lines (`# Title`) indented like the continuation of the block above.

    ## Why is this bad?
    Logseq starts a new top-level block at a heading line, wherever it is: the heading and
    every line after it leave the block they were written in (Logseq then warns about
    "multiple blocks" when the page is edited).

    ## Example
    ```markdown
    - Notes from the meeting
      # Decisions
      We ship on Friday.
    ```

    ## Fix
    None: make the heading a bullet of its own (`- # Decisions`) or a bold line.
    """

    code = "S005"
    name = "heading-splits-block"
    severity = Severity.WARNING

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        for block in page.blocks:
            heading = block.heading
            if heading is not None and heading.kind is ast.HeadingKind.HASH and page.text[block.span.start] in " \t":
                start, end, _ = _line_range(page, block.span.start)
                yield self.at(
                    page,
                    context,
                    start,
                    end,
                    "this heading is indented like the text of the block above, but Logseq makes it "
                    "a new top-level block, with the lines after it",
                )


class TagSwallowsPunctuation(PageRule):
    """A tag that takes the closing bracket after it into its name.

    ## What it does
    Finds tags written without brackets whose name ends with a `)`, `]` or `}` that does
    not close anything inside the name: `(#idea)`, `[#todo]`, `C#)`.

    ## Why is this bad?
    Logseq ends a tag only at whitespace and a few punctuation marks, not at brackets, so
    `(#idea)` tags the page `idea)`, not `idea`, and the graph fills with pages like it.

    ## Example
    ```markdown
    - A thought (#idea)
    ```

    ## Fix
    Safe: ends the tag where the author meant, `(#[[idea]])`. A tag that is nothing but
    brackets (`C#)`) or a number (`(#123)`, an issue number more likely than a tag) is
    reported without a fix.
    """

    code = "S006"
    name = "tag-swallows-punctuation"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    fix_applicability = Applicability.SAFE

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        for tag in _tags(page):
            written = page.source(tag)
            if written.startswith("#[[") or not tag.name or tag.name[-1] not in _TAG_CLOSERS:
                continue
            meant = _without_stray_closers(tag.name)
            if meant == tag.name:
                continue
            stray = tag.name[len(meant) :]
            fix = None
            if meant and not meant.isdigit():  # `(#123)` is an issue number, not a tag
                fix = self.fix(f"Tag [[{meant}]]", Edit(tag.span.start, tag.span.end, f"#[[{meant}]]{stray}"))
            yield self.at(
                page,
                context,
                tag.span.start,
                tag.span.end,
                f"Logseq reads this as the tag {tag.name!r}, "
                + (f"not {meant!r}" if meant else "though no tag is meant"),
                fix,
            )


def _without_stray_closers(name: str) -> str:
    """The name without the closing brackets at its end that open nowhere in it."""
    while name and name[-1] in _TAG_CLOSERS and name.count(_TAG_OPENERS[name[-1]]) < name.count(name[-1]):
        name = name[:-1]
    return name


def _tags(page: ast.Page) -> Iterator[ast.Tag]:
    for block in page.blocks:
        for found in text_occurrences(page, block):
            if found.kind is RefKind.TAG and isinstance(found.node, ast.Tag):
                yield found.node


class StarBulletOutline(PageRule):
    """A page written as a `*` or `+` list, which Logseq reads as one block.

    ## What it does
    Finds lists of `* ` or `+ ` items before a page's first `- ` bullet, where a page
    written for Logseq would have blocks.

    ## Why is this bad?
    In Markdown pages Logseq only makes blocks of `- ` bullets: a `*` list is one block
    holding a list, so its items cannot be referenced, moved, folded or queried as blocks.

    ## Example
    ```markdown
    * First idea
    * Second idea
    ```

    ## Fix
    None here: use `- ` bullets for blocks.
    """

    code = "S007"
    name = "star-bullet-outline"
    severity = Severity.INFO

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        if page.format is not ast.Format.MARKDOWN or not page.blocks or not page.blocks[0].is_pre_block:
            return
        for node in page.blocks[0].body:
            if isinstance(node, ast.ListNode) and len(node.items) >= 2:
                markers = {page.text[item.span.start : item.span.end].lstrip(" \t")[:1] for item in node.items}
                if markers <= {"*", "+"}:
                    start, end, _ = _line_range(page, node.span.start)
                    yield self.at(
                        page,
                        context,
                        start,
                        end,
                        f"a list of {len(node.items)} `{min(markers)}` items: Logseq reads it as one block, "
                        "not as an outline of blocks (use `- ` bullets)",
                    )
