"""Build a story: load and validate → rank → choose angles → build contexts → render → check
→ write. Each arrow is a module; this one only runs them in order and writes the result.

Writing is all-or-nothing: drafts go to a temporary folder beside ``out/<story>/`` that is
swapped in only when every draft has rendered and passed its checks, so a failed build leaves
the previous one untouched.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .angle import Angle, choose_angle
from .checks import check_draft
from .context import DraftContext, Style, build_context
from .data import Dataset, load_dataset
from .errors import InputError, Problem
from .facts import draft_facts
from .places import Places
from .quotes import QuoteBook, load_quotes
from .ranking import Ranking, rank_all
from .render import Renderer
from .story import Story, load_story
from .writers import WRITERS, Draft

ILLUSTRATIVE = "ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION"


@dataclass
class Prepared:
    """A story loaded and computed, ready to render any place's drafts."""

    story: Story
    dataset: Dataset
    rankings: dict[str, Ranking]
    angles: dict[str, Angle]
    quotes: QuoteBook
    renderer: Renderer


@dataclass(frozen=True)
class DraftResult:
    """What was written for one place, and what an editor must know about it."""

    slug: str
    name: str
    files: dict[str, str]
    illustrative: bool
    awaiting_response: bool
    missing: tuple[str, ...]
    explain: str


@dataclass
class BuildResult:
    """The run summary: drafts written, flags counted, warnings, time taken."""

    story: str
    out_dir: Path
    drafts: list[DraftResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def illustrative(self) -> int:
        return sum(d.illustrative for d in self.drafts)

    @property
    def awaiting_response(self) -> int:
        return sum(d.awaiting_response for d in self.drafts)

    @property
    def with_missing(self) -> int:
        return sum(bool(d.missing) for d in self.drafts)


def prepare(root: Path, slug: str) -> Prepared:
    """Load, validate and compute everything for story ``slug`` under ``root``."""
    story = load_story(root, slug)
    places = Places.load(story.places_path, shown_as=story.unit.places)
    dataset = load_dataset(story, places)
    rankings = rank_all(dataset)
    angles = {s: choose_angle(story, r, rankings) for s, r in dataset.records.items()}
    quotes = load_quotes(story.quotes_dir, places, root)
    return Prepared(story, dataset, rankings, angles, quotes, Renderer(story.template_dir))


def context_for(prepared: Prepared, slug: str, style: Style | None = None) -> DraftContext:
    """The template context of place ``slug``'s draft."""
    record = prepared.dataset.record(slug)
    return build_context(
        prepared.dataset, prepared.rankings, prepared.angles[slug], record, prepared.quotes, style
    )


def banners(ctx: DraftContext) -> tuple[str, ...]:
    """The warning lines every output of this draft opens with."""
    lines = [ILLUSTRATIVE] if ctx.illustrative else []
    if ctx.awaiting_response:
        lines.append(
            f"EDITOR: NO RESPONSE FROM {ctx.place.name.upper()} YET – CHECK BEFORE PUBLICATION"
        )
    return tuple(lines)


def headline_of(markdown_text: str) -> str:
    """The first Markdown heading of a draft (its headline)."""
    for line in markdown_text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def render_place(prepared: Prepared, slug: str) -> tuple[dict[str, str], DraftResult]:
    """Render and check every output of place ``slug``: file name → text, and a summary."""
    ctx = context_for(prepared, slug)
    variables = ctx.as_template_vars()
    files: dict[str, str] = {}
    for output in prepared.story.outputs:
        text = prepared.renderer.render(output.template, variables)
        escaped = prepared.renderer.render(output.template, variables, html=True)
        facts = draft_facts(ctx, prepared.angles[slug], prepared.dataset, headline_of(text))
        draft = Draft(output.name, text, escaped, banners(ctx), facts)
        for fmt in output.formats:
            writer = WRITERS[fmt]
            body = writer.write(draft)
            where = f"out/{prepared.story.slug}/{slug}/{output.name}.{writer.extension}"
            if fmt != "html":
                check_draft(body, where)
            files[f"{output.name}.{writer.extension}"] = body
        files["facts.json"] = WRITERS["json"].write(draft)
    result = DraftResult(
        slug,
        ctx.place.name,
        files,
        ctx.illustrative,
        ctx.awaiting_response,
        tuple(v.measure.key for v in ctx.missing),
        prepared.angles[slug].explain(),
    )
    return files, result


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
    root: Path, slug: str, *, only: str | None = None, out: Path | None = None
) -> BuildResult:
    """Build every draft of story ``slug`` (or only place ``only``) into ``out/<story>/``."""
    started = time.perf_counter()
    prepared = prepare(root, slug)
    out_dir = (out or root / "out") / slug
    result = BuildResult(slug, out_dir, warnings=list(prepared.quotes.warnings))
    slugs = list(prepared.dataset.records)
    if only is not None:
        place = prepared.dataset.places.by_slug(only)
        if place.slug not in prepared.dataset.records:
            raise InputError(
                Problem(
                    prepared.dataset.file,
                    f"{place.name} has no row in the data",
                    hint="Add its row or choose another place",
                )
            )
        slugs = [place.slug]
    rendered = {}
    for place_slug in slugs:
        rendered[place_slug], draft = render_place(prepared, place_slug)
        result.drafts.append(draft)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}.", dir=out_dir.parent))
    try:
        if only is not None and out_dir.exists():
            shutil.copytree(out_dir, staging, dirs_exist_ok=True)
        for place_slug, files in rendered.items():
            folder = staging / place_slug
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir()
            for name, text in files.items():
                (folder / name).write_text(text, encoding="utf-8")
        _swap_in(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    result.seconds = time.perf_counter() - started
    return result
