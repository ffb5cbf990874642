"""How typed facts serialise and read back: the :class:`Facts` base every facts dataclass
extends, ``to_dict`` in field order (a field marked :func:`optional` left out when it holds its
default), and ``from_dict``, which checks every field against its type hint and names the file
and field of the first that is missing or of the wrong type (an
:class:`~generator.base.errors.InputError`). The dataclasses are in :mod:`.fact_types`."""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from collections.abc import Mapping
from dataclasses import field, fields
from typing import Any, TypeVar, Union

from generator.base.errors import InputError, Problem


class Unset(enum.Enum):
    """An embargo that is not in the facts at all (facts built outside a build), as opposed
    to ``None``, written as ``null`` (a build with no embargo)."""

    UNSET = "unset"


UNSET = Unset.UNSET


def optional(default: Any = None) -> Any:
    """A field left out of the JSON when it is ``default`` (``None``, or :data:`UNSET`)."""
    return field(default=default, metadata={"optional": True})


def flat() -> Any:
    """A nested value whose fields are written into its parent's mapping."""
    return field(metadata={"flat": True})


_T = TypeVar("_T", bound="Facts")


class Facts:
    """What every facts dataclass shares: serialisation and reading back."""

    def to_dict(self) -> dict[str, Any]:
        """The facts as a JSON-ready mapping, keys in field order, optional ``None`` left out."""
        out: dict[str, Any] = {}
        for name, default, flat_ in _plan(type(self)):
            value = getattr(self, name)
            if value is default:  # only an optional field has a default to leave out
                continue
            if flat_:
                out.update(value.to_dict())
            else:
                out[name] = _dump(value)
        return out

    def as_json(self) -> str:
        """The facts as ``facts.json`` holds them."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls: type[_T], data: object, where: str = "facts") -> _T:
        """Facts read back from their mapping; InputError naming ``where`` and the field."""
        return _load(cls, data, where, "")


_NOT_OPTIONAL = object()
_PLANS: dict[type, tuple[tuple[str, Any, bool], ...]] = {}


def _plan(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    """A facts class's fields as ``to_dict`` reads them, worked out once: each name, the
    default that leaves it out (a marker no value is, unless :func:`optional`), and whether
    it is :func:`flat`."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = tuple(
            (
                f.name,
                f.default if f.metadata.get("optional") else _NOT_OPTIONAL,
                bool(f.metadata.get("flat")),
            )
            for f in fields(cls)
        )
    return plan


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _dump(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Facts):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [v if type(v) in _PLAIN else _dump(v) for v in value]
    if isinstance(value, dict):
        return {k: v if type(v) in _PLAIN else _dump(v) for k, v in value.items()}
    return value


def replace(facts: _T, **changes: Any) -> _T:
    """A copy of ``facts`` with ``changes`` (``dataclasses.replace``, typed)."""
    return dataclasses.replace(facts, **changes)  # type: ignore[type-var]  # a dataclass


def fail(where: str, path: str, message: str, value: object = None) -> InputError:
    shown = "" if value is None else f", not {json.dumps(value, ensure_ascii=False)[:80]}"
    return InputError(
        Problem(
            where,
            f"the field {path or '(top)'} {message}{shown}",
            "Build the story again to rewrite its facts",
        )
    )


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """A facts class's field types, worked out once (``get_type_hints`` is slow)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _load(cls: type[_T], data: object, where: str, path: str) -> _T:
    if not isinstance(data, Mapping):
        raise fail(where, path, "should be an object", data)
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]  # every subclass is a dataclass
        inner = f"{path}.{f.name}" if path else f.name
        if f.metadata.get("flat"):
            values[f.name] = _load(hints[f.name], data, where, path)
        elif f.name in data:
            values[f.name] = _convert(hints[f.name], data[f.name], where, inner)
        elif f.metadata.get("optional"):
            values[f.name] = f.default
        else:
            raise fail(where, inner, "is missing")
    return cls(**values)


_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}
_SCALARS: dict[type, tuple[type, ...]] = {
    str: (str,),
    int: (int,),
    float: (int, float),
    bool: (bool,),
}


def _convert(hint: Any, value: object, where: str, path: str) -> Any:
    """``value`` checked against ``hint`` (and turned into the dataclasses and tuples it
    names); values are kept as read, so facts read back write the same JSON."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return value
    if origin in (Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option in (type(None), Unset):
                continue
            try:
                return _convert(option, value, where, path)
            except InputError as err:
                errors.append(err)
        raise errors[0]
    if isinstance(hint, type) and issubclass(hint, Facts):
        return _load(hint, value, where, path)
    if origin is tuple:
        if not isinstance(value, list):
            raise fail(where, path, "should be a list", value)
        (item, _) = typing.get_args(hint)
        return tuple(_convert(item, v, where, f"{path}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, Mapping):
            raise fail(where, path, "should be an object", value)
        _, item = typing.get_args(hint)
        return {str(k): _convert(item, v, where, f"{path}.{k}") for k, v in value.items()}
    kinds = _SCALARS[hint]
    if isinstance(value, bool) and hint is not bool or not isinstance(value, kinds):
        raise fail(where, path, f"should be {_NAMES[hint]}", value)
    return value
