"""Properties (`key:: value`) that Logseq drops, ignores, hides or misreads."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Applicability, Diagnostic, Edit, Severity
from ..graph.journal import journal_date
from ..graph.names import file_page_name
from ..syntax import ast
from ..syntax.logseq import (
    PropertyEntry,
    block_properties,
    first_property_drawer,
    normalize_key,
    page_property_entries,
)
from .base import FixAvailability, PageContext, PageRule

# A line Logseq reads as a property, and lines that look like one but are not (§2.1).
_PROPERTY_LINE = re.compile(r"[^\s:]+::(?: .*)?")
_NO_SPACE = re.compile(r"(?P<key>[A-Za-z0-9_\-.*+!?$%&=<>/]+)::(?P<gap>\t|)(?P<value>[^\s:].*)")
_SPACE_BEFORE = re.compile(r"(?P<key>[A-Za-z0-9_\-.*+!?$%&=<>/]+)(?P<gap>[ \t]+)::[ \t](?P<value>.*)")
_SPACED_KEY = re.compile(r"(?P<key>[A-Za-z0-9_\-]+(?: [A-Za-z0-9_\-]+){1,2})::[ \t](?P<value>.*)")

_BOOLEAN_BUILTINS = frozenset(
    {"collapsed", "public", "template-including-parent", "exclude-from-graph-view", "query-table", "query-sort-desc"}
)
_INTEGER_BUILTINS = frozenset({"created-at", "updated-at", "last-modified-at", "hl-page", "hl-stamp"})
# Hidden built-ins a person may well use for their own meaning (Logseq records task
# marker times under these names).
_HIDDEN_MARKER_KEYS = frozenset({"todo", "doing", "now", "later", "done"})
# Keys that only make sense as page properties.
_PAGE_KEYS = frozenset({"title", "alias", "aliases", "tags", "icon", "public", "filters", "exclude-from-graph-view"})


def _block_entries(page: ast.Page) -> Iterator[dict[str, PropertyEntry]]:
    """Each block's properties as Logseq stores them (the pre-block's are the page's)."""
    for block in page.blocks:
        yield block_properties(page, block)


def _lines(entry: PropertyEntry) -> Iterator[ast.Property]:
    """The property lines that wrote an entry (not ``#+key:`` directives)."""
    for source in entry.sources:
        if isinstance(source, ast.Property):
            yield source


def _properties(entries: dict[str, PropertyEntry]) -> Iterator[ast.Property]:
    for entry in entries.values():
        yield from _lines(entry)


class InvalidPropertyKey(PageRule):
    """A property whose key Logseq does not accept.

    ## What it does
    Finds property keys that are not valid for Logseq (`valid-property-name?`): keys
    holding `"`, `|`, `^`, `(`, `)`, `{`, `}`, `[`, `]`, `,`, `;`, `@`, `~`, `\\` or
    whitespace, starting with `#` or `:`, or with an empty namespace part.

    ## Why is this bad?
    Logseq drops the property: it is not shown as one, cannot be queried, and its
    references count for nothing.

    ## Example
    ```markdown
    - Book
      (author):: Hunt
    ```

    ## Fix
    None: rename the key (letters, digits and `- _ . * + ! ? $ % & = < > /`).
    """

    code = "P001"
    name = "invalid-property-key"
    severity = Severity.ERROR

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        for entries in _block_entries(page):
            for entry in entries.values():
                for prop in _lines(entry):
                    if not entry.valid and not prop.key.startswith("`"):  # a backquote is code-property-key's
                        yield self.at(
                            page,
                            context,
                            prop.key_span.start,
                            prop.key_span.end,
                            f"{prop.key!r} is not a property name Logseq accepts; it drops the property",
                        )


