"""Reporters: pure functions from findings to text, one per output format (each module is
imported when its format is asked for)."""

from __future__ import annotations

from importlib import import_module
from typing import IO

from .concise import concise_line, render, statistics_lines, summary_lines
from .model import Finding, Report

# format → (module, function): the function renders a report to chunks of text.
_TEXT_FORMATS = {
    "concise": ("concise", "render"),
    "json": ("json_formats", "render_json"),
    "json-lines": ("json_formats", "render_json_lines"),
    "github": ("ci", "render_github"),
    "sarif": ("sarif", "render_sarif"),
    "junit": ("ci", "render_junit"),
    "gitlab": ("json_formats", "render_gitlab"),
}
FORMATS = ("full", *_TEXT_FORMATS)


def write_report(report: Report, output_format: str, stream: IO[str], color: bool | None = None) -> None:
    """Render the report in a format to a stream (``color``: None to decide by the stream)."""
    if output_format == "full":
        from .full import render_full

        render_full(report, stream, color)
        return
    module, function = _TEXT_FORMATS[output_format]
    for chunk in getattr(import_module(f".{module}", __name__), function)(report):
        stream.write(chunk)


__all__ = [
    "FORMATS",
    "Finding",
    "Report",
    "concise_line",
    "render",
    "statistics_lines",
    "summary_lines",
    "write_report",
]
