"""The ``drafts`` command: a thin layer over the library.

Each command is a short function that calls the library (:mod:`generator.pipeline` for a build);
a library error, or a fault of the machine (:mod:`generator.base.faults`), becomes one clear
message and a non-zero exit here, and nowhere else.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator.authoring import DEFAULT_PLACES, DEFAULT_UNIT
from generator.base.errors import DraftsError
from generator.base.faults import fault_message

if TYPE_CHECKING:
    from generator.drafts.prepared import Prepared
    from generator.pipeline import Progress

# Each command imports the machinery it uses when it runs, so `drafts --help` or `drafts show`
# does not load what only a build needs (charts, Word, packs).


def friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a library error, or a fault of the machine (disk full, read-only folder, out of
    memory, a number too large), into one line ``Error: ...`` on stderr and exit status 1,
    no traceback."""
    keeps_build = func.__name__ == "build_command"  # a failed build leaves the last one

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DraftsError as err:
            click.echo(f"Error: {err}", err=True)
            sys.exit(1)
        except (OSError, MemoryError, RecursionError, OverflowError, ValueError) as err:
            message = fault_message(err)
            if message is None:
                raise
            if keeps_build:
                message += "; the last build is unchanged"
            click.echo(f"Error: {message}", err=True)
            sys.exit(1)

    return wrapper


@contextlib.contextmanager
def progress_bar(story: str, show: bool | None) -> Iterator[Progress | None]:
    """A rich progress bar on stderr for a build, or nothing when not wanted."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    console = Console(stderr=True)
    if show is False or (show is None and not console.is_terminal):
        yield None
        return
    with RichProgress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[draft]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        auto_refresh=False,  # no refresh thread, so --jobs can fork safely
    ) as bar:
        task = bar.add_task(story, total=None, draft="")

        def tick(done: int, total: int, draft: str) -> None:
            bar.update(task, completed=done, total=total, draft=draft, refresh=True)

        yield tick


def _root(ctx: click.Context) -> Path:
    return ctx.obj["root"]


def _one_story(root: Path, story: str | None) -> str:
    from generator.base.names import story_slugs

    stories = story_slugs(root)
    if story:
        return story
    if len(stories) == 1:
        return stories[0]
    raise click.UsageError(f"name a story: {', '.join(stories) or 'none found under templates/'}")


def _stories_with(root: Path, slugs: list[str], place: str) -> list[str]:
    """The stories among ``slugs`` whose places file has a place with slug ``place`` (``build
    --force SLUG`` with no story builds that place in each of them)."""
    from generator.inputs.places import Places
    from generator.inputs.story import load_story

    found = []
    for slug in slugs:
        story = load_story(root, slug)
        if any(p.slug == place for p in Places.load(story.places_path)):
            found.append(slug)
    if not found:
        raise click.UsageError(f"no story has a place with slug {place!r}; name a story")
    return found


def _prepare(ctx: click.Context, story: str | None) -> Prepared:
    """The story loaded from a snapshot of its inputs (as a build reads them: no link out of
    the project is followed), kept until the command ends."""
    from generator.drafts.prepared import prepare
    from generator.inputs.snapshot import snapshot

    root = _root(ctx)
    slug = _one_story(root, story)
    snap = ctx.with_resource(snapshot(root, slug))
    return prepare(snap.root, slug)


@click.group()
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder holding templates/, data/ and quotes/.",
)
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Localised drafts of a national data story, one for every area."""
    ctx.obj = {"root": root.resolve()}


