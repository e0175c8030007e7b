"""The ``logseq-lint`` command line: click commands that wire the layers together.

Exit codes, as in ruff: 0 clean, 1 findings, 2 usage or internal error.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from . import __version__, tune_interpreter
from .baseline import BaselineError, Key, baseline_text, new_findings, read_baseline
from .graph import find_root, ignored_reason, load_config
from .graph.cache import CACHE_DIR
from .graph.cache import clear as clear_cache
from .graph.config import CONFIG_PATH, GraphConfig
from .graph.discovery import is_page, linked_folder
from .graph.git import staged_deletions
from .progress import ProgressBar
from .report import FORMATS, Finding, Report, statistics_lines, write_report
from .results import check_unchanged
from .scope import Scope
from .settings import Settings, SettingsError, load_settings
from .syntax.source import UnreadablePageError, decode_page
from .writer import UnsafeWriteError, write_output, write_text

if TYPE_CHECKING:
    from .lint import FixOutcome
    from .rules import Rule

# The parser, the rules and the reporters are imported where a command needs them, so that
# a check answered from the cache starts fast.


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
            if is_page(p.name) and p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        yield from sorted(found)


class _Main(click.Group):
    """The command group: an unexpected error is one line and exit status 2, with the
    traceback only under --verbose."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as error:
            if ctx.meta.get("verbose"):
                raise
            click.echo(
                f"error: internal error: {type(error).__name__}: {error} "
                "(run again with --verbose for the traceback, and please report it)",
                err=True,
            )
            sys.exit(2)


Command = TypeVar("Command", bound=Callable[..., Any])


def _verbose_option(command: Command) -> Command:
    def remember(ctx: click.Context, _: click.Parameter, value: bool) -> None:
        if value:
            ctx.meta["verbose"] = True

    return click.option(
        "-v",
        "--verbose",
        is_flag=True,
        expose_value=False,
        callback=remember,
        help="Show the traceback of an internal error.",
    )(command)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="logseq-lint")
@_verbose_option
def main() -> None:
    """Lint and format Logseq graphs, reading every page exactly as Logseq does."""
    tune_interpreter()


