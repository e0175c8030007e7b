"""References (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class References:
    pages: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    macros: list[str] = field(default_factory=list)


def block_references(page: Any, block: Any) -> References:
    return References()


def property_references(page: Any, block: Any, entries: Any) -> References:
    return References()
