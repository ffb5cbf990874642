"""Regional round-ups and the national story: news judgement, headlines, ledes, variation."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
from conftest import ROOT, STORY

from generator.checks.style import lede_of, sentences, short_headline_of
from generator.drafts.group import GroupContext
from generator.drafts.jobs import render_group, render_outlet
from generator.drafts.prepared import Prepared, group_for, prepare
from generator.language.filters import proportion

pytestmark = pytest.mark.slow  # renders every round-up of the bundled story, several times

ROUNDUPS = ("yorkshire-post", "the-northern-echo")
ROTATIONS = range(6)  # enough to run every phrasing of the round-up and national frames


@pytest.fixture(scope="module")
def prepared() -> Prepared:
    return prepare(ROOT, STORY)


def roundup_outlets(prepared: Prepared) -> list[str]:
    """Every outlet whose draft is a round-up of several places (not radio, not national)."""
    assert prepared.outlets is not None
    found = []
    for outlet in prepared.outlets:
        slugs = [s for s in outlet.places if s in prepared.dataset.records]
        if not outlet.is_broadcast and outlet.kind != "national" and len(slugs) > 1:
            found.append(outlet.slug)
    return found


def roundup(prepared: Prepared, slug: str, rotation: int = 0) -> tuple[str, GroupContext]:
    """An outlet's round-up (rendered and fact-checked) and its group context."""
    assert prepared.outlets is not None
    outlet = prepared.outlets.by_slug(slug)
    prepared.rotation = rotation
    try:
        files, _ = render_outlet(prepared, outlet)
        slugs = [s for s in outlet.places if s in prepared.dataset.records]
        group = group_for(prepared, outlet.name, slugs, outlet)
    finally:
        prepared.rotation = 0
    return str(files["roundup.md"]), group


def national(prepared: Prepared, rotation: int = 0) -> str:
    prepared.rotation = rotation
    try:
        group = group_for(
            prepared, prepared.story.unit.area, list(prepared.dataset.records), national=True
        )
        files, _ = render_group(prepared, group, "national", "national", ("national",))
    finally:
        prepared.rotation = 0
    return str(files["national.md"])


def headline(markdown: str) -> str:
    return next(line[2:] for line in markdown.splitlines() if line.startswith("# "))


def body(markdown: str) -> str:
    """The prose between the headline and the first section heading."""
    text = markdown.split("\n# ", 1)[1] if not markdown.startswith("# ") else markdown[2:]
    return text.split("\n## ", 1)[0]


def paragraphs(markdown: str) -> list[str]:
    return [p.strip() for p in body(markdown).split("\n\n")[1:] if p.strip()]


def test_the_bundled_round_ups_are_the_ones_tested(prepared: Prepared) -> None:
    assert roundup_outlets(prepared) == list(ROUNDUPS)


@pytest.mark.parametrize("rotation", ROTATIONS)
def test_every_round_up_and_the_national_draft_keep_to_the_lengths(
    prepared: Prepared, rotation: int
) -> None:
    drafts = {slug: roundup(prepared, slug, rotation)[0] for slug in roundup_outlets(prepared)}
    drafts["national"] = national(prepared, rotation)
    for where, text in drafts.items():
        assert len(headline(text)) <= 70, (where, headline(text))
        short = short_headline_of(text)
        assert short and len(short) <= 40, (where, short)
        assert len(lede_of(text).split()) <= 35, (where, lede_of(text))
        assert not headline(text)[:1].isdigit()


def test_round_up_headlines_have_a_verb(prepared: Prepared) -> None:
    verbs = re.compile(
        r"\b(has|have|left|wrongly cancelled|did not tell|failed|find|finds|rank|do|does|beat"
        r"|stay)\b"
    )
    for slug in ROUNDUPS:
        for rotation in ROTATIONS:
            text, _ = roundup(prepared, slug, rotation)
            assert verbs.search(headline(text)), headline(text)
    for rotation in ROTATIONS:
        assert verbs.search(headline(national(prepared, rotation)))


