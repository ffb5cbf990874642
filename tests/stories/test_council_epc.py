"""The council story, energy ratings of privately rented homes: built from the BBC Shared Data
Unit's published file unchanged, with councils matched through the shipped local-authority
registry, and every figure of its drafts worked out again here from the file with pandas."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import pandas as pd
import pytest
import yaml
from conftest import ROOT
from jinja2 import meta

from generator.checks.style import LEDE_WORDS, house_style, lede_of, short_headline_of
from generator.drafts.context import TEMPLATE_NAMES
from generator.drafts.environment import environment
from generator.drafts.group import GROUP_NAMES
from generator.drafts.jobs import render_outlet, render_place
from generator.drafts.prepared import covered, prepare
from generator.inputs.story import load_story
from generator.pipeline import BuildResult, build

pytestmark = pytest.mark.slow  # every test here builds the whole story (331 councils)

STORY = "council-epc"
DATA = ROOT / "data" / STORY
FILE = DATA / "EPC5yrPrivatePivotByLA.csv"
REGISTRY = ROOT / "data" / "places" / "local-authorities.csv"
PUBLISHED = {  # SHA-256 of the files as the unit published them
    FILE: "dc6c78a8065ba0ace1c83daa65dd170b300d3091cdb18db6253e3365ef6f8393",
    DATA / "SDU_sharing.xlsx": "a55bd5f635ed26c4ad43ecf05d9b5c120c18aa04261abc322b6fe74613b3a13c",
}
NOW, THEN = ("AtoC_18_22", "DtoG_18_22"), ("AtoC_12_16", "DtoG_12_16")


# --- the published file and the registry, read here with pandas (not the engine) ---------------


def councils() -> pd.DataFrame:
    """One row per council of the file, joined to the registry on the official name: counts
    and bases of both windows, exact shares, the change, and ranks from both ends."""
    table = pd.read_csv(FILE, keep_default_na=False)
    table = table[table["currentLAlabel"] != ""]
    registry = pd.read_csv(REGISTRY, dtype=str, keep_default_na=False)
    frame = table.merge(registry, left_on="currentLAlabel", right_on="name", validate="1:1")
    frame["count"], frame["base"] = frame[NOW[0]], frame[NOW[0]] + frame[NOW[1]]
    frame["count_then"], frame["base_then"] = frame[THEN[0]], frame[THEN[0]] + frame[THEN[1]]
    frame["share"] = [Fraction(c, b) for c, b in zip(frame["count"], frame["base"], strict=True)]
    frame["share_then"] = [
        Fraction(c, b) for c, b in zip(frame["count_then"], frame["base_then"], strict=True)
    ]
    frame["change"] = frame["share"] - frame["share_then"]
    # exact shares ranked with pandas: a lower share is worse, so position 1 is the lowest
    exact = frame["share"].map(float)
    assert exact.nunique() == frame["share"].nunique()  # no two shares equal as floats only
    frame["position"] = exact.rank(method="min").astype(int)
    frame["from_best"] = exact.rank(method="min", ascending=False).astype(int)
    return frame.set_index("slug")


WORDS = dict(
    enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
)
"""One to nine in words, as the house style writes them."""


def percent(count: int, base: int) -> int:
    """A whole percentage, rounded half up from the exact fraction (the house rule)."""
    return int((Decimal(count) * 100 / Decimal(base)).quantize(Decimal(1), ROUND_HALF_UP))


def points(change: Fraction) -> int:
    size = abs(change) * 100
    return int(
        (Decimal(size.numerator) / Decimal(size.denominator)).quantize(Decimal(1), ROUND_HALF_UP)
    )


# --- the build, once for the module ---------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(ROOT, STORY, out=tmp_path_factory.mktemp("council-epc"))


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return councils()


def facts(result: BuildResult, folder: str) -> dict[str, Any]:
    return json.loads((result.out_dir / folder / "facts.json").read_text(encoding="utf-8"))


def measure(result: BuildResult, folder: str) -> dict[str, Any]:
    return facts(result, folder)["measures"][0]


def draft(result: BuildResult, folder: str, name: str = "article.md") -> str:
    return (result.out_dir / folder / name).read_text(encoding="utf-8")


def headline(text: str) -> str:
    return next(line[2:] for line in text.splitlines() if line.startswith("# "))


# --- the file is the unit's, unchanged, and its names are ONS's ----------------------------------


def test_the_data_files_are_the_published_ones_unchanged() -> None:
    for path, digest in PUBLISHED.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path
    table = pd.read_csv(FILE, keep_default_na=False)
    assert len(table) == 332  # 331 councils and one row of certificates with no council
    unnamed = table[table["currentLAlabel"] == ""]
    assert len(unnamed) == 1 and unnamed[NOW[0]].item() == 2327


def test_every_council_is_an_official_ons_name_with_no_variant_added() -> None:
    """Each name of the file is the registry's official name of one council (no hand-added
    spelling), and the registry is not the story's: the manifest names the shipped one."""
    manifest = yaml.safe_load((ROOT / "templates" / STORY / "story.yaml").read_text())
    assert manifest["unit"]["places"] == "data/places/local-authorities.csv"
    registry = pd.read_csv(REGISTRY, dtype=str, keep_default_na=False)
    names = pd.read_csv(FILE, keep_default_na=False)["currentLAlabel"]
    names = names[names != ""]
    assert names.isin(registry["name"]).all(), sorted(set(names) - set(registry["name"]))
    matched = registry[registry["name"].isin(names)]
    assert matched["nation"].value_counts().to_dict() == {"England": 309, "Wales": 22}
    assert "Bristol, City of" in set(names)  # ONS's own spelling, matched as it is


