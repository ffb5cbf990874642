"""Help for template authors: ``drafts new`` writes a new story's skeleton."""

DEFAULT_PLACES = "data/police-forces.csv"
"""The places file ``drafts new`` reads when none is named."""
DEFAULT_UNIT = "force"
"""What one place is called when ``drafts new`` is not told."""
