"""References that point nowhere: page links, block references, links to files."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from ..diagnostics import Applicability, Diagnostic, Edit, Fix, Location, Severity
from ..graph.facts import Reference, Via
from ..graph.index import Existence, Graph, PageFile
from ..graph.names import page_key
from ..syntax.refs import RefKind
from .base import FILE_START, FixAvailability, GraphRule

_BLOCK_KINDS = (RefKind.BLOCK,)
_PAGE_KINDS = (RefKind.PAGE, RefKind.TAG)
# A missing page linked this often is a page in its own right, not a slip of the pen.
_OWN_PAGE_LINKS = 3
# What may follow # in a tag written without brackets (LOGSEQ-SYNTAX.md §3.2).
_PLAIN_TAG = re.compile(r"[^\s,;.!?'\":#\[\]]+\Z")


def _written(ref: Reference) -> str:
    """A reference as a reader recognises it in a message."""
    if ref.kind is RefKind.BLOCK or ref.kind is RefKind.NOT_UUID:
        return f"(({ref.target}))"
    if ref.kind is RefKind.TAG:
        return f"#{ref.target}" if _PLAIN_TAG.match(ref.target) else f"#[[{ref.target}]]"
    return f"[[{ref.target}]]"


def _indexed_references(graph: Graph, kinds: tuple[RefKind, ...]) -> Iterator[tuple[PageFile, Reference]]:
    for file in graph.focus_files():
        for ref in file.facts.references:
            if ref.kind in kinds:
                yield file, ref


class DanglingBlockRef(GraphRule):
    """A block reference to a uuid that no block of the graph carries.

    ## What it does
    Checks that every `((uuid))`, `{{embed ((uuid))}}`, `[label](((uuid)))`, block
    reference in a property value and whiteboard portal points at a block whose
    `id:: uuid` is in a file Logseq reads. uuids compare case-insensitively, as Logseq
    lower-cases them. A block kept only in `logseq/bak`, `logseq/.recycle` or
    `logseq/version-files`, or in a file Logseq skips, does not count: the message says
    where that copy is.

    ## Why is this bad?
    Logseq shows such a reference as an empty or broken block, and nothing in the app
    says why. The usual causes: the block was deleted or its `id::` line was lost in an
    edit or a merge, or the reference was made in a session whose `id::` line never
    reached this copy of the graph.

    ## Example
    ```markdown
    - See ((6650a1b2-0000-4000-8000-000000000000))
    ```
    when no page has a block with `id:: 6650a1b2-0000-4000-8000-000000000000`.

    ## Fix
    None: only the author knows which block was meant. Restore the `id::` line on the
    block (from a backup or from git), or remove the reference.
    """

    code = "R002"
    name = "dangling-block-ref"
    severity = Severity.ERROR

    def check(self, graph: Graph) -> Iterator[Diagnostic]:
        for file, ref in _indexed_references(graph, _BLOCK_KINDS):
            uuid = ref.target.lower()
            if uuid in graph.ids:
                continue
            message = f"{_written(ref)} points at no block: no page has `id:: {uuid}`"
            related: tuple[Location, ...] = ()
            if uuid in graph.previous_ids:
                previous = graph.previous_ids[uuid]
                message += f"; {previous} held it in its last commit"
                related = (Location(previous, FILE_START),)
            copies = graph.backup_ids.get(uuid, []) + graph.skipped_ids.get(uuid, [])
            if copies:
                where = ", ".join(copies[:3]) + (f" and {len(copies) - 3} more" if len(copies) > 3 else "")
                message += f" (a copy is in {where}, which Logseq does not read)"
            yield self.diagnostic(file.relative, ref.range, message, related=related)


class InvalidBlockRef(GraphRule):
    """A block reference whose target is not a uuid.

    ## What it does
    Finds `((text))` and `{{embed ((text))}}` where `text` is not a uuid
    (8-4-4-4-12 hexadecimal digits).

    ## Why is this bad?
    Logseq only resolves a uuid: it keeps `((text))` as text and makes no reference, so
    the block that seems to be embedded or referenced is not. Usually a uuid was cut short
    or mistyped, or a page link was written with parentheses.

    ## Example
    ```markdown
    - See ((6650a1b2-0000-4000-8000))
    ```

    ## Fix
    None: write the block's full uuid, or `[[page]]` for a page.
    """

    code = "R003"
    name = "invalid-block-ref"
    severity = Severity.WARNING

    def check(self, graph: Graph) -> Iterator[Diagnostic]:
        for file, ref in _indexed_references(graph, (RefKind.NOT_UUID,)):
            yield self.diagnostic(
                file.relative, ref.range, f"{_written(ref)} is not a block reference: {ref.target!r} is not a uuid"
            )


class BrokenPageLink(GraphRule):
    """A link to a page that does not exist, most likely a misspelling of one that does.

    ## What it does
    Checks each `[[link]]`, `#tag`, `{{embed [[page]]}}` and page named in a property
    value. A page exists when a file makes it (its file name or `title::`), when it is an
    `alias::` of one, a journal date, the parent of a namespace page (`a` for `a/b`), or a
    property name. By default only links that are near-misses of an existing page are
    reported: the same name as a page or an alias but for spacing, punctuation or accents
    (`[[to-do]]` for `todo`), or a page's name one letter apart (two for names of twelve
    characters or more). Never a digit apart, so `Day 1` and `Day 2` stay distinct pages;
    and a missing page linked three times or more is taken as meant, so only spacing and
    punctuation slips are reported for it.

    ## Why is this bad?
    Logseq creates a page for any link, so a misspelt link silently makes a second, empty
    page, and the references meant for one page are split between two.

    ## Example
    ```markdown
    - Reading list for [[Projct Alpha]]
    ```
    when the graph has `pages/Project Alpha.md`.

    ## Fix
    Unsafe: replaces the link's name by the page's name (`[[Project Alpha]]`). It is a
    guess, so it is only applied with `--unsafe-fixes`.

    ## Options
    - `require-page-file` (default false): report every link to a page that has no file
      of its own nor is an alias of one, for graphs that are published, where a page
      without a file is an empty page.
    """

    code = "R001"
    name = "broken-page-link"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    fix_applicability = Applicability.UNSAFE
    option_defaults: ClassVar[Mapping[str, Any]] = {"require-page-file": False}

    def check(self, graph: Graph) -> Iterator[Diagnostic]:
        strict = bool(self.options["require-page-file"])
        missing: list[tuple[PageFile, Reference, Existence]] = []
        for file, ref in _indexed_references(graph, _PAGE_KINDS):
            existence = graph.existence(ref.target)
            deleted = graph.deleted_pages.get(graph.page_of(ref.target)[1])
            if deleted is not None and existence in (Existence.NONE, Existence.NAMESPACE, Existence.PROPERTY):
                yield self.diagnostic(
                    file.relative,
                    ref.range,
                    f"{_written(ref)} links to a page whose file, {deleted}, is being deleted",
                    related=(Location(deleted, FILE_START),),
                )
            elif existence not in (Existence.FILE, Existence.ALIAS):
                missing.append((file, ref, existence))
        if strict:
            for file, ref, existence in missing:
                why = "" if existence is Existence.NONE else f" (it exists only as a {existence} page)"
                yield self.diagnostic(file.relative, ref.range, f"{_written(ref)} links to a page with no file{why}")
            return
        near: _NearMisses | None = None  # built on first need: it looks at every page
        links: Counter[str] = Counter()
        for file, ref, existence in missing:
            if existence is not Existence.NONE:
                continue
            if near is None:
                near, links = _NearMisses(graph), _missing_links(graph)
            key = graph.page_of(ref.target)[1]
            match = near.suggestion(key, loose_only=links[key] >= _OWN_PAGE_LINKS)
            if match is not None:
                name, page = match
                alias = f" (an alias of [[{page.name}]])" if page_key(name) != page.key else ""
                yield self.diagnostic(
                    file.relative,
                    ref.range,
                    f"{_written(ref)} links to a page that does not exist; did you mean [[{name}]]{alias}?",
                    self._rename(ref, name),
                )

    def _rename(self, ref: Reference, name: str) -> Fix | None:
        if ref.name_range is None:
            return None
        if ref.via is Via.TAG and ref.range.start + 1 == ref.name_range.start and not _PLAIN_TAG.match(name):
            return self.fix(f"Link to [[{name}]]", Edit(ref.range.start, ref.range.end, f"#[[{name}]]"))
        if ref.via is Via.PROPERTY and "," in name:
            return None  # the value would then name two pages
        return self.fix(f"Link to [[{name}]]", Edit(ref.name_range.start, ref.name_range.end, name))


def _missing_links(graph: Graph) -> Counter[str]:
    """How many links and tags in the whole graph name each page that does not exist
    (a page linked often is meant, not misspelled)."""
    links: Counter[str] = Counter()
    for file in graph.indexed_files():
        for target in file.summary.page_targets:
            key = graph.page_of(target)[1]
            if key not in graph.deleted_pages and graph.existence(target) is Existence.NONE:
                links[key] += 1
    return links


def _loose(key: str) -> str:
    """A page key without spacing, punctuation and accents: what a near-miss keeps."""
    decomposed = unicodedata.normalize("NFKD", key)
    return "".join(char for char in decomposed if char.isalnum())


class _NearMisses:
    """The existing page (or alias) a missing page's name is a near-miss of, if any."""

    def __init__(self, graph: Graph) -> None:
        # key → (the name as written, the page's file): pages first, then aliases.
        self.names: dict[str, tuple[str, PageFile]] = {key: (file.name, file) for key, file in graph.pages.items()}
        for file in graph.indexed_files():
            for alias in file.summary.aliases:
                self.names.setdefault(page_key(alias), (alias, file))
        self.loose: dict[str, str] = {}
        for key in self.names:
            self.loose.setdefault(_loose(key), key)
        # Only a page's own name is a candidate for a spelling slip; an alias is already a
        # second name, and a slip of a second name is too weak a hint.
        self.order = {key: number for number, key in enumerate(self.names)}
        self.spelled: dict[int, list[str]] = defaultdict(list)  # by length: a slip changes it by 2 at most
        for key, (_, file) in self.names.items():
            if key == file.key:
                self.spelled[len(key)].append(key)
        self.cache: dict[tuple[str, bool], tuple[str, PageFile] | None] = {}

    def suggestion(self, key: str, loose_only: bool) -> tuple[str, PageFile] | None:
        if (key, loose_only) not in self.cache:
            self.cache[key, loose_only] = self._find(key, loose_only)
        return self.cache[key, loose_only]

    def _find(self, key: str, loose_only: bool) -> tuple[str, PageFile] | None:
        loose = _loose(key)
        if loose and loose in self.loose:
            return self.names[self.loose[loose]]
        if loose_only or len(loose) < 5:
            return None  # short names are too close to each other to guess
        limit = 1 if len(key) < 12 else 2
        from rapidfuzz import process  # here: most runs never guess a name
        from rapidfuzz.distance import Levenshtein

        best: tuple[int, int, str] | None = None  # distance, page order, key
        for size in range(len(key) - limit, len(key) + limit + 1):
            found = process.extractOne(key, self.spelled[size], scorer=Levenshtein.distance, score_cutoff=limit)
            if found is not None:
                # Ties go to the first page, as they would in one search over all pages.
                candidate = (found[1], self.order[found[0]], found[0])
                best = candidate if best is None else min(best, candidate)
        if best is None or not _letters_apart(key, best[2]):
            return None
        return self.names[best[2]]


