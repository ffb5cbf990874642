"""Foundations every stage uses: one error hierarchy, the bounds on a build, safe names and
paths, and inert text that prints as words, never markup."""