def run() -> NoReturn:
    """The console command: ``main``, then an exit that skips tearing the interpreter
    down (freeing a large graph's objects one by one costs tens of milliseconds, a good
    part of a pre-commit run), after the output is flushed. Only the command does this,
    never ``main`` as a library or a test calls it."""
    try:
        main()
        code = 0
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            code = done.code or 0
        else:  # sys.exit's message
            print(done.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # closed, or the reader went away
            code = code or 1
    os._exit(code)


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


def _overrides(
    select: str | None, extend_select: str | None, ignore: str | None, configs: tuple[str, ...]
) -> dict[str, Any]:
    """The settings the command line gives, as settings-file keys: ``--config`` values
    (TOML), then the rule-selection flags."""
    given: dict[str, Any] = {}
    for text in configs:
        import tomllib  # only here: a run without --config does not pay for it

        try:
            parsed = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            _fail(f"--config {text!r} is not a TOML `KEY = VALUE`: {error}")
        _deep_update(given, parsed)
    for key, value in (("select", select), ("extend-select", extend_select), ("ignore", ignore)):
        if value is not None:
            given[key] = [part.strip() for part in value.split(",") if part.strip()]
    return given


def _deep_update(target: dict[str, Any], new: dict[str, Any]) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _deep_update(target[key], value)
        else:
            target[key] = value


def _fail(message: str) -> NoReturn:
    """A usage or settings error: one line, exit status 2."""
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _settings(root: Path, overrides: dict[str, Any]) -> Settings:
    try:
        return load_settings(root, overrides)
    except SettingsError as error:
        _fail(str(error))


def _display(root: Path) -> Callable[[str], str]:
    """Paths as the user sees them: relative to the working folder when inside it."""
    cwd = Path.cwd()
    if root.is_relative_to(cwd):
        inside = root.relative_to(cwd).as_posix()
        prefix = "" if inside == "." else inside + "/"
        return lambda relative: prefix + relative
    if cwd.is_relative_to(root):  # the working folder is in the graph, e.g. in pages/
        here = cwd.relative_to(root).as_posix() + "/"
        return lambda relative: relative[len(here) :] if relative.startswith(here) else f"{root.as_posix()}/{relative}"
    return lambda relative: f"{root.as_posix()}/{relative}"


def _targets(paths: tuple[Path, ...]) -> dict[Path, list[Path]]:
    """The given paths by the graph they are in."""
    targets: dict[Path, list[Path]] = {}
    for path in paths:
        root = find_root(path)
        if root is None:
            raise click.UsageError(
                f"{path} is not in a Logseq graph: no logseq/config.edn in it or above it, "
                "and no pages/ or journals/ folder in it"
            )
        targets.setdefault(root, []).append(path.resolve())
    return targets


def _scope(root: Path, given: list[Path], show: Callable[[str], str]) -> Scope:
    """What to report on in one graph; a given file that Logseq does not read is skipped
    with a notice."""
    config, _ = load_config(root)
    folders: list[str] = []
    files: set[str] = set()
    for path in given:
        relative = path.relative_to(root).as_posix() if path != root else ""
        if path.is_dir():
            folders.append("" if relative == "." else relative)
            continue
        reason = ignored_reason(relative, config)
        if reason is not None and relative != CONFIG_PATH.as_posix():
            click.echo(f"{show(relative)}: skipped: Logseq does not read it ({reason})", err=True)
            continue
        files.add(relative)
    return Scope(tuple(folders), frozenset(files))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option("--fix", is_flag=True, help="Apply the safe fixes (and the unsafe ones with --unsafe-fixes).")
@click.option("--unsafe-fixes", is_flag=True, help="Count unsafe fixes as fixable, and apply them with --fix.")
@click.option(
    "--select",
    metavar="RULES",
    help="Comma-separated codes, code prefixes or names to run instead of the defaults; ALL runs every rule.",
)
@click.option("--extend-select", metavar="RULES", help="Rules to run on top of the selected ones.")
@click.option("--ignore", metavar="RULES", help="Rules not to run.")
@click.option(
    "--config",
    "configs",
    multiple=True,
    metavar="'KEY = VALUE'",
    help="A setting in TOML, over the settings file's: 'rules.broken-page-link.require-page-file = true'.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when something was fixed, even if nothing is left.")
@click.option("--diff", is_flag=True, help="Print what the fixes would change as a unified diff; write nothing.")
@click.option(
    "--output-format",
    type=click.Choice(FORMATS),
    envvar="LOGSEQ_LINT_OUTPUT_FORMAT",
    help="How to report (default full; env LOGSEQ_LINT_OUTPUT_FORMAT).",
)
@click.option(
    "-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to a file."
)
@click.option("--statistics", is_flag=True, help="Print how many problems each rule found, instead of the problems.")
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report only the problems that this baseline file (from --write-baseline) does not record.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record today's problems in a baseline file, and exit 0.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print the problems and nothing else (no summary).")
@click.option(
    "--no-cache",
    is_flag=True,
    envvar="LOGSEQ_LINT_NO_CACHE",
    help="Read every file, without the graph's cache (.logseq-lint-cache/); env LOGSEQ_LINT_NO_CACHE.",
)
@click.option(
    "--stdin-filename",
    type=click.Path(path_type=Path),
    help="With `-`: the path of the page read from standard input (its graph gives the context).",
)
@click.option("--show-settings", is_flag=True, help="Print the settings in force for the graph, and exit.")
@click.option(
    "--pre-commit",
    "pre_commit",
    is_flag=True,
    help="Run as a pre-commit hook: PATHS are the staged files; also report what staged deletions break "
    "(without PATHS, only that).",
)
@_verbose_option
def check(
    paths: tuple[Path, ...],
    fix: bool,
    unsafe_fixes: bool,
    select: str | None,
    extend_select: str | None,
    ignore: str | None,
    configs: tuple[str, ...],
    exit_zero: bool,
    exit_non_zero_on_fix: bool,
    diff: bool,
    output_format: str | None,
    output_file: Path | None,
    statistics: bool,
    baseline: Path | None,
    write_baseline: Path | None,
    quiet: bool,
    no_cache: bool,
    stdin_filename: Path | None,
    show_settings: bool,
    pre_commit: bool,
) -> None:
    """Check a graph, or some of its files, for problems.

    Given a folder, checks the graph it is in (the nearest folder up holding
    logseq/config.edn) and reports problems under the folder. Given files, loads their
    whole graph for context and reports the problems in those files, and the references
    elsewhere that they break (an id:: a file held in its last commit, now gone, that
    other pages still use). Given `-`, checks the page on standard input as the file
    --stdin-filename (with --fix, prints it fixed and reports on standard error).
    Settings come from .logseq-lint.toml, logseq-lint.toml or pyproject.toml
    [tool.logseq-lint] at or above the graph; flags override them.
    Exit status: 0 clean, 1 problems, 2 usage, settings or internal error.
    """
    overrides = _overrides(select, extend_select, ignore, configs)
    if fix and pre_commit and running_under_logseq():
        click.echo(LOGSEQ_NOTICE.format(what="fixing"), err=True)
        fix = False
    known = _baseline(baseline) if baseline is not None and write_baseline is None else None
    report = Report(fixing=fix, unsafe=unsafe_fixes, quiet=quiet)
    any_diff = False
    with contextlib.ExitStack() as stack:
        stdin = _stdin_page(stack, stdin_filename) if paths == (Path("-"),) else None
        if stdin is not None:
            targets = {stdin.root: [stdin.root / stdin.relative]}
        else:
            targets = _targets(paths) if paths or not pre_commit else _deletion_targets()
        for root, given in targets.items():
            settings = _settings(root, overrides)
            if show_settings:
                click.echo(settings.as_toml(), nl=False)
                return
            output_format = output_format or settings.output_format or "full"
            if output_format not in FORMATS:
                _fail(f"{settings.source}: output-format {output_format!r} is not one of {', '.join(FORMATS)}")
            show = _display(root) if stdin is None else stdin.display(_display(root))
            if stdin is not None:
                scope, texts = Scope(files=frozenset({stdin.relative})), {stdin.relative: stdin.text}
            else:
                scope, texts = _scope(root, given, show), {}
            deleted: list[str] = []
            if pre_commit:
                from .lint import deleted_pages

                deleted = deleted_pages(root, load_config(root)[0])
                scope = Scope(scope.folders, scope.files | set(deleted))
            if not scope.folders and not scope.files:
                continue
            changed = sorted(
                path for path in scope.files if is_page(path) and path not in texts and path not in deleted
            )
            with ProgressBar("Checking") as progress:
                if fix or diff:
                    from .lint import Committed, fix_graph

                    outcome = fix_graph(
                        root,
                        _rules(settings),
                        scope,
                        unsafe_fixes,
                        Committed(root, changed, deleted),
                        write=not diff and not texts,
                        settings=settings,
                        given=texts,
                        progress=progress,
                        use_cache=not no_cache,
                    )
                    for failure in outcome.failures:
                        click.echo(failure, err=True)
                    if diff:
                        any_diff = _print_diff(outcome, show) or any_diff
                        continue
                    if stdin is not None:
                        click.echo(outcome.changed.get(stdin.relative, ("", stdin.text))[1], nl=False)
                    found = outcome.remaining
                    report.fixed += outcome.fixed
                    graph = None
                elif not (changed or pre_commit or texts or no_cache):
                    found, read = check_unchanged(root, settings, scope, progress)
                    found = settings.apply(found)
                    graph = None
                    report.files += [show(relative) for relative in _reported(read, scope, settings)]
                else:
                    from .lint import Committed, check_graph, load, note_changes

                    committed = Committed(root, changed, deleted)  # git reads while the graph loads
                    rules = _rules(settings)
                    graph = load(root, rules, texts, progress, use_cache=not no_cache)
                    note_changes(graph, committed)
                    found = settings.apply(check_graph(graph, rules, scope))
            report.findings += [
                Finding(d, show(d.location.path), root / d.location.path, texts.get(d.location.path)) for d in found
            ]
            if graph is not None:
                report.files += [
                    show(relative) for relative in _reported([f.relative for f in graph.files], scope, settings)
                ]
    if diff:
        sys.exit(1 if any_diff and not exit_zero else 0)
    if write_baseline is not None:
        _write_output(write_baseline, baseline_text(report.findings, write_baseline))
        click.echo(f"Recorded {len(report.findings)} problems in {write_baseline}.", err=True)
        sys.exit(0)
    if known is not None and baseline is not None:
        report.findings, report.baselined = new_findings(report.findings, known, baseline)
    _emit(report, output_format or "full", output_file, statistics, err=stdin is not None and fix)
    failed = bool(report.findings) or (exit_non_zero_on_fix and report.fixed > 0)
    sys.exit(1 if failed and not exit_zero else 0)


def _rules(settings: Settings) -> list[Rule]:
    """The rules the settings select (the registry is imported here, when a check needs
    the rules themselves)."""
    from .rules import select_rules

    return select_rules(settings.select, settings.extend_select, settings.ignore, settings.rules)


def _reported(paths: list[str], scope: Scope, settings: Settings) -> list[str]:
    """The paths a check reports as checked, in their order."""
    covered = scope.covered(paths)
    return [path for path in paths if path in covered and not settings.excluded(path)]


@dataclass(frozen=True)
class _StdinPage:
    root: Path
    relative: str  # in the graph at root
    text: str
    shown: str  # as the user named it

    def display(self, show: Callable[[str], str]) -> Callable[[str], str]:
        return lambda relative: self.shown if relative == self.relative else show(relative)


def _stdin_page(stack: contextlib.ExitStack, stdin_filename: Path | None) -> _StdinPage:
    """The page on standard input, placed in the graph of --stdin-filename (or of the
    working folder); outside any graph, in an empty one of its own."""
    shown = str(stdin_filename) if stdin_filename is not None else "-"
    name = (stdin_filename or Path("pages/stdin.md")).absolute()
    try:
        text = decode_page(sys.stdin.buffer.read(), shown)
    except UnreadablePageError as error:
        _fail(str(error))
    root = _existing_root(name)
    if root is None or not name.is_relative_to(root):
        import tempfile  # only for a page on standard input outside any graph

        root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="logseq-lint-stdin-")))
        name = root / "pages" / name.name
    return _StdinPage(root, name.relative_to(root).as_posix(), text, shown)