def _letters_apart(a: str, b: str) -> bool:
    """Whether two names differ only in letters (a digit apart is another page)."""
    from rapidfuzz.distance import Levenshtein

    for opcode in Levenshtein.opcodes(a, b):
        changed = a[opcode.src_start : opcode.src_end] + b[opcode.dest_start : opcode.dest_end]
        if opcode.tag != "equal" and any(char.isdigit() for char in changed):
            return False
    return True


class MissingAsset(GraphRule):
    """A link or image to a file that does not exist.

    ## What it does
    Checks each local link and image: assets (`![x](../assets/a.png)`, `[x](assets/a.pdf)`,
    `[[../assets/a.pdf]]`, Org `[[file:../assets/a.png][x]]`, a whiteboard's images) and
    links to other files by path (`[notes](file:../notes.txt)`). Assets are found from the
    graph's root, as Logseq finds them; other paths from the page's folder. `%20`-style
    escapes are decoded.

    ## Why is this bad?
    Logseq shows a broken image or a link that opens nothing. It happens when an asset
    is renamed, deleted, or not committed along with the page.

    ## Example
    ```markdown
    - ![diagram](../assets/diagram_1700000000000_0.png)
    ```
    when `assets/diagram_1700000000000_0.png` is not in the graph.

    ## Fix
    None: restore the file, or change the link.
    """

    code = "R004"
    name = "missing-asset"
    severity = Severity.ERROR

    def check(self, graph: Graph) -> Iterator[Diagnostic]:
        for file in graph.focus_files():
            for link in file.facts.file_links:
                if not graph.has_file(link.path):
                    yield self.diagnostic(
                        file.relative, link.range, f"{link.target!r} links to {link.path}, which does not exist"
                    )
