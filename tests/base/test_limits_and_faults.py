"""Bounded input and faults of the machine as messages (issue 12, items 2 and 8).

YAML files are refused over their size or alias limit before PyYAML builds anything; the data
is refused over its size, and a download over its deadline or size cap; disk full, read-only
folders, out of memory and numbers too large end in one clear line, exit status 1, and the last
build left exactly as it was.
"""

from __future__ import annotations

import errno
import http.server
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from conftest import run, tree_digest

from generator.base.errors import Problem, ProblemList, ValidationFailed, read_yaml
from generator.base.faults import fault_message
from generator.base.limits import Limits
from generator.drafts import render

BOMB = "\n".join(
    [
        "organisation: Lol",
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(
            f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]"
            for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


def manifest(project: Path) -> Path:
    return project / "templates/tiny/story.yaml"


def set_limits(project: Path, **limits: object) -> None:
    """Add a ``limits`` section to the tiny story's manifest."""
    lines = "".join(f"  {key}: {value}\n" for key, value in limits.items())
    path = manifest(project)
    path.write_text(path.read_text() + f"limits:\n{lines}")


def use_data(project: Path, file: str) -> None:
    path = manifest(project)
    path.write_text(path.read_text().replace("file: figures.csv", f'file: "{file}"'))


def build(project: Path, *args: str) -> Result:
    return run(project, "build", "--story", "tiny", "--no-progress", *args)


def one_error_line(result: Result) -> str:
    """The whole output of a failed run: one ``Error:`` line, exit status 1, no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.count("\n") == 1 and result.output.startswith("Error: "), result.output
    return result.output.rstrip("\n")


# --- YAML -----------------------------------------------------------------------------


def test_a_yaml_alias_bomb_fails_fast_naming_the_file_and_limit(tiny: Path) -> None:
    (tiny / "quotes/tiny/southshire.yaml").write_text(BOMB)
    started = time.perf_counter()
    result = build(tiny)
    assert time.perf_counter() - started < 5
    assert one_error_line(result) == (
        "Error: quotes/tiny/southshire.yaml, row 5: uses more than 100 aliases (*name), "
        "counting those inside what each alias repeats (limits.yaml_aliases). Write the "
        "values out instead of repeating them, or raise limits.yaml_aliases in the story's "
        "story.yaml"
    )


def test_the_alias_count_includes_what_each_alias_repeats(tmp_path: Path) -> None:
    """Nine levels of nine: refused while composing, at the fourth level (9 + 90 + 819
    aliases as expanded), long before the 9**8 lists a constructor would make."""
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB)
    with pytest.raises(Exception, match=r"row 5: uses more than 100 aliases"):
        read_yaml(path, ProblemList("bomb.yaml"), "Fix it")
    # A limit of 1,000 lets the fourth level through and stops the fifth.
    with pytest.raises(Exception, match=r"row 6: uses more than 1000 aliases"):
        read_yaml(path, ProblemList("bomb.yaml"), "Fix it", Limits(yaml_aliases=1000))


def test_ordinary_aliases_still_work(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("base: &base {x: 1}\none: *base\ntwo: {<<: *base, y: 2}\n")
    assert read_yaml(path, ProblemList("ok.yaml"), "Fix it") == {
        "base": {"x": 1},
        "one": {"x": 1},
        "two": {"x": 1, "y": 2},
    }


def test_an_alias_inside_its_own_value_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("organisation: Loop\nstatement: &a [1, [2, *a]]\n")
    with pytest.raises(Exception) as caught:
        read_yaml(path, ProblemList("loop.yaml"), "Fix it")
    assert str(caught.value) == (
        "loop.yaml, row 2: the alias *a repeats a value that holds it. Write the value out instead"
    )


@pytest.mark.slow
def test_deeply_nested_yaml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 50_000 + "]" * 50_000)
    with pytest.raises(Exception, match=r"deep\.yaml: is nested too deeply to read\. Fix it"):
        read_yaml(path, ProblemList("deep.yaml"), "Fix it")


def test_a_quotes_file_over_the_yaml_size_limit_is_refused(tiny: Path) -> None:
    set_limits(tiny, yaml_bytes=2000)
    (tiny / "quotes/tiny/southshire.yaml").write_text(
        "organisation: Southshire Council\n# " + "x" * 3000 + "\n"
    )
    assert one_error_line(build(tiny)) == (
        "Error: quotes/tiny/southshire.yaml: is larger than 2 KB (limits.yaml_bytes). Check it "
        "is the right file and make it smaller, or raise limits.yaml_bytes in the story's "
        "story.yaml"
    )


def test_a_manifest_over_the_default_yaml_size_is_refused(tiny: Path) -> None:
    path = manifest(tiny)
    path.write_text(path.read_text() + "# " + "x" * 2_000_000 + "\n")
    assert one_error_line(build(tiny)) == (
        "Error: templates/tiny/story.yaml: is larger than 2 MB (limits.yaml_bytes). Check it "
        "is the right file and make it smaller"
    )


# --- data -----------------------------------------------------------------------------


def test_a_data_file_over_its_size_limit_is_refused(tiny: Path) -> None:
    set_limits(tiny, data_bytes=100)
    assert one_error_line(build(tiny)) == (
        "Error: data/tiny/figures.csv: is larger than 100 bytes (limits.data_bytes). Check it "
        "is the right file, or raise limits.data_bytes in the story's story.yaml"
    )


FIGURES = b"area,late,letters,lost,parcels,illustrative\nNorth Shire,5,10,1,10,\n"


class _Handler(http.server.BaseHTTPRequestHandler):
    """``/trickle``: one byte every 0.2 s, for ever; ``/huge``: 5 MB with its length;
    ``/stream``: 5 MB with no length, until the connection closes."""

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        if self.path == "/huge":
            self.send_header("Content-Length", str(5_000_000))
        self.end_headers()
        try:
            if self.path == "/trickle":
                self.wfile.write(FIGURES[:10])
                self.wfile.flush()
                for _ in range(300):
                    time.sleep(0.2)
                    self.wfile.write(b"x")
                    self.wfile.flush()
            else:
                for _ in range(50):
                    self.wfile.write(b"x" * 100_000)
        except OSError:  # the client stopped reading
            pass
        self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.slow
def test_a_trickling_download_stops_at_its_deadline(server: str, tiny: Path) -> None:
    use_data(tiny, f"{server}/trickle")
    set_limits(tiny, download_seconds=1.5)
    started = time.perf_counter()
    result = build(tiny)
    assert time.perf_counter() - started < 4  # 1.5 s, not the 60 s the bytes would take
    assert one_error_line(result) == (
        f"Error: {server}/trickle: could not be downloaded within 1.5 seconds "
        "(limits.download_seconds). Check the address and the connection, or raise "
        "limits.download_seconds in the story's story.yaml"
    )


@pytest.mark.parametrize("path", ["/huge", "/stream"])
def test_a_download_over_its_size_cap_is_stopped(server: str, tiny: Path, path: str) -> None:
    use_data(tiny, f"{server}{path}")
    set_limits(tiny, download_bytes=200_000)
    assert one_error_line(build(tiny)) == (
        f"Error: {server}{path}: is larger than 200 KB, so the download was stopped "
        "(limits.download_bytes). Check it is the right sheet, or raise "
        "limits.download_bytes in the story's story.yaml"
    )


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1e400", "'1e400': is not a whole number of records"),
        (
            "9" * 5000,
            f"'{'9' * 30}…{'9' * 20}': is too large to be a count of records (5000 digits). "
            "Counts have at most 15 digits; check the cell",
        ),
    ],
)
def test_a_huge_number_in_the_data_is_a_cell_error(tiny: Path, cell: str, message: str) -> None:
    figures = tiny / "data/tiny/figures.csv"
    figures.write_text(figures.read_text().replace("North Shire,5,10", f"North Shire,{cell},10"))
    line = one_error_line(build(tiny))
    assert line.startswith(f"Error: data/tiny/figures.csv, row 2, column 'late': {message}")


def test_only_the_first_fifty_problems_are_listed(tiny: Path) -> None:
    figures = tiny / "data/tiny/figures.csv"
    rows = "".join(f"North Shire {n},5,10,1,10,\n" for n in range(60))
    figures.write_text(figures.read_text() + rows)
    result = build(tiny)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Error: 60 problems found; nothing was written:"
    assert len(lines) == 1 + 50 + 1
    assert all(line.startswith("  - data/tiny/figures.csv, row ") for line in lines[1:51])
    assert "North Shire 49'" in lines[50] and "North Shire 50'" not in result.output
    assert lines[-1] == "  … and 10 more"


def test_fifty_problems_are_listed_in_full() -> None:
    problems = [Problem("f.csv", f"bad {n}") for n in range(50)]
    text = str(ValidationFailed(problems))
    assert text.count("\n") == 50 and "more" not in text


# --- faults of the machine ------------------------------------------------------------


@pytest.fixture
def built_once(tiny_built: Path) -> tuple[Path, dict[str, str]]:
    """The tiny story built once; its output folder and every file's hash."""
    return tiny_built, tree_digest(tiny_built / "out")


FAULTS = {
    errno.ENOSPC: "the disk is full while writing {path}. Free some space and run again",
    errno.EROFS: "the disk is read-only while writing {path}. Choose a folder you can write "
    "to and run again",
    errno.EACCES: "permission was denied at {path}. Choose a folder you can write to and run again",
    errno.ENAMETOOLONG: "a file name is too long at {path}. Use shorter names (story, "
    "places, outlets) or a shorter --out folder",
}


@pytest.mark.slow
@pytest.mark.parametrize("code", list(FAULTS), ids=[errno.errorcode[c] for c in FAULTS])
def test_a_write_fault_is_one_line_and_the_last_build_stays(
    built_once: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    project, before = built_once
    out = project / "out"
    failed: list[Path] = []
    write_bytes = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:
        if out in self.parents:  # only the write stage, into the output folder
            failed.append(self)
            raise OSError(code, os.strerror(code), str(self))
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    line = one_error_line(build(project, "--fresh"))  # (the inputs are the last build's)
    assert failed
    message = FAULTS[code].format(path=failed[0])
    assert line == f"Error: {message}; the last build is unchanged"
    assert tree_digest(out) == before


@pytest.mark.slow
def test_a_failed_rename_into_place_leaves_the_last_build(
    built_once: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, before = built_once
    rename = os.rename

    def failing(src: str | Path, dst: str | Path, *args: object, **kwargs: object) -> None:
        if Path(dst).name in ("tiny", ".tiny.previous"):
            raise OSError(errno.EROFS, "Read-only file system", str(src))
        rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "rename", failing)
    line = one_error_line(build(project, "--fresh"))  # (the inputs are the last build's)
    assert line.startswith("Error: the disk is read-only while writing ")
    assert line.endswith(
        ". Choose a folder you can write to and run again; the last build is unchanged"
    )
    builds = {k: v for k, v in tree_digest(project / "out").items() if k.startswith("tiny/")}
    assert builds == {k: v for k, v in before.items() if k.startswith("tiny/")}
    monkeypatch.undo()
    assert build(project).exit_code == 0  # and the next build goes through


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_output_folder_is_one_line(
    built_once: tuple[Path, dict[str, str]],
) -> None:
    project, before = built_once
    out = project / "out"
    out.chmod(0o555)
    try:
        line = one_error_line(build(project))
    finally:
        out.chmod(0o755)
    assert line.startswith("Error: permission was denied at ")
    assert line.endswith("; the last build is unchanged")
    assert tree_digest(out) == before


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (
            MemoryError(),
            "the machine ran out of memory. Close other programs, or build with --jobs 1, "
            "and run again",
        ),
        (
            RecursionError("maximum recursion depth exceeded"),
            "something nests too deeply to handle (Python's recursion limit). Check the "
            "latest changes to the templates and YAML files",
        ),
        (
            OverflowError("int too large to convert to float"),
            "a number is too large to handle (int too large to convert to float). Check the "
            "figures and settings for a very large number",
        ),
    ],
    ids=["memory", "recursion", "overflow"],
)
def test_a_fault_while_rendering_is_one_line_and_the_last_build_stays(
    built_once: tuple[Path, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    fault: BaseException,
    message: str,
) -> None:
    project, before = built_once

    def broken(*args: object, **kwargs: object) -> str:
        raise fault

    monkeypatch.setattr(render.Renderer, "render", broken)
    failed = build(project, "--fresh")  # (the inputs are those of the last build)
    assert one_error_line(failed) == f"Error: {message}; the last build is unchanged"
    assert tree_digest(project / "out") == before


def test_other_errors_are_not_dressed_up_as_faults() -> None:
    """A bug still shows its traceback: only faults of the machine become one line."""
    assert fault_message(ValueError("invalid literal for int()")) is None
    assert fault_message(KeyError("x")) is None  # type: ignore[arg-type]
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "out/x")
    assert (
        fault_message(missing)
        == "a file or folder is missing at out/x. Check the path and run again"
    )
    digits = ValueError("Exceeds the limit (4300 digits) for integer string conversion")
    assert fault_message(digits).startswith("a number is too large to handle")
