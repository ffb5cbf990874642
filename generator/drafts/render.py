"""Render a story's templates in a strict, sandboxed Jinja environment, within bounds.

Journalists edit templates, so the environment is Jinja's immutable sandbox, narrowed further:
a template reads only data (the fields of the frozen views and mappings of
:mod:`drafts.freeze`, items, and the methods of text, numbers and dates that make new values)
and nothing on any other object, so it cannot reach a file, import, or change what another
draft sees. It is strict (an unknown variable is an error, never an empty string). HTML gets
its own environment with autoescaping; the Markdown one escapes input text
(:func:`generator.base.inert.finalize_markdown`), so data and quotes are inert in both.

Work is bounded by the story's ``limits`` (:mod:`generator.base.limits`): a render that takes longer
than ``render_seconds`` or writes more than ``draft_bytes`` stops with an error naming the
template and the limit, and an expression whose result would be huge (``10 ** (10 ** 10)``,
``'x' * 10 ** 9``) is refused before it is worked out. Errors name the template file and line.
Runs of blank lines in the output collapse to one, so templates may end every paragraph with a
blank line without counting them.
"""

from __future__ import annotations

import datetime
import functools
import inspect
import math
import re
import signal
import string
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Set
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from numbers import Integral, Rational
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.runtime import markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from generator.base import limits as limits_module
from generator.base.errors import CheckFailed, DraftsError, TemplateFailure
from generator.base.inert import (
    Text,
    finalize_html,
    finalize_markdown,
    holds_text,
    keeps_text,
    text_filters,
    text_join,
)
from generator.base.limits import Limits
from generator.drafts.freeze import View
from generator.language.filters import FILTERS
from generator.language.variety import pick

SIGNED = ("percent", "proportion", "rate")
BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def _signed(func: Callable[..., str]) -> Callable[..., str]:
    """Give a percentage filter the draft's house-style sign unless the template names one."""

    at = list(inspect.signature(func).parameters).index("sign")

    @jinja2.pass_context
    def wrapper(context: jinja2.runtime.Context, *args: Any, **kwargs: Any) -> str:
        if "sign" not in kwargs and len(args) <= at:
            style = context.get("style")
            kwargs["sign"] = getattr(style, "sign", "per cent")
        return func(*args, **kwargs)

    wrapper.__doc__ = func.__doc__
    return wrapper


MAX_DIGITS = 10_000
"""The most digits a number worked out in a template may have."""

# What a template may read on each kind of value besides a view's fields and a mapping's items.
MAPPING_METHODS = frozenset({"get", "items", "keys", "values"})
SEQUENCE_METHODS = frozenset({"count", "index"})
SET_METHODS = frozenset(
    {"difference", "intersection", "isdisjoint", "issubset", "issuperset", "union"}
    | {"symmetric_difference"}
)
TEXT_METHODS = frozenset(n for n in dir(str) if not n.startswith("_"))
NUMBER_ATTRIBUTES = frozenset(
    {"numerator", "denominator", "real", "imag", "is_integer", "bit_length"}
)
DATE_ATTRIBUTES = frozenset(
    {"year", "month", "day", "hour", "minute", "second", "microsecond", "weekday"}
    | {"isoweekday", "isoformat", "strftime", "date", "days", "seconds"}
)
# Jinja's own objects (loop, macros, imported templates, namespace(), cycler(), joiner(), self,
# super()): their public attributes are the template language.
JINJA_OBJECTS = (
    jinja2.runtime.LoopContext,
    jinja2.runtime.Macro,
    jinja2.runtime.Undefined,
    jinja2.runtime.BlockReference,
    jinja2.runtime.TemplateReference,
    jinja2.environment.TemplateModule,
    jinja2.utils.Namespace,
    jinja2.utils.Cycler,
    jinja2.utils.Joiner,
)
# str methods and filters whose whole-number arguments size their result.
SIZED_TEXT_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
SIZED_FILTERS = ("center", "indent", "batch", "format", "replace", "join", "sum")
# Methods that would change data: named in the error when a template tries one.
MUTATORS = frozenset(
    {"append", "clear", "extend", "insert", "pop", "popitem", "remove", "setdefault", "update"}
    | {"add", "discard", "sort", "reverse", "__setitem__", "__delitem__", "__setattr__"}
)
CHANGE = re.compile(r"has no attribute '([^']+)'$")
READ_ONLY_NAMES = {"'mappingproxy object'": "a read-only mapping", "'tuple object'": "a tuple"}
PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


