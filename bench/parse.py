"""Parser throughput on Logseq's docs graph, against Logseq's own parser in the same run.

    python bench/parse.py [--repeat N] [CORPUS]

Reads every page of the corpus (default ../shared/corpus/logseq-docs: pages/ and journals/)
into memory, then parses them all with logseq-lint on one core, best of N runs, formats the
Markdown ones (the formatter parses a page, prints it and parses the result for its
equivalence gate), and parses them with the oracle (mldoc 1.5.7 under Node.js,
../shared/oracle) in one call. The oracle's time is
counted without Node's start-up (measured on a one-line page), which favours the oracle.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from logseq_lint import tune_interpreter
from logseq_lint.formatter import format_page
from logseq_lint.syntax import parse_page
from logseq_lint.syntax.summary import page_summary

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"


def pages(corpus: Path) -> list[Path]:
    return sorted(
        p for folder in ("pages", "journals") for p in (corpus / folder).rglob("*") if p.suffix in (".md", ".org")
    )


def best_of(repeat: int, work) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def oracle_seconds(paths: list[Path]) -> tuple[float, float]:
    """Wall time of one oracle call on all pages, and of one on a one-line page."""
    oracle = SHARED / "oracle" / "oracle"

    def run(files: list[Path]) -> float:
        start = time.perf_counter()
        subprocess.run([str(oracle), "--jsonl", *map(str, files)], check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    with tempfile.TemporaryDirectory() as folder:
        tiny = Path(folder) / "tiny.md"
        tiny.write_text("- a\n")
        run([tiny])  # installs mldoc on first use
        startup = min(run([tiny]) for _ in range(3))
    return min(run(paths) for _ in range(2)), startup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=SHARED / "corpus" / "logseq-docs")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    tune_interpreter()  # as the command line does
    paths = pages(args.corpus)
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in paths]
    megabytes = sum(len(text.encode()) for _, text in texts) / 1e6
    parse_page("- warm up the grammars")

    parse = best_of(args.repeat, lambda: [parse_page(text, name) for name, text in texts])
    summary = best_of(args.repeat, lambda: [page_summary(parse_page(text, name)) for name, text in texts])
    markdown = [(name, text) for name, text in texts if not name.endswith(".org")]
    markdown_mb = sum(len(text.encode()) for _, text in markdown) / 1e6
    formatting = best_of(args.repeat, lambda: [format_page(text, name) for name, text in markdown])
    oracle, startup = oracle_seconds(paths)
    oracle_work = oracle - startup

    print(f"corpus: {len(paths)} pages, {megabytes:.3f} MB ({args.corpus})")
    print(
        f"logseq-lint parse (AST):        {parse:6.3f} s  {megabytes / parse:5.2f} MB/s  (CPU time, best of {args.repeat})"
    )
    print(f"logseq-lint parse + references: {summary:6.3f} s  {megabytes / summary:5.2f} MB/s")
    print(
        f"logseq-lint format (+ gate):    {formatting:6.3f} s  {markdown_mb / formatting:5.2f} MB/s  "
        f"({len(markdown)} Markdown pages, {markdown_mb:.3f} MB; a changed page is parsed twice)"
    )
    print(f"oracle (mldoc 1.5.7, Node.js):  {oracle:6.3f} s  {megabytes / oracle:5.2f} MB/s  (wall, one call)")
    print(
        f"oracle without Node start-up:   {oracle_work:6.3f} s  {megabytes / oracle_work:5.2f} MB/s  (start-up {startup:.2f} s)"
    )
    print(f"ratio: parse is {oracle_work / parse:.1f}x the oracle's speed (without its start-up)")


if __name__ == "__main__":
    main()
