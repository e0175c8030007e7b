"""A plain (non-editable) ``pip install .`` into a fresh virtual environment works, with the
grammar loaded from the installed package: this is how pre-commit installs the hook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from shared import REPO, SEED, require


@pytest.mark.slow
def test_pip_install_from_a_clean_clone(tmp_path: Path) -> None:
    seed = require(SEED, "the seed page")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(clone)], check=True, timeout=900)

    # Run from elsewhere so nothing can come from the source tree.
    out = subprocess.run(
        [str(bin_dir / "logseq-lint"), "parse", str(seed)], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    assert len(json.loads(out)["blocks"]) == 122

    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "from logseq_lint.syntax.parser import grammar_dir; print(grammar_dir())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(env_dir) and (Path(where) / "page.lark").is_file()
    assert sys.prefix != str(env_dir)

    # The README's first command: the installed tool checks the demo graph (broken on purpose).
    demo = subprocess.run(
        [str(bin_dir / "logseq-lint"), "check", str(clone / "examples" / "demo-graph")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert demo.returncode == 1 and "Found 28 problems" in demo.stdout, demo.stdout + demo.stderr
