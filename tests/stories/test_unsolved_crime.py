"""The third story, unsolved crime: built from the BBC Shared Data Unit's published files
unchanged, every figure of its drafts worked out again here from those files with pandas."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
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

pytestmark = pytest.mark.slow  # every test here builds the whole story

STORY = "unsolved-crime"
DATA = ROOT / "data" / STORY
LONG = DATA / "crime outcomes by category force year 2012-16.csv"
WIDE = DATA / "outcomes_by_force.csv"
TOTALS = DATA / "outcomes_totals_2012-2016.csv"
NO_SUSPECT = "Investigation complete; no suspect identified"
LEFT_OUT = ("British Transport Police", "Police Service of Northern Ireland")
PUBLISHED = {  # SHA-256 of the files as the unit published them (BBC-Data-Unit/unsolved-crime)
    LONG: "029f699cefab08fe3cfbae01677d8bf52de262774c0940e3fe6becbc2d2e8a0b",
    WIDE: "cb0047f607e7e3cd97f2769edbc550b378cad3a0f171b4e6ee7e1204764a9461",
    TOTALS: "1c0dd1fa30a5c04c6de3fd4a7b91d67ee1fb37600e27a0eefb9a8e977a0dc6e8",
}


# --- the published files, read here with pandas (not the engine) ---------------------------------


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, lineterminator="\r")  # old-Mac line endings, as published


def long_table() -> pd.DataFrame:
    """The long table's rows with an outcome (anti-social behaviour has none)."""
    table = read(LONG)
    return table[table["last_outcome_category"].notna()]


def wide_table() -> pd.DataFrame:
    table = read(WIDE)
    return table[~table["Force"].isin(LEFT_OUT)].set_index("Force")


def slugs() -> dict[str, str]:
    """Every name and variant of the places file, to its slug."""
    places = pd.read_csv(ROOT / "data" / "police-forces.csv", dtype=str).fillna("")
    names: dict[str, str] = {}
    for row in places.itertuples():
        for name in [row.name, row.short_name, *row.variants.split(";")]:
            if name:
                names[name.strip()] = row.slug
    return names


def by_force() -> pd.DataFrame:
    """For each force: the 2012-16 count and base, and each year's count and base."""
    table = long_table()
    table = table[~table["reported_by"].isin(LEFT_OUT)]
    frame = pd.DataFrame(
        {
            "count": wide_table()[NO_SUSPECT],
            "base": table.groupby("reported_by")["f0_"].sum(),
        }
    )
    years = table.pivot_table(index="reported_by", columns="Year", values="f0_", aggfunc="sum")
    unsolved = table[table["last_outcome_category"] == NO_SUSPECT].pivot_table(
        index="reported_by", columns="Year", values="f0_", aggfunc="sum"
    )
    for year in (2012, 2016):
        frame[f"base {year}"] = years[year]
        frame[f"count {year}"] = unsolved[year]
    frame["slug"] = [slugs()[name] for name in frame.index]
    return frame.astype({c: "int64" for c in frame.columns if c != "slug"})


def percent(count: int, base: int) -> int:
    """A whole percentage, rounded half up from the exact fraction (the house rule)."""
    return int((Decimal(count) * 100 / Decimal(base)).quantize(Decimal(1), ROUND_HALF_UP))


def points(then: Fraction, now: Fraction) -> tuple[str, int]:
    """The direction and size of a change in percentage points, rounded half up; "unchanged"
    when the two shares, or the change, print the same (never "down 0 percentage points")."""
    size = abs(now - then) * 100
    whole = int(
        (Decimal(size.numerator) / Decimal(size.denominator)).quantize(Decimal(1), ROUND_HALF_UP)
    )
    shown = [percent(f.numerator, f.denominator) for f in (then, now)]
    if shown[0] == shown[1] or whole == 0:
        return "unchanged", whole
    return ("up" if now > then else "down"), whole


# --- the build, once for the module --------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(ROOT, STORY, out=tmp_path_factory.mktemp("unsolved"))


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return by_force()


def facts(result: BuildResult, slug: str) -> dict[str, Any]:
    return json.loads((result.out_dir / slug / "facts.json").read_text(encoding="utf-8"))


