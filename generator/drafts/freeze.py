"""Freeze a template context into plain, immutable data, so a template can read it and nothing else.

Templates are edited by journalists and run on the build machine, so what they see must not be
able to reach a file, run code or change what another draft sees. :func:`freeze` turns the engine's
objects into data:

- a dataclass becomes a read-only :class:`View` of its fields and of its public properties that
  hold plain data (evaluated once); a view of a class using ``ReadsMeasure``
  (:mod:`generator.drafts.context`) also has its measure's fields (``m.plural``);
- a mapping becomes a read-only mapping (:class:`types.MappingProxyType`) of frozen keys and
  values; a list or tuple a tuple; a set a frozenset;
- every string becomes :class:`generator.base.inert.Text`, so input text prints escaped;
- numbers (``int``, ``float``, ``Fraction``, ``Decimal``, ``bool``), ``None`` and dates stay;
- anything else (paths, functions, modules, classes, files, live objects) is left out. A field or
  property declared with such a type (``Story.root: Path``) is engine-only and never read; with
  ``strict=True`` any other value that is not plain data raises :class:`TypeError` naming where
  it was.

The engine keeps the real objects; only templates get frozen ones. One object reached twice in a
context (the story, a place, a measure view in ``measures`` and ``lead.measure``) becomes one view,
so ``is sameas`` in a template means what it meant.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import typing
from collections import OrderedDict
from collections.abc import Mapping, Set
from decimal import Decimal
from fractions import Fraction
from numbers import Integral, Real
from types import MappingProxyType, UnionType
from typing import Any, TypeVar

from generator.base.inert import Text

_T = TypeVar("_T")

PLAIN = (bool, int, float, Fraction, Decimal, datetime.date, datetime.time, datetime.timedelta)
"""Immutable values that stay as they are (``datetime.datetime`` is a ``date``)."""

_DROP = object()


class View:
    """A read-only view of one dataclass instance: its fields and plain properties, frozen.

    Each dataclass gets its own subclass named like it (``generator.inputs.places.Place``), so a
    template's error message names the same class as before."""

    __slots__ = ("_values", "_digest")

    _values: Mapping[str, Any]
    _digest: bytes | None
    """Its digest once :mod:`generator.drafts.digest` has worked it out (a view never
    changes): kept with the view, so it lives exactly as long as the view."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_values", MappingProxyType(values))
        object.__setattr__(self, "_digest", None)

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("_"):
            try:
                return self._values[name]
            except KeyError:
                pass
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values == other._values

    def __hash__(self) -> int:
        return hash((type(self), tuple(self._values.items())))

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self._values.items())
        return f"{type(self).__name__}({shown})"

    def __dir__(self) -> list[str]:
        return list(self._values)


@dataclasses.dataclass(frozen=True)
class _Plan:
    """How to freeze one dataclass: its view class, the fields and properties declared as plain
    data (one declared as a ``Path`` or another live object is engine-only and left out), and
    whether it reads its measure's fields."""

    view: type[View]
    fields: tuple[str, ...]
    properties: tuple[str, ...]
    reads_measure: bool

    @functools.cached_property
    def names(self) -> tuple[str, ...]:
        """Its fields, then its properties: what a view of it holds, in order."""
        return self.fields + self.properties


_PLANS: dict[type, _Plan] = {}


def _plain_type(kind: Any) -> bool:
    """Whether a type annotation promises plain data (``None``, numbers, text, containers,
    dataclasses); a ``Path`` or any other class does not."""
    if kind is None or kind is type(None) or kind is Any:
        return True
    origin = typing.get_origin(kind)
    if origin is typing.Union or origin is UnionType:
        return all(_plain_type(k) for k in typing.get_args(kind))
    if origin is not None:
        return origin in (tuple, list, dict, set, frozenset) or _plain_type(origin)
    return isinstance(kind, type) and (
        issubclass(kind, (*PLAIN, str, tuple, list, dict, set, frozenset))
        or dataclasses.is_dataclass(kind)
    )


