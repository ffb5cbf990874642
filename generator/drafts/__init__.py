"""Build each draft's template context, render it in the sandbox, time its radio scripts and
record its facts."""
