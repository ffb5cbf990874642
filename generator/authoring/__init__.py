"""Help for template authors: ``drafts new`` writes a new story's skeleton."""
