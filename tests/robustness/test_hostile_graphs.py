"""Hostile files in a graph, through the real command: each run ends in a bounded time with a
clear finding for the file (or a clean result where its content is legitimately fine), the
rest of the graph still checked, formatted and fixed, the documented exit status, no
traceback, and nothing written that should not be.

Each graph holds the hostile file and a normal page with a known finding (``cli_runs``).
The light cases run ``check``, ``format --check``, ``format`` and ``check --fix`` in turn
on the same graph; the heavy ones (marked slow) run ``check`` and ``format``, which
between them read, parse, format and write. After every run each file but the tool's own
cache folder is compared, bytes and modification time, with what it was before: only the
normal page may change, and only under ``format`` and ``check --fix``.

Parser-level versions of the same inputs, with their time scaling, are in
``tests/syntax/test_hostile_input.py``; here the question is what the whole tool does.
100,000 *bullet* levels would take 5 GB (each level one more indentation character), so
the 100,000-level cases nest within a line (quotes, links, brackets) and the bullets go
10,000 levels deep (50 MB, the large page).
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cli_runs import (
    NORMAL,
    NORMAL_FINDING,
    NORMAL_FIXED,
    NORMAL_FORMATTED,
    NORMAL_TEXT,
    Run,
    changes,
    make_graph,
    run,
    snapshot,
)

BAD = "pages/bad.md"
CONFIG = "logseq/config.edn"
TEXT = "- hello [[World]]\n- second"  # what the UTF-16 pages say
UNREADABLE = f"{BAD}:1:1: G004 [unreadable-file]"
N = 100_000
TOO_LARGE = f"{CONFIG}:1:1: G001 [invalid-config]"


@dataclass(frozen=True)
class Hostile:
    """A hostile input: the files that make it, what ``check`` must report about it
    (the start of its concise line; None when the content is fine and nothing is to be
    reported), whether ``format`` cannot format it (exit 2), and the time bound of a run.
    ``either``: a page that Logseq's own parser cannot read either (it overflows its
    stack), so that a finding about it and a clean result are both right."""

    name: str
    files: dict[str, bytes]
    finding: str | None
    unformattable: bool = False
    timeout: float = 60.0
    slow: bool = False
    bug: str | None = None  # an open bug: the case is a strict xfail until it is fixed
    either: bool = False
    hostile_paths: tuple[str, ...] = field(default=())

    @property
    def paths(self) -> tuple[str, ...]:
        """The hostile files, which no run may change."""
        return self.hostile_paths or tuple(self.files)


def _binary() -> bytes:
    """A PNG signature and random bytes, named ``.md``."""
    return b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(20_000)


def _config_with_settings(size: int) -> bytes:
    """A valid ``config.edn`` of about ``size`` bytes, nearly all of it macros (a
    token every few bytes)."""
    entries = "".join(f' :m{i} "{{{{embed [[p{i}]]}}}}"\n' for i in range(size // 28))
    return ("{:meta/version 1\n :macros {\n" + entries + "}}\n").encode()


def _config_of_comments(size: int) -> bytes:
    """A valid ``config.edn`` of about ``size`` bytes, nearly all of it comments and one
    long string: large but with few tokens."""
    line = ";; " + "a comment explaining a setting, as Logseq's default config.edn does " * 2 + "\n"
    half = size // 2
    return (
        "{:meta/version 1\n" + line * (half // len(line)) + ' :default-templates {:journals "' + "x" * half + '"}}\n'
    ).encode()


LIGHT = [
    Hostile("invalid UTF-8", {BAD: b"- caf\xe9 au lait\n- [[Paris]]"}, UNREADABLE, unformattable=True),
    Hostile("UTF-16 with BOM", {BAD: TEXT.encode("utf-16")}, UNREADABLE, unformattable=True),
    Hostile(
        "UTF-16 LE without BOM",
        {BAD: TEXT.encode("utf-16-le")},
        UNREADABLE,
        unformattable=True,
    ),
    Hostile(
        "UTF-16 BE without BOM",
        {BAD: TEXT.encode("utf-16-be")},
        UNREADABLE,
        unformattable=True,
    ),
    Hostile(
        "NUL bytes",
        {BAD: b"- a\x00b\n- \x00\x00\n"},
        UNREADABLE,
        unformattable=True,
    ),
    Hostile(
        "zero-filled page",
        {BAD: b"\x00" * 4096},
        UNREADABLE,
        unformattable=True,
    ),
    Hostile("binary file named .md", {BAD: _binary()}, UNREADABLE, unformattable=True),
    Hostile("100,000 unclosed ((", {BAD: b"- " + b"((" * N}, None),
    Hostile("100,000 unclosed {{", {BAD: b"- " + b"{{" * N}, None),
    # Logseq reads them (slowly); logseq-lint stops at 100 levels: each is parsed again inside
    # the one around it, so the work grows with the page times the depth.
    Hostile("300 nested quotes", {BAD: b"- " + b">" * 300 + b" x"}, UNREADABLE, unformattable=True),
    Hostile("100,000 nested quotes", {BAD: b"- " + b">" * N + b" x"}, UNREADABLE, unformattable=True),
    Hostile(
        "malformed config.edn",
        {CONFIG: b'{:file/name-format :triple-lowbar\n :hidden ["archive"}\n'},
        f"{CONFIG}:2:20: G001 [invalid-config]",
    ),
    Hostile(
        "config.edn not UTF-8", {CONFIG: b'{:meta/version 1 :x "caf\xe9"}'}, f"{CONFIG}:1:1: G001 [invalid-config]"
    ),
    Hostile("config.edn of 100,000 [", {CONFIG: b"[" * N}, f"{CONFIG}:1:100001: G001 [invalid-config]"),
    Hostile("config.edn of 100,000 {", {CONFIG: b"{" * N}, f"{CONFIG}:1:100001: G001 [invalid-config]"),
]

HEAVY = [
    # A list in a block (as format leaves it), 1,000 levels deep: 1 MB, mostly indentation.
    Hostile(
        "1,000 nested list items",
        {BAD: ("- a list\n" + "\n".join("  " + " " * (2 * i) + "* a" for i in range(1000))).encode()},
        None,
        either=True,
    ),
    Hostile(
        "100,000 blanks in a line",
        {BAD: b"- a" + b" " * N + b"b"},
        None,
        timeout=15.0,
    ),
    Hostile(
        "50 MB page, 10,000 bullet levels",
        {BAD: "\n".join("\t" * i + "- x" for i in range(10_000)).encode()},
        None,
    ),
    Hostile("1 MB line", {BAD: ("- " + "a word and a [[link]] " * 45_000).rstrip().encode()}, None),
    Hostile(
        "100,000 unclosed [[",
        {BAD: b"- " + b"[[" * N},
        None,
    ),
    Hostile("100,000 nested links", {BAD: b"- " + b"[[a " * N + b"]]" * N}, None),
    Hostile("config.edn nested 100,000 deep", {CONFIG: b"[" * N + b"]" * N}, f"{CONFIG}:1:1: G001 [invalid-config]"),
    # Larger than 1 MB: not read (EDN reading grows faster than the text), the defaults used.
    Hostile("20 MB config.edn of comments", {CONFIG: _config_of_comments(20_000_000)}, TOO_LARGE),
    Hostile("20 MB config.edn of settings", {CONFIG: _config_with_settings(20_000_000)}, TOO_LARGE, timeout=30.0),
]


def _params(cases: list[Hostile], slow: bool) -> list[object]:
    marks = [pytest.mark.slow] if slow else []
    return [
        pytest.param(
            case,
            id=case.name,
            marks=[*marks, *([pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else [])],
        )
        for case in cases
    ]


def _run(root: Path, user_cache: Path, case: Hostile, *args: str) -> Run:
    done = run(*args, ".", user_cache=user_cache, timeout=case.timeout, cwd=root)
    done.assert_clean_exit()
    return done


def _checked(done: Run, case: Hostile) -> None:
    """``check``'s report: the finding for the hostile file (or none about it), the normal
    page's finding, exit status 1 (problems)."""
    lines = done.stdout.splitlines()
    assert done.code == 1, str(done)
    assert any(line.startswith(NORMAL_FINDING) for line in lines), str(done)
    if case.finding is not None:
        assert any(line.startswith(case.finding) for line in lines), str(done)
    elif not case.either:
        assert not [line for line in lines if line.startswith(case.paths)], str(done)


