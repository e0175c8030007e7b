"""logseq-lint: a linter and formatter for Logseq graphs."""

import gc
import sys

__version__ = "0.1.0.dev0"

# Logseq reads quotes and lists nested hundreds deep; the scanner reads each level with a
# few nested calls. A page deeper still is reported as unreadable (RecursionError).
RECURSION_LIMIT = 20_000


def tune_interpreter() -> None:
    """Collect cycles less often: parsing makes many short-lived objects and few cycles, and
    the default thresholds spend a fifth of a graph's parse time looking for them; and
    allow the nesting Logseq reads. For the command line, its worker processes and
    benchmarks of it, not for programs that import the library."""
    gc.set_threshold(100_000, 50, 100)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
