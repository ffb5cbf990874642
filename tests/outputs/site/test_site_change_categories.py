"""The site's pages for the new measure kinds: a change's rows in the facts (the place's and
every place's together), a change stated in points linked to its row, and a ``categories:``
section as a table of each category's count and share beside the national share, the most
common marked, its figures linked to their rows."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project, run

from generator.checks.numbers import mentions_and_pairs
from generator.drafts.fact_types import load
from generator.outputs.site.highlight import anchors_for


def build(tmp: pytest.TempPathFactory, story: str) -> Path:
    root = copy_project(FIXTURES / story, tmp.mktemp(story) / story)
    result = run(root, "build", "--story", story, "--out", str(root / "out"), "--no-progress")
    assert result.exit_code == 0, result.output
    return root / "out" / story


@pytest.fixture(scope="module")
def trend(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory, "trend")


@pytest.fixture(scope="module")
def shares(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory, "shares")


def row(page: str, anchor: str) -> tuple[str, str]:
    """The (label, value and note) of the facts row with id ``anchor``."""
    found = re.search(rf'<tr id="{anchor}">\s*<th scope="row">(.*?)</th>\s*<td>(.*?)</td>', page)
    assert found, f"no row {anchor}"
    return html.unescape(found[1]), html.unescape(re.sub(r"<[^>]+>", " | ", found[2]))


def linked(page: str, figure: str) -> set[str]:
    article = page.split('<div class="article">')[1].split("</div>")[0]
    return set(re.findall(rf'<a class="fig" href="#([^"]+)"><mark>{figure}</mark>', article))


@pytest.mark.slow
def test_a_change_in_points_links_to_the_change_row(trend: Path) -> None:
    page = (trend / "site" / "northshire.html").read_text()
    # North Shire: 60 of 100 unsolved now, 43 of 100 in 2012
    assert row(page, "fact-unsolved-change") == (
        "Since 2012",
        "up 17 percentage points since 2012 (43% in 2012) | the biggest rise | ",
    )
    assert linked(page, "17 percentage points") == {"fact-unsolved-change"}
    assert linked(page, "1.2 points") == {"fact-complaints-change"}  # 3.0 against 1.8 per 1,000


@pytest.mark.slow
def test_the_pooled_change_has_its_own_row_and_its_points_link_to_it(trend: Path) -> None:
    page = (trend / "site" / "northshire.html").read_text()
    # every area with both figures: 195 of 400 now against 194 of 390 in 2012
    label, value = row(page, "fact-unsolved-change-pooled")
    assert label == "Testland, all areas together, since 2012"
    assert value == "down 1 percentage point since 2012 (50% in 2012)"
    assert linked(page, "one percentage point") == {"fact-unsolved-change-pooled"}
    assert linked(page, "0.1 points") == {"fact-complaints-change-pooled"}


@pytest.mark.slow
def test_a_place_s_categories_are_a_table_with_the_national_share_and_the_top_marked(
    shares: Path,
) -> None:
    page = (shares / "site" / "southshire.html").read_text()
    assert '<h3 id="fact-categories-outcome">Outcome</h3>' in page
    # Southshire: Charged 40, No suspect 30, Under investigation 20, Cautioned 10 of 100;
    # Testland pooled over the four areas with a tally (Westshire has a blank): Charged 100,
    # Cautioned 60, No suspect 170, Under investigation 70 of 400
    label, value = row(page, "fact-categories-outcome-0")
    assert label == "Charged"
    assert value == (
        "40 of 100 (40%) | the most common; Testland: 25%; "
        "data/shares/outcomes.csv, row 3, column Charged | "
    )
    label, value = row(page, "fact-categories-outcome-1")
    assert label == "Investigation complete, no suspect identified"
    assert value.startswith("30 of 100 (30%) | Testland: 43%;") and "most common" not in value
    assert "fact-categories-outcome-4" not in page  # four categories: the blank column excluded
    assert linked(page, "40 per cent") == {"fact-categories-outcome-0"}


@pytest.mark.slow
def test_joint_top_categories_are_both_marked_joint(shares: Path) -> None:
    page = (shares / "site" / "midshire.html").read_text()
    # Midshire: Charged, Cautioned and No suspect identified 30 each of 100
    notes = [row(page, f"fact-categories-outcome-{i}")[1] for i in range(4)]
    assert [("the joint most common" in n) for n in notes] == [True, True, True, False]


@pytest.mark.slow
def test_a_national_share_links_to_the_row_of_its_category(shares: Path) -> None:
    facts = load(shares / "southshire" / "facts.json")
    mention = mentions_and_pairs("25 per cent")[0][0]
    # the pooled list is most common first: "No suspect identified" (43%), then "Charged"
    assert anchors_for("categories[0].national[1].count/base", mention, facts) == [
        "fact-categories-outcome-0",
        "fact-categories-outcome",
    ]
    assert anchors_for("categories[3].shares[0].count", mention, facts) == []
