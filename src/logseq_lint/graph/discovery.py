"""Which folder is a graph, and which of its files Logseq reads.

Logseq walks the graph folder, skips symbolic links and anything whose name starts with a
dot, drops its own backup folders and ``node_modules``, keeps only its file types, then
removes the ``:hidden`` prefixes of ``config.edn`` (logseq/logseq ``deps/common/src/logseq/
common/graph.cljs`` ``readdir``, ``ignored-path?``, ``get-files``; ``deps/common/src/logseq/
common/config.cljs`` ``remove-hidden-files``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from .config import CONFIG_PATH, GraphConfig

# get-files: the extensions Logseq reads (exactly, case included).
FILE_EXTENSIONS = frozenset({"org", "markdown", "md", "edn", "json", "js", "css", "excalidraw", "tldr"})
PAGE_EXTENSIONS = frozenset({"md", "markdown", "org"})
# Logseq's own folders of old copies: never pages, but where a lost block may still be.
BACKUP_FOLDERS = ("logseq/bak", "logseq/.recycle", "logseq/version-files")
_IGNORED_FILES = frozenset({"logseq/graphs-txid.edn", "logseq/pages-metadata.edn"})


def find_root(path: Path) -> Path | None:
    """The graph a path belongs to: the nearest folder at or above it holding
    ``logseq/config.edn``; failing that, a folder with ``pages/`` or ``journals/`` given
    itself (a graph on Logseq's defaults)."""
    path = path.resolve()
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / CONFIG_PATH).is_file():
            return folder
    if path.is_dir() and ((path / "pages").is_dir() or (path / "journals").is_dir()):
        return path
    return None


def linked_folder(path: Path) -> Path | None:
    """The first folder that is a symbolic link on the way from the graph holding ``path``
    (found by its name as given, links not followed) down to it, or None. A page reached
    through one lives outside the graph: writing it would write there."""
    given = Path(os.path.abspath(path))
    folders = [given, *given.parents] if given.is_dir() else list(given.parents)
    for depth, folder in enumerate(folders):
        if (folder / CONFIG_PATH).is_file():
            return next((link for link in reversed(folders[:depth]) if link.is_symlink()), None)
    return None


def is_page(path: str) -> bool:
    """Whether a file (by its path or name) is a page: Markdown or Org."""
    name = path.rsplit("/", 1)[-1]
    return "." in name and name.rsplit(".", 1)[-1] in PAGE_EXTENSIONS


def is_whiteboard(relative: str) -> bool:
    """graph-parser ``whiteboard?``: an EDN file under a ``whiteboards/`` folder (the folder
    name is fixed, whatever ``:whiteboards-directory`` says)."""
    return relative.endswith(".edn") and "whiteboards/" in relative


def ignored_reason(relative: str, config: GraphConfig) -> str | None:
    """Why Logseq does not read the file at this graph-relative path (``/``-separated), or
    None when it does."""
    # Plain string tests, no splitting: a graph has thousands of files.
    if relative.startswith(".") or "/." in relative:
        return "a hidden file or folder"
    if relative.startswith(BACKUP_FOLDERS) or relative in _IGNORED_FILES:
        return "one of Logseq's own folders"
    folder, _, name = relative.rpartition("/")
    if "/node_modules/" in f"/{folder}/":
        return "inside node_modules"
    if _extension(name) not in FILE_EXTENSIONS:
        return "not a file type Logseq reads"
    for pattern in config.hidden:
        if ("/" + relative).startswith("/" + pattern.lstrip("/")):
            return f"hidden by :hidden {pattern!r} in logseq/config.edn"
    return None


class GraphFile(NamedTuple):  # a named tuple: one is made for every file on every run
    root: Path
    relative: str  # /-separated, relative to the graph root

    @property
    def path(self) -> Path:
        return self.root / self.relative

    @property
    def location(self) -> str:
        """The path as a string (cheaper than ``path`` for a stat of thousands of files)."""
        return f"{self.root}{os.sep}{self.relative}"

    @property
    def extension(self) -> str:
        return _extension(self.relative.rpartition("/")[2])

    @property
    def is_page(self) -> bool:
        return is_page(self.relative)

    @property
    def is_whiteboard(self) -> bool:
        return is_whiteboard(self.relative)


def graph_files(root: Path, config: GraphConfig, everything: list[str] | None = None) -> list[GraphFile]:
    """Every file Logseq reads in the graph, in Logseq's parse order (from ``everything``
    under the root when the caller has walked it already): logseq/logseq
    ``deps/graph-parser/src/logseq/graph_parser.cljs`` ``filter-files`` parses journals
    newest first, then ``contents``, EDN and ``custom.css``, then the rest by path. Where
    two files claim the same page or block, the earlier one wins."""
    paths = walk(root) if everything is None else everything
    groups: tuple[list[GraphFile], ...] = ([], [], [])
    journals_folder = config.journals_directory.strip("/") + "/"
    for rel in paths:
        if ignored_reason(rel, config) is None:
            groups[_parse_group(rel, journals_folder)].append(GraphFile(root, rel))
    journals, first, rest = groups
    # Journals newest first: reverse order, but a name before the longer names it starts.
    journals.sort(key=lambda file: file.relative + "\U0010ffff", reverse=True)
    return journals + sorted(first, key=_RELATIVE) + sorted(rest, key=_RELATIVE)


_RELATIVE = attrgetter("relative")


def walk(root: Path) -> list[str]:
    """Relative paths of the regular files under ``root``; no symbolic links, no names
    starting with a dot (Logseq's ``readdir``)."""
    found: list[str] = []
    stack = [""]
    while stack:
        folder = stack.pop()
        prefix = f"{folder}/" if folder else ""
        try:
            entries = list(os.scandir(root / folder if folder else root))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name[0] == "." or entry.is_symlink():
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(prefix + name)
            elif entry.is_file(follow_symlinks=False):
                found.append(prefix + name)
    return found


def _extension(name: str) -> str:
    """A file name's extension, as written (empty when it has none)."""
    return name.rpartition(".")[2] if "." in name else ""


def _parse_group(relative: str, journals_folder: str) -> int:
    """Which of Logseq's three groups a file is parsed in: journals, then ``contents``, EDN
    and ``custom.css``, then the rest."""
    if relative.startswith(journals_folder):
        return 0
    name = relative.rpartition("/")[2]
    stem, dot, extension = name.rpartition(".")
    if (stem if dot else name).lower() == "contents" or (dot and extension == "edn") or name == "custom.css":
        return 1
    return 2


def backup_files(root: Path) -> Iterator[Path]:
    """The page files in Logseq's backup folders (where a deleted block may still be)."""
    for folder in BACKUP_FOLDERS:
        base = root / folder
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.suffix in (".md", ".org", ".markdown") and path.is_file() and not path.is_symlink():
                    yield path
