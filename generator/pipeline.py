"""Build a story: load and validate → rank → choose angles → build contexts → render → check
→ write. Each arrow is a module; this one only runs them in order and writes the result.

Writing is all-or-nothing: drafts go to a temporary folder beside ``out/<story>/`` that is
swapped in only when every draft has rendered and passed its checks, so a failed build leaves
the previous one untouched.
"""

from __future__ import annotations

import datetime
import multiprocessing
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from html import escape as html_escape
from pathlib import Path
from typing import Any

from generator.base.errors import CheckFailed, InputError, Problem
from generator.base.inert import markdown_text
from generator.base.names import inside
from generator.checks.factcheck import check_numbers, context_facts, names_of
from generator.checks.style import (
    ILLUSTRATIVE as ILLUSTRATIVE,  # the warning the drafts open with
)
from generator.checks.style import check_draft, check_spoken, house_style, short_headline_of
from generator.compute.angle import Angle, choose_angle
from generator.compute.ranking import Ranking, rank_all
from generator.delivery.embargo import embargo_line, parse_embargo
from generator.delivery.manifest import NAME as MANIFEST
from generator.delivery.manifest import dumps, tree_entries
from generator.delivery.outdir import locked, staging, swap_in
from generator.delivery.packs import Pack, csv_rows, make_pack, method_note
from generator.drafts.context import DraftContext, Style, build_context
from generator.drafts.facts import draft_facts, group_facts
from generator.drafts.freeze import freeze
from generator.drafts.group import GroupContext, build_group
from generator.drafts.radio import LENGTHS, PARTS, Script, ScriptSet, ScriptSpec, check_scripts, fit
from generator.drafts.render import Renderer, time_limit
from generator.inputs.data import Dataset, load_dataset
from generator.inputs.outlets import Outlet, Outlets
from generator.inputs.places import Places
from generator.inputs.quotes import QuoteBook, load_quotes
from generator.inputs.snapshot import Snapshot, snapshot
from generator.inputs.story import Output, Story, load_story, story_slugs
from generator.inputs.tables import is_url
from generator.language.banner import banner_line, for_places
from generator.language.variety import group_variant, variants
from generator.outputs.chartset import StoryCharts
from generator.outputs.site import write_site
from generator.outputs.writers import WRITERS, Draft

DRAFT_KINDS = ("place", "partner", "radio", "national")
LOCK_WAIT = 600.0
"""Seconds a build waits for another build of the same story to finish."""


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

    def variant(self, slug: str) -> int:
        """Place ``slug``'s variant (:mod:`generator.language.variety`), shifted by ``rotation``."""
        if self._variants is None:
            self._variants = variants(self.dataset.records, self.rotation)
        return self._variants[slug]

    @property
    def charts(self) -> StoryCharts:
        """The story's charts, drawn on first use in each process."""
        if self._charts is None:
            self._charts = StoryCharts(self.dataset, self.rankings)
        return self._charts


@dataclass(frozen=True)
class DraftResult:
    """What was written for one draft (a folder of files), and what an editor must know."""

    folder: str
    name: str
    kind: str
    files: dict[str, str | bytes]
    illustrative: bool
    awaiting_response: bool
    missing: tuple[str, ...] = ()
    explain: str = ""
    style: tuple[str, ...] = ()
    """House-style warnings (:func:`checks.style.house_style`): long headlines and ledes."""

    @property
    def slug(self) -> str:
        return self.folder.rsplit("/", 1)[-1]


