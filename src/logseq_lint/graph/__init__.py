"""The graph layer: which files make a graph, how Logseq names their pages, and the index
of pages, block ids and references that graph rules check.

The index and the loader (and the parser behind them) are imported on first use, so that
a run answered from the cache does not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes
from .config import ConfigError, GraphConfig, load_config, parse_config
from .discovery import find_root, ignored_reason

if TYPE_CHECKING:
    from .index import Graph, IdHolder, PageFile
    from .loader import load_graph

__getattr__ = lazy_attributes(
    __name__, {"Graph": "index", "IdHolder": "index", "PageFile": "index", "load_graph": "loader"}
)


__all__ = [
    "ConfigError",
    "Graph",
    "GraphConfig",
    "IdHolder",
    "PageFile",
    "find_root",
    "ignored_reason",
    "load_config",
    "load_graph",
    "parse_config",
]
