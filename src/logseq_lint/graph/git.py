"""What git knows about a graph's files: their last committed text, and the files a
commit in preparation deletes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def _git(folder: Path, *args: str) -> bytes | None:
    """Run git in a folder; its output, or None when git is missing or fails."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run([git, "-C", str(folder), *args], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def committed_text(root: Path, relative: str) -> str | None:
    """A file's text at ``HEAD`` (``relative`` to the folder ``root``), or None (no git, not
    a repository, not committed, not UTF-8)."""
    shown = _git(root, "show", f"HEAD:./{relative}")
    if shown is None:
        return None
    try:
        return shown.decode("utf-8")
    except UnicodeDecodeError:
        return None


def staged_deletions(root: Path) -> list[str]:
    """The files under ``root`` (relative to it) that the staged changes delete."""
    listed = _git(root, "diff", "--cached", "--name-only", "--diff-filter=D", "--relative", "-z")
    if not listed:
        return []
    return [name for name in listed.decode("utf-8", errors="replace").split("\0") if name]
