"""Reading a build for the site without building one: draft folders from the facts fixtures,
folders that hold no draft skipped, and the outlets named from their folders when the build
has no outlets file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, STORY

from generator.base.errors import InputError
from generator.inputs.story import Story, load_story
from generator.outputs.site.load import SiteBuild, read_places, read_source

FACTS = Path(__file__).resolve().parents[2] / "fixtures" / "facts"


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(ROOT, STORY)


@pytest.fixture
def build(tmp_path: Path) -> Path:
    """A build folder with Hampshire's draft, the Yorkshire Post's round-up, a folder of notes
    with no facts and the site's own folder."""
    for rel, name in (
        ("hampshire", "cancelled-crimes-hampshire"),
        ("partners/yorkshire-post", "cancelled-crimes-yorkshire-post"),
        ("site/hampshire", "cancelled-crimes-hampshire"),
    ):
        (tmp_path / rel).mkdir(parents=True)
        shutil.copy(FACTS / f"{name}.json", tmp_path / rel / "facts.json")
    (tmp_path / "hampshire" / "article.txt").write_text("Nine of 17.\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    return tmp_path


def test_only_folders_with_facts_are_drafts(build: Path, story: Story) -> None:
    places = read_places(build, story)
    assert [(p.slug, p.name, p.region) for p in places] == [
        ("hampshire", "Hampshire Constabulary", "South East")
    ]
    assert places[0].source.prose is not None and places[0].source.prose.scope == "place"
    assert read_source(build, "notes", story) is None
    assert read_source(build, "nowhere", story) is None


def test_facts_that_cannot_be_read_are_an_error_naming_the_file_and_field(
    build: Path, story: Story
) -> None:
    (build / "broken").mkdir()
    (build / "broken" / "facts.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken/facts\.json.*cannot be read as JSON"):
        read_source(build, "broken", story)
    facts = json.loads((build / "hampshire" / "facts.json").read_text(encoding="utf-8"))
    facts["measures"][0]["figure"]["count"] = "nine"
    (build / "broken" / "facts.json").write_text(json.dumps(facts), encoding="utf-8")
    with pytest.raises(
        InputError, match=r'measures\[0\]\.figure\.count should be a whole number, not "nine"'
    ):
        read_source(build, "broken", story)


def test_without_an_outlets_file_a_partner_is_named_by_its_facts(build: Path, story: Story) -> None:
    site = SiteBuild(build, story)
    (partner,) = site.partners
    assert (partner.slug, partner.name, partner.kind, partner.station) == (
        "yorkshire-post",
        "Yorkshire Post",
        "newspaper",
        False,
    )
    # of the four forces it covers, only Hampshire has a draft here, and it is not one of them
    assert partner.places == ()
    assert partner.page == "partners/yorkshire-post.html"
    assert site.partners_of("hampshire") == []


def test_the_embargo_and_words_come_from_the_drafts_and_the_story(
    build: Path, story: Story
) -> None:
    facts = json.loads((build / "hampshire" / "facts.json").read_text(encoding="utf-8"))
    facts["embargo"] = "EMBARGOED UNTIL 00:01"
    (build / "hampshire" / "facts.json").write_text(json.dumps(facts), encoding="utf-8")
    info = SiteBuild(build, story).info
    assert (info.embargo, info.singular, info.plural_title, info.national) == (
        "EMBARGOED UNTIL 00:01",
        "force",
        "Forces",
        "",
    )


def test_an_outlets_draft_is_read_for_its_page_and_gone_is_a_clear_error(
    build: Path, story: Story
) -> None:
    """An outlet's draft is not held by the site: its page reads it afresh, and a draft
    removed from the build since the site was begun is an error naming its facts file."""
    site = SiteBuild(build, story)
    [partner] = site.partners
    assert partner.slug == "yorkshire-post" and partner.source.facts.group
    shutil.rmtree(build / "partners" / "yorkshire-post")
    with pytest.raises(InputError, match="partners/yorkshire-post/facts.json"):
        _ = partner.source


def test_a_draft_s_facts_as_their_file_holds_them_are_handed_over_once_then_read_again(
    build: Path, story: Story
) -> None:
    """The site's fact check reads a draft's facts as facts.json holds them: the copy read
    with the draft is handed over and not kept (tens of megabytes for a draft about every
    place); asked again, they are read from the file, the same."""
    source = read_source(build, "partners/yorkshire-post", story)
    assert source is not None
    on_file = json.loads((build / "partners/yorkshire-post/facts.json").read_text("utf-8"))
    first = source.mapping(build)
    assert first == on_file and not source.held
    again = source.mapping(build)
    assert again == on_file and again is not first