@pytest.mark.parametrize("slug", ROUNDUPS)
def test_a_round_up_leads_on_a_measure_where_the_region_is_not_in_line(
    prepared: Prepared, slug: str
) -> None:
    text, group = roundup(prepared, slug)
    lead = group.lead.lead
    assert lead.measure is not None
    key = lead.measure.measure.key
    # The patch's strongest finding leads: no member has a stronger one.
    assert lead.kind in ("worst", "joint_worst", "near_worst", "top_ten", "majority", "above")
    assert all(c.lead.score <= lead.score for c in group.places)
    # The regional total on the lead's measure differs from the national rate ...
    assert group.by_key[key].versus != "in line with"
    assert group.compared is group.by_key[key]
    # ... and the draft says so, with "higher than"/"lower than", right after the lede.
    lede = lede_of(text)
    assert lead.measure.measure.plural in lede
    assert group.lead.place.name in lede
    total = group.by_key[key].total
    assert total is not None
    compared = next(p for p in paragraphs(text) if p.startswith("Across "))
    word = {"above": "higher than", "below": "lower than"}[group.by_key[key].versus]
    assert f" of {total.base} (" in compared and word in compared, compared


def test_the_comparison_never_uses_a_measure_in_line_with_the_nation(
    prepared: Prepared,
) -> None:
    """Every region's round-up (not only the bundled partners'): the comparison's measure is
    the lead's when the region differs there, otherwise another that differs."""
    regions = collections.defaultdict(list)
    for slug, record in prepared.dataset.records.items():
        regions[record.place.region].append(slug)
    moved = 0
    for region, slugs in regions.items():
        if len(slugs) < 2:
            continue
        group = group_for(prepared, region, slugs)
        lead_key = group.lead.lead.measure.measure.key if group.lead.lead.measure else None
        assert group.compared is not None, region
        assert group.compared.versus != "in line with", region
        assert not group.compared.close, region
        if (
            lead_key
            and group.by_key[lead_key].versus != "in line with"
            and not group.by_key[lead_key].close
        ):
            assert group.compared.measure.key == lead_key, region
        else:
            moved += 1
            worse = [
                g
                for g in group.measures
                if g.measure.lead
                and g.worse_than_pooled
                and g.versus != "in line with"
                and not g.close
            ]
            assert group.compared.worse_than_pooled == bool(worse), region
        files, _ = render_group(prepared, group, "x", "partner", ("group",))
        text = str(files["roundup.md"])
        assert len(headline(text)) <= 70 and len(lede_of(text).split()) <= 35, region
    assert moved  # the bundled data has a region in line on its lead's measure (North East)


def test_the_lede_gives_an_exact_rank_and_who_shares_it(prepared: Prepared) -> None:
    for rotation in ROTATIONS:
        text, group = roundup(prepared, "yorkshire-post", rotation)
        lede = lede_of(text)
        assert "joint worst" in lede, lede
        assert "level with Lancashire" in text.split("\n## ")[0], rotation
        assert "among the" not in text


def test_the_northern_echo_round_up_names_north_yorkshire_police(prepared: Prepared) -> None:
    text, group = roundup(prepared, "the-northern-echo")
    assert "North Yorkshire Police" in [c.place.name for c in group.places]
    # in the story itself, not only in the list of figures
    assert "North Yorkshire Police" in body(text)
    assert "- North Yorkshire Police: " in text


def test_force_lines_do_not_repeat_a_frame_in_a_row(prepared: Prepared) -> None:
    for slug in ROUNDUPS:
        for rotation in ROTATIONS:
            text, group = roundup(prepared, slug, rotation)
            names = {c.place.name for c in group.places}
            lines = [p for p in paragraphs(text) if any(n in p.split(",")[0] for n in names)]
            openings = [" ".join(p.split()[:2]) for p in lines]
            for before, after in zip(openings, openings[1:], strict=False):
                assert before != after, (slug, rotation, openings)
            starts = [p.split()[0] for p in paragraphs(text)]
            for before, after in zip(starts, starts[1:], strict=False):
                assert not (before == after == "For"), (slug, rotation, starts)


