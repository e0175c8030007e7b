"""Files of the graph: its configuration, pages that collide, assets nothing uses, files
that cannot be read."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from ..diagnostics import Diagnostic, Location, Severity
from ..graph.config import CONFIG_PATH
from ..graph.index import Graph, PageFile
from ..graph.names import file_body
from ..syntax.source import TextRange
from .base import FILE_START, GraphRule


class InvalidConfig(GraphRule):
    """A `logseq/config.edn` that Logseq cannot read, or a setting it rejects.

    ## What it does
    Reads `logseq/config.edn` as strict EDN, as Logseq does, and reports where it stops.
    Then checks the settings that decide page names and references against Logseq's
    schema for the file: `:file/name-format`, `:journal/page-title-format`,
    `:journal/file-name-format`, `:hidden`, `:favorites`, `:property-pages/enabled?`,
    `:property-pages/excludelist`, `:property/separated-by-commas`,
    `:export/bullet-indentation`, `:pages-directory` and `:macros`.

    ## Why is this bad?
    A file Logseq cannot read leaves the graph on its defaults, without saying so
    clearly: the file name format, journal title format, hidden folders and the rest are
    ignored, and pages may be named differently (logseq-lint then uses the defaults too).
    A setting of the wrong type is flagged by Logseq when the file is edited in the app,
    and may not do what it seems to.

    ## Example
    ```clojure
    {:file/name-format :triple-lowbar
     :hidden ["archive"}
    ```

    ## Fix
    None: correct the EDN (Clojure-only syntax such as `#"regex"` is not EDN either).
    """

    code = "G001"
    name = "invalid-config"
    severity = Severity.ERROR

    def check(self, graph: Graph) -> Iterator[Diagnostic]:
        for error in graph.config_errors:
            where = TextRange(0, 0, error.line, error.column, error.line, error.column)
            message = (
                f"Logseq cannot read this file ({error.message}); it uses its defaults"
                if error.fatal
                else f"{error.message} (Logseq's schema for config.edn)"
            )
            yield self.diagnostic(CONFIG_PATH.as_posix(), where, message)


class PageCollision(GraphRule):
    """Two files that are the same page to Logseq.

    ## What it does
    Finds files whose pages have the same name once Logseq has derived and normalized it:
    from `title::` or the file name (decoded by `:file/name-format`), a journal date in
    any of its spellings, lower-cased, in Unicode NFC. For example `Foo.md` and `foo.md`,
    `foo.md` and `foo.org`, `a___b.md` and `a%2Fb.md`, a file whose `title::` is another
    file's name, `journals/2024_01_31.md` and `pages/2024-01-31.md`, or two spellings of
    an accented name (NFD and NFC).

    ## Why is this bad?
    Logseq reads the first of them and skips the other one entirely ("The file … will be
    skipped because another file … has the same page title"): its blocks, ids and links
    are not in the graph, and edits to it are never shown.

    ## Fix
    None: merge the two pages, or rename one.
    """

    code = "G002"
    name = "page-collision"
    severity = Severity.ERROR

    def check(self, graph: Graph) -> Iterator[Diagnostic]:
        for file in graph.files:
            kept = graph.skipped.get(file.relative)
            if kept is not None:
                yield self.diagnostic(
                    file.relative,
                    FILE_START,
                    f"this file is the page {file.name!r}, as is {kept.relative} ({_why_same(file, kept, graph)}); "
                    "Logseq reads that one and skips this file",
                    related=(Location(kept.relative, FILE_START),),
                )


def _why_same(file: PageFile, kept: PageFile, graph: Graph) -> str:
    if file.journal_day is not None and file.journal_day == kept.journal_day:
        return f"both are the journal of {file.journal_day.isoformat()}"
    if file.summary.title or kept.summary.title:
        return "title:: names it"
    body, kept_body = file_body(file.relative), file_body(kept.relative)
    if body == kept_body:
        same_extension = file.relative.rsplit(".", 1)[-1] == kept.relative.rsplit(".", 1)[-1]
        return "the same file name in another folder" if same_extension else "the same name with another extension"
    if unicodedata.normalize("NFC", body) == unicodedata.normalize("NFC", kept_body):
        return "the same name in another Unicode normalization (NFD and NFC)"
    if body.lower() == kept_body.lower():
        return "names that differ only in case"
    return f"both file names read as {file.name!r} under :file/name-format :{graph.config.name_format}"


class UnusedAsset(GraphRule):
    """A file in `assets/` that no page links to.

    ## What it does
    Lists the files in the graph's `assets/` folder that no page, property or whiteboard
    links to. A PDF's highlight data (`assets/x.edn`) and area images (`assets/x/…`)
    count as used when the PDF is.

    ## Why is this bad?
    Assets left behind by deleted blocks take space in every copy and every sync of the
    graph. Off by default: a plugin, a custom CSS file or another graph may use them.

    ## Fix
    None: delete the file if it is not needed.
    """

    code = "G003"
    name = "unused-asset"
    severity = Severity.INFO
    enabled_by_default = False

    def check(self, graph: Graph) -> Iterator[Diagnostic]:
        linked = {path for file in graph.indexed_files() for path in file.summary.file_paths}
        for path in sorted(graph.existing_files):
            if path.startswith("assets/") and not _used(path, linked):
                yield self.diagnostic(path, FILE_START, "no page links to this asset")


def _used(path: str, linked: set[str]) -> bool:
    if path in linked:
        return True
    stem = path.rsplit(".", 1)[0]
    pdf_of_folder = "/".join(path.split("/")[:2]) + ".pdf"
    return (path.endswith(".edn") and stem + ".pdf" in linked) or pdf_of_folder in linked


class UnreadableFile(GraphRule):
    """A page file that cannot be read as Logseq reads it.

    ## What it does
    Reports page files that are not valid UTF-8, hold NUL bytes (a binary file, UTF-16
    text, what a crash left of a file) or cannot be opened; pages with more than 100
    quotes, lists or `#+BEGIN` blocks nested within each other (Logseq reads them, slowly;
    no hand-written page nests so deep); and whiteboards that are not valid EDN.

    ## Why is this bad?
    Logseq would show the page garbled, or not at all, and rewrite it on the next edit.
    logseq-lint never writes such a file: nothing in it is checked or fixed.

    ## Fix
    None: convert the file to UTF-8 (or restore it).
    """

    code = "G004"
    name = "unreadable-file"
    severity = Severity.ERROR

    def check(self, graph: Graph) -> Iterator[Diagnostic]:
        for path, reason in graph.unreadable.items():
            yield self.diagnostic(path, FILE_START, f"cannot be read: {reason}")