def measure(result: BuildResult, slug: str, key: str = "unsolved") -> dict[str, Any]:
    return next(m for m in facts(result, slug)["measures"] if m["measure"] == key)


def article(result: BuildResult, slug: str) -> str:
    return (result.out_dir / slug / "article.md").read_text(encoding="utf-8")


def body(text: str) -> str:
    return text.split("## Notes")[0]


def headline(text: str) -> str:
    return next(line[2:] for line in text.splitlines() if line.startswith("# "))


# --- the files are the unit's, unchanged ---------------------------------------------------------


def test_the_data_files_are_the_published_ones_unchanged() -> None:
    for path, digest in PUBLISHED.items():
        raw = path.read_bytes()
        assert hashlib.sha256(raw).hexdigest() == digest, path
        assert b"\r" in raw and b"\n" not in raw, path  # old-Mac line endings
    assert len(read(LONG)) == 47577 and len(read(WIDE)) == 45


def test_the_long_table_and_the_table_by_force_agree(expected: pd.DataFrame) -> None:
    """The base the story sums from the long table is the unit's own: the 25 outcome columns
    of its table by force (an empty cell there is no crime with that outcome), and both agree
    with the unit's totals for England and Wales."""
    wide = wide_table()
    outcomes = [c for c in wide.columns if c != "(blank)"]
    assert len(outcomes) == 25
    assert (wide[outcomes].fillna(0).sum(axis=1).astype("int64") == expected["base"]).all()
    unsolved = long_table()
    unsolved = unsolved[unsolved["last_outcome_category"] == NO_SUSPECT]
    assert (
        unsolved.groupby("reported_by")["f0_"].sum().drop(list(LEFT_OUT), errors="ignore")
        == expected["count"]
    ).all()
    totals = read(TOTALS).set_index("Outcome")["Total 2012-2016"]
    assert totals.drop("(blank)").sum() == expected["base"].sum() == 17_702_776
    assert totals[NO_SUSPECT] == expected["count"].sum() == 9_424_687


# --- every force's figure, rank and change -------------------------------------------------------


def test_a_draft_for_each_of_the_43_forces_and_none_for_btp_or_psni(built: BuildResult) -> None:
    places = {d.slug for d in built.of_kind("place")}
    assert places == set(by_force()["slug"]) and len(places) == 43
    assert not (built.out_dir / "british-transport-police").exists()
    assert not [w for w in built.warnings if "data.skip" in w]  # both skips are used
    notes = article(built, "kent").split("## Notes")[1]
    for name in LEFT_OUT:
        assert f"- {name} is in the figures but left out of the ranks" in notes, name
        assert name not in body(article(built, "kent"))


def test_every_force_figure_is_the_files(built: BuildResult, expected: pd.DataFrame) -> None:
    for name, row in expected.iterrows():
        m = measure(built, row["slug"])
        figure = m["figure"]
        assert (figure["count"], figure["base"]) == (row["count"], row["base"]), name
        assert figure["percent"] == percent(row["count"], row["base"]), name
        latest = measure(built, row["slug"], "latest")["figure"]
        assert (latest["count"], latest["base"]) == (row["count 2016"], row["base 2016"]), name


def test_the_rate_across_england_and_wales(built: BuildResult, expected: pd.DataFrame) -> None:
    count, base = int(expected["count"].sum()), int(expected["base"].sum())
    assert percent(count, base) == 53 and Fraction(count, base) > Fraction(1, 2)
    pooled = measure(built, "kent")["pooled"]
    assert (pooled["count"], pooled["base"], pooled["percent"]) == (count, base, 53)
    national = (built.out_dir / "national" / "national.md").read_text(encoding="utf-8")
    assert f"{base:,}" in national and f"{count:,} (53 per cent)" in national
    assert "more than half" in lede_of(national)


def test_ranks_from_both_ends_are_the_files(built: BuildResult, expected: pd.DataFrame) -> None:
    share = expected["count"] / expected["base"]  # exact enough: no two forces are level
    assert share.nunique() == 43
    from_top = share.rank(ascending=False, method="min").astype(int)
    from_bottom = share.rank(ascending=True, method="min").astype(int)
    for name, row in expected.iterrows():
        rank = measure(built, row["slug"])["rank"]
        assert (rank["position"], rank["from_best"]) == (from_top[name], from_bottom[name]), name
    assert share.idxmax() == "Surrey Police" and share.idxmin() == "Dyfed-Powys Police"
    assert list(share.nlargest(2).index) == ["Surrey Police", "Hertfordshire Constabulary"]


