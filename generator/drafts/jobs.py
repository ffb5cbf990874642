"""One draft rendered and checked: a :class:`DraftJob` says what to render (a place's draft,
a round-up, the national story, a station's scripts), :func:`render_job` renders each of its
outputs the same way whoever it is about, and :class:`DraftResult` is what was made."""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from generator.checks.style import house_style
from generator.drafts.article import Files, checked_draft, draft_files
from generator.drafts.banners import group_awaiting, group_banners, place_banners
from generator.drafts.context import DraftContext
from generator.drafts.digest import digest
from generator.drafts.fact_types import AnyFacts
from generator.drafts.facts import draft_facts, group_facts
from generator.drafts.group import GroupContext
from generator.drafts.prepared import Prepared, context_for, group_for
from generator.drafts.radio_jobs import RADIO_SCOPES, RadioJob, render_radio, spoken_names
from generator.inputs.outlets import Outlet
from generator.inputs.story import Output
from generator.outputs.chartset import CHARTS_FILE
from generator.outputs.writers import Draft, Picture

DRAFT_KINDS = ("place", "partner", "radio", "national")
PLACE_SCOPES = ("place", "place-radio")


@dataclass(frozen=True, slots=True)  # one for every place: no __dict__ each
class DraftResult:
    """What was written for one draft (a folder of files), and what an editor must know."""

    folder: str
    name: str
    kind: str
    files: Files
    illustrative: bool
    awaiting_response: bool
    missing: tuple[str, ...] = ()
    explain: str = ""
    style: tuple[str, ...] = ()
    """House-style warnings (:func:`checks.style.house_style`): long headlines and ledes."""
    key: str = ""
    """The digest of everything the draft was made from (:mod:`generator.drafts.digest`)."""
    reused: bool = False
    """Not rendered: its inputs are those of the previous build, whose files it keeps."""
    names: tuple[str, ...] = ()
    """Its files' names, once the build has written them and let go of their bytes."""
    facts: AnyFacts | None = field(default=None, repr=False, compare=False)
    """The typed facts its ``facts.json`` was written from, while it holds its files (for
    the site's page of it, which need not read them back): let go with its files."""

    @property
    def slug(self) -> str:
        return self.folder.rsplit("/", 1)[-1]

    @property
    def file_names(self) -> list[str]:
        """The names of its files, sorted (whether or not it still holds their bytes)."""
        return sorted(self.files) if self.files else list(self.names)

    def written(self) -> DraftResult:
        """This result without its files' bytes (they are on disk), keeping their names."""
        names = tuple(sys.intern(name) for name in self.file_names)  # shared by every draft
        return replace(self, files={}, names=names, facts=None)

    def record(self) -> dict[str, Any]:
        """What a build's state keeps of it (:mod:`generator.delivery.cache`): plain JSON."""
        return {
            "folder": self.folder,
            "name": self.name,
            "kind": self.kind,
            "illustrative": self.illustrative,
            "awaiting_response": self.awaiting_response,
            "missing": list(self.missing),
            "explain": self.explain,
            "style": list(self.style),
            "key": self.key,
            "names": self.file_names,
        }

    @classmethod
    def from_record(cls, entry: dict[str, Any]) -> DraftResult:
        """The result :meth:`record` kept, without its files' bytes."""
        return cls(
            str(entry["folder"]),
            str(entry["name"]),
            str(entry["kind"]),
            {},
            bool(entry["illustrative"]),
            bool(entry["awaiting_response"]),
            tuple(entry["missing"]),
            str(entry["explain"]),
            tuple(entry["style"]),
            str(entry["key"]),
            True,
            tuple(entry["names"]),
        )


@dataclass(frozen=True)
class DraftJob:
    """One draft to render: its folder and kind, the output scopes it is written in, who it
    is about (its title and dateline), its template variables and warning lines, its facts
    (from its headline), the names a script must not open on, and what an editor must know."""

    folder: str
    kind: str
    scopes: tuple[str, ...]
    name: str
    variables: dict[str, Any]
    lines: tuple[str, ...]
    facts: Callable[[str], AnyFacts]
    spoken: list[str]
    illustrative: bool
    awaiting: bool
    missing: tuple[str, ...]
    explain: str
    label: str = ""
    """The name the build lists it under, when not ``name`` (an outlet's copy of a place's
    draft is written about the place and listed under the outlet)."""
    charts: Callable[[], Files] | None = None
    """The draft's chart files (a place's, the national story's), drawn when it is rendered
    and written beside it (an outlet's copy too, so that its ninjs ``associations`` name
    files beside it in ``out/`` and in its pack); its Word file shows the bar charts among
    them."""
    outlet: str = ""
    """The outlet's slug for an outlet's draft: its Word template, if it has one."""

    def let_go(self) -> None:
        """Let go of its template variables once its outputs are rendered
        (:func:`render_job`): a group's reach every context of its places, which hold
        cycles, so a draft about :data:`MANY` places or more collects them then (a collection
        costs tens of milliseconds: after a smaller draft it would cost more than it frees)."""
        places = self.variables.get("places")
        many = isinstance(places, tuple | list) and len(places) >= MANY
        del places
        self.variables.clear()
        if many:
            gc.collect()


