"""The safe writer: atomic, mode kept, never through links, never over a changed file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from logseq_lint.syntax.source import content_digest
from logseq_lint.writer import UnsafeWriteError, write_text


def test_writes_whole_and_keeps_the_mode(tmp_path: Path) -> None:
    page = tmp_path / "a.md"
    page.write_text("- old\n")
    page.chmod(0o640)
    write_text(page, "- new\r\n", content_digest(page.read_bytes()))
    assert page.read_bytes() == b"- new\r\n"
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temporary file left


def test_a_file_changed_since_it_was_read_is_left_alone(tmp_path: Path) -> None:
    page = tmp_path / "a.md"
    page.write_text("- old\n")
    digest = content_digest(page.read_bytes())
    page.write_text("- edited meanwhile\n")
    with pytest.raises(UnsafeWriteError, match="changed since it was read"):
        write_text(page, "- new\n", digest)
    assert page.read_text() == "- edited meanwhile\n"


def test_never_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "outside.md"
    target.write_text("- keep\n")
    link = tmp_path / "a.md"
    link.symlink_to(target)
    with pytest.raises(UnsafeWriteError, match="symbolic link"):
        write_text(link, "- new\n", content_digest(target.read_bytes()))
    assert target.read_text() == "- keep\n"
