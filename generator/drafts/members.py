"""A draft about many places freezes its places' contexts only when its template reads them.

A group's template variables (:class:`generator.drafts.group.GroupContext`) reach every one of
its places' :class:`~generator.drafts.context.DraftContext`: the national story reaches every
place in the story. Freezing each of them (:mod:`generator.drafts.freeze`) for each group
costs milliseconds a place and holds some fifteen kilobytes a place while the draft lives,
though a template reads only a few of them (the worst, the lead) and the fingerprint of the
draft (:mod:`generator.drafts.digest`) needs only their digests.

:func:`freeze_group` freezes a group's variables with each place's context as a
:class:`MemberView`: the same class of view, with the same fields, frozen on first read by
the same freeze as the rest of the draft's variables (so ``is sameas`` means what it meant).
Its digest, when the build fingerprints drafts, comes from :class:`MemberDigests`: worked
out once a build for each place in each style, and kept (20 bytes each) for every other
group it is in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from generator.drafts.context import DraftContext
from generator.drafts.digest import digest
from generator.drafts.freeze import _DROP, View, _Freezer, _plan, freeze

_VALUES = View.__dict__["_values"]
"""The slot a view keeps its values in, below :class:`MemberView`'s property."""

MemberKey = tuple[str, str | None, str, str, int]
"""What a place's context in a group depends on besides the prepared story: its slug, its
local phrase (an outlet's own, or none), its style (``sign``, ``headline_sign``) and its
variant."""


def member_key(ctx: DraftContext) -> MemberKey:
    style = ctx.style
    return (ctx.place.slug, ctx.place.local_phrase, style.sign, style.headline_sign, ctx.variant)


class MemberView(View):
    """A view of a place's context in a group's variables, frozen when first read."""

    __slots__ = ("_make", "_source")

    _make: Callable[[], Mapping[str, Any]] | None
    _source: DraftContext

    @property
    def _values(self) -> Mapping[str, Any]:  # type: ignore[override]  # filled on first read
        try:
            return _VALUES.__get__(self, type(self))
        except AttributeError:
            pass
        make = self._make
        assert make is not None
        values = make()
        _VALUES.__set__(self, values)
        object.__setattr__(self, "_make", None)  # let go of the freeze that made it
        return values


_CLASSES: dict[type, type[MemberView]] = {}


def _member_class() -> type[MemberView]:
    """The member view class for contexts: named as their eager views are (error messages
    and digests name the class)."""
    base = _plan(DraftContext).view
    made = _CLASSES.get(base)
    if made is None:
        names = {"__slots__": (), "__module__": base.__module__, "__qualname__": base.__qualname__}
        made = _CLASSES[base] = type(base.__name__, (MemberView, base), names)
    return made


def freeze_group(
    variables: Mapping[str, Any],
    members: tuple[DraftContext, ...],
    digests: Callable[[DraftContext], bytes | None] | None = None,
) -> dict[str, Any]:
    """A group's top-level names, each frozen, with each of ``members`` as a
    :class:`MemberView` (its digest from ``digests`` when given)."""
    freezer = _Freezer(False)
    kind = _member_class()
    for ctx in members:
        if id(ctx) in freezer.memo:
            continue
        view = object.__new__(kind)
        object.__setattr__(view, "_make", _maker(freezer, ctx))
        object.__setattr__(view, "_source", ctx)
        object.__setattr__(view, "_digest", digests(ctx) if digests is not None else None)
        freezer.memo[id(ctx)] = (ctx, view)
    frozen = {name: freezer.freeze(value, None) for name, value in variables.items()}
    return {name: value for name, value in frozen.items() if value is not _DROP}


def for_checks(variables: Mapping[str, Any]) -> Mapping[str, Any]:
    """``variables`` as the fact check reads them (:func:`generator.checks.factcheck.names_of`,
    :func:`~generator.checks.factcheck.context_facts`): each place of a group as the engine's
    own context, which holds the same values as its view, so that reading the names and ranks
    of every place does not freeze every place. Templates never see these."""
    places = variables.get("places")
    if not isinstance(places, tuple) or not any(isinstance(p, MemberView) for p in places):
        return variables
    sources = tuple(p._source if isinstance(p, MemberView) else p for p in places)
    return {**variables, "places": sources}


def _maker(freezer: _Freezer, ctx: DraftContext) -> Callable[[], Mapping[str, Any]]:
    def make() -> Mapping[str, Any]:
        values = freezer._view(ctx, None)._values
        return values if isinstance(values, MappingProxyType) else MappingProxyType(values)

    return make


class MemberDigests:
    """Each place's context digest in each style, worked out once a build (by freezing it on
    its own, as any draft would, or from its own draft's variables: :meth:`seed`) and kept
    for the groups that follow; at most ``size``. It lives with one prepared story, whose
    inputs do not change while it lives (:class:`generator.drafts.prepared.Prepared`)."""

    def __init__(self, size: int = 1 << 18) -> None:
        self.size = size
        self.known: dict[MemberKey, bytes] = {}

    def __call__(self, ctx: DraftContext) -> bytes:
        key = member_key(ctx)
        found = self.known.get(key)
        if found is None:
            view = freeze(ctx)
            digest(view)  # kept on the view
            found = view._digest
            assert found is not None
            if len(self.known) < self.size:
                self.known[key] = found
        return found

    def seed(self, ctx: DraftContext, variables: Mapping[str, Any]) -> None:
        """Keep the digest of ``ctx`` from ``variables``, its top-level names as a place's own
        draft froze them (:meth:`DraftContext.as_template_vars`): the view a group would
        freeze of it holds the same values, and its properties."""
        key = member_key(ctx)
        if key in self.known or len(self.known) >= self.size:
            return
        plan = _plan(DraftContext)
        values = {name: variables[name] for name in plan.fields if name in variables}
        freezer = _Freezer(False)
        for name in plan.properties:
            value = freezer.freeze(getattr(ctx, name), None)
            if value is not _DROP:
                values[name] = value
        view = plan.view(values)
        digest(view)  # kept on the view
        assert view._digest is not None
        self.known[key] = view._digest