def _formatted(done: Run, case: Hostile, check_only: bool) -> None:
    """``format``'s exit status and messages: 2 and "not formatted" for a page it cannot
    read; else 0 (1 with --check, since the normal page would change)."""
    if case.either and done.code == 2:  # a page it could not format, saying so
        assert all(f"{path}: not formatted" in done.stderr for path in case.paths), str(done)
    elif case.unformattable:
        assert done.code == 2, str(done)
        assert all(f"{path}: not formatted" in done.stderr for path in case.paths), str(done)
    else:
        assert done.code == (1 if check_only else 0), str(done)
    if check_only:
        assert f"Would reformat: {NORMAL}" in done.stdout, str(done)


def _check_case(tmp_path: Path, case: Hostile, heavy: bool) -> None:
    root = make_graph(tmp_path / "graph", case.files)
    user_cache = tmp_path / "user-cache"
    original = snapshot(root)
    _checked(_run(root, user_cache, case, "check"), case)
    assert changes(original, snapshot(root)) == set(), "check wrote a file"
    if not heavy:
        _formatted(_run(root, user_cache, case, "format", "--check"), case, check_only=True)
        assert changes(original, snapshot(root)) == set(), "format --check wrote a file"
    _formatted(_run(root, user_cache, case, "format"), case, check_only=False)
    after = snapshot(root)
    assert changes(original, after) == {NORMAL}, "format wrote another file than the normal page"
    assert after[NORMAL][0] == NORMAL_FORMATTED
    if not heavy:
        fixed = _run(root, user_cache, case, "check", "--fix")
        expected = {0, 1} if case.either else {0 if case.finding is None else 1}
        assert fixed.code in expected, str(fixed)
        final = snapshot(root)
        assert changes(after, final) == {NORMAL}, "check --fix wrote another file than the normal page"
        assert final[NORMAL][0] == NORMAL_FIXED


