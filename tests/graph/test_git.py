"""What git tells about a graph: the committed text of files, read in one git process."""

from __future__ import annotations

import subprocess
from pathlib import Path

from logseq_lint.graph.git import committed_texts


def _commit(root: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "c"], cwd=root, check=True)


def test_the_committed_text_of_many_files_at_once(tmp_path: Path) -> None:
    _commit(
        tmp_path,
        {
            "pages/a.md": b"- a\n  id:: 1\n",
            "pages/b c 12.md": b"- spaces and digits in the name\n",
            "pages/line\nbreak.md": b"- a line break in the name\n",
            "pages/latin1.md": "- caf\u00e9".encode("latin-1"),
            "pages/empty.md": b"",
        },
    )
    (tmp_path / "pages" / "a.md").write_text("- changed since")
    asked = ["pages/a.md", "pages/new.md", "pages/b c 12.md", "pages", "pages/line\nbreak.md", "pages/latin1.md"]
    texts = committed_texts(tmp_path, [*asked, "pages/empty.md", "pages/a.md"])
    assert texts == {
        "pages/a.md": "- a\n  id:: 1\n",  # as committed, not as it is now
        "pages/b c 12.md": "- spaces and digits in the name\n",
        "pages/line\nbreak.md": "- a line break in the name\n",
        "pages/empty.md": "",
    }  # not committed, a folder, not UTF-8: none


def test_no_repository_no_text(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("- a")
    assert committed_texts(tmp_path, ["a.md"]) == {}
