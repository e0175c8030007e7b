"""logseq-lint: a linter and formatter for Logseq graphs."""

__version__ = "0.1.0.dev0"
