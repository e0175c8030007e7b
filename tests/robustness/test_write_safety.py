"""Writes that cannot lose data, through the real command on real files: read-only files and
folders, symbolic links out of the graph, a page changed by another program while the tool
runs, and file modes. (SIGKILL during writes: ``test_kill.py``; the writer itself:
``tests/test_writer.py``.)

Every page here needs both ``format`` (trailing spaces) and ``check --fix`` (an empty
bullet), so that a run that may write would write it.
"""

from __future__ import annotations

import ctypes
import os
import select
import stat
import sys
from pathlib import Path

import pytest
from cli_runs import (
    NORMAL,
    NORMAL_FIXED,
    NORMAL_FORMATTED,
    Run,
    changes,
    make_graph,
    run,
    snapshot,
    start,
)

PAGE = b"- a   \n-\n- b"  # format removes the spaces, check --fix the empty bullet
FORMATTED = b"- a\n-\n- b"
FIXED = b"- a\n- b"  # formatted, then fixed
NORMAL_ONLY_FIXED = b"- first\n- last   \n"  # the normal page fixed without formatting
TIMEOUT = 60.0


def _run(root: Path, *args: str | Path) -> Run:
    done = run(*args, user_cache=root.parent / "user-cache", timeout=TIMEOUT, cwd=root)
    done.assert_clean_exit()
    return done


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---------------------------------------------------------------------- permissions


def test_a_read_only_page_is_left_alone_with_a_clear_error(tmp_path: Path) -> None:
    """A page without write permission is not written, says so, and the others are."""
    root = make_graph(tmp_path / "graph", {"pages/locked.md": PAGE})
    locked = root / "pages" / "locked.md"
    locked.chmod(0o444)
    before = snapshot(root)
    formatted = _run(root, "format", ".")
    assert formatted.code == 2, str(formatted)
    assert "pages/locked.md: not formatted" in formatted.stderr, str(formatted)
    fixed = _run(root, "check", "--fix", ".")
    assert fixed.code == 1, str(fixed)
    assert "pages/locked.md: not fixed" in fixed.stderr, str(fixed)
    assert changes(before, snapshot(root)) == {NORMAL}
    assert (root / NORMAL).read_bytes() == NORMAL_FIXED


def test_a_read_only_folder_gives_a_clear_error_and_the_rest_is_written(tmp_path: Path) -> None:
    """A page in a folder without write permission cannot be replaced: format exits 2 and
    check --fix reports it, each naming the page and the permission; the other pages are
    formatted and fixed, and no temporary file is left."""
    root = make_graph(tmp_path / "graph", {"pages/locked/page.md": PAGE})
    folder = root / "pages" / "locked"
    folder.chmod(0o555)
    try:
        before = snapshot(root)
        formatted = _run(root, "format", ".")
        assert formatted.code == 2, str(formatted)
        line = next(line for line in formatted.stderr.splitlines() if line.startswith("pages/locked/page.md"))
        assert "not formatted" in line and "read-only folder" in line, str(formatted)
        fixed = _run(root, "check", "--fix", ".")
        assert fixed.code == 1, str(fixed)
        line = next(line for line in fixed.stderr.splitlines() if line.startswith("pages/locked/page.md"))
        assert "not fixed" in line and "read-only folder" in line, str(fixed)
        assert "pages/locked/page.md:2:1: S001" in fixed.stdout, "the unfixed finding is still reported"
        assert changes(before, snapshot(root)) == {NORMAL}
        assert (root / NORMAL).read_bytes() == NORMAL_FIXED
    finally:
        folder.chmod(0o755)


