"""Charts for each draft: a bar chart (:mod:`.bar`) and a funnel plot (:mod:`.funnel`) of one
measure over every place, sharing :mod:`.base`.

Both charts know nothing about any story: places, titles, axis labels and the pooled label come
in as arguments. Places with a base of 0 have no rate and are left out of both charts.

- :class:`BarCharts`: one horizontal bar per place, worst first on the exact rate (equal rates
  keep the order of their labels), every place labelled. The highlighted place's bar is in a
  strong colour and is also marked without colour: its label is bold and its value is printed at
  the end of its bar. An optional line marks the pooled rate across all places.
- :class:`ChangeCharts` (:mod:`.change`): for a measure with a ``change``, each place's
  earlier and latest rate joined by a line, the worst change first, the highlighted place's
  row in the strong colour with its change printed after it.
- :class:`FunnelPlots`: one point per place, x its base (the sample, or the population) and y
  its rate, with the pooled rate and the 95 and 99.8 per cent control limits around it from
  :func:`compute.funnel.funnel_curve`. The highlighted place's point is larger, coloured and
  labelled; the alt text says where it falls, from :func:`generator.compute.funnel.position`.

Rates are ``count / base * per`` (``per`` 100 for per cent, 1,000 for "per 1,000"), printed with
``decimals`` places and rounded half up from the exact fraction by the presenter
(:mod:`generator.language.present`: ``axis_value`` on a bar, ``spoken_rate`` in alt text,
``rate_label`` for the pooled line), never with Python's ``round``. Alt text follows the house
style: "per cent" spelt out, one to nine in words.

Speed and scale: a build renders one chart per place, so each class lays its chart out once, in
its constructor, as a scene of shapes (:mod:`.scene`): what every render shares, and for each
place the few shapes that mark it. The shared part is drawn once as a paletted raster
(:mod:`.raster`, Pillow) and written once as SVG text (:mod:`.svg`); ``render`` draws only the
place's marks over a copy of the raster and splices them into the SVG. Past
:data:`~.base.ROWS_MAX` places a bar or change chart shows the spread of every place (a
histogram) and the place among its neighbours in the order (:mod:`.rows`), and past
:data:`~.funnel.DOTS_MAX` a funnel plot shades squares by how many places fall in each, so a
chart's cost and size stay flat however many places a story has. Axes and ticks: :mod:`.axes`.

Output is deterministic (the same inputs give byte-identical PNG and SVG): text is drawn in the
bundled DejaVu Sans (``fonts/``) without Raqm, colours come from one fixed palette, numbers in
the SVG are written with at most two decimals, and no id, date or software version is written
into either file. SVG text stays text, escaped.
"""

from generator.outputs.charts.bar import BarCharts
from generator.outputs.charts.base import (
    HIGHLIGHT,
    INK,
    MUTED,
    SIGNAL_WORDS,
    SOFT_INK,
    TEXT_COLOURS,
    Chart,
    ChartPoint,
)
from generator.outputs.charts.change import ChangeCharts, ChangePoint
from generator.outputs.charts.funnel import FunnelPlots

__all__ = [
    "HIGHLIGHT",
    "INK",
    "MUTED",
    "SIGNAL_WORDS",
    "SOFT_INK",
    "TEXT_COLOURS",
    "BarCharts",
    "ChangeCharts",
    "ChangePoint",
    "Chart",
    "ChartPoint",
    "FunnelPlots",
]
