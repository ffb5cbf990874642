"""Build a story: load and validate → rank → choose angles → build contexts → render → check
→ write. Each arrow is a module; this one only runs them in order and writes the result.

Writing is all-or-nothing: drafts go to a temporary folder beside ``out/<story>/`` that is
swapped in only when every draft has rendered and passed its checks, so a failed build leaves
the previous one untouched.
"""

from __future__ import annotations

import datetime
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html import escape as html_escape
from pathlib import Path
from typing import Any

from .angle import Angle, choose_angle
from .checks import check_draft, check_spoken
from .context import DraftContext, Style, build_context
from .data import Dataset, load_dataset
from .embargo import embargo_line, parse_embargo
from .errors import InputError, Problem
from .facts import draft_facts, group_facts
from .group import GroupContext, build_group
from .outlets import Outlet, Outlets
from .places import Places
from .quotes import QuoteBook, load_quotes
from .radio import LENGTHS, PARTS, Script, ScriptSpec, fit
from .ranking import Ranking, rank_all
from .render import Renderer
from .story import Output, Story, load_story
from .writers import WRITERS, Draft

ILLUSTRATIVE = "ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION"


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
    if embargo or story.settings.get("embargo"):
        source = "--embargo" if embargo else f"templates/{slug}/story.yaml"
        when = parse_embargo(embargo or story.settings["embargo"], source)
        line = embargo_line(when)
    places = Places.load(story.places_path, shown_as=story.unit.places)
    dataset = load_dataset(story, places)
    rankings = rank_all(dataset)
    angles = {s: choose_angle(story, r, rankings) for s, r in dataset.records.items()}
    quotes = load_quotes(story.quotes_dir, places, root)
    outlets = None
    if story.outlets_path is not None:
        outlets = Outlets.load(story.outlets_path, places, shown_as=story.outlets or "")
    return Prepared(
        story, dataset, rankings, angles, quotes, outlets, Renderer(story.template_dir), line, when
    )


def style_of(outlet: Outlet | None) -> Style:
    """An outlet's house style, or the default."""
    if outlet is None:
        return Style()
    return Style(sign=outlet.sign, headline_sign=outlet.headline_sign)


def context_for(prepared: Prepared, slug: str, outlet: Outlet | None = None) -> DraftContext:
    """The template context of place ``slug``'s draft, in ``outlet``'s style when given."""
    record = prepared.dataset.record(slug)
    if outlet is not None and outlet.local_phrase:
        record = replace(record, place=replace(record.place, local_phrase=outlet.local_phrase))
    return build_context(
        prepared.dataset,
        prepared.rankings,
        prepared.angles[slug],
        record,
        prepared.quotes,
        style_of(outlet),
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
    )


def banners(prepared: Prepared, illustrative: bool, awaiting: list[str]) -> tuple[str, ...]:
    """The lines every output of a draft opens with: the embargo, then the warnings."""
    lines = [prepared.embargo] if prepared.embargo else []
    if illustrative:
        lines.append(ILLUSTRATIVE)
    if awaiting:
        names = ", ".join(awaiting).upper()
        lines.append(f"EDITOR: NO RESPONSE FROM {names} YET – CHECK BEFORE PUBLICATION")
    return tuple(lines)


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
        body = writer.write(draft)
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
    """Render one prose output in every format it asks for, checked."""
    text = prepared.renderer.render(output.template, variables)
    escaped = prepared.renderer.render(output.template, variables, html=True)
    draft = Draft(
        output.name,
        text,
        escaped,
        lines,
        {"embargo": prepared.embargo, **facts(headline_of(text))},
        draft_meta(prepared, where, output, located),
    )
    files = _write_formats(prepared, output, draft, where)
    files["facts.json"] = WRITERS["json"].write(draft)
    return files


def spoken_names(contexts: list[DraftContext] | tuple[DraftContext, ...]) -> list[str]:
    """The names a script about these places must not open on."""
    return [n for c in contexts for n in (c.place.name, c.place.short_name)]


def radio_scripts(
    prepared: Prepared, output: Output, variables: dict[str, Any], where: str, names: list[str]
) -> list[Script]:
    """Every cue and copy at every length, fitted to time and checked for the ear."""
    avoid = prepared.story.settings.get("radio_avoid", [])
    scripts = []
    for seconds in LENGTHS:
        for part in PARTS:
            spec = ScriptSpec(part, seconds)
            rendered = prepared.renderer.render(output.template, {**variables, "script": spec})
            text = fit(rendered, spec, f"{where} ({output.template})")
            check_draft(text, f"{where}: {part} {seconds}s")
            check_spoken(text, f"{where}: {part} {seconds}s", avoid=avoid, names=names)
            scripts.append(Script(part, seconds, text))
    return scripts


