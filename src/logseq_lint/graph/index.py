"""The graph as Logseq indexes it: which file is which page, which names resolve, which
block holds each uuid, and which files Logseq skips.

Built from the summaries of every page file in Logseq's parse order, so that where two
files claim one page or one uuid, the one Logseq keeps is the one seen first. A file's
details (where each reference is, the page rules' findings) are read when a rule first
asks for them: a check of a few files reads only theirs (``focus``).
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from .config import ConfigError, GraphConfig
from .facts import BlockId, PageFacts, PageSummary, all_names, summarize
from .journal import journal_title
from .names import file_page_name, page_key


class Existence(StrEnum):
    """What makes a page exist for Logseq."""

    FILE = "file"
    ALIAS = "alias"
    JOURNAL = "journal"  # a date: Logseq makes the journal page on demand
    NAMESPACE = "namespace"  # the parent of a namespace page
    PROPERTY = "property"  # a property name
    NONE = "none"  # only links to it: Logseq makes an empty page


# A file's details: its facts, or them pickled, or how to get either (given the file's
# graph-relative path) when first needed.
Details = PageFacts | bytes | Callable[[str], PageFacts | bytes]


class PageFile:
    """A page file with the page Logseq makes of it; its details (``facts``) are read
    from their pickled form (the graph cache's) when first asked for."""

    __slots__ = ("_details", "journal_day", "key", "name", "relative", "summary")

    def __init__(self, summary: PageSummary, name: str, key: str, journal_day: date | None, details: Details) -> None:
        self.summary = summary
        self.relative = summary.relative  # an attribute, not a property: read very often
        self.name = name  # the page's name as Logseq shows it
        self.key = key  # the name as Logseq compares it
        self.journal_day = journal_day
        self._details = details

    @property
    def facts(self) -> PageFacts:
        details = self._details
        if callable(details):
            details = details(self.relative)
        if isinstance(details, bytes):
            details = pickle.loads(details)  # from this user's own signed cache
        self._details = details
        return details


class IdHolder(NamedTuple):  # a tuple: one is made for every id of the graph on each run
    """A block that carries an ``id::``: the file it is in, and which of its ids it is."""

    file: PageFile
    number: int  # which of the file's ids

    @property
    def block_id(self) -> BlockId:
        return self.file.facts.ids[self.number]


@dataclass
class Graph:
    """Everything graph rules look at."""

    root: Path
    config: GraphConfig
    config_errors: list[ConfigError] = field(default_factory=list)
    files: list[PageFile] = field(default_factory=list)  # every readable page file, parse order
    unreadable: dict[str, str] = field(default_factory=dict)  # path → why it cannot be read
    pages: dict[str, PageFile] = field(default_factory=dict)  # key → the file Logseq keeps
    skipped: dict[str, PageFile] = field(default_factory=dict)  # path → the file that kept its page
    aliases: dict[str, PageFile] = field(default_factory=dict)  # alias key → the page's file
    ids: dict[str, list[IdHolder]] = field(default_factory=lambda: defaultdict(list))  # uuid → holders, parse order
    backup_ids: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # uuid → backup copies
    skipped_ids: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # uuid → skipped files
    # uuid → the file that held it in its last committed version (set when checking changes).
    previous_ids: dict[str, str] = field(default_factory=dict)
    # page key → the file, deleted by the staged changes, that made the page.
    deleted_pages: dict[str, str] = field(default_factory=dict)
    property_pages: set[str] = field(default_factory=set)  # keys of pages made by property names
    # The files whose findings a check reports, and those related to them (None: all).
    focus: frozenset[str] | None = None
    existing_files: set[str] = field(default_factory=set)  # every file under the root (for assets)
    _namespaces: set[str] | None = field(default=None, init=False, repr=False)
    _property_keys: set[str] = field(default_factory=set, init=False, repr=False)  # as written
    _pages_of: dict[str, tuple[str, str, date | None]] = field(default_factory=dict, init=False, repr=False)
    _indexed: list[PageFile] | None = field(default=None, init=False, repr=False)
    _focused: dict[tuple[bool, frozenset[str] | None], list[PageFile]] = field(
        default_factory=dict, init=False, repr=False
    )

    def add(self, facts: PageFacts, summary: PageSummary | None = None) -> PageFile:
        """Add a page file (in parse order) and index what Logseq indexes of it, from its
        facts (and their summary, when it is at hand)."""
        return self.add_summary(summary or summarize(facts, self.config), facts)

    def add_summary(self, summary: PageSummary, details: Details) -> PageFile:
        """Add a page file from its summary; its details are read when a rule needs them."""
        file = PageFile(summary, summary.name, summary.key, summary.journal_day, details)
        self.files.append(file)
        kept = self.pages.get(file.key)
        if kept is not None:
            # Logseq skips the whole file: its blocks, ids and references are not indexed.
            self.skipped[file.relative] = kept
            for uuid in summary.ids:
                if uuid is not None:
                    self.skipped_ids[uuid].append(file.relative)
            return file
        self.pages[file.key] = file
        # Each step tested first: most pages have no alias and no id, and the few property
        # keys that pages repeat are all known after the first pages.
        if summary.aliases:
            for alias in summary.aliases:
                alias_key = page_key(alias)
                if alias_key != file.key:
                    self.aliases.setdefault(alias_key, file)
        if summary.ids:
            for index, uuid in enumerate(summary.ids):
                if uuid is not None:
                    self.ids[uuid].append(IdHolder(file, index))
        if not self._property_keys.issuperset(summary.property_keys) and self.config.property_pages:
            new = summary.property_keys - self._property_keys
            self._property_keys |= new
            excluded = self.config.property_pages_excluded
            self.property_pages.update(page_key(key) for key in new if key not in excluded)
        return file

    def note_deleted_page(self, facts: PageFacts) -> None:
        """A page file the commit in preparation deletes: its page is gone unless another
        file or an alias still makes it."""
        name, _ = journal_title(
            facts.title or file_page_name(facts.relative, self.config.name_format), self.config.journal_title_format
        )
        key = page_key(name)
        if key not in self.pages and key not in self.aliases:
            self.deleted_pages[key] = facts.relative

    def indexed_files(self) -> list[PageFile]:
        """The files whose content Logseq indexes (not those it skips)."""
        if self._indexed is None or len(self._indexed) + len(self.skipped) != len(self.files):
            self._indexed = [file for file in self.files if file.relative not in self.skipped]
        return self._indexed

    def focus_files(self, indexed: bool = True) -> list[PageFile]:
        """The (indexed) files in focus: those whose details a check needs."""
        key = (indexed, self.focus)
        if key not in self._focused:  # rules ask many times in one check
            files = self.indexed_files() if indexed else self.files
            self._focused[key] = files if self.focus is None else [f for f in files if f.relative in self.focus]
        return self._focused[key]

    def in_focus(self, relative: str) -> bool:
        return self.focus is None or relative in self.focus

    def has_file(self, relative: str) -> bool:
        """Whether a file exists in the graph (also one Logseq does not read); a link's
        ``#fragment`` or ``?query`` is not part of the file name."""
        for path in (relative, relative.split("#", 1)[0], relative.split("?", 1)[0]):
            if path in self.existing_files or (path and (self.root / path).exists()):
                return True
        return False

    def page_of(self, name: str) -> tuple[str, str, date | None]:
        """The page a name refers to: its display name, key and journal date."""
        found = self._pages_of.get(name)
        if found is None:  # names repeat: most pages are linked many times
            display, day = journal_title(name, self.config.journal_title_format)
            found = self._pages_of[name] = (display, page_key(display), day)
        return found

    def existence(self, name: str) -> Existence:
        """Why a page name exists in Logseq's database, if it does."""
        _, key, day = self.page_of(name)
        if key in self.pages:
            return Existence.FILE
        if key in self.aliases:
            return Existence.ALIAS
        if day is not None:
            return Existence.JOURNAL
        if key in self.namespaces():
            return Existence.NAMESPACE
        if key in self.property_pages:
            return Existence.PROPERTY
        return Existence.NONE

    def namespaces(self) -> set[str]:
        """Keys of the namespace pages that pages, aliases and links imply (``a/b/c`` makes
        ``a`` and ``a/b``)."""
        if self._namespaces is None:
            self._namespaces = all_names(file.summary.namespaces for file in self.indexed_files())
        return self._namespaces