def _plan(cls: type) -> _Plan:
    plan = _PLANS.get(cls)
    if plan is not None:
        return plan
    from generator.drafts.context import ReadsMeasure  # context.py imports this module

    properties = []
    for name in dir(cls):
        prop = getattr(cls, name, None)
        if name.startswith("_") or not isinstance(prop, property) or prop.fget is None:
            continue
        try:
            hints = typing.get_type_hints(prop.fget)
        except Exception:  # an annotation that does not resolve: judge by the value alone
            hints = {}
        if _plain_type(hints.get("return", Any)):
            properties.append(name)
    try:
        declared = typing.get_type_hints(cls)
    except Exception:
        declared = {}
    view = type(
        cls.__name__,
        (View,),
        {"__slots__": (), "__module__": cls.__module__, "__qualname__": cls.__qualname__},
    )
    plan = _Plan(
        view,
        tuple(f.name for f in dataclasses.fields(cls) if _plain_type(declared.get(f.name, Any))),
        tuple(properties),
        issubclass(cls, ReadsMeasure),
    )
    _PLANS[cls] = plan
    return plan


class _Shared:
    """Views of frozen dataclass instances (the story, its measures, places, figures, ranks),
    kept across drafts: much of what one draft's context holds, every other draft's holds
    too, and a frozen instance's view never changes. The least recently used are let go
    beyond :data:`SHARED_VIEWS`; each entry keeps its original alive, so its id is not
    reused while it is here. Instances of a class made afresh for each draft
    (:func:`per_draft`) are never kept: no later draft could reach them."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.views: OrderedDict[int, tuple[Any, View]] = OrderedDict()

    def get(self, value: Any) -> View | None:
        found = self.views.get(id(value))
        if found is None:
            return None
        self.views.move_to_end(id(value))
        return found[1]

    def put(self, value: Any, view: View) -> None:
        self.views[id(value)] = (value, view)
        if len(self.views) > self.size:
            self.views.popitem(last=False)


SHARED_VIEWS = 16_384
"""How many views of frozen instances a process keeps for the next drafts. Every draft
reaches the story's own (the story, its measures, units, settings and quotes: a few dozen),
so they stay; the rest are per place (a place, its figures and their cells, ranks, funnel
positions, changes: some fifteen a place), kept for the drafts about several places that
follow soon after, and let go in turn, so they do not pile up with the number of places
(some 12 MB when full)."""
_SHARED = _Shared(SHARED_VIEWS)


# What freezing does to a value, decided by its type once (every test below depends on the type
# alone): keep it, make it Text, an int or a float, a view (of a frozen instance, kept across
# drafts), a mapping, a tuple or a frozenset, or leave it out.
_KEEP, _TEXT, _INT, _REAL, _VIEW, _SHARED_VIEW, _MAP, _SEQ, _SET, _LEAVE = range(10)
_AS_IS = frozenset({type(None), bool, int, float, Text})
"""Types returned as they are, without being remembered."""
_HOW: dict[type, int] = {}
_KEPT_TYPES = 4096
"""How many types' answers :data:`_HOW` keeps."""


def _how(kind: type) -> int:
    if issubclass(kind, str):
        how = _TEXT
    elif issubclass(kind, PLAIN):
        how = _KEEP
    elif issubclass(kind, Integral):  # numpy and other integer types
        how = _INT
    elif issubclass(kind, Real):
        how = _REAL
    elif not issubclass(kind, type) and dataclasses.is_dataclass(kind):
        params = getattr(kind, "__dataclass_params__", None)
        frozen = params is not None and params.frozen and kind not in _PER_DRAFT
        how = _SHARED_VIEW if frozen else _VIEW
    elif issubclass(kind, View):
        how = _KEEP
    elif issubclass(kind, Mapping):
        how = _MAP
    elif issubclass(kind, tuple | list):
        how = _SEQ
    elif issubclass(kind, Set):
        how = _SET
    else:
        how = _LEAVE
    if len(_HOW) < _KEPT_TYPES:
        _HOW[kind] = how
    return how


_PER_DRAFT: set[type] = set()
"""Frozen dataclasses whose instances are made for one draft (:func:`per_draft`)."""


