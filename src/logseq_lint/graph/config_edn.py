"""Reading ``logseq/config.edn``: Logseq reads the file as strict EDN
(``clojure.edn/read-string``, logseq/logseq ``src/main/frontend/handler/repo_config.cljs``);
a file it cannot read leaves the graph on defaults, so logseq-lint does the same and
reports the file. Values are checked against Logseq's schema for the keys that matter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from typing import Any

import edn_format
from edn_format import Keyword

from .config import DEFAULT_TITLE_FORMAT, ConfigError, GraphConfig


def _name(value: Any) -> str | None:
    """A keyword's name or a string, as Logseq accepts either for most settings."""
    if isinstance(value, Keyword):
        return str(value.name)
    if isinstance(value, str):
        return value
    return None


def _names(value: Any) -> tuple[str, ...]:
    """The keywords or strings of a vector, list or set."""
    if isinstance(value, (Sequence, Set)) and not isinstance(value, str):
        return tuple(name for item in value if (name := _name(item)) is not None)
    return ()


def _string(value: Any, default: str) -> str:
    return value if isinstance(value, str) and value.strip() else default


def read_config(text: str) -> tuple[GraphConfig, list[ConfigError]]:
    """The settings in a ``config.edn`` text, and what is wrong in it: on a text Logseq
    cannot read, the defaults and why; else the values Logseq's schema rejects."""
    try:
        data = edn_format.loads(text)
    except Exception as error:  # edn_format raises several types for bad input
        return GraphConfig(), [_config_error(text, error)]
    if not isinstance(data, Mapping):
        return GraphConfig(), [ConfigError("the file is not an EDN map")]

    def get(key: str, default: Any = None) -> Any:
        return data.get(Keyword(key), default)

    name_format = _name(get("file/name-format")) or "legacy"
    title_format = _string(get("journal/page-title-format"), _string(get("date-formatter"), DEFAULT_TITLE_FORMAT))
    home = get("default-home")
    named = list(_names(get("favorites")))
    if isinstance(home, Mapping) and isinstance(home.get(Keyword("page")), str):
        named.append(home[Keyword("page")])
    macros = get("macros")
    return (
        GraphConfig(
            name_format="triple-lowbar" if name_format == "triple-lowbar" else "legacy",
            journal_title_format=title_format,
            journal_file_format=_string(get("journal/file-name-format"), "yyyy_MM_dd"),
            hidden=_names(get("hidden")),
            property_pages=get("property-pages/enabled?", True) is not False,
            property_pages_excluded=frozenset(_names(get("property-pages/excludelist"))),
            separated_by_commas=frozenset(_names(get("property/separated-by-commas"))),
            bullet_indentation=_name(get("export/bullet-indentation")) or "tab",
            pages_directory=_string(get("pages-directory"), "pages"),
            journals_directory=_string(get("journals-directory"), "journals"),
            whiteboards_directory=_string(get("whiteboards-directory"), "whiteboards"),
            macros=frozenset(str(key) for key in macros) if isinstance(macros, Mapping) else frozenset(),
            named_pages=tuple(named),
        ),
        _schema_errors(text, data),
    )


def _is_keyword_set(value: Any) -> bool:
    return isinstance(value, frozenset) and all(isinstance(item, Keyword) for item in value)


def _is_string_vector(value: Any) -> bool:
    return (
        isinstance(value, Sequence)
        and not isinstance(value, (str, tuple))
        and all(isinstance(item, str) for item in value)
    )


# Logseq's schema for the keys that change names and references (logseq/logseq
# src/main/frontend/schema/handler/common_config.cljc; :file/name-format from
# graph-parser's title-parsing): key → (check, what it expects).
_SCHEMA: dict[str, tuple[Any, str]] = {
    "file/name-format": (lambda v: v in (Keyword("legacy"), Keyword("triple-lowbar")), ":legacy or :triple-lowbar"),
    "journal/page-title-format": (lambda v: isinstance(v, str), 'a string such as "MMM do, yyyy"'),
    "journal/file-name-format": (lambda v: isinstance(v, str), 'a string such as "yyyy_MM_dd"'),
    "hidden": (_is_string_vector, 'a vector of strings, e.g. ["archive"]'),
    "favorites": (_is_string_vector, "a vector of page names"),
    "property-pages/enabled?": (lambda v: isinstance(v, bool), "true or false"),
    "property-pages/excludelist": (_is_keyword_set, "a set of keywords, e.g. #{:type}"),
    "property/separated-by-commas": (_is_keyword_set, "a set of keywords, e.g. #{:type}"),
    "export/bullet-indentation": (
        lambda v: v in tuple(Keyword(k) for k in ("tab", "two-spaces", "four-spaces", "eight-spaces")),
        "one of :tab :two-spaces :four-spaces :eight-spaces",
    ),
    "pages-directory": (lambda v: isinstance(v, str), "a string"),
    "macros": (
        lambda v: (
            isinstance(v, Mapping) and all(isinstance(k, (str, Keyword)) and isinstance(x, str) for k, x in v.items())
        ),
        "a map of names to strings",
    ),
}


def _schema_errors(text: str, data: Mapping[Any, Any]) -> list[ConfigError]:
    errors = []
    for key, (valid, expected) in _SCHEMA.items():
        value = data.get(Keyword(key))
        if Keyword(key) in data and not valid(value):
            line, column = _key_position(text, key)
            errors.append(ConfigError(f":{key} should be {expected}", line, column, fatal=False))
    return errors


def _key_position(text: str, key: str) -> tuple[int, int]:
    """Where ``:key`` is written (outside comments), or the start of the file."""
    for number, line in enumerate(text.split("\n"), start=1):
        code = line.split(";", 1)[0]
        found = re.search(rf"(?<![\w:/.*+!?-]):{re.escape(key)}(?![\w/.*+!?-])", code)
        if found:
            return number, found.start() + 1
    return 1, 1


_LEXPOS = re.compile(r"(?: with)? lexpos (\d+)")
_UNEXPECTED = re.compile(r"LexToken\(\w+,(.*),\d+,(\d+)\)\Z", re.DOTALL)


def _config_error(text: str, error: Exception) -> ConfigError:
    message = str(error).strip() or type(error).__name__
    unexpected = _UNEXPECTED.match(message)
    if unexpected:
        message = f"unexpected {unexpected.group(1)} lexpos {unexpected.group(2)}"
    found = _LEXPOS.search(message)
    if found:
        offset = int(found.group(1))
        message = message[: found.start()].rstrip()
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return ConfigError(f"not valid EDN: {message}", line, column)
    if "EOF" in message:
        lines = text.split("\n")
        return ConfigError(f"not valid EDN: {message} (something is not closed)", len(lines), len(lines[-1]) + 1)
    return ConfigError(f"not valid EDN: {message}")