def test_the_chance_caveat_follows_the_comparisons_and_never_hedges_a_zero(
    prepared: Prepared,
) -> None:
    for slug in ROUNDUPS:
        for rotation in ROTATIONS:
            text, group = roundup(prepared, slug, rotation)
            paras = paragraphs(text)
            lede = lede_of(text)
            assert "chance" not in lede
            hedged = [i for i, p in enumerate(paras) if "down to chance" in p]
            for i in hedged:
                named = [c for c in group.places if c.place.name in paras[i]]
                for ctx in named:
                    m = ctx.lead.measure
                    assert m is not None and m.figure is not None and m.figure.count > 0
                    assert m.caution, (ctx.place.name, paras[i])
                    # the force's comparison comes before the caveat
                    assert any(ctx.place.name in p for p in paras[:i]), paras[i]


def test_a_round_up_renders_the_same_twice(prepared: Prepared) -> None:
    for slug in ROUNDUPS:
        assert roundup(prepared, slug)[0] == roundup(prepared, slug)[0]
    assert national(prepared) == national(prepared)
    fresh = prepare(ROOT, STORY)
    assert roundup(fresh, "the-northern-echo")[0] == roundup(prepared, "the-northern-echo")[0]


def test_the_national_draft_has_the_victims_finding(prepared: Prepared) -> None:
    text = national(prepared)
    everyone = group_for(prepared, "England and Wales", list(prepared.dataset.records))
    victims = everyone.by_key["victims"]
    assert victims.total is not None
    said = f"{victims.total.count:,} of {victims.total.base:,}"
    assert any(said in p and "not told" in p for p in paragraphs(text)[:2]), said
    assert f"{victims.at_least_one} of the {len(victims.places)} forces with figures" in text
    assert "Lancashire Constabulary and North Yorkshire Police" in text


@pytest.mark.slow
def test_when_every_force_did_well_the_round_up_says_so(project: Path) -> None:
    """Yorkshire's forces with no wrong cancellation anywhere: a 'better than most' round-up."""
    figures = project / "data/cancelled-crimes/figures.csv"
    lines = figures.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    counts = [i for i, name in enumerate(header) if name.endswith(("_incorrect", "_not_told"))]
    yorkshire = ("North Yorkshire", "West Yorkshire", "South Yorkshire", "Humberside")
    for n, line in enumerate(lines):
        if line.startswith(yorkshire):
            cells = line.split(",")
            for i in counts:
                if cells[i]:
                    cells[i] = "0"
            lines[n] = ",".join(cells)
    figures.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fresh = prepare(project, STORY)
    text, group = roundup(fresh, "yorkshire-post")
    assert group.all_good
    assert "better than most" in headline(text)
    assert lede_of(text).startswith("Forces across Yorkshire and The Humber did better than most")
    assert len(headline(text)) <= 70 and len(short_headline_of(text)) <= 40
    assert group.compared is not None and not group.compared.worse_than_pooled
    assert "lower than" in body(text)


def every_round_up(prepared: Prepared) -> list[tuple[str, str, GroupContext]]:
    """The bundled round-ups at every rotation, and a round-up of every region."""
    found = [(f"{slug}@{r}", *roundup(prepared, slug, r)) for slug in ROUNDUPS for r in ROTATIONS]
    regions = collections.defaultdict(list)
    for slug, record in prepared.dataset.records.items():
        regions[record.place.region].append(slug)
    for region, slugs in regions.items():
        if len(slugs) > 1:
            group = group_for(prepared, region, slugs)
            files, _ = render_group(prepared, group, "x", "partner", ("group",))
            found.append((region, str(files["roundup.md"]), group))
    return found


def prose(markdown: str) -> list[str]:
    """The sentences of the story, headline and the list of figures left out."""
    return [s for p in body(markdown).split("\n\n")[1:] for s in sentences(p)]


