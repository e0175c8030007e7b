"""logseq-lint: a linter and formatter for Logseq graphs."""

import gc

__version__ = "0.1.0.dev0"


def tune_garbage_collector() -> None:
    """Collect cycles less often: parsing makes many short-lived objects and few cycles, and
    the default thresholds spend a fifth of a graph's parse time looking for them. For the
    command line (and benchmarks of it), not for programs that import the library."""
    gc.set_threshold(100_000, 50, 100)
