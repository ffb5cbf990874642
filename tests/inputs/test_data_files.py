"""Real-world data files: what just works, and the exact message for what cannot.

Every file in ``tests/fixtures/bad-input/`` is a version of the tiny story's figures as a
newsroom might send it. Each is built through the CLI; the expected exit code and the whole
message are in :data:`CASES`, and ``docs/bad-input.md`` shows the same messages (checked by
``test_the_docs_table_shows_every_case``).
"""

from __future__ import annotations

import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, TINY, copy_project

from generator.cli import main

BAD = FIXTURES / "bad-input"
DOCS = ROOT / "docs" / "bad-input.md"
HINT_ROW = "Use a name from data/places.csv or add a variant there"

# file -> (exit code, the message on stderr or the warning in the summary)
CASES: dict[str, tuple[int, str]] = {
    "empty-file.csv": (
        1,
        "Error: data/tiny/empty-file.csv: the file is empty. "
        "Export the sheet again, with its header row, as CSV",
    ),
    "semicolons.csv": (
        1,
        "Error: data/tiny/semicolons.csv: the columns are separated by semicolons, not commas. "
        "Save the sheet as CSV (comma-separated), or in Excel choose "
        "'CSV UTF-8 (Comma delimited)'",
    ),
    "misspelt-column.csv": (
        1,
        "Error: data/tiny/misspelt-column.csv, column 'letters': required column is missing. "
        "Did you mean 'leters'? (the columns are named in templates/tiny/story.yaml)",
    ),
    "not-a-number.csv": (
        1,
        "Error: data/tiny/not-a-number.csv, row 2, column 'late': 'five': is not a whole number "
        "of records. Write a whole number, or leave the cell empty if not available",
    ),
    "negative-count.csv": (
        1,
        "Error: data/tiny/negative-count.csv, row 5, column 'late': '-1': is not a whole number "
        "of records. Counts cannot be negative",
    ),
    "count-above-sample.csv": (
        1,
        "Error: data/tiny/count-above-sample.csv, row 3, column 'late': '12': is larger than "
        "letters (10). A count cannot exceed its sample; check both cells",
    ),
    "duplicate-place.csv": (
        1,
        "Error: data/tiny/duplicate-place.csv, row 7, column 'area': 'Northshire Council': "
        "Northshire Council appears twice (first at row 2). Keep one row for each place",
    ),
    "unknown-place.csv": (
        1,
        "Error: data/tiny/unknown-place.csv, row 5, column 'area': 'Wetshire Council': matches "
        "no place. Did you mean 'Westshire Council' or 'Eastshire Council'? " + HINT_ROW,
    ),
    "many-problems.csv": (
        1,
        "Error: 3 problems found; nothing was written:\n"
        "  - data/tiny/many-problems.csv, row 2, column 'late': 'five': is not a whole number of "
        "records. Write a whole number, or leave the cell empty if not available\n"
        "  - data/tiny/many-problems.csv, row 3, column 'late': '12': is larger than letters "
        "(10). A count cannot exceed its sample; check both cells\n"
        "  - data/tiny/many-problems.csv, row 5, column 'area': 'Wetshire Council': matches no "
        "place. Did you mean 'Westshire Council' or 'Eastshire Council'? " + HINT_ROW,
    ),
    "damaged-workbook.xlsx": (
        1,
        "Error: data/tiny/damaged-workbook.xlsx: cannot be read as an Excel workbook "
        "(BadZipFile). Open it in Excel and save it again as .xlsx, or save the sheet as CSV",
    ),
    "byte-order-mark.csv": (0, ""),
    "windows-line-endings.csv": (0, ""),
    "old-mac-line-endings.csv": (0, ""),
    "trailing-empty-columns-and-rows.csv": (0, ""),
    "thousands-separators.csv": (0, ""),
    "workbook.xlsx": (0, ""),
    "windows-1252.csv": (
        0,
        "  warning: data/tiny/windows-1252.csv: not UTF-8; read as Windows-1252 "
        "(Excel's usual encoding)",
    ),
    "mis-encoded-text.csv": (
        0,
        "  warning: data/tiny/mis-encoded-text.csv, row 2, column 'note': 'Chiefsâ€™ view' "
        "read as 'Chiefs’ view'",
    ),
}
SHEETS = {"workbook.xlsx": "Figures"}


