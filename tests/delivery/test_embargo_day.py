"""Embargo day: packs, manifest, repeatable and atomic builds, --jobs, diff and release."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, STORY, copy_project

from generator.cli import main
from generator.delivery.manifest import sha256
from generator.delivery.outdir import recover
from generator.delivery.packs import read_pack
from generator.inputs.outlets import Outlets
from generator.inputs.places import Places
from generator.pipeline import build

pytestmark = pytest.mark.slow  # every test here builds whole stories or drives a browser

EMBARGO = "2020-10-23 00:01"
LINE = "EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def without_run(files: dict[str, bytes]) -> dict[str, bytes]:
    """The snapshot with the manifest's run entry (its only clock reading) taken out."""
    manifest = json.loads(files["manifest.json"])
    assert set(manifest["run"]) == {"started", "jobs", "seconds", "timings"}
    del manifest["run"]
    return {**files, "manifest.json": json.dumps(manifest, sort_keys=True).encode()}


@pytest.fixture(scope="module")
def embargoed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full build of the bundled story with an embargo, in one process."""
    out = tmp_path_factory.mktemp("day")
    build(ROOT, STORY, out=out, embargo=EMBARGO)
    return out / STORY


# --- packs -------------------------------------------------------------------------------


def test_every_outlet_gets_a_pack_zip_and_no_unpacked_copy(embargoed: Path) -> None:
    manifest = json.loads((embargoed / "manifest.json").read_text())
    outlets = Outlets.load(ROOT / "data/outlets.yaml", Places.load(ROOT / "data/police-forces.csv"))
    assert sorted(manifest["packs"]) == sorted(o.slug for o in outlets)
    assert sorted(p.name for p in (embargoed / "packs").iterdir()) == sorted(
        f"{slug}.zip" for slug in manifest["packs"]
    )
    for slug in manifest["packs"]:
        with zipfile.ZipFile(embargoed / "packs" / f"{slug}.zip") as archive:
            assert archive.testzip() is None
            assert all(n.startswith(f"{slug}/") for n in archive.namelist()), slug


def test_a_pack_holds_the_outlets_drafts_radio_scripts_data_rows_and_method(
    embargoed: Path,
) -> None:
    pack = read_pack(embargoed / "packs" / "yorkshire-post.zip")
    assert pack["roundup.md"] == (embargoed / "partners/yorkshire-post/roundup.md").read_bytes()
    forces = sorted({p.split("/")[1] for p in pack if p.startswith("forces/")})
    assert forces == ["humberside", "north-yorkshire", "south-yorkshire", "west-yorkshire"]
    for force in forces:
        own = {p.name: p.read_bytes() for p in (embargoed / force).iterdir()}
        carried = {
            p.removeprefix(f"forces/{force}/"): data
            for p, data in pack.items()
            if p.startswith(f"forces/{force}/")
        }
        assert carried == own, force  # every file of the force's draft, byte for byte
    rows = list(csv.DictReader(io.StringIO(pack["data.csv"].decode())))
    assert sorted(r["force"] for r in rows) == [
        "Humberside Police",
        "North Yorkshire Police",
        "South Yorkshire Police",
        "West Yorkshire Police",
    ]
    source = {
        r["force"]: r
        for r in csv.DictReader(
            io.StringIO((ROOT / "data/cancelled-crimes/figures.csv").read_text())
        )
    }
    for row in rows:
        assert row == source[row["force"]]
    method = pack["method.md"].decode()
    assert method.splitlines()[0] == LINE
    assert "ILLUSTRATIVE FIGURES" in method
    assert "No response yet: Humberside Police" in method
    assert "Your draft: `roundup` (Markdown, web page, plain text" in method


def test_a_station_pack_holds_its_scripts(embargoed: Path) -> None:
    pack = read_pack(embargoed / "packs" / "bbc-radio-solent.zip")
    assert pack["radio-roundup.txt"].decode().splitlines()[0] == LINE
    assert "forces/hampshire/radio.md" in pack


def test_hampshire_pack_says_its_ranks_rest_on_other_forces_illustrative_figures(
    embargoed: Path,
) -> None:
    pack = read_pack(embargoed / "packs/isle-of-wight-county-press.zip")
    method = pack["method.md"].decode()
    assert (
        "- ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION: Hampshire Constabulary's own figures are "
        "published, but its rankings and the England and Wales rates use illustrative figures "
        "for 41 other forces; check them against the published release before use."
    ) in method


# --- manifest ----------------------------------------------------------------------------


def test_manifest_lists_every_output_with_its_hash_and_size(embargoed: Path) -> None:
    manifest = json.loads((embargoed / "manifest.json").read_text())
    files = snapshot(embargoed)
    del files["manifest.json"]
    listed = {e["path"]: e for e in manifest["outputs"]}
    assert set(listed) == set(files)
    for path, data in files.items():
        assert listed[path]["sha256"] == sha256(data)
        assert listed[path]["bytes"] == len(data)


def test_manifest_lists_inputs_counts_and_warnings(embargoed: Path) -> None:
    manifest = json.loads((embargoed / "manifest.json").read_text())
    inputs = {e["path"]: e["sha256"] for e in manifest["inputs"]}
    for path in (
        "data/cancelled-crimes/figures.csv",
        "data/police-forces.csv",
        "data/outlets.yaml",
        "templates/cancelled-crimes/story.yaml",
        "quotes/cancelled-crimes/hampshire-constabulary.yaml",
    ):
        assert inputs[path] == sha256((ROOT / path).read_bytes())
    counts = manifest["counts"]
    assert (counts["place"], counts["national"], counts["packs"]) == (43, 1, 56)
    assert counts["drafts"] == counts["place"] + counts["partner"] + counts["radio"] + 1
    warnings = manifest["warnings"]
    assert "cheshire" in warnings["illustrative"]
    assert "hampshire" in warnings["illustrative"]  # its ranks rest on other forces' stand-ins
    assert "hampshire" not in warnings["awaiting_response"]
    assert "cheshire" in warnings["awaiting_response"]
    assert counts["with_missing_figures"] == len(warnings["missing_figures"]) > 0
    assert manifest["embargo"] == {"line": LINE, "at": "2020-10-23T00:01:00+01:00"}


def test_every_text_output_opens_with_the_embargo_line(embargoed: Path) -> None:
    texts = {str(p): p.read_bytes() for p in embargoed.rglob("*") if p.suffix in (".md", ".txt")}
    for pack in (embargoed / "packs").glob("*.zip"):
        texts.update(
            (f"{pack.name}:{name}", data)
            for name, data in read_pack(pack).items()
            if name.endswith((".md", ".txt"))
        )
    assert len(texts) > 600
    for where, text in texts.items():
        assert text.decode("utf-8").splitlines()[0] == LINE, where


# --- repeatable --------------------------------------------------------------------------


def test_two_builds_and_two_job_counts_give_identical_files(
    embargoed: Path, tmp_path: Path
) -> None:
    build(ROOT, STORY, out=tmp_path / "jobs2", embargo=EMBARGO, jobs=2)
    first, second = snapshot(embargoed), snapshot(tmp_path / "jobs2" / STORY)
    assert json.loads(second["manifest.json"])["run"]["jobs"] == 2
    assert first.keys() == second.keys()
    differing = [k for k in first if first[k] != second[k]]
    assert differing == ["manifest.json"]
    assert without_run(first) == without_run(second)


def test_progress_is_reported_for_every_draft(tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    result = build(ROOT, STORY, out=tmp_path, progress=lambda *a: seen.append(a))
    assert [s[0] for s in seen] == list(range(1, len(result.drafts) + 1))
    assert {s[1] for s in seen} == {len(result.drafts)}
    assert seen[0][2] == result.drafts[0].folder


# --- atomic ------------------------------------------------------------------------------


def test_a_build_killed_midway_leaves_the_previous_build_untouched(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    out = project / "out"
    build(project, STORY, out=out)
    before = snapshot(out / STORY)
    command = [sys.executable, "-m", "generator", "--root", str(project), "build", "--story", STORY]
    process = subprocess.Popen(
        [*command, "--embargo", EMBARGO],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    staged: list[Path] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        staged = [s for s in out.glob(f".{STORY}.build-*") if any(s.rglob("*.md"))]
        if staged:
            break
        time.sleep(0.002)
    assert staged, "the build finished before it could be caught writing"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert snapshot(out / STORY) == before
    assert not any(LINE in p.read_text(errors="ignore") for p in (out / STORY).rglob("*.md"))
    # The half-written staging folder is hidden, never out/<story>; the next build clears it.
    assert staged[0].exists()
    build(project, STORY, out=out, embargo=EMBARGO)
    assert not list(out.glob(f".{STORY}.build-*"))
    assert (out / STORY / "hampshire/article.md").read_text().startswith(LINE)


def test_a_build_killed_between_the_two_renames_is_put_back(tmp_path: Path) -> None:
    target = tmp_path / "out" / STORY
    previous = target.with_name(f".{STORY}.previous")
    previous.mkdir(parents=True)
    (previous / "article.md").write_text("the last whole build\n")
    target.with_name(f".{STORY}.swapping").touch()
    recover(target)
    assert (target / "article.md").read_text() == "the last whole build\n"
    assert not target.with_name(f".{STORY}.swapping").exists()


def test_a_failing_build_leaves_the_previous_build_and_no_staging(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    build(project, STORY, out=project / "out")
    before = snapshot(project / "out" / STORY)
    figures = project / "data/cancelled-crimes/figures.csv"
    figures.write_text(figures.read_text().replace(",20,0,20,4,", ",20,x,20,4,", 1))
    result = CliRunner().invoke(main, ["--root", str(project), "build", "--story", STORY])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert snapshot(project / "out" / STORY) == before
    assert not list((project / "out").glob(f".{STORY}.build-*"))


# --- diff --------------------------------------------------------------------------------


def _change_figure(project: Path, force: str, column: str, value: str) -> None:
    path = project / "data/cancelled-crimes/figures.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    for row in rows:
        if row["force"] == force:
            row[column] = value
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue())


def test_diff_names_exactly_the_drafts_whose_text_changed(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    out = project / "out"
    build(project, STORY, out=out)
    old = snapshot(out / STORY)
    # Suffolk: violent offences one of 20 wrongly cancelled becomes three of 20.
    _change_figure(project, "Suffolk Constabulary", "violence_incorrect", "3")
    build(project, STORY, out=out)
    new = snapshot(out / STORY)

    result = CliRunner().invoke(main, ["--root", str(project), "diff", "--since", "--story", STORY])
    assert result.exit_code == 0, result.output
    named = {
        line.split(" (", 1)[0] for line in result.output.splitlines() if line.endswith(": changed")
    }
    # What really changed, worked out here from the files themselves.
    folders = {p.rsplit("/", 1)[0] for p in new if p.endswith(".md") and not p.startswith("packs")}
    really = {
        f
        for f in folders
        if any(
            old.get(p) != new.get(p)
            for p in new
            if p.startswith(f + "/") and p.endswith(".md") and p.count("/") == f.count("/") + 1
        )
    }
    assert named == really
    places = Places.load(project / "data/police-forces.csv")
    outlets = Outlets.load(project / "data/outlets.yaml", places)
    covering = {
        f"{'radio' if o.is_broadcast else 'partners'}/{o.slug}"
        for o in outlets.for_place("suffolk")
    }
    assert named == {"suffolk", "national"} | covering
    lines = result.output.splitlines()
    removed = [ln for ln in lines if ln.lstrip().startswith("- ")]
    added = [ln for ln in lines if ln.lstrip().startswith("+ ")]
    assert any("one of 20 (5 per cent) violent offences" in ln for ln in removed), removed
    assert any("three of 20 (15 per cent) violent offences" in ln for ln in added), added
    packs = next(line for line in result.output.splitlines() if line.startswith("Packs to send"))
    assert {p.strip() for p in packs.split(":", 1)[1].split(",")} == {
        o.slug for o in outlets.for_place("suffolk")
    }
    # Every pack whose zip changed is named (the charts show every force, so all of them).
    rezipped = {
        p.removeprefix("packs/").removesuffix(".zip")
        for p in new
        if p.startswith("packs/") and p.endswith(".zip") and old.get(p) != new[p]
    }
    report = json.loads(
        CliRunner()
        .invoke(main, ["--root", str(project), "diff", "--since", "--story", STORY, "--json"])
        .output
    )
    assert set(report["packs_text_changed"]) | set(report["packs_other_changed"]) == rezipped
    assert len(rezipped) > len(report["packs_text_changed"])


def test_diff_of_two_named_builds_with_no_change_says_so(tmp_path: Path) -> None:
    build(ROOT, STORY, out=tmp_path / "a")
    build(ROOT, STORY, out=tmp_path / "b")
    result = CliRunner().invoke(
        main, ["diff", str(tmp_path / "a" / STORY), str(tmp_path / "b" / STORY)]
    )
    assert result.exit_code == 0
    assert result.output.startswith("No draft's text changed")
    assert "Packs to send again" not in result.output


def test_diff_of_a_folder_that_is_not_a_build_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", str(tmp_path), str(tmp_path)])
    assert result.exit_code == 1
    assert "is not a finished build (it has no manifest.json)" in result.output
    assert "Traceback" not in result.output


# --- release -----------------------------------------------------------------------------


def _release(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["--root", str(project), "release", "--story", STORY, "--include-flagged", *args]
    )
    return result.exit_code, result.output


def test_release_before_the_embargo_refuses_and_sends_nothing(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    build(project, STORY, out=project / "out", embargo="2099-01-01 09:00")
    code, output = _release(project)
    assert code == 1
    assert output.startswith(  # the embargo is checked first, before any pack is listed
        "Error: the embargo has not lifted: EMBARGOED UNTIL 09:00 THURSDAY 1 JANUARY 2099 (UK time)"
    )
    assert "Nothing was released. Use --before-embargo" in output
    assert "isle-of-wight-county-press.zip" not in output
    assert not (project / "outbox").exists()

    code, output = _release(project, "--before-embargo")
    assert code == 0, output
    sent = json.loads((project / "outbox" / STORY / "release.json").read_text())
    assert sent["under_embargo"] is True
    assert len(sent["packs"]) == 20  # the outlets whose releases: names the story
    for entry in sent["packs"]:
        data = (project / "outbox" / STORY / entry["zip"]).read_bytes()
        assert sha256(data) == entry["sha256"]


def test_release_after_the_embargo_sends_every_partners_pack(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    build(project, STORY, out=project / "out", embargo=EMBARGO)
    code, output = _release(project)
    assert code == 0, output
    released = f"20 packs released to {project / 'outbox' / STORY}; 36 packs held"
    assert output.strip().endswith(released)  # held: outlets whose releases: omits the story
    sent = json.loads((project / "outbox" / STORY / "release.json").read_text())
    assert sent["under_embargo"] is False


def test_release_refuses_a_pack_changed_after_the_build(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    build(project, STORY, out=project / "out", embargo=EMBARGO)
    pack = project / "out" / STORY / "packs/suffolk-news.zip"
    files = {**read_pack(pack), "method.md": b"edited by hand\n"}
    with zipfile.ZipFile(pack, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"suffolk-news/{name}", data)
    code, output = _release(project)
    assert code == 1
    assert "1 pack files differ from the build's manifest (packs/suffolk-news.zip)" in output
    assert not (project / "outbox").exists()


def test_release_refuses_a_partial_build(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    build(project, STORY, out=project / "out", embargo=EMBARGO)
    build(project, STORY, out=project / "out", embargo=EMBARGO, only="hampshire")
    code, output = _release(project)
    assert code == 1
    assert "holds a partial build" in output


def test_release_dry_run_lists_every_pack_and_sends_nothing(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    build(project, STORY, out=project / "out", embargo="2099-01-01 09:00")
    code, output = _release(project, "--dry-run")
    assert code == 0, output
    lines = output.splitlines()
    assert len(lines) == 56 + 2  # every pack, what would go now and what waits, the embargo
    assert "Yorkshire Post: yorkshire-post.zip (64 files, " in output
    assert lines[-2] == (
        "Dry run, nothing sent: no packs would go now; all 20 hold flagged drafts and need "
        "--include-flagged; 36 packs held."
    )
    assert lines[-1].startswith("The embargo has not lifted (EMBARGOED UNTIL 09:00 THURSDAY")
    assert not (project / "outbox").exists()


def test_the_cli_builds_with_two_jobs_and_a_progress_bar(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    result = CliRunner().invoke(
        main, ["--root", str(project), "build", "--story", STORY, "--jobs", "2", "--progress"]
    )
    assert result.exit_code == 0, result.output
    assert "cancelled-crimes: 100 drafts written" in result.output
    manifest = json.loads((project / "out" / STORY / "manifest.json").read_text())
    assert manifest["run"]["jobs"] == 2
    assert manifest["counts"]["packs"] == 56


def test_workers_take_places_in_runs_and_each_group_draft_alone() -> None:
    from generator.pipeline import chunks

    tasks = [("place", f"p{i}") for i in range(100)] + [("national", ""), ("outlet", "a")]
    tasks.insert(50, ("outlet", "b"))
    made = chunks(tasks, 2)
    assert [t for chunk in made for t in chunk] == tasks  # every task once, in order
    assert [("national", "")] in made and [("outlet", "a")] in made and [("outlet", "b")] in made
    assert all(len(c) == 1 or all(t[0] == "place" for t in c) for c in made)
    assert max(len(c) for c in made) == len(tasks) // 16
