"""SIGKILL at random moments during `format` and `check --fix` on a 1,000-page graph: every
page is always its old version or its new one, never a mix, a truncation or gone.

The graph is the benchmarks' synthetic one (``bench/make_graph.py``): about a tenth of its
pages are indented with spaces (``format`` rewrites them) and some have empty bullets
(``check --fix`` removes them). Each page's *new* version is what an uninterrupted run
makes of a copy of the graph, measured first; that run's length and the moments its writes
happen set the kill delays. Then, again and again, the command starts on the graph and is
killed (the whole process group: the tool and its workers) after a seeded random delay.
``format`` writes as it goes, so its delays are spread over the whole run; ``check --fix``
writes every page at the end, so half of its kills come at random over the whole run (its
loading, fixing, cache writing) and half at a random moment once its first write is seen.

Before each run the graph either stays as the kills left it (a mix of old and new pages,
tracked per page) or gets every old page back, at random (always when no page is left to
change). After each kill: no page lost, none partial. A temporary file of the writer's
(``.NAME.XXXXXXXX.tmp`` beside the page) may be left when the kill falls between its
creation and the rename: that is accepted, because neither Logseq nor logseq-lint reads a
file whose name starts with a dot (asserted: the tool's discovery leaves it out), and the
page itself is whole. At the end an uninterrupted run must finish the job (every page new)
and a check through the cache the kills left must report what a check without it does.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cli_runs import CACHE_DIR, kill_group, run, start
from shared import synthetic_graph

from logseq_lint.graph.config import GraphConfig
from logseq_lint.graph.discovery import ignored_reason

PAGES = 1000
FORMAT_KILLS = 30
FIX_KILLS = 20
SEED = 1_000_003
TIMEOUT = 120.0  # for one uninterrupted run
# The writer's temporary file: mkstemp(prefix=f".{name}.", suffix=".tmp").
TEMPORARY = re.compile(r"\.(?P<page>.+)\.[a-z0-9_]{8}\.tmp")


def _files(root: Path) -> dict[str, bytes]:
    """Every file of the graph but the tool's cache, by graph-relative path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).parts[0] != CACHE_DIR
    }


@dataclass
class Tally:
    """What the kills of one command did."""

    kills: int = 0
    mid_write: int = 0  # kills after which some pages were new and others still old
    finished: int = 0  # runs that ended before their kill (not counted as kills)
    resets: int = 0
    leftovers: set[str] = field(default_factory=set)  # temporary files left by kills


@dataclass
class Versions:
    """Each page's old and new bytes, and when an uninterrupted run writes (seconds from
    its start: first write, last write, end)."""

    old: dict[str, bytes]
    new: dict[str, bytes]
    first_write: float
    last_write: float
    end: float

    def pending(self, current: dict[str, bytes]) -> list[str]:
        return [page for page, data in self.new.items() if current[page] != data]


def _watched_run(args: tuple[str, ...], root: Path, user_cache: Path) -> tuple[float, float, float]:
    """Run the command to its end, noting when the pages change: (first write, last write,
    end), in seconds from the start."""
    pages = [path for path in root.rglob("*.md") if CACHE_DIR not in path.parts]
    times = {path: path.stat().st_mtime_ns for path in pages}
    began = time.monotonic()
    process = start(args, user_cache, cwd=root)
    writes: list[float] = []
    while process.poll() is None and time.monotonic() - began < TIMEOUT:
        for path in pages:
            stamp = path.stat().st_mtime_ns
            if stamp != times[path]:
                times[path] = stamp
                writes.append(time.monotonic() - began)
        time.sleep(0.02)
    end = time.monotonic() - began
    kill_group(process)
    assert writes, f"logseq-lint {' '.join(args)} wrote nothing: the test would prove nothing"
    return writes[0], writes[-1], end


def _versions(args: tuple[str, ...], root: Path, work: Path, user_cache: Path) -> Versions:
    """The pages as they are, and as an uninterrupted run on a copy leaves them (the copy
    has the graph's cache, modification times kept, so that the run takes as long)."""
    copy = work / "reference"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy)
    first, last, end = _watched_run(args, copy, user_cache)
    old, new = _files(root), _files(copy)
    assert old.keys() == new.keys()
    shutil.rmtree(copy)
    return Versions(old, new, first, last, end)


def _verify(root: Path, versions: Versions, tally: Tally) -> dict[str, bytes]:
    """Every page old or new, none lost; any other file a temporary file of the writer's
    that the tool does not read. The files as they are."""
    current = _files(root)
    lost = versions.old.keys() - current.keys()
    assert not lost, f"pages lost after kill {tally.kills}: {sorted(lost)[:5]}"
    for page, data in versions.old.items():
        if page in current:
            assert current[page] in (data, versions.new[page]), (
                f"after kill {tally.kills}, {page} is neither its old nor its new version "
                f"({len(current[page])} bytes; old {len(data)}, new {len(versions.new[page])})"
            )
    for extra in current.keys() - versions.old.keys():
        folder, _, name = extra.rpartition("/")
        found = TEMPORARY.fullmatch(name)
        assert found and f"{folder}/{found['page']}" in versions.old, f"unexpected file after a kill: {extra}"
        assert ignored_reason(extra, GraphConfig()) is not None, f"logseq-lint would read {extra}"
        tally.leftovers.add(extra)
    return {page: current[page] for page in versions.old}


