"""Read a story's data as a table of text cells, from the files newsrooms really send.

Accepted: CSV (comma-separated) with or without a byte-order mark, with Windows (CRLF) or old
Mac (CR) line endings, in UTF-8 or Windows-1252; trailing empty columns and rows; an Excel
``.xlsx`` workbook (the sheet named by ``data.sheet`` in the manifest, or the first); and a web
address, such as a Google Sheets "publish to web as CSV" link, which is downloaded each run.

Text garbled by a wrong encoding on its way through Excel ("Chiefsâ€™") is repaired with
ftfy; every repair is reported (cell and before/after) so an editor can check it. Anything
that cannot be read is one clear problem naming the file and what to do.
"""

from __future__ import annotations

import csv
import hashlib
import io
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import ftfy
import pandas as pd

from generator.base.errors import ProblemList, size_text
from generator.base.inert import has_control
from generator.base.limits import DEFAULT, Limits
from generator.base.names import is_url

DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
FIX = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    explain=False,
)
CHUNK = 65536
RAISE = "raise limits.{key} in the story's story.yaml"


@dataclass
class Table:
    """The cells of a data file as text (header = row 1), where it came from, and what was
    repaired on the way in."""

    frame: pd.DataFrame
    shown: str
    sha256: str
    size: int
    repairs: list[str] = field(default_factory=list)


def _seconds(value: float) -> str:
    return f"{value:g} second{'s' if value != 1 else ''}"


class _TooBig(Exception):
    pass


class _Download:
    """One download, run in a thread so that the whole of it (name lookup, connecting,
    every byte) is bounded by one deadline, however slowly the server answers."""

    def __init__(self, url: str, deadline: float, cap: int) -> None:
        self.url, self.deadline, self.cap = url, deadline, cap
        self.data = b""
        self.kind = ""
        self.error: BaseException | None = None
        self.done = threading.Event()

    def run(self) -> None:
        try:
            timeout = max(self.deadline - time.monotonic(), 0.001)
            with urllib.request.urlopen(self.url, timeout=timeout) as response:  # noqa: S310
                self.kind = response.headers.get_content_type()
                length = response.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > self.cap:
                    raise _TooBig
                parts: list[bytes] = []
                size = 0
                while time.monotonic() < self.deadline:
                    part = response.read1(CHUNK)  # what has arrived, not a full chunk
                    if not part:
                        self.data = b"".join(parts)
                        return
                    size += len(part)
                    if size > self.cap:
                        raise _TooBig
                    parts.append(part)
                raise TimeoutError
        except BaseException as err:  # handed to the waiting thread
            self.error = err
        finally:
            self.done.set()


def _fetch(url: str, problems: ProblemList, limits: Limits) -> bytes:
    """The bytes at ``url``: all of them within ``limits.download_seconds`` and no more than
    ``limits.download_bytes``, or one clear problem."""
    hint = (
        "Check the address, and that the sheet is published to the web as CSV "
        "(File > Share > Publish to web > Comma-separated values)"
    )
    seconds, cap = limits.download_seconds, limits.download_bytes
    download = _Download(url, time.monotonic() + seconds, cap)
    threading.Thread(target=download.run, name="drafts-download", daemon=True).start()
    finished = download.done.wait(seconds + 0.5)  # the thread itself stops at the deadline
    err = download.error
    if isinstance(err, urllib.error.URLError) and isinstance(err.reason, TimeoutError):
        err = err.reason  # the connection timed out
    if not finished or isinstance(err, TimeoutError):
        problems.add(
            f"could not be downloaded within {_seconds(seconds)} (limits.download_seconds)",
            hint=f"Check the address and the connection, or {RAISE.format(key='download_seconds')}",
        )
    elif isinstance(err, _TooBig):
        problems.add(
            f"is larger than {size_text(cap)}, so the download was stopped (limits.download_bytes)",
            hint=f"Check it is the right sheet, or {RAISE.format(key='download_bytes')}",
        )
    elif isinstance(err, urllib.error.HTTPError):
        problems.add(f"could not be downloaded (HTTP {err.code} {err.reason})", hint=hint)
    elif isinstance(err, urllib.error.URLError | OSError):
        reason = getattr(err, "reason", err)
        problems.add(f"could not be downloaded ({reason})", hint=hint)
    elif err is not None:
        problems.add(f"could not be downloaded ({type(err).__name__}: {err})", hint=hint)
    else:
        data = download.data
        if download.kind == "text/html" or data.lstrip()[:15].lower().startswith(
            (b"<!doctype", b"<html")
        ):
            problems.add("is a web page, not CSV (the sheet may not be published)", hint=hint)
        else:
            return data
    problems.raise_if_any()
    raise AssertionError("unreachable")