class PropertyNearMiss(PageRule):
    """A line that looks like a property but that Logseq reads as text.

    ## What it does
    Among the lines at the top of a block (or page), where properties go, finds those
    written almost as properties: no space after `::` (`key::value`), a tab after it,
    spaces before it (`key :: value`), or spaces in the key (`due date:: Friday`).

    ## Why is this bad?
    Logseq only reads `key:: value` (a key without spaces, then `::` and a space) as a
    property. The others stay text: the value is not a property, cannot be queried, and
    the block shows the raw line.

    ## Example
    ```markdown
    - Call the plumber
      due::Friday
    ```

    ## Fix
    Safe for `key::value` and `key::<tab>value` (a space after `::`); unsafe for
    `key :: value` (the spaces before `::` removed). None for spaces in the key.
    """

    code = "P002"
    name = "property-near-miss"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    fix_applicability = Applicability.SAFE

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        for block in page.blocks:
            for start, end in _top_lines(page, block):
                yield from self._near_miss(page, context, start, end)

    def _near_miss(self, page: ast.Page, context: PageContext, start: int, end: int) -> Iterator[Diagnostic]:
        line = page.text[start:end]
        indent = len(line) - len(line.lstrip(" \t"))
        at = start + indent
        rest = line[indent:]
        if (found := _NO_SPACE.fullmatch(rest)) is not None:
            gap_start = at + found.end("key") + 2
            what = "a tab" if found.group("gap") else "no space"
            fix = self.fix("Put a space after `::`", Edit(gap_start, gap_start + len(found.group("gap")), " "))
            yield self.at(
                page,
                context,
                at,
                end,
                f"{what} after `{found.group('key')}::`, so Logseq reads this line as text, not a property",
                fix,
            )
        elif (found := _SPACE_BEFORE.fullmatch(rest)) is not None:
            gap = (at + found.start("gap"), at + found.end("gap"))
            fix = self.fix(
                "Remove the spaces before `::`", Edit(gap[0], gap[1], ""), applicability=Applicability.UNSAFE
            )
            yield self.at(
                page,
                context,
                at,
                end,
                f"space before `::` after {found.group('key')!r}, so Logseq reads this line as text, not a property",
                fix,
            )
        elif (found := _SPACED_KEY.fullmatch(rest)) is not None:
            yield self.at(
                page,
                context,
                at,
                end,
                f"the key {found.group('key')!r} has spaces, so Logseq reads this line as text, not a "
                "property (write it with `-` or `_`)",
            )


def _top_lines(page: ast.Page, block: ast.Block) -> Iterator[tuple[int, int]]:
    """The lines at the top of a block where properties go (after a bullet's first line,
    from the start of the page for the page's own): they run while each is a property or
    looks like one."""
    if block.heading is None and page.front_matter:
        return
    if block.heading is not None and block.heading.kind is not ast.HeadingKind.BULLET:
        return
    at = block.span.start if block.heading is None else _next_line(page, block.span.start)
    while at < block.span.end:
        stop = page.text.find("\n", at, block.span.end)
        stop = block.span.end if stop < 0 else stop
        line = page.text[at:stop].rstrip("\r")
        text = line.lstrip(" \t")
        if not text or not (_PROPERTY_LINE.fullmatch(text) or _looks_like_property(text)):
            return
        if not _PROPERTY_LINE.fullmatch(text):
            yield at, at + len(line)
        at = stop + 1


def _looks_like_property(text: str) -> bool:
    return any(pattern.fullmatch(text) for pattern in (_NO_SPACE, _SPACE_BEFORE, _SPACED_KEY))


class StrayProperties(PageRule):
    """Property lines that are not where Logseq reads a block's properties.

    ## What it does
    Finds property lines after a block's text, and groups of property lines after the
    first group (separated from it by a blank line or text).

    ## Why is this bad?
    Logseq takes only a block's first group of property lines as its properties: later
    groups are ignored (not queryable, not shown as properties). A first group that comes
    after the block's text is read, but shown in the middle of the text.

    ## Example
    ```markdown
    - Book
      author:: Hunt

      year:: 1999
    ```

    ## Fix
    Unsafe: moves the lines into the block's property group (right after its first line).
    """

    code = "P003"
    name = "stray-properties"
    severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    fix_applicability = Applicability.UNSAFE

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        for block in page.blocks:
            drawers = [
                node
                for node in block.body
                if isinstance(node, ast.PropertyDrawer)
                and all(prop.syntax is ast.PropertySyntax.LOGSEQ for prop in node.properties)
            ]
            if not drawers:
                continue
            first = drawers[0]
            # Text on lines between the block's first line and its properties (what follows
            # a glued priority or a quote on the first line is the title's).
            target = None if block.heading is None else _next_line(page, block.heading.span.start)
            if target is not None and page.text[target : first.span.start].strip():
                yield self._move(
                    page,
                    context,
                    first,
                    target,
                    "these properties come after the block's text: "
                    "Logseq reads them but shows them in the middle of the text",
                )
            for later in drawers[1:]:
                yield self._move(
                    page,
                    context,
                    later,
                    first.span.end,
                    "Logseq ignores these properties: only a block's first group of property lines counts",
                )

    def _move(
        self, page: ast.Page, context: PageContext, drawer: ast.PropertyDrawer, target: int, message: str
    ) -> Diagnostic:
        start = page.text.rfind("\n", 0, drawer.span.start) + 1
        lines = page.text[start : drawer.span.end]
        moved = lines if lines.endswith("\n") else lines + "\n"
        if target >= len(page.text) and not page.text.endswith("\n"):
            moved = "\n" + moved.rstrip("\n")
        edits = (Edit(target, target, moved), Edit(start, drawer.span.end, ""))
        fix = self.fix("Move them into the block's property group", *edits)
        return self.at(page, context, drawer.span.start, drawer.span.end, message, fix)


