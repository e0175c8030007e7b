"""Reading logseq/config.edn (LOGSEQ-SYNTAX.md §6)."""

from __future__ import annotations

from logseq_lint.graph.config import GraphConfig, parse_config


def test_edn_that_logseq_reads() -> None:
    config, errors = parse_config(
        """{:meta/version 1
 ;; a comment
 #_ :file/name-format #_ :legacy
 :file/name-format :triple-lowbar
 :journal/page-title-format "yyyy-MM-dd"
 :hidden ["archive" "/drafts"]
 :property/separated-by-commas #{:type :genre}
 :property-pages/enabled? false
 :query/views {:titles (fn [result] [:div (for [r result] [:p r])])}
 :default-home {:page "Home"}
 :favorites ["Reading list"]
 :macros {"poem" "Rose is $1"}}"""
    )
    assert errors == []
    assert config.name_format == "triple-lowbar"
    assert config.journal_title_format == "yyyy-MM-dd"
    assert config.hidden == ("archive", "/drafts")
    assert config.separated_by_commas == {"type", "genre"}
    assert config.property_pages is False
    assert config.named_pages == ("Reading list", "Home")
    assert config.macros == {"poem"}


def test_defaults() -> None:
    config, errors = parse_config("{}")
    assert errors == [] and config == GraphConfig()
    assert config.name_format == "legacy" and config.journal_title_format == "MMM do, yyyy"


def test_old_date_formatter_key() -> None:
    assert parse_config('{:date-formatter "yyyy/MM/dd"}')[0].journal_title_format == "yyyy/MM/dd"


def test_edn_logseq_rejects_leaves_the_defaults() -> None:
    config, errors = parse_config('{:file/name-format :triple-lowbar\n :hidden ["a"}\n')
    assert config == GraphConfig()
    assert [(e.line, e.column, e.fatal) for e in errors] == [(2, 14, True)]
    config, errors = parse_config('{:file/name-format :triple-lowbar\n :title #"regex"}')
    assert config == GraphConfig() and (errors[0].line, errors[0].column) == (2, 9)
    _, errors = parse_config("{:a [1 2]")
    assert "not closed" in errors[0].message
    _, errors = parse_config("[1 2]")
    assert errors[0].message == "the file is not an EDN map"


def test_settings_of_the_wrong_type() -> None:
    config, errors = parse_config(
        '{:hidden "archive"\n ;; :hidden here is a comment\n :export/bullet-indentation :three}'
    )
    assert [(e.line, e.column, e.fatal) for e in errors] == [(1, 2, False), (3, 2, False)]
    assert config.hidden == ()
