"""Build the shipped place registries in data/places/ from published ONS lookups.

Every fact comes from a public file (see data/places/README.md for each column's source):

- ``la_all_codes-2021.csv`` and ``la_all_codes-2023.csv``: drkane/geo-lookups ``la_all_codes.csv``
  at commits 281fce1 (May 2021: the April 2021 = LAD21 areas) and 0f50c58 (March 2024: the
  April 2023 areas), built from ONS's LAD, LTLA-to-UTLA and LAD-to-region lookups: codes, names,
  county (upper tier), region, country, and each retired code's successor;
- ``la_orgid_to_gss.csv``: drkane/geo-lookups at 9d9ee37 (February 2022), the gov.uk local
  authority registers matched to GSS codes: each council's organisation name;
- ``lad20_names_codes.csv``: jtrim-ons/ons-lookups ``csv/276.csv`` at 85d0ba6, ONS "Local
  Authority Districts (April 2020) Names and Codes in the United Kingdom" (LAD20NMW): Welsh
  names (the 22 Welsh principal areas did not change between 2020 and 2023);
- ``rgn_all_codes.csv``: drkane/geo-lookups at 0f50c58: the nine English regions.

Usage: ``python bench/build_places.py SOURCES [--out data/places]`` where SOURCES is a folder
holding those files under those names. The output is deterministic: run it twice, same bytes.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

import pandas as pd

KIND = {
    "E06": "unitary authority",
    "E07": "district",
    "E08": "metropolitan borough",
    "E09": "London borough",
    "W06": "principal area",
    "S12": "council area",
    "N09": "district",
}
"""The kind of council each GSS code prefix names (ONS's entity codes)."""

ARTICLE = re.compile(
    r"^(Isles? of |Vale of |Forest of |New Forest$|City of London$|East Riding of )"
    r"|( Islands| Hills| Moorlands| Dales| Valley| Borders| Hams)$"
)
"""Editorial rule: names read with "the" in running text ("the Isles of Scilly", "the Vale of
Glamorgan", "the Ribble Valley", "the Shetland Islands")."""

VARIANTS = {
    "E06000010": ["Hull"],
    "E06000033": ["Southend"],
    "E06000058": ["BCP"],
    "W06000016": ["Rhondda Cynon Taff"],
    "S12000013": ["Western Isles", "Eilean Siar"],
    "S12000023": ["Orkney"],
    "S12000027": ["Shetland"],
}
"""Common other spellings that no generic rule derives (editorial, from how national
statistics tables and newspapers write these names); keyed by code."""

NEW_COUNCILS = {
    "E06000063": "Cumberland Council",
    "E06000064": "Westmorland and Furness Council",
    "E06000065": "North Yorkshire Council",
    "E06000066": "Somerset Council",
}
"""The councils of April 2023, which the gov.uk registers (closed in 2022) never listed: the
names the councils' own sites and the Cumbria and Somerset structural change orders use."""

COLUMNS = [
    "code",
    "name",
    "short_name",
    "slug",
    "nation",
    "region",
    "county",
    "organisation",
    "article",
    "kind",
    "welsh_name",
    "variants",
    "previous",
]


def short_name(name: str) -> str:
    """ONS's inverted form read as a name: "Bristol, City of" is "Bristol"."""
    return re.sub(r", (City|County) of$", "", name)


def slugify(text: str) -> str:
    """``slugify("King's Lynn and West Norfolk")`` is ``"kings-lynn-and-west-norfolk"``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    plain = plain.lower().replace("&", " and ").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def welsh_names(sources: Path) -> dict[str, str]:
    """LAD20NMW by code (the file's UTF-8 was saved twice over: undo it)."""
    table = pd.read_csv(sources / "lad20_names_codes.csv", dtype=str).fillna("")
    fixed = table["LAD20NMW"].map(lambda s: s.encode("latin-1").decode("utf-8") if s else "")
    return {c: w for c, w in zip(table["LAD20CD"], fixed, strict=True) if w}


def organisations(sources: Path) -> pd.DataFrame:
    """The gov.uk registers' council names, by GSS code (active and retired)."""
    table = pd.read_csv(sources / "la_orgid_to_gss.csv", encoding="utf-8-sig", dtype=str)
    return table.dropna(subset=["gss_code"])[["gss_code", "name", "active"]]


def local_authorities(sources: Path, vintage: str) -> pd.DataFrame:
    """One row per council current in ``vintage`` (2021 or 2023), in code order."""
    table = pd.read_csv(sources / f"la_all_codes-{vintage}.csv", dtype=str).fillna("")
    current = table[table["Current"] == "TRUE"].sort_values("LADCD").copy()
    orgs = organisations(sources)
    org_of = dict(zip(orgs["gss_code"], orgs["name"], strict=True)) | NEW_COUNCILS
    welsh = welsh_names(sources)
    names = set(current["LADNM"])
    retired = table[table["Current"] != "TRUE"]
    previous: dict[str, list[str]] = {}
    for _, row in retired.sort_values("LADCD").iterrows():
        entries = previous.setdefault(row["LADCD_ACTIVE"], [])
        if row["LADNM"] not in names:  # a retired name, not a code change of a kept one
            entries.append(row["LADNM"])
            if org_of.get(row["LADCD"]):
                entries.append(org_of[row["LADCD"]])
        entries.append(row["LADCD"])
    out = pd.DataFrame({"code": current["LADCD"], "name": current["LADNM"]})
    out["short_name"] = out["name"].map(short_name)
    out["slug"] = out["short_name"].map(slugify)
    out["nation"] = current["CTRYNM"].to_numpy()
    regions = current["RGNNM"].where(current["RGNNM"] != "", current["CTRYNM"])
    out["region"] = regions.to_numpy()
    county = current["UTLANM"].where(current["LADCD"].str.startswith("E07"), "")
    out["county"] = county.to_numpy()
    out["organisation"] = out["code"].map(org_of).fillna("")
    out["article"] = out["short_name"].map(lambda n: "the" if ARTICLE.search(n) else "")
    out["kind"] = out["code"].str[:3].map(KIND)
    out["welsh_name"] = out["code"].map(welsh).fillna("")
    same = out["welsh_name"] == out["name"]
    out.loc[same, "welsh_name"] = ""
    variants = [
        ";".join(v for v in [w, *VARIANTS.get(c, [])] if v)
        for c, w in zip(out["code"], out["welsh_name"], strict=True)
    ]
    out["variants"] = variants
    out["previous"] = out["code"].map(lambda c: ";".join(previous.get(c, [])))
    assert out["slug"].is_unique and out["code"].is_unique, "slugs and codes must be unique"
    return out[COLUMNS]


def regions(sources: Path) -> pd.DataFrame:
    """The nine English regions, then Wales, Scotland and Northern Ireland as regions."""
    table = pd.read_csv(sources / "rgn_all_codes.csv", dtype=str)
    england = pd.DataFrame({"code": table["RGNCD"], "name": table["RGNNM"], "nation": "England"})
    nations = pd.DataFrame(
        {
            "code": ["W92000004", "S92000003", "N92000002"],
            "name": ["Wales", "Scotland", "Northern Ireland"],
        }
    )
    nations["nation"] = nations["name"]
    out = pd.concat([england, nations], ignore_index=True)
    out["short_name"] = out["name"]
    out["slug"] = out["name"].map(slugify)
    out["region"] = out["name"]
    starts = ("North ", "South ", "East ", "West ")
    out["article"] = out["name"].map(lambda n: "the" if n.startswith(starts) else "")
    return out[["code", "name", "short_name", "slug", "nation", "region", "article"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", type=Path)
    parser.add_argument("--out", type=Path, default=Path("data/places"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for vintage, name in (
        ("2021", "local-authorities.csv"),
        ("2023", "local-authorities-2023.csv"),
    ):
        local_authorities(args.sources, vintage).to_csv(args.out / name, index=False)
    regions(args.sources).to_csv(args.out / "regions.csv", index=False)


if __name__ == "__main__":
    main()
