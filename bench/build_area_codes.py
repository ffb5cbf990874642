"""Write the ``area_codes`` column of a places file (default data/police-forces.csv): the ONS
GSS code of each area and district a place covers, so its ninjs ``places`` name them with
codes a newsroom system can act on, not by name alone.

The names are the place's own ``areas`` and ``gazetteer`` columns; each is looked up, by its
name or short name (case aside), in this project's registry of local authorities,
``data/places/local-authorities-2023.csv`` (see data/places/README.md for its sources). A name
the registry does not have (a county with no unitary council, such as Hampshire, or Greater
London) gets no code and is left out of the column. The column is ``;``-separated
``name=code`` pairs in the order of the names. Usage: ``python bench/build_area_codes.py
[--places data/police-forces.csv]``, which rewrites the places file with the column filled
in (every other column as it was). Run it twice: the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLUMN = "area_codes"
REGISTRY = ROOT / "data" / "places" / "local-authorities-2023.csv"


def registry_codes(path: Path) -> dict[str, str]:
    """Name or short name, case-folded -> the council's GSS code."""
    found: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for name in (row["name"], row["short_name"]):
                found.setdefault(name.strip().casefold(), row["code"])
    return found


def area_codes(row: dict[str, str], codes: dict[str, str]) -> str:
    """The ``area_codes`` cell of one place's row."""
    names = [
        n.strip() for column in ("areas", "gazetteer") for n in (row.get(column) or "").split(";")
    ]
    pairs = {n: codes[n.casefold()] for n in names if n and n.casefold() in codes}
    return ";".join(f"{name}={code}" for name, code in pairs.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=Path, default=ROOT / "data" / "police-forces.csv")
    args = parser.parse_args()
    codes = registry_codes(REGISTRY)
    with args.places.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = [c for c in reader.fieldnames or [] if c != COLUMN] + [COLUMN]
        rows = list(reader)
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, COLUMN: area_codes(row, codes)})
    args.places.write_text(out.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    main()
