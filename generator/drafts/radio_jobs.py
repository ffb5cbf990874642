"""Radio scripts of a draft: a :class:`RadioJob` says what to make, :func:`radio_set` makes
every cue and copy at every length with the warnings they carry (the one source of the script
files and of ``drafts snippets``), :func:`render_radio` writes them as a script file, and
:func:`scripts_for` finds the scripts of a station or a place."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from html import escape as html_escape
from typing import Any

from generator.base.errors import InputError, Problem
from generator.checks.factcheck import check_numbers, context_facts, names_of
from generator.checks.style import check_draft, check_spoken
from generator.delivery.newsroom import draft_meta
from generator.drafts.article import Files, write_formats
from generator.drafts.banners import group_banners, place_banners
from generator.drafts.context import DraftContext
from generator.drafts.fact_types import AnyFacts, replace
from generator.drafts.facts import draft_facts, group_facts
from generator.drafts.freeze import freeze
from generator.drafts.members import for_checks
from generator.drafts.prepared import Prepared, context_for, group_for
from generator.drafts.radio import (
    LENGTHS,
    PARTS,
    Script,
    ScriptSet,
    ScriptSpec,
    check_scripts,
    fitted,
    plain_html,
)
from generator.inputs.story import Output, Story
from generator.outputs.writers import WRITERS, Draft

RADIO_SCOPES = ("place-radio", "group-radio")
SPECS = tuple(ScriptSpec(part, seconds) for seconds in LENGTHS for part in PARTS)
"""Every script a radio template writes, in the order of the script file. The same instances
for every draft, so each is frozen for the templates once."""


def spoken_names(contexts: list[DraftContext] | tuple[DraftContext, ...]) -> list[str]:
    """The names a script about these places must not open on."""
    return [n for c in contexts for n in (c.place.name, c.place.short_name)]


@dataclass(frozen=True)
class RadioJob:
    """One set of radio scripts to make: the output and its template variables, the title
    producers see, the warning lines, the draft's facts, where it is written, and the names
    a script must not open on."""

    output: Output
    variables: dict[str, Any]
    title: str
    lines: tuple[str, ...]
    facts: AnyFacts
    where: str
    names: list[str]


def radio_scripts(prepared: Prepared, job: RadioJob) -> list[Script]:
    """Every cue and copy at every length, fitted to time and checked for the ear: no frame
    twice in a row, and a cue that is not its copy (:mod:`generator.drafts.radio`)."""
    avoid = prepared.story.engine.radio_avoid
    output, where = job.output, job.where
    scripts = []
    renders: list[tuple[dict[object, Any], str]] = []  # what each render read of `script`, its text
    for spec in SPECS:
        named = f"{where}: {spec.part} {spec.seconds}s"
        rendered = _render_script(prepared, job, spec, renders)
        text, seconds = fitted(rendered, spec, f"{where} ({output.template})")
        check_draft(text, named)
        check_spoken(text, named, avoid=avoid, names=job.names)
        scripts.append(Script(spec.part, spec.seconds, text, seconds))
    check_scripts(scripts, f"{where} ({output.template})")
    return scripts


_WHOLE = object()
"""Noted when a render read a script's values as a whole (compared, printed or listed them)."""
_ABSENT = object()


class _Reads(Mapping[str, Any]):
    """A script's frozen values that note which of them a render reads: any lookup of a
    name (``script.part``, ``"part" in script``) notes the name; anything that reads them all
    (comparing, printing, listing) notes :data:`_WHOLE`."""

    __slots__ = ("_values", "read")

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values
        self.read: set[object] = set()

    def _note(self, key: object) -> None:
        try:
            self.read.add(key)
        except TypeError:  # an unhashable key: no name of a script
            self.read.add(_WHOLE)

    def __getitem__(self, key: str) -> Any:
        self._note(key)
        return self._values[key]

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return key in self._values

    def __iter__(self) -> Iterator[str]:
        self.read.add(_WHOLE)
        return iter(self._values)

    def __len__(self) -> int:
        self.read.add(_WHOLE)
        return len(self._values)


def _same(value: object, other: object) -> bool:
    return value is other or (type(value) is type(other) and value == other)


def _render_script(
    prepared: Prepared,
    job: RadioJob,
    spec: ScriptSpec,
    renders: list[tuple[dict[object, Any], str]],
) -> str:
    """The radio template rendered for ``spec``. A render is a function of the template, the
    draft's variables and what it reads of ``script``: each render notes the script's values
    it read (:class:`_Reads`), and a later spec with those same values gets the same text
    without rendering again (a copy that never reads ``script.seconds`` is rendered once for
    both lengths). ``renders`` holds this draft's renders: (values read, text)."""
    frozen = freeze(spec)
    values = frozen._values
    for read, text in renders:
        if all(_same(values.get(name, _ABSENT), value) for name, value in read.items()):
            return text
    reads = _Reads(values)
    text = prepared.renderer.render(
        job.output.template, {**job.variables, "script": type(frozen)(reads)}
    )
    if _WHOLE not in reads.read:
        renders.append(({n: values.get(n, _ABSENT) for n in reads.read}, text))
    return text


def radio_set(prepared: Prepared, job: RadioJob) -> ScriptSet:
    """A station's or a place's scripts with the warnings every copy of them carries: the one
    source of the script files and of ``drafts snippets``."""
    scripts = radio_scripts(prepared, job)
    flags = job.facts.flags.to_dict()
    return ScriptSet(job.title, tuple(scripts), job.lines, flags, prepared.embargo)


def render_radio(prepared: Prepared, job: RadioJob) -> Files:
    """A station's script file: every script with its word count and estimated duration,
    every number in it traced to the draft's facts."""
    found = radio_set(prepared, job)
    text = found.markdown()
    facts = replace(
        job.facts,
        embargo=prepared.embargo,
        scripts=tuple(s.as_dict() for s in found.scripts),
    )
    meta = draft_meta(prepared.story, prepared.embargo_at, job.where, job.output, job.title)
    draft = Draft(job.output.name, text, html_escape(text, quote=False), job.lines, facts, meta)
    variables = for_checks(job.variables)
    check_numbers(
        text,
        draft.facts_dict,  # made once, for the check and the facts file
        f"{job.where}/{job.output.name}.md",
        prepared.story.settings,
        engine=prepared.story.engine,
        names=names_of(prepared.story, variables, job.title),
        context=context_facts(variables),
    )
    html = plain_html(found)
    if html is not None:  # what Markdown would make of it, without running Markdown
        draft.html_body = html
    files = write_formats(prepared, job.output, draft, job.where, check=False)
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
