"""``drafts release`` refuses packs holding flagged drafts unless told, naming them, and
``drafts diff`` names every pack whose bytes changed (delivery/release.py, delivery/diff.py)."""

from __future__ import annotations

import datetime
import json
import zipfile
from pathlib import Path

import pytest

from generator.delivery.diff import Comparison, as_dict, compare, pack_bytes, report
from generator.delivery.embargo import UK
from generator.delivery.manifest import sha256
from generator.delivery.release import (
    Delivery,
    ReleaseRefused,
    check_embargo,
    check_flagged,
    flag_words,
    flags_of,
    plan_text,
    release_plan,
)

MANIFEST = {
    "story": "one",
    "embargo": {"line": "EMBARGOED UNTIL 09:00", "at": "2030-01-01T09:00:00+00:00"},
    "drafts": [
        {"folder": "north", "name": "North Police"},
        {"folder": "south", "name": "South Police"},
        {"folder": "partners/echo", "name": "The Echo"},
        {"folder": "partners/times", "name": "The Times"},
        {"folder": "radio/radio-south", "name": "Radio South"},
    ],
    "warnings": {
        "illustrative": ["north", "partners/echo"],
        "awaiting_response": ["south", "partners/times", "radio/radio-south"],
    },
}


def _pack(slug: str, name: str, places: list[str], held: str = "") -> Delivery:
    files = ["article.md", *(f"forces/{p}/article.md" for p in places)]
    return Delivery(slug, name, Path(f"packs/{slug}.zip"), files, 2048, held)


ECHO = _pack("echo", "The Echo", ["north"])
TIMES = _pack("times", "The Times", [])
RADIO = _pack("radio-south", "Radio South", ["south"])
HELD = _pack("gazette", "The Gazette", ["north"], held="not signed up for this story (x.yaml)")


def test_a_packs_flags_come_from_the_drafts_it_carries() -> None:
    assert flags_of(MANIFEST, ECHO) == {"illustrative": True, "awaiting_response": []}
    assert flags_of(MANIFEST, RADIO) == {
        "illustrative": False,
        "awaiting_response": ["South Police"],
    }
    # Only its own draft awaits a response: the outlet's draft is named.
    assert flags_of(MANIFEST, TIMES) == {"illustrative": False, "awaiting_response": ["The Times"]}


def test_flagged_packs_are_refused_by_name_unless_included() -> None:
    with pytest.raises(ReleaseRefused) as caught:
        check_flagged(MANIFEST, [ECHO, RADIO, HELD], include_flagged=False)
    assert str(caught.value) == (
        "2 packs hold drafts flagged for checking; nothing was released:\n"
        "  - The Echo: illustrative figures\n"
        "  - Radio South: awaiting a response from South Police\n"
        "Check them (the warning lines at the top of each draft say what), then use "
        "--include-flagged to send them as they are"
    )  # the held pack is not sent, so not named
    check_flagged(MANIFEST, [ECHO, RADIO, HELD], include_flagged=True)
    check_flagged({**MANIFEST, "warnings": {}}, [ECHO, RADIO], include_flagged=False)


def test_the_embargo_is_refused_unless_sent_before_it() -> None:
    early = datetime.datetime(2029, 12, 31, 9, 0, tzinfo=UK)
    with pytest.raises(ReleaseRefused, match="Use --before-embargo"):
        check_embargo(MANIFEST, before_embargo=False, now=early)
    assert check_embargo(MANIFEST, before_embargo=True, now=early) is True
    later = datetime.datetime(2030, 1, 2, tzinfo=UK)
    assert check_embargo(MANIFEST, before_embargo=False, now=later) is False


def test_a_dry_run_plan_lists_packs_flags_and_what_a_release_needs() -> None:
    early = datetime.datetime(2029, 12, 31, 9, 0, tzinfo=UK)
    plan = release_plan(MANIFEST, [ECHO, HELD], outbox=None, now=early)
    assert set(plan) == {"story", "embargo", "under_embargo", "dry_run", "outbox", "packs"}
    assert plan["packs"][0] == {
        "outlet": "The Echo",
        "slug": "echo",
        "zip": "echo.zip",
        "files": 2,
        "bytes": 2048,
        "held": None,
        "flags": {"illustrative": True, "awaiting_response": []},
    }
    assert plan["packs"][1]["held"] == "not signed up for this story (x.yaml)"
    assert plan_text(plan).splitlines() == [
        "The Echo: echo.zip (two files, 2 KB) [flagged: illustrative figures]",
        "The Gazette: held, not signed up for this story (x.yaml)",
        "Dry run, nothing sent: no packs would go now; one holds flagged drafts and needs "
        "--include-flagged; one pack held.",
        "The embargo has not lifted (EMBARGOED UNTIL 09:00, UK time): a release now needs "
        "--before-embargo.",
    ]


