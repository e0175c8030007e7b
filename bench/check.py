"""The whole tool at scale: cold and warm `check`, a pre-commit run, `format --check` and
peak memory on a synthetic graph, against Logseq's own parser on the same pages.

    python bench/check.py [--pages 10000] [--scaling 1000,5000,20000] [--repeat 3]

Makes the graph with bench/make_graph.py (reproducible: same N, same bytes) in a temporary
folder, puts it in a git repository (for the pre-commit run), and runs the installed
`logseq-lint` as a user would, end to end (wall time, best of --repeat; peak memory from
/usr/bin/time -v). The baseline is the oracle (mldoc 1.5.7 under Node.js,
../shared/oracle) parsing the same pages in the same run, so "x faster" means "this many
times faster than Logseq's own parser". --scaling checks the cold check's cost grows
linearly: seconds per MB at each size.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_graph import make_graph

HERE = Path(__file__).resolve().parent
ORACLE = HERE.parent.parent / "shared" / "oracle" / "oracle"
TOOL = str(Path(sys.executable).with_name("logseq-lint"))
QUIET = {**os.environ, "LOGSEQ_LINT_OUTPUT_FORMAT": "concise", "CI": "1"}


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MB, of the process and its workers)."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command],
        cwd=cwd,
        env=QUIET,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return seconds, int(peak.group(1)) // 1024 if peak else 0


def best(
    repeat: int, command: list[str], before: list[str] | None = None, cwd: Path | None = None
) -> tuple[float, int]:
    runs = []
    for _ in range(repeat):
        if before:
            subprocess.run(before, cwd=cwd, env=QUIET, check=True, capture_output=True)
        runs.append(timed(command, cwd))
    return min(seconds for seconds, _ in runs), max(peak for _, peak in runs)


def pages(root: Path) -> list[Path]:
    return sorted(path for folder in ("pages", "journals") for path in (root / folder).glob("*.md"))


def oracle_seconds(files: list[Path]) -> float:
    """The oracle parsing every page (batches of 2,000 per Node.js process)."""
    start = time.perf_counter()
    for at in range(0, len(files), 2000):
        subprocess.run(
            [str(ORACLE), "--jsonl", *map(str, files[at : at + 2000])], check=True, stdout=subprocess.DEVNULL
        )
    return time.perf_counter() - start


def git(root: Path, *args: str) -> None:
    env = {
        **QUIET,
        "GIT_AUTHOR_NAME": "b",
        "GIT_AUTHOR_EMAIL": "b@b",
        "GIT_COMMITTER_NAME": "b",
        "GIT_COMMITTER_EMAIL": "b@b",
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def megabytes(root: Path) -> float:
    return sum(path.stat().st_size for path in pages(root)) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--scaling", default="", help="comma-separated page counts, e.g. 1000,5000,20000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="logseq-lint-bench-") as folder:
        root = make_graph(args.pages, Path(folder) / "graph")
        size = megabytes(root)
        print(f"graph: {args.pages} pages, {size:.1f} MB (bench/make_graph.py {args.pages})")
        subprocess.run([str(ORACLE), "--jsonl", str(pages(root)[0])], check=True, stdout=subprocess.DEVNULL)
        oracle = oracle_seconds(pages(root))
        print(f"oracle parse (mldoc 1.5.7, Node.js):       {oracle:6.2f} s  {size / oracle:5.2f} MB/s")

        clean = [TOOL, "clean", str(root)]
        cold, cold_peak = best(args.repeat, [TOOL, "check", str(root)], before=clean)
        print(
            f"check, cold (empty cache):                 {cold:6.2f} s  {oracle / cold:5.1f}x the oracle  peak {cold_peak} MB"
        )
        warm, warm_peak = best(args.repeat, [TOOL, "check", str(root)])
        print(
            f"check, warm (nothing changed):             {warm:6.2f} s  {oracle / warm:5.1f}x            peak {warm_peak} MB"
        )

        git(root, "init", "-q")
        git(root, "add", ".")
        git(root, "commit", "-qm", "graph")
        changed = pages(root)[:3]
        for path in changed:
            path.write_text(path.read_text(encoding="utf-8") + "\n- one more block", encoding="utf-8")
        git(root, "add", ".")
        subprocess.run([TOOL, "check", str(root)], env=QUIET, capture_output=True)  # the cache as a user has it
        hook = [TOOL, "check", "--pre-commit", *(str(path.relative_to(root)) for path in changed)]
        commit, commit_peak = best(args.repeat, hook, cwd=root)
        print(f"pre-commit, 3 changed files:               {commit:6.2f} s                    peak {commit_peak} MB")

        fmt, fmt_peak = best(args.repeat, [TOOL, "format", "--check", str(root)])
        print(
            f"format --check, cold:                      {fmt:6.2f} s  {oracle / fmt:5.1f}x the oracle  peak {fmt_peak} MB"
        )

        for count in [int(n) for n in args.scaling.split(",") if n]:
            other = make_graph(count, Path(folder) / f"graph-{count}")
            seconds, peak = best(1, [TOOL, "check", str(other)], before=[TOOL, "clean", str(other)])
            print(f"scaling: {count:6} pages, {megabytes(other):5.1f} MB: cold check {seconds:6.2f} s, "
                  f"{seconds / megabytes(other):.3f} s/MB, peak {peak} MB")  # fmt: skip
            shutil.rmtree(other)


if __name__ == "__main__":
    main()