def test_a_regional_total_names_only_the_forces_whose_figures_are_in_it(
    prepared: Prepared,
) -> None:
    """The Northern Echo's victims total leaves Durham (no figure) out, and says so."""
    text, group = roundup(prepared, "the-northern-echo")
    victims = group.by_key["victims"]
    assert [c.place.short_name for c in victims.missing] == ["Durham"]
    said = [s for s in prose(text) if "20 of 78 (26 per cent)" in s]
    assert said and all("Durham" not in s for s in said), said
    assert "Across the Cleveland, Northumbria and North Yorkshire forces, 20 of 78" in text
    assert "The inspection report on Durham Constabulary gives no figure for victims." in text
    checked = 0
    for where, text, group in every_round_up(prepared):
        for g in group.measures:
            if not g.missing or g.total is None:
                continue
            for s in prose(text):
                if proportion(g.total) in s and g.plural in s:
                    checked += 1
                    for ctx in g.missing:
                        assert ctx.place.short_name not in s, (where, s)
                    assert any(
                        ctx.place.name in t and "no figure" in t
                        for ctx in g.missing
                        for t in prose(text)
                    ), (where, g.measure.key)
    assert checked


def test_each_force_figure_is_given_once_in_the_story(prepared: Prepared) -> None:
    """Humberside's eight of 20, South Yorkshire's three of 16 and Cleveland's four of 12 once
    each; every force's figure on every measure at most once in the prose."""
    for where, text, group in every_round_up(prepared):
        for ctx in group.places:
            figures = [v.figure for v in ctx.measures if v.figure is not None]
            for v in ctx.measures:
                if v.figure is None or v.figure.count == 0:
                    continue
                said = proportion(v.figure)
                if sum(1 for f in figures if proportion(f) == said) > 1:
                    continue  # the same figure on two measures: not told apart here
                times = [s for s in prose(text) if ctx.place.name in s and said in s]
                assert len(times) <= 1, (where, ctx.place.name, v.measure.key, times)
    yorkshire, _ = roundup(prepared, "yorkshire-post")
    assert sum(s.count("eight of 20 (40 per cent)") for s in prose(yorkshire)) == 2  # two forces
    assert sum(s.count("three of 16") for s in prose(yorkshire)) == 1
    echo, _ = roundup(prepared, "the-northern-echo")
    assert sum(s.count("four of 12") for s in prose(echo)) == 1
    # Cleveland's figure is in the draft already: "had the highest rate" is not said again
    assert "Cleveland Police had the highest rate of the four forces." not in echo


def test_a_gap_within_chance_of_two_points_or_less_is_close_not_higher(
    prepared: Prepared,
) -> None:
    text, group = roundup(prepared, "yorkshire-post")
    west = [s for s in prose(text) if "West Yorkshire Police" in s and "three of 20" in s]
    assert west and all("close to the 13 per cent" in s for s in west), west
    assert all("higher than" not in s for s in west)
    closes = 0
    for where, text, group in every_round_up(prepared):
        for g in group.measures:
            if g.total is None or g.total.count == 0:
                continue
            for s in prose(text):
                if g.close and proportion(g.total) in s and g.plural in s and "across" in s:
                    closes += 1
                    assert "close to" in s and " than the " not in s, (where, s)
                    assert g is not group.compared, where
            for ctx in group.places:
                view = ctx.lead.measure
                if view is None or view.measure.key != g.measure.key:
                    continue
                if ctx.place.slug in g.close_places and ctx.lead.kind in ("above", "close"):
                    line = [s for s in prose(text) if ctx.place.name in s]
                    assert any("close to" in s for s in line), (where, line)
                    hedged = [s for s in line if "down to chance" in s]
                    assert not hedged, (where, hedged)
    assert closes


def test_an_inadequate_grade_is_said_near_the_top(prepared: Prepared) -> None:
    text, group = roundup(prepared, "the-northern-echo")
    paras = paragraphs(text)
    where = [i for i, p in enumerate(paras) if "Cleveland Police as “inadequate”" in p]
    assert where and where[0] <= 4, paras[: where[0] + 1 if where else 6]
    assert body(text).count("inadequate") == 1
    for name, text, group in every_round_up(prepared):
        failing = [c for c in group.places if c.fields.get("grade") == "inadequate"]
        if not failing:
            assert "inadequate" not in body(text), name
            continue
        paras = paragraphs(text)
        first = next(i for i, p in enumerate(paras) if "“inadequate”" in p)
        assert first <= 5 and all(c.place.name in paras[first] for c in failing), name
        before_forces = [i for i, p in enumerate(paras) if p.startswith("A cancelled crime")]
        assert first < before_forces[0], name


