"""Every radio script of both bundled stories, read by espeak-ng at a newsreader's 180 words a
minute (``-s 180``), fits its target time; and the fitter's estimate is never below espeak-ng's
time (the calibration in generator/drafts/radio.py's docstring). CI installs espeak-ng (.ci/run)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.drafts.radio import estimate_seconds
from generator.pipeline import build

ESPEAK = shutil.which("espeak-ng")
STORIES = ("cancelled-crimes", "police-misconduct")

if ESPEAK is None and os.environ.get("CI"):
    raise RuntimeError("CI must install espeak-ng (.ci/run) for the radio timing test")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        ESPEAK is None,
        reason="espeak-ng is not installed here (apt-get install espeak-ng); CI installs it",
    ),
]


def spoken_seconds(text: str, folder: Path, name: str) -> float:
    """How long espeak-ng takes to read ``text`` at 180 words a minute: frames / rate."""
    wav = folder / f"{name}.wav"
    subprocess.run(
        [str(ESPEAK), "-s", "180", "-w", str(wav), text],
        check=True,
        capture_output=True,
        timeout=60,
    )
    with wave.open(str(wav)) as sound:
        return sound.getnframes() / sound.getframerate()


@pytest.fixture(scope="module")
def readings(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """Every script of every force and station of both stories, with espeak-ng's time."""
    from conftest import ROOT, copy_project

    root = copy_project(ROOT, tmp_path_factory.mktemp("project"))
    out = tmp_path_factory.mktemp("out")
    found = []
    for story in STORIES:
        result = build(root, story, out=out)
        for path in sorted(result.out_dir.rglob("radio*.json")):
            if path.is_relative_to(result.out_dir / "packs"):
                continue
            where = str(path.relative_to(out))
            for script in json.loads(path.read_text(encoding="utf-8"))["scripts"]:
                found.append({"where": where, **script})
    sounds = tmp_path_factory.mktemp("wav")
    with ThreadPoolExecutor(max_workers=4) as pool:
        seconds = pool.map(
            lambda pair: spoken_seconds(pair[1]["text"], sounds, str(pair[0])), enumerate(found)
        )
        for script, spoken in zip(found, seconds, strict=True):
            script["espeak_seconds"] = spoken
    return found


def test_every_script_of_every_force_and_station_is_read(readings: list[dict]) -> None:
    for story in STORIES:
        # 43 forces and 40 stations, a cue and a copy at 20 and 40 seconds each.
        assert sum(r["where"].startswith(f"{story}/") for r in readings) == (43 + 40) * 4


def test_espeak_reads_every_script_within_its_target(readings: list[dict]) -> None:
    over = [
        f"{r['where']} {r['part']} {r['target_seconds']}s: {r['espeak_seconds']:.1f} seconds"
        for r in readings
        if r["espeak_seconds"] > r["target_seconds"]
    ]
    assert not over, "read aloud over time:\n" + "\n".join(over)


def test_the_estimate_is_never_below_espeak(readings: list[dict]) -> None:
    under = [
        f"{r['where']} {r['part']} {r['target_seconds']}s: estimate "
        f"{estimate_seconds(r['text']):.2f}, espeak-ng {r['espeak_seconds']:.2f}"
        for r in readings
        if estimate_seconds(r["text"]) < r["espeak_seconds"]
    ]
    assert not under, "recalibrate generator/drafts/radio.py:\n" + "\n".join(under)


def test_scripts_are_not_far_under_time(readings: list[dict]) -> None:
    # The ceiling is hard, but a script should use most of its slot.
    for r in readings:
        assert r["espeak_seconds"] >= 0.65 * r["target_seconds"], r
