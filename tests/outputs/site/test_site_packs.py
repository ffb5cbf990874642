"""The site marks each partner's pack that ``drafts release`` would not send, by release's own
rule: the marks are checked against release run on the build's own manifest."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import lxml.html
from conftest import ROOT, STORY

from generator.delivery.manifest import read_manifest
from generator.delivery.release import deliveries, flags_of, outlets_of
from generator.drafts.prepared import prepare
from generator.outputs.site import SITE
from generator.outputs.site.packs import held_notes
from generator.pipeline import BuildResult


def marks(page: Path) -> dict[str, str]:
    """Each pack a place's page offers (by outlet slug) and its held mark ("" when none)."""
    html = lxml.html.fromstring(page.read_bytes())
    found = {}
    for item in html.xpath("//section[h2[@id='covered-heading']]//li"):
        pack = item.xpath(".//a[@download]/@href")
        if pack:
            held = item.xpath(".//span[@class='held']")
            found[Path(pack[0]).stem] = " ".join(held[0].text_content().split()) if held else ""
    return found


def test_each_pack_on_a_place_page_is_marked_as_release_would_treat_it(
    built: BuildResult,
) -> None:
    out = built.out_dir
    manifest = read_manifest(out)
    source, lists = outlets_of(ROOT, STORY)
    expected = {}
    for pack in deliveries(out, manifest, lists, source):
        flags = flags_of(manifest, pack)
        flagged = "flagged" if flags["illustrative"] or flags["awaiting_response"] else ""
        expected[pack.slug] = f"Held: {pack.held}" if pack.held else flagged
    shown: dict[str, str] = {}
    for page in sorted((out / SITE).glob("*.html")):
        shown.update(marks(page))
    assert shown and set(shown) <= set(expected)
    for slug, mark in shown.items():
        if expected[slug] == "flagged":
            assert mark.startswith("Held until "), slug
            assert mark.endswith("or the unit releases it knowingly"), slug
        elif expected[slug]:
            assert mark == "Held: not signed up for this story", slug
        else:
            assert mark == "", slug
    # partners read plain words; the unit's technical hint is on hover only
    solent = marks(out / SITE / "hampshire.html")["bbc-radio-solent"]
    assert solent == "Held: not signed up for this story"
    html = (out / SITE / "hampshire.html").read_text(encoding="utf-8")
    assert "data/outlets.yaml" in html and ">Held: not signed up" in html
    assert "--include-flagged" not in lxml.html.fromstring(html).text_content()


def test_a_pack_of_checked_drafts_on_the_release_is_not_marked(built: BuildResult) -> None:
    story = prepare(ROOT, STORY).story
    checked = [
        dataclasses.replace(d, illustrative=False, awaiting_response=False) for d in built.drafts
    ]
    notes = held_notes(built.out_dir, story, checked, ["southern-daily-echo", "bbc-radio-solent"])
    assert notes["southern-daily-echo"] is None
    solent = notes["bbc-radio-solent"]
    assert solent is not None and solent.text == "Held: not signed up for this story"
    assert "data/outlets.yaml" in solent.hint
    flagged = [dataclasses.replace(d, awaiting_response=d.folder == "hampshire") for d in checked]
    echo = held_notes(built.out_dir, story, flagged, ["southern-daily-echo"])["southern-daily-echo"]
    assert echo is not None
    assert echo.text == (
        "Held until Hampshire Constabulary has responded, or the unit releases it knowingly"
    )
    assert echo.hint == (
        "contains drafts flagged awaiting a response from Hampshire Constabulary – drafts "
        "release needs --include-flagged"
    )