class Bound(Exception):
    """A template went past a limit: ``key`` is the ``limits:`` setting that raises it (or
    ``None`` for a fixed bound)."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


def _size(value: Any) -> int:
    """The length of a text or sequence, or 0 for anything else."""
    return len(value) if isinstance(value, str | tuple | list) else 0


def _digits(value: Any) -> float:
    """About how many decimal digits a whole or rational number has."""
    if isinstance(value, bool) or not isinstance(value, Rational):
        return 0.0
    big = max(abs(int(value.numerator)), abs(int(value.denominator)), 1)
    return math.log10(big)


def _big_int(value: Any, limit: int) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool) and abs(value) > limit


def _too_large(what: str, limit: int) -> Bound:
    return Bound(f"{what} would be longer than the limit of {limit:,} bytes", "draft_bytes")


def _check_format(fmt: str, args: tuple[Any, ...], kwargs: Mapping[str, Any], limit: int) -> None:
    """Refuse a ``str.format`` string whose widths or precisions would make huge text."""
    nested = False
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # the format call itself reports the bad string
    for _, _, spec, _ in parsed:
        spec = spec or ""
        nested = nested or "{" in spec
        if any(int(n) > limit for n in re.findall(r"\d+", spec)):
            raise _too_large("the formatted text", limit)
    if nested and any(_big_int(v, limit) for v in (*args, *kwargs.values())):
        raise _too_large("the formatted text", limit)


def _check_percent(fmt: str, values: Any, limit: int) -> None:
    """Refuse a ``%`` format whose widths or precisions would make huge text."""
    starred = False
    for match in PERCENT_SPEC.finditer(fmt):
        for part in match.groups():
            if part == "*":
                starred = True
            elif part and int(part) > limit:
                raise _too_large("the formatted text", limit)
    items = values if isinstance(values, tuple) else (values,)
    if starred and any(_big_int(v, limit) for v in items):
        raise _too_large("the formatted text", limit)


def _check_sized(
    name: str, target: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], limit: int
) -> None:
    """Refuse a text method or filter (``center``, ``replace``...) whose result would be huge."""
    if name == "replace":
        if len(args) >= 2 and isinstance(target, str) and all(isinstance(a, str) for a in args[:2]):
            old, new = args[0], args[1]
            grows = len(new) - len(old)
            if grows > 0:
                times = target.count(old) if old else len(target) + 1
                if len(target) + times * grows > limit:
                    raise _too_large(f"replace({old!r}, ...)", limit)
        return
    if name == "format" and isinstance(target, str):
        _check_percent(target, kwargs or args, limit)
        return
    if name in ("join", "sum"):
        # Sized before the work: a list of long texts or of long lists joined or added up.
        if isinstance(target, tuple | list):
            glue = args[0] if name == "join" and args and isinstance(args[0], str) else ""
            total = sum(_size(item) or len(str(item)) for item in target[: limit + 1])
            if total + len(glue) * len(target) > limit:
                raise _too_large(f"the {name} of {len(target):,} items", limit)
        return
    if name == "indent" and isinstance(target, str):
        width = args[0] if args else kwargs.get("width", 4)
        if isinstance(width, Integral) and not isinstance(width, bool):
            if len(target) + int(width) * (target.count("\n") + 1) > limit:
                raise _too_large("the indented text", limit)
            return
    if any(_big_int(v, limit) for v in (*args, *kwargs.values())):
        raise _too_large(f"{name}(...)", limit)


def _sized_filter(name: str, func: Callable[..., Any], limit: int) -> Callable[..., Any]:
    passes = getattr(func, "jinja_pass_arg", None)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        at = 1 if passes is not None else 0
        if len(args) > at:
            _check_sized(name, args[at], args[at + 1 :], kwargs, limit)
        return func(*args, **kwargs)

    return wrapper


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` to a join that first checks the size of the result."""

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat(context.eval_ctx, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class FreshTemplate(jinja2.Template):
    """A template whose module, when another template imports it, is made anew each time:
    Jinja keeps one module per template otherwise, so a ``namespace`` set up in an imported
    file would carry one draft's values into the next."""

    def _get_default_module(self, ctx: Any = None) -> Any:
        if ctx is not None:
            keys = ctx.globals_keys - self.globals.keys()
            return self.make_module({k: ctx.parent[k] for k in keys})
        return self.make_module()


class StoryEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, reading data only, refusing results past the story's limits."""

    code_generator_class = _BoundedCodeGenerator
    template_class = FreshTemplate
    intercepted_binops = frozenset({"**", "*", "+", "%"})

    def __init__(self, *args: Any, limits: Limits = limits_module.DEFAULT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, View):
            return attr in obj._values
        if isinstance(obj, str):
            return attr in TEXT_METHODS
        if isinstance(obj, Mapping | MappingProxyType):
            return attr in MAPPING_METHODS
        if isinstance(obj, tuple | list):
            return attr in SEQUENCE_METHODS
        if isinstance(obj, Set):
            return attr in SET_METHODS
        if isinstance(obj, datetime.date | datetime.time | datetime.timedelta):
            return attr in DATE_ATTRIBUTES
        if isinstance(obj, int | float | Fraction | Decimal):
            return attr in NUMBER_ATTRIBUTES
        return isinstance(obj, JINJA_OBJECTS)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        name = getattr(__obj, "__name__", "")
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and name in SIZED_TEXT_METHODS | {"replace"}:
            _check_sized(name, owner, args, kwargs, __self.limits.draft_bytes)
        result = super().call(__context, __obj, *args, **kwargs)
        # Text made from input text (translate, format_map, ...) stays input text.
        if type(result) is str and holds_text(owner, *args, *kwargs.values()):
            return Text(result)
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt, limit = value.__self__, self.limits.draft_bytes

        @functools.wraps(wrapped)
        def checked(*args: Any, **kwargs: Any) -> str:
            _check_format(fmt, args, kwargs, limit)
            return wrapped(*args, **kwargs)

        return keeps_text(checked)

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        limit = self.limits.draft_bytes
        if operator_ == "**":
            if isinstance(right, Integral) and not isinstance(right, bool):
                digits = _digits(left) * abs(int(right))
                if digits > MAX_DIGITS:
                    raise Bound(
                        f"{left!r} ** {right!r} would have about {digits:,.0f} digits; a "
                        f"template may work out numbers of up to {MAX_DIGITS:,} digits"
                    )
        elif operator_ == "*":
            for seq, n in ((left, right), (right, left)):
                if _size(seq) and isinstance(n, Integral) and _size(seq) * int(n) > limit:
                    raise _too_large(f"repeating {type(seq).__name__} {int(n):,} times", limit)
            if _digits(left) + _digits(right) > MAX_DIGITS:
                raise Bound(
                    f"the product would have more than {MAX_DIGITS:,} digits; a template may "
                    f"work out numbers of up to {MAX_DIGITS:,} digits"
                )
        elif operator_ == "+":
            if _size(left) + _size(right) > limit:
                raise _too_large("the joined text or list", limit)
        elif operator_ == "%" and isinstance(left, str):
            _check_percent(left, right, limit)
        result = super().call_binop(context, operator_, left, right)
        if type(result) is str and holds_text(left, right):
            return Text(result)
        return result

    def bounded_concat(self, eval_ctx: Any, parts: tuple[Any, ...]) -> str:
        """``a ~ b``: the parts joined as text (Text when any part is, so input text stays
        inert), refused when longer than ``draft_bytes``."""
        limit = self.limits.draft_bytes
        if sum(len(p) if isinstance(p, str) else 0 for p in parts) > limit:
            raise _too_large("the joined text", limit)
        return markup_join(parts) if eval_ctx.autoescape else text_join(parts)


def environment(
    template_dir: Path, *, html: bool = False, limits: Limits = limits_module.DEFAULT
) -> SandboxedEnvironment:
    """A sandboxed, strict environment over ``template_dir`` with the house-style filters."""
    env = StoryEnvironment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=html,
        finalize=finalize_html if html else finalize_markdown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        limits=limits,
    )
    for name in SIZED_FILTERS:
        env.filters[name] = _sized_filter(name, env.filters[name], limits.draft_bytes)
    env.filters.update(text_filters(env.filters, html=html))  # input text stays inert
    env.filters.update(FILTERS)
    for name in SIGNED:
        env.filters[name] = _signed(FILTERS[name])
    env.filters["pick"] = pick  # reads the draft's ``variant``: see generator/language/variety.py
    return env


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
    previous = signal.signal(signal.SIGALRM, ring)
    earlier, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
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
    shown = Path(name).name
    return f"templates/{template_dir.name}/{shown}" + (f", line {lineno}" if lineno else "")


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
        size = 0
        with _deadline(seconds):
            for piece in template.generate(variables):
                size += len(piece) if piece.isascii() else len(piece.encode("utf-8", "replace"))
                if size > most:
                    raise Bound(
                        f"the draft is longer than the limit of {most:,} bytes", "draft_bytes"
                    )
                if time.monotonic() > deadline:
                    raise _Timeout
                pieces.append(piece)
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
            raise TemplateFailure(
                f"{where}: template {err.name!r} not found. A template may only include or "
                f"import templates in templates/{self.template_dir.name}/"
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
