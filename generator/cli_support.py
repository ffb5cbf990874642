"""What every ``drafts`` command shares: library errors turned into one line
(:func:`friendly`), the build's progress bar, the ``--story`` option and the story it
defaults to (``drafts.toml``, or the only story), ``--json``, and old option spellings kept,
hidden, with a note of their new names.

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
    from generator.pipeline import Progress


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


class HiddenArgument(click.Argument):
    """A positional argument kept for old command lines, left out of the usage line."""

    def get_usage_pieces(self, ctx: click.Context) -> list[str]:
        return []


def renamed(old: str, new: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A hidden old option's callback: when given, say on stderr what it is now called."""

    def note(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value:
            click.echo(f"Warning: {old} is now {new}; {old} will be removed.", err=True)
        return value

    return note


def either(new: Any, old: Any, name: str) -> Any:
    """The new option's value, or the old spelling's when only that was given."""
    if new and old and new != old:
        raise click.UsageError(f"{name} was given twice with different values")
    return new or old


STORY_HELP = "The story (default: story in drafts.toml, or the only story)."


def story_option(help: str = STORY_HELP) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--story", metavar="SLUG", help=help)


def json_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--json", "as_json", is_flag=True, help=f"{what} as JSON (keys: docs/commands.md)."
    )


def print_json(payload: Any) -> None:
    click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
