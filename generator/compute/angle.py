"""Choose each draft's lead: the place's most newsworthy finding, scored the way a news editor
weighs it, with every point written down.

Every measure with a figure is a candidate, the victims measure as much as any other. A
candidate's **kind** says what the finding is (and so which sentence a template writes); its
**score** says how much it matters. The highest score leads.

Kinds, from the place's rank on the measure (position 1 = worst) and its rate against the rate
pooled over every place:

================  ==============================================================================
kind              earned when
================  ==============================================================================
``worst``         unshared first place, with a count above zero
``joint_worst``   shared first place, with a count above zero
``near_worst``    second or third place (shared or not), with a count above zero
``top_ten``       fourth to tenth place (shared or not), with a count above zero
``majority``      half or more of the sample, outside the top ten, when the pooled rate is
                  below a half (where half or more is usual, half of one place's is not news)
``biggest_rise``  on a measure with a ``change:``, the unshared biggest change in the worse
                  direction, as printed (:mod:`generator.compute.change_lead`)
``rise``          on such a measure, a change in the worse direction of at least five points
                  (percentage points, or points per 1,000) as printed
``above``         above the pooled rate, as printed
``below``         below the pooled rate as printed, or a count of zero
``in_line``       the same as the pooled rate as printed
================  ==============================================================================

Score, the sum of these parts (each shown by ``--explain``):

- ``gap``: the gap to the pooled rate in percentage points, in the worse direction (a rate
  below the pooled one scores negative), capped at 40 either way;
- ``rank``: 30 for unshared first place, 25 shared first, 15 second or third, 8 fourth to tenth
  (only with a count above zero);
- ``chance``: 20 beyond the funnel plot's 99.8 per cent limit on the worse side, 10 beyond the
  95 per cent one; 0 within (the difference may be down to chance);
- ``majority``: 10 when half or more of the sample is affected and the pooled rate is below
  a half;
- ``sample``: -10 for a sample under 10, -5 under 15 (one record moves such a rate a lot);
- ``published``: -15 for an illustrative figure, so a published finding beats an illustrative
  one of similar weight;
- ``change`` (``biggest_rise`` and ``rise`` only, in place of ``gap``, ``chance`` and
  ``majority``): the change in percentage points in the worse direction, capped at 40; their
  ``rank`` is 20 for ``biggest_rise``, 0 for ``rise``;
- ``weight``: when the story's ``leads:`` weights the candidate's kind by *w*
  (:mod:`generator.inputs.leads`), ``round((w - 1) × score)`` of the parts above, so the score
  becomes the weighted one rounded half to even (``top_ten: 0.5`` halves a ``top_ten`` score
  of 23 to 12; a negative score is multiplied too, so a weight under 1 moves it towards 0).

Ties in score go to the worse rate, then to the measure listed first in ``story.yaml``.

A kind the story switches off (``majority: off``) never leads: that measure's finding takes
the next kind of the table that fits (a ``majority`` finding is ``above``, ``below`` or
``in_line``), and ``--explain`` says so in its reason. A lead chosen by rule below (``close``
to ``joint_best``) that is off passes to the next rule.

A place's lead is its best candidate when that candidate is a finding against the place (kind
``worst`` to ``above``). Otherwise the place did no worse than the pooled rate anywhere and the
lead is one of:

- ``close``: its only findings against it are ``above`` ones less than :data:`CLOSE` (a
  fifth) above the pooled rate and within the funnel plot's limits (a gap chance alone could
  make; relative, so it means the same for a rate per cent or per 1,000); its measure is the
  closest such finding, a "close to the national rate" story rather than a failure headline;
- ``clean``: a count of zero on every measure with a figure;
- ``better``: at or below the pooled rate on every measure and better than most places on
  most of them (more than half the places with a figure have a worse rate), a "better than
  most" story; its measure is the one furthest below the pooled rate;
- ``best``: not better than most, but the unshared best place (position 1 counted from the
  best end, ``Rank.from_best``) on a measure with a sample of 15 or more (no ``sample``
  penalty) and, where higher is worse, a count above zero (a count of zero is the rank claim
  "one of five forces where none were ..."); good news, never a finding against ("the lowest
  proportion in England and Wales"); its measure is the furthest below the pooled rate of
  those that qualify. It comes after ``better``, the broader story (whose draft can still
  say "the lowest" with the ``rank_end`` filter), and saves a place from the weakest lead;
- ``joint_best``: the same, shared;
- ``below``: at or below the pooled rate everywhere, without being better than most or best
  anywhere;
- ``none``: no figure at all.

A **value measure** (``kind: value``: money, minutes) is a candidate too, judged on its rank
and against the national figure (:func:`generator.compute.ranking.rank_values`): its kinds
need no count above zero, its ``gap`` is the per cent it lies from the national figure, and it
earns no ``chance``, ``majority`` or ``sample`` points (a value has no funnel position and no
sample). It is never ``close`` (that needs a funnel) nor part of a ``clean`` record (that needs
counts of zero); ``best`` needs only the unshared best place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from generator.compute.change import ChangeRanking
from generator.compute.change_lead import CHANGE_KINDS, change_finding
from generator.compute.ranking import Rank, Ranking, versus
from generator.inputs.data import Figure, Reading, Record, Value
from generator.inputs.leads import LEAD_KINDS, NO_RULES, SCORED, LeadRules
from generator.inputs.story import Story

AGAINST = SCORED
"""Kinds that are a finding against the place: one of these leads whenever there is one."""
KINDS = (*AGAINST, "below", "in_line", "close", "clean", "better", "best", "joint_best", "none")
assert set(KINDS) == set(LEAD_KINDS) and set(CHANGE_KINDS) <= set(AGAINST)
CLOSE = Fraction(1, 5)
"""An ``above`` finding within chance and less than this share above the pooled rate is
"close"."""

GAP_CAP = 40
RANK_POINTS = {"worst": 30, "joint_worst": 25, "near_worst": 15, "top_ten": 8}
CHANCE_POINTS = {"99.8": 20, "95": 10}
MAJORITY_POINTS = 10
SMALL_SAMPLES = ((10, -10), (15, -5))
HALF = Fraction(1, 2)
ILLUSTRATIVE_POINTS = -15


@dataclass(frozen=True)
class Candidate:
    """One possible lead: a measure, the kind of finding it is, its score and why."""

    measure: str | None
    kind: str
    reason: str
    parts: tuple[tuple[str, int], ...] = ()

    @property
    def score(self) -> int:
        return sum(points for _, points in self.parts)

    def describe(self) -> str:
        parts = ", ".join(f"{name} {points:+d}" for name, points in self.parts if points)
        return f"{self.kind} on {self.measure or 'no measure'} (score {self.score}" + (
            f": {parts})" if parts else ")"
        )


@dataclass(frozen=True)
class Angle:
    """The chosen lead and every candidate it beat, for ``--explain`` and ``facts.json``."""

    lead: Candidate
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)

    def explain(self) -> str:
        lines = [f"lead: {self.lead.describe()}: {self.lead.reason}"]
        for c in self.candidates:
            if c is not self.lead:
                lines.append(f"  beat: {c.describe()}: {c.reason}")
        return "\n".join(lines)


def _kind(
    rank: Rank,
    figure: Reading,
    pooled: Fraction,
    compared: str,
    worse: str,
    rules: LeadRules = NO_RULES,
) -> str:
    """The first kind of the module's table that ``figure`` earns and the story allows."""
    count = figure.count if isinstance(figure, Figure) else None  # a value has no count
    counted = count is None or count > 0 or worse == "lower"
    ranked = None
    if counted and rank.position == 1:
        ranked = "joint_worst" if rank.shared else "worst"
    elif counted and rank.position <= 3:
        ranked = "near_worst"
    elif counted and rank.position <= 10:
        ranked = "top_ten"
    if ranked is not None and rules.allows(ranked):
        return ranked
    if ranked is None and _majority(figure, pooled) and rules.allows("majority"):
        return "majority"
    if compared == "above":
        return "above" if worse == "higher" else "below"
    if compared == "below":
        return "below" if worse == "higher" else "above"
    return "below" if count == 0 and worse == "higher" else "in_line"