def per_draft(cls: type[_T]) -> type[_T]:
    """Mark ``cls`` (a frozen dataclass) as made afresh for each draft, such as a draft's
    context and its measure views: freezing one makes its own view, not kept for later
    drafts (which never reach the same instance), so it does not hold the instance and its
    view in memory after its draft."""
    _PER_DRAFT.add(cls)
    _HOW.pop(cls, None)
    return cls


class _Freezer:
    """One freeze: with ``strict``, every value's place (``where``) is worked out, to name
    one that is not plain data; without, ``where`` is ``None`` throughout."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        # id -> (original, frozen): the original is kept alive so its id is not reused.
        self.memo: dict[int, tuple[Any, Any]] = {}

    def drop(self, value: Any, where: str | None) -> Any:
        if self.strict:
            raise TypeError(f"{where}: {type(value).__name__} is not plain data")
        return _DROP

    def freeze(self, value: Any, where: str | None) -> Any:
        kind = type(value)
        if kind in _AS_IS:
            return value
        how = _HOW.get(kind)
        if how is None:
            how = _how(kind)
        if how == _KEEP:
            return value
        seen = self.memo.get(id(value))
        if seen is not None:
            return seen[1]
        frozen = self._freeze(value, how, where)
        self.memo[id(value)] = (value, frozen)
        return frozen

    def _freeze(self, value: Any, how: int, where: str | None) -> Any:
        if how == _TEXT:
            return Text(value)
        if how == _SHARED_VIEW:
            # A strict freeze reports what it would leave out, so it makes its own views.
            if self.strict:
                return self._view(value, where)
            view = _SHARED.get(value)
            if view is None:
                view = self._view(value, where)
                _SHARED.put(value, view)
            return view
        if how == _VIEW:
            return self._view(value, where)
        if how == _MAP:
            return self._mapping(value, where)
        if how == _SEQ:
            freeze, strict = self.freeze, self.strict
            frozen = [
                item if type(item) in _AS_IS else freeze(item, f"{where}[{i}]" if strict else None)
                for i, item in enumerate(value)
            ]
            return tuple(item for item in frozen if item is not _DROP)
        if how == _SET:
            item_where = f"{where} item" if self.strict else None
            frozen = [self.freeze(item, item_where) for item in value]
            return frozenset(item for item in frozen if item is not _DROP)
        if how == _INT:
            return int(value)
        if how == _REAL:
            return float(value)
        return self.drop(value, where)

    def _mapping(self, value: Mapping[Any, Any], where: str | None) -> MappingProxyType[Any, Any]:
        items = {}
        freeze, strict = self.freeze, self.strict
        for key, item in value.items():
            name = f"{where}[{key!r}]" if strict else None
            k, v = freeze(key, name), freeze(item, name)
            if k is not _DROP and v is not _DROP:
                items[k] = v
        return MappingProxyType(items)

    def _view(self, value: Any, where: str | None) -> View:
        plan = _PLANS.get(type(value)) or _plan(type(value))
        values: dict[str, Any] = {}
        freeze, strict = self.freeze, self.strict
        if plan.reads_measure:
            measure = freeze(value.measure, f"{where}.measure" if strict else None)
            if isinstance(measure, View):
                values.update(measure._values)
        for name in plan.names:
            item = getattr(value, name)
            if type(item) in _AS_IS:  # what freeze returns as it is, without the call
                values[name] = item
                continue
            frozen = freeze(item, f"{where}.{name}" if strict else None)
            if frozen is not _DROP:
                values[name] = frozen
        return plan.view(values)


def freeze(value: Any, *, strict: bool = False, where: str = "context") -> Any:
    """``value`` as plain, immutable data (see the module doc); ``strict`` raises
    :class:`TypeError` on anything that would be left out, naming where it is."""
    frozen = _Freezer(strict).freeze(value, where if strict else None)
    return None if frozen is _DROP else frozen


def freeze_vars(variables: Mapping[str, Any], *, strict: bool = False) -> dict[str, Any]:
    """A template's top-level names, each frozen; values of one call share their views."""
    freezer = _Freezer(strict)
    frozen = {
        name: freezer.freeze(value, name if strict else None) for name, value in variables.items()
    }
    return {name: value for name, value in frozen.items() if value is not _DROP}