def render_radio(
    prepared: Prepared,
    output: Output,
    variables: dict[str, Any],
    title: str,
    lines: tuple[str, ...],
    facts: dict[str, Any],
    where: str,
    names: list[str],
) -> dict[str, str | bytes]:
    """A station's script file: every script with its word count and estimated duration."""
    scripts = radio_scripts(prepared, output, variables, where, names)
    parts = [f"# Radio scripts: {title}"]
    for script in scripts:
        parts += [f"## {script.label}", script.text]
    text = "\n\n".join(parts) + "\n"
    facts = {"embargo": prepared.embargo, **facts, "scripts": [s.as_dict() for s in scripts]}
    meta = draft_meta(prepared, where, output, title)
    draft = Draft(output.name, text, html_escape(text, quote=False), lines, facts, meta)
    files = _write_formats(prepared, output, draft, where, check=False)
    files[f"{output.name}.json"] = WRITERS["json"].write(draft)
    return files


def scripts_for(
    prepared: Prepared, *, station: str | None = None, place: str | None = None
) -> tuple[str, list[Script]]:
    """Radio scripts for a station's patch (by name or slug) or one place (by slug): the title
    and every script, checked and fitted to time."""
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
            (output,) = prepared.story.scoped("group-radio")
            return outlet.name, radio_scripts(
                prepared,
                output,
                group.as_template_vars(),
                f"out/{prepared.story.slug}/{folder}",
                spoken_names(group.places),
            )
        place, title, style = slugs[0], outlet.name, outlet
    else:
        place = prepared.dataset.places.by_slug(place or "").slug
        title, style = prepared.dataset.record(place).place.name, None
    ctx = context_for(prepared, place, style)
    (output,) = prepared.story.scoped("place-radio")
    return title, radio_scripts(
        prepared,
        output,
        ctx.as_template_vars(),
        f"out/{prepared.story.slug}/{place}",
        spoken_names([ctx]),
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
    lines = banners(prepared, ctx.illustrative, [ctx.place.name] if ctx.awaiting_response else [])
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
                    output,
                    variables,
                    ctx.place.name,
                    lines,
                    facts,
                    where,
                    spoken_names([ctx]),
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
    )
    return files, result


def render_group(
    prepared: Prepared, group: GroupContext, folder: str, kind: str, scopes: tuple[str, ...]
) -> tuple[dict[str, str | bytes], DraftResult]:
    """Render a group's outputs (round-up, national story or a station's scripts)."""
    variables = group.as_template_vars()
    where = f"out/{prepared.story.slug}/{folder}"
    awaiting = [] if group.national else [c.place.name for c in group.awaiting]
    lines = banners(prepared, group.illustrative, awaiting)
    files: dict[str, str | bytes] = {}
    for output in prepared.story.scoped(*scopes):
        if output.scope == "group-radio":
            files.update(
                render_radio(
                    prepared,
                    output,
                    variables,
                    group.name,
                    lines,
                    group_facts(group, ""),
                    where,
                    spoken_names(group.places),
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


def plan(prepared: Prepared, only: str | None = None) -> list[DraftResult]:
    """Render every draft of the story (or only place ``only``'s own), in a stable order."""
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
        return [render_place(prepared, place.slug)[1]]
    results = [render_place(prepared, slug)[1] for slug in records]
    if prepared.story.scoped("national"):
        group = group_for(prepared, prepared.story.unit.area, list(records), national=True)
        results.append(render_group(prepared, group, "national", "national", ("national",))[1])
    for outlet in prepared.outlets or []:
        results.append(render_outlet(prepared, outlet)[1])
    return results


def _swap_in(staging: Path, target: Path) -> None:
    """Replace ``target`` with ``staging`` in two renames; the old copy goes only after."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    if old.exists():
        shutil.rmtree(old)


def build(
    root: Path,
    slug: str,
    *,
    only: str | None = None,
    out: Path | None = None,
    embargo: str | None = None,
) -> BuildResult:
    """Build every draft of story ``slug`` (or only place ``only``) into ``out/<story>/``."""
    started = time.perf_counter()
    prepared = prepare(root, slug, embargo)
    out_dir = (out or root / "out") / slug
    result = BuildResult(
        slug, out_dir, prepared.story.unit.singular, warnings=list(prepared.quotes.warnings)
    )
    result.drafts = plan(prepared, only)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}.", dir=out_dir.parent))
    try:
        if only is not None and out_dir.exists():
            shutil.copytree(out_dir, staging, dirs_exist_ok=True)
        for draft in result.drafts:
            folder = staging / draft.folder
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            for name, content in draft.files.items():
                data = content.encode("utf-8") if isinstance(content, str) else content
                (folder / name).write_bytes(data)
        _swap_in(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    result.seconds = time.perf_counter() - started
    return result