def _baseline(path: Path) -> Counter[Key]:
    try:
        return read_baseline(path)
    except BaselineError as error:
        _fail(str(error))


def _write_output(path: Path, text: str) -> None:
    try:
        write_output(path, text)
    except UnsafeWriteError as error:
        _fail(str(error))


def _emit(report: Report, output_format: str, output_file: Path | None, statistics: bool, err: bool) -> None:
    """Write the report (or its statistics) to the output file, standard error (when
    standard output holds a fixed page) or standard output."""
    if output_file is not None:
        stream = io.StringIO()
        _render(report, output_format, stream, statistics, color=False)
        _write_output(output_file, stream.getvalue())
    else:
        _render(report, output_format, sys.stderr if err else sys.stdout, statistics, color=None)


def _render(report: Report, output_format: str, stream: IO[str], statistics: bool, color: bool | None) -> None:
    if statistics:
        for line in statistics_lines(report):
            stream.write(line + "\n")
    else:
        write_report(report, output_format, stream, color)


# Logseq's desktop app commits with the git it bundles (dugite), whose GIT_EXEC_PATH its
# hooks inherit (logseq/logseq src/electron/electron/git.cljs; dugite git-environment).
LOGSEQ_NOTICE = (
    "logseq-lint: this commit comes from Logseq's own git (auto-commit): {what} is skipped so that no page "
    "changes under the running app; run logseq-lint yourself to apply it"
)


