"""Differential fuzzing against Logseq's own parser, longer than the tests run it.

    python bench/fuzz_oracle.py [--pages N] [--seed S] [--org F] [--shrink K] [--out DIR]

Draws N pages (default 5000, a fraction F of them Org, default 0.2) from the robustness
suite's Hypothesis strategies (tests/robustness/page_strategies.py), 500 at a time, each
batch from seed S plus its number; reads every page with logseq-lint and with mldoc 1.5.7
through ../shared/oracle (Node.js, 500 pages a call), and compares the page properties and
every field of every block. Disagreements that a known one explains
(tests/robustness/known_bugs.py) are counted apart. Of the others, the first K of each kind
(the field they differ in) are shrunk to a minimal page, asking the oracle again, and
written to DIR/disagreements.json as oracle-fixture cases with the oracle's reading (the
format of tests/robustness/fixtures/). Prints the pages tried, pages per second (drawing,
both parsers and the comparison; shrinking not counted), and the disagreements by kind.
Exit status 1 when there is a new disagreement.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path[:0] = [str(TESTS), str(TESTS / "syntax"), str(TESTS / "robustness")]

from differential import Disagreement, as_fixture, disagreements, draw_pages, shrink  # noqa: E402
from known_bugs import explained_disagreement  # noqa: E402
from page_strategies import markdown_pages, org_pages  # noqa: E402
from shared import ORACLE  # noqa: E402

from logseq_lint.syntax import Format  # noqa: E402

BATCH = 500


def fuzz(pages: int, start: int, org_share: float) -> tuple[list[Disagreement], int, float]:
    """The new disagreements on ``pages`` generated pages, how many a known one explains,
    and the seconds taken."""
    found: list[Disagreement] = []
    known = 0
    began = time.perf_counter()
    for number, first in enumerate(range(0, pages, BATCH)):
        count = min(BATCH, pages - first)
        org = round(count * org_share)
        for fmt, strategy, size in ((Format.MARKDOWN, markdown_pages(), count - org), (Format.ORG, org_pages(), org)):
            if not size:
                continue
            texts = draw_pages(strategy, size, start + number)
            every = disagreements(texts, fmt, lambda text: False)
            new = [d for d in every if not explained_disagreement(d.page, fmt)]
            known += len(every) - len(new)
            found += new
        done = first + count
        rate = done / (time.perf_counter() - began)
        print(f"  {done} pages, {rate:.1f} pages/s, {len(found)} new disagreements, {known} known", flush=True)
    return found, known, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--org", type=float, default=0.2, help="the share of Org pages")
    parser.add_argument("--shrink", type=int, default=3, help="disagreements shrunk per kind")
    parser.add_argument("--out", type=Path, default=Path("fuzz-out"))
    args = parser.parse_args()
    if not ORACLE.exists():
        sys.exit(f"the oracle is not at {ORACLE}")

    found, known, seconds = fuzz(args.pages, args.seed, args.org)
    kinds = Counter(f"{d.format.value}: {d.kind}" for d in found)
    print(
        f"pages: {args.pages} (seed {args.seed}, {args.org:.0%} Org) in {seconds:.1f} s, {args.pages / seconds:.1f} pages/s"
    )
    print(f"disagreements: {len(found)} new, {known} explained by known ones")
    cases: dict[str, dict[str, object]] = {}
    for kind, count in kinds.most_common():
        print(f"  {count:5d}  {kind}")
        for example in [d for d in found if f"{d.format.value}: {d.kind}" == kind][: args.shrink]:
            small = shrink(example)
            print(f"         {small.page!r}  ({small.field})")
            cases.setdefault(small.page, as_fixture(small, f"fuzz seed {args.seed}: {small.field}"))
    if cases:
        args.out.mkdir(parents=True, exist_ok=True)
        target = args.out / "disagreements.json"
        target.write_text(json.dumps(list(cases.values()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{len(cases)} minimal pages written to {target}")
        sys.exit(1)


if __name__ == "__main__":
    main()
