"""What the graph-level robustness tests share: a graph in a folder, a snapshot of its files
(bytes and modification time) to prove what a run wrote, and a run of the real command in
its own process, with a time bound.

The command runs as a user runs it (``python -m logseq_lint``, a fresh process each time),
in its own session so that a time-out or a kill reaches its worker processes too. Its
user cache folder (the key that signs graph caches) is a temporary one, never the tester's.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

CACHE_DIR = ".logseq-lint-cache"
CONFIG = b"{:meta/version 1}\n"

# A normal page beside the hostile one, with a known finding (S001 on the empty bullet at
# line 2, fixable) and trailing spaces that `format` removes: that the rest of the graph
# is still checked, formatted and fixed shows on it.
NORMAL = "pages/normal.md"
NORMAL_TEXT = b"- first\n-\n- last   \n"
NORMAL_FINDING = f"{NORMAL}:2:1: S001 [empty-bullet]"
NORMAL_FORMATTED = b"- first\n-\n- last"
NORMAL_FIXED = b"- first\n- last"  # formatted, then fixed

# Per file: its bytes (None when not read), modification time and inode number (the safe
# writer replaces a file by another, so even the same bytes at the same time show).
Snapshot = dict[str, tuple[bytes | None, int, int]]


def make_graph(root: Path, files: dict[str, bytes], config: bytes = CONFIG) -> Path:
    """A graph at ``root``: ``logseq/config.edn``, the normal page, and ``files``
    (graph-relative path → bytes; they may replace the first two)."""
    every = {"logseq/config.edn": config, NORMAL: NORMAL_TEXT, **files}
    for relative, data in every.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def snapshot(root: Path, contents: bool = True) -> Snapshot:
    """Every file under ``root`` but the tool's own cache folder (symbolic links as links):
    its bytes (unless ``contents`` is false: for very many files, where the time and the
    inode number show a write as well), its modification time and inode number."""
    found: Snapshot = {}
    for folder, dirs, names in os.walk(root):
        if Path(folder) == root and CACHE_DIR in dirs:
            dirs.remove(CACHE_DIR)
        for name in [*names, *(name for name in dirs if Path(folder, name).is_symlink())]:
            path = Path(folder, name)
            status = path.lstat()
            data = path.read_bytes() if contents and not path.is_symlink() else None
            found[path.relative_to(root).as_posix()] = (data, status.st_mtime_ns, status.st_ino)
    return found


def changes(before: Snapshot, after: Snapshot) -> set[str]:
    """The files added, removed or changed (in bytes or time) between two snapshots."""
    return {relative for relative in before.keys() | after.keys() if before.get(relative) != after.get(relative)}


@dataclass(frozen=True)
class Run:
    """One finished run of the command."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    seconds: float

    def __str__(self) -> str:
        return (
            f"logseq-lint {' '.join(self.args)}: exit {self.code} after {self.seconds:.1f}s\n"
            f"stdout: {self.stdout[-2000:]}\nstderr: {self.stderr[-2000:]}"
        )

    def assert_clean_exit(self) -> None:
        """No traceback and no internal error: whatever the input, the run ends with what
        it found or could not do, never by crashing."""
        assert "Traceback" not in self.stdout + self.stderr, str(self)
        assert "internal error" not in self.stderr, str(self)


def environment(user_cache: Path) -> dict[str, str]:
    """The environment of a run: concise output, a private user cache, no inherited
    settings of the tool."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LOGSEQ_LINT_")}
    env.update(LOGSEQ_LINT_OUTPUT_FORMAT="concise", LOGSEQ_LINT_USER_CACHE=str(user_cache))
    return env


def start(args: tuple[str, ...], user_cache: Path, cwd: Path | None = None) -> subprocess.Popen[str]:
    """Start ``logseq-lint ARGS`` in a session of its own (so that it and its workers can
    be signalled together)."""
    return subprocess.Popen(
        [sys.executable, "-m", "logseq_lint", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(user_cache),
        cwd=cwd,
        start_new_session=True,
    )


def kill_group(process: subprocess.Popen[str]) -> None:
    """SIGKILL the process and its workers (its session), and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def run(*args: str | Path, user_cache: Path, timeout: float, cwd: Path | None = None) -> Run:
    """Run the command to its end; fail the test when it takes longer than ``timeout``
    seconds (it is then killed, workers included)."""
    given = tuple(str(arg) for arg in args)
    began = time.monotonic()
    process = start(given, user_cache, cwd)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process)
        pytest.fail(f"logseq-lint {' '.join(given)} took more than {timeout:.0f}s")
    return Run(given, process.returncode, stdout, stderr, time.monotonic() - began)
