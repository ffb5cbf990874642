"""Render a story's templates within bounds, and turn whatever goes wrong into an error that
names the template file and line.

The templates run in the sandboxed, strict environment of :mod:`generator.drafts.environment`
(the story's own folder, and the shared macros by ``default:<name>``). Work is bounded by the
story's ``limits`` (:mod:`generator.base.limits`): a render that takes longer than
``render_seconds`` or writes more than ``draft_bytes`` stops with an error naming the template
and the limit, and an expression whose result would be huge (``10 ** (10 ** 10)``,
``'x' * 10 ** 9``) is refused before it is worked out (:mod:`generator.drafts.bounds`). Runs of
blank lines in the output collapse to one, so templates may end every paragraph with a blank
line without counting them.
"""

from __future__ import annotations

import importlib
import re
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2

from generator.base import limits as limits_module
from generator.base.errors import CheckFailed, DraftsError, TemplateFailure
from generator.base.limits import Limits
from generator.drafts.bounds import Bound
from generator.drafts.environment import DEFAULT_PREFIX, SHARED, environment, shared_templates

BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")

# Methods that would change data: named in the error when a template tries one.
MUTATORS = frozenset(
    {"append", "clear", "extend", "insert", "pop", "popitem", "remove", "setdefault", "update"}
    | {"add", "discard", "sort", "reverse", "__setitem__", "__delitem__", "__setattr__"}
)
CHANGE = re.compile(r"has no attribute '([^']+)'$")
READ_ONLY_NAMES = {"'mappingproxy object'": "a read-only mapping", "'tuple object'": "a tuple"}


_ALARM = int(signal.SIGALRM) if hasattr(signal, "SIGALRM") else 0
_set_handler: Callable[[int, Any], Any] = importlib.import_module("_signal").signal
"""``signal.signal`` without its conversion of handlers to and from enums, which cost more
than the rest of a deadline (a draft sets some twenty: each render and each format)."""


