"""Oracle fixtures: small pages with what Logseq's own parser makes of them.

Each ``fixtures/*.json`` file is a list of cases ``{"name", "format", "page", "expected"}``,
where ``expected`` is the oracle's reading of the page (``../shared/oracle``), stored so that
the parser is checked against it even without ``../shared``; a test re-runs the oracle to
keep the stored readings honest. To add cases, append ``{"name", "format", "page"}`` entries
and refresh the readings:

    python tests/syntax/oracle_fixtures.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


def load(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def comparable(page: dict[str, Any]) -> dict[str, Any]:
    """The part of a page reading that the parser must reproduce."""
    return {"page_properties": page["page_properties"], "blocks": page["blocks"]}


def oracle_readings(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The oracle's reading of each case's page."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from shared import oracle_pages  # the tests' access to ../shared

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, case in enumerate(cases):
            suffix = ".org" if case["format"] == "org" else ".md"
            path = Path(folder) / f"case{number:04d}{suffix}"
            path.write_text(case["page"], encoding="utf-8", newline="")
            paths.append(path)
        pages = oracle_pages(paths)
        return [comparable(pages[str(path)]) for path in paths]


def refresh() -> None:
    for path in sorted(FIXTURES.glob("*.json")):
        cases = load(path)
        for case, reading in zip(cases, oracle_readings(cases)):
            case["expected"] = reading
        path.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(cases)} cases")


if __name__ == "__main__":
    refresh()
