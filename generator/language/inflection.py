"""The one inflect engine the package uses (plurals, "a" or "an", ordinals, number words),
imported without typeguard's start-up cost.

inflect 7 wraps its public methods in typeguard's ``@typechecked``, which re-parses and
recompiles inflect's whole module once for each method at every import: about 2 s of CPU, more
than the rest of a start. The checks only reject arguments that are not a non-empty string or a
number, and the callers here pass only those (the presenter checks a template's noun first), so
inflect is imported with ``typechecked`` standing aside: the methods are inflect's own code,
without the checks, and give the same words. Should a later inflect import more of typeguard,
it is imported as it is, checks and all.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import inflect

_TYPEGUARD = "typeguard"


def _as_is(target: Any = None, **_options: Any) -> Any:
    """``@typechecked`` (bare, or called with options) that leaves the function as it is."""
    return _as_is if target is None else target


def _import_inflect() -> types.ModuleType:
    if "inflect" in sys.modules:
        return sys.modules["inflect"]
    saved = sys.modules.get(_TYPEGUARD)
    stand_in = types.ModuleType(_TYPEGUARD)
    stand_in.typechecked = _as_is  # type: ignore[attr-defined]
    sys.modules[_TYPEGUARD] = stand_in
    try:
        import inflect
    except ImportError:
        inflect = None  # type: ignore[assignment]
    finally:
        if saved is None:
            del sys.modules[_TYPEGUARD]
        else:
            sys.modules[_TYPEGUARD] = saved
    if inflect is None:  # it wanted more of typeguard than the decorator
        sys.modules.pop("inflect", None)
        import inflect
    return inflect


ENGINE: inflect.engine = _import_inflect().engine()
"""The shared engine: ``ENGINE.plural_noun("robbery") -> "robberies"``."""
