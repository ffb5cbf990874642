"""A synthetic story of any number of places, for measuring the engine at scale.

``write_story(root, places)`` writes a whole project under ``root`` (which it makes): a places
registry (``data/synth-places.csv``: code, name, short name, slug, nation, region, county),
the figures (``data/synth/figures.csv``: two shares counted out of a sample, one with an earlier
period, rates spread more than chance alone would spread them), the manifest with every output
the engine has (a place article in md, html, txt, docx and ninjs; radio scripts; regional and
county round-ups with their radio scripts; the national draft; facts.json and charts come with
every draft), partner outlets (two regions, a county, a county station, one place, a national
paper covering ``places: all``) and three quotes. The wording is generic: "requests" that a
"service" answers late or refuses.

Everything is drawn from a seeded generator, so the same ``places`` always writes the same
bytes. Names are made of syllables (no digits: a number in a name would trip the fact check).

Usage: ``python bench/synth.py ROOT [--places 400]``, then
``drafts --root ROOT build synth``.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
from pathlib import Path

STORY = "synth"
SEED = 16
REGIONS = (
    "North",
    "North Coast",
    "Midlands",
    "East",
    "West",
    "South",
    "South Coast",
    "Uplands",
    "Lowlands",
    "Capital",
)
COUNTY_SIZE = 40
"""About how many places each county holds."""
FIRST = [
    "Ash",
    "Bar",
    "Bel",
    "Brin",
    "Cal",
    "Carr",
    "Dun",
    "El",
    "Fen",
    "Gal",
    "Glen",
    "Hal",
    "Hart",
    "Kel",
    "Kin",
    "Lang",
    "Lin",
    "Mar",
    "Mel",
    "Mor",
    "Nor",
    "Oak",
    "Pen",
    "Ros",
    "Sal",
    "Stan",
    "Tal",
    "Thorn",
    "Wal",
    "Wes",
    "Wick",
    "Yar",
]
MIDDLE = ["a", "en", "er", "i", "o", "on", "ing", "el", "am", "ow", "ley", "ock"]
LAST = [
    "bridge",
    "bury",
    "by",
    "caster",
    "cliffe",
    "combe",
    "dale",
    "don",
    "field",
    "ford",
    "gate",
    "ham",
    "haven",
    "holm",
    "hurst",
    "ington",
    "land",
    "leigh",
    "mere",
    "minster",
    "moor",
    "mouth",
    "ness",
    "port",
    "ridge",
    "stead",
    "stoke",
    "stow",
    "thorpe",
    "ton",
    "wick",
    "wood",
    "worth",
]


def place_names(count: int) -> list[str]:
    """``count`` distinct place names, in a fixed order."""
    names: dict[str, None] = {}
    for last in LAST:
        for middle in ("", *MIDDLE):
            for first in FIRST:
                names.setdefault((first + middle + last).capitalize(), None)
    for prefix in ("", "North ", "South ", "East ", "West ", "Upper ", "Lower ", "Great "):
        for name in list(names) if prefix else []:
            names.setdefault(prefix + name, None)
        if len(names) >= count:
            break
    if len(names) < count:
        raise SystemExit(f"at most {len(names)} synthetic places")
    return list(names)[:count]


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def places_csv(count: int) -> tuple[str, list[dict[str, str]]]:
    """The registry's text and its rows."""
    rng = random.Random(SEED)
    counties = max(1, count // COUNTY_SIZE)
    county_names = [f"{name}shire" for name in place_names(counties)] if counties > 1 else [""]
    rows = []
    for i, name in enumerate(place_names(count)):
        county = i * counties // count
        rows.append(
            {
                "code": f"X{i + 1:08d}",
                "name": f"{name} Council",
                "short_name": name,
                "slug": _slug(name),
                "nation": "England",
                "region": REGIONS[county % len(REGIONS)],
                "county": county_names[county] if counties > 1 else "",
            }
        )
    rng.shuffle(rows)  # registries are seldom sorted by county
    return _csv(rows), rows


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _count(rng: random.Random, base: int, mean: float, spread: float) -> int:
    """A count out of ``base`` at a rate drawn around ``mean`` (beta: more than chance)."""
    a = mean * spread
    rate = rng.betavariate(a, spread - a)
    return min(base, max(0, round(base * rate + rng.gauss(0, (base * rate) ** 0.5))))


def figures_csv(rows: list[dict[str, str]]) -> str:
    """One row per place, named by code: requests, late and refused, now and earlier."""
    rng = random.Random(SEED + 1)
    table = []
    for row in sorted(rows, key=lambda r: r["code"]):
        base = max(5, int(rng.lognormvariate(5.0, 1.0)))
        earlier = max(5, int(base * rng.uniform(0.7, 1.3)))
        table.append(
            {
                "code": row["code"],
                "requests": str(base),
                "late": str(_count(rng, base, 0.22, 40)),
                "refused": str(_count(rng, base, 0.06, 60)) if rng.random() > 0.02 else "",
                "requests_earlier": str(earlier),
                "late_earlier": str(_count(rng, earlier, 0.25, 40)),
            }
        )
    return _csv(table)


def outlets_yaml(rows: list[dict[str, str]]) -> str:
    """Two regional papers, a county paper and station, a one-place paper, a national."""
    regions = sorted({r["region"] for r in rows})
    counties = sorted({r["county"] for r in rows if r["county"]})
    one = min(rows, key=lambda r: r["code"])
    lines = ["outlets:"]
    for i, region in enumerate(regions[:2]):
        lines += [
            f"  - {{name: The {region} Courier, slug: courier-{i}, kind: newspaper, "
            f"region: {region}}}"
        ]
    if counties:
        lines += [
            f"  - {{name: The {counties[0]} Post, slug: county-post, kind: newspaper, "
            f"county: {counties[0]}}}",
            f"  - {{name: Radio {counties[0]}, slug: county-radio, kind: radio, "
            f"county: {counties[0]}}}",
        ]
    lines += [
        f"  - {{name: The {one['short_name']} Times, slug: local-times, kind: newspaper, "
        f"places: [{one['slug']}]}}",
        "  - {name: The National Gazette, slug: national-gazette, kind: national, places: all}",
    ]
    return "\n".join(lines) + "\n"


def quotes(rows: list[dict[str, str]]) -> dict[str, str]:
    """A national quote, and one from each of the first two places by code."""
    first = sorted(rows, key=lambda r: r["code"])[:2]
    out = {
        "watchdog.yaml": (
            "organisation: The Service Standards Board\nspeaker: Alex Reed\n"
            "role: chief executive\npronoun: they\nnational: true\n"
            "said: every request deserved a prompt answer\nparagraphs:\n"
            '  - "Services should answer people on time, wherever they live."\ncleared: true\n'
        )
    }
    for row in first:
        out[f"{row['slug']}.yaml"] = (
            f"organisation: {row['name']}\nplaces: [{row['slug']}]\n"
            "said: it was reviewing how requests were handled\nparagraphs:\n"
            '  - "We are working to answer every request quickly."\ncleared: true\n'
        )
    return out


def write_story(root: Path, places: int) -> Path:
    """Write the synthetic story of ``places`` places under ``root``; returns ``root``."""
    text, rows = places_csv(places)
    files = {
        "data/synth-places.csv": text,
        f"data/{STORY}/figures.csv": figures_csv(rows),
        f"data/{STORY}/outlets.yaml": outlets_yaml(rows),
        f"templates/{STORY}/story.yaml": MANIFEST,
    }
    files |= {f"quotes/{STORY}/{name}": body for name, body in quotes(rows).items()}
    for name in TEMPLATES:
        files[f"templates/{STORY}/{name}"] = (Path(__file__).parent / "synth" / name).read_text()
    for folder in (f"templates/{STORY}", f"data/{STORY}", f"quotes/{STORY}"):
        shutil.rmtree(root / folder, ignore_errors=True)
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return root


TEMPLATES = ("article.md.j2", "radio.j2", "roundup.md.j2", "radio-group.j2", "national.md.j2")
"""The story's templates, kept beside this script in bench/synth/."""

MANIFEST = """\
# A synthetic story written by bench/synth.py: generic requests to a public service.
title: Requests answered late

unit:
  singular: council
  plural: councils
  area: the country
  places: data/synth-places.csv

data:
  file: figures.csv
  name_column: code

measures:
  - key: late
    label: requests answered late
    numerator: late
    denominator: requests
    singular: request
    plural: requests
    topic: late answers
    passive: answered late
    active: was late with
    worse: higher
    change:
      numerator: late_earlier
      denominator: requests_earlier
      since: last year
  - key: refused
    label: requests refused
    numerator: refused
    denominator: requests
    singular: request
    plural: requests
    topic: refusals
    passive: refused
    active: refused
    worse: higher

funnel:
  method: exact
  dispersion: auto

outlets: data/synth/outlets.yaml

outputs:
  article:
    template: article.md.j2
    formats: [md, html, txt, docx, ninjs]
  radio:
    template: radio.j2
    formats: [md, txt]
    scope: place-radio
  roundup:
    template: roundup.md.j2
    formats: [md, html, txt, docx, ninjs]
    scope: group
  radio-roundup:
    template: radio-group.j2
    formats: [md, txt]
    scope: group-radio
  national:
    template: national.md.j2
    formats: [md, html, txt, docx, ninjs]
    scope: national

settings:
  period: this year

engine:
  credit: analysis of the service's own figures
  source: Synthetic figures made by bench/synth.py; not data about any real place
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--places", type=int, default=400)
    args = parser.parse_args()
    write_story(args.root, args.places)
    print(
        f"{args.places} places written under {args.root}; build with: drafts --root "
        f"{args.root} build {STORY}"
    )


if __name__ == "__main__":
    main()