@dataclass
class BuildResult:
    """The run summary: drafts written, flags counted, warnings, time taken."""

    story: str
    out_dir: Path
    unit: str = "place"
    drafts: list[DraftResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    packs: list[str] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[DraftResult]:
        return [d for d in self.drafts if d.kind == kind]

    @property
    def illustrative(self) -> int:
        return sum(d.illustrative for d in self.drafts)

    @property
    def awaiting_response(self) -> int:
        return sum(d.awaiting_response for d in self.drafts)

    @property
    def with_missing(self) -> int:
        return sum(bool(d.missing) for d in self.drafts)


def prepare(root: Path, slug: str, embargo: str | None = None) -> Prepared:
    """Load, validate and compute everything for story ``slug`` under ``root``.

    ``embargo`` ("2020-10-23 00:01", UK time) overrides the manifest's ``settings.embargo``."""
    story = load_story(root, slug)
    line = when = None
    if embargo is not None or "embargo" in story.settings:  # "" is an error, not "none"
        source = "--embargo" if embargo is not None else f"templates/{slug}/story.yaml"
        when = parse_embargo(story.settings["embargo"] if embargo is None else embargo, source)
        line = embargo_line(when)
    places = Places.load(story.places_path, shown_as=story.unit.places)
    dataset = load_dataset(story, places)
    rankings = rank_all(dataset)
    angles = {s: choose_angle(story, r, rankings) for s, r in dataset.records.items()}
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
    )


def style_of(outlet: Outlet | None) -> Style:
    """An outlet's house style, or the default."""
    if outlet is None:
        return Style()
    return Style(sign=outlet.sign, headline_sign=outlet.headline_sign)