def test_a_draft_for_each_of_the_331_councils_and_no_other(
    built: BuildResult, expected: pd.DataFrame
) -> None:
    assert {d.slug for d in built.of_kind("place")} == set(expected.index)
    assert not (built.out_dir / "glasgow-city").exists()  # in the registry, not in the file
    assert not [w for w in built.warnings if "has no row" in w]  # unit.nations: England, Wales


# --- every figure is the file's -------------------------------------------------------------------


def test_every_council_figure_and_change_is_the_files(
    built: BuildResult, expected: pd.DataFrame
) -> None:
    for slug, row in expected.iterrows():
        m = measure(built, str(slug))
        figure, change = m["figure"], m["change"]
        assert (figure["count"], figure["base"]) == (row["count"], row["base"]), slug
        assert figure["percent"] == percent(row["count"], row["base"]), slug
        then = change["earlier"]
        assert (then["count"], then["base"]) == (row["count_then"], row["base_then"]), slug
        assert change["points"] == str(points(row["change"])), slug
        shown = percent(row["count_then"], row["base_then"]), figure["percent"]
        still = shown[0] == shown[1] or points(row["change"]) == 0  # a change that does not show
        way = "unchanged" if still else ("up" if row["change"] > 0 else "down")
        assert change["direction"] == way, slug


def test_the_share_across_england_and_wales_leaves_out_the_unnamed_row(
    built: BuildResult, expected: pd.DataFrame
) -> None:
    count, base = int(expected["count"].sum()), int(expected["base"].sum())
    then = int(expected["count_then"].sum()), int(expected["base_then"].sum())
    assert (count, base) == (819395, 1927684) and then == (315119, 1280342)
    assert (percent(count, base), percent(*then)) == (43, 25)
    assert points(Fraction(count, base) - Fraction(*then)) == 18
    m = measure(built, "york")
    assert (m["pooled"]["count"], m["pooled"]["base"], m["pooled"]["percent"]) == (count, base, 43)
    pooled = m["change"]["pooled"]
    assert (pooled["earlier"]["count"], pooled["earlier"]["base"]) == then
    assert pooled["points"] == "18" and pooled["direction"] == "up"
    national = draft(built, "national", "national.md")
    assert f"Of the {base:,} energy performance certificates" in national
    assert f"{count:,} (43 per cent) were rated A to C" in national
    assert "across the 331 councils" in national
    assert "was 43 per cent, up from 25 per cent in 2012-16" in draft(built, "york")


