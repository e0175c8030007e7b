"""The hooks as pre-commit runs them: `pre-commit try-repo` installs logseq-lint from this
repository into its own environment, as it does for users, and runs it on a commit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from shared import REPO

UUID = "6650a1b2-0000-4000-8000-000000000001"


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }


def _git(graph: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=graph, env=env, check=True, capture_output=True)


def _hook(graph: Path, env: dict[str, str], hook: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--color", "never"],
        cwd=graph,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _graph(graph: Path) -> Path:
    """A small graph, as Logseq writes it (no final line break): B.md references a block
    that A.md holds."""
    (graph / "logseq").mkdir(parents=True)
    (graph / "pages").mkdir()
    (graph / "logseq" / "config.edn").write_text("{:file/name-format :triple-lowbar}\n")
    (graph / "pages" / "A.md").write_text(f"- The block\n  id:: {UUID}")
    (graph / "pages" / "B.md").write_text(f"- As said in (({UUID}))")
    return graph


@pytest.mark.slow
def test_hooks_in_a_real_commit(tmp_path: Path) -> None:
    env = _env(tmp_path / "pre-commit-home")
    graph = _graph(tmp_path / "graph")
    (graph / "pages" / "C.md").write_text("- C\n")
    _git(graph, env, "init", "-q")
    _git(graph, env, "add", ".")
    _git(graph, env, "commit", "-qm", "a clean graph")

    # A clean change passes.
    (graph / "pages" / "C.md").write_text("- C\n- more\n")
    _git(graph, env, "add", ".")
    clean = _hook(graph, env, "logseq-lint")
    assert clean.returncode == 0, clean.stdout + clean.stderr

    # Dropping an id that another page uses fails, naming that page and line.
    (graph / "pages" / "A.md").write_text("- The block\n")
    _git(graph, env, "add", ".")
    broken = _hook(graph, env, "logseq-lint-check")
    assert broken.returncode == 1
    assert "pages/B.md:1:14" in broken.stdout and "dangling-block-ref" in broken.stdout
    assert "pages/A.md held it in its last commit" in broken.stdout
    _git(graph, env, "checkout", "HEAD", "--", "pages/A.md")

    # Deleting a page whose block and name other pages use fails too.
    _git(graph, env, "rm", "-q", "pages/A.md")
    deleted = _hook(graph, env, "logseq-lint-check")
    assert deleted.returncode == 1 and "pages/A.md" in deleted.stdout and "pages/B.md" in deleted.stdout
    _git(graph, env, "reset", "-q", "HEAD", "--", "pages/A.md")
    _git(graph, env, "checkout", "HEAD", "--", "pages/A.md")

    # A safe fix is written (pre-commit then fails the commit so the fix can be reviewed).
    (graph / "pages" / "C.md").write_text("- C\n-\n- more\n")
    _git(graph, env, "add", ".")
    fixed = _hook(graph, env, "logseq-lint")
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout
    assert (graph / "pages" / "C.md").read_text() == "- C\n- more\n"
    _git(graph, env, "add", ".")
    assert _hook(graph, env, "logseq-lint").returncode == 0

    # The formatter hook writes Logseq's layout.
    (graph / "pages" / "C.md").write_text("- C\n    - more\n")
    _git(graph, env, "add", ".")
    formatted = _hook(graph, env, "logseq-lint-format")
    assert formatted.returncode == 1 and (graph / "pages" / "C.md").read_text() == "- C\n\t- more"


@pytest.mark.slow
def test_the_readme_snippet_in_a_new_repository(tmp_path: Path) -> None:
    """The README's `.pre-commit-config.yaml`, pointed at this repository's last commit,
    installed with `pre-commit install` as a new user would, guards `git commit`."""
    readme = (REPO / "README.md").read_text()
    snippet = readme.split("<!-- pre-commit snippet", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
    config = re.sub(r"(?m)^(\s*- repo:).*$", rf"\1 {REPO}", snippet)
    config = re.sub(r"(?m)^(\s*rev:).*$", rf"\1 {head.stdout.strip()}", config)
    assert config != snippet and str(REPO) in config

    env = _env(tmp_path / "pre-commit-home")
    graph = _graph(tmp_path / "graph")
    (graph / ".pre-commit-config.yaml").write_text(config)
    _git(graph, env, "init", "-q")
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=graph, env=env, check=True, capture_output=True)
    _git(graph, env, "add", ".")
    _git(graph, env, "commit", "-qm", "a clean graph")  # check=True: the hooks pass

    (graph / "pages" / "A.md").write_text("- The block")
    _git(graph, env, "add", ".")
    commit = subprocess.run(["git", "commit", "-qm", "drop the id"], cwd=graph, env=env, capture_output=True, text=True)
    assert commit.returncode != 0
    assert "pages/B.md:1:14" in commit.stdout + commit.stderr