def _majority(figure: Reading, pooled: Fraction) -> bool:
    """Half or more of the sample, where the pooled rate is below a half (never a value)."""
    if not isinstance(figure, Figure):
        return False
    return figure.count > 0 and figure.count * 2 >= figure.base and pooled < HALF


def _parts(
    kind: str,
    figure_rate: Fraction,
    pooled: Fraction,
    ranking: Ranking,
    record: Record,
    key: str,
    weight: float = 1,
) -> tuple[tuple[str, int], ...]:
    figure = record.figures[key]
    assert figure is not None
    sign = 1 if ranking.measure.worse == "higher" else -1
    gap = float((figure_rate - pooled) * 100) * sign
    if ranking.measure.is_value:  # a value's gap: per cent of the national figure
        gap = float((figure_rate - pooled) / abs(pooled) * 100) * sign if pooled else 0.0
    parts: list[tuple[str, int]] = [("gap", round(max(-GAP_CAP, min(GAP_CAP, gap))))]
    parts.append(("rank", RANK_POINTS.get(kind, 0)))
    signal = ranking.funnel.get(record.place.slug)
    side = "above" if sign == 1 else "below"
    chance = 0
    if signal is not None and signal.signal.startswith(side):
        chance = CHANCE_POINTS[signal.signal.split("-", 1)[1]]
    parts.append(("chance", chance))
    parts.append(("majority", MAJORITY_POINTS if _majority(figure, pooled) else 0))
    base = figure.base if isinstance(figure, Figure) else SMALL_SAMPLES[-1][0]  # no sample
    sample = next((points for under, points in SMALL_SAMPLES if base < under), 0)
    parts.append(("sample", sample))
    parts.append(("published", ILLUSTRATIVE_POINTS if figure.illustrative else 0))
    if weight != 1:
        score = sum(points for _, points in parts)
        parts.append(("weight", round(score * weight) - score))
    return tuple(parts)


