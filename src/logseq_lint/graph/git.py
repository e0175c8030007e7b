"""The last committed version of a file, when the graph is in a git repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def committed_text(path: Path) -> str | None:
    """The file's text at ``HEAD``, or None (no git, not a repository, not committed, not
    UTF-8)."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        shown = subprocess.run(
            [git, "-C", str(path.parent), "show", f"HEAD:./{path.name}"],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if shown.returncode != 0:
        return None
    try:
        return shown.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None
