"""Variation with control: several phrasings for one frame, chosen deterministically per place.

Every place gets a fixed whole number, its *variant*: its position when the story's places are
ordered by a hash of their slugs (so the order is stable, independent of the data file's order
and unrelated to the alphabet or to region). A template asks for one of ``n`` phrasings of a
frame with the ``pick`` filter::

    {% set v = "opening" | pick(4) %}
    {% if v == 0 %}...{% elif v == 1 %}...{% endif %}

``pick`` returns ``(variant + offset(frame)) % n``, where the offset is a hash of the frame's
name. So:

- the same input always gives the same draft (no randomness, no clock);
- over consecutive variants each phrasing is used in turn, so among N places no phrasing of an
  ``n``-way frame is used by more than ``ceil(N / n)`` of them;
- different frames start at different phrasings, so one place does not always get the first.

A round-up or national draft gets the variant of its name. ``rotation`` shifts every variant
at once: tests render each place at every rotation to run every phrasing through the fact
check.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import pass_context

MAX_CHOICES = 64
"""The most phrasings one frame may offer (a template asking for more is an error)."""


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def variants(slugs: Iterable[str], rotation: int = 0) -> dict[str, int]:
    """Each slug's variant: its index in hash order, plus ``rotation``."""
    ordered = sorted(slugs, key=lambda s: (_digest(s), s))
    return {slug: index + rotation for index, slug in enumerate(ordered)}


def group_variant(name: str, rotation: int = 0) -> int:
    """The variant of a draft about several places, from its name."""
    return _digest(name) % 1000 + rotation


def choose(variant: int, frame: str, choices: int) -> int:
    """Which of ``choices`` phrasings of ``frame`` a draft with ``variant`` uses."""
    if not isinstance(choices, int) or isinstance(choices, bool) or not 1 <= choices <= MAX_CHOICES:
        raise ValueError(
            f"pick needs a number of phrasings from 1 to {MAX_CHOICES}, not {choices!r}"
        )
    return (variant + zlib.crc32(str(frame).encode("utf-8"))) % choices


@pass_context
def pick(context: Mapping[str, Any], frame: str, choices: int) -> int:
    """Template filter: ``"frame" | pick(n)`` is this draft's choice among ``n`` phrasings."""
    variant = context.get("variant", 0)
    return choose(variant if isinstance(variant, int) else 0, frame, choices)
