"""The names in a manifest that become paths (the data, places and outlets files, and the
folder of the places' drafts), each checked to stay inside its folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.base.errors import ProblemList
from generator.base.names import folder_word_problem, is_inside, is_url


def check_paths(
    root: Path,
    slug: str,
    unit_raw: dict[str, Any],
    data_raw: dict[str, Any],
    outlets: object,
    problems: ProblemList,
) -> None:
    """Report each name in the manifest that would become a path outside its folder: the
    data file (inside data/<story>/ unless a web address), the places and outlets files
    (inside the project), and the unit's plural (the packs' folder of places' drafts)."""
    plural = unit_raw.get("plural")
    if plural:
        problem = folder_word_problem(str(plural).replace(" ", "-"))
        if problem is not None:
            problems.add(problem, column="unit.plural", value=str(plural))
    data_file = data_raw.get("file")
    inside_data = is_url(str(data_file)) or is_inside(root / "data" / slug, str(data_file))
    if data_file and not inside_data:
        problems.add(
            f"lies outside data/{slug}/",
            column="data.file",
            value=str(data_file),
            hint=f"Put the file in data/{slug}/ and give its name (such as figures.csv), "
            "or give the web address of a sheet published as CSV",
        )
    for column, value in (("unit.places", unit_raw.get("places")), ("outlets", outlets)):
        if value and not is_inside(root, str(value)):
            problems.add(
                "lies outside the project",
                column=column,
                value=str(value),
                hint="Put the file inside the project and give its path from the project "
                "folder, such as data/places.csv",
            )
