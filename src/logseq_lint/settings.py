"""logseq-lint's own settings: found from the graph root upwards, then overridden by the
command line.

The nearest folder at or above the graph root that holds ``.logseq-lint.toml``,
``logseq-lint.toml`` or a ``pyproject.toml`` with a ``[tool.logseq-lint]`` table gives the
settings (in that order of preference within a folder; the nearest folder wins, as in
ruff). Keys::

    select = ["R", "B001"]           # rules instead of the defaults (codes, prefixes, names, ALL)
    extend-select = ["unused-block-id"]
    ignore = ["S007"]
    exclude = ["archive/*"]          # files never reported or formatted (graph-relative globs)
    extend-exclude = []
    output-format = "concise"
    final-newline = false            # for `format`
    [per-file-ignores]               # glob -> rules
    "journals/*" = ["S001"]
    [severity]                       # rule -> error / warning / info
    empty-bullet = "info"
    [rules.broken-page-link]         # a rule's options
    require-page-file = true
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from .rules.base import Rule

# The rule registry (and every rule module with it) is imported only to check settings
# that name rules: a run with no settings file, answered from the cache, never needs it.

CONFIG_FILES = (".logseq-lint.toml", "logseq-lint.toml", "pyproject.toml")
_LIST_KEYS = ("select", "extend-select", "ignore", "exclude", "extend-exclude")
_KEYS = (*_LIST_KEYS, "output-format", "final-newline", "per-file-ignores", "severity", "rules")


class SettingsError(ValueError):
    """A setting that cannot be used: the file, the key, and what is wrong."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    output_format: str | None = None
    final_newline: bool = False
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    severity: Mapping[str, Severity] = field(default_factory=dict)  # rule code -> severity
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # rule code -> options
    source: Path | None = None  # the file they were read from

    def excluded(self, relative: str) -> bool:
        return any(fnmatchcase(relative, pattern) for pattern in (*self.exclude, *self.extend_exclude))

    def apply(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """The findings left after exclusions and per-file ignores, with the severities
        overridden."""
        kept = []
        for diagnostic in diagnostics:
            path = diagnostic.location.path
            if self.excluded(path):
                continue
            if any(
                fnmatchcase(path, pattern) and diagnostic.code in codes
                for pattern, codes in self.per_file_ignores.items()
            ):
                continue
            severity = self.severity.get(diagnostic.code)
            kept.append(replace(diagnostic, severity=severity) if severity else diagnostic)
        return kept

    def as_toml(self) -> str:
        """The resolved settings, for ``--show-settings``."""
        lines = [f"# from {self.source}" if self.source else "# defaults (no settings file found)"]
        for key in _LIST_KEYS:
            value = getattr(self, key.replace("-", "_"))
            lines.append(f"{key} = {_toml_list(value) if value is not None else '# the default rules'}")
        lines.append(f'output-format = "{self.output_format or "full"}"')
        lines.append(f"final-newline = {str(self.final_newline).lower()}")
        lines.append("[per-file-ignores]")
        lines += [f'"{pattern}" = {_toml_list(codes)}' for pattern, codes in self.per_file_ignores.items()]
        lines.append("[severity]")
        lines += [f'{code} = "{severity}"' for code, severity in self.severity.items()]
        for code, options in self.rules.items():
            from .rules import find_rule

            lines.append(f"[rules.{find_rule(code).name}]")
            lines += [
                f"{key} = {str(value).lower() if isinstance(value, bool) else repr(value)}"
                for key, value in options.items()
            ]
        return "\n".join(lines) + "\n"


def _toml_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(f'"{value}"' for value in values) + "]"


def find_settings_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest settings file at or above ``start``, and its logseq-lint table."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            path = folder / name
            if not path.is_file():
                continue
            data = _read_toml(path)
            if name == "pyproject.toml":
                table = data.get("tool", {}).get("logseq-lint")
                if table is None:
                    continue
                return path, table
            return path, data
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only here: most graphs have no settings file

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: cannot be read as TOML: {error}") from None


def load_settings(root: Path, overrides: Mapping[str, Any] | None = None) -> Settings:
    """The settings for the graph at ``root``: its settings file, then ``overrides`` (what
    the command line says, in the same keys)."""
    found = find_settings_file(root)
    settings = parse_settings(found[1], str(found[0])) if found else Settings()
    if found:
        settings = replace(settings, source=found[0])
    if overrides:
        settings = merge(settings, parse_settings(overrides, "the command line"), overrides)
    return settings


def merge(base: Settings, cli: Settings, given: Mapping[str, Any]) -> Settings:
    """``base`` with what the command line gave: lists replace (``extend-*`` add), tables
    merge key by key."""
    changes: dict[str, Any] = {}
    for key in given:
        attribute = key.replace("-", "_")
        if key in ("extend-select", "extend-exclude"):
            changes[attribute] = getattr(base, attribute) + getattr(cli, attribute)
        elif key in ("per-file-ignores", "severity"):
            changes[attribute] = {**getattr(base, attribute), **getattr(cli, attribute)}
        elif key == "rules":
            merged = {code: dict(options) for code, options in base.rules.items()}
            for code, options in cli.rules.items():
                merged.setdefault(code, {}).update(options)
            changes["rules"] = merged
        else:
            changes[attribute] = getattr(cli, attribute)
    return replace(base, **changes)


def parse_settings(table: Mapping[str, Any], where: str) -> Settings:
    """Settings from a TOML table, checked: unknown keys and rules are errors that name
    the file and the key, with a suggestion when one is close."""
    for key in table:
        if key not in _KEYS:
            raise SettingsError(f"{where}: unknown setting {key!r}{_did_you_mean(key, _KEYS)}")
    values: dict[str, Any] = {}
    for key in _LIST_KEYS:
        if key in table:
            values[key.replace("-", "_")] = tuple(_strings(table[key], where, key))
    for key in ("select", "extend-select", "ignore"):
        for selector in values.get(key.replace("-", "_"), ()):
            _check_selector(selector, where, key)
    if "output-format" in table:
        values["output_format"] = _string(table["output-format"], where, "output-format")
    if "final-newline" in table:
        if not isinstance(table["final-newline"], bool):
            raise SettingsError(f"{where}: final-newline must be true or false")
        values["final_newline"] = table["final-newline"]
    values["per_file_ignores"] = {
        pattern: tuple(_codes(_strings(selectors, where, f"per-file-ignores.{pattern}"), where, "per-file-ignores"))
        for pattern, selectors in _table(table.get("per-file-ignores", {}), where, "per-file-ignores").items()
    }
    values["severity"] = {
        _one_rule(name, where, "severity").code: _severity(level, where, name)
        for name, level in _table(table.get("severity", {}), where, "severity").items()
    }
    values["rules"] = {}
    for name, options in _table(table.get("rules", {}), where, "rules").items():
        rule = _one_rule(name, where, "rules")
        options = _table(options, where, f"rules.{name}")
        _check_options(rule, options, where, name)
        values["rules"][rule.code] = dict(options)
    return Settings(**values)


def _did_you_mean(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _strings(value: Any, where: str, key: str) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise SettingsError(f"{where}: {key} must be a list of strings")


def _string(value: Any, where: str, key: str) -> str:
    if not isinstance(value, str):
        raise SettingsError(f"{where}: {key} must be a string")
    return value


def _table(value: Any, where: str, key: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise SettingsError(f"{where}: {key} must be a table")
    return value


def _rule_words() -> list[str]:
    from .rules import RULES

    return [rule.name for rule in RULES] + [rule.code for rule in RULES]


def _check_selector(selector: str, where: str, key: str) -> None:
    from .rules import UnknownSelectorError, matching

    try:
        matching(selector)
    except UnknownSelectorError:
        raise SettingsError(
            f"{where}: {key}: no rule matches {selector!r}{_did_you_mean(selector, _rule_words())}"
        ) from None


def _codes(selectors: list[str], where: str, key: str) -> list[str]:
    from .rules import matching

    codes = []
    for selector in selectors:
        _check_selector(selector, where, key)
        codes += [rule.code for rule in matching(selector)]
    return codes


def _one_rule(name: str, where: str, key: str) -> type[Rule]:
    from .rules import UnknownSelectorError, find_rule

    try:
        return find_rule(name)
    except UnknownSelectorError:
        raise SettingsError(f"{where}: {key}: no rule is called {name!r}{_did_you_mean(name, _rule_words())}") from None


def _severity(level: Any, where: str, name: str) -> Severity:
    try:
        return Severity(level)
    except ValueError:
        raise SettingsError(f"{where}: severity.{name} must be one of error, warning, info") from None


def _check_options(rule: type[Rule], options: Mapping[str, Any], where: str, name: str) -> None:
    for key, value in options.items():
        if key not in rule.option_defaults:
            known = list(rule.option_defaults)
            raise SettingsError(
                f"{where}: rules.{name}: {rule.name} has no option {key!r}{_did_you_mean(key, known)}"
                + ("" if known else " (it has no options)")
            )
        expected = type(rule.option_defaults[key])
        if not isinstance(value, expected):
            raise SettingsError(f"{where}: rules.{name}.{key} must be a {expected.__name__}")