@main.command("build")
@click.argument("story", required=False)
@click.option("--force", "only", metavar="SLUG", help="Build one place only (e.g. hampshire).")
@click.option(
    "--explain", is_flag=True, help="Say why each draft's lead won, and how chance was judged."
)
@click.option(
    "--embargo",
    metavar='"YYYY-MM-DD HH:MM"',
    help="UK time; stamps every output's first line (overrides story.yaml).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: out/ in the project).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Render in this many processes (the files are the same).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: when the terminal is interactive).",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="Make every draft again, even those whose inputs have not changed.",
)
@click.option(
    "--cluster",
    metavar="tcp://HOST:8786",
    envvar="DRAFTS_CLUSTER",
    help="Render on this Dask scheduler (or set DRAFTS_CLUSTER); see docs/scale.md.",
)
@click.pass_context
@friendly
def build_command(
    ctx: click.Context,
    story: str | None,
    only: str | None,
    explain: bool,
    embargo: str | None,
    out: Path | None,
    jobs: int,
    progress: bool | None,
    fresh: bool,
    cluster: str | None,
) -> None:
    """Build every draft of STORY (every story when omitted), its partner packs and
    manifest. Only what changed since the last build is made again (--fresh: everything)."""
    from generator.base.names import story_slugs

    root = _root(ctx)
    slugs = [story] if story else story_slugs(root)
    if not slugs:
        raise click.UsageError(f"no stories under {root / 'templates'}; check --root")
    if only and not story:
        slugs = _stories_with(root, slugs, only)
    for slug in slugs:
        if not (only or fresh) and _as_before(root, slug, out, embargo, explain):
            continue
        from generator.pipeline import build  # the engine, only when there is work to do

        with progress_bar(slug, progress) as tick:
            result = build(
                root,
                slug,
                only=only,
                out=out,
                embargo=embargo,
                jobs=jobs,
                progress=tick,
                cluster=cluster,
                fresh=fresh,
            )
        if explain:
            for draft in result.drafts:
                click.echo(f"{draft.name} ({draft.slug})\n  {draft.explain}")
            for note in result.chance:
                click.echo(note)
        click.echo(result.summary())


def _as_before(root: Path, slug: str, out: Path | None, embargo: str | None, explain: bool) -> bool:
    """Print the last build's summary and say so when nothing it read has changed (checked
    without loading the engine: :func:`generator.delivery.cache.unchanged`)."""
    from generator.delivery.cache import unchanged

    state = unchanged(root, slug, (out or root / "out") / slug, {"embargo": embargo})
    if state is None:
        return False
    if explain:
        for entry in state.drafts.values():
            click.echo(
                f"{entry['name']} ({entry['folder'].rsplit('/', 1)[-1]})\n  {entry['explain']}"
            )
        for note in state.chance:
            click.echo(note)
    click.echo(state.summary)
    return True


@main.command("show")
@click.argument("slug")
@click.option("--story", help="Story (needed when there is more than one).")
@click.option(
    "--format",
    "fmt",
    default="md",
    show_default=True,
    type=click.Choice(["md", "txt", "html", "json"]),
)
@click.pass_context
@friendly
def show_command(ctx: click.Context, slug: str, story: str | None, fmt: str) -> None:
    """Print one place's draft (as the last build made it when nothing has changed since,
    otherwise rendered afresh; nothing is written)."""
    root = _root(ctx)
    from generator.delivery.cache import built_file

    built = built_file(root, _one_story(root, story), slug, fmt)
    if built is not None:
        click.echo(built, nl=False)
        return
    from generator.drafts.jobs import render_place

    prepared = _prepare(ctx, story)
    place = prepared.dataset.places.by_slug(slug)
    files, _ = render_place(prepared, place.slug)
    name = "facts.json" if fmt == "json" else f"{prepared.story.outputs[0].name}.{fmt}"
    click.echo(files[name], nl=False)


@main.command("list")
@click.option("--story", help="Story (needed when there is more than one).")
@click.pass_context
@friendly
def list_command(ctx: click.Context, story: str | None) -> None:
    """List the places of a story with their lead and flags."""
    prepared = _prepare(ctx, story)
    for slug, record in prepared.dataset.records.items():
        angle = prepared.angles[slug].lead
        flags = " [illustrative]" if record.illustrative else ""
        click.echo(
            f"{slug:24} {angle.kind:12} {angle.measure or '-':10} {record.place.name}{flags}"
        )


@main.command("snippets")
@click.option("--station", help='A station by name or slug, e.g. "BBC Radio Leicester".')
@click.option("--force", "place", metavar="SLUG", help="One force's scripts (e.g. hampshire).")
@click.option("--seconds", type=click.Choice(["20", "40"]), help="Only scripts of this length.")
@click.option("--json", "as_json", is_flag=True, help="JSON for a newsroom system.")
@click.option("--story", help="Story (needed when there is more than one).")
@click.pass_context
@friendly
def snippets_command(
    ctx: click.Context,
    station: str | None,
    place: str | None,
    seconds: str | None,
    as_json: bool,
    story: str | None,
) -> None:
    """Print radio scripts ready to read: a cue and a copy at 20 and 40 seconds, under the
    same warnings as the script files (embargo, illustrative figures, responses awaited)."""
    if (station is None) == (place is None):
        raise click.UsageError("give --station NAME or --force SLUG")
    from generator.drafts.radio_jobs import scripts_for

    prepared = _prepare(ctx, story)
    found = scripts_for(prepared, station=station, place=place)
    length = int(seconds) if seconds else None
    if as_json:
        payload = {"story": prepared.story.slug, **found.as_dict(length)}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    click.echo(found.text(length))


