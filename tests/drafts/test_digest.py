"""A draft's digest (:mod:`generator.drafts.digest`) is the canonical hash of its frozen
variables, whatever the digests of earlier drafts left in its tables: the leaves it keeps are
told apart by type and by how they print, and its tables stay bounded."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from generator.base.inert import Text
from generator.drafts import digest as digests
from generator.drafts.digest import digest
from generator.drafts.freeze import View, freeze


def _reference(value: Any) -> bytes:
    """The digest's rule written plainly: each leaf its type's name and repr, each container
    the hash of its kind and its parts."""
    if value is None:
        return b"N"
    if isinstance(value, digests._LEAVES):
        return f"{type(value).__name__}:{value!r}".encode()
    if isinstance(value, View):
        parts = [f"V{type(value).__qualname__}".encode()]
        for name, item in value._values.items():
            parts += (name.encode(), b"=", _reference(item))
    elif isinstance(value, dict) or hasattr(value, "items"):
        parts = [b"M"]
        for name, item in value.items():
            parts += (_reference(name), b"=", _reference(item))
    elif isinstance(value, tuple | list):
        parts = [b"T", *(_reference(item) for item in value)]
    else:
        parts = [b"S", *sorted(_reference(item) for item in value)]
    return hashlib.blake2b(b"".join(parts), digest_size=20).digest()


def _expected(*values: Any) -> str:
    total = hashlib.blake2b(digest_size=20)
    for value in values:
        total.update(_reference(value))
    return total.hexdigest()


@dataclass(frozen=True)
class Figure:
    count: int
    base: int | None
    rate: Fraction
    label: str
    share: float
    exact: Decimal
    when: datetime.date


@dataclass(frozen=True)
class Place:
    name: str
    figures: tuple[Figure, ...]
    fields: dict[str, Any]
    tags: frozenset[str]
    flag: bool


def _place(name: str, count: int, share: float, exact: str) -> Any:
    figure = Figure(
        count, None, Fraction(count, 7), name, share, Decimal(exact), datetime.date(2024, 1, 2)
    )
    fields = {"grade": Text("<b>A</b>"), "n": count, "none": None, "yes": True}
    return freeze(Place(Text(name), (figure, figure), fields, frozenset({"a", "b"}), False))


def test_the_digest_is_the_canonical_hash_of_every_leaf_and_container() -> None:
    for place in (_place("Northshire", 3, 0.5, "1.0"), _place("Southshire", 1, -0.0, "1.00")):
        variables = {"place": place, "n": 1, "list": (1, True, "1", Text("1"), None, 1.0)}
        assert digest("key", variables, (1, 2)) == _expected("key", variables, (1, 2))
        assert digest("key", variables, (1, 2)) == _expected("key", variables, (1, 2))  # again


def test_equal_leaves_that_print_differently_keep_their_own_digests() -> None:
    # Each pair is equal in Python (one dict key), yet a template prints them differently:
    # whichever is met first must not stand for the other.
    pairs = [
        (1, True),
        (1, 1.0),
        (1, Fraction(1)),
        ("1", Text("1")),
        (0.0, -0.0),
        (Decimal("1.0"), Decimal("1.00")),
        (
            datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.timezone.utc),
            datetime.datetime(
                2024, 1, 1, 13, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
            ),
        ),
    ]
    for first, second in pairs:
        assert first == second
        for a, b in ((first, second), (second, first)):
            one, other = digest((a,), {"x": a}), digest((b,), {"x": b})
            assert one != other, (a, b)
            assert one == _expected((a,), {"x": a})
            assert other == _expected((b,), {"x": b})


def test_text_in_a_view_is_hashed_as_it_prints_after_plain_text_of_the_same_words() -> None:
    plain = digest(("<script>alert(1)</script>",))
    inert = freeze({"q": "<script>alert(1)</script>"})  # frozen: Text
    assert digest(inert) == _expected(inert)
    assert plain != digest((Text("<script>alert(1)</script>"),))


def test_the_tables_of_leaves_stay_bounded() -> None:
    table = digests._LEAF_PARTS[int]
    for n in range(digests._PARTS_KEPT + 10):
        digest((n,))
    assert len(table) <= digests._PARTS_KEPT
    long = "x" * (digests._LONGEST + 1)
    digest((long,))
    assert long not in digests._LEAF_PARTS[str]
    assert digest((long,)) == _expected((long,))