def test_file_modes_are_kept(tmp_path: Path) -> None:
    """format and check --fix replace a page by a new file: it gets the old one's mode."""
    modes = {"pages/private.md": 0o600, "pages/executable.md": 0o755, "pages/group.md": 0o640}
    root = make_graph(tmp_path / "graph", dict.fromkeys(modes, PAGE))
    for relative, mode in modes.items():
        (root / relative).chmod(mode)
    _run(root, "format", ".")
    assert {relative: (root / relative).read_bytes() for relative in modes} == dict.fromkeys(modes, FORMATTED)
    assert {relative: _mode(root / relative) for relative in modes} == modes
    _run(root, "check", "--fix", ".")
    assert {relative: (root / relative).read_bytes() for relative in modes} == dict.fromkeys(modes, FIXED)
    assert {relative: _mode(root / relative) for relative in modes} == modes


# ---------------------------------------------------------------------- symbolic links


def _linked_graph(tmp_path: Path) -> tuple[Path, Path]:
    """A graph with a page that links to a file outside it and a folder that links to a
    folder outside it (each holding a page to format and fix); the graph and the outside
    folder."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "target.md").write_bytes(PAGE)
    (outside / "folder" / "page.md").write_bytes(PAGE)
    root = make_graph(tmp_path / "graph", {})
    (root / "pages" / "link.md").symlink_to(outside / "target.md")
    (root / "pages" / "linked").symlink_to(outside / "folder", target_is_directory=True)
    return root, outside


def test_links_out_of_the_graph_are_never_written_through(tmp_path: Path) -> None:
    """Whole-graph runs leave linked pages and folders alone, as Logseq does (it skips
    links); a linked page named on the command line is refused with a clear message."""
    root, outside = _linked_graph(tmp_path)
    before = snapshot(outside)
    for args in (("format", "."), ("check", "--fix", "."), ("format", "pages"), ("check", "--fix", "pages")):
        _run(root, *args)
    assert (root / NORMAL).read_bytes() == NORMAL_FIXED, "the rest of the graph was formatted and fixed"
    named = _run(root, "format", "pages/link.md")
    assert named.code == 2 and "is a symbolic link" in named.stderr, str(named)
    _run(root, "check", "--fix", "pages/link.md")
    assert changes(before, snapshot(outside)) == set()
    assert (root / "pages" / "link.md").is_symlink() and (root / "pages" / "linked").is_symlink()


def test_a_page_named_through_a_linked_folder_is_not_written(tmp_path: Path) -> None:
    """``format graph/pages/linked/page.md``, where ``linked`` leads out of the graph, does
    not write outside the graph."""
    root, outside = _linked_graph(tmp_path)
    before = snapshot(outside)
    for named in ("pages/linked/page.md", "pages/linked", "pages/linked/"):
        done = _run(root, "format", named)
        assert done.code == 2 and "pages/linked is a symbolic link" in done.stderr, str(done)
    assert changes(before, snapshot(outside)) == set()


def test_a_linked_cache_folder_is_not_written_through(tmp_path: Path) -> None:
    """The graph's cache folder, when it is a link to a folder outside the graph, is not
    used: nothing in that folder is written or deleted, and the check still works."""
    elsewhere = tmp_path / "someone-elses-folder"
    (elsewhere / "album.details").mkdir(parents=True)
    (elsewhere / "album.details" / "photo.jpg").write_bytes(b"\xff\xd8 a photo")
    for name in ("album.cache", "a.cache", "b.cache", "c.cache", "d.cache", "results.pickle"):
        (elsewhere / name).write_bytes(f"the user's own {name}\n".encode())
    root = make_graph(tmp_path / "graph", {})
    (root / ".logseq-lint-cache").symlink_to(elsewhere, target_is_directory=True)
    before = snapshot(elsewhere)
    for args in (("check", "."), ("check", "--select", "S", "."), ("check", "--fix", "."), ("clean", ".")):
        done = _run(root, *args)
        assert changes(before, snapshot(elsewhere)) == set(), f"after {done.args}"


# ---------------------------------------------------------------------- concurrent edits

IN_CLOSE_NOWRITE = 0x10  # <sys/inotify.h>: a file opened for reading was closed


class Reads:
    """The moments a file is read (closed after reading) by any process: Linux's inotify,
    through libc. No mock: the tool reads the real file, and the test learns it did."""

    def __init__(self, path: Path) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        self.fd = libc.inotify_init1(os.O_CLOEXEC | os.O_NONBLOCK)
        if self.fd < 0 or libc.inotify_add_watch(self.fd, os.fsencode(path), IN_CLOSE_NOWRITE) < 0:
            raise OSError(ctypes.get_errno(), "inotify")

    def wait(self, count: int, timeout: float = TIMEOUT) -> None:
        """Return once the file has been read ``count`` more times."""
        seen = 0
        while seen < count:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            assert ready, "the tool did not read the page"
            events = os.read(self.fd, 65536)
            seen += len(events) // 16  # one struct inotify_event each (no name for a watched file)

    def close(self) -> None:
        os.close(self.fd)


# A page large enough that formatting or fixing it takes a good while after reading it,
# so that the other program's edit lands between the tool's reads and its write.
BIG = b"-\n" + b"".join(b"- block %d [[link]]\n  - child %d\n" % (i, i) for i in range(4000))
EDIT = b"- written by another program meanwhile\n"
EDITED = EDIT + BIG
EDITED_FIXED = EDIT + BIG[2:]  # the empty bullet removed
BIG_FORMATTED = BIG.rstrip(b"\n")


def _edit_during(root: Path, args: tuple[str, ...], reads: int) -> Run:
    """Run the command, and write the big page as another program would once the tool has
    read it ``reads`` times; the finished run."""
    page = root / "pages" / "big.md"
    watch = Reads(page)
    try:
        process = start(args, root.parent / "user-cache", cwd=root)
        try:
            watch.wait(reads)
            page.write_bytes(EDITED)
            stdout, stderr = process.communicate(timeout=TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    finally:
        watch.close()
    done = Run(args, process.returncode, stdout, stderr, 0.0)
    done.assert_clean_exit()
    return done


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify tells when the tool reads")


@linux_only
def test_format_leaves_a_page_changed_after_it_was_read(tmp_path: Path) -> None:
    """format reads the page once before it formats it: an edit after that read is kept,
    the page is reported as not formatted (exit 2), and the others are formatted."""
    root = make_graph(tmp_path / "graph", {"pages/big.md": BIG})
    done = _edit_during(root, ("format", "."), reads=1)
    assert (root / "pages" / "big.md").read_bytes() == EDITED
    assert done.code == 2 and "pages/big.md: not formatted" in done.stderr, str(done)
    assert "changed since it was read" in done.stderr, str(done)
    assert (root / NORMAL).read_bytes() == NORMAL_FORMATTED


@linux_only
def test_fix_leaves_a_page_changed_after_its_text_was_read(tmp_path: Path) -> None:
    """check --fix reads each page with the graph, then reads the text of a page it fixes
    (recording its digest); an edit after that second read is kept, reported as not
    fixed, and the other pages are fixed. (The trigger counts the tool's reads: if it
    comes to read a page once only, the second read seen is the writer's last look.)"""
    root = make_graph(tmp_path / "graph", {"pages/big.md": BIG})
    done = _edit_during(root, ("check", "--fix", "."), reads=2)
    assert (root / "pages" / "big.md").read_bytes() == EDITED
    assert done.code == 1 and "pages/big.md: not fixed" in done.stderr, str(done)
    assert "changed since it was read" in done.stderr, str(done)
    assert (root / NORMAL).read_bytes() == NORMAL_ONLY_FIXED


@linux_only
def test_fix_never_applies_old_fixes_to_a_page_changed_after_the_graph_was_read(tmp_path: Path) -> None:
    """An edit between check --fix's reading of the graph and its fixing leaves the page as
    edited, or fixed from the edited text: never fixes found in the old text applied to
    the new one."""
    root = make_graph(tmp_path / "graph", {"pages/big.md": BIG})
    done = _edit_during(root, ("check", "--fix", "."), reads=1)
    assert (root / "pages" / "big.md").read_bytes() in (EDITED, EDITED_FIXED), str(done)
