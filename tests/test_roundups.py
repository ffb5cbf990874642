"""Regional round-ups and the national story: news judgement, headlines, ledes, variation."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
from conftest import ROOT, STORY

from generator.build import Prepared, group_for, prepare, render_group, render_outlet
from generator.checks import lede_of, short_headline_of
from generator.group import GroupContext

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
    verbs = re.compile(r"\b(has|have|wrongly cancelled|failed|find|finds|rank|do|does|beat)\b")
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
        if lead_key and group.by_key[lead_key].versus != "in line with":
            assert group.compared.measure.key == lead_key, region
        else:
            moved += 1
            worse = [
                g
                for g in group.measures
                if g.measure.lead and g.worse_than_pooled and g.versus != "in line with"
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
