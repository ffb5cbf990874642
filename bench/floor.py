"""The floor of a build, as one child process of the benchmark: what any engine must pay to
write the same drafts.

``python bench/floor.py ROOT STORY REFERENCE OUT`` first gets ready, uncounted: it loads the
story with the engine, runs every draft of the build once while recording each template
render the engine makes (name and variables, the plain render only, not its second, escaped
one for HTML), and reads every file of ``REFERENCE`` (a finished build of the story) into
memory. Then, counted, it compiles the story's templates in a bare ``jinja2.Environment`` (the
story's folder and the shared ``default:`` macros, the presenter's filters; no sandbox, no
limits, no checks), renders every recorded render once on its ready variables, and writes
every file of the reference build, with the same bytes, under ``OUT``.

It prints one JSON line: ``ready`` (the CPU seconds of getting ready, which the benchmark
subtracts from the child's whole CPU time, so the floor counts the interpreter's start, the
import of jinja2, the renders and the writes), ``renders`` and ``files``.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import jinja2


def get_ready(root: Path, story: str, reference: Path) -> tuple[Any, list, dict[str, bytes]]:
    """The story's template folder, every render the engine makes, the reference's files."""
    from generator.drafts.environment import SHARED
    from generator.drafts.prepared import prepare
    from generator.drafts.render import Renderer
    from generator.pipeline import run_task, tasks_for

    renders: list[tuple[str, Any]] = []
    real = Renderer.render

    def record(self: Renderer, name: str, variables: Any, *, html: bool = False) -> str:
        if not html:  # a copy: a job lets go of its variables once rendered
            renders.append((name, dict(variables)))
        return real(self, name, variables, html=html)

    Renderer.render = record  # type: ignore[method-assign]
    prepared = prepare(root, story)
    for task in tasks_for(prepared):
        run_task(prepared, task)
    Renderer.render = real  # type: ignore[method-assign]
    files = {
        p.relative_to(reference).as_posix(): p.read_bytes()
        for p in sorted(reference.rglob("*"))
        if p.is_file()
    }
    return (prepared.story.template_dir, SHARED), renders, files


def main() -> None:
    root, story, reference, out = sys.argv[1], sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
    start = time.process_time()
    folders, renders, files = get_ready(Path(root), story, reference)
    from generator.language.filters import FILTERS
    from generator.language.variety import pick

    shutil.rmtree(out, ignore_errors=True)
    ready = time.process_time() - start

    own, shared = folders
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(shared))}, ":"),
                jinja2.FileSystemLoader(str(own)),
            ]
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.filters["pick"] = pick
    for name, variables in renders:
        env.get_template(name).render(variables)
    for name, content in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    print(json.dumps({"ready": ready, "renders": len(renders), "files": len(files)}))


if __name__ == "__main__":
    main()
