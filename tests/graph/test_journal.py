"""Journal names: Logseq's formats, fallbacks and cljs-time's quirks (LOGSEQ-SYNTAX.md §4.4)."""

from __future__ import annotations

from datetime import date

import pytest

from logseq_lint.graph.journal import capitalize_all, format_date, journal_date, journal_title

DEFAULT = "MMM do, yyyy"


@pytest.mark.parametrize(
    ("name", "day"),
    [
        ("Aug 6th, 2022", date(2022, 8, 6)),
        ("aug 6th, 2022", date(2022, 8, 6)),  # capitalized before parsing
        ("August 6th, 2022", date(2022, 8, 6)),  # MMM also reads full names
        ("2022-08-06", date(2022, 8, 6)),  # fallback formats
        ("2022_08_06", date(2022, 8, 6)),
        ("2021-8-3", date(2021, 8, 3)),  # numbers need not fill their width
        ("Aug 6th, 2022 ", date(2022, 8, 6)),  # trailing spaces are dropped
        ("Feb 29th, 2024", date(2024, 2, 29)),
        ("Aug 6, 2022", None),  # the ordinal suffix is required
        ("2022-06", None),
        ("2022/10", None),
        ("Feb 30th, 2022", None),
        ("2022-02-29", None),
        ("2023_12_16 (bb381aa8)", None),  # a sync conflict copy is a plain page
        ("notes", None),
    ],
)
def test_default_title_format(name: str, day: date | None) -> None:
    assert journal_date(name, DEFAULT) == day


def test_custom_title_format_and_its_fallbacks() -> None:
    fmt = "EEEE, dd.MM.yyyy"
    assert journal_date("Saturday, 06.08.2022", fmt) == date(2022, 8, 6)
    assert journal_date("Monday, 06.08.2022", fmt) == date(2022, 8, 6)  # day names are not checked
    assert journal_date("2022-08-06", fmt) == date(2022, 8, 6)
    assert journal_title("2022_08_06", fmt) == ("Saturday, 06.08.2022", date(2022, 8, 6))
    assert journal_date("Aug 6th, 2022", "yyyy/MM/dd") == date(2022, 8, 6)


def test_cljs_time_leniency_is_kept() -> None:
    # Logseq's own comment: (tf/parse (tf/formatter "dd.MM.yyyy") "2021Q4") => 20040120
    assert journal_date("2021Q4", "dd.MM.yyyy") == date(2004, 1, 20)
    # An illegal pattern letter never parses; the fallbacks still do.
    assert journal_date("2022-08-06", "yyyy-MM-dd EE") == date(2022, 8, 6)
    assert journal_date("2022-08-06 Sa", "yyyy-MM-dd EE") is None


def test_titles() -> None:
    assert format_date(date(2022, 8, 1), DEFAULT) == "Aug 1st, 2022"
    assert format_date(date(2022, 8, 22), DEFAULT) == "Aug 22nd, 2022"
    assert format_date(date(2022, 8, 13), DEFAULT) == "Aug 13th, 2022"
    assert format_date(date(2022, 8, 6), "EEE yy-M-d") == "Sat 22-8-6"
    assert journal_title("/notes/", DEFAULT) == ("notes", None)


def test_capitalize_all() -> None:
    assert capitalize_all("aUG 6TH, 2022") == "Aug 6th, 2022"
    assert capitalize_all("a  b ") == "A  B"
