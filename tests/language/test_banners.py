"""The illustrative banner names each stand-in figure, in every format, the site and the packs."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import docx
import pytest
from conftest import read

from generator.checks.style import ILLUSTRATIVE
from generator.delivery.packs import read_pack
from generator.inputs.data import Figure, Record
from generator.inputs.places import Place
from generator.inputs.story import Measure
from generator.language.banner import (
    MOST_DETAILED,
    banner_line,
    describe,
    illustrative_line,
    stand_ins,
)

DURHAM = (
    f"{ILLUSTRATIVE}: the figure for rape (one of 21) is illustrative; its rankings and the "
    "England and Wales rates also use illustrative figures for 40 other forces; check them "
    "against the published release before use"
)
"""Durham's own stand-in, then the 40 other forces' stand-ins its ranks and rates rest on."""


def _measure(key: str, label: str) -> Measure:
    return Measure(
        key=key,
        label=label,
        numerator=f"{key}_incorrect",
        denominator=f"{key}_sampled",
        singular=key,
        plural=f"{key}s",
        topic=key,
        passive="incorrectly cancelled",
        active="wrongly cancelled",
    )


MEASURES = [_measure("rape", "rape"), _measure("robbery", "robbery")]


def _record(name: str, flagged: set[str], **figures: tuple[int, int]) -> Record:
    place = Place("X1", name, name, name.lower(), "England", "North")
    return Record(
        place,
        2,
        {
            k: Figure(c, b, (), bool({f"{k}_incorrect", f"{k}_sampled"} & flagged))
            for k, (c, b) in figures.items()
        },
        {},
        {},
        frozenset(flagged),
    )


def test_a_stand_in_count_and_sample_is_named_in_the_measure_label() -> None:
    record = _record("Durham", {"rape_sampled", "rape_incorrect"}, rape=(1, 21), robbery=(1, 14))
    assert stand_ins(record, MEASURES) == ["rape (one of 21)"]
    own = banner_line(describe([("Durham", record)], MEASURES, several=False))
    assert own == f"{ILLUSTRATIVE}: the figure for rape (one of 21) is illustrative"
    assert DURHAM.startswith(own + "; ")


def test_only_a_sample_or_only_a_count_says_so_and_several_are_separated() -> None:
    record = _record("Gwent", {"rape_sampled", "robbery_incorrect"}, rape=(0, 20), robbery=(3, 15))
    text = describe([("Gwent", record)], MEASURES, several=False)
    expected = "the figures for rape (sample of 20) and robbery (count of three) are illustrative"
    assert text == expected


def test_a_figure_follows_its_label_so_none_cannot_read_as_nothing_illustrative() -> None:
    """House style writes 10 and above in figures; the label opens the item, so no sentence
    opens with one; a zero count is "none of 20" in brackets after its label, never
    "rape: none of 20 is illustrative" (which reads as "nothing is illustrative")."""
    record = _record("X", {"rape_sampled", "rape_incorrect"}, rape=(12, 40))
    assert stand_ins(record, MEASURES) == ["rape (12 of 40)"]
    flagged = {"rape_sampled", "rape_incorrect", "robbery_incorrect"}
    zero = _record("Y", flagged, rape=(0, 20), robbery=(0, 7))
    text = describe([("Y", zero)], MEASURES, several=False)
    assert text == "the figures for rape (none of 20) and robbery (count of zero) are illustrative"
    assert "none of 20 is" not in text


def test_a_round_up_names_each_place_before_its_figures() -> None:
    durham = _record("Durham", {"rape_sampled", "rape_incorrect"}, rape=(1, 21))
    clean = _record("Clean", set(), rape=(1, 21))
    york = _record("York", {"robbery_sampled", "robbery_incorrect"}, robbery=(2, 12))
    text = describe([("Durham", durham), ("Clean", clean), ("York", york)], MEASURES, several=True)
    assert (
        text == "illustrative figures for Durham: rape (one of 21); for York: robbery (two of 12)"
    )


def test_many_places_are_named_measure_by_measure_without_their_figures() -> None:
    many = [
        (f"P{i}", _record(f"P{i}", {"rape_sampled", "rape_incorrect"}, rape=(1, 20)))
        for i in range(MOST_DETAILED)
    ]
    many.append(("Real", _record("Real", set(), rape=(1, 20), robbery=(2, 12))))
    many.append(
        (
            "Half",
            _record("Half", {"rape_sampled", "robbery_incorrect"}, rape=(1, 20), robbery=(3, 15)),
        )
    )
    text = describe(many, MEASURES, several=True, singular="force")
    assert text == (
        "rape: all figures except those of Real are illustrative (for Half, only the sample "
        "size is illustrative); robbery: the figures of Half are illustrative (for Half, only "
        "the count is illustrative); "
        "each force's own draft gives the values"
    )
    assert "of 20" not in text


def test_no_stand_in_gives_the_plain_warning() -> None:
    record = _record("Clean", set(), rape=(1, 21))
    assert describe([("Clean", record)], MEASURES, several=False) == ""
    assert banner_line("") == ILLUSTRATIVE
    assert illustrative_line(["EMBARGOED", DURHAM, "EDITOR: ..."]) == DURHAM


# The bundled story: Durham's one illustrative figure everywhere.


def _first_lines(text: str) -> list[str]:
    return [line for line in text.splitlines()[:6] if line.strip()]


def test_durham_banner_in_every_format(built) -> None:
    folder = built.out_dir / "durham"
    assert DURHAM in _first_lines(read(built, "durham"))
    assert DURHAM in _first_lines(read(built, "durham", "article.txt"))
    page = read(built, "durham", "article.html")
    assert f'<p class="banner">{html.escape(DURHAM)}</p>' in page
    document = docx.Document(str(folder / "article.docx"))
    assert DURHAM in [p.text for p in document.paragraphs]
    ninjs = json.loads(read(built, "durham", "article.ninjs.json"))
    assert DURHAM in ninjs["ednote"].splitlines()
    facts = json.loads(read(built, "durham", "facts.json"))
    assert DURHAM in facts["banners"]


def test_durham_banner_on_the_site_page_and_index(built) -> None:
    site = built.out_dir / "site"
    page = html.unescape((site / "durham.html").read_text(encoding="utf-8"))
    assert re.search(rf'<p class="banner[^"]*">{re.escape(DURHAM)}</p>', page)
    # on a phone the long banner folds, but NOT FOR PUBLICATION and which figures stay in view:
    # the warning and Durham's own stand-in as its summary, the rest as its detail
    first, rest = DURHAM.split("; ", 1)
    summary = f"<summary>{first}</summary><p>{rest[:1].upper()}{rest[1:]}</p>"
    assert first == f"{ILLUSTRATIVE}: the figure for rape (one of 21) is illustrative"
    assert re.search(r'<details class="banner[^"]*">' + re.escape(summary), page)
    # the index tags Durham's row with the short flag; its own page has the detail
    index = html.unescape((site / "index.html").read_text(encoding="utf-8"))
    row = re.search(r'<tr data-slug="durham"[^>]*>.*?</tr>', index, re.S)
    assert row and '<a href="durham.html">' in row.group(0)
    assert '<span class="flag flag-illustrative">Illustrative figures</span>' in row.group(0)


def test_a_round_up_names_the_force_before_its_figures(built) -> None:
    text = read(built, "partners/the-northern-echo", "roundup.md")
    line = next(line for line in text.splitlines() if line.startswith(ILLUSTRATIVE))
    assert "illustrative figures for Durham Constabulary: rape (one of 21);" in line
    assert "for North Yorkshire Police: robbery (two of 12);" in line


def test_pack_method_and_warnings_name_the_stand_ins(built) -> None:
    pack = read_pack(built.out_dir / "packs/the-northern-echo.zip")
    method = pack["method.md"].decode("utf-8")
    assert "illustrative figures for Durham Constabulary: rape (one of 21);" in method


def test_a_force_with_no_stand_in_is_flagged_for_the_stand_ins_behind_its_ranks(built) -> None:
    """Hampshire's figures are all published; its ranks, the forces level with it and the
    England and Wales rates are not (data/README.md: 41 other forces have stand-ins)."""
    first = read(built, "hampshire").splitlines()[0]
    assert first == (
        f"{ILLUSTRATIVE}: Hampshire Constabulary's own figures are published, but its "
        "rankings, the forces named beside it and the England and Wales rates use illustrative "
        "figures for 41 other forces; check them against the published release before use"
    )


@pytest.mark.slow
def test_a_wrong_number_in_the_banner_fails_the_fact_check(project: Path, tmp_path: Path) -> None:
    """The banner's numbers are traced like the draft's: a stand-in figure that is not the
    draft's fails the build (here, the banner's words are made to say 22 instead of 21)."""
    from generator.base.errors import CheckFailed
    from generator.language import banner
    from generator.pipeline import build

    real = banner.stand_ins

    def wrong(record, measures):  # type: ignore[no-untyped-def]
        return [p.replace("of 21", "of 22") for p in real(record, measures)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(banner, "stand_ins", wrong)
        with pytest.raises(CheckFailed, match="22"):
            build(project, "cancelled-crimes", out=tmp_path / "out", only="durham")


def test_the_national_banner_says_its_totals_rest_on_the_stand_ins(built) -> None:
    """The national draft's totals, rates and ranks add up every force's figures, the stand-ins
    among them: its banner says so (there are no "other" forces to name)."""
    first = read(built, "national", "national.md").splitlines()[0]
    assert first.startswith(f"{ILLUSTRATIVE}: sexual offences (not rape): all figures except")
    assert first.endswith(
        "the England and Wales totals, rates and rankings in this draft are worked out from "
        "these illustrative figures; check them against the published release before use"
    )
    assert "only the sample size is illustrative)" in first