def _build_dir(root: Path, story: str | None, out: Path | None) -> Path:
    return (out or root / "out") / _one_story(root, story)


@main.command("diff")
@click.argument("old", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.argument("new", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--since", is_flag=True, help="Compare the latest build with the one before it.")
@click.option("--story", help="Story (needed when there is more than one).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.pass_context
@friendly
def diff_command(
    ctx: click.Context,
    old: Path | None,
    new: Path | None,
    since: bool,
    story: str | None,
    out: Path | None,
) -> None:
    """Which drafts changed between two builds OLD and NEW, sentence by sentence (or
    --since the previous build), for a correction note to partners."""
    from generator.delivery.diff import compare, report
    from generator.delivery.outdir import previous_of

    if since == (old is not None):
        raise click.UsageError("give two build folders OLD NEW, or --since")
    if since:
        new = _build_dir(_root(ctx), story, out)
        old = previous_of(new)
        if not old.exists():
            raise click.UsageError(f"no previous build of {new.name} is kept; build it again first")
    elif new is None:
        raise click.UsageError("give two build folders OLD NEW")
    assert old is not None and new is not None
    click.echo(report(compare(old, new), str(old), str(new)), nl=False)


@main.command("release")
@click.argument("story", required=False)
@click.option("--force", is_flag=True, help="Release before the embargo lifts.")
@click.option("--dry-run", is_flag=True, help="Only list what would go to each partner.")
@click.option(
    "--outbox",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where packs are delivered (default: outbox/ in the project).",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.pass_context
@friendly
def release_command(
    ctx: click.Context,
    story: str | None,
    force: bool,
    dry_run: bool,
    outbox: Path | None,
    out: Path | None,
) -> None:
    """List each partner's pack of the latest build of STORY and deliver them to the outbox;
    refuses before the embargo unless --force."""
    from generator.delivery.manifest import read_manifest
    from generator.delivery.release import (
        check_partners,
        check_release,
        deliveries,
        outlets_of,
        release,
    )
    from generator.language.present import count

    root = _root(ctx)
    build_dir = _build_dir(root, story, out)
    manifest = read_manifest(build_dir)
    source, lists = outlets_of(root, str(manifest.get("story")))
    found = deliveries(build_dir, manifest, lists, source)
    for delivery in found:
        click.echo(
            f"{delivery.name}: held ({delivery.held})"
            if delivery.held
            else f"{delivery.name}: {delivery.zip_path.name} "
            f"({count(len(delivery.files), 'file')}, {delivery.size // 1024 or 1} KB)"
        )
    if dry_run:
        check_release(build_dir, manifest, force=True)
        check_partners(str(manifest.get("story")), found, lists, source)
        return
    release(build_dir, outbox or root / "outbox", force=force, lists=lists, source=source)
    target = (outbox or root / "outbox") / manifest["story"]
    held = sum(1 for d in found if d.held)
    tail = f"; {count(held, 'pack')} held" if held else ""
    click.echo(f"{count(len(found) - held, 'pack')} released to {target}{tail}")


@main.command("new")
@click.argument("story")
@click.option(
    "--places",
    default=DEFAULT_PLACES,
    show_default=True,
    help="The places file (from the project folder): one draft for each of its rows.",
)
@click.option(
    "--unit", default=DEFAULT_UNIT, show_default=True, help='What one place is, e.g. "council".'
)
@click.pass_context
@friendly
def new_command(ctx: click.Context, story: str, places: str, unit: str) -> None:
    """Start a new STORY: a commented manifest, a place template, sample figures (all marked
    illustrative) and a quotes folder, ready to build. Never overwrites a story."""
    from generator.authoring.skeleton import new_story

    root = _root(ctx)
    made = new_story(root, story, places=places, unit=unit)
    click.echo(f"Created story {story}:")
    for name in made:
        click.echo(f"  {name}")
    where = "" if root == Path.cwd().resolve() else f"--root {root} "
    click.echo(f"Next: drafts {where}build {story}    (then see docs/writing-a-story.md)")