def test_the_highest_and_lowest_forces_say_so(built: BuildResult) -> None:
    surrey = article(built, "surrey")
    assert "highest share in England and Wales" in lede_of(surrey)
    assert "70 per cent" in body(surrey) and "168,683" in body(surrey)
    dyfed = article(built, "dyfed-powys")
    assert re.search(r"the lowest share in England and Wales", lede_of(dyfed)), lede_of(dyfed)
    assert "lowest" in headline(dyfed) and re.search("(33|Thirty-three) per cent", body(dyfed))
    assert "lower than the 53 per cent across England and Wales" in body(dyfed) or (
        "31,388 of the 95,337" in body(dyfed)
    )


def test_every_change_since_2012_is_the_files(built: BuildResult, expected: pd.DataFrame) -> None:
    for name, row in expected.iterrows():
        then = Fraction(int(row["count 2012"]), int(row["base 2012"]))
        now = Fraction(int(row["count 2016"]), int(row["base 2016"]))
        way, size = points(then, now)
        change = measure(built, row["slug"], "latest")["change"]
        assert (change["direction"], change["points"]) == (way, str(size)), name
        assert change["earlier"]["count"] == row["count 2012"], name
        text = body(article(built, row["slug"]))
        unit = "percentage point" if size == 1 else "percentage points"
        said = re.escape(f"{way} ") + r"\S+" + re.escape(f" {unit} since 2012")
        if way == "unchanged":
            said = "unchanged since 2012"
        assert re.search(said, text), (name, way, size)
    assert sum(1 for slug in expected["slug"] if "since 2012" in article(built, slug)) == 43


def test_the_biggest_rise_and_fall_and_the_national_change(
    built: BuildResult, expected: pd.DataFrame
) -> None:
    change = (expected["count 2016"] / expected["base 2016"]) - (
        expected["count 2012"] / expected["base 2012"]
    )
    assert change.idxmax() == "Hertfordshire Constabulary" and change.max() > 0
    assert change.idxmin() == "Avon and Somerset Constabulary"
    herts = body(article(built, "hertfordshire"))
    assert "up 20 percentage points since 2012, the biggest rise in England and Wales" in herts
    avon = body(article(built, "avon-and-somerset"))
    assert "down 39 percentage points since 2012, the biggest fall in England and Wales" in avon
    then = Fraction(int(expected["count 2012"].sum()), int(expected["base 2012"].sum()))
    now = Fraction(int(expected["count 2016"].sum()), int(expected["base 2016"].sum()))
    assert (percent(then.numerator, then.denominator), percent(now.numerator, now.denominator)) == (
        59,
        47,
    )
    assert points(then, now) == ("down", 12)
    assert "the share in 2016 was 47 per cent, down from 59 per cent in 2012" in herts
    national = (built.out_dir / "national" / "national.md").read_text(encoding="utf-8")
    said = "Of the crimes recorded in 2016, 47 per cent were closed with no suspect identified, "
    assert said + "down from 59 per cent in 2012" in national
    assert "rose most at Hertfordshire Constabulary" in national
    assert "fell most at Avon and Somerset Constabulary" in national


# --- chance, leads and the unit's cautions -------------------------------------------------------


def test_over_dispersion_leaves_fewer_than_half_the_forces_significant(
    built: BuildResult,
) -> None:
    significant = [
        slug
        for slug in {d.slug for d in built.of_kind("place")}
        if measure(built, slug)["funnel"]["significance"]
    ]
    assert len(significant) * 2 < 43, significant
    funnel = measure(built, "surrey")["funnel"]
    assert funnel["dispersion"] and funnel["dispersion"]["method"] != "none"
    within = measure(built, "surrey")["places_within_limits"]
    assert within * 2 > 43
    assert f"the shares of {within} are within the usual spread" in body(article(built, "surrey"))


