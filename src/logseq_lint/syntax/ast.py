"""The syntax tree of a Logseq page: plain frozen dataclasses with exact source spans.

Every node knows the characters it came from (``span``), so a diagnostic can point at them
and a fix can replace them; ``Page.source(node)`` gives a node's exact text back. The tree is
mldoc's reading of the page: a page is an optional front matter, the content before the first
block (Logseq's pre-block) and blocks; a block is its first line (``Heading``) plus the body
nodes up to the next one. Nesting (depth, parent) is Logseq's, computed from the raw levels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple, TypeVar

from .source import LineTable

T = TypeVar("T")


class Span(NamedTuple):
    """Where a node is: character offsets ``[start, end)`` into the page text, and the
    1-based line and column (in characters) of its start. (A named tuple: there are many.)"""

    start: int
    end: int
    line: int
    column: int


# ---------------------------------------------------------------------- inline nodes


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Break:
    """A line break inside a paragraph (mldoc keeps each as a node of its own)."""

    span: Span


@dataclass(frozen=True, slots=True)
class PageRef:
    """``[[name]]``: a reference to the page ``name`` (as written)."""

    span: Span
    name: str


@dataclass(frozen=True, slots=True)
class NestedLink:
    """``[[a [[b]]]]``: a reference to the page ``a [[b]]`` that also holds inner links."""

    span: Span
    name: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Tag:
    """``#name`` or ``#[[name]]``; ``parts`` keep any links inside the tag's name."""

    span: Span
    name: str
    parts: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class BlockRef:
    """``((target))``; Logseq resolves it when ``target`` is a UUID."""

    span: Span
    target: str


@dataclass(frozen=True, slots=True)
class Macro:
    """``{{name arguments}}``; ``{{embed [[page]]}}`` and ``{{embed ((uuid))}}`` are refs."""

    span: Span
    name: str
    arguments: tuple[str, ...]


class LinkKind(StrEnum):
    """What a link's target is, as mldoc classifies it."""

    PAGE = "page"  # [label]([[page]]), [[page]][label] in Org
    BLOCK = "block"  # [label](((uuid)))
    FILE = "file"  # [label](file.md), [[file:x.org][label]]
    SEARCH = "search"  # [label](text), [[text][label]] in Org
    URL = "url"  # https://…, [label](https://…), <https://…>
    ID = "id"  # <id:uuid>, [label](id://uuid): a block, by uuid


@dataclass(frozen=True, slots=True)
class Link:
    """A Markdown or Org link (also an image when ``image``)."""

    span: Span
    kind: LinkKind
    target: str
    label: tuple[Inline, ...]
    image: bool = False


@dataclass(frozen=True, slots=True)
class Code:
    """Inline code or verbatim text; nothing inside is a reference."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Math:
    """Inline math (``$…$``, ``\\(…\\)``); nothing inside is a reference."""

    span: Span


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Bold, italic, strike-through, highlight…; references inside count."""

    span: Span
    kind: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Timestamp:
    """``SCHEDULED: <2024-01-31 Wed>``, ``<2024-01-31 Wed>`` and the like."""

    span: Span
    keyword: str | None


@dataclass(frozen=True, slots=True)
class Opaque:
    """Inline syntax whose inside does not matter to Logseq's references (inline HTML,
    hiccup, footnote references, entities…)."""

    span: Span
    kind: str


Inline = (
    Text | Break | PageRef | NestedLink | Tag | BlockRef | Macro | Link | Code | Math | Emphasis | Timestamp | Opaque
)


# ---------------------------------------------------------------------- body nodes


class PropertySyntax(StrEnum):
    """How a property is written."""

    LOGSEQ = "logseq"  # key:: value
    DRAWER = "drawer"  # :key: value, in a :PROPERTIES: drawer
    DIRECTIVE = "directive"  # #+key: value, glued to a property group


