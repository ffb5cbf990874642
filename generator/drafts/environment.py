"""The sandboxed, strict Jinja environment a story's templates run in, and its loader.

Journalists edit templates, so the environment is Jinja's immutable sandbox, narrowed further:
a template reads only data (the fields of the frozen views and mappings of
:mod:`generator.drafts.freeze`, items, and the methods of text, numbers and dates that make new
values) and nothing on any other object, so it cannot reach a file, import, or change what
another draft sees. It is strict (an unknown variable is an error, never an empty string). HTML
gets its own environment with autoescaping; the Markdown one escapes input text
(:func:`generator.base.inert.finalize_markdown`), so data and quotes are inert in both.
Expressions whose result would be huge are refused (:mod:`generator.drafts.bounds`).

Templates load by name from the story's own folder only (``templates/<story>/``), and, with the
``default:`` prefix, from the macros the generator ships (:data:`SHARED`,
``generator/drafts/templates/``), as Datasette layers its templates:
``{% import "default:quotes.j2" as voice with context %}``. A name with ``default:`` reaches
the shipped folder and nothing else; any other name reaches the story's folder and nothing
else (Jinja refuses ``..`` in either). A story that wants its own version of a shared macro
keeps its own file and imports that instead.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import inspect
import re
import types
from collections.abc import Callable, Mapping, Set
from decimal import Decimal
from fractions import Fraction
from numbers import Integral
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.runtime import markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from generator.base import limits as limits_module
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
from generator.drafts.bounds import (
    MAX_DIGITS,
    SIZED_FILTERS,
    SIZED_TEXT_METHODS,
    Bound,
    check_format,
    check_percent,
    check_sized,
    digits_of,
    size_of,
    sized_filter,
    too_large,
)
from generator.drafts.compiled import compiled_templates
from generator.drafts.freeze import View
from generator.language.filters import FILTERS
from generator.language.variety import pick

SIGNED = ("percent", "proportion", "rate")


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


# A template's tags, comments and raw blocks, found in order so that text inside one is never
# read as the start of a line. A block tag's first word and the sign before its "%}".
_SPANS = re.compile(
    r"\{%[-+]?\s*raw\s*[-+]?%\}.*?\{%[-+]?\s*endraw\s*[-+]?%\}"
    r"|\{#.*?#\}"
    r"|\{%[-+]?\s*(?P<word>\w*).*?(?P<sign>[-+]?)%\}"
    r"|\{\{.*?\}\}",
    re.DOTALL,
)
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")
"""A Markdown list item: "- ", "* ", "+ ", "1. " or "1) " after any indentation."""


def keep_item_breaks(source: str) -> str:
    """``source`` with the line break kept after an end tag (``{% endif %}``,
    ``{% endfor %}``...) that closes a Markdown list item written as text.

    The environment drops the line break after every block tag (``trim_blocks``), so that
    lines holding only tags leave nothing behind. A list item that ends in a tag would lose its
    break and run into the next item::

        - Rate: {{ rate }}{% if caution %}, with caution{% endif %}
        - Rank: {{ rank }}

    Such a tag gets Jinja's ``+%}``, which keeps the break, unless it already has a sign
    (``-%}`` strips it on purpose). Other lines are unchanged, so templates that rely on the
    trim inside a sentence or a macro write the same bytes."""
    spans = list(_SPANS.finditer(source))
    starts = [m.start() for m in spans]
    keep: list[int] = []
    for m in spans:
        word = m["word"]
        if not word or not word.startswith("end") or m["sign"]:
            continue
        if not source.startswith(("\n", "\r\n"), m.end()):
            continue
        line = source.rfind("\n", 0, m.start()) + 1
        inside = bisect.bisect_left(starts, line) - 1
        if inside >= 0 and spans[inside].end() > line:
            continue  # the line starts inside a tag or comment, not with text
        if _LIST_ITEM.match(source, line):
            keep.append(m.end() - 2)
    for at in reversed(keep):
        source = f"{source[:at]}+{source[at:]}"
    return source


_PROXY_NAMES = frozenset(dir(MappingProxyType))
"""What ``getattr`` finds on a read-only mapping itself; any other name reads its item."""
_METHOD_TYPES = (types.MethodType, types.BuiltinMethodType)
_CHECKED_TEXT_METHODS = SIZED_TEXT_METHODS | {"replace"}
_ABSENT = object()

_KEPT_ANSWERS = 4096
"""How many (kind, name) answers of :meth:`StoryEnvironment.is_safe_attribute` are kept."""


class StoryEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, reading data only, refusing results past the story's limits."""

    code_generator_class = _BoundedCodeGenerator
    template_class = FreshTemplate
    intercepted_binops = frozenset({"**", "*", "+", "%"})

    def __init__(self, *args: Any, limits: Limits = limits_module.DEFAULT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits
        self._readable: dict[tuple[type, str], bool | None] = {}

    def preprocess(self, source: str, name: str | None = None, filename: str | None = None) -> str:
        """The template's text before Jinja reads it: list items keep their line breaks
        (:func:`keep_item_breaks`)."""
        return super().preprocess(keep_item_breaks(source), name, filename)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Whether a template may read ``obj.attr``: the rules below depend only on the kind
        of ``obj`` and the name, except a view's fields, so the answer is kept for each kind
        and name (``None``: a view, whose own fields are asked)."""
        key = (type(obj), attr)
        try:
            readable = self._readable[key]
        except KeyError:
            readable = self._readable_on(obj, attr, value)
            if len(self._readable) < _KEPT_ANSWERS:
                self._readable[key] = readable
        return attr in obj._values if readable is None else readable

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` in a template: Jinja's sandboxed lookup, answered directly for the
        two kinds nearly every lookup is on, with the same result. A view's public field is
        always readable (:meth:`is_safe_attribute`) and never a ``str.format``; a name a
        read-only mapping does not have as an attribute reads its item, or is undefined."""
        kind = type(obj)
        if kind is MappingProxyType:
            if attribute not in _PROXY_NAMES:
                try:
                    return obj[attribute]
                except (TypeError, LookupError):
                    return self.undefined(obj=obj, name=attribute)
        elif isinstance(obj, View) and not attribute.startswith("_"):
            found = obj._values.get(attribute, _ABSENT)
            if found is not _ABSENT:
                return found
        return super().getattr(obj, attribute)

    def _readable_on(self, obj: Any, attr: str, value: Any) -> bool | None:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, View):
            return None
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
        if isinstance(owner, str) and name in _CHECKED_TEXT_METHODS:
            check_sized(name, owner, args, kwargs, __self.limits.draft_bytes)
        result = super().call(__context, __obj, *args, **kwargs)
        # Text made from input text (translate, format_map, ...) stays input text.
        if type(result) is str and holds_text(owner, *args, *kwargs.values()):
            return Text(result)
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if type(value) not in _METHOD_TYPES:  # Jinja's own test, answered sooner
            return None
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt, limit = value.__self__, self.limits.draft_bytes

        @functools.wraps(wrapped)
        def checked(*args: Any, **kwargs: Any) -> str:
            check_format(fmt, args, kwargs, limit)
            return wrapped(*args, **kwargs)

        return keeps_text(checked)

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        limit = self.limits.draft_bytes
        if operator_ == "**":
            if isinstance(right, Integral) and not isinstance(right, bool):
                digits = digits_of(left) * abs(int(right))
                if digits > MAX_DIGITS:
                    raise Bound(
                        f"{left!r} ** {right!r} would have about {digits:,.0f} digits; a "
                        f"template may work out numbers of up to {MAX_DIGITS:,} digits"
                    )
        elif operator_ == "*":
            for seq, n in ((left, right), (right, left)):
                if size_of(seq) and isinstance(n, Integral) and size_of(seq) * int(n) > limit:
                    raise too_large(f"repeating {type(seq).__name__} {int(n):,} times", limit)
            if digits_of(left) + digits_of(right) > MAX_DIGITS:
                raise Bound(
                    f"the product would have more than {MAX_DIGITS:,} digits; a template may "
                    f"work out numbers of up to {MAX_DIGITS:,} digits"
                )
        elif operator_ == "+":
            if size_of(left) + size_of(right) > limit:
                raise too_large("the joined text or list", limit)
        elif operator_ == "%" and isinstance(left, str):
            check_percent(left, right, limit)
        result = super().call_binop(context, operator_, left, right)
        if type(result) is str and holds_text(left, right):
            return Text(result)
        return result

    def bounded_concat(self, eval_ctx: Any, parts: tuple[Any, ...]) -> str:
        """``a ~ b``: the parts joined as text (Text when any part is, so input text stays
        inert), refused when longer than ``draft_bytes``."""
        limit = self.limits.draft_bytes
        if sum(len(p) if isinstance(p, str) else 0 for p in parts) > limit:
            raise too_large("the joined text", limit)
        return markup_join(parts) if eval_ctx.autoescape else text_join(parts)