def test_majority_never_leads_though_the_national_rate_is_above_half(
    built: BuildResult, expected: pd.DataFrame
) -> None:
    kinds = Counter(facts(built, slug)["lead"]["kind"] for slug in expected["slug"])
    assert "majority" not in kinds, kinds
    over_half = (expected["count"] * 2 >= expected["base"]).sum()
    assert over_half > 30  # "more than half of its crimes" is true of most forces: no news


def test_the_unit_s_findings_quoted_as_standing_text_hold() -> None:
    """More than two thirds of burglaries, vehicle crimes and thefts other than shoplifting;
    'unable to prosecute suspect' rarely recorded before 2014; more of 2016 still under
    investigation than of 2012."""
    table = long_table()
    share = table.groupby("crime_type").apply(
        lambda d: d.loc[d["last_outcome_category"] == NO_SUSPECT, "f0_"].sum() / d["f0_"].sum()
    )
    for kind in (
        "Burglary",
        "Vehicle crime",
        "Other theft",
        "Bicycle theft",
        "Theft from the person",
    ):
        assert share[kind] > 2 / 3, kind
    assert share["Shoplifting"] < 2 / 3
    year = table.pivot_table(
        index="last_outcome_category", columns="Year", values="f0_", aggfunc="sum"
    ).fillna(0)
    year = year / year.sum()
    unable = year.loc["Unable to prosecute suspect"]
    assert unable[2012] < 0.01 and unable[2013] < 0.01 and unable[2014] > 0.1
    assert year.loc["Under investigation", 2016] > year.loc["Under investigation", 2012]


# --- the drafts as a sub-editor reads them -------------------------------------------------------


def test_no_prose_draft_has_a_house_style_warning(built: BuildResult) -> None:
    names = {"article.md", "roundup.md", "national.md"}
    prose = [p for p in built.out_dir.rglob("*.md") if p.name in names and "packs" not in p.parts]
    assert len(prose) > 43
    for path in prose:
        text = path.read_text(encoding="utf-8")
        assert house_style(text, str(path)) == [], path
        assert short_headline_of(text), path
        assert not re.search(r"\bnan\b|\bNone\b", text), path
    assert not [s for d in built.drafts for s in d.style]


def test_openings_vary_and_headlines_have_verbs(built: BuildResult) -> None:
    drafts = {d.slug: article(built, d.slug) for d in built.of_kind("place")}
    openings = Counter(" ".join(lede_of(t).split()[:4]) for t in drafts.values())
    assert openings.most_common(1)[0][1] <= 43 // 3, openings.most_common(3)
    for slug, text in drafts.items():
        title = headline(text)
        assert re.search(r"\b(has|have|closes|close|closed|go)\b", title), (slug, title)
        rank = measure(built, slug)["rank"]
        if "highest" in title:  # an exact rank, and only near the top
            assert rank["position"] <= 10, (slug, title)
            assert rank["claim_extreme"].removeprefix("the ").split(" in ")[0] in title
        if "lowest" in title:
            assert rank["from_best"] <= 3, (slug, title)


def test_the_disputed_forces_carry_their_response(built: BuildResult) -> None:
    surrey = article(built, "surrey")
    assert "Surrey Police is re-submitting its data to get this corrected" in surrey
    assert "has been approached for comment" not in surrey
    herts = article(built, "hertfordshire")
    assert "far lower rate" in body(herts) and "local assessment" in body(herts)
    kent = article(built, "kent")
    assert "Kent Police has been approached for comment." in kent
    assert "re-submitting it" in kent.split("## Notes")[1]  # the caution, for every editor


def test_a_round_up_adds_up(built: BuildResult, expected: pd.DataFrame) -> None:
    four = expected[
        expected["slug"].isin(
            ["north-yorkshire", "west-yorkshire", "south-yorkshire", "humberside"]
        )
    ]
    count, base = int(four["count"].sum()), int(four["base"].sum())
    text = (built.out_dir / "partners" / "yorkshire-post" / "roundup.md").read_text()
    assert f"{count:,} of the {base:,} crimes" in text
    assert f"{percent(count, base)} per cent" in text
    now = percent(int(four["count 2016"].sum()), int(four["base 2016"].sum()))
    then = percent(int(four["count 2012"].sum()), int(four["base 2012"].sum()))
    assert (now, then) == (47, 64)
    said = (
        f"{now} per cent were closed with no suspect identified, down from {then} per cent in 2012"
    )
    assert said in text