def _next_line(page: ast.Page, offset: int) -> int:
    end = page.text.find("\n", offset)
    return len(page.text) if end < 0 else end + 1


class DuplicateProperty(PageRule):
    """A property key given twice in one block.

    ## What it does
    Finds keys set more than once in a block's properties (keys compare as Logseq
    compares them: case, `_` and `-` alike).

    ## Why is this bad?
    Logseq keeps only the last value, silently; the earlier lines stay in the file and
    look as if they counted. When Logseq next edits the property it rewrites all of them.

    ## Example
    ```markdown
    - Book
      status:: reading
      Status:: done
    ```

    ## Fix
    None: keep the value you mean.
    """

    code = "P004"
    name = "duplicate-property"
    severity = Severity.WARNING

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        for entries in _block_entries(page):
            for entry in entries.values():
                last = entry.sources[-1]
                for source in entry.sources[:-1]:
                    if isinstance(source, ast.Property):
                        yield self.at(
                            page,
                            context,
                            source.key_span.start,
                            source.key_span.end,
                            f"{source.key!r} is set again on line {last.span.line}; Logseq keeps only "
                            f"the last value ({entry.value!r})",
                        )


class BulletedPageProperties(PageRule):
    """Page properties written in a bulleted first block.

    ## What it does
    Finds a page whose first block is a bullet holding only properties such as `alias::`,
    `tags::`, `title::`, `icon::` or `public::`.

    ## Why is this bad?
    Logseq reads page properties only from the lines before the first bullet. In a
    bullet they are that block's properties: the alias does not work, the title does not
    name the page, the tags do not tag it.

    ## Example
    ```markdown
    - alias:: GTD
      tags:: method
    - Getting things done
    ```

    ## Fix
    Unsafe: writes the properties without the bullet, followed by a blank line.
    """

    code = "P005"
    name = "bulleted-page-properties"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    fix_applicability = Applicability.UNSAFE

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        if page.format is not ast.Format.MARKDOWN or not page.blocks or page.blocks[0].is_pre_block:
            return
        block = page.blocks[0]
        drawer = first_property_drawer(block.body)
        if drawer is None or block.heading is None or block.heading.title:
            return
        if any(page.source(node).strip() for node in block.body if node is not drawer):
            return
        keys = {normalize_key(prop.key) for prop in drawer.properties} & _PAGE_KEYS
        if not keys:
            return
        has_children = any(other.parent == 0 for other in page.blocks)
        fix = None
        if not has_children:
            lines = "".join(page.source(prop).lstrip(" \t").rstrip("\r\n") + "\n" for prop in drawer.properties)
            fix = self.fix("Write them as page properties", Edit(block.span.start, drawer.span.end, lines + "\n"))
        names = ", ".join(f"{key}::" for key in sorted(keys))
        yield self.at(
            page,
            context,
            block.span.start,
            drawer.span.end,
            f"{names} in a bullet are the block's properties, not the page's: Logseq reads page "
            "properties only before the first bullet",
            fix,
        )


