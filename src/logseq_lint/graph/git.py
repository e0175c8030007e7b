"""What git knows about a graph's files: their last committed text, and the files a
commit in preparation deletes."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path


def _git(folder: Path, *args: str, given: bytes | None = None) -> bytes | None:
    """Run git in a folder (``given`` on its standard input); its output, or None when
    git is missing or fails."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run(
            [git, "-C", str(folder), *args], input=given, capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def committed_texts(root: Path, files: Iterable[str]) -> dict[str, str]:
    """The text at ``HEAD`` of those of the files (relative to the folder ``root``) that
    have one in UTF-8; none without git or a repository. One git process reads them all
    (but a name holding a line break, which cat-file cannot be given)."""
    texts: dict[str, str] = {}
    batch = []
    for relative in dict.fromkeys(files):
        if "\n" in relative:
            _keep_text(texts, relative, _git(root, "show", f"HEAD:./{relative}"))
        else:
            batch.append(relative)
    asked = "".join(f"HEAD:./{relative}\n" for relative in batch).encode()
    output = (_git(root, "cat-file", "--batch", given=asked) if batch else None) or b""
    at = 0
    for relative in batch if output else ():
        # Each answer: "<object> <type> <size>\n<content>\n", or "<name> missing\n".
        header_end = output.index(b"\n", at)
        header = output[at:header_end].rsplit(b" ", 2)
        at = header_end + 1
        if len(header) == 3 and header[2].isdigit():
            size = int(header[2])
            if header[1] == b"blob":
                _keep_text(texts, relative, output[at : at + size])
            at += size + 1
    return texts


def _keep_text(texts: dict[str, str], relative: str, data: bytes | None) -> None:
    if data is not None:
        with contextlib.suppress(UnicodeDecodeError):  # Logseq reads UTF-8 only
            texts[relative] = data.decode("utf-8")


def staged_deletions(root: Path) -> list[str]:
    """The files under ``root`` (relative to it) that the staged changes delete."""
    listed = _git(root, "diff", "--cached", "--name-only", "--diff-filter=D", "--relative", "-z")
    if not listed:
        return []
    return [name for name in listed.decode("utf-8", errors="replace").split("\0") if name]