def test_radio_scripts_are_for_the_ear(built: BuildResult) -> None:
    scripts = list(built.out_dir.glob("*/radio.txt"))
    assert len(scripts) == 43
    for path in scripts:
        said = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.isupper() and not re.match(r"(Radio scripts|CUE|COPY)\b", line)
        ]
        assert said, path
        for line in said:
            assert "%" not in line and "(" not in line and "police.uk" not in line, (path, line)


def test_every_phrasing_passes_the_fact_check_and_house_style() -> None:
    """Each force rendered at every rotation of the phrasings (so every frame of every pick is
    used), the partner copies and round-ups too: the fact check passes (a failure raises) and
    there are no house-style warnings."""
    prepared = prepare(ROOT, STORY)
    outlets = [o for o in covered(prepared) if not o.is_broadcast]
    for rotation in range(12):  # the picks offer 2, 3 and 4 phrasings
        prepared.rotation, prepared._variants = rotation, None
        for slug in prepared.dataset.records:
            files, result = render_place(prepared, slug, scopes=("place",))
            assert result.style == (), (rotation, result.style)
            assert len(lede_of(str(files["article.md"])).split()) <= LEDE_WORDS
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


# --- open cases: a fall since 2012 the data cannot bear alone ------------------------------------


def pending_shares() -> tuple[pd.Series, Fraction]:
    """Each force's 2016 crimes still "Under investigation" over its 2016 crimes with an outcome,
    and the same over every force together, worked out from the long table."""
    table = long_table()
    table = table[(table["Year"] == 2016) & ~table["reported_by"].isin(LEFT_OUT)]
    base = table.groupby("reported_by")["f0_"].sum()
    open_ = (
        table[table["last_outcome_category"] == "Under investigation"]
        .groupby("reported_by")["f0_"]
        .sum()
        .reindex(base.index, fill_value=0)
    )
    shares = pd.Series({name: Fraction(int(open_[name]), int(base[name])) for name in base.index})
    return shares, Fraction(int(open_.sum()), int(base.sum()))


def test_a_force_with_many_open_cases_has_its_fall_qualified(built: BuildResult) -> None:
    shares, pooled = pending_shares()
    high = sorted(name for name, share in shares.items() if share >= 2 * pooled)
    assert high == ["Avon and Somerset Constabulary"]  # the templates' rule: twice the pooled share
    avon = shares["Avon and Somerset Constabulary"]
    own, across = (
        percent(avon.numerator, avon.denominator),
        percent(pooled.numerator, pooled.denominator),
    )
    assert (own, across) == (53, 19)
    caveat = (
        f"{own} per cent of its 2016 crimes were still under investigation when the figures were"
        f" taken, against {across} per cent across England and Wales, so the fall may shrink as"
        " they are closed"
    )
    said = "down 39 percentage points since 2012, the biggest fall in England and Wales, but "
    assert said + caveat in body(article(built, "avon-and-somerset"))
    national = (built.out_dir / "national" / "national.md").read_text(encoding="utf-8")
    assert "fell most at Avon and Somerset Constabulary, though " + caveat in national
    radio = (built.out_dir / "avon-and-somerset" / "radio.txt").read_text(encoding="utf-8")
    for line in radio.splitlines():  # a script giving the fall gives the caveat with it
        if "down from 59 per cent in 2012" in line:
            assert f"But {own} per cent of the force's 2016 crimes" in line
            assert f"against {across} per cent across England and Wales" in line
    assert "down from 59 per cent in 2012. But" in radio
    facts_avon = measure(built, "avon-and-somerset", "pending")
    assert (facts_avon["figure"]["percent"], facts_avon["pooled"]["percent"]) == (own, across)
    slug_of = slugs()
    for name in high:
        text = article(built, slug_of[name])
        for line in (headline(text), short_headline_of(text) or ""):
            assert "biggest" not in line and "fall" not in line, (name, line)
    # The other forces keep the general caution and no open-cases caveat.
    kent = body(article(built, "kent"))
    assert "still under investigation when the data was taken" in kent
    assert "when the figures were taken" not in kent