@dataclass(frozen=True, slots=True)
class Property:
    """One property line of a property group."""

    span: Span
    syntax: PropertySyntax
    key: str
    key_span: Span
    value: str
    value_span: Span
    inline: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class PropertyDrawer:
    """A group of consecutive property lines, as mldoc groups them."""

    span: Span
    properties: tuple[Property, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Consecutive text lines and the blank lines between them, parsed inline as one."""

    span: Span
    inline: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Directive:
    """``#+KEY: value`` (or a front matter line); Logseq makes it a page property."""

    span: Span
    key: str
    value: str
    inline: tuple[Inline, ...]


class BlockKind(StrEnum):
    """Multi-line constructs whose inside is text, not blocks."""

    FENCE = "fence"  # ``` or ~~~ code
    RAW = "raw"  # #+BEGIN_SRC / EXAMPLE / EXPORT / COMMENT
    DISPLAY_MATH = "display_math"  # $$ … $$
    LATEX = "latex"  # \begin{x} … \end{x}
    HTML = "html"
    HICCUP = "hiccup"
    DRAWER = "drawer"  # :LOGBOOK: … :END:
    VERBATIM = "verbatim"  # Org ":" lines
    HR = "hr"
    COMMENT = "comment"


@dataclass(frozen=True, slots=True)
class Verbatim:
    """An opaque multi-line construct: code, math, HTML, a drawer… (see ``BlockKind``)."""

    span: Span
    kind: BlockKind
    name: str | None


@dataclass(frozen=True, slots=True)
class Container:
    """A construct whose inside mldoc parses again (without blocks): a ``>`` quote, or a
    ``#+BEGIN_QUOTE`` / ``#+BEGIN_NOTE`` / ``#+BEGIN_QUERY``… block (``name`` lower-cased)."""

    span: Span
    name: str
    body: tuple[Body, ...]


@dataclass(frozen=True, slots=True)
class TableCell:
    span: Span
    inline: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Table:
    span: Span
    rows: tuple[tuple[TableCell, ...], ...]


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote definition."""

    span: Span
    label: str
    inline: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    """A ``*``, ``+`` or ``1.`` item (never a block in Markdown), or a definition."""

    span: Span
    term: tuple[Inline, ...]
    body: tuple[Body, ...]


@dataclass(frozen=True, slots=True)
class ListNode:
    span: Span
    items: tuple[ListItem, ...]


Body = Paragraph | PropertyDrawer | Directive | Verbatim | Container | Table | Footnote | ListNode


# ---------------------------------------------------------------------- blocks and pages


class HeadingKind(StrEnum):
    BULLET = "bullet"  # - text
    HASH = "hash"  # # text, without a bullet
    HEADLINE = "headline"  # Org * text


@dataclass(frozen=True, slots=True)
class Heading:
    """A block's first line: the bullet (or ``#``s, or Org stars), marker, priority, title."""

    span: Span
    kind: HeadingKind
    level: int  # mldoc's raw level: 1 + indentation characters, or Org stars
    size: int | None  # number of # for a Markdown heading
    marker: str | None
    marker_span: Span | None
    priority: str | None
    title: tuple[Inline, ...]
    title_span: Span | None


@dataclass(frozen=True, slots=True)
class Block:
    """A Logseq block: its heading line and body, or the pre-block (``heading`` is None).

    ``level`` is mldoc's raw level, ``depth`` (1 = top) and ``parent`` (an index into
    ``Page.blocks``) are Logseq's tree after its fix-up of uneven indentation.
    """

    index: int
    span: Span
    heading: Heading | None
    body: tuple[Body, ...]
    level: int
    depth: int
    parent: int | None

    @property
    def is_pre_block(self) -> bool:
        return self.heading is None


class Format(StrEnum):
    """The two page syntaxes Logseq reads."""

    MARKDOWN = "markdown"
    ORG = "org"


# Nodes that neither reference anything nor hold nodes (most of a page's are text).
INERT = frozenset({Text, Break, Code, Math, Timestamp, Opaque, Verbatim})


@dataclass(frozen=True, slots=True)
class Page:
    """A parsed page: its text, front matter directives and blocks."""

    path: str
    format: Format
    text: str
    front_matter: tuple[Directive, ...] | None
    blocks: tuple[Block, ...]
    lines: LineTable = field(repr=False, compare=False)
    # What several readers derive from the page (a block's properties, its references),
    # computed once: see ``memoized``.
    memo: dict[object, object] = field(default_factory=dict, repr=False, compare=False)

    def memoized(self, key: object, compute: Callable[[], T]) -> T:
        """``compute()``, once per page and key (the result must not be changed)."""
        try:
            return self.memo[key]  # type: ignore[return-value]
        except KeyError:
            value = self.memo[key] = compute()
            return value

    def source(self, node: object) -> str:
        """The exact source text of a node (anything with a ``span``)."""
        span: Span = node.span  # type: ignore[attr-defined]
        return self.text[span.start : span.end]