def test_rival_papers_get_headlines_about_their_own_patch(prepared: Prepared) -> None:
    seen = collections.defaultdict(set)
    for rotation in ROTATIONS:
        drafts = {slug: roundup(prepared, slug, rotation) for slug in ROUNDUPS}
        heads = {slug: headline(text) for slug, (text, _) in drafts.items()}
        shorts = {slug: short_headline_of(text) for slug, (text, _) in drafts.items()}
        assert len(set(heads.values())) == len(ROUNDUPS), (rotation, heads)
        assert len(set(shorts.values())) == len(ROUNDUPS), (rotation, shorts)
        for slug, (_text, group) in drafts.items():
            # the patch, or a force in it (a national rank beats "worst locally")
            local = [c.place.short_name for c in group.places if c.place.short_name in heads[slug]]
            assert group.patch in heads[slug] or "local forces" in heads[slug] or local, heads[slug]
            assert len(heads[slug]) <= 70 and len(shorts[slug]) <= 40
            seen[slug].add(heads[slug])
    _, york = roundup(prepared, "yorkshire-post")
    _, echo = roundup(prepared, "the-northern-echo")
    assert york.patch == "Yorkshire"
    assert echo.patch == "the North East and North Yorkshire"
    # the Yorkshire Post's one clear headline that fits 70 characters is North Yorkshire's own
    # figure ("left 40% of victims unaware crime was cancelled"); "rank worst in Yorkshire on
    # victims", its old alternative, was unclear
    assert seen["yorkshire-post"] == {
        "North Yorkshire police left 40% of victims unaware crime was cancelled"
    }


def test_national_responses_are_introduced_as_responses(prepared: Prepared) -> None:
    drafts = [national(prepared), roundup(prepared, "yorkshire-post")[0]]
    for text in drafts:
        paras = [p.strip() for p in text.split("\n\n")]
        office = next(p for p in paras if "Home Office said" in p)
        assert office.startswith("Responding to the findings"), office
        charity = next(p for p in paras if "Rape Crisis said" in p)
        assert charity.startswith("Also responding, the charity Rape Crisis said"), charity


def test_the_national_lede_gives_the_strongest_national_finding(prepared: Prepared) -> None:
    everyone = group_for(prepared, "England and Wales", list(prepared.dataset.records))
    rates = {g.measure.key: g.total.rate for g in everyone.measures if g.measure.lead and g.total}
    highest = max(rates, key=rates.__getitem__)
    lowest = min(rates, key=rates.__getitem__)
    assert (highest, lowest) == ("violence", "rape")
    top = everyone.by_key[highest]
    for rotation in ROTATIONS:
        text = national(prepared, rotation)
        lede = lede_of(text)
        assert re.search(r"\d+ of [\d,]+ \(\d+ per cent\)", lede), lede
        # the sample, never all violent crime: "violent offence records that inspectors checked"
        assert proportion(top.total) in lede, lede
        assert f"{top.singular} records that inspectors checked" in lede, lede
        assert len(lede.split()) <= 35
        assert "rape" not in headline(text).lower(), headline(text)
        assert "14%" in headline(text) and "violent" in headline(text), headline(text)
        # the total is stated once
        assert sum(s.count(proportion(top.total)) for s in prose(text)) == 1
        paras = paragraphs(text)
        for i, p in enumerate(paras):
            if p.startswith("Inspectors also found"):
                assert i > 0 and "inspectors" in paras[i - 1].lower(), paras[i - 1]


def test_the_northern_echo_headline_gives_the_national_rank(prepared: Prepared) -> None:
    """North Yorkshire is joint worst of 40 on victims: bigger news than 'worst of four local
    forces' (and Durham has no victims figure, so there were only three to be worst of)."""
    for rotation in ROTATIONS:
        text, _ = roundup(prepared, "the-northern-echo", rotation)
        assert headline(text) == "North Yorkshire police rank joint worst of 40 forces on victims"
        assert "four local forces" not in text