SHARED = Path(__file__).parent / "templates"
"""The folder of shared macros a story reaches with the ``default:`` prefix."""
DEFAULT_PREFIX = "default:"


class _OwnLoader(jinja2.FileSystemLoader):
    """The story's own folder, which never answers for a ``default:`` name."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if template.startswith(DEFAULT_PREFIX):
            raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


def story_loader(template_dir: Path) -> jinja2.BaseLoader:
    """The story's own templates by name, and the shipped ones (:data:`SHARED`) by
    ``default:<name>``; neither reaches past its folder."""
    shared = jinja2.PrefixLoader(
        {DEFAULT_PREFIX.rstrip(":"): jinja2.FileSystemLoader(str(SHARED))}, delimiter=":"
    )
    return jinja2.ChoiceLoader([shared, _OwnLoader(str(template_dir))])


def shared_templates() -> list[str]:
    """The shipped templates' names as a story imports them: ``default:quotes.j2``..."""
    return sorted(DEFAULT_PREFIX + p.name for p in SHARED.glob("*.j2"))


def environment(
    template_dir: Path, *, html: bool = False, limits: Limits = limits_module.DEFAULT
) -> SandboxedEnvironment:
    """A sandboxed, strict environment over ``template_dir`` with the house-style filters."""
    env = StoryEnvironment(
        loader=story_loader(template_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=html,
        finalize=finalize_html if html else finalize_markdown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build renders from a snapshot of its inputs, which never changes
        limits=limits,
    )
    for name in SIZED_FILTERS:
        env.filters[name] = sized_filter(name, env.filters[name], limits.draft_bytes)
    env.filters.update(text_filters(env.filters, html=html))  # input text stays inert
    env.filters.update(FILTERS)
    for name in SIGNED:
        env.filters[name] = _signed(FILTERS[name])
    env.filters["pick"] = pick  # reads the draft's ``variant``: see generator/language/variety.py
    env.bytecode_cache = compiled_templates(env, template_dir.name, SHARED, [Path(__file__)])
    return env
