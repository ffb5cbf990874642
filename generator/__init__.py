"""Local drafts: turn one national data story into a localised draft for every area.

The flow runs one way: :mod:`story` and :mod:`data` load and validate, :mod:`ranking` and
:mod:`angle` compute, :mod:`context` builds one context per draft, :mod:`render` renders the
story's templates, :mod:`checks` checks, :mod:`writers` write. :mod:`build` runs them in order.
"""

__version__ = "0.1.0"