def test_ranks_from_both_ends_are_the_files(built: BuildResult, expected: pd.DataFrame) -> None:
    for slug, row in expected.iterrows():
        rank = measure(built, str(slug))["rank"]
        assert (rank["position"], rank["from_best"]) == (row["position"], row["from_best"]), slug
        assert rank["base"] == 331 and rank["worse"] == "lower"
    lowest = expected.sort_values("position").index[:3].tolist()
    assert lowest == ["isles-of-scilly", "ryedale", "eden"]
    assert expected.sort_values("from_best").index[:2].tolist() == ["tower-hamlets", "salford"]


def test_the_lowest_and_highest_councils_say_so_and_no_other_does(
    built: BuildResult, expected: pd.DataFrame
) -> None:
    scilly = draft(built, "isles-of-scilly")
    assert "Only eight of the 84 privately rented homes" in lede_of(scilly) or (
        "the Isles of Scilly" in lede_of(scilly) and "lowest" in lede_of(scilly)
    )
    assert "the Isles of Scilly" in scilly and "Council of the Isles of Scilly" in scilly
    assert "the second lowest share" in draft(built, "ryedale")
    assert "the third lowest share" in draft(built, "eden")
    assert "the highest share" in draft(built, "tower-hamlets")
    for slug, row in expected.iterrows():
        text = draft(built, str(slug))
        lede = lede_of(text)
        assert "worst" not in text.lower(), slug  # the measure reads highest/lowest, never worst
        if re.search(r"\blowest\b", lede):
            assert row["position"] <= 10, (slug, lede)
        if re.search(r"\bhighest\b", lede):
            assert row["from_best"] <= 10, (slug, lede)


def test_the_biggest_rise_and_the_only_fall(built: BuildResult, expected: pd.DataFrame) -> None:
    rise, fall = expected["change"].idxmax(), expected["change"].idxmin()
    assert (rise, fall) == ("salford", "eden")
    assert (expected["change"] < 0).sum() == 1  # Eden is the only council whose share fell
    assert points(expected.loc["salford", "change"]) == 31
    assert measure(built, "salford")["change"]["rank"]["claim"] == "the biggest rise"
    assert measure(built, "eden")["change"]["rank"]["claim"] == "the biggest fall"
    salford = draft(built, "salford")
    assert re.search(r"biggest .*rise", headline(salford)), headline(salford)
    assert "up from 32 per cent in 2012-16" in salford
    eden = draft(built, "eden")
    assert "That was the biggest fall of any council in the figures." in eden


# --- round-ups by county and region add up --------------------------------------------------------


