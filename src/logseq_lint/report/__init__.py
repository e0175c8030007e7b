"""Reporters: pure functions from diagnostics to text."""

from .concise import concise_line, summary_lines

__all__ = ["concise_line", "summary_lines"]