def context_for(prepared: Prepared, slug: str, outlet: Outlet | None = None) -> DraftContext:
    """The template context of place ``slug``'s draft, in ``outlet``'s style when given."""
    record = prepared.dataset.record(slug)
    if outlet is not None:  # an outlet's copy has its own local phrase, or none
        record = replace(record, place=replace(record.place, local_phrase=outlet.local_phrase))
    return build_context(
        prepared.dataset,
        prepared.rankings,
        prepared.angles[slug],
        record,
        prepared.quotes,
        style_of(outlet),
        prepared.variant(slug),
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


def banners(
    prepared: Prepared,
    illustrative: bool,
    awaiting: list[str],
    places: Sequence[str] = (),
    *,
    several: bool = False,
) -> tuple[str, ...]:
    """The lines every output of a draft opens with: the embargo, then the warnings. The
    illustrative line names the stand-in figures of ``places`` (slugs; each named first when
    the draft is about ``several``), :mod:`generator.language.banner`."""
    lines = [prepared.embargo] if prepared.embargo else []
    if illustrative:
        lines.append(banner_line(for_places(prepared.dataset, places, several=several)))
    if awaiting:
        names = ", ".join(awaiting).upper()
        lines.append(f"EDITOR: NO RESPONSE FROM {names} YET – CHECK BEFORE PUBLICATION")
    return tuple(lines)


def place_banners(prepared: Prepared, ctx: DraftContext) -> tuple[str, ...]:
    """A place's warning lines (:func:`banners`): its drafts, its scripts and ``snippets``."""
    awaiting = [ctx.place.name] if ctx.awaiting_response else []
    return banners(prepared, ctx.illustrative, awaiting, [ctx.place.slug])


def group_banners(prepared: Prepared, group: GroupContext) -> tuple[str, ...]:
    """A group's warning lines (:func:`banners`): its drafts, its scripts and ``snippets``."""
    awaiting = [] if group.national else [c.place.name for c in group.awaiting]
    slugs = [c.place.slug for c in group.places]
    return banners(prepared, group.illustrative, awaiting, slugs, several=True)


def headline_of(markdown_text: str) -> str:
    """The first Markdown heading of a draft (its headline)."""
    for line in markdown_text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def draft_meta(prepared: Prepared, where: str, output: Output, located: str) -> dict[str, Any]:
    """What a newsroom system needs to know about a draft besides its text (see ``Draft``)."""
    story = prepared.story
    published = story.settings.get("published")
    return {
        "id": f"{where.removeprefix('out/')}/{output.name}",
        "story": story.slug,
        "title": story.title,
        "kind": output.scope,
        "located": located,
        "area": story.unit.area,
        "embargoed": prepared.embargo_at.isoformat() if prepared.embargo_at else None,
        "credit": story.settings.get("credit", ""),
        "source": story.settings.get("source", ""),
        "published": str(published) if published else None,
        "version": str(story.settings.get("version", 1)),
        "subjects": [m.topic for m in story.measures],
        "language": story.settings.get("language", "en-GB"),
    }


def _write_formats(
    prepared: Prepared, output: Output, draft: Draft, where: str, check: bool = True
) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for fmt in output.formats:
        writer = WRITERS[fmt]
        try:
            shown = f"{where}/{output.name}.{writer.extension}"
            with time_limit(prepared.story.limits.render_seconds, shown):
                body = writer.write(draft)
        except ValueError as err:  # e.g. Word refuses a control character from the data
            raise CheckFailed(
                f"{where}/{output.name}.{writer.extension}: cannot be written ({err}). Look "
                "for an invisible control character in the data or quotes this draft uses"
            ) from None
        if check and isinstance(body, str) and fmt not in ("html", "ninjs"):
            check_draft(body, f"{where}/{output.name}.{writer.extension}")
        files[f"{output.name}.{writer.extension}"] = body
    return files


def render_article(
    prepared: Prepared,
    output: Output,
    variables: dict[str, Any],
    lines: tuple[str, ...],
    facts: Callable[[str], dict[str, Any]],
    where: str,
    located: str,
) -> dict[str, str | bytes]:
    """Render one prose output in every format it asks for, checked: house style in every
    format, and every number in the text traced to the draft's facts (once, on the Markdown)."""
    text = prepared.renderer.render(output.template, variables)
    escaped = prepared.renderer.render(output.template, variables, html=True)
    draft = Draft(
        output.name,
        text,
        escaped,
        lines,
        {
            "embargo": prepared.embargo,
            "banners": list(lines),
            **facts(markdown_text(headline_of(text))),
            "headline_short": markdown_text(short_headline_of(text)),
        },
        draft_meta(prepared, where, output, located),
    )
    check_numbers(
        "".join(f"{line}\n\n" for line in lines) + text,  # the banners' numbers too
        draft.facts,
        f"{where}/{output.name}.md",
        prepared.story.settings,
        names=names_of(prepared.story, variables, located),
        context=context_facts(variables),
    )
    files = _write_formats(prepared, output, draft, where)
    files["facts.json"] = WRITERS["json"].write(draft)
    return files


def style_of_files(files: dict[str, str | bytes], where: str) -> tuple[str, ...]:
    """House-style warnings for the prose drafts among ``files`` (their Markdown)."""
    return tuple(
        warning
        for name, content in files.items()
        if name.endswith(".md") and not name.startswith("radio") and isinstance(content, str)
        for warning in house_style(content, f"{where}/{name}")
    )


def spoken_names(contexts: list[DraftContext] | tuple[DraftContext, ...]) -> list[str]:
    """The names a script about these places must not open on."""
    return [n for c in contexts for n in (c.place.name, c.place.short_name)]


def radio_scripts(
    prepared: Prepared, output: Output, variables: dict[str, Any], where: str, names: list[str]
) -> list[Script]:
    """Every cue and copy at every length, fitted to time and checked for the ear: no frame
    twice in a row, and a cue that is not its copy (:mod:`generator.drafts.radio`)."""
    avoid = prepared.story.settings.get("radio_avoid", [])
    scripts = []
    for seconds in LENGTHS:
        for part in PARTS:
            spec = ScriptSpec(part, seconds)
            rendered = prepared.renderer.render(
                output.template, {**variables, "script": freeze(spec)}
            )
            text = fit(rendered, spec, f"{where} ({output.template})")
            check_draft(text, f"{where}: {part} {seconds}s")
            check_spoken(text, f"{where}: {part} {seconds}s", avoid=avoid, names=names)
            scripts.append(Script(part, seconds, text))
    check_scripts(scripts, f"{where} ({output.template})")
    return scripts


@dataclass(frozen=True)
class RadioJob:
    """One set of radio scripts to make: the output and its template variables, the title
    producers see, the warning lines, the draft's facts, where it is written, and the names
    a script must not open on."""

    output: Output
    variables: dict[str, Any]
    title: str
    lines: tuple[str, ...]
    facts: dict[str, Any]
    where: str
    names: list[str]


def radio_set(prepared: Prepared, job: RadioJob) -> ScriptSet:
    """A station's or a place's scripts with the warnings every copy of them carries: the one
    source of the script files and of ``drafts snippets``."""
    scripts = radio_scripts(prepared, job.output, job.variables, job.where, job.names)
    flags = job.facts.get("flags") or {}
    return ScriptSet(job.title, tuple(scripts), job.lines, dict(flags), prepared.embargo)


def render_radio(prepared: Prepared, job: RadioJob) -> dict[str, str | bytes]:
    """A station's script file: every script with its word count and estimated duration,
    every number in it traced to the draft's facts."""
    found = radio_set(prepared, job)
    text = found.markdown()
    facts = {
        "embargo": prepared.embargo,
        **job.facts,
        "scripts": [s.as_dict() for s in found.scripts],
    }
    check_numbers(
        text,
        facts,
        f"{job.where}/{job.output.name}.md",
        prepared.story.settings,
        names=names_of(prepared.story, job.variables, job.title),
        context=context_facts(job.variables),
    )
    meta = draft_meta(prepared, job.where, job.output, job.title)
    draft = Draft(job.output.name, text, html_escape(text, quote=False), job.lines, facts, meta)
    files = _write_formats(prepared, job.output, draft, job.where, check=False)
    files[f"{job.output.name}.json"] = WRITERS["json"].write(draft)
    return files


def radio_output(story: Story, scope: str) -> Output:
    """The story's radio output of ``scope``; a clear error when it has none."""
    found = story.scoped(scope)
    if not found:
        raise InputError(
            Problem(
                f"templates/{story.slug}/story.yaml",
                f"the story has no output with scope {scope}, so it has no radio scripts",
                column="outputs",
                hint=f"Add an output with 'scope: {scope}' and its template",
            )
        )
    return found[0]


def scripts_for(
    prepared: Prepared, *, station: str | None = None, place: str | None = None
) -> ScriptSet:
    """Radio scripts for a station's patch (by name or slug) or one place (by slug): every
    script, checked and fitted to time, with the warnings the script files carry."""
    if station is not None:
        if prepared.outlets is None:
            raise InputError(
                Problem(
                    f"templates/{prepared.story.slug}/story.yaml",
                    "the story names no outlets file",
                    column="outlets",
                    hint="Add outlets: data/outlets.yaml",
                )
            )
        outlet = prepared.outlets.find(station)
        slugs = [s for s in outlet.places if s in prepared.dataset.records]
        folder = f"radio/{outlet.slug}"
        if len(slugs) > 1:
            group = group_for(prepared, outlet.name, slugs, outlet)
            output = radio_output(prepared.story, "group-radio")
            return radio_set(
                prepared,
                RadioJob(
                    output,
                    group.as_template_vars(),
                    outlet.name,
                    group_banners(prepared, group),
                    group_facts(group, ""),
                    f"out/{prepared.story.slug}/{folder}",
                    spoken_names(group.places),
                ),
            )
        place, title, style = slugs[0], outlet.name, outlet
    else:
        place = prepared.dataset.places.by_slug(place or "").slug
        title, style = prepared.dataset.record(place).place.name, None
    ctx = context_for(prepared, place, style)
    output = radio_output(prepared.story, "place-radio")
    return radio_set(
        prepared,
        RadioJob(
            output,
            ctx.as_template_vars(),
            title,
            place_banners(prepared, ctx),
            draft_facts(ctx, prepared.angles[place], prepared.dataset, ""),
            f"out/{prepared.story.slug}/{place}",
            spoken_names([ctx]),
        ),
    )


def render_place(
    prepared: Prepared,
    slug: str,
    outlet: Outlet | None = None,
    folder: str | None = None,
    scopes: tuple[str, ...] = ("place", "place-radio"),
    kind: str = "place",
) -> tuple[dict[str, str | bytes], DraftResult]:
    """Render and check place ``slug``'s outputs of ``scopes``: file name → text, and a
    summary."""
    ctx = context_for(prepared, slug, outlet)
    variables = ctx.as_template_vars()
    where = f"out/{prepared.story.slug}/{folder or slug}"
    lines = place_banners(prepared, ctx)
    angle = prepared.angles[slug]
    files: dict[str, str | bytes] = {}
    for output in prepared.story.scoped(*scopes):
        if output.scope == "place":
            files.update(
                render_article(
                    prepared,
                    output,
                    variables,
                    lines,
                    lambda h: draft_facts(ctx, angle, prepared.dataset, h),
                    where,
                    ctx.place.name,
                )
            )
        else:
            facts = draft_facts(ctx, angle, prepared.dataset, "")
            files.update(
                render_radio(
                    prepared,
                    RadioJob(
                        output,
                        variables,
                        ctx.place.name,
                        lines,
                        facts,
                        where,
                        spoken_names([ctx]),
                    ),
                )
            )
    result = DraftResult(
        folder or slug,
        ctx.place.name,
        kind,
        files,
        ctx.illustrative,
        ctx.awaiting_response,
        tuple(v.measure.key for v in ctx.missing),
        angle.explain(),
        style_of_files(files, where),
    )
    return files, result


def render_group(
    prepared: Prepared, group: GroupContext, folder: str, kind: str, scopes: tuple[str, ...]
) -> tuple[dict[str, str | bytes], DraftResult]:
    """Render a group's outputs (round-up, national story or a station's scripts)."""
    variables = group.as_template_vars()
    where = f"out/{prepared.story.slug}/{folder}"
    awaiting = [] if group.national else [c.place.name for c in group.awaiting]
    lines = group_banners(prepared, group)
    files: dict[str, str | bytes] = {}
    for output in prepared.story.scoped(*scopes):
        if output.scope == "group-radio":
            files.update(
                render_radio(
                    prepared,
                    RadioJob(
                        output,
                        variables,
                        group.name,
                        lines,
                        group_facts(group, ""),
                        where,
                        spoken_names(group.places),
                    ),
                )
            )
        else:
            files.update(
                render_article(
                    prepared,
                    output,
                    variables,
                    lines,
                    lambda h: group_facts(group, h),
                    where,
                    group.name,
                )
            )
    result = DraftResult(
        folder,
        group.name,
        kind,
        files,
        group.illustrative,
        bool(awaiting),
        tuple(m.measure.key for m in group.measures if m.missing and m.lead),
        f"lead: {group.lead.place.name}: {group.lead.lead.reason}",
        style_of_files(files, where),
    )
    return files, result


def render_outlet(prepared: Prepared, outlet: Outlet) -> tuple[dict[str, str | bytes], DraftResult]:
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


Task = tuple[str, str]
"""One unit of rendering work: ("place", slug), ("national", ""), or ("outlet", slug)."""


def tasks_for(prepared: Prepared, only: str | None = None) -> list[Task]:
    """Every draft of the story (or only place ``only``'s own), in a stable order."""
    records = prepared.dataset.records
    if only is not None:
        place = prepared.dataset.places.by_slug(only)
        if place.slug not in records:
            raise InputError(
                Problem(
                    prepared.dataset.file,
                    f"{place.name} has no row in the data",
                    hint="Add its row or choose another place",
                )
            )
        return [("place", place.slug)]
    tasks: list[Task] = [("place", slug) for slug in records]
    if prepared.story.scoped("national"):
        tasks.append(("national", ""))
    tasks += [("outlet", outlet.slug) for outlet in covered(prepared)]
    return tasks


def covered(prepared: Prepared) -> list[Outlet]:
    """The outlets with at least one place in the data (a story whose data has no row for an
    outlet's places, with ``data.absent: skip``, has nothing to send it)."""
    records = prepared.dataset.records
    return [o for o in prepared.outlets or [] if any(s in records for s in o.places)]


def uncovered_note(prepared: Prepared) -> list[str]:
    """One line naming the outlets left without a draft, if any."""
    left = [o.name for o in prepared.outlets or [] if o not in covered(prepared)]
    if not left:
        return []
    return [f"no draft or pack for {len(left)} outlets whose places have no row: {', '.join(left)}"]


def run_task(prepared: Prepared, task: Task) -> DraftResult:
    """Render and check one draft."""
    kind, slug = task
    if kind == "place":
        result = render_place(prepared, slug)[1]
        return replace(result, files={**result.files, **place_charts(prepared, slug)})
    if kind == "national":
        records = list(prepared.dataset.records)
        group = group_for(prepared, prepared.story.unit.area, records, national=True)
        result = render_group(prepared, group, "national", "national", ("national",))[1]
        return replace(result, files={**result.files, **prepared.charts.national()})
    assert prepared.outlets is not None
    return render_outlet(prepared, prepared.outlets.by_slug(slug))[1]


def place_charts(prepared: Prepared, slug: str) -> dict[str, str | bytes]:
    """A place's charts, on its lead measure (the first leading measure when it has none)."""
    ctx = context_for(prepared, slug)
    view = ctx.lead.measure or next((v for v in ctx.measures if v.measure.lead), None)
    return prepared.charts.for_place(slug, view) if view is not None else {}


def plan(prepared: Prepared, only: str | None = None) -> list[DraftResult]:
    """Render every draft of the story (or only place ``only``'s own), in one process."""
    return [run_task(prepared, task) for task in tasks_for(prepared, only)]


_WORKER: Prepared | None = None


def _adopt(prepared: Prepared) -> None:
    global _WORKER
    _WORKER = prepared


def _start_worker(root: Path, slug: str, embargo: str | None) -> None:
    _adopt(prepare(root, slug, embargo))


def _work(task: Task) -> DraftResult:
    assert _WORKER is not None
    return run_task(_WORKER, task)


Progress = Callable[[int, int, str], None]
"""Told (done, total, what) after each draft."""


def render_all(
    prepared: Prepared,
    tasks: list[Task],
    *,
    jobs: int = 1,
    embargo: str | None = None,
    progress: Progress | None = None,
) -> list[DraftResult]:
    """Render every task, in ``jobs`` processes; the results come back in task order, so the
    files are the same whatever the number of processes."""
    results: list[DraftResult] = []

    def done(result: DraftResult) -> None:
        results.append(result)
        if progress is not None:
            progress(len(results), len(tasks), result.folder)

    if jobs <= 1 or len(tasks) < 2:
        for task in tasks:
            done(run_task(prepared, task))
        return results
    story = prepared.story
    if "fork" in multiprocessing.get_all_start_methods():
        # Workers start as copies of this process, with the story already loaded.
        context, start, args = multiprocessing.get_context("fork"), _adopt, (prepared,)
    else:
        context = multiprocessing.get_context("spawn")
        start, args = _start_worker, (story.root, story.slug, embargo)
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=start, initargs=args
    ) as pool:
        for result in pool.map(_work, tasks, chunksize=max(1, len(tasks) // (jobs * 4))):
            done(result)
    return results


def make_packs(prepared: Prepared, results: list[DraftResult]) -> list[Pack]:
    """One pack per outlet, from the drafts just rendered."""
    by_folder = {r.folder: r for r in results}
    story = prepared.story
    folder = story.unit.plural.replace(" ", "-")
    measures = [(m.label, m.numerator, m.denominator) for m in story.measures]
    packs = []
    for outlet in covered(prepared):
        own = by_folder[f"{'radio' if outlet.is_broadcast else 'partners'}/{outlet.slug}"]
        slugs = [s for s in outlet.places if s in prepared.dataset.records]
        places = [by_folder[s] for s in slugs]
        note = method_note(
            title=story.title,
            outlet=outlet.name,
            embargo=prepared.embargo,
            own=own.files,
            places=[(p.folder, p.name) for p in places],
            folder=folder,
            measures=measures,
            settings=story.settings,
            warnings=pack_warnings([own, *places], prepared.dataset),
        )
        rows = [r.row for s in slugs if not (r := prepared.dataset.record(s)).absent]
        data = csv_rows(prepared.dataset.table, rows)
        packs.append(
            make_pack(
                outlet.slug,
                outlet.name,
                own.files,
                [(p.folder, p.files) for p in places],
                folder,
                data,
                note,
            )
        )
    return packs


def pack_warnings(drafts: list[DraftResult], dataset: Dataset) -> list[str]:
    """What an editor must check before publishing anything in a pack: the first draft is the
    outlet's own, the rest its places'."""
    lines = []
    illustrative = [d.folder for d in drafts[1:] if d.illustrative]
    flagged = drafts[0].illustrative or bool(illustrative)
    if flagged:
        several = len(drafts) > 2
        lines.append(banner_line(for_places(dataset, illustrative, several=several)) + ".")
    awaiting = sorted({d.name for d in drafts[1:] if d.awaiting_response})
    if drafts[0].awaiting_response or awaiting:
        names = f": {', '.join(awaiting)}" if awaiting else ""
        lines.append(f"No response yet{names}; check before publication.")
    for draft in drafts[1:]:
        if draft.missing:
            lines.append(f"{draft.name} has no figure for: {', '.join(draft.missing)}.")
    others = sum(r.illustrative for r in dataset.records.values())
    if others and not flagged:
        plural = dataset.story.unit.plural if others != 1 else dataset.story.unit.singular
        lines.append(
            f"Ranks and {dataset.story.unit.area} figures are worked out with illustrative "
            f"figures for {others} other {plural}; check them against the published release."
        )
    return lines


def _write_tree(folder: Path, files: dict[str, str | bytes], under: str = "") -> None:
    """Write ``files`` (path → content) into ``folder``, under its subfolder ``under`` when
    given; a path that would land outside ``folder`` is refused (names.OutsideFolder)."""
    for name, content in files.items():
        path = inside(folder, f"{under}/{name}" if under else name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def build(
    root: Path,
    slug: str,
    *,
    only: str | None = None,
    out: Path | None = None,
    embargo: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    wait: float = LOCK_WAIT,
) -> BuildResult:
    """Build every draft of story ``slug`` (or only place ``only``), every partner pack and the
    manifest into ``out/<story>/``, swapped in whole when everything has passed its checks.

    The build holds the story's lock from start to finish (waiting up to ``wait`` seconds for
    another build of it to end) and reads its inputs once, into a snapshot: the drafts, packs
    and manifest all come from those bytes, and a build whose inputs changed on disk while it
    ran stops rather than replace a newer one."""
    started = time.perf_counter()
    clock = datetime.datetime.now(datetime.timezone.utc)
    out_dir = (out or root / "out") / slug
    if slug not in story_slugs(root):
        load_story(root, slug)  # the clear "no such story" error, before anything is made
    with locked(out_dir, wait=wait), snapshot(root, slug) as snap:
        return _build_snapshot(snap, slug, out_dir, only, embargo, jobs, progress, started, clock)


def _build_snapshot(
    snap: Snapshot,
    slug: str,
    out_dir: Path,
    only: str | None,
    embargo: str | None,
    jobs: int,
    progress: Progress | None,
    started: float,
    clock: datetime.datetime,
) -> BuildResult:
    """The build itself, holding the lock, from the snapshot of the inputs."""
    timings: dict[str, float] = {}

    def lap(stage: str, since: float) -> float:
        now = time.perf_counter()
        timings[stage] = round(now - since, 3)
        return now

    prepared = prepare(snap.root, slug, embargo)
    mark = lap("load", started)
    warnings = [
        *prepared.dataset.repairs,
        *prepared.dataset.notes,
        *uncovered_note(prepared),
        *prepared.quotes.warnings,
    ]
    result = BuildResult(slug, out_dir, prepared.story.unit.singular, warnings=warnings)
    tasks = tasks_for(prepared, only)
    result.drafts = render_all(prepared, tasks, jobs=jobs, embargo=embargo, progress=progress)
    result.warnings += [w for d in result.drafts for w in d.style]
    mark = lap("render", mark)
    packs = make_packs(prepared, result.drafts) if only is None else []
    mark = lap("packs", mark)
    with staging(out_dir) as folder:
        if only is not None and out_dir.exists():
            shutil.copytree(out_dir, folder, dirs_exist_ok=True)
            shutil.rmtree(folder / "packs", ignore_errors=True)
        for draft in result.drafts:
            shutil.rmtree(inside(folder, draft.folder), ignore_errors=True)
            _write_tree(folder, draft.files, under=draft.folder)
        for pack in packs:
            _write_tree(folder, dict(pack.files), under=f"packs/{pack.slug}")
            inside(folder, f"packs/{pack.slug}.zip").write_bytes(pack.zip_bytes)
        mark = lap("write", mark)
        write_site(folder, prepared.story, prepared.outlets)
        mark = lap("site", mark)
        result.packs = [p.slug for p in packs]
        result.seconds = time.perf_counter() - started
        manifest = build_manifest(prepared, result, folder, snap, partial=only is not None)
        timings["total"] = round(time.perf_counter() - started, 3)
        manifest["run"] = {
            "started": clock.isoformat(timespec="seconds"),
            "jobs": jobs,
            "seconds": timings["total"],
            "timings": timings,
        }
        (folder / MANIFEST).write_text(dumps(manifest), encoding="utf-8")
        snap.check_unchanged()
        swap_in(folder, out_dir)
    result.seconds = time.perf_counter() - started
    return result


def downloaded(dataset: Dataset) -> list[dict[str, Any]]:
    """The data as downloaded, when the story reads it from a web address."""
    source = dataset.source
    if source is None or not is_url(source.shown):
        return []
    return [{"path": source.shown, "sha256": source.sha256, "bytes": source.size}]


def build_manifest(
    prepared: Prepared, result: BuildResult, folder: Path, snap: Snapshot, *, partial: bool
) -> dict[str, Any]:
    """The manifest of the build staged in ``folder`` (all but its ``run`` entry); its inputs
    are the snapshot the drafts were made from."""
    story = prepared.story
    drafts = result.drafts
    return {
        "story": story.slug,
        "title": story.title,
        "partial": partial,
        "embargo": {
            "line": prepared.embargo,
            "at": prepared.embargo_at.isoformat() if prepared.embargo_at else None,
        },
        "counts": {
            "drafts": len(drafts),
            **{kind: len(result.of_kind(kind)) for kind in DRAFT_KINDS},
            "packs": len(result.packs),
            "illustrative": result.illustrative,
            "awaiting_response": result.awaiting_response,
            "with_missing_figures": result.with_missing,
        },
        "warnings": {
            "illustrative": [d.folder for d in drafts if d.illustrative],
            "awaiting_response": [d.folder for d in drafts if d.awaiting_response],
            "missing_figures": {d.folder: list(d.missing) for d in drafts if d.missing},
            "messages": list(result.warnings),
        },
        "drafts": [
            {"folder": d.folder, "name": d.name, "kind": d.kind, "files": sorted(d.files)}
            for d in drafts
        ],
        "packs": result.packs,
        "inputs": snap.manifest_entries() + downloaded(prepared.dataset),
        "outputs": tree_entries(folder),
    }
