"""Choose each draft's lead: the place's most newsworthy finding, with the reason written down.

Each measure that may lead gives one candidate of the strongest kind it earns; the candidate
with the highest score leads. Kinds, strongest first:

====================  =====  =================================================================
kind                  score  earned when
====================  =====  =================================================================
``worst``             100    unshared first place (and a count above zero)
``joint_worst``        90    shared first place (and a count above zero)
``majority``           80    half or more of the sample (exact: count * 2 >= sample)
``near_worst``         70    unshared or shared second or third place
``top_ten``            50    a position in the worst ten, tie included
``clean``              40    a count of zero on every leading measure with a figure
``above``              20    above the pooled rate across the area
``figure``             10    anything else with a figure
====================  =====  =================================================================

Ties in score go to the worse rate (higher or lower, as the measure points), then to the
measure listed first in ``story.yaml``. A place with no figure at all gets the ``none`` kind
and its draft says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .data import Record
from .ranking import Ranking
from .story import Story

SCORES = {
    "worst": 100,
    "joint_worst": 90,
    "majority": 80,
    "near_worst": 70,
    "top_ten": 50,
    "clean": 40,
    "above": 20,
    "figure": 10,
    "none": 0,
}


@dataclass(frozen=True)
class Candidate:
    """One possible lead: a measure, the kind of finding it earns and why."""

    measure: str | None
    kind: str
    reason: str

    @property
    def score(self) -> int:
        return SCORES[self.kind]


@dataclass(frozen=True)
class Angle:
    """The chosen lead and every candidate it beat, for ``--explain`` and ``facts.json``."""

    lead: Candidate
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)

    def explain(self) -> str:
        lines = [
            f"lead: {self.lead.kind} on {self.lead.measure or 'no measure'} "
            f"(score {self.lead.score}): {self.lead.reason}"
        ]
        for c in self.candidates:
            if c is not self.lead:
                lines.append(f"  beat: {c.kind} on {c.measure} (score {c.score}): {c.reason}")
        return "\n".join(lines)


def _candidate(key: str, record: Record, ranking: Ranking) -> Candidate | None:
    figure = record.figures[key]
    rank = ranking.ranks.get(record.place.slug)
    if figure is None or rank is None:
        return None
    desc = f"{figure.count} of {figure.base}"
    where = f"position {rank.position} of {rank.base}" + (
        f", shared by {rank.tied}" if rank.shared else ""
    )
    worst_possible = figure.count > 0 or ranking.measure.worse == "lower"
    if rank.position == 1 and worst_possible:
        kind = "joint_worst" if rank.shared else "worst"
        return Candidate(key, kind, f"{desc}, {where}")
    if figure.count * 2 >= figure.base and figure.count > 0:
        return Candidate(key, "majority", f"{desc} is half or more of the sample ({where})")
    if rank.position <= 3 and worst_possible:
        return Candidate(key, "near_worst", f"{desc}, {where}")
    if rank.position + rank.tied - 1 <= 10 and worst_possible:
        return Candidate(key, "top_ten", f"{desc}, {where}")
    pooled = ranking.pooled
    if pooled is not None and figure.rate > pooled.rate:
        return Candidate(
            key, "above", f"{desc}, above the pooled {pooled.count} of {pooled.base} ({where})"
        )
    return Candidate(key, "figure", f"{desc} ({where})")


def choose_angle(story: Story, record: Record, rankings: dict[str, Ranking]) -> Angle:
    """The lead for ``record``'s draft; see the module docstring for the rules."""
    order = {m.key: i for i, m in enumerate(story.measures)}
    leading = [m.key for m in story.measures if m.lead]
    candidates = [c for key in leading if (c := _candidate(key, record, rankings[key])) is not None]
    with_figures = [record.figures[k] for k in leading if record.figures[k] is not None]
    if with_figures and all(f.count == 0 for f in with_figures):
        return Angle(
            Candidate(
                None, "clean", f"a count of zero on all {len(with_figures)} measures with figures"
            ),
            tuple(candidates),
        )
    if not candidates:
        return Angle(Candidate(None, "none", "no figures available"), ())

    def strength(c: Candidate) -> tuple[int, object, int]:
        figure = record.figures[c.measure] if c.measure else None
        rate = figure.rate if figure else 0
        worse = rankings[c.measure].measure.worse if c.measure else "higher"
        return (c.score, rate if worse == "higher" else -rate, -order[c.measure or ""])

    ranked = sorted(candidates, key=strength, reverse=True)
    return Angle(ranked[0], tuple(ranked))