def test_comparisons_and_ranks_are_not_credited_to_the_inspectors(prepared: Prepared) -> None:
    drafts = [(name, text) for name, text, _ in every_round_up(prepared)]
    drafts += [(f"national@{r}", national(prepared, r)) for r in ROTATIONS]
    for name, text in drafts:
        assert "inspectors find" not in headline(text).lower(), (name, headline(text))
        for s in prose(text):
            if s.startswith(("Inspectors found", "Inspectors find")):
                for claim in (" than the ", "close to", "worst", "better than most"):
                    assert claim not in s, (name, s)


REGIONAL_CHANCE = (
    "a gap chance alone could explain.",
    "though with samples this small chance could explain the gap.",
    "but the samples are small enough for that to be chance.",
)
"""The caveat after a regional total, worded in turn so a round-up does not repeat it."""


def test_a_regional_gap_chance_could_make_is_caveated_in_its_sentence(
    prepared: Prepared,
) -> None:
    caveated = 0
    for name, text, group in every_round_up(prepared):
        for g in group.measures:
            if g.total is None or g.total.count == 0:
                continue
            for s in prose(text):
                said = proportion(g.total) in s or f"{g.total.count} of {g.total.base}" in s
                if said and g.plural in s and ("higher than" in s or "lower than" in s):
                    if g.chance:
                        caveated += 1
                        assert s.endswith(REGIONAL_CHANCE), (name, s)
                    else:
                        assert "chance" not in s, (name, s)
    assert caveated


def test_the_force_caveat_comes_straight_after_the_lines_it_covers(prepared: Prepared) -> None:
    """South Yorkshire's caveat follows its line, with no other force's line between."""
    for name, text, group in every_round_up(prepared):
        paras = paragraphs(text)
        for i, p in enumerate(paras):
            if "down to chance" not in p or p.startswith(("With samples of this", "The samples")):
                continue
            named = [c.place.name for c in group.places if c.place.name in p]
            if not named:
                continue
            run = []
            for q in reversed(paras[:i]):
                if not any(n in q for n in named):
                    break
                run.append(q)
            assert len(run) == len(named), (name, p, run)
    york, _ = roundup(prepared, "yorkshire-post")
    paras = paragraphs(york)
    i = next(i for i, p in enumerate(paras) if "down to chance" in p and "South York" in p)
    assert "three of 16" in paras[i - 1], paras[i - 1]


def test_the_northern_echo_grammar(prepared: Prepared) -> None:
    for rotation in ROTATIONS:
        text, _ = roundup(prepared, "the-northern-echo", rotation)
        assert "In their" not in text and "victims that inspectors checked" not in text
        assert "the lowest of its four grades, in its most recent" in text


def test_the_national_banner_names_the_stand_ins_measure_by_measure(prepared: Prepared) -> None:
    text = national(prepared)
    banner = next(line for line in text.splitlines() if line.startswith("ILLUSTRATIVE"))
    for m in prepared.story.measures:
        assert f"{m.label}: " in banner, m.label
    assert "Metropolitan Police Service" not in banner  # short names keep it compact
    assert "(for Lancashire, Merseyside and Northamptonshire, only the sample size is" in banner
    assert "each force's own draft gives the values; the England and Wales totals" in banner


def test_a_station_leads_on_a_force_mostly_inside_its_patch(prepared: Prepared) -> None:
    """BBC Three Counties covers Bedfordshire, Hertfordshire and Buckinghamshire: Thames Valley
    Police (Berkshire, Buckinghamshire, Milton Keynes, Oxfordshire) is mostly outside it, so it
    does not lead the station's scripts even where its finding is the strongest."""
    assert prepared.outlets is not None
    outlet = next(o for o in prepared.outlets if o.slug == "bbc-three-counties-radio")
    slugs = list(outlet.places)
    assert "thames-valley" in slugs and "Buckinghamshire" in outlet.patch
    without = group_for(prepared, outlet.name, slugs)  # no outlet: no patch to weigh
    assert without.lead.place.slug == "thames-valley"
    group = group_for(prepared, outlet.name, slugs, outlet)
    assert group.lead.place.slug in {"bedfordshire", "hertfordshire"}
    assert group.ranked[0].place.slug == "thames-valley"  # still ranked, only not the lead
