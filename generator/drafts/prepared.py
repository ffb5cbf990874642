"""A story loaded and computed once, ready to render any of its drafts: :class:`Prepared`.

:func:`prepare` runs the first stages of the arrow (load and validate → rank → choose angles)
and keeps what every draft needs; :func:`context_for` and :func:`group_for` build the template
context of one place's draft, or of a draft about several places, from it.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.compute.angle import Angle, choose_angle
from generator.compute.categories import CategoryTable, tally_all
from generator.compute.change import ChangeRanking, change_all
from generator.compute.ranking import Ranking, rank_all
from generator.delivery.embargo import embargo_line, parse_embargo
from generator.drafts.context import DraftContext, Style, build_context
from generator.drafts.group import GroupContext, build_group
from generator.drafts.members import MemberDigests
from generator.drafts.render import Renderer
from generator.inputs.data import Dataset, load_dataset
from generator.inputs.outlets import Outlet, Outlets
from generator.inputs.places import Places
from generator.inputs.quotes import QuoteBook, load_quotes
from generator.inputs.story import Story, load_story
from generator.language.variety import group_variant, variants
from generator.outputs.chartset import StoryCharts
from generator.outputs.writers.docx_reference import References, load_references


@dataclass
class Prepared:
    """A story loaded and computed, ready to render any draft."""

    story: Story
    dataset: Dataset
    rankings: dict[str, Ranking]
    angles: dict[str, Angle]
    quotes: QuoteBook
    outlets: Outlets | None
    renderer: Renderer
    embargo: str | None = None
    embargo_at: datetime.datetime | None = None
    rotation: int = 0
    _charts: StoryCharts | None = field(default=None, repr=False)
    _variants: dict[str, int] | None = field(default=None, repr=False)
    changes: dict[str, ChangeRanking] = field(default_factory=dict)
    """The rankings by change, for each measure that declares a ``change``."""
    categories: dict[str, CategoryTable] = field(default_factory=dict)
    """Each ``categories:`` section's shares over every place (:mod:`.compute.categories`)."""
    build_key: str = ""
    """The digest of the build's inputs and engine that every draft's digest starts from
    (:mod:`generator.delivery.cache`); empty when drafts are not fingerprinted."""
    previous: dict[str, str] = field(default_factory=dict)
    """Draft folder → digest in the last build: a draft whose digest is the same is not
    rendered again."""
    _word: References | None = field(default=None, repr=False)
    members: MemberDigests = field(default_factory=MemberDigests, repr=False)
    """Each place's context digest in each style, once a build, for the drafts about several
    places (:mod:`generator.drafts.members`)."""

    def variant(self, slug: str) -> int:
        """Place ``slug``'s variant (:mod:`generator.language.variety`), shifted by ``rotation``."""
        if self._variants is None:
            self._variants = variants(self.dataset.records, self.rotation)
        return self._variants[slug]

    @property
    def word(self) -> References:
        """The newsroom's Word templates (``reference.docx``) for the story and its outlets,
        read on first use, so only a command that writes Word reads them (InputError naming
        a file that cannot be used)."""
        if self._word is None:
            outlets = (o.slug for o in self.outlets or ())
            story = self.story
            self._word = load_references(story.template_dir, f"templates/{story.slug}", outlets)
        return self._word

    @property
    def charts(self) -> StoryCharts:
        """The story's charts, drawn on first use in each process."""
        if self._charts is None:
            self._charts = StoryCharts(self.dataset, self.rankings, self.changes)
        return self._charts

    def drafted(self) -> Prepared:
        """What a build still reads once every draft is made (the story, its data, outlets,
        quotes and embargo, for the packs, the site and the manifest), without what only
        drafting reads: the rankings, angles, charts and compiled digests, several hundred
        megabytes at tens of thousands of places, free for the site to use."""
        return replace(
            self,
            rankings={},
            angles={},
            changes={},
            categories={},
            _charts=None,
            _variants=None,
            members=MemberDigests(),
        )

    def forget_charts(self) -> None:
        """Let go of the charts drawn in this process (drawn again if asked for): a build
        whose workers have forked with them draws none itself."""
        self._charts = None


def prepare(root: Path, slug: str, embargo: str | None = None) -> Prepared:
    """Load, validate and compute everything for story ``slug`` under ``root``.

    ``embargo`` ("2020-10-23 00:01", UK time) overrides the manifest's ``engine.embargo``."""
    story = load_story(root, slug)
    line = when = None
    written = story.engine.embargo
    if embargo is not None or written is not None:  # "" is an error, not "none"
        source = "--embargo" if embargo is not None else f"templates/{slug}/story.yaml"
        when = parse_embargo(embargo if embargo is not None else written, source)
        line = embargo_line(when)
    places = Places.load(story.places_path, shown_as=story.unit.places)
    if story.unit.nations:
        places = places.of_nations(story.unit.nations)
    dataset = load_dataset(story, places)
    rankings = rank_all(dataset)
    changes = change_all(dataset)
    angles = {s: choose_angle(story, r, rankings, changes) for s, r in dataset.records.items()}
    keys = [m.key for m in story.measures]
    quotes = load_quotes(story.quotes_dir, places, root, story.limits, keys)
    outlets = None
    if story.outlets_path is not None:
        outlets = Outlets.load(
            story.outlets_path, places, shown_as=story.outlets or "", limits=story.limits
        )
    return Prepared(
        story,
        dataset,
        rankings,
        angles,
        quotes,
        outlets,
        Renderer(story.template_dir, story.limits),
        line,
        when,
        changes=changes,
        categories=tally_all(dataset),
    )


def style_of(outlet: Outlet | None) -> Style:
    """An outlet's house style, or the default: one instance for each style, which every
    draft in it shares (so a draft about several places freezes it once)."""
    if outlet is None:
        return _style("per cent", "%")
    return _style(outlet.sign, outlet.headline_sign)


@functools.lru_cache(maxsize=256)
def _style(sign: str, headline_sign: str) -> Style:
    return Style(sign=sign, headline_sign=headline_sign)


def context_for(prepared: Prepared, slug: str, outlet: Outlet | None = None) -> DraftContext:
    """The template context of place ``slug``'s draft, in ``outlet``'s style when given."""
    record = prepared.dataset.record(slug)
    if outlet is not None and record.place.local_phrase != outlet.local_phrase:
        # an outlet's copy has its own local phrase, or none
        record = replace(record, place=replace(record.place, local_phrase=outlet.local_phrase))
    return build_context(
        prepared.dataset,
        prepared.rankings,
        prepared.angles[slug],
        record,
        prepared.quotes,
        style_of(outlet),
        prepared.variant(slug),
        prepared.changes,
        prepared.categories,
    )


def group_for(
    prepared: Prepared,
    name: str,
    slugs: list[str],
    outlet: Outlet | None = None,
    *,
    national: bool = False,
) -> GroupContext:
    """The context of a draft about several places (a round-up, or the national story)."""
    members = [context_for(prepared, s, outlet) for s in slugs if s in prepared.dataset.records]
    return build_group(
        prepared.story,
        name,
        members,
        national=national,
        national_quotes=tuple(prepared.quotes.national),
        style=style_of(outlet),
        variant=group_variant(name, prepared.rotation),
        patch=outlet.patch if outlet is not None else (),
    )


def covered(prepared: Prepared) -> list[Outlet]:
    """The outlets with at least one place in the data (a story whose data has no row for an
    outlet's places, with ``data.absent: skip``, has nothing to send it)."""
    records = prepared.dataset.records
    return [o for o in prepared.outlets or [] if any(s in records for s in o.places)]
