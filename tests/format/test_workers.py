"""`format` in worker processes gives exactly what it gives in one process."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared import synthetic_graph

from logseq_lint.formatter import FormatOptions, try_format
from logseq_lint.parallel import serial_or_parallel


@pytest.mark.slow
def test_the_same_results_with_and_without_workers(tmp_path: Path) -> None:
    root = synthetic_graph(300, tmp_path / "graph")
    items = [(path, FormatOptions()) for path in sorted(root.rglob("*.md"))]
    alone = list(serial_or_parallel(try_format, items, 1))
    assert any(result.after != result.before for result in alone if hasattr(result, "after"))
    assert list(serial_or_parallel(try_format, items, 2)) == alone