def candidate(
    key: str, record: Record, ranking: Ranking, rules: LeadRules = NO_RULES
) -> Candidate | None:
    """The finding ``record`` makes on measure ``key``, scored, by the story's lead ``rules``;
    ``None`` without a figure."""
    figure = record.figures[key]
    rank = ranking.ranks.get(record.place.slug)
    pooled = ranking.pooled
    if figure is None or rank is None or pooled is None:
        return None
    compared = versus(figure.rate, pooled.rate, ranking.measure)
    worse = ranking.measure.worse
    kind = _kind(rank, figure, pooled.rate, compared, worse, rules)
    where = f"position {rank.position} of {rank.base}" + (
        f", shared by {rank.tied}" if rank.shared else ""
    )
    reason = f"{_said(figure)}, {where}; {compared} the pooled {_said(pooled)}"
    earned = _kind(rank, figure, pooled.rate, compared, worse)
    if earned != kind:
        reason += f" ({earned} is off in story.yaml's leads:)"
    elif rules.weight(kind) != 1:
        reason += f" ({kind} weighted {rules.weight(kind):g} in story.yaml's leads:)"
    parts = _parts(kind, figure.rate, pooled.rate, ranking, record, key, rules.weight(kind))
    return Candidate(key, kind, reason, parts)


def _said(figure: Reading) -> str:
    """A figure in a lead's reason: "9 of 17", or a value as an exact decimal or fraction."""
    if isinstance(figure, Figure):
        return f"{figure.count} of {figure.base}"
    value = figure.value
    return f"the value {value}" if value.denominator != 1 else f"the value {value.numerator}"


def is_close(figure: Figure, pooled: Figure, within: bool) -> bool:
    """``figure`` is "close to" ``pooled``: less than :data:`CLOSE` (a fifth) of the pooled
    rate away, either way, and ``within`` the funnel plot's 95 per cent limits (a gap chance
    alone could make). Relative, so it means the same per cent or per 1,000. The one rule for
    a place's own draft and for round-ups."""
    if figure.base == 0 or pooled.rate == 0:
        return False
    return within and abs(figure.rate - pooled.rate) < pooled.rate * CLOSE


def better_than_most(record: Record, rankings: dict[str, Ranking]) -> bool:
    """True when, on more than half of the measures with a figure, more than half of the places
    with a figure have a strictly worse rate than ``record``'s place."""
    ranks = [
        r.ranks[record.place.slug]
        for key, r in rankings.items()
        if record.figures[key] is not None and record.place.slug in r.ranks
    ]
    ahead = sum(1 for rank in ranks if (rank.position - 1) * 2 > rank.base)
    return bool(ranks) and ahead * 2 > len(ranks)


def _best(record: Record, rankings: dict[str, Ranking], c: Candidate) -> bool:
    """``c``'s measure earns ``best`` or ``joint_best`` (module docstring)."""
    figure = record.figures[c.measure or ""]
    ranking = rankings[c.measure or ""]
    rank = ranking.ranks.get(record.place.slug)
    if isinstance(figure, Value):  # a value has no sample or count to weigh
        return rank is not None and rank.from_best == 1
    if figure is None or rank is None or figure.base < SMALL_SAMPLES[-1][0]:
        return False
    return rank.from_best == 1 and (figure.count > 0 or ranking.measure.worse == "lower")


