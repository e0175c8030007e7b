"""The formatter: a page printed as Logseq's own writer prints it.

Logseq regenerates a whole page from its block tree on every save (logseq/logseq
``src/main/frontend/modules/file/core.cljs`` ``tree->file-content``; LOGSEQ-SYNTAX.md §5):
each block's content (as Logseq stores it: without bullet and continuation indentation,
trimmed) is written as ``indent × (depth - 1)`` + ``- `` + its first line, and its other
lines at the same indentation plus two spaces; the text before the first bullet (the
pre-block) without bullet, followed by one blank line; an unbulleted ``# heading`` block as
it is; blocks joined by a line break, no blank lines between them, no line break at the end
(but after a page that is only properties). The indentation unit is
``:export/bullet-indentation``.

The formatter only moves text around: the equivalence gate parses what it would write
and refuses unless every block reads as before (tree, content, properties, references).
On top of Logseq's writer it removes trailing whitespace outside code, so a page Logseq
just saved is already formatted unless it has some.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .graph.config import GraphConfig, load_config
from .graph.discovery import find_root, graph_files
from .settings import Settings, load_settings
from .syntax import ast, parse_page
from .syntax.chars import JS_WHITESPACE
from .syntax.logseq import block_content, page_property_entries, remove_indentation
from .syntax.source import NESTED_TOO_DEEPLY, UnreadablePageError, content_digest, decode_page
from .syntax.summary import block_summary

INDENT_UNITS = {"tab": "\t", "two-spaces": "  ", "four-spaces": "    ", "eight-spaces": "        "}
_CODE_KINDS = frozenset(
    {ast.BlockKind.FENCE, ast.BlockKind.RAW, ast.BlockKind.DISPLAY_MATH, ast.BlockKind.LATEX, ast.BlockKind.HTML}
)


class NotFormattedError(Exception):
    """A page the formatter leaves as it is, and why; ``refused`` when the equivalence gate
    stopped it (a bug to report), not a page it does not format (Org, a byte-order mark)."""

    def __init__(self, reason: str, refused: bool = False) -> None:
        super().__init__(reason)
        self.refused = refused


@dataclass(frozen=True)
class FormatOptions:
    indentation: str = "tab"  # :export/bullet-indentation
    final_newline: bool = False  # end every page with a line break (Logseq writes none)


def format_page(text: str, path: str, options: FormatOptions = FormatOptions()) -> str:
    """The page as Logseq would write it. Raises ``NotFormattedError`` for pages the
    formatter leaves alone (Org pages, a byte-order mark) and when the equivalence gate
    finds that the result would read differently."""
    if path.endswith(".org"):
        raise NotFormattedError("Org pages are left as they are")
    if text.startswith("\ufeff"):
        raise NotFormattedError("the page starts with a byte-order mark, which Logseq reads as text")
    page = parse_page(text, path)
    unit = INDENT_UNITS.get(options.indentation, "\t")
    verbatim: set[int] = set()
    for attempt in range(_ATTEMPTS):
        formatted = _print(page, unit, verbatim)
        if options.final_newline and formatted and not formatted.endswith("\n"):
            formatted += "\n"
        if formatted == text:
            return text  # the same text reads the same: nothing to check
        difference = first_difference(page, parse_page(formatted, path))
        if difference is None:
            return formatted
        block, problem = difference
        # Whitespace that Logseq's reading depends on (`- TODO ` before more lines, a
        # directive's value, a line that stays in a quote): print that block as written.
        everything = set(range(len(page.blocks)))
        if verbatim == everything:
            break
        # A few blocks one by one (each try parses the page again), then all of them.
        late = attempt + 2 >= _ATTEMPTS
        verbatim = everything if block is None or block in verbatim or late else verbatim | {block}
    raise NotFormattedError(f"formatting would change how Logseq reads it ({problem}); please report this", True)


_ATTEMPTS = 5


def _print(page: ast.Page, unit: str, verbatim: set[int]) -> str:
    """The page as Logseq writes it; the blocks in ``verbatim`` (by index) keep their lines
    as written, only re-indented at their depth."""
    code_lines = _code_lines(page)
    parts: list[str] = []
    for block in page.blocks:
        if block.index in verbatim:
            parts.append(_as_written(page, block, unit * (block.depth - 1) if block.heading is not None else None))
            continue
        lines = _content_lines(page, block, code_lines)
        if block.heading is None:
            parts.append("\n".join(lines).strip("\n") + "\n")  # then one blank line
        elif block.heading.kind is ast.HeadingKind.HASH:
            parts.append("\n".join([lines[0], *(_reading_as(line, _HASH_WIDTH) for line in lines[1:])]))
        else:
            indent = unit * (block.depth - 1)
            # Logseq writes "- " and the first line; a bare "-" only for an empty block (a
            # "-" alone would make the next line the title).
            first = f"{indent}- {lines[0]}" if lines[0] or len(lines) > 1 else f"{indent}-"
            rest = [f"{indent}  {line}" for line in lines[1:]]
            parts.append("\n".join([first, *rest]))
    text = "\n".join(parts)
    if len(page.blocks) == 1 and page.blocks[0].is_pre_block:
        return text  # a page of page properties only ends with its line break
    return text.rstrip("\n") if parts and page.blocks[-1].is_pre_block else text


def _content_lines(page: ast.Page, block: ast.Block, code_lines: set[int]) -> list[str]:
    """The block's content, trimmed as Logseq trims it, without trailing whitespace on
    lines that are not code."""
    source = page.text[block.span.start : block.span.end] if block.is_pre_block else block_content(page, block)
    first_line = block.span.line
    lines = _lines(source)
    out = [line if first_line + number in code_lines else line.rstrip() for number, line in enumerate(lines)]
    out = _without_trailing_blank_lines(out)
    while len(out) > 1 and not out[0].strip() and block.is_pre_block:
        out.pop(0)
    return out


def _as_written(page: ast.Page, block: ast.Block, indent: str | None) -> str:
    """The block's text as written (blank lines after it included, line break at its end
    left out), its lines moved from the bullet's indentation to ``indent`` (None: where
    they are). Its lines keep their place relative to the bullet, which is what Logseq's
    reading of them depends on; a line less indented than the bullet stays where it is (a
    line that only reads as part of a quote or hiccup form there), unless Logseq would
    then take off a different part of its indentation: then it goes where it reads the
    same."""
    lines = _lines(page.text[block.span.start : block.span.end].removesuffix("\n").removesuffix("\r"))
    if indent is None or block.heading is None:
        return "\n".join(lines)
    first = lines[0]
    old = first[: len(first) - len(first.lstrip(JS_WHITESPACE))]
    # Logseq takes up to level + 1 blanks off each continuation line (the level being one
    # more than the bullet's indentation; 1 for a hash heading): a moved line must keep its
    # content under the new level.
    old_width = block.level + 1
    new_width = _HASH_WIDTH if block.heading.kind is ast.HeadingKind.HASH else len(indent) + 2
    out = [indent + first[len(old) :]]
    for line in lines[1:]:
        content = remove_indentation(f"\n{line}", old_width)[1:]
        moved = indent + line[len(old) :] if line.startswith(old) else line
        if remove_indentation(f"\n{moved}", new_width)[1:] != content:
            moved = _reading_as(content, new_width)
        out.append(moved)
    return "\n".join(out)


# Logseq takes up to level + 1 blanks off a continuation line; a hash heading's level is 1.
_HASH_WIDTH = 2


def _reading_as(content: str, width: int) -> str:
    """A continuation line that Logseq, taking up to ``width`` blanks off it (or all its
    leading blanks when there are fewer), reads as ``content``."""
    return " " * width + content if content and not content[:1].strip(JS_WHITESPACE) else content


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


def _without_trailing_blank_lines(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines.pop()
    return lines or [""]


def _code_lines(page: ast.Page) -> set[int]:
    """Line numbers of code, math and raw blocks (whose text is kept as it is) after their
    first line (the last one too: an unclosed block has no closing line)."""
    lines: set[int] = set()

    def visit(nodes: tuple[ast.Body, ...]) -> None:
        for node in nodes:
            if isinstance(node, ast.Verbatim) and node.kind in _CODE_KINDS:
                last = page.lines.position(max(node.span.start, node.span.end - 1))[0]
                lines.update(range(node.span.line + 1, last + 1))
            elif isinstance(node, ast.Container):
                visit(node.body)
            elif isinstance(node, ast.ListNode):
                for item in node.items:
                    visit(item.body)

    for block in page.blocks:
        visit(block.body)
    return lines


def _comparable(page: ast.Page) -> list[dict[str, Any]]:
    summaries = []
    for block in page.blocks:
        summary = block_summary(page, block)
        summary.pop("line")
        summary.pop("level")  # the raw indentation, which formatting changes
        summary["content"] = "\n".join(line.rstrip() for line in summary["content"].split("\n"))
        summary["title"] = summary["title"].rstrip()
        summaries.append(summary)
    return summaries


def equivalence_problem(before: ast.Page, after: ast.Page) -> str | None:
    """How the formatted page reads differently from the original (the first block that
    differs), or None when Logseq reads both the same: the same tree, and each block with
    the same content (but for indentation and trailing whitespace), properties and
    references."""
    difference = first_difference(before, after)
    return difference[1] if difference is not None else None


def first_difference(before: ast.Page, after: ast.Page) -> tuple[int | None, str] | None:
    """``equivalence_problem``, with the index of the original block that reads
    differently (None when it is the page as a whole)."""
    if {k: v.value for k, v in page_property_entries(before).items()} != {
        k: v.value for k, v in page_property_entries(after).items()
    }:
        return None, "the page properties differ"
    old, new = _comparable(before), _comparable(after)
    for number, (a, b) in enumerate(zip(old, new)):
        if a != b:
            field = next(key for key in a if a.get(key) != b.get(key))
            return number, f"the block at line {before.blocks[number].span.line} differs in its {field}"
    if len(old) != len(new):
        return None, f"{len(old)} blocks become {len(new)}"
    return None


# ---------------------------------------------------------------------- files


@dataclass(frozen=True)
class Formatted:
    """A page file and its formatted text (equal to ``before`` when nothing changes)."""

    path: Path
    before: str
    after: str
    digest: str  # of the bytes read, so the file is written only if it did not change since


def page_files(paths: Iterable[Path], final_newline: bool) -> Iterator[tuple[Path, FormatOptions]]:
    """The Markdown pages to format under the given paths, each with the options of its
    graph (``:export/bullet-indentation``, logseq-lint's ``final-newline``); files Logseq
    does not read and excluded files are left out, but a file given by name is always
    formatted (outside any graph, with Logseq's defaults)."""
    for given in paths:
        root = find_root(given)
        config = load_config(root)[0] if root else GraphConfig()
        settings = load_settings(root) if root else Settings()
        options = FormatOptions(config.bullet_indentation, final_newline or settings.final_newline)
        if given.is_file():
            yield given, options
        elif root is None:
            yield from ((path, options) for path in sorted(given.rglob("*.md")) if _visible(path, given))
        else:
            below = given.resolve()
            for file in graph_files(root, config):
                if (
                    file.extension in ("md", "markdown")
                    and file.path.resolve().is_relative_to(below)
                    and not settings.excluded(file.relative)
                ):
                    yield file.path, options


def _visible(path: Path, base: Path) -> bool:
    return path.is_file() and not any(part.startswith(".") for part in path.relative_to(base).parts)


@dataclass(frozen=True)
class NotFormatted:
    """A page left as it is, and why; ``failed`` when that is an error (exit status 2):
    the page cannot be read, or the equivalence gate stopped it."""

    path: Path
    reason: str
    failed: bool


def try_format(item: tuple[Path, FormatOptions]) -> Formatted | NotFormatted:
    """``format_file``, with what stops it as a value (what a worker process sends back)."""
    path, options = item
    try:
        return format_file(path, options)
    except NotFormattedError as error:
        return NotFormatted(path, str(error), error.refused)
    except (UnreadablePageError, OSError) as error:
        return NotFormatted(path, str(error), True)
    except RecursionError:  # printing or comparing a page the parser could read
        return NotFormatted(path, f"{path}: {NESTED_TOO_DEEPLY}", True)


def format_file(path: Path, options: FormatOptions) -> Formatted:
    """Read and format one page. Raises ``NotFormattedError`` (and ``UnreadablePageError``,
    ``OSError``) for a page that is left as it is."""
    data = path.read_bytes()
    before = decode_page(data, str(path))
    return Formatted(path, before, format_page(before, str(path), options), content_digest(data))
