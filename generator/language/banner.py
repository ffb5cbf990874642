"""The illustrative banner: which figures of a draft are stand-ins, in the story's own nouns.

A data row names its stand-in columns (the manifest's ``data.illustrative_column``). Every
output of a draft that uses one opens with :data:`~generator.checks.style.ILLUSTRATIVE`, and this
module says after it which figures those are, using each measure's ``label`` and whether its
count column, its sample column or both are stand-ins::

    ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION: the figure for rape (one of 21) is illustrative
    ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION: the figures for rape (sample of 20) and
        sexual offences (not rape, none of 12) are illustrative

Each figure stands in brackets after its measure's label, so "none of 12" cannot read as "none
is illustrative". A draft about several places names each place before its figures
("illustrative figures for Durham Constabulary: rape (one of 21); for ..."); past
:data:`MOST_DETAILED` places (the national draft) it names the stand-ins measure by measure, by
the places whose figure is one, or, when most are, by the places whose figure is not, by their
short names ("rape: all figures except those of Cheshire and Durham are illustrative (for
Gwent, only the sample size is illustrative)"), and each place's own draft gives the values;
the national draft then says its totals, rates and rankings rest on them (:func:`pooled`).
The line is made here once and reused by every format, the site and the packs; its numbers
are counts and samples of the draft's facts, so the fact check traces them.

A draft's ranks, the places named level with it and the pooled rates are worked out from every
place's figures, so they rest on other places' stand-ins even when the draft's own figures are
published: :func:`comparisons` says so after the warning (or after the draft's own stand-ins)::

    ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION: Hampshire Constabulary's own figures are
        published, but its rankings, the forces named beside it and the England and Wales rates
        use illustrative figures for 41 other forces; check them against the published
        release before use
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from generator.checks.style import ILLUSTRATIVE
from generator.inputs.data import Dataset, Figure, Record
from generator.inputs.story import Measure, Unit
from generator.language.filters import number, possessive, series, words

MOST_DETAILED = 6
"""A draft about more places with stand-ins than this names them measure by measure, without
the values."""


def _count(count: int) -> str:
    """A count in house style: "none", "one" to "nine", 10 and above in figures."""
    if count == 0:
        return "none"
    return words(count) if count < 10 else number(count)


def stand_ins(record: Record, measures: Sequence[Measure]) -> list[str]:
    """Each stand-in figure of ``record``, in measure order, the measure's label before it:
    "rape (one of 21)", "rape (sample of 20)" (only the sample is a stand-in), "rape (count of
    three)" (only the count). The caller says they are illustrative (:func:`describe`): a
    figure stands in brackets after its label, so "none of 20" can never read as "none is
    illustrative"."""
    found = []
    for m in measures:
        figure = record.figures.get(m.key)
        if figure is None or not figure.illustrative:
            continue
        if not isinstance(figure, Figure):  # a value measure: one cell
            found.append(f"{m.label} (the value)")
            continue
        count = m.numerator in record.illustrative_columns
        base = bool(set(m.base_columns) & record.illustrative_columns)
        if count and base:
            what = f"{_count(figure.count)} of {number(figure.base)}"
        elif base:
            what = f"sample of {number(figure.base)}"
        else:
            what = f"count of {'zero' if figure.count == 0 else _count(figure.count)}"
        found.append(_bracketed(m.label, what))
    return found


def _bracketed(label: str, what: str) -> str:
    """``what`` in brackets after ``label``, inside the label's own closing bracket if it has
    one: "rape (one of 21)", "sexual offences (not rape, two of 20)"."""
    if label.endswith(")"):
        return f"{label[:-1]}, {what})"  # no semicolon: it separates the banner's parts
    return f"{label} ({what})"


def describe(
    records: Iterable[tuple[str, Record]],
    measures: Sequence[Measure],
    *,
    several: bool,
    singular: str = "place",
) -> str:
    """What follows the warning: one place's stand-ins, or each place's (named) in a draft
    about ``several`` places; "" when none is a stand-in."""
    records = list(records)
    flagged = [(name, parts) for name, record in records if (parts := stand_ins(record, measures))]
    if not flagged:
        return ""
    if not several:
        parts = [p for _, found in flagged for p in found]
        return f"the {'figure' if len(parts) == 1 else 'figures'} for {series(parts)} " + (
            "is illustrative" if len(parts) == 1 else "are illustrative"
        )
    if len(flagged) > MOST_DETAILED:
        parts = by_measure(records, measures)
        return f"{'; '.join(parts)}; each {singular}'s own draft gives the values"
    return "illustrative figures " + "; ".join(
        f"for {name}: {', '.join(parts)}" for name, parts in flagged
    )