def test_a_dry_run_says_how_many_packs_go_now_and_how_many_wait_for_their_flags() -> None:
    clear = [_pack(f"p{n}", f"P{n}", []) for n in range(6)]
    flagged = [_pack(f"f{n}", f"F{n}", ["north"]) for n in range(14)]
    later = datetime.datetime(2031, 1, 1, tzinfo=UK)
    plan = release_plan(MANIFEST, [*clear, *flagged], outbox=None, now=later)
    assert plan_text(plan).splitlines()[-1] == (
        "Dry run, nothing sent: six packs would go now; 14 more hold flagged drafts and need "
        "--include-flagged."
    )
    plan = release_plan(MANIFEST, flagged, outbox=None, now=later)
    assert plan_text(plan).splitlines()[-1] == (
        "Dry run, nothing sent: no packs would go now; all 14 hold flagged drafts and need "
        "--include-flagged."
    )
    assert flag_words({"illustrative": True, "awaiting_response": ["A", "B"]}) == (
        "illustrative figures; awaiting a response from A, B"
    )
    assert flag_words({"illustrative": False, "awaiting_response": []}) == ""


def _build(folder: Path, packs: dict[str, dict[str, bytes]]) -> Path:
    """A finished build holding only packs: each a zip of ``files``, recorded in the manifest."""
    outputs = []
    for slug, files in packs.items():
        (folder / "packs").mkdir(parents=True, exist_ok=True)
        zip_path = folder / "packs" / f"{slug}.zip"
        with zipfile.ZipFile(zip_path, "w") as archive:
            for name, data in files.items():
                archive.writestr(f"{slug}/{name}", data)
        outputs.append({"path": f"packs/{slug}.zip", "sha256": sha256(zip_path.read_bytes())})
    manifest = {"story": "one", "drafts": [], "packs": list(packs), "outputs": outputs}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_diff_names_every_pack_whose_bytes_changed(tmp_path: Path) -> None:
    text, chart = {"article.md": b"Nine of 17.\n"}, {"chart.svg": b"<svg/>"}
    old = _build(
        tmp_path / "old",
        {"same": {**text, **chart}, "words": text, "chart": {**text, **chart}, "gone": text},
    )
    new = _build(
        tmp_path / "new",
        {
            "same": {**text, **chart},
            "words": {"article.md": b"Ten of 17.\n"},
            "chart": {**text, "chart.svg": b"<svg></svg>"},  # the text as it was
            "added": text,
        },
    )
    found = compare(old, new)
    assert found.packs == ["added", "gone", "words"]
    assert found.other_packs == ["chart"]  # missed when only Markdown was compared
    assert pack_bytes({"packs/d/x.md": "7", "packs/d/y.png": "8"}) == {
        "d": (("packs/d/x.md", "7"), ("packs/d/y.png", "8"))
    }  # a build whose packs were unpacked folders


def test_a_pack_zip_that_cannot_be_read_counts_as_changed_text(tmp_path: Path) -> None:
    text = {"article.md": b"Nine of 17.\n"}
    old = _build(tmp_path / "old", {"kept": text, "broken": text})
    new = _build(tmp_path / "new", {"kept": text, "broken": text})
    (new / "packs" / "broken.zip").write_bytes(b"not a zip")  # damaged after the build
    found = compare(old, new)  # no traceback: the damaged pack is named for resending
    assert "broken" in found.packs and "kept" not in found.packs + found.other_packs


def test_the_correction_note_and_its_json_name_both_kinds_of_pack() -> None:
    found = Comparison([], ["north"], 3, ["b"], ["c", "gone", "new"])
    lines = report(found, "old", "new").splitlines()
    assert "Packs to send again (text changed): b" in lines
    assert (
        "Packs to send again (charts, facts or other files changed, not the text): c, gone, new"
    ) in lines
    assert as_dict(found, "old", "new") == {
        "old": "old",
        "new": "new",
        "changed": [],
        "other_files_changed": ["north"],
        "unchanged": 3,
        "packs_text_changed": ["b"],
        "packs_other_changed": ["c", "gone", "new"],
    }
