"""The bugs the robustness suite found, each on its minimal page (``known_bugs.py``): the
fixed ones as regression tests; the open ones must still fail (when one is fixed, move it
to ``FIXED``)."""

from __future__ import annotations

import pytest
from known_bugs import FIXED, KNOWN_BUGS, Finding


@pytest.mark.parametrize("finding", FIXED, ids=lambda finding: finding.name)
def test_fixed_bug_stays_fixed(finding: Finding) -> None:
    finding.reproduce()


def test_known_bugs_are_still_open() -> None:
    for bug in KNOWN_BUGS:
        with pytest.raises(AssertionError):
            bug.reproduce()
