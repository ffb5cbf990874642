"""The site's quick readings of a chart's files (:mod:`generator.outputs.site.attachments`)
give what the plain readings give: a chart file's own name, and an SVG's smallest label."""

from __future__ import annotations

import itertools
import random
from pathlib import Path, PurePosixPath

from generator.outputs.site.attachments import _SVG_FONT, _plain_name, _smallest_label
from generator.outputs.site.load import InMemory


def _plain_name_as_path(value: object) -> str | None:
    if not isinstance(value, str) or not value or ":" in value:
        return None
    return value if PurePosixPath(value).name == value and value not in (".", "..") else None


def test_plain_names_are_those_a_path_reads() -> None:
    for n in range(1, 5):
        for chars in itertools.product(["a", ".", "/", ":", " ", "\\"], repeat=n):
            value = "".join(chars)
            assert _plain_name(value) == _plain_name_as_path(value), value
    assert _plain_name("chart.svg") == "chart.svg"
    assert _plain_name("../chart.svg") is None and _plain_name("..") is None


def test_smallest_label_is_the_smallest_every_match_finds() -> None:
    rng = random.Random(16)
    parts = [b"font-size", b": ", b'="', b"12", b".5", b"px", b"1234", b" ", b"x", b'"']
    for _ in range(5000):
        svg = b"".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        sizes = [float(size) for size in _SVG_FONT.findall(svg)]
        held = InMemory(Path("chart"), {"chart.svg": svg})
        assert _smallest_label(held, "chart.svg") == (min(sizes) if sizes else None), svg
    held = InMemory(Path("chart"), {"chart.svg": b'<text style="font-size: 9.5px">font-size=13'})
    assert _smallest_label(held, "chart.svg") == 9.5
