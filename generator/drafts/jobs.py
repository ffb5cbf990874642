"""One draft rendered and checked: a :class:`DraftJob` says what to render (a place's draft,
a round-up, the national story, a station's scripts), :func:`render_job` renders each of its
outputs the same way whoever it is about, and :class:`DraftResult` is what was made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from generator.checks.style import house_style
from generator.drafts.article import Files, render_article
from generator.drafts.banners import group_awaiting, group_banners, place_banners
from generator.drafts.fact_types import AnyFacts
from generator.drafts.facts import draft_facts, group_facts
from generator.drafts.group import GroupContext
from generator.drafts.prepared import Prepared, context_for, group_for
from generator.drafts.radio_jobs import RADIO_SCOPES, RadioJob, render_radio, spoken_names
from generator.inputs.outlets import Outlet

DRAFT_KINDS = ("place", "partner", "radio", "national")
PLACE_SCOPES = ("place", "place-radio")


@dataclass(frozen=True)
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

    @property
    def slug(self) -> str:
        return self.folder.rsplit("/", 1)[-1]


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
    return DraftJob(
        folder or slug,
        kind,
        scopes,
        ctx.place.name,
        ctx.as_template_vars(),
        place_banners(prepared, ctx),
        lambda headline: draft_facts(ctx, angle, prepared.dataset, headline),
        spoken_names([ctx]),
        ctx.illustrative,
        ctx.awaiting_response,
        tuple(v.measure.key for v in ctx.missing),
        angle.explain(),
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
        group.as_template_vars(),
        group_banners(prepared, group),
        lambda headline: group_facts(group, headline),
        spoken_names(group.places),
        group.illustrative,
        bool(group_awaiting(group)),
        tuple(m.measure.key for m in group.measures if m.missing and m.lead),
        f"lead: {group.lead.place.name}: {group.lead.lead.reason}",
    )


def style_of_files(files: Files, where: str) -> tuple[str, ...]:
    """House-style warnings for the prose drafts among ``files`` (their Markdown)."""
    return tuple(
        warning
        for name, content in files.items()
        if name.endswith(".md") and not name.startswith("radio") and isinstance(content, str)
        for warning in house_style(content, f"{where}/{name}")
    )


def render_job(prepared: Prepared, job: DraftJob) -> DraftResult:
    """Render and check every output of ``job``'s scopes: prose in every format it asks for,
    radio as a script file."""
    where = f"out/{prepared.story.slug}/{job.folder}"
    files: Files = {}
    for output in prepared.story.scoped(*job.scopes):
        if output.scope in RADIO_SCOPES:
            radio = RadioJob(
                output, job.variables, job.name, job.lines, job.facts(""), where, job.spoken
            )
            files.update(render_radio(prepared, radio))
        else:
            files.update(
                render_article(
                    prepared, output, job.variables, job.lines, job.facts, where, job.name
                )
            )
    return DraftResult(
        job.folder,
        job.name,
        job.kind,
        files,
        job.illustrative,
        job.awaiting,
        job.missing,
        job.explain,
        style_of_files(files, where),
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


def render_outlet(prepared: Prepared, outlet: Outlet) -> tuple[Files, DraftResult]:
    """An outlet's drafts: its place's draft, a round-up of its patch, or the national story;
    broadcasters get radio scripts for their patch."""
    radio = outlet.is_broadcast
    folder = f"{'radio' if radio else 'partners'}/{outlet.slug}"
    kind = "radio" if radio else "partner"
    slugs = [s for s in outlet.places if s in prepared.dataset.records]
    if outlet.kind == "national" and not radio:
        group = group_for(prepared, outlet.name, slugs, outlet, national=True)
        return render_group(prepared, group, folder, kind, ("national",))
    if len(slugs) == 1:
        scopes = ("place-radio",) if radio else ("place",)
        files, result = render_place(prepared, slugs[0], outlet, folder, scopes, kind)
        return files, replace(result, name=outlet.name)
    group = group_for(prepared, outlet.name, slugs, outlet)
    return render_group(prepared, group, folder, kind, ("group-radio",) if radio else ("group",))


def place_charts(prepared: Prepared, slug: str) -> Files:
    """A place's charts, on its lead measure (the first leading measure when it has none)."""
    ctx = context_for(prepared, slug)
    view = ctx.lead.measure or next((v for v in ctx.measures if v.measure.lead), None)
    return prepared.charts.for_place(slug, view) if view is not None else {}