def patches(expected: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each round-up outlet's councils, worked out here from the outlets file and the registry
    with pandas: listed names, and every council of a named region or county."""
    outlets = yaml.safe_load((DATA / "outlets.yaml").read_text())["outlets"]
    found = {}
    for outlet in outlets:
        places = outlet.get("places", [])
        if places == "all":
            continue
        regions, counties = outlet.get("region", []), outlet.get("county", [])
        regions = [regions] if isinstance(regions, str) else regions
        counties = [counties] if isinstance(counties, str) else counties
        members = expected[
            expected["name"].isin(places)
            | expected["region"].isin(regions)
            | expected["county"].isin(counties)
        ]
        if len(members) > 1:
            found[outlet["slug"]] = members
    return found


def test_round_ups_by_county_and_region_add_up(built: BuildResult, expected: pd.DataFrame) -> None:
    found = patches(expected)
    assert {"news-and-star", "yorkshire-post", "western-mail", "kent-messenger"} <= set(found)
    assert len(found["yorkshire-post"]) == 21 and len(found["western-mail"]) == 22
    assert len(found["news-and-star"]) == 6 and len(found["kent-messenger"]) == 13
    for slug, members in found.items():
        radio = slug.startswith("bbc-")
        folder = f"{'radio' if radio else 'partners'}/{slug}"
        group = (
            json.loads((built.out_dir / folder / "radio-roundup.json").read_text())["measures"][0]
            if radio
            else measure(built, folder)
        )
        count, base = int(members["count"].sum()), int(members["base"].sum())
        assert (group["total"]["count"], group["total"]["base"]) == (count, base), slug
        assert group["total"]["percent"] == percent(count, base), slug
        assert sorted(s["place"] for s in group["summed"]) == sorted(members["name"]), slug
        assert sum(s["count"] for s in group["summed"]) == count, slug
        if not radio:
            text = draft(built, folder, "roundup.md")
            of = f"{count:,} of the {base:,} privately rented homes"
            out_of = f"Of the {base:,} privately rented homes"
            assert of in text or (out_of in text and f", {count:,} reached" in text), slug
            for _, row in members.iterrows():
                n, base = row["count"], row["base"]
                line = f"{WORDS.get(n, f'{n:,}')} of {base:,} ({percent(n, base)}"
                assert line in text, (slug, row["name"])
    cumbria = draft(built, "partners/news-and-star", "roundup.md")
    assert "across the six councils of Cumbria" in cumbria and "2,838 of the 10,191" in cumbria
    assert "Kent and Medway" in draft(built, "partners/kent-messenger", "roundup.md")
    wales = found["western-mail"]
    assert percent(int(wales["count"].sum()), int(wales["base"].sum())) == 36


# --- the drafts as a sub-editor reads them --------------------------------------------------------


def test_no_prose_draft_has_a_house_style_warning(built: BuildResult) -> None:
    names = {"article.md", "roundup.md", "national.md"}
    prose = [p for p in built.out_dir.rglob("*.md") if p.name in names and "packs" not in p.parts]
    assert len(prose) > 331
    for path in prose:
        text = path.read_text(encoding="utf-8")
        assert house_style(text, str(path)) == [], path
        assert short_headline_of(text), path
        assert not re.search(r"\bnan\b|\bNone\b", text), path
    assert not [s for d in built.drafts for s in d.style]


def test_openings_vary_and_headlines_have_verbs(built: BuildResult) -> None:
    drafts = {d.slug: draft(built, d.slug) for d in built.of_kind("place")}
    openings = Counter(" ".join(lede_of(t).split()[:4]) for t in drafts.values())
    assert openings.most_common(1)[0][1] <= 331 // 4, openings.most_common(3)
    verbs = r"\b(has|have|meet|fall|lag|beat|match|come|see|sees|miss|rank)\b"
    for slug, text in drafts.items():
        assert re.search(verbs, headline(text)), (slug, headline(text))


def test_radio_says_no_abbreviation_and_never_no_figure(built: BuildResult) -> None:
    for d in built.of_kind("place"):
        script = draft(built, d.slug, "radio.md")
        assert not re.search(r"\bEPCs?\b|A-C|D-G|%", script), d.slug
        assert "has no figure" not in script, d.slug


def test_every_phrasing_passes_the_fact_check_and_house_style() -> None:
    """Each council rendered at every rotation of the phrasings (the picks offer 2, 3 and 4),
    the partner copies and round-ups too: the fact check passes (a failure raises), no
    house-style warning, and no opening is used by more than a quarter of the councils."""
    prepared = prepare(ROOT, STORY)
    story = prepared.story  # Markdown only: the words are the same in every format
    prepared.story = replace(
        story, outputs=tuple(replace(o, formats=("md",)) for o in story.outputs)
    )
    outlets = [o for o in covered(prepared) if not o.is_broadcast]
    for rotation in range(12):
        prepared.rotation, prepared._variants = rotation, None
        openings: Counter[str] = Counter()
        for slug in prepared.dataset.records:
            files, result = render_place(prepared, slug, scopes=("place",))
            assert result.style == (), (rotation, result.style)
            lede = lede_of(str(files["article.md"]))
            assert len(lede.split()) <= LEDE_WORDS
            openings[" ".join(lede.split()[:4])] += 1
        assert openings.most_common(1)[0][1] <= len(prepared.dataset.records) // 4, rotation
        for outlet in outlets:
            _, result = render_outlet(prepared, outlet)
            assert result.style == (), (rotation, result.style)


def test_templates_use_only_documented_names() -> None:
    names = {
        "place": TEMPLATE_NAMES,
        "place-radio": TEMPLATE_NAMES | {"script"},
        "group": GROUP_NAMES,
        "national": GROUP_NAMES,
        "group-radio": GROUP_NAMES | {"script"},
    }
    folder = ROOT / "templates" / STORY
    env = environment(folder)
    for output in load_story(ROOT, STORY).outputs:
        source = (folder / output.template).read_text(encoding="utf-8")
        used = meta.find_undeclared_variables(env.parse(source))
        assert used <= names[output.scope], (output.template, used - names[output.scope])