def by_measure(records: Sequence[tuple[str, Record]], measures: Sequence[Measure]) -> list[str]:
    """Each measure's stand-ins among many places, by the places' short names and without the
    values: "robbery: the figures of Cleveland and Durham are illustrative", "rape: all figures
    except those of Cheshire are illustrative (for Gwent, only the sample size is
    illustrative)"."""
    found = []
    for m in measures:
        having = [
            (r.place.short_name, f, r)
            for _, r in records
            if (f := r.figures.get(m.key)) is not None
        ]
        stand = [(name, r) for name, f, r in having if f.illustrative]
        if not stand:
            continue
        real = [name for name, f, _ in having if not f.illustrative]
        if not real:
            what = "all figures are illustrative"
        elif len(stand) > len(real):
            what = f"all figures except those of {series(real)} are illustrative"
        else:
            what = f"the figures of {series([name for name, _ in stand])} are illustrative"
        columns = [(name, r.illustrative_columns) for name, r in stand]
        sample = [n for n, c in columns if set(m.base_columns) & c and m.numerator not in c]
        count = [n for n, c in columns if m.numerator in c and not set(m.base_columns) & c]
        only = [f"for {series(sample)}, only the sample size is illustrative"] if sample else []
        only += [f"for {series(count)}, only the count is illustrative"] if count else []
        found.append(f"{m.label}: {what}" + (f" ({'; '.join(only)})" if only else ""))
    return found


def comparisons(
    others: int,
    unit: Unit,
    *,
    owner: str | None = None,
    own: bool = False,
    named: bool = False,
) -> str:
    """What the stand-ins of ``others`` places (those outside the draft) do to its comparisons,
    "" when there are none: "<owner>'s own figures are published, but its rankings, the forces
    named beside it and the England and Wales rates use illustrative figures for 41 other
    forces; check them against the published release before use". ``owner``: the place's name,
    ``None`` for a draft about several places ("their rankings"); ``own``: the draft's own
    figures include stand-ins (already named, so this part says "also"); ``named``: the draft
    names places level with its own."""
    if others <= 0:
        return ""
    whose = "its" if owner else "their"
    beside = f"the {unit.plural} named beside {'it' if owner else 'them'}"
    parts = [f"{whose} rankings", *([beside] if named else []), f"the {unit.area} rates"]
    noun = unit.singular if others == 1 else unit.plural
    uses = "also use" if own else "use"
    what = f"{series(parts)} {uses} illustrative figures for {number(others)} other {noun}"
    if own:
        return f"{what}; check them against the published release before use"
    if owner:
        held = f"{possessive(owner)} own figures are"
    else:
        held = f"the figures for these {unit.plural} are"
    return f"{held} published, but {what}; check them against the published release before use"


def pooled(unit: Unit) -> str:
    """What a draft about every place says after its stand-ins: its totals, rates and ranks add
    up every place's figures, the stand-ins among them."""
    return (
        f"the {unit.area} totals, rates and rankings in this draft are worked out from these "
        "illustrative figures; check them against the published release before use"
    )


def banner_line(description: str) -> str:
    """The banner: the warning first (tests and the site look for it), then what it covers."""
    return f"{ILLUSTRATIVE}: {description}" if description else ILLUSTRATIVE


def illustrative_line(banners: Iterable[str]) -> str | None:
    """The illustrative line among a draft's banners, or ``None``."""
    return next((line for line in banners if line.startswith(ILLUSTRATIVE)), None)


def for_places(dataset: Dataset, slugs: Sequence[str], *, several: bool) -> str:
    """:func:`describe` for the places ``slugs`` of ``dataset`` (those with a record)."""
    story = dataset.story
    records = [(r.place.name, r) for s in slugs if (r := dataset.records.get(s)) is not None]
    return describe(records, story.measures, several=several, singular=story.unit.singular)
