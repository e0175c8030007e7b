"""The graph layer: which files make a graph, how Logseq names their pages, and the index
of pages, block ids and references that graph rules check."""

from .config import ConfigError, GraphConfig, load_config, parse_config
from .discovery import find_root, ignored_reason
from .index import Graph, IdHolder, PageFile
from .loader import load_graph

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
