"""What every ``drafts`` command shares: library errors turned into one line, or one JSON
object under ``--json`` (:func:`friendly`), the build's progress bar, the ``--story`` and
``--out`` options and the story and build folder they default to (``drafts.toml``, or the only
story; ``out/``), ``--json``, and old spellings kept, hidden, with a note of their new names.

Imported by :mod:`generator.cli` at start-up, so it loads nothing heavy: the machinery a
command needs is imported when it runs.
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

from generator.base.errors import DraftsError
from generator.base.faults import fault_message

if TYPE_CHECKING:
    from generator.drafts.prepared import Prepared
    from generator.pipeline import Progress


def friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a library error, or a fault of the machine (disk full, read-only folder, out of
    memory, a number too large), into one line ``Error: ...`` on stderr, or under ``--json``
    the object ``{"error": "..."}`` on stdout, and exit status 1, no traceback."""
    keeps_build = func.__name__ == "build_command"  # a failed build leaves the last one

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DraftsError as err:
            message = str(err)
        except (OSError, MemoryError, RecursionError, OverflowError, ValueError) as err:
            found = fault_message(err)
            if found is None:
                raise
            message = found + ("; the last build is unchanged" if keeps_build else "")
        if kwargs.get("as_json"):
            print_json({"error": message})
        else:
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


def one_story(root: Path, story: str | None) -> str:
    """The story named, else the default: ``story`` in ``drafts.toml``, or the only story."""
    from generator.base.names import story_slugs
    from generator.inputs.project import default_story

    if story:
        return story
    chosen = default_story(root)
    if chosen is not None:
        return chosen
    stories = story_slugs(root)
    raise click.UsageError(
        f"name a story with --story: {', '.join(stories) or 'none found under templates/'} "
        '(or set story = "..." in drafts.toml)'
    )


def stories_to_build(root: Path, story: str | None, only: str | None) -> list[str]:
    """What ``drafts build`` builds: the story named, else the one in ``drafts.toml``, else
    every story; with ``--place`` and no story, each story having that place."""
    from generator.base.names import story_slugs
    from generator.inputs.places import Places
    from generator.inputs.project import read_project
    from generator.inputs.story import load_story

    story = story or read_project(root).story
    slugs = [story] if story else story_slugs(root)
    if not slugs:
        raise click.UsageError(f"no stories under {root / 'templates'}; check --root")
    if story or not only:
        return slugs
    found = [
        s
        for s in slugs
        if any(p.slug == only for p in Places.load(load_story(root, s).places_path))
    ]
    if not found:
        raise click.UsageError(f"no story has a place with slug {only!r}; name a story")
    return found


def echo_build(
    summary: str, drafts: list[tuple[str, str, str]], chance: list[str], *, explain: bool
) -> None:
    """Print a build's summary, after each draft's (name, slug, why its lead won) and the
    notes on chance when ``explain``."""
    if explain:
        for name, slug, why in drafts:
            click.echo(f"{name} ({slug})\n  {why}")
        for note in chance:
            click.echo(note)
    click.echo(summary)


def prepare_story(ctx: click.Context, story: str | None) -> Prepared:
    """The story loaded from a snapshot of its inputs (as a build reads them: no link out of
    the project is followed), kept until the command ends."""
    from generator.drafts.prepared import prepare
    from generator.inputs.snapshot import snapshot

    root = ctx.obj["root"]
    slug = one_story(root, story)
    snap = ctx.with_resource(snapshot(root, slug))
    return prepare(snap.root, slug)


def builds_to_compare(
    root: Path, old: Path | None, new: Path | None, since: bool, story: str | None, out: Path | None
) -> tuple[Path, Path]:
    """The two builds ``drafts diff`` compares: OLD and NEW, or with ``--since`` the story's
    build and the one before it."""
    from generator.delivery.outdir import previous_of

    if since == (old is not None):
        raise click.UsageError("give two build folders OLD NEW, or --since")
    if not since:
        if old is None or new is None:
            raise click.UsageError("give two build folders OLD NEW")
        return old, new
    new = build_dir_of(root, story, out)
    if not previous_of(new).exists():
        raise click.UsageError(f"no previous build of {new.name} is kept; build it again first")
    return previous_of(new), new


def build_dir_of(root: Path, story: str | None, out: Path | None) -> Path:
    """The build folder a command reads: ``<out>/<story>/`` (``out/`` in the project)."""
    return (out or root / "out") / one_story(root, story)


class HiddenArgument(click.Argument):
    """A positional argument kept for old command lines, left out of the usage line."""

    def get_usage_pieces(self, ctx: click.Context) -> list[str]:
        return []


def renamed(
    old: str, new: str, gone: str | None = None
) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A hidden old spelling's callback: when given, say on stderr what it is now called
    (``gone``: how the warning names what will be removed, ``old`` unless given)."""

    def note(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value:
            click.echo(f"Warning: {old} is now {new}; {gone or old} will be removed.", err=True)
        return value

    return note


Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

old_story_argument: Decorator = click.argument(
    "story_arg",
    required=False,
    cls=HiddenArgument,
    callback=renamed("the story as an argument", "--story STORY", "the argument"),
)
"""``build`` and ``release`` took the story as their argument; ``--story`` names it now."""


def old_force(name: str, new: str, *, is_flag: bool = False) -> Decorator:
    """The hidden ``--force`` of old command lines, now ``new``."""
    return click.option(
        "--force",
        name,
        is_flag=is_flag,
        metavar=None if is_flag else "SLUG",
        hidden=True,
        callback=renamed("--force", new),
    )


def either(new: Any, old: Any, name: str) -> Any:
    """The new option's value, or the old spelling's when only that was given."""
    if new and old and new != old:
        raise click.UsageError(f"{name} was given twice with different values")
    return new or old


STORY_HELP = "The story (default: story in drafts.toml, or the only story)."


def story_option(help: str = STORY_HELP) -> Decorator:
    return click.option("--story", metavar="SLUG", help=help)


OUT_READ = "The build folder read is DIR/<story>/ (default: out/ in the project)."


def out_option(help: str = OUT_READ) -> Decorator:
    return click.option(
        "--out", metavar="DIR", type=click.Path(file_okay=False, path_type=Path), help=help
    )


def place_option(help: str, name: str = "place") -> Decorator:
    return click.option("--place", name, metavar="SLUG", help=help)


def json_option(what: str) -> Decorator:
    return click.option(
        "--json", "as_json", is_flag=True, help=f"{what} as JSON (keys: docs/commands.md)."
    )


def print_json(payload: Any) -> None:
    click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
