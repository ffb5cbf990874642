"""Turn numbers into house-style words: the one presenter of figures, rates, shares, ordinals
and ranks (``present``), template filters built on it, rank wording, phrasing variety and the
illustrative banner."""
