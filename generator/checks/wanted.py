"""What one text's numbers could be traced to (:class:`Want`), so that the fact check of a
draft about every place keeps only the values its text can ask for.

:func:`~generator.checks.trace.trace` looks each number of a text up in what the facts allow
(:class:`~generator.checks.allowed.Allowed`): by its kind and value, a count and its base by
the pair, a date by its day, a multiple among the rates of one measure, printed text by where
it occurs. A :class:`Want` names every key those look-ups can read, found from the text's
numbers before the facts are walked; an :class:`~generator.checks.allowed.Allowed` made with
it holds only those keys, each with the source the whole one gives it (the facts are walked in
the same order, and only keys no look-up reads are left out), so every number traces to the
same source or fails with the same problem, and the memory is bounded by what the text says
rather than by the number of places in the facts."""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from generator.checks.numbers import Mention, has_numbers, mentions_and_pairs
from generator.checks.ranks import ENDS
from generator.language.filters import percent_value

_LONG = 4096
"""A text longer than this is searched for a phrase only once the phrase holds a number (a
search through a long text costs more than reading a short phrase)."""


@dataclass(frozen=True)
class Want:
    """The keys a text's look-ups can read: ``values`` (kind, value) keys, besides every date
    (a date is looked up by its day and month, whichever year); ``pairs`` (count, base);
    ``compared`` whether any multiple is said (a multiple reads every rate, count and base
    of a measure); ``text`` the text, in which printed phrases are found."""

    values: frozenset[Hashable]
    pairs: frozenset[tuple[object, object]]
    compared: bool
    text: str

    def keeps(self, key: tuple[str, object]) -> bool:
        """Whether a look-up can read ``key`` of :attr:`Allowed.values`."""
        return key in self.values or key[0] == "date"

    def prints(self, phrase: str) -> bool:
        """Whether ``phrase`` is printed text that can cover one of the text's numbers: it
        holds a number and occurs in the text."""
        if len(self.text) > _LONG:
            return has_numbers(phrase) and phrase in self.text
        return phrase in self.text and has_numbers(phrase)

    def may_print(self, name: str) -> bool:
        """Whether ``name`` or its capitals can be printed text in the text
        (:meth:`prints` says which)."""
        return len(self.text) > _LONG or name in self.text or name.upper() in self.text


@functools.lru_cache(maxsize=1024)
def mentions(text: str) -> tuple[list[Mention], list[tuple[int, int, int | None]]]:
    """:func:`~generator.checks.numbers.mentions_and_pairs`, read once for each text: the same
    paragraph (a method note, a standing line) is marked on the pages of many drafts. The
    lists are shared: callers only read them."""
    return mentions_and_pairs(text)


@functools.lru_cache(maxsize=64)
def want_of(text: str) -> Want:
    """The keys :func:`~generator.checks.trace.trace` can look up for the numbers of ``text``."""
    found, pairs = mentions(text)
    values: set[Hashable] = set()
    positions = {1}  # "the lowest", "the highest": a rank at 1 from that end (ranks.bare_claims)
    compared = False
    for m in found:
        kind, value = m.kind, m.value
        if kind == "multiple":
            compared = True
        elif kind == "proportion":
            values.add(("proportion", value))
            if 0 < value <= 1:
                values.add(("percent", percent_value(value)))
        elif kind == "ordinal":
            values.add(("ordinal", value))
            positions.add(value)
        elif kind != "date":  # dates are kept whole: Want.keeps
            values.add((kind, value))
    values.update(("end", (word, at)) for word in ENDS for at in positions)
    said = frozenset((found[a].value, found[b].value) for a, b, _ in pairs)
    return Want(frozenset(values), said, compared, text)


def want_all(texts: Iterable[str]) -> Want:
    """What :func:`want_of` of any one of ``texts`` wants, as one :class:`Want`: an
    :class:`~generator.checks.allowed.Allowed` made with it traces each of the texts as the
    whole one does (its keys are the union of theirs, and each text occurs in its joined
    text, so a phrase one of them prints occurs there too)."""
    wants = [want_of(text) for text in texts]
    return Want(
        frozenset().union(*(w.values for w in wants)),
        frozenset().union(*(w.pairs for w in wants)),
        any(w.compared for w in wants),
        "\n\n".join(w.text for w in wants),
    )
