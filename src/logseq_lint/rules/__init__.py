"""The rules, and choosing which of them run.

A selector is a rule's code (``R001``), a prefix of codes (``R``, ``R00``), its name
(``broken-page-link``) or ``ALL``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .base import FixAvailability, GraphRule, PageContext, PageRule, Rule, RuleOptionError
from .block_ids import DuplicateBlockId, InvalidBlockId, UnusedBlockId
from .file_names import JournalFileName, NonCanonicalFileName
from .files import InvalidConfig, PageCollision, UnreadableFile, UnusedAsset
from .properties import (
    BulletedPageProperties,
    CodePropertyKey,
    DuplicateProperty,
    EmptyPropertyValue,
    HiddenBuiltinKey,
    InvalidBuiltinValue,
    InvalidPropertyKey,
    PropertyNearMiss,
    StrayProperties,
)
from .references import BrokenPageLink, DanglingBlockRef, InvalidBlockRef, MissingAsset
from .structure import (
    EmptyBullet,
    EmptyBulletWithChildren,
    HeadingSplitsBlock,
    MixedIndentation,
    StarBulletOutline,
    TagSwallowsPunctuation,
    UnclosedFence,
)
from .suppressions import UnusedSuppression

RULES: tuple[type[Rule], ...] = tuple(
    sorted(
        [
            BrokenPageLink,
            DanglingBlockRef,
            InvalidBlockRef,
            MissingAsset,
            DuplicateBlockId,
            InvalidBlockId,
            UnusedBlockId,
            InvalidConfig,
            PageCollision,
            UnusedAsset,
            UnreadableFile,
            EmptyBullet,
            EmptyBulletWithChildren,
            UnclosedFence,
            MixedIndentation,
            HeadingSplitsBlock,
            TagSwallowsPunctuation,
            StarBulletOutline,
            InvalidPropertyKey,
            PropertyNearMiss,
            StrayProperties,
            DuplicateProperty,
            BulletedPageProperties,
            InvalidBuiltinValue,
            HiddenBuiltinKey,
            CodePropertyKey,
            EmptyPropertyValue,
            JournalFileName,
            NonCanonicalFileName,
            UnusedSuppression,
        ],
        key=lambda rule: rule.code,
    )
)


class UnknownSelectorError(ValueError):
    """A selector that names no rule."""


def matching(selector: str) -> list[type[Rule]]:
    """The rules a selector names."""
    wanted = selector.strip()
    if wanted.upper() == "ALL":
        return list(RULES)
    found = [rule for rule in RULES if rule.code.startswith(wanted.upper()) or rule.name == wanted.lower()]
    if not found:
        raise UnknownSelectorError(f"no rule matches {selector!r} (see `logseq-lint rule --all`)")
    return found


def find_rule(selector: str) -> type[Rule]:
    """The one rule with this code or name."""
    for rule in RULES:
        if selector.upper() == rule.code or selector.lower() == rule.name:
            return rule
    raise UnknownSelectorError(f"no rule is called {selector!r} (see `logseq-lint rule --all`)")


def select_rules(
    select: Iterable[str] | None = None,
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Rule]:
    """The rules to run, as in ruff: ``select`` replaces the default set, ``extend_select``
    adds to it, ``ignore`` removes; ``options`` maps a rule's name or code to its options."""
    chosen = (
        [rule for rule in RULES if rule.enabled_by_default]
        if select is None
        else [rule for selector in select for rule in matching(selector)]
    )
    chosen += [rule for selector in extend_select for rule in matching(selector)]
    ignored = {rule for selector in ignore for rule in matching(selector)}
    by_rule: dict[type[Rule], Mapping[str, Any]] = {}
    for selector, values in (options or {}).items():
        by_rule[find_rule(selector)] = values
    unique = dict.fromkeys(rule for rule in chosen if rule not in ignored)
    return [rule(by_rule.get(rule)) for rule in sorted(unique, key=lambda rule: rule.code)]


__all__ = [
    "RULES",
    "FixAvailability",
    "GraphRule",
    "PageContext",
    "PageRule",
    "Rule",
    "RuleOptionError",
    "UnknownSelectorError",
    "find_rule",
    "matching",
    "select_rules",
]
