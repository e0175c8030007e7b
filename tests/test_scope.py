"""What a check reports on: folders and files of a graph."""

from __future__ import annotations

import pytest

from logseq_lint.scope import Scope

PATHS = ["pages/a.md", "pages/b.md", "pages/sub/c.md", "journals/2024_01_31.md", "pagesX/d.md", "e.md"]


@pytest.mark.parametrize(
    "scope",
    [
        Scope(files=frozenset({"pages/a.md", "e.md", "gone.md"})),
        Scope(folders=("pages",)),
        Scope(folders=("pages/sub", "journals"), files=frozenset({"e.md"})),
        Scope(folders=("",)),
        Scope(),
    ],
)
def test_the_paths_a_scope_covers_are_those_it_covers_one_by_one(scope: Scope) -> None:
    assert set(scope.covered(PATHS)) == {path for path in PATHS if scope.covers(path)}


def test_a_folder_covers_what_is_under_it_and_not_its_namesakes() -> None:
    assert set(Scope(folders=("pages",)).covered(PATHS)) == {"pages/a.md", "pages/b.md", "pages/sub/c.md"}
    assert set(Scope(files=frozenset({"pages/a.md", "gone.md"})).covered(PATHS)) == {"pages/a.md"}
