import sys
from pathlib import Path

# The tests' helpers (tests/shared.py, tests/cli/cli_helpers.py) import as top-level modules.
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "cli"))
