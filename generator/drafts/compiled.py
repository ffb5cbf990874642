"""Templates compiled by an earlier run, kept so that a run loads them instead of compiling
each anew (most of the time of a ``drafts show``, a tenth of a build's).

They are kept with Jinja's own cache (:class:`jinja2.FileSystemBytecodeCache`) in Jinja's
folder for this user in the temp folder, which Jinja refuses unless only this user may write
to it. Jinja finds a compiled template by its name and file path and uses it only when the
template's source is the same; the file path changes with every run (a build reads a snapshot
of its inputs), so the key here is the template's name, whether it is a shared macro file, the
story, and the environment's flavour: Markdown or HTML, its filters and tests, Jinja's version
and the text of the modules that shape the compiled code. Python's version is in Jinja's own
check.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

import jinja2


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache in its private temp folder, keyed as the module docstring says."""

    def __init__(self, flavour: str, shared: Path) -> None:
        super().__init__()
        self.flavour = flavour
        self.shared = shared

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        is_shared = filename is not None and Path(filename).parent == self.shared
        return hashlib.sha256(f"{self.flavour}|{is_shared}|{name}".encode()).hexdigest()


@functools.cache
def _engine(shared: Path, sources: tuple[Path, ...]) -> str:
    digest = hashlib.sha256(f"{jinja2.__version__}|{shared}".encode())
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def compiled_templates(
    env: jinja2.Environment, story: str, shared: Path, sources: Iterable[Path]
) -> jinja2.BytecodeCache | None:
    """The cache of ``env``'s compiled templates for ``story`` (``shared``: the folder of the
    shared macros; ``sources``: the modules that shape the compiled code), or none when the
    temp folder is not safe to keep code in: every template is then compiled."""
    flavour = "|".join(
        [
            _engine(shared, tuple(sources)),
            story,
            str(env.autoescape),
            ",".join(sorted(env.filters)),
            ",".join(sorted(env.tests)),
        ]
    )
    try:
        return CompiledTemplates(flavour, shared)
    except (OSError, RuntimeError):
        return None