def change_candidate(
    key: str, record: Record, changes: ChangeRanking, rules: LeadRules = NO_RULES
) -> Candidate | None:
    """The finding ``record``'s change on measure ``key`` makes (``biggest_rise`` or ``rise``,
    :mod:`generator.compute.change_lead`), scored; ``None`` when it earns neither."""
    found = change_finding(changes.for_place(record.place.slug), changes.measure.worse, rules)
    if found is None:
        return None
    now, then = found.change.now, found.change.then
    parts = [
        *found.parts,
        ("sample", next((points for under, points in SMALL_SAMPLES if now.base < under), 0)),
        ("published", ILLUSTRATIVE_POINTS if now.illustrative or then.illustrative else 0),
    ]
    weight = rules.weight(found.kind)
    if weight != 1:
        score = sum(points for _, points in parts)
        parts.append(("weight", round(score * weight) - score))
    return Candidate(key, found.kind, found.reason, tuple(parts))


def choose_angle(
    story: Story,
    record: Record,
    rankings: dict[str, Ranking],
    changes: dict[str, ChangeRanking] | None = None,
) -> Angle:
    """The lead for ``record``'s draft; see the module docstring for the rules (``changes``:
    the rankings by change of the measures that declare one, for ``biggest_rise`` and
    ``rise``)."""
    rules = story.leads
    order = {m.key: i for i, m in enumerate(story.measures)}
    candidates = [
        c
        for m in story.measures
        if m.lead and (c := candidate(m.key, record, rankings[m.key], rules))
    ]
    candidates += [
        c
        for m in story.measures
        if m.lead
        and m.key in (changes or {})
        and (c := change_candidate(m.key, record, (changes or {})[m.key], rules))
    ]
    if not candidates:
        return Angle(Candidate(None, "none", "no figures available"), ())

    def strength(c: Candidate) -> tuple[int, Fraction, int]:
        figure = record.figures[c.measure or ""]
        assert figure is not None
        worse = rankings[c.measure or ""].measure.worse
        return (
            c.score,
            figure.rate if worse == "higher" else -figure.rate,
            -order[c.measure or ""],
        )

    ranked = sorted(candidates, key=strength, reverse=True)

    def close(c: Candidate) -> bool:
        figure = record.figures[c.measure or ""]
        ranking = rankings[c.measure or ""]
        spot = ranking.funnel.get(record.place.slug)
        if c.kind != "above" or not isinstance(figure, Figure) or spot is None:
            return False  # a value has no funnel position, so is never "close"
        if not isinstance(ranking.pooled, Figure):
            return False
        return is_close(figure, ranking.pooled, spot.within)

    against = [c for c in ranked if c.kind in AGAINST and not close(c)]
    if against:
        return Angle(against[0], tuple(ranked))
    near = [c for c in ranked if close(c)]
    if near and rules.allows("close"):
        best = near[0]
        why = "on the worse side of the pooled rate by less than a fifth of it, within chance"
        return Angle(
            Candidate(best.measure, "close", f"{why}: {best.reason}", best.parts), tuple(ranked)
        )
    figures = [record.figures[c.measure or ""] for c in ranked]
    if all(isinstance(f, Figure) and f.count == 0 for f in figures) and rules.allows("clean"):
        reason = f"a count of zero on all {len(figures)} measures with figures"
        return Angle(Candidate(None, "clean", reason), tuple(ranked))

    def margin(c: Candidate) -> tuple[int, int]:
        parts = dict(c.parts)
        gap = parts.get("gap", 0)
        return (-gap + parts.get("published", 0) + parts.get("sample", 0), -order[c.measure or ""])

    def shared(c: Candidate) -> bool:
        return rankings[c.measure or ""].ranks[record.place.slug].shared

    best = max(ranked, key=margin)
    if better_than_most(record, rankings) and rules.allows("better"):
        why = "better than most places on most measures"
        lead = Candidate(
            best.measure,
            "better",
            f"{why}; furthest below on {best.measure}: {best.reason}",
            best.parts,
        )
        return Angle(lead, tuple(ranked))
    tops = [c for c in ranked if _best(record, rankings, c)]
    for kind, alone in (("best", True), ("joint_best", False)):
        found = [c for c in tops if shared(c) != alone]
        if found and rules.allows(kind):
            top = max(found, key=margin)
            why = f"the best place on {top.measure}" + ("" if alone else ", shared")
            return Angle(
                Candidate(top.measure, kind, f"{why}: {top.reason}", top.parts), tuple(ranked)
            )
    kind, why = "below", "at or below the pooled rate on every measure"
    lead = Candidate(
        best.measure, kind, f"{why}; furthest below on {best.measure}: {best.reason}", best.parts
    )
    return Angle(lead, tuple(ranked))