def use_data(project: Path, name: str, source: Path | None = None, sheet: str | None = None):
    """Point the tiny story at data file ``name`` (copied from ``source`` when given)."""
    if source is not None:
        shutil.copy(source, project / "data/tiny" / name)
    manifest = project / "templates/tiny/story.yaml"
    extra = f"\n  sheet: {sheet}" if sheet else ""
    text = manifest.read_text().replace("file: figures.csv", f"file: {name}{extra}")
    manifest.write_text(text)


def build_cli(project: Path):
    return CliRunner().invoke(main, ["--root", str(project), "build", "--story", "tiny"])


def drafts(project: Path) -> dict[str, str]:
    out = project / "out/tiny"
    return {p.relative_to(out).as_posix(): p.read_text() for p in sorted(out.rglob("*.md"))}


@pytest.fixture(scope="module")
def clean_drafts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    project = copy_project(TINY, tmp_path_factory.mktemp("clean") / "p")
    assert build_cli(project).exit_code == 0
    return drafts(project)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_every_fixture_has_a_case() -> None:
    assert sorted(p.name for p in BAD.iterdir() if p.suffix in (".csv", ".xlsx")) == sorted(CASES)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_each_file(name: str, tmp_path: Path, clean_drafts: dict[str, str]) -> None:
    """Bad files stop with their exact message and leave the last build as it was; files
    that just work give the same drafts as the clean file."""
    project = copy_project(TINY, tmp_path / "p")
    assert build_cli(project).exit_code == 0
    before = snapshot(project / "out")
    use_data(project, name, BAD / name, SHEETS.get(name))
    result = build_cli(project)
    code, message = CASES[name]
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    if code:
        assert result.output == message + "\n"
        assert snapshot(project / "out") == before
        assert not list((project / "out").glob(".tiny.build-*"))
        return
    assert result.output.startswith("tiny: five drafts written")
    warnings = [line for line in result.output.splitlines() if line.startswith("  warning: data")]
    assert warnings == ([message] if message else [])
    built = drafts(project)
    if name == "thousands-separators.csv":
        facts = json.loads((project / "out/tiny/westshire/facts.json").read_text())
        late = next(m for m in facts["measures"] if m["measure"] == "late")
        assert (late["figure"]["count"], late["figure"]["base"]) == (0, 1000)
        assert late["figure"]["cells"][1]["value"] == "1,000"
        assert "Late letters: none of 1,000, " in built["westshire/draft.md"]
    else:
        assert built == clean_drafts


@pytest.mark.slow
def test_an_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    project = copy_project(TINY, tmp_path / "p")
    use_data(project, "workbook.xlsx", BAD / "workbook.xlsx", "Figuers")
    result = build_cli(project)
    assert result.exit_code == 1
    assert result.output == (
        "Error: data/tiny/workbook.xlsx: has no sheet named 'Figuers'. "
        "Set data.sheet in the manifest to one of: About, Figures\n"
    )


def test_a_workbook_without_a_sheet_named_reads_the_first(tmp_path: Path) -> None:
    project = copy_project(TINY, tmp_path / "p")
    use_data(project, "workbook.xlsx", BAD / "workbook.xlsx")
    result = build_cli(project)
    assert result.exit_code == 1
    assert "column 'area': required column is missing" in result.output


