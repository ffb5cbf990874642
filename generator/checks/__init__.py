"""Checks run on every rendered draft before anything is written: house style and the
number-level fact check."""