@pytest.mark.parametrize("case", _params(LIGHT, slow=False))
def test_hostile_file(tmp_path: Path, case: Hostile) -> None:
    """check, format --check, format and check --fix on a graph with the hostile file."""
    _check_case(tmp_path, case, heavy=False)


@pytest.mark.parametrize("case", _params(HEAVY, slow=True))
def test_large_hostile_file(tmp_path: Path, case: Hostile) -> None:
    """check and format on a graph with a large hostile file."""
    _check_case(tmp_path, case, heavy=True)


@pytest.mark.slow
def test_graph_of_100000_empty_files(tmp_path: Path) -> None:
    """100,000 empty pages are fine pages: the check and the format are clean for them,
    the normal page is still reported, and nothing is written."""
    root = make_graph(tmp_path / "graph", {})
    pages = root / "pages"
    for number in range(N):
        os.close(os.open(pages / f"empty {number}.md", os.O_CREAT | os.O_WRONLY, 0o644))
    user_cache = tmp_path / "user-cache"
    original = snapshot(root, contents=False)
    case = Hostile("empty files", {}, None, timeout=120.0, hostile_paths=("pages/empty ",))
    _checked(_run(root, user_cache, case, "check"), case)
    checked = _run(root, user_cache, case, "format", "--check")
    _formatted(checked, case, check_only=True)
    assert f"1 file would be reformatted, {N} already formatted" in checked.stderr + checked.stdout
    assert changes(original, snapshot(root, contents=False)) == set()
    assert (root / NORMAL).read_bytes() == NORMAL_TEXT


@pytest.mark.slow
def test_a_page_of_4000_empty_bullets_is_checked_and_fixed_in_bounded_time(tmp_path: Path) -> None:
    """A page of 4,000 blocks each followed by an empty bullet (what pressing Enter at the
    end of each block leaves): check reports them and check --fix removes them, each run
    within 30 s."""
    count = 4000
    page = "\n".join(f"- block {number}\n-" for number in range(count)).encode()
    root = make_graph(tmp_path / "graph", {BAD: page})
    case = Hostile("empty bullets", {BAD: page}, f"{BAD}:2:1: S001 [empty-bullet]", timeout=30.0)
    checked = _run(root, tmp_path / "user-cache", case, "check")
    _checked(checked, case)
    assert sum(line.startswith(f"{BAD}:") for line in checked.stdout.splitlines()) == count
    fixed = _run(root, tmp_path / "user-cache", case, "check", "--fix")
    assert fixed.code == 0, str(fixed)
    # The last empty bullet's line goes; the line break before it is the last block's.
    assert (root / BAD).read_bytes() == "".join(f"- block {number}\n" for number in range(count)).encode()
