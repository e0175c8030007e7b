"""File names: journals that are not dates, pages whose file name is not Logseq's."""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from ..diagnostics import Applicability, Diagnostic, Fix, Severity
from ..graph.facts import page_title
from ..graph.journal import journal_date
from ..graph.names import file_body, file_page_name, page_file_body
from ..syntax import ast
from .base import FILE_START, FixAvailability, PageContext, PageRule


class JournalFileName(PageRule):
    """A file in the journals folder that is not a date, or a date outside it.

    ## What it does
    Finds files in the journals folder whose name Logseq does not read as a date (with
    `:journal/page-title-format`, then `MMM do, yyyy`, `yyyy-MM-dd` and `yyyy_MM_dd`), and
    files elsewhere whose name it does.

    ## Why is this bad?
    Logseq decides from the page name alone, not from the folder: `journals/20240131.md`
    (a `:journal/file-name-format` of `yyyyMMdd`) or `journals/2024_01_31 (conflict).md`
    is an ordinary page that never shows in the journals, and `pages/2024-01-31.md` is the
    journal of that day (and collides with `journals/2024_01_31.md`).

    ## Fix
    None: rename the file.
    """

    code = "F001"
    name = "journal-file-name"
    severity = Severity.WARNING

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        config = context.config
        name = file_page_name(context.relative, config.name_format)
        day = journal_date(name, config.journal_title_format)
        in_journals = context.relative.startswith(config.journals_directory.strip("/") + "/")
        if in_journals and day is None:
            yield self.diagnostic(
                context.relative,
                FILE_START,
                f"{name!r} is not a date Logseq reads (:journal/page-title-format "
                f"{config.journal_title_format!r} or its fallbacks), so this is an ordinary page, "
                "not a journal",
            )
        elif not in_journals and day is not None and not page_title(page):
            yield self.diagnostic(
                context.relative,
                FILE_START,
                f"Logseq makes this page the journal of {day.isoformat()}, though it is not in "
                f"{config.journals_directory}/",
            )


class NonCanonicalFileName(PageRule):
    """A file name that is not the one Logseq writes for the page.

    ## What it does
    Compares each page's file name with the name Logseq gives a new file for the page's
    name under the graph's `:file/name-format` (as its filename-format conversion does):
    `a%2Fb.md` where `:triple-lowbar` writes `a___b.md`, `What is it?` escaped otherwise
    than Logseq escapes it, names in another Unicode form. Under `:legacy`, also finds
    dotted names, which Logseq reads as namespaces (`v1.2.md` is the page `v1/2`).
    Journals are left to `journal-file-name`.

    ## Why is this bad?
    Logseq finds pages by name: a file it would not have written is renamed, duplicated
    or reported by its conversion tool, and a dotted name under `:legacy` silently makes
    the page a namespace.

    ## Fix
    Unsafe: renames the file (in its folder; never over an existing file). None for
    `:legacy` dotted names: add a `title::` or move the graph to `:triple-lowbar`.

    ## Options
    - `check-titles` (default false): also report pages whose `title::` differs from what
      their file name says (`block_embed.md` with `title:: Block embed`). Logseq reads
      them well; its conversion screen lists them as "informal" names.
    """

    code = "F002"
    name = "non-canonical-file-name"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES
    fix_applicability = Applicability.UNSAFE
    option_defaults: ClassVar[Mapping[str, Any]] = {"check-titles": False}

    def check_page(self, page: ast.Page, context: PageContext) -> Iterator[Diagnostic]:
        config = context.config
        body = file_body(context.relative)
        title = page_title(page)
        if title and not self.options["check-titles"]:
            return
        name = title.strip() if title else file_page_name(context.relative, config.name_format)
        if journal_date(name, config.journal_title_format) or body.lower() == "contents":
            return
        if config.name_format != "triple-lowbar" and not title and "." in body:
            yield self.diagnostic(
                context.relative,
                FILE_START,
                f"under :file/name-format :legacy the dots make this the page {name!r} (a "
                "namespace); add a title:: to name it, or move the graph to :triple-lowbar",
            )
            return
        canonical = page_file_body(name, config.name_format)
        if canonical == body or (canonical.lower() == body.lower() and unicodedata.is_normalized("NFC", body)):
            return  # a name that differs only in case is the same page on every file system
        folder, extension = posixpath.dirname(context.relative), context.relative.rsplit(".", 1)[-1]
        target = posixpath.join(folder, f"{canonical}.{extension}")
        fix = Fix(f"Rename to {target}", (), Applicability.UNSAFE, rename_to=target)
        yield self.diagnostic(
            context.relative,
            FILE_START,
            f"Logseq would name the file of the page {name!r} {canonical}.{extension}",
            fix,
        )
