"""``logseq/config.edn``: the keys that change how Logseq names pages and reads references
(read by ``config_edn``; what it read is remembered in the graph's cache by the file's
digest, so that a run on an unchanged graph need not load the EDN reader).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .cache import remembered

CONFIG_PATH = Path("logseq") / "config.edn"
DEFAULT_TITLE_FORMAT = "MMM do, yyyy"


@dataclass(frozen=True)
class GraphConfig:
    """The settings of a graph that logseq-lint needs, with Logseq's defaults."""

    name_format: str = "legacy"  # :file/name-format, absent means :legacy
    journal_title_format: str = DEFAULT_TITLE_FORMAT  # :journal/page-title-format
    journal_file_format: str = "yyyy_MM_dd"  # :journal/file-name-format
    hidden: tuple[str, ...] = ()  # :hidden path prefixes
    property_pages: bool = True  # :property-pages/enabled?
    property_pages_excluded: frozenset[str] = frozenset()  # :property-pages/excludelist
    separated_by_commas: frozenset[str] = frozenset()  # :property/separated-by-commas
    bullet_indentation: str = "tab"  # :export/bullet-indentation
    pages_directory: str = "pages"
    journals_directory: str = "journals"
    whiteboards_directory: str = "whiteboards"
    macros: frozenset[str] = frozenset()
    # Pages the configuration itself names (favorites, the default home page).
    named_pages: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class ConfigError:
    """What is wrong in a ``config.edn``, and where when that is known. ``fatal`` when
    Logseq cannot read the file at all (and the graph then runs on defaults)."""

    message: str
    line: int = 1
    column: int = 1
    fatal: bool = True


# Logseq's own config.edn is about 20 KB; EDN reading grows faster than the text.
MAX_CONFIG_BYTES = 1_000_000


def load_config(root: Path) -> tuple[GraphConfig, list[ConfigError]]:
    """The graph's settings (defaults when it has no ``logseq/config.edn``), and what is
    wrong in the file."""
    path = root / CONFIG_PATH
    if not path.is_file():
        return GraphConfig(), []
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return GraphConfig(), [ConfigError(f"cannot be read: {error}")]
    if len(data) > MAX_CONFIG_BYTES:
        megabytes = len(data) / 1e6
        return GraphConfig(), [ConfigError(f"is {megabytes:.1f} MB, too large to be read (Logseq's is a few KB)")]
    return remembered(root, "config", hashlib.sha256(data).hexdigest(), lambda: parse_config(text))  # type: ignore[no-any-return]


def parse_config(text: str) -> tuple[GraphConfig, list[ConfigError]]:
    """The settings in a ``config.edn`` text, and what is wrong in it."""
    from .config_edn import read_config

    return read_config(text)
