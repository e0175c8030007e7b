"""Differential testing against Logseq's own parser (``../shared/oracle``): generated pages
read by the parser and by the oracle must give the same page properties and blocks (every
field the oracle prints, as ``tests/syntax/test_oracle_random.py`` compares them).

The oracle starts Node.js on every call (~0.2 s), so pages go to it in batches, and a
disagreement is shrunk by deleting lines, then characters, in rounds whose candidates all go
to the oracle in one call; a candidate is kept when the two parsers still disagree on the
same field. ``test_oracle_differential.py`` and ``bench/fuzz_oracle.py`` share this.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from oracle_fixtures import comparable
from shared import ORACLE, require

from logseq_lint.syntax import Format, parse_page
from logseq_lint.syntax.summary import page_summary

Reading = dict[str, Any]  # {"page_properties": …, "blocks": […]}, as oracle_fixtures.comparable
BATCH = 500  # pages per oracle call


@dataclass(frozen=True)
class Disagreement:
    page: str
    format: Format
    field: str  # where the readings first differ, e.g. "blocks[2].refs"
    logseq: Reading  # the oracle's reading of the page

    @property
    def kind(self) -> str:
        """The field without the block's position, which shrinking keeps the same."""
        return _kind(self.field)


def draw_pages(strategy: st.SearchStrategy[str], count: int, start: int) -> list[str]:
    """``count`` pages drawn by Hypothesis from ``strategy``, the same for the same ``start``
    seed (generation only: nothing to shrink here)."""
    pages: list[str] = []

    @seed(start)
    @settings(
        max_examples=count,
        database=None,
        derandomize=False,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(page: str) -> None:
        pages.append(page)

    collect()
    return pages


def our_reading(text: str, fmt: Format) -> Reading:
    return comparable(page_summary(parse_page(text, fmt=fmt)))


def logseq_readings(texts: list[str], fmt: Format) -> list[Reading | None]:
    """The oracle's reading of each page (None where the oracle itself failed on it), up to
    ``BATCH`` pages a call. (Not ``shared.oracle_pages``: that splits the oracle's output
    with ``str.splitlines``, which also breaks lines at the U+2028, U+0085, form feed… that
    JSON leaves unescaped inside a page's text.)"""
    require(ORACLE, "the mldoc oracle")
    suffix = ".org" if fmt is Format.ORG else ".md"
    readings: dict[str, Reading | None] = {}
    with tempfile.TemporaryDirectory() as folder:
        paths = [str(Path(folder) / f"page{number:05d}{suffix}") for number in range(len(texts))]
        for path, text in zip(paths, texts):
            Path(path).write_bytes(text.encode())
        for start in range(0, len(paths), BATCH):
            batch = paths[start : start + BATCH]
            done = subprocess.run([str(ORACLE), "--jsonl", *batch], capture_output=True, check=False)
            for line in done.stdout.split(b"\n"):
                if line.startswith(b"{"):
                    page = json.loads(line)
                    readings[page["file"]] = None if "error" in page else comparable(page)
            missing = [path for path in batch if path not in readings]
            if missing:
                raise RuntimeError(f"the oracle gave no reading of {len(missing)} pages: {done.stderr[-2000:]!r}")
    return [readings[path] for path in paths]


def first_difference(ours: Reading, theirs: Reading) -> str | None:
    """The first field where two readings differ (None when they agree)."""
    if ours["page_properties"] != theirs["page_properties"]:
        return "page_properties"
    for number, (mine, logseq) in enumerate(zip(ours["blocks"], theirs["blocks"])):
        for field in sorted(set(mine) | set(logseq)):
            if mine.get(field) != logseq.get(field):
                return f"blocks[{number}].{field}"
    if len(ours["blocks"]) != len(theirs["blocks"]):
        return "number of blocks"
    return None


def _kind(field: str) -> str:
    return field.split(".", 1)[-1]


def _field(text: str, fmt: Format, logseq: Reading | None) -> str | None:
    if logseq is None:
        return None
    try:
        return first_difference(our_reading(text, fmt), logseq)
    except Exception as error:  # a crash is a disagreement too (and a bug of its own)
        return f"raises {type(error).__name__}"


def disagreements(texts: list[str], fmt: Format, explained: Callable[[str], bool]) -> list[Disagreement]:
    """The pages read differently by the parser and by Logseq, but for those ``explained``
    by a known disagreement."""
    found = []
    for text, logseq in zip(texts, logseq_readings(texts, fmt)):
        field = _field(text, fmt, logseq)
        if field is not None and logseq is not None and not explained(text):
            found.append(Disagreement(text, fmt, field, logseq))
    return found


def shrink(found: Disagreement) -> Disagreement:
    """A minimal page on which the parser and Logseq still disagree on the same field:
    lines, then characters, deleted in ever smaller runs while that holds."""
    best = found
    for split in (lambda text: text.splitlines(keepends=True), list):
        units: list[str] = split(best.page)
        size = max(1, len(units) // 2)
        while units:
            candidates = list(dict.fromkeys("".join(units[:i] + units[i + size :]) for i in range(0, len(units), size)))
            smaller = next(_still_disagreeing(candidates, best), None)
            if smaller is not None:
                best, units = smaller, split(smaller.page)
                size = max(1, min(size, len(units) // 2))
            elif size == 1:
                break
            else:
                size //= 2
    return best


def _still_disagreeing(texts: list[str], like: Disagreement) -> Iterator[Disagreement]:
    """The candidates that still disagree as ``like`` does, in order."""
    for text, logseq in zip(texts, logseq_readings(texts, like.format)):
        field = _field(text, like.format, logseq)
        if field is not None and logseq is not None and _kind(field) == like.kind:
            yield Disagreement(text, like.format, field, logseq)


def as_fixture(found: Disagreement, name: str) -> dict[str, Any]:
    """A regression case in the oracle fixtures' format (``tests/syntax/oracle_fixtures.py``)."""
    return {"name": name, "format": found.format.value, "page": found.page, "expected": found.logseq}
