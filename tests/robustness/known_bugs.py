"""What the robustness suite found in ``src/``, each finding with a minimal page.

- ``FIXED``: bugs found and since fixed; ``test_found_bugs.py`` keeps their pages as
  regression tests.
- ``KNOWN_BUGS``: invariants (``invariants.py``) still broken. Each page is a strict xfail
  in ``test_found_bugs.py``, and each bug has a predicate for the generated pages it may
  explain, which the properties skip (``hypothesis.assume``) so that they keep looking for
  other bugs.
- ``KNOWN_DISAGREEMENTS``: pages the parser reads differently from Logseq. Their pages and
  Logseq's readings are in ``fixtures/oracle_disagreements.json`` (strict xfails in
  ``test_oracle_disagreements.py``); the differential fuzzing skips the pages their
  predicates cover.

When a known bug or disagreement is fixed its xfail passes, which fails the suite: then
move it to ``FIXED`` (or drop its ``KNOWN_DISAGREEMENTS`` entry, the fixture staying as a
regression case), and the properties check those pages again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from invariants import PAGE, check_fix, check_format, check_lossless

from logseq_lint.syntax import Format


@dataclass(frozen=True, kw_only=True)
class Finding:
    name: str
    what: str  # what goes (or went) wrong; for a known bug, the xfail's reason
    page: str  # a minimal page that shows it
    check: Callable[..., None]  # the invariant it breaks, from ``invariants``
    options: tuple[object, ...] = ()  # what the check is given after the page

    def reproduce(self) -> None:
        self.check(self.page, *self.options)


@dataclass(frozen=True, kw_only=True)
class KnownBug(Finding):
    covers: Callable[[str], bool]  # whether a generated page may be showing this bug


@dataclass(frozen=True, kw_only=True)
class KnownDisagreement:
    name: str  # the name of its case in fixtures/oracle_disagreements.json
    what: str
    covers: Callable[[str, Format], bool]


# ---------------------------------------------------------------------- fixed

FIXED = (
    Finding(
        name="format-leading-blank-line",
        what="format dropped a blank line at the top of the pre-block, which changes its title "
        "(and can make `title::` rename the page): the gate refused",
        page="\na",
        check=check_format,
    ),
    Finding(
        name="format-empty-first-line",
        what="a block whose first line is empty and whose text goes on below was printed as a bare "
        "`-`, which makes the next line its title: the gate refused",
        page="- \na",
        check=check_format,
    ),
    Finding(
        name="format-hash-heading-indented-line",
        what="an unbulleted `# heading` block lost the continuation indentation Logseq removes when "
        "reading, so an indented line below it read less indented: the gate refused",
        page="# h\n   a",
        check=check_format,
    ),
    Finding(
        name="format-bare-marker",
        what="`- TODO ` before more lines lost its trailing space, without which `TODO` is the title, "
        "not a marker: the gate refused",
        page="- TODO \na",
        check=check_format,
    ),
    Finding(
        name="format-directive-trailing-space",
        what="`#+title: x ` lost the trailing space that Logseq keeps in the page property's value: the gate refused",
        page="#+title: x ",
        check=check_format,
    ),
    Finding(
        name="format-hiccup-trailing-space",
        what="`[:div ` (with its space) up to a later `]]` is one hiccup form that swallows the bullet "
        "between; without the space the bullet is a block: the gate refused",
        page="[:div \n- [[a]]",
        check=check_format,
    ),
    Finding(
        name="format-quote-dash-tab",
        what="a line `-` and a tab stays in the `> quote` above it; without the tab it is an empty "
        "block: the gate refused",
        page="- > a\n-\t",
        check=check_format,
    ),
    Finding(
        name="fix-empty-bullet-renests-the-next-blocks",
        what='`check --fix` refused the page ("please report this"): deleting the empty `  -` '
        "(S001's safe fix) re-nests the blocks after it, since its level is what Logseq fixes the "
        "outdented `\\t- x` up against; without it `\\t\\t- b` becomes a child of `\\t- x`",
        page="- x\n  -\n\t- x\n\t\t- b",
        check=check_fix,
        options=(False,),
    ),
    Finding(
        name="fix-empty-first-bullet-before-blank-line",
        what='`check --fix` refused the page ("please report this"): deleting an empty first bullet '
        "followed by a blank line (S001's safe fix) left the blank line at the top as a pre-block, "
        "which the indented blocks below became children of",
        page=" -\n\n\t- a",
        check=check_fix,
        options=(False,),
    ),
    Finding(
        name="format-indented-block-kept-as-written",
        what="an indented block printed as written (first line only a marker and a space, "
        "`\\t- TODO ` with more lines below; a `#+key: value ` ending in whitespace; a `* a` list "
        "taking in a `#+BEGIN_EXAMPLE` that holds `\\t\\t\\t- x`) had its bullet moved to the new "
        "indentation but its other lines left at the old one: the gate refused",
        page="\t- TODO \n\t  a",
        check=check_format,
    ),
    Finding(
        name="format-every-block-as-written",
        what="when the page properties would change (`#+e:x ` losing its space), every block was "
        "printed as written, which dropped the blank line between `- >a` and `-\\t` but kept the tab, "
        "so `-\\t` joined the quote: the gate refused",
        page="#+e:x \n- >a\n\n-\t",
        check=check_format,
    ),
    Finding(
        name="format-not-idempotent-unclosed-latex",
        what="format was not idempotent on an unclosed `\\begin{x}`: it kept the trailing space of "
        "`a ` as a code line while a whitespace-only line followed, dropped that line, and the next "
        "run stripped the space",
        page="\\begin{x}\na \n\t",
        check=check_format,
    ),
    Finding(
        name="block-ref-across-lines-in-a-container",
        what="a `((…))` spanning lines inside a `#+BEGIN_…` block or a `> quote` has a target without "
        "the container's indentation (or `> `), so it is not its span's text; that is the target "
        "Logseq reads, and the lossless check now expects it (the span is still the exact source)",
        page="#+BEGIN_Q\n\t((\n\t))\n#+END_Q",
        check=check_lossless,
        options=(PAGE,),
    ),
    Finding(
        name="fix-blank-pre-block-and-empty-bullets",
        what='`check --fix` refused the page ("please report this"): on a blank line followed by '
        "empty bullets, S001 deletes every bullet, which leaves a page of whitespace without the "
        "(blank) pre-block it had, and the safety check stopped the write",
        page="\n-\n-",
        check=check_fix,
        options=(False,),
    ),
    Finding(
        name="fix-stray-properties-after-quote-title",
        what="`check --fix --unsafe-fixes` never converged on `- > a` followed by `id:: …` (which Logseq "
        "reads as the block's properties): P003 reported them as coming after the block's text, and "
        "its fix moved them to where they already are, adding a line break each round (the same "
        "no-op move as with a glued priority)",
        page="- > a\nid:: 6571f0a2-3b1c-4d5e-9f60-718293a4b5c6",
        check=check_fix,
        options=(True,),
    ),
    Finding(
        name="fix-stray-properties-after-glued-priority",
        what="`check --fix --unsafe-fixes` never converged on a block whose priority is glued to its "
        "title (`- [#A]a`, which Logseq reads as priority A): P003 reported the property line right "
        "under it as coming after the block's text, and its fix moved the line to where it already "
        "is, adding a line break each round; after 10 rounds it reported 10 fixes, the page has gained "
        "blank lines and the finding is still there",
        page="- [#A]a\nk:: v",
        check=check_fix,
        options=(True,),
    ),
    Finding(
        name="format-indented-hash-heading",
        what="format refused an indented `# h` heading (not bulleted) with a line below it indented "
        "more than Logseq removes (`\\t# h` then `\\t  a`, whose content is `# h\\n a`): it moved the "
        "heading to the left edge with the line as it was, which then read `a`, so the gate stopped it "
        "and `format` exited 2",
        page="\t# h\n\t  a",
        check=check_format,
    ),
    Finding(
        name="format-block-kept-as-written-moved-left",
        what="format refused an indented block that it prints as written when some of its lines are "
        "less indented than its bullet (` - a`, then `1. m` taking in a `#+BEGIN_E` block, then "
        "`\\t\\t\\t#+END_E`): it moved the bullet left but not those lines, and a line "
        "indented more than Logseq removes then lost less (`\\t#+END_E` instead of `#+END_E`), so the "
        "gate stopped it and `format` exited 2",
        page=" - a\n1. m\n#+BEGIN_E\n-\n\t\t\t#+END_E",
        check=check_format,
    ),
)


# ---------------------------------------------------------------------- known bugs


# None is open now; a new one goes here, with a predicate for the pages it may explain.
KNOWN_BUGS: tuple[KnownBug, ...] = ()


def explained(check: Callable[..., None], text: str) -> bool:
    """Whether a known bug that breaks ``check`` may explain a failure on this page."""
    return any(bug.check is check and bug.covers(text) for bug in KNOWN_BUGS)


# ---------------------------------------------------------------------- disagreements with Logseq

KNOWN_DISAGREEMENTS: tuple[KnownDisagreement, ...] = (
    KnownDisagreement(
        name="unclosed LaTeX environment on a line ending in a tab and CRLF",
        what="mldoc reads `\\begin{n} ((uuid))\\。` followed by a tab and CRLF with no block reference "
        "(with LF, or without the tab, it has one, as the parser does)",
        covers=lambda text, fmt: "\\begin{" in text and "\r" in text,
    ),
    KnownDisagreement(
        name="noncharacter U+10FFFF before a bullet",
        what="mldoc gives the pre-block `\\U0010ffff` followed by a bullet the content `\\U0010ffff\\n-` "
        "(the next line too; with an emoji there it does not), the parser `\\U0010ffff`",
        covers=lambda text, fmt: any(0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE for c in text),
    ),
)


def explained_disagreement(text: str, fmt: Format) -> bool:
    """Whether a known disagreement with Logseq may explain one on this page."""
    return any(known.covers(text, fmt) for known in KNOWN_DISAGREEMENTS)