def running_under_logseq() -> bool:
    """Whether git was started by the Logseq app (its bundled dugite git)."""
    return "dugite" in os.environ.get("GIT_EXEC_PATH", "").replace("\\", "/")


def _deletion_targets() -> dict[Path, list[Path]]:
    """For a commit that only deletes files: the graph of the working folder (or of the
    deleted files' folders), with nothing given in it."""
    folder = Path.cwd()
    root = find_root(folder) or next(
        (root for name in staged_deletions(folder) if (root := _existing_root(folder / name)) is not None), None
    )
    return {root: []} if root is not None else {}


def _existing_root(path: Path) -> Path | None:
    for folder in path.parents:
        if folder.is_dir():
            return find_root(folder)
    return None


def _print_diff(outcome: FixOutcome, show: Callable[[str], str]) -> bool:
    """Print the fixes as a unified diff (and renames as git shows them); whether there
    were any (``--diff`` then exits 1, as ruff's does)."""
    for path, (before, after) in sorted(outcome.changed.items()):
        click.echo(_unified(before, after, show(path)), nl=False)
    for source, target in outcome.renamed:
        click.echo(f"rename from {show(source)}\nrename to {show(target)}")
    return bool(outcome.changed or outcome.renamed)


@main.command(name="format")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if some page would change.")
@click.option("--diff", is_flag=True, help="Print the changes as a unified diff; write nothing.")
@click.option("--final-newline", is_flag=True, help="End every page with a line break (Logseq writes none).")
@click.option("--stdin-filename", type=click.Path(path_type=Path), help="The path of the page read from `-`.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (and, with --diff, the diffs).")
@_verbose_option
def format_command(
    paths: tuple[Path, ...],
    check_only: bool,
    diff: bool,
    final_newline: bool,
    stdin_filename: Path | None,
    quiet: bool,
) -> None:
    """Write pages as Logseq's own writer writes them (layout only, never content).

    Each page is written only if every block reads exactly as before (the equivalence
    gate); Org pages are left as they are. Exit status: 0 done (or nothing to change),
    1 with --check or --diff when some page would change, 2 when a page could not be
    formatted.
    """
    from .formatter import NotFormatted, page_files, try_format
    from .parallel import serial_or_parallel, worker_count

    if paths == (Path("-"),):
        _format_stdin(stdin_filename, final_newline)
        return
    if not check_only and not diff and running_under_logseq():
        click.echo(LOGSEQ_NOTICE.format(what="formatting"), err=True)
        check_only = True
    changed = unchanged = 0
    failed = False
    through_links = {path: link for path in paths if (link := linked_folder(path)) is not None}
    for path, link in through_links.items():
        click.echo(
            f"{path}: not formatted: {link} is a symbolic link; logseq-lint does not write through links", err=True
        )
        failed = True
    if paths and len(through_links) == len(paths):
        sys.exit(2)
    try:
        files = list(page_files(tuple(p for p in paths if p not in through_links) or (Path("."),), final_newline))
    except SettingsError as error:
        _fail(str(error))
    progress = ProgressBar("Formatting")
    workers = worker_count(sum(_size(path) for path, _ in files))
    for done, result in enumerate(serial_or_parallel(try_format, files, workers)):
        progress(done, len(files))
        path = result.path
        shown = _shown(path)
        if isinstance(result, NotFormatted):
            if result.failed or not path.name.endswith(".org"):  # Org pages are left alone on purpose
                click.echo(f"{shown}: not formatted: {result.reason}", err=True)
            failed = failed or result.failed
            continue
        if result.after == result.before:
            unchanged += 1
            continue
        changed += 1
        if diff:
            click.echo(_unified(result.before, result.after, shown), nl=False)
        elif check_only:
            if not quiet:
                click.echo(f"Would reformat: {shown}")
        else:
            try:
                write_text(path, result.after, result.digest)
            except UnsafeWriteError as error:
                click.echo(f"{shown}: not formatted: {error}", err=True)
                changed -= 1
                failed = True
    progress.close()
    noun = "file" if changed == 1 else "files"
    if not quiet and (check_only or diff):
        click.echo(f"{changed} {noun} would be reformatted, {unchanged} already formatted", err=diff)
    elif not quiet:
        click.echo(f"{changed} {noun} reformatted, {unchanged} left unchanged")
    sys.exit(2 if failed else 1 if changed and (check_only or diff) else 0)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _format_stdin(stdin_filename: Path | None, final_newline: bool) -> None:
    """``format -``: the page on standard input, formatted to standard output (as it was
    when it cannot be formatted, with the reason on standard error and exit status 2)."""
    from .formatter import FormatOptions, NotFormattedError, format_page

    name = stdin_filename or Path("stdin.md")
    root = find_root(name) if name.exists() or name.parent.exists() else None
    config = load_config(root)[0] if root else GraphConfig()
    text = decode_page(sys.stdin.buffer.read(), str(name))
    try:
        click.echo(format_page(text, str(name), FormatOptions(config.bullet_indentation, final_newline)), nl=False)
    except NotFormattedError as error:
        click.echo(text, nl=False)
        click.echo(f"{name}: not formatted: {error}", err=True)
        sys.exit(2)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _unified(before: str, after: str, shown: str) -> str:
    import difflib  # only for --diff

    old, new = (shown, shown) if Path(shown).is_absolute() else (f"a/{shown}", f"b/{shown}")
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), old, new)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
def clean(paths: tuple[Path, ...]) -> None:
    """Remove the cache (.logseq-lint-cache/) of the graph at each path (default: the
    working folder's)."""
    for path in paths or (Path("."),):
        root = find_root(path)
        if root is None:
            _fail(f"{path} is not in a Logseq graph")
        try:
            removed = clear_cache(root)
        except OSError as error:
            _fail(f"{_shown(root / CACHE_DIR)}: cannot remove the cache: {error}")
        click.echo(f"{_shown(root / CACHE_DIR)}: removed {removed} cache file{'' if removed == 1 else 's'}")


