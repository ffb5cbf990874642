"""The ``drafts`` command: a thin layer over the library.

Each command is a short function that calls the library (:mod:`generator.pipeline` for a build);
a library error, or a fault of the machine (:mod:`generator.base.faults`), becomes one clear
message and a non-zero exit here (:func:`generator.cli_support.friendly`), and nowhere else.
Every command takes ``-h``/``--help`` and ``--story`` (:mod:`generator.cli_support`).
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.authoring import DEFAULT_PLACES, DEFAULT_UNIT
from generator.cli_support import (
    build_dir_of,
    builds_to_compare,
    echo_build,
    either,
    friendly,
    json_option,
    old_force,
    old_story_argument,
    one_story,
    out_option,
    place_option,
    prepare_story,
    print_json,
    progress_bar,
    stories_to_build,
    story_option,
)

# Each command imports the machinery it uses when it runs, so `drafts --help` or `drafts show`
# does not load what only a build needs (charts, Word, packs).


def _root(ctx: click.Context) -> Path:
    return ctx.obj["root"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    package_name="local-drafts", prog_name="drafts", message="%(prog)s %(version)s"
)
@click.option(
    "--root",
    metavar="DIR",
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
@old_story_argument
@story_option("The story (default: story in drafts.toml, else every story).")
@place_option("Build one place only (e.g. hampshire): a partial build.", "only")
@old_force("old_only", "--place")
@click.option(
    "--explain", is_flag=True, help="Say why each draft's lead won, and how chance was judged."
)
@click.option(
    "--embargo",
    metavar='"YYYY-MM-DD HH:MM"',
    help="UK time; stamps every output's first line (overrides story.yaml).",
)
@out_option("Where to build: DIR/<story>/ (default: out/ in the project).")
@click.option(
    "--jobs",
    "-j",
    metavar="N",
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
    story_arg: str | None,
    story: str | None,
    only: str | None,
    old_only: str | None,
    explain: bool,
    embargo: str | None,
    out: Path | None,
    jobs: int,
    progress: bool | None,
    fresh: bool,
    cluster: str | None,
) -> None:
    """Build every draft of the story (story in drafts.toml, or every story, when --story is
    not given), its partner packs and manifest. Only what changed since the last build is made
    again (--fresh: everything)."""
    root = _root(ctx)
    only = either(only, old_only, "--place")
    for slug in stories_to_build(root, either(story, story_arg, "the story"), only):
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
        drafts = [(d.name, d.slug, d.explain) for d in result.drafts]
        echo_build(result.summary(), drafts, result.chance, explain=explain)


def _as_before(root: Path, slug: str, out: Path | None, embargo: str | None, explain: bool) -> bool:
    """Print the last build's summary and say so when nothing it read has changed (checked
    without loading the engine: :func:`generator.delivery.cache.unchanged`)."""
    from generator.delivery.cache import unchanged

    state = unchanged(root, slug, (out or root / "out") / slug, {"embargo": embargo})
    if state is None:
        return False
    drafts = [
        (e["name"], e["folder"].rsplit("/", 1)[-1], e["explain"]) for e in state.drafts.values()
    ]
    echo_build(state.summary, drafts, state.chance, explain=explain)
    return True


@main.command("show")
@click.argument("slug")
@story_option()
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

    built = built_file(root, one_story(root, story), slug, fmt)
    if built is not None:
        click.echo(built, nl=False)
        return
    from generator.drafts.jobs import render_place

    prepared = prepare_story(ctx, story)
    place = prepared.dataset.places.by_slug(slug)
    files, _ = render_place(prepared, place.slug)
    name = "facts.json" if fmt == "json" else f"{prepared.story.outputs[0].name}.{fmt}"
    click.echo(files[name], nl=False)


@main.command("list")
@story_option()
@json_option("Every place")
@click.pass_context
@friendly
def list_command(ctx: click.Context, story: str | None, as_json: bool) -> None:
    """List the places of a story: each one's lead in words and every flag an editor must
    check (illustrative figures, awaiting response, missing figures, no data row)."""
    from generator.drafts.listing import listing, listing_text

    found = listing(prepare_story(ctx, story))
    if as_json:
        print_json(found)
        return
    click.echo(listing_text(found), nl=False)


@main.command("snippets")
@click.option(
    "--station", metavar="NAME", help='A station by name or slug, e.g. "BBC Radio Leicester".'
)
@place_option("One place's scripts (e.g. hampshire).")
@old_force("old_place", "--place")
@click.option("--seconds", type=click.Choice(["20", "40"]), help="Only scripts of this length.")
@json_option("The scripts and their warnings")
@story_option()
@click.pass_context
@friendly
def snippets_command(
    ctx: click.Context,
    station: str | None,
    place: str | None,
    old_place: str | None,
    seconds: str | None,
    as_json: bool,
    story: str | None,
) -> None:
    """Print radio scripts ready to read: a cue and a copy at 20 and 40 seconds, under the
    same warnings as the script files (embargo, illustrative figures, responses awaited)."""
    place = either(place, old_place, "--place")
    if (station is None) == (place is None):
        raise click.UsageError("give --station NAME or --place SLUG")
    from generator.drafts.radio_jobs import scripts_for

    prepared = prepare_story(ctx, story)
    found = scripts_for(prepared, station=station, place=place)
    length = int(seconds) if seconds else None
    if as_json:
        print_json({"story": prepared.story.slug, **found.as_dict(length)})
        return
    click.echo(found.text(length))


@main.command("diff")
@click.argument("old", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.argument("new", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--since", is_flag=True, help="Compare the latest build with the one before it.")
@story_option()
@out_option()
@json_option("The changes")
@click.pass_context
@friendly
def diff_command(
    ctx: click.Context,
    old: Path | None,
    new: Path | None,
    since: bool,
    story: str | None,
    out: Path | None,
    as_json: bool,
) -> None:
    """Which drafts changed between two builds OLD and NEW, sentence by sentence (or
    --since the previous build), for a correction note to partners, and every pack whose
    files changed, to send again."""
    from generator.delivery.diff import as_dict, compare, report

    old, new = builds_to_compare(_root(ctx), old, new, since, story, out)
    found = compare(old, new)
    if as_json:
        print_json(as_dict(found, str(old), str(new)))
        return
    click.echo(report(found, str(old), str(new)), nl=False)


@main.command("release")
@old_story_argument
@story_option()
@click.option(
    "--before-embargo", is_flag=True, help="Send the packs before the embargo lifts (under it)."
)
@old_force("old_force", "--before-embargo", is_flag=True)
@click.option(
    "--include-flagged",
    is_flag=True,
    help="Also send packs holding drafts with illustrative figures or awaiting a response.",
)
@click.option("--dry-run", is_flag=True, help="Only list what would go to each partner.")
@json_option("What was sent and held")
@click.option(
    "--outbox",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where packs are delivered (default: outbox/ in the project).",
)
@out_option()
@click.pass_context
@friendly
def release_command(
    ctx: click.Context,
    story_arg: str | None,
    story: str | None,
    before_embargo: bool,
    old_force: bool,
    include_flagged: bool,
    dry_run: bool,
    as_json: bool,
    outbox: Path | None,
    out: Path | None,
) -> None:
    """Deliver each partner's pack of the story's latest build to the outbox. Refuses before
    the embargo unless --before-embargo, and refuses packs holding flagged drafts (illustrative
    figures, awaiting a response) unless --include-flagged; --dry-run lists what would go."""
    from generator.delivery.release import plan_text, release

    root = _root(ctx)
    plan = release(
        root,
        build_dir_of(root, either(story, story_arg, "the story"), out),
        outbox or root / "outbox",
        before_embargo=before_embargo or old_force,
        include_flagged=include_flagged,
        dry_run=dry_run,
    )
    if as_json:
        print_json(plan)
        return
    click.echo(plan_text(plan), nl=False)


@main.command("new")
@click.argument("story")
@click.option(
    "--places",
    metavar="FILE",
    default=DEFAULT_PLACES,
    show_default=True,
    help="The places file (from the project folder): one draft for each of its rows.",
)
@click.option(
    "--unit",
    metavar="WORD",
    default=DEFAULT_UNIT,
    show_default=True,
    help='What one place is, e.g. "council".',
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
    click.echo(f"Next: drafts {where}build --story {story}    (then see docs/writing-a-story.md)")


@main.command("serve")
@story_option()
@out_option("Where to build: DIR/<story>/ (default: out/ in the project).")
@click.option(
    "--host", metavar="ADDRESS", default="127.0.0.1", show_default=True, help="Address to serve on."
)
@click.option(
    "--port",
    metavar="PORT",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to serve on.",
)
@click.option(
    "--allow-host",
    "names",
    metavar="NAME",
    multiple=True,
    help="With --host: a name other machines reach this one by (repeat for more).",
)
@click.pass_context
@friendly
def serve_command(
    ctx: click.Context,
    story: str | None,
    out: Path | None,
    host: str,
    port: int,
    names: tuple[str, ...],
) -> None:
    """Preview the story's site while you edit: every saved template, data file or quote
    rebuilds the drafts it affects and the open page reloads, with the changed sentences
    marked. Stop with Ctrl+C."""
    from generator.preview.server import run

    root = _root(ctx)
    run(root, one_story(root, story), out, host, port, names)
