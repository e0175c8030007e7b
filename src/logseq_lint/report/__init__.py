"""Reporters: pure functions from findings to text, one per output format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO

from .ci import render_github, render_junit
from .concise import concise_line, render, statistics_lines, summary_lines
from .full import render_full
from .json_formats import render_gitlab, render_json, render_json_lines
from .model import Finding, Report
from .sarif import render_sarif

_TEXT_FORMATS: dict[str, Callable[[Report], Iterator[str]]] = {
    "concise": render,
    "json": render_json,
    "json-lines": render_json_lines,
    "github": render_github,
    "sarif": render_sarif,
    "junit": render_junit,
    "gitlab": render_gitlab,
}
FORMATS = ("full", *_TEXT_FORMATS)


def write_report(report: Report, output_format: str, stream: IO[str], color: bool | None = None) -> None:
    """Render the report in a format to a stream (``color``: None to decide by the stream)."""
    if output_format == "full":
        render_full(report, stream, color)
        return
    for chunk in _TEXT_FORMATS[output_format](report):
        stream.write(chunk)


__all__ = ["FORMATS", "Finding", "Report", "concise_line", "statistics_lines", "summary_lines", "write_report"]
