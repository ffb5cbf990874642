"""Write the ``gazetteer`` column of data/police-forces.csv: the local authority districts each
force covers, so the editors' site finds Hampshire Constabulary when an editor searches for
"Southampton" or "Basingstoke".

Every fact comes from a public file:

- ``lad19_csp19_pfa19.csv``: jtrim-ons/ons-lookups ``csv/194.csv`` at 85d0ba6, ONS "Local
  Authority District to Community Safety Partnerships to Police Force Areas (December 2019)
  Lookup in England and Wales" (LAD19CD, LAD19NM, PFA19CD): each district's force, by the
  force's code (the ``code`` column of the places file);
- ``data/places/local-authorities-2023.csv`` (this project's registry, see
  data/places/README.md): the councils made since December 2019 (Buckinghamshire, North and
  West Northamptonshire, Cumberland, Westmorland and Furness, North Yorkshire, Somerset), each
  under the force of the districts its ``previous`` column names.

Names are written as people search for them: ONS's inverted ", City of" and ", County of" taken
off ("Bristol, City of" is "Bristol"). Usage: ``python bench/build_gazetteer.py LOOKUP
[--places data/police-forces.csv]``, which rewrites the places file with the column filled in
(every other column as it was). Run it twice: the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLUMN = "gazetteer"


def short(name: str) -> str:
    """ "Bristol, City of" -> "Bristol"."""
    for tail in (", City of", ", County of"):
        name = name.removesuffix(tail)
    return name.strip()


def districts(lookup: Path, councils: Path) -> dict[str, list[str]]:
    """Force code -> the names of the districts and councils it covers, in order of name."""
    found: dict[str, set[str]] = {}
    force_of: dict[str, str] = {}
    with lookup.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            force_of[row["LAD19CD"]] = row["PFA19CD"]
            found.setdefault(row["PFA19CD"], set()).add(short(row["LAD19NM"]))
    with councils.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            forces = {force_of[c] for c in row["previous"].split(";") if c in force_of}
            if len(forces) == 1:  # a council made of one force's districts
                found[forces.pop()].add(row["short_name"])
    return {code: sorted(names, key=str.casefold) for code, names in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lookup", type=Path)
    parser.add_argument("--places", type=Path, default=ROOT / "data" / "police-forces.csv")
    args = parser.parse_args()
    by_force = districts(args.lookup, ROOT / "data" / "places" / "local-authorities-2023.csv")
    with args.places.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = [c for c in reader.fieldnames or [] if c != COLUMN] + [COLUMN]
        rows = list(reader)
    missing = [row["name"] for row in rows if row["code"] not in by_force]
    if missing:
        raise SystemExit(f"no districts in the lookup for: {', '.join(missing)}")
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, COLUMN: ";".join(by_force[row["code"]])})
    args.places.write_text(out.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    main()