# --- a sheet published to the web as CSV, served from this machine ---------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path.startswith("/sheet.csv"):
            body, kind, status = (TINY / "data/tiny/figures.csv").read_bytes(), "text/csv", 200
        elif self.path == "/signin":
            body, kind, status = b"<!DOCTYPE html><html>Sign in</html>", "text/html", 200
        else:
            body, kind, status = b"not found", "text/plain", 404
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_published_sheet_url_is_downloaded(
    server: str, tmp_path: Path, clean_drafts: dict[str, str]
) -> None:
    project = copy_project(TINY, tmp_path / "p")
    url = f"{server}/sheet.csv?gid=0&single=true&output=csv"
    use_data(project, f'"{url}"')
    result = build_cli(project)
    assert result.exit_code == 0, result.output
    assert drafts(project) == clean_drafts
    manifest = json.loads((project / "out/tiny/manifest.json").read_text())
    entry = next(e for e in manifest["inputs"] if e["path"] == url)
    assert entry["bytes"] == (TINY / "data/tiny/figures.csv").stat().st_size
    facts = json.loads((project / "out/tiny/northshire/facts.json").read_text())
    assert facts["measures"][0]["figure"]["cells"][0]["file"] == url


def test_a_missing_sheet_url_says_what_to_check(server: str, tmp_path: Path) -> None:
    project = copy_project(TINY, tmp_path / "p")
    use_data(project, f"{server}/gone.csv")
    result = build_cli(project)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {server}/gone.csv: could not be downloaded (HTTP 404 Not Found). Check the "
        "address, and that the sheet is published to the web as CSV "
        "(File > Share > Publish to web > Comma-separated values)\n"
    )


def test_a_sheet_url_that_gives_a_web_page_is_refused(server: str, tmp_path: Path) -> None:
    project = copy_project(TINY, tmp_path / "p")
    use_data(project, f"{server}/signin")
    result = build_cli(project)
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {server}/signin: is a web page, not CSV (the sheet may not be published)."
    )


def test_an_unreachable_sheet_url_is_a_clear_error(tmp_path: Path) -> None:
    project = copy_project(TINY, tmp_path / "p")
    use_data(project, "http://127.0.0.1:9/sheet.csv")
    result = build_cli(project)
    assert result.exit_code == 1
    assert re.match(
        r"Error: http://127\.0\.0\.1:9/sheet\.csv: could not be downloaded \(.*refused.*\)\. ",
        result.output,
    )


# --- the docs -------------------------------------------------------------------------


def _doc_rows() -> list[list[str]]:
    rows = []
    for line in DOCS.read_text().splitlines():
        if line.startswith("| ") and not line.startswith("| input") and "---" not in line:
            rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_the_docs_table_shows_every_case() -> None:
    """Each fixture is a row of docs/bad-input.md showing its exact message."""
    text = DOCS.read_text()
    for name, (_code, message) in CASES.items():
        assert f"`{name}`" in text, name
        for line in message.splitlines():
            assert line.strip().replace("|", "\\|") in text, (name, line)


def test_every_docs_row_names_a_test_that_exists() -> None:
    sources = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("test_*.py"))
    rows = _doc_rows()
    assert len(rows) >= len(CASES)
    for row in rows:
        tests = re.findall(r"`(test_\w+)`", row[-1])
        assert tests, row
        for name in tests:
            assert f"def {name}(" in sources, name


def test_a_column_named_twice_is_named(tmp_path: Path) -> None:
    project = copy_project(TINY, tmp_path / "p")
    figures = project / "data/tiny/figures.csv"
    lines = figures.read_text().splitlines()
    figures.write_text("\n".join([lines[0] + ",late", *(line + ",3" for line in lines[1:])]) + "\n")
    result = build_cli(project)
    assert result.exit_code == 1
    assert result.output == (
        "Error: data/tiny/figures.csv, column 'late': two columns have this name. "
        "Rename or delete one of them\n"
    )


def test_digits_from_other_scripts_are_not_counts(tmp_path: Path) -> None:
    project = copy_project(TINY, tmp_path / "p")
    figures = project / "data/tiny/figures.csv"
    figures.write_text(figures.read_text().replace("North Shire,5,10", "North Shire,\u0665,10"))
    result = build_cli(project)
    assert result.exit_code == 1
    assert "row 2, column 'late': '\u0665': is not a whole number of records" in result.output