class _Timeout(Exception):
    """Raised inside a render when its time is up."""


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`_Timeout` in the render after ``seconds``, by SIGALRM when this is the main
    thread (restoring any earlier handler and timer afterwards); other threads rely on the
    check between generated chunks."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    armed = True

    def ring(signum: int, frame: Any) -> None:
        if armed:
            raise _Timeout

    started = time.monotonic()
    previous = _set_handler(_ALARM, ring)
    earlier, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        _set_handler(_ALARM, previous)
        if earlier:
            left = max(earlier - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, interval)


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Bound work after the render (turning a draft into HTML or Word) by the same
    ``render_seconds``: past it, a :class:`~generator.base.errors.CheckFailed` naming ``what``."""
    try:
        with _deadline(seconds):
            yield
    except _Timeout:
        raise CheckFailed(
            f"{what}: took longer than the limit of {seconds:g} "
            f"second{'' if seconds == 1 else 's'} (render_seconds) to write. Look for a very "
            "long run of punctuation in the data or quotes this draft uses; or raise "
            "'limits: render_seconds' in the story's story.yaml"
        ) from None


def _location(err: BaseException, template_dir: Path, *, own: bool = True) -> str:
    """``templates/<story>/<file>, line N`` for an error; ``own=False`` ignores the error's
    own file name (a missing template's name is the one asked for, not where it was asked)."""
    lineno = getattr(err, "lineno", None) if own else None
    name = (getattr(err, "filename", None) or getattr(err, "name", None)) if own else None
    if lineno is None:
        for frame in reversed(traceback.extract_tb(err.__traceback__)):
            if frame.filename.endswith(".j2") or frame.filename.startswith(str(template_dir)):
                name, lineno = frame.filename, frame.lineno
                break
    if name is None:
        return "template"
    line = f", line {lineno}" if lineno else ""
    shown = Path(name).name
    if name.startswith(DEFAULT_PREFIX) or Path(name).parent == SHARED:
        shown = shown.removeprefix(DEFAULT_PREFIX)
        return f"{DEFAULT_PREFIX}{shown} (generator/drafts/templates/{shown}){line}"
    return f"templates/{template_dir.name}/{shown}{line}"


class Renderer:
    """Renders one story's templates within ``limits``; ``render(name, variables, html=...)``
    returns text."""

    def __init__(self, template_dir: Path, limits: Limits = limits_module.DEFAULT) -> None:
        self.template_dir = template_dir
        self.limits = limits
        self.envs = {
            html: environment(template_dir, html=html, limits=limits) for html in (False, True)
        }

    def _generate(self, name: str, variables: Mapping[str, Any], html: bool) -> str:
        """The template's text, produced piece by piece within the time and size limits."""
        template = self.envs[html].get_template(name)
        seconds, most = self.limits.render_seconds, self.limits.draft_bytes
        deadline = time.monotonic() + seconds
        pieces: list[str] = []
        append, monotonic = pieces.append, time.monotonic
        size = 0
        with _deadline(seconds):
            for piece in template.generate(variables):
                size += len(piece) if piece.isascii() else len(piece.encode("utf-8", "replace"))
                if size > most:
                    raise Bound(
                        f"the draft is longer than the limit of {most:,} bytes", "draft_bytes"
                    )
                if monotonic() > deadline:
                    raise _Timeout
                append(piece)
        return "".join(pieces)

    def _limit_hint(self, key: str | None) -> str:
        if key is None:
            return "Simplify the expression"
        return (
            f"Simplify the template, or raise 'limits: {key}' in "
            f"templates/{self.template_dir.name}/story.yaml"
        )

    def render(self, name: str, variables: Mapping[str, Any], *, html: bool = False) -> str:
        try:
            text = self._generate(name, variables, html)
            text.encode("utf-8")  # a lone surrogate ('\ud800') cannot be written
            return BLANK_RUNS.sub("\n\n", text).strip() + "\n"
        except _Timeout as err:
            where = _location(err, self.template_dir)
            if where == "template":
                where = f"templates/{self.template_dir.name}/{name}"
            seconds = self.limits.render_seconds
            raise TemplateFailure(
                f"{where}: the render took longer than the limit of {seconds:g} "
                f"second{'' if seconds == 1 else 's'} "
                "(render_seconds). Look for a loop that runs too many times; or raise "
                f"'limits: render_seconds' in templates/{self.template_dir.name}/story.yaml"
            ) from None
        except Bound as err:
            where = _location(err, self.template_dir)
            if where == "template":
                where = f"templates/{self.template_dir.name}/{name}"
            key = f" ({err.key})" if err.key else ""
            raise TemplateFailure(f"{where}: {err}{key}. {self._limit_hint(err.key)}") from None
        except jinja2.TemplateSyntaxError as err:
            raise TemplateFailure(
                f"{_location(err, self.template_dir)}: {err.message}. Fix the tag at that line"
            ) from None
        except jinja2.UndefinedError as err:
            message = str(err.message)
            for raw, shown in READ_ONLY_NAMES.items():
                message = message.replace(raw, shown)
            change = CHANGE.search(message)
            hint = (
                "Templates read the data; they cannot change it"
                if change and change[1] in MUTATORS
                else "Use a variable listed in generator/drafts/context.py"
            )
            raise TemplateFailure(
                f"{_location(err, self.template_dir)}: {message}. {hint}"
            ) from None
        except jinja2.exceptions.SecurityError as err:
            raise TemplateFailure(
                f"{_location(err, self.template_dir)}: not allowed in a template ({err})"
            ) from None
        except jinja2.TemplateNotFound as err:
            where = f"templates/{self.template_dir.name}"
            if err.name != name:
                where = _location(err, self.template_dir, own=False)
            if str(err.name).startswith(DEFAULT_PREFIX):
                raise TemplateFailure(
                    f"{where}: template {err.name!r} not found. The shared templates are "
                    f"{', '.join(shared_templates())} (in generator/drafts/templates/)"
                ) from None
            raise TemplateFailure(
                f"{where}: template {err.name!r} not found. A template may only include or "
                f"import templates in templates/{self.template_dir.name}/, and the shared "
                f"ones with {DEFAULT_PREFIX!r} ({', '.join(shared_templates())})"
            ) from None
        except DraftsError:
            raise
        except UnicodeEncodeError as err:
            bad = err.object[err.start : err.end].encode("unicode_escape").decode()
            raise TemplateFailure(
                f"templates/{self.template_dir.name}/{name}: the draft has a character that "
                f"cannot be written ({bad}). Check the template's text and the quotes it uses"
            ) from None
        except RecursionError:
            raise TemplateFailure(
                f"templates/{self.template_dir.name}/{name}: the template calls or "
                "includes itself without end, or nests too deeply"
            ) from None
        except Exception as err:  # anything else a template expression can raise
            raise TemplateFailure(
                f"{_location(err, self.template_dir)}: {type(err).__name__}: {err}. "
                "Check the expression at that line"
            ) from None