def _reset(root: Path, versions: Versions, current: dict[str, bytes]) -> None:
    """Give every page its old version back."""
    for page, data in versions.old.items():
        if current[page] != data:
            (root / page).write_bytes(data)


def _wait_for_a_write(process: subprocess.Popen[str], root: Path, pending: list[str], deadline: float) -> None:
    """Return once one of the pending pages changed (or the run ended, or time is up)."""
    paths = [root / page for page in pending]
    stamps = [path.stat().st_mtime_ns for path in paths]
    while process.poll() is None and time.monotonic() < deadline:
        if any(path.stat().st_mtime_ns != stamp for path, stamp in zip(paths, stamps)):
            return
        time.sleep(0.001)


def _kill_runs(
    args: tuple[str, ...], root: Path, versions: Versions, kills: int, user_cache: Path, rng: random.Random
) -> Tally:
    """Start the command and SIGKILL it, ``kills`` times, checking the pages after each."""
    tally = Tally()
    targeted = args[:2] == ("check", "--fix")  # writes only at its end
    window = max(versions.last_write - versions.first_write, 0.02)
    current = _verify(root, versions, tally)
    for attempt in range(3 * kills):
        if tally.kills == kills:
            break
        if not versions.pending(current) or rng.random() < 0.5:
            _reset(root, versions, current)
            current = dict(versions.old)
            tally.resets += 1
        before = current
        began = time.monotonic()
        process = start(args, user_cache, cwd=root)
        if targeted and attempt % 2:
            _wait_for_a_write(process, root, versions.pending(before), began + TIMEOUT)
            time.sleep(rng.uniform(0, window))
        else:
            time.sleep(rng.uniform(0, 0.85 * versions.end))
        if process.poll() is None:
            tally.kills += 1
        else:
            tally.finished += 1
        kill_group(process)
        current = _verify(root, versions, tally)
        changed = [page for page in current if current[page] != before[page]]
        if changed and versions.pending(current):
            tally.mid_write += 1
    return tally


def _finish(args: tuple[str, ...], root: Path, versions: Versions, user_cache: Path, code: int) -> None:
    """An uninterrupted run after the kills leaves every page new."""
    done = run(*args, user_cache=user_cache, timeout=TIMEOUT, cwd=root)
    done.assert_clean_exit()
    assert done.code == code, str(done)
    current = _files(root)
    stale = [page for page, data in versions.new.items() if current[page] != data]
    assert not stale, f"after the kills, an uninterrupted run left {len(stale)} pages not new: {stale[:5]}"


@pytest.mark.slow
def test_sigkill_never_leaves_a_partial_or_lost_page(tmp_path: Path) -> None:
    root = synthetic_graph(PAGES, tmp_path / "graph")
    user_cache = tmp_path / "user-cache"
    rng = random.Random(SEED)
    report = []

    formatting = ("format", ".")
    versions = _versions(formatting, root, tmp_path, user_cache)
    assert sum(page.endswith(".md") for page in versions.old) == PAGES
    assert len(versions.pending(versions.old)) > 50
    tally = _kill_runs(formatting, root, versions, FORMAT_KILLS, user_cache, rng)
    report.append(("format", versions, tally))
    _finish(formatting, root, versions, user_cache, code=0)

    fixing = ("check", "--fix", ".")
    run("check", ".", user_cache=user_cache, timeout=TIMEOUT, cwd=root)  # a warm cache, as a user has one
    versions = _versions(fixing, root, tmp_path, user_cache)
    assert len(versions.pending(versions.old)) > 20
    tally = _kill_runs(fixing, root, versions, FIX_KILLS, user_cache, rng)
    report.append(("check --fix", versions, tally))
    _finish(fixing, root, versions, user_cache, code=1)

    cached = run("check", ".", user_cache=user_cache, timeout=TIMEOUT, cwd=root)
    fresh = run("check", "--no-cache", ".", user_cache=user_cache, timeout=TIMEOUT, cwd=root)
    assert cached.stdout == fresh.stdout, "the cache the kills left changes what check reports"

    for command, versions, tally in report:
        print(
            f"{command}: {tally.kills} kills ({tally.mid_write} between two writes, {tally.finished} runs "
            f"finished first, {tally.resets} resets) over {len(versions.old)} files, "
            f"{len(versions.pending(versions.old))} of them rewritten by a run of {versions.end:.1f}s "
            f"(writes from {versions.first_write:.1f}s to {versions.last_write:.1f}s); "
            f"{len(tally.leftovers)} temporary files left"
        )
    format_tally, fix_tally = report[0][2], report[1][2]
    assert format_tally.kills == FORMAT_KILLS and fix_tally.kills == FIX_KILLS
    # Kills that fell between two writes are the ones that could tear a page: enough of
    # them, or the test proves little.
    assert format_tally.mid_write >= FORMAT_KILLS // 4, report
    assert fix_tally.mid_write >= 3, report