MANY = 1000
"""A draft about this many places or more collects its places' contexts once rendered
(:meth:`DraftJob.let_go`)."""


def runs(tasks: Sequence[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    """``tasks`` (kind, slug) in the order given, cut into the chunks a worker renders at a
    time: places in runs of at most ``size``, and each draft about several places alone,
    since its files can be as large as all its places' together."""
    made: list[list[tuple[str, str]]] = []
    for task in tasks:
        if task[0] == "place" and made and len(made[-1]) < size and made[-1][-1][0] == "place":
            made[-1].append(task)
        else:
            made.append([task])
    return made


def facts_once(make: Callable[[str], AnyFacts]) -> Callable[[str], AnyFacts]:
    """``make(headline)`` worked out once for a draft: a draft's facts differ between its
    outputs (its article, its scripts) only in the headline, so a later call gets the first
    facts with its own headline. ``make`` is let go once called (with what it was made of:
    a group's contexts of every place)."""
    made: list[AnyFacts] = []
    maker = [make]
    del make

    def facts(headline: str) -> AnyFacts:
        if not made:
            made.append(maker.pop()(headline))
        first = made[0]
        return first if first.headline == headline else replace(first, headline=headline)

    return facts


def job_key(build_key: str, job: DraftJob) -> str:
    """The digest of everything ``job``'s files are made from: the build's own inputs and
    engine (``build_key``), and the job's template variables, banners and flags."""
    return digest(
        build_key,
        job.folder,
        job.kind,
        job.scopes,
        job.name,
        job.label,
        job.variables,
        job.lines,
        tuple(job.spoken),
        job.illustrative,
        job.awaiting,
        job.missing,
        job.explain,
    )


def reused(job: DraftJob, key: str) -> DraftResult:
    """The result of a job not rendered because its digest is the last build's."""
    return DraftResult(
        job.folder,
        job.label or job.name,
        job.kind,
        {},
        job.illustrative,
        job.awaiting,
        job.missing,
        job.explain,
        key=key,
        reused=True,
    )


def place_job(
    prepared: Prepared,
    slug: str,
    outlet: Outlet | None = None,
    folder: str | None = None,
    scopes: tuple[str, ...] = PLACE_SCOPES,
    kind: str = "place",
) -> DraftJob:
    """Place ``slug``'s draft (in ``outlet``'s style when given), in the outputs of ``scopes``."""
    ctx = context_for(prepared, slug, outlet)
    angle = prepared.angles[slug]
    variables = ctx.as_template_vars()
    if prepared.build_key:  # the drafts about several places that it is in need its digest
        prepared.members.seed(ctx, variables)
    return DraftJob(
        folder or slug,
        kind,
        scopes,
        ctx.place.name,
        variables,
        place_banners(prepared, ctx),
        facts_once(lambda headline: draft_facts(ctx, angle, prepared.dataset, headline)),
        spoken_names([ctx]),
        ctx.uses_illustrative,
        ctx.awaiting_response,
        tuple(v.measure.key for v in ctx.missing),
        angle.explain(),
        charts=lambda: place_charts(prepared, slug, ctx),  # its measures are the same in any style
    )


def group_job(
    prepared: Prepared, group: GroupContext, folder: str, kind: str, scopes: tuple[str, ...]
) -> DraftJob:
    """A group's draft (round-up, national story or a station's scripts)."""
    return DraftJob(
        folder,
        kind,
        scopes,
        group.name,
        group.as_template_vars(prepared.members if prepared.build_key else None),
        group_banners(prepared, group),
        facts_once(lambda headline: group_facts(group, headline)),
        spoken_names(group.places),
        group.uses_illustrative,
        bool(group_awaiting(group)),
        tuple(m.measure.key for m in group.measures if m.missing and m.lead),
        f"lead: {group.lead.place.name}: {group.lead.lead.reason}",
        charts=prepared.charts.national if scopes == ("national",) else None,
    )


def style_of_files(files: Files, where: str) -> tuple[str, ...]:
    """House-style warnings for the prose drafts among ``files`` (their Markdown)."""
    return tuple(
        warning
        for name, content in files.items()
        if name.endswith(".md") and not name.startswith("radio") and isinstance(content, str)
        for warning in house_style(content, f"{where}/{name}")
    )


def chart_pictures(charts: Files) -> tuple[Picture, ...]:
    """The first bar chart among a draft's chart files, as ``charts.json`` lists them, as a
    picture with its alt text (none without one)."""
    listing = charts.get(CHARTS_FILE)
    if not isinstance(listing, str):
        return ()
    data = json.loads(listing)
    for entry in data.get("charts", [data]):
        chart = entry.get("chart")
        png = charts.get(chart["png"]) if chart else None
        if isinstance(png, bytes):
            return (Picture(chart["png"], png, chart["alt"]),)
    return ()


def render_job(prepared: Prepared, job: DraftJob) -> DraftResult:
    """Render and check every output of ``job``'s scopes: prose in every format it asks for,
    radio as a script file; then its chart files, if it has charts.

    A job is rendered once: once every output is rendered and checked, the job lets go of
    its template variables (:meth:`DraftJob.let_go`) before the prose is written, so a
    draft about every place does not hold its places' contexts and its files at once."""
    where = f"out/{prepared.story.slug}/{job.folder}"
    charts = job.charts() if job.charts is not None else {}
    pictures = chart_pictures(charts)
    reference = prepared.word.for_outlet(job.outlet)
    made: list[Files | tuple[Output, Draft]] = []  # each output's files, or its checked draft
    for output in prepared.story.scoped(*job.scopes):
        if output.scope in RADIO_SCOPES:
            radio = RadioJob(
                output, job.variables, job.name, job.lines, job.facts(""), where, job.spoken
            )
            made.append(render_radio(prepared, radio))
        else:
            draft = checked_draft(
                prepared,
                output,
                job.variables,
                job.lines,
                job.facts,
                where,
                job.name,
                pictures=pictures,
                reference=reference,
            )
            made.append((output, draft))
    job.let_go()
    files: Files = {}
    typed: tuple[AnyFacts, str | bytes] | None = None  # the facts of facts.json, and its text
    for entry in made:
        if isinstance(entry, tuple):
            output, draft = entry
            article = draft_files(prepared, output, draft, where)
            files.update(article)
            if draft.facts is not None:
                typed = (draft.facts, article["facts.json"])
        else:
            files.update(entry)
    del made
    files.update(charts)
    # a place's page on the site reads its typed facts; no other draft's page does, and a
    # draft about thousands of places would carry tens of megabytes of them to the build
    kept = typed if job.kind == "place" else None
    return DraftResult(
        job.folder,
        job.label or job.name,
        job.kind,
        files,
        job.illustrative,
        job.awaiting,
        job.missing,
        job.explain,
        style_of_files(files, where),
        facts=kept[0] if kept is not None and files.get("facts.json") is kept[1] else None,
    )


def render_place(
    prepared: Prepared,
    slug: str,
    outlet: Outlet | None = None,
    folder: str | None = None,
    scopes: tuple[str, ...] = PLACE_SCOPES,
    kind: str = "place",
) -> tuple[Files, DraftResult]:
    """Place ``slug``'s outputs of ``scopes`` (:func:`place_job`): its files, and a summary."""
    result = render_job(prepared, place_job(prepared, slug, outlet, folder, scopes, kind))
    return result.files, result


def render_group(
    prepared: Prepared, group: GroupContext, folder: str, kind: str, scopes: tuple[str, ...]
) -> tuple[Files, DraftResult]:
    """A group's outputs of ``scopes`` (:func:`group_job`): its files, and a summary."""
    result = render_job(prepared, group_job(prepared, group, folder, kind, scopes))
    return result.files, result


def outlet_job(prepared: Prepared, outlet: Outlet) -> DraftJob:
    """An outlet's draft: its place's draft, a round-up of its patch, or the national story;
    broadcasters get radio scripts for their patch."""
    radio = outlet.is_broadcast
    folder = f"{'radio' if radio else 'partners'}/{outlet.slug}"
    kind = "radio" if radio else "partner"
    slugs = [s for s in outlet.places if s in prepared.dataset.records]
    if outlet.kind == "national" and not radio:
        group = group_for(prepared, outlet.name, slugs, outlet, national=True)
        job = group_job(prepared, group, folder, kind, ("national",))
    elif len(slugs) == 1:
        scopes = ("place-radio",) if radio else ("place",)
        job = place_job(prepared, slugs[0], outlet, folder, scopes, kind)
        job = replace(job, label=outlet.name, charts=None if radio else job.charts)
    else:
        group = group_for(prepared, outlet.name, slugs, outlet)
        job = group_job(prepared, group, folder, kind, ("group-radio",) if radio else ("group",))
    return replace(job, outlet=outlet.slug)


def render_outlet(prepared: Prepared, outlet: Outlet) -> tuple[Files, DraftResult]:
    """An outlet's drafts (:func:`outlet_job`): its files, and a summary."""
    result = render_job(prepared, outlet_job(prepared, outlet))
    return result.files, result


def place_charts(prepared: Prepared, slug: str, ctx: DraftContext | None = None) -> Files:
    """A place's charts, on its lead measure (the first leading measure when it has none);
    ``ctx``: the place's context (:func:`context_for`, in any outlet's style), when made."""
    if ctx is None:
        ctx = context_for(prepared, slug)
    view = ctx.lead.measure or next((v for v in ctx.measures if v.measure.lead), None)
    return prepared.charts.for_place(slug, view) if view is not None else {}
