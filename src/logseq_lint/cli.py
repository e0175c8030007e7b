"""The ``logseq-lint`` command line: click commands that wire the layers together.

Exit codes, as in ruff: 0 clean, 1 findings, 2 usage or internal error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from . import __version__

PAGE_SUFFIXES = frozenset({".md", ".markdown", ".org"})


def _pages(paths: tuple[str, ...]) -> Iterator[Path]:
    """The page files under the given paths, in a stable order (hidden folders left out,
    as Logseq leaves them out)."""
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            yield path
            continue
        found = (
            p
            for p in path.rglob("*")
            if p.suffix in PAGE_SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        yield from sorted(found)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="logseq-lint")
def main() -> None:
    """Lint and format Logseq graphs, reading every page exactly as Logseq does."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--no-content", is_flag=True, help="Leave out each block's content.")
def parse(paths: tuple[str, ...], no_content: bool) -> None:
    """Print how Logseq reads each page: one JSON object per page (JSON Lines).

    The fields and their meanings are those of Logseq's own parser as ../shared/oracle
    prints them, so the two compare directly (see the README). A page that cannot be read
    gets an object with "error", and the exit status is then 1.
    """
    from .syntax import UnreadablePageError, parse_page, read_page_text
    from .syntax.summary import page_summary

    failed = False
    for path in _pages(paths):
        try:
            summary = page_summary(parse_page(read_page_text(path), str(path)), content=not no_content)
        except (UnreadablePageError, OSError) as error:
            summary = {"file": str(path), "error": str(error)}
            failed = True
        click.echo(json.dumps(summary, ensure_ascii=False))
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
def check(paths: tuple[str, ...]) -> None:
    """Check pages for problems. Exit status: 0 clean, 1 findings, 2 errors."""
    from .syntax import UnreadablePageError, parse_page, read_page_text

    findings = 0
    checked = 0
    for path in _pages(paths):
        try:
            parse_page(read_page_text(path), str(path))
        except (UnreadablePageError, OSError) as error:
            click.echo(f"{path}: cannot be read: {error}", err=True)
            findings += 1
            continue
        checked += 1
    if findings:
        click.echo(f"Found {findings} problem{'s' if findings > 1 else ''} in {checked + findings} pages.")
        sys.exit(1)
    click.echo(f"All checks passed! ({checked} pages)")