class InvalidBuiltinValue(PageRule):
    """A built-in property with a value Logseq cannot use.

    ## What it does
    Checks the values of Logseq's own properties: `collapsed`, `public`,
    `template-including-parent`, `exclude-from-graph-view`, `query-table` and
    `query-sort-desc` take `true` or `false`; `heading` takes `true`, `false` or 1 to 6;
    `created-at`, `updated-at`, `hl-page` and `hl-stamp` take a number. Also finds a
    `title::` on a journal page that is not a date (it makes the journal an ordinary
    page).

    ## Why is this bad?
    Logseq does not read such a value as meant: `collapsed:: no` collapses the block
    (anything but `false` counts as true), `public:: yes` does not publish the page.

    ## Example
    ```markdown
    - Details
      collapsed:: no
    ```

    ## Fix
    None: write the value Logseq expects.
    """

    code = "P006"
    name = "invalid-builtin-value"
    severity = Severity.WARNING

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        for entries in _block_entries(page):
            for key, entry in entries.items():
                value = entry.value.strip()
                source = entry.sources[-1]
                expected = _expected(key, value)
                if expected and isinstance(source, ast.Property):
                    yield self.at(
                        page,
                        context,
                        source.value_span.start,
                        source.value_span.end,
                        f"{key}:: takes {expected}, not {value!r}",
                    )
        title = page_property_entries(page).get("title")
        if title is not None and isinstance(title.sources[-1], ast.Property):
            fmt = context.config.journal_title_format
            day = journal_date(file_page_name(context.relative, context.config.name_format), fmt)
            if day is not None and journal_date(title.value, fmt) is None:
                source = title.sources[-1]
                yield self.at(
                    page,
                    context,
                    source.span.start,
                    source.value_span.end,
                    f"title:: on the journal of {day.isoformat()} makes it an ordinary page "
                    f"named {title.value.strip()!r}",
                )


def _expected(key: str, value: str) -> str | None:
    if key in _BOOLEAN_BUILTINS and value not in ("true", "false"):
        return "true or false"
    if key == "heading" and value not in ("true", "false", "1", "2", "3", "4", "5", "6"):
        return "true, false or a level from 1 to 6"
    if key in _INTEGER_BUILTINS and not (value.isascii() and value.isdigit()):
        return "a number"
    return None


class HiddenBuiltinKey(PageRule):
    """A property named like one Logseq keeps for itself, and hides.

    ## What it does
    Finds properties named `todo`, `doing`, `now`, `later` or `done`: Logseq uses these
    names to record when a task changed state.

    ## Why is this bad?
    Logseq hides these properties: the value never shows in the block, and Logseq may
    overwrite it.

    ## Example
    ```markdown
    - Standup
      now:: 9am
    ```

    ## Fix
    None: choose another name.
    """

    code = "P007"
    name = "hidden-builtin-key"
    severity = Severity.WARNING

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        for entries in _block_entries(page):
            for key, entry in entries.items():
                source = entry.sources[-1]
                if (
                    key in _HIDDEN_MARKER_KEYS
                    and isinstance(source, ast.Property)
                    and not entry.value.strip().isdigit()
                ):
                    yield self.at(
                        page,
                        context,
                        source.key_span.start,
                        source.key_span.end,
                        f"Logseq hides {key}:: (it records task times under that name), so this property never shows",
                    )


class CodePropertyKey(PageRule):
    """A line that starts with inline code followed by `:: `, which Logseq swallows.

    ## What it does
    Finds property lines whose key starts with a backquote: a line such as
    `` `alias:: [[x]]` `` meant to show syntax.

    ## Why is this bad?
    Logseq reads the line as a property with the key `` `alias ``, then drops it as
    invalid: the line disappears from the block.

    ## Example
    ```markdown
    - To add an alias, write:
      `alias:: [[other name]]`
    ```

    ## Fix
    None: put a character before the code (`Write: `alias:: x``) or use a code block.
    """

    code = "P008"
    name = "code-property-key"
    severity = Severity.WARNING

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        for entries in _block_entries(page):
            for prop in _properties(entries):
                if prop.key.startswith("`"):
                    yield self.at(
                        page,
                        context,
                        prop.key_span.start,
                        prop.value_span.end,
                        "Logseq reads this line as a property with the key "
                        f"{prop.key!r} and drops it: the line disappears from the block",
                    )


class EmptyPropertyValue(PageRule):
    """A property with no value.

    ## What it does
    Finds `key::` lines with nothing after them.

    ## Why is this bad?
    Logseq ignores them: they are neither shown nor queryable. Usually a value was
    forgotten. Off by default: some people keep them as templates to fill.

    ## Example
    ```markdown
    - Book
      author::
    ```

    ## Fix
    None: write the value, or remove the line.
    """

    code = "P009"
    name = "empty-property-value"
    severity = Severity.INFO
    enabled_by_default = False

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        for entries in _block_entries(page):
            for prop in _properties(entries):
                if not prop.value.strip():
                    yield self.at(
                        page,
                        context,
                        prop.key_span.start,
                        prop.key_span.end,
                        f"{prop.key}:: has no value; Logseq ignores it",
                    )