@main.command()
@click.argument("selector", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule (as `logseq-lint rules` does).")
def rule(selector: str | None, show_all: bool) -> None:
    """Explain a rule (by code or name): what it finds, why, an example, and its fix."""
    from .rules import UnknownSelectorError, find_rule

    if show_all or selector is None:
        _print_rules("text")
        return
    try:
        found = find_rule(selector)
    except UnknownSelectorError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"# {found.name} ({found.code})\n")
    click.echo(f"Severity: {found.severity}. {'On' if found.enabled_by_default else 'Off'} by default.\n")
    click.echo(found.documentation())


@main.command(name="rules")
@click.option(
    "--output-format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    help="A text table, a Markdown table (the README's), or JSON.",
)
def rules_command(output_format: str) -> None:
    """List every rule: code, name, severity, whether it runs by default, its fix, and
    what it finds."""
    _print_rules(output_format)


def _fix_kind(known: type[Rule]) -> str:
    from .rules import FixAvailability

    if known.fix_availability is FixAvailability.NONE or known.fix_applicability is None:
        return "none"
    sometimes = " (sometimes)" if known.fix_availability is FixAvailability.SOMETIMES else ""
    return f"{known.fix_applicability}{sometimes}"


def _print_rules(output_format: str) -> None:
    from .rules import RULES

    rows = [
        {
            "code": known.code,
            "name": known.name,
            "severity": str(known.severity),
            "default": known.enabled_by_default,
            "fix": _fix_kind(known),
            "summary": known.summary(),
        }
        for known in RULES
    ]
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
    elif output_format == "markdown":
        click.echo("| Code | Name | Severity | Default | Fix | What it finds |")
        click.echo("|------|------|----------|---------|-----|---------------|")
        for row in rows:
            on = "on" if row["default"] else "off"
            summary = str(row["summary"]).replace("|", "\\|")
            click.echo(f"| {row['code']} | `{row['name']}` | {row['severity']} | {on} | {row['fix']} | {summary} |")
    else:
        table = [["CODE", "NAME", "SEVERITY", "DEFAULT", "FIX", "WHAT IT FINDS"]]
        table += [
            [str(row[key]) for key in ("code", "name", "severity")]
            + ["on" if row["default"] else "off", str(row["fix"]), str(row["summary"])]
            for row in rows
        ]
        widths = [max(len(cells[column]) for cells in table) for column in range(5)]
        for cells in table:
            click.echo(
                "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=False)) + "  " + cells[5]
            )
