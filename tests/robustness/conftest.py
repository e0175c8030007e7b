"""The robustness suite's Hypothesis budget, and access to the syntax tests' helpers.

Profile ``robustness`` (loaded here): ``LOGSEQ_LINT_HYPOTHESIS_EXAMPLES`` examples per
property (default 150, which keeps the suite near a minute on two cores; raise it for a
longer hunt), no deadline (the first example pays for building the grammars), and in CI
(``CI`` set, or ``LOGSEQ_LINT_REQUIRE_SHARED=1`` as ``.ci/run`` sets it) a fixed
derandomized search and no example database, so that a run is reproducible. Locally the
database (``.hypothesis/``, git-ignored) replays failures first.
"""

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# The lossless check and the oracle fixtures' helpers live with the syntax tests.
sys.path.insert(0, str(Path(__file__).parent.parent / "syntax"))

IN_CI = bool(os.environ.get("CI")) or os.environ.get("LOGSEQ_LINT_REQUIRE_SHARED") == "1"

settings.register_profile(
    "robustness",
    max_examples=int(os.environ.get("LOGSEQ_LINT_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("robustness-ci", settings.get_profile("robustness"), derandomize=True, database=None)
settings.load_profile("robustness-ci" if IN_CI else "robustness")
