"""``drafts release`` honours ``releases:`` in the outlets file: a story's packs go to the
outlets whose ``releases:`` names it (and to outlets with no ``releases:``); the others are
held, listed with the reason, and a story no outlet names is refused (delivery/release.py)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, STORY, copy_project

from generator.cli import main
from generator.delivery.release import Delivery, ReleaseRefused, check_partners, deliveries
from generator.inputs.outlets import release_lists
from generator.pipeline import build

EMBARGO = "2020-10-23 00:01"
OUTLETS = "data/outlets.yaml"


def test_release_lists_read_each_outlets_releases(tmp_path: Path) -> None:
    path = tmp_path / "outlets.yaml"
    path.write_text(
        "outlets:\n"
        "  - {slug: a, releases: [one, two]}\n"
        "  - {slug: b, releases: []}\n"
        "  - {slug: c}\n"
        "  - {slug: d, releases: one}\n",
        encoding="utf-8",
    )
    assert release_lists(path) == {"a": ("one", "two"), "b": (), "c": None, "d": ("one",)}


def _build_dir(tmp_path: Path, slugs: list[str]) -> tuple[Path, dict]:
    manifest = {
        "story": "one",
        "drafts": [{"folder": f"packs/{s}", "name": s.upper()} for s in slugs],
        "packs": slugs,
        "outputs": [{"path": f"packs/{s}/draft.md", "sha256": ""} for s in slugs],
    }
    return tmp_path, manifest


def test_a_pack_is_held_unless_its_outlet_is_on_the_release(tmp_path: Path) -> None:
    build_dir, manifest = _build_dir(tmp_path, ["a", "b", "c", "gone"])
    lists = {"a": ("one",), "b": ("two",), "c": None}
    found = {d.slug: d.held for d in deliveries(build_dir, manifest, lists, "outlets.yaml")}
    assert found == {
        "a": "",
        "b": "not signed up for this story (outlets.yaml)",
        "c": "",
        "gone": "no longer in outlets.yaml",
    }
    assert all(not d.held for d in deliveries(build_dir, manifest))  # no lists: every pack


def test_a_story_no_outlet_names_is_refused_naming_the_closest() -> None:
    held = [Delivery("a", "A", Path("a.zip"), [], 0, "its releases: omits cancelled-crime")]
    with pytest.raises(ReleaseRefused) as caught:
        check_partners("cancelled-crime", held, {"a": ("cancelled-crimes",)}, OUTLETS)
    assert str(caught.value) == (
        "no pack of cancelled-crime would go to a partner: no outlet in data/outlets.yaml has "
        "cancelled-crime in its releases:. Did you mean cancelled-crimes? Add cancelled-crime "
        "to the releases: of each outlet that should get its pack (an outlet without "
        "releases: gets every story's). Nothing was released"
    )


# --- a real build ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled story built once with its embargo passed; tests change only the outlets
    file (put back after each) and the outbox."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("release") / "project")
    build(project, STORY, out=project / "out", embargo=EMBARGO)
    return project


@pytest.fixture
def project(released: Path) -> Iterator[Path]:
    original = (released / OUTLETS).read_text(encoding="utf-8")
    yield released
    (released / OUTLETS).write_text(original, encoding="utf-8")
    shutil.rmtree(released / "outbox", ignore_errors=True)


def _release(project: Path, *args: str) -> tuple[int, str, dict]:
    result = CliRunner().invoke(
        main, ["--root", str(project), "release", "--story", STORY, "--include-flagged", *args]
    )
    listing = project / "outbox" / STORY / "release.json"
    sent = json.loads(listing.read_text()) if listing.is_file() else {}
    return result.exit_code, result.output, sent


@pytest.mark.slow
def test_release_sends_only_the_outlets_on_the_storys_release(project: Path) -> None:
    partners = {s for s, named in release_lists(project / OUTLETS).items() if STORY in named}
    assert len(partners) == 20
    code, output, sent = _release(project)
    assert code == 0, output
    assert {p["slug"] for p in sent["packs"]} == partners
    assert len(sent["held"]) == 36
    zips = {p.stem for p in (project / "outbox" / STORY).glob("*.zip")}
    assert zips == partners
    assert "The Telegraph: held, not signed up for this story (data/outlets.yaml)" in output
    assert output.strip().endswith(
        f"20 packs released to {project / 'outbox' / STORY}; 36 packs held"
    )


@pytest.mark.slow
def test_a_partner_added_after_the_build_gets_its_pack(project: Path) -> None:
    text = (project / OUTLETS).read_text(encoding="utf-8")
    at = text.index("slug: the-telegraph")
    end = text.index("releases: []", at)
    added = text[:end] + f"releases: [{STORY}]" + text[end + len("releases: []") :]
    (project / OUTLETS).write_text(added, encoding="utf-8")
    code, output, sent = _release(project)
    assert code == 0, output
    assert "the-telegraph" in {p["slug"] for p in sent["packs"]}
    assert output.strip().endswith(
        f"21 packs released to {project / 'outbox' / STORY}; 35 packs held"
    )


@pytest.mark.slow
def test_an_outlet_without_releases_gets_every_storys_pack(project: Path) -> None:
    text = (project / OUTLETS).read_text(encoding="utf-8")
    (project / OUTLETS).write_text(re.sub(r"\n    releases: \[[^]]*\]", "", text), "utf-8")
    code, output, sent = _release(project)
    assert code == 0, output
    assert len(sent["packs"]) == 56 and sent["held"] == []


@pytest.mark.slow
def test_a_story_on_no_outlets_release_is_refused_and_nothing_is_sent(project: Path) -> None:
    text = (project / OUTLETS).read_text(encoding="utf-8")
    (project / OUTLETS).write_text(
        text.replace(f"[{STORY},", "[cancelled-crime,"), encoding="utf-8"
    )
    for args in ((), ("--dry-run",)):
        code, output, sent = _release(project, *args)
        assert code == 1
        assert "Error: no pack of cancelled-crimes would go to a partner" in output
        assert "Did you mean cancelled-crime?" in output
        assert "Traceback" not in output
        assert sent == {}


@pytest.mark.slow
def test_packs_with_flagged_drafts_wait_for_include_flagged(project: Path) -> None:
    result = CliRunner().invoke(main, ["--root", str(project), "release", "--story", STORY])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Error: 20 packs hold drafts flagged for checking; nothing was released:"
    assert (
        "  - Suffolk News: illustrative figures; awaiting a response from Suffolk Constabulary"
    ) in lines
    # Hampshire's own figures are real, but its ranks rest on other forces' illustrative ones
    assert "  - Isle of Wight County Press: illustrative figures" in lines
    assert lines[-1].endswith("then use --include-flagged to send them as they are")
    assert not (project / "outbox").exists()
    refused = CliRunner().invoke(
        main, ["--root", str(project), "release", "--story", STORY, "--json"]
    )
    assert refused.exit_code == 1
    assert json.loads(refused.stdout) == {"error": result.output.removeprefix("Error: ").strip()}

    code, _, sent = _release(project, "--json")  # with --include-flagged
    assert code == 0
    suffolk = next(p for p in sent["packs"] if p["slug"] == "suffolk-news")
    assert suffolk["flags"] == {
        "illustrative": True,
        "awaiting_response": ["Suffolk Constabulary"],
    }


@pytest.mark.slow
def test_release_json_lists_every_pack(project: Path) -> None:
    code, output, _ = _release(project, "--dry-run", "--json")
    assert code == 0, output
    plan = json.loads(output)
    assert plan["dry_run"] is True and plan["outbox"] is None
    assert plan["under_embargo"] is False
    assert len(plan["packs"]) == 56
    assert sum(1 for p in plan["packs"] if p["held"] is None) == 20
    assert not (project / "outbox").exists()
