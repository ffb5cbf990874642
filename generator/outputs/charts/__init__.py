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

Speed: a build renders one chart per place, so each class draws once, in its constructor: a
raster with no highlight, and a master SVG holding every place's highlight, each in its own group
(``<g id="highlight-3-0">``, the plain artists it replaces in ``<g id="place-3-0">``). ``render``
draws only the highlighted place's few artists over a copy of the raster for the PNG (encoded
by Pillow, :func:`png_bytes`) and, for the SVG, joins the master's text leaving out the other
places' highlight groups and the highlighted place's plain ones, so the SVG is what a full draw
of that state gives. SVG text stays text (DejaVu Sans, named, not embedded as paths).

Output is deterministic (the same inputs give byte-identical PNG and SVG): the Agg canvas and
``matplotlib.figure.Figure`` are used directly (never pyplot), matplotlib's default style and the
bundled DejaVu Sans font are applied in a context undone afterwards, SVG ids are salted with a
fixed string and no date or software version is written into either file.
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
    png_bytes,
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
    "png_bytes",
]
