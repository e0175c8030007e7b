"""The bugs the robustness suite found, each on its minimal page (``known_bugs.py``): the
fixed ones as regression tests, the open ones as strict xfails that pass once fixed."""

from __future__ import annotations

import pytest
from known_bugs import FIXED, KNOWN_BUGS, Finding


@pytest.mark.parametrize("finding", FIXED, ids=lambda finding: finding.name)
def test_fixed_bug_stays_fixed(finding: Finding) -> None:
    finding.reproduce()


@pytest.mark.parametrize(
    "bug",
    [pytest.param(bug, marks=pytest.mark.xfail(strict=True, reason=bug.what)) for bug in KNOWN_BUGS],
    ids=lambda bug: bug.name,
)
def test_known_bug(bug: Finding) -> None:
    bug.reproduce()