def _decode(data: bytes, repairs: list[str], shown: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        repairs.append(f"{shown}: not UTF-8; read as Windows-1252 (Excel's usual encoding)")
        return data.decode("cp1252", errors="replace")


def _csv_frame(text: str, problems: ProblemList) -> pd.DataFrame:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problems.add(
            "the file is empty", hint="Export the sheet again, with its header row, as CSV"
        )
        problems.raise_if_any()
    header = next(line for line in text.split("\n") if line.strip())
    if "," not in header:
        for mark, name in DELIMITERS.items():
            if mark in header:
                problems.add(
                    f"the columns are separated by {name}, not commas",
                    hint="Save the sheet as CSV (comma-separated), or in Excel choose "
                    "'CSV UTF-8 (Comma delimited)'",
                )
                problems.raise_if_any()
    try:
        named = next(csv.reader([header]))
        _unique_headers([c.strip() for c in named], problems)
        return pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False
        )
    except (pd.errors.EmptyDataError, pd.errors.ParserError, csv.Error) as err:
        problems.add(
            f"cannot be read as CSV ({err})".replace("\n", " "),
            hint="Save the sheet as CSV (comma-separated, UTF-8)",
        )
        problems.raise_if_any()
        raise AssertionError("unreachable") from err


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_frame(data: bytes, sheet: str | None, problems: ProblemList) -> pd.DataFrame:
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
    except Exception as err:  # openpyxl raises many kinds for a damaged workbook
        problems.add(
            f"cannot be read as an Excel workbook ({type(err).__name__})",
            hint="Open it in Excel and save it again as .xlsx, or save the sheet as CSV",
        )
        problems.raise_if_any()
        raise AssertionError("unreachable") from err
    names = [str(n) for n in book.sheet_names]
    if sheet is not None and sheet not in names:
        problems.add(
            f"has no sheet named '{sheet}'",
            hint=f"Set data.sheet in the manifest to one of: {', '.join(names)}",
        )
        problems.raise_if_any()
    frame = pd.read_excel(book, sheet_name=sheet if sheet is not None else names[0], dtype=object)
    return frame.map(_cell_text)


def _unique_headers(columns: list[str], problems: ProblemList) -> None:
    """Two columns with the same name (once trimmed and repaired) are a problem."""
    seen: set[str] = set()
    for column in columns:
        if column in seen and column and not column.startswith("Unnamed:"):
            problems.add(
                "two columns have this name", column=column, hint="Rename or delete one of them"
            )
        seen.add(column)
    problems.raise_if_any()


def _drop_empty_edges(frame: pd.DataFrame, problems: ProblemList) -> pd.DataFrame:
    """Drop columns with no header and no values (a sheet's trailing commas)."""
    frame.columns = [str(c).strip() for c in frame.columns]
    _unique_headers(list(frame.columns), problems)
    keep = [
        c
        for c in frame.columns
        if not (c == "" or c.startswith("Unnamed:")) or frame[c].astype(str).str.strip().any()
    ]
    return frame[keep]


def _repair(
    frame: pd.DataFrame, shown: str, repairs: list[str], problems: ProblemList
) -> pd.DataFrame:
    """Fix mis-encoded text in headers and cells with ftfy, noting each repair; a cell with an
    invisible control character is a problem (every one is named before stopping)."""
    columns = []
    for column in frame.columns:
        fixed = ftfy.fix_text(column, config=FIX)
        if fixed != column:
            repairs.append(f"{shown}, row 1: {column!r} read as {fixed!r}")
        columns.append(fixed)
    _unique_headers(columns, problems)
    frame.columns = columns
    for column in frame.columns:
        values = frame[column].tolist()
        for index, value in enumerate(values):
            if has_control(value):
                problems.add(
                    "has an invisible control character",
                    row=index + 2,
                    column=str(column),
                    value=value if len(value) <= 60 else value[:60] + "…",
                    hint="Retype the cell; a character copied from another system is hidden in it",
                )
                continue
            if value.isascii():
                continue
            fixed = ftfy.fix_text(value, config=FIX)
            if fixed != value:
                repairs.append(
                    f"{shown}, row {index + 2}, column '{column}': {value!r} read as {fixed!r}"
                )
                values[index] = fixed
        frame[column] = values
    problems.raise_if_any()
    return frame


def read_table(
    source: str | Path,
    shown: str,
    *,
    sheet: str | None = None,
    limits: Limits = DEFAULT,
) -> Table:
    """Read the data at ``source`` (a path or a web address) as text cells; ``limits`` bound
    the download (time and size) and the size of a local file."""
    problems = ProblemList(shown)
    if isinstance(source, str) and is_url(source):
        data = _fetch(source, problems, limits)
    else:
        path = Path(source)
        if not path.is_file():
            problems.add("data file not found", hint="Put the figures there or fix data.file")
            problems.raise_if_any()
        data = b""
        too_big = path.stat().st_size > limits.data_bytes  # refused unread
        if not too_big:
            with path.open("rb") as handle:
                data = handle.read(limits.data_bytes + 1)
        if too_big or len(data) > limits.data_bytes:
            problems.add(
                f"is larger than {size_text(limits.data_bytes)} (limits.data_bytes)",
                hint=f"Check it is the right file, or {RAISE.format(key='data_bytes')}",
            )
            problems.raise_if_any()
    repairs: list[str] = []
    if data[:4] == b"PK\x03\x04" or str(source).lower().endswith(".xlsx"):
        frame = _xlsx_frame(data, sheet, problems)
    else:
        frame = _csv_frame(_decode(data, repairs, shown), problems)
    frame = _drop_empty_edges(frame, problems)
    frame = _repair(frame, shown, repairs, problems)
    digest = hashlib.sha256(data).hexdigest()
    return Table(frame.reset_index(drop=True), shown, digest, len(data), repairs)
