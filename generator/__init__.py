"""Local drafts: turn one national data story into a localised draft for every area.

The flow runs one way: :mod:`story` and :mod:`data` load and validate, :mod:`ranking` and
:mod:`angle` compute, :mod:`context` builds one context per draft, :mod:`render` renders the
story's templates, :mod:`checks` checks, :mod:`writers` write. :mod:`build` runs them in order.
"""

import gc

__version__ = "0.1.0"

COLLECT_EVERY = (20_000, 20, 100)
"""The cycle collector's thresholds for the engine's processes (Python's are 700, 10, 10). Its
imports and every draft make tens of thousands of short-lived objects and few cycles; at the
default the collector walked the growing heap about 220 times in the imports alone and cost a
tenth of a build. The older generations keep close to Python's ratio (a full collection every
2,000 young ones rather than 100), so cycles that outlive a draft are still collected in a long
build. Set here so that it covers the imports."""
gc.set_threshold(*COLLECT_EVERY)
