"""Settings files: where they are found, what wins, and what is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from logseq_lint.cli import main
from logseq_lint.diagnostics import Severity
from logseq_lint.settings import SettingsError, load_settings

PAGE = "- [[Nowhere]] ((short))\n  id:: nope\n-\n- a\n"


def graph(root: Path, files: dict[str, str]) -> Path:
    for relative, text in {"logseq/config.edn": "{}", "pages/A.md": PAGE, **files}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner(env={"LOGSEQ_LINT_OUTPUT_FORMAT": "concise"}).invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def codes(out: str) -> set[str]:
    return {line.split(": ", 2)[1].split(" ")[0] for line in out.splitlines() if ": " in line and " [" in line}


def test_the_nearest_settings_file_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.logseq-lint]\nselect = ["R"]\n')
    root = graph(tmp_path / "notes", {})
    assert load_settings(root).select == ("R",) and load_settings(root).source == tmp_path / "pyproject.toml"
    (root / "pyproject.toml").write_text("[tool.black]\n")  # no logseq-lint table: not a settings file
    assert load_settings(root).source == tmp_path / "pyproject.toml"
    (root / "logseq-lint.toml").write_text('select = ["B"]\n')
    assert load_settings(root).select == ("B",)
    (root / ".logseq-lint.toml").write_text('select = ["S"]\n')
    assert load_settings(root).select == ("S",)


def test_the_command_line_overrides_the_file(tmp_path: Path) -> None:
    root = graph(
        tmp_path, {"logseq-lint.toml": 'select = ["R003"]\n[rules.broken-page-link]\nrequire-page-file = true\n'}
    )
    code, out, _ = run("check", root)
    assert code == 1 and codes(out) == {"R003"}
    code, out, _ = run("check", "--extend-select", "B002", root)
    assert codes(out) == {"R003", "B002"}
    code, out, _ = run("check", "--select", "R001", root)
    assert codes(out) == {"R001"} and "links to a page with no file" in out  # the file's rule option holds
    code, out, _ = run(
        "check", "--select", "R001", "--config", "rules.broken-page-link.require-page-file = false", root
    )
    assert code == 0


def test_per_file_ignores_severity_and_exclude(tmp_path: Path) -> None:
    root = graph(
        tmp_path,
        {
            "pages/B.md": PAGE,
            "archive/C.md": PAGE,
            "logseq-lint.toml": (
                'exclude = ["archive/*"]\n'
                '[per-file-ignores]\n"pages/B.md" = ["empty-bullet", "B"]\n'
                '[severity]\nR003 = "error"\n'
            ),
        },
    )
    code, out, _ = run("check", "--output-format", "json", root)
    assert code == 1
    found = json.loads(out)
    by_file = {(f["filename"].rsplit("/", 2)[-2] + "/" + f["filename"].rsplit("/", 1)[-1], f["code"]) for f in found}
    assert ("pages/A.md", "S001") in by_file and ("pages/A.md", "B002") in by_file
    assert ("pages/B.md", "S001") not in by_file and ("pages/B.md", "B002") not in by_file
    assert ("pages/B.md", "R003") in by_file
    assert not any(name.startswith("archive/") for name, _ in by_file)
    assert {f["severity"] for f in found if f["code"] == "R003"} == {Severity.ERROR.value}
    (root / "archive" / "C.md").write_text("- a\n    - b\n")
    _, out, _ = run("format", "--check", root)
    assert "pages/A.md" in out and "archive" not in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('selct = ["R"]\n', "unknown setting 'selct' (did you mean 'select'?)"),
        ('select = ["R999"]\n', "select: no rule matches 'R999'"),
        ('ignore = ["empty-bulet"]\n', "ignore: no rule matches 'empty-bulet' (did you mean 'empty-bullet'?)"),
        (
            "[rules.broken-page-link]\nrequire-file = true\n",
            "has no option 'require-file' (did you mean 'require-page-file'?)",
        ),
        ("[rules.nothing]\nx = 1\n", "rules: no rule is called 'nothing'"),
        ('[severity]\nR001 = "fatal"\n', "severity.R001 must be one of error, warning, info"),
        ("select = [\n", "cannot be read as TOML"),
    ],
)
def test_bad_settings_are_refused_with_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    root = graph(tmp_path, {"logseq-lint.toml": text})
    with pytest.raises(SettingsError, match=r"logseq-lint\.toml"):
        load_settings(root)
    code, _, err = run("check", root)
    assert code == 2 and message in err and "Traceback" not in err


def test_show_settings(tmp_path: Path) -> None:
    root = graph(tmp_path, {"logseq-lint.toml": 'select = ["R"]\n[rules.R001]\nrequire-page-file = true\n'})
    code, out, _ = run("check", "--show-settings", "--extend-select", "B002", root)
    assert code == 0
    assert f"# from {root / 'logseq-lint.toml'}" in out
    assert 'select = ["R"]' in out and 'extend-select = ["B002"]' in out
    assert "[rules.broken-page-link]\nrequire-page-file = true" in out
