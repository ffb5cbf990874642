"""The ninjs output: every draft validates against IPTC's official ninjs 2.1 schema, and its
fields carry the draft's headline, body, embargo, place and warnings."""

from __future__ import annotations

import datetime
import html
import json
import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema
import pytest
from conftest import ROOT, STORY, copy_project, name_with_script, read, run
from PIL import Image

from generator.delivery.newsroom import NewsroomMeta
from generator.outputs.writers import WRITERS, Draft
from generator.pipeline import BuildResult, build

pytestmark = pytest.mark.slow  # every test here builds whole stories or drives a browser

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas/ninjs-schema_2.1.json"
EMBARGO_LINE = "EMBARGOED UNTIL 00:01 FRIDAY 23 OCTOBER 2020"


def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validator() -> jsonschema.protocols.Validator:
    """A validator of the class the schema declares (``$schema``), checking formats too."""
    schema = load_schema()
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def ninjs_files(result: BuildResult) -> list[Path]:
    return sorted(result.out_dir.rglob("*.ninjs.json"))


def load(result: BuildResult, folder: str, name: str = "article.ninjs.json") -> dict[str, Any]:
    return json.loads(read(result, folder, name))


def html_body(doc: dict[str, Any]) -> str:
    (body,) = [b["value"] for b in doc["bodies"] if b.get("contenttype") == "text/html"]
    return body


@pytest.fixture(scope="module")
def embargoed(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Every draft of the bundled story, built once with an embargo."""
    return build(ROOT, STORY, out=tmp_path_factory.mktemp("ninjs"), embargo="2020-10-23 00:01")


def test_bundled_schema_is_a_valid_json_schema_for_ninjs_2_1() -> None:
    schema = load_schema()
    cls = jsonschema.validators.validator_for(schema, default=None)
    assert cls is jsonschema.Draft202012Validator
    cls.check_schema(schema)
    assert schema["$id"] == "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json#"
    assert schema["title"].startswith("IPTC ninjs - News in JSON - version 2.1")
    assert schema["required"] == ["uri"]


def test_schema_rejects_properties_it_does_not_define() -> None:
    # So the validation below means something: ninjs 1.x's "mimetype" is gone in 2.x.
    errors = list(validator().iter_errors({"uri": "urn:x:y", "mimetype": "text/html"}))
    assert [e.validator for e in errors] == ["unevaluatedProperties"]


def test_every_ninjs_file_validates_against_the_schema(embargoed: BuildResult) -> None:
    check = validator()
    files = ninjs_files(embargoed)
    problems = [
        f"{path.relative_to(embargoed.out_dir)}: {error.json_path}: {error.message}"
        for path in files
        for error in check.iter_errors(json.loads(path.read_text(encoding="utf-8")))
    ]
    assert files
    assert problems == [], "\n".join(problems)


def test_every_prose_draft_has_a_ninjs_file(embargoed: BuildResult) -> None:
    def with_ninjs(kind: str) -> list[str]:
        drafts = embargoed.of_kind(kind)
        assert drafts, kind
        missing = [
            d.folder for d in drafts if not any(n.endswith(".ninjs.json") for n in d.file_names)
        ]
        assert missing == [], kind
        return [d.folder for d in drafts]

    assert len(with_ninjs("place")) == 43
    assert with_ninjs("national") == ["national"]
    partners = with_ninjs("partner")
    assert len(partners) == 16
    names = {p.name for p in ninjs_files(embargoed)}
    assert {"article.ninjs.json", "roundup.ninjs.json", "national.ninjs.json"} <= names
    # Files on disk match what the build says it wrote, one per draft at least.
    on_disk = {p.parent.relative_to(embargoed.out_dir).as_posix() for p in ninjs_files(embargoed)}
    assert {*with_ninjs("place"), "national", *partners} <= on_disk


def test_hampshire_ninjs_carries_the_draft(embargoed: BuildResult) -> None:
    doc = load(embargoed, "hampshire")
    article = read(embargoed, "hampshire")
    (headline,) = [line[2:] for line in article.splitlines() if line.startswith("# ")][:1]

    assert doc["uri"] == "urn:local-drafts:cancelled-crimes/hampshire/article"
    assert doc["standard"]["name"] == "ninjs" and doc["standard"]["version"] == "2.1"
    assert doc["type"] == "text" and doc["representationtype"] == "full"
    assert doc["embargoed"] == "2020-10-23T00:01:00+01:00"
    when = datetime.datetime.fromisoformat(doc["embargoed"])
    assert when.utcoffset() == datetime.timedelta(hours=1)
    # its own figures are published, its ranks and national rates rest on stand-ins: withheld
    assert doc["pubstatus"] == "withheld"
    short = next(ln.split(": ", 1)[1] for ln in article.splitlines() if ln.startswith("- Short"))
    assert doc["headlines"] == [
        {"role": "main", "contenttype": "text/plain", "value": headline},
        {"role": "short", "contenttype": "text/plain", "value": short},
    ]
    assert doc["located"] == "Hampshire"  # the place, not the force
    assert doc["places"][0] == {
        "name": "Hampshire",
        "uri": "http://statistics.data.gov.uk/id/statistical-geography/E23000030",
        "literal": "E23000030",
    }
    # then its areas, then every other district it covers, each with its ONS code
    covered = [
        ("Isle of Wight", "E06000046"),
        ("Portsmouth", "E06000044"),
        ("Southampton", "E06000045"),
        ("Basingstoke and Deane", "E07000084"),
        ("East Hampshire", "E07000085"),
        ("Eastleigh", "E07000086"),
        ("Fareham", "E07000087"),
        ("Gosport", "E07000088"),
        ("Hart", "E07000089"),
        ("Havant", "E07000090"),
        ("New Forest", "E07000091"),
        ("Rushmoor", "E07000092"),
        ("Test Valley", "E07000093"),
        ("Winchester", "E07000094"),
    ]
    assert doc["places"][1:] == [
        {
            "name": name,
            "uri": f"http://statistics.data.gov.uk/id/statistical-geography/{code}",
            "literal": code,
        }
        for name, code in covered
    ]
    assert doc["language"] == "en-GB"
    assert doc["by"] == "Analysis by the BBC Shared Data Unit"
    assert doc["copyrightholder"] == "BBC"
    assert doc["usageterms"] == "Credit: Analysis by the BBC Shared Data Unit."
    topics = [s for s in doc["subjects"] if "literal" in s]
    assert {"name": "law enforcement", "literal": "medtop:20000129"}.items() <= topics[2].items()
    assert topics[2]["uri"] == "http://cv.iptc.org/newscodes/mediatopic/20000129"
    assert all(re.fullmatch(r"medtop:\d{8}", s["literal"]) for s in topics)
    assert [s["name"] for s in doc["subjects"] if "literal" not in s][:2] == [
        "incorrect cancellation of sexual offences",
        "incorrect cancellation of rape reports",
    ]
    assert EMBARGO_LINE in doc["ednote"]
    # The notes to editors are in ednote, and not in the body.
    assert "- Short headline: Hampshire ranks worst on sex crimes" in doc["ednote"].splitlines()
    assert "Notes for editors" not in html_body(doc)
    assert "Short headline" not in html_body(doc)
    # A version a CMS can act on, with its times in ISO 8601 with an offset.
    assert doc["version"] == "1"
    for key in ("firstcreated", "versioncreated"):
        assert datetime.datetime.fromisoformat(doc[key]).utcoffset() is not None, key
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", doc[key]), key
    assert doc["firstcreated"] == doc["versioncreated"]
    # The charts beside the draft, each with its renditions.
    (chart,) = [a for a in doc["associations"] if a["name"] == "chart"]
    assert chart["uri"] == doc["uri"] + "/chart" and chart["type"] == "graphic"
    assert chart["descriptions"][0]["value"].startswith("Bar chart: ")
    svg, png = chart["renditions"]
    assert svg["href"] == "chart.svg" and svg["contenttype"] == "image/svg+xml"
    assert png["href"] == "chart.png" and png["contenttype"] == "image/png"
    with Image.open(embargoed.out_dir / "hampshire/chart.png") as image:
        assert (png["width"], png["height"]) == image.size
    assert png["sizeinbytes"] == (embargoed.out_dir / "hampshire/chart.png").stat().st_size

    body = html_body(doc)
    assert "It affirms our officers and staff are victim focused" in body
    assert "Assistant Chief Constable Craig Dibdin" in body
    assert "<h1" not in body
    # the embargo, then the banner its stand-in comparisons earn (as in ednote), then the lede
    (banner,) = doc["ednote"].split("\nNotes for editors:")[0].splitlines()[1:]
    assert banner.startswith(
        "ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION: Hampshire Constabulary's own figures"
    )
    opening = "".join(
        f"<p><strong>{html.escape(line)}</strong></p>\n" for line in [EMBARGO_LINE, banner]
    )
    assert body.startswith(f"{opening}<p>Nine of 17 (53 per cent)")
    (text,) = [b["value"] for b in doc["bodies"] if b["contenttype"] == "text/plain"]
    assert text.startswith(
        f"{EMBARGO_LINE}\n\n{banner}\n\nNine of 17 (53 per cent) sexual offences"
    )
    assert headline not in text


def test_illustrative_draft_is_flagged_and_withheld(embargoed: BuildResult) -> None:
    doc = load(embargoed, "cheshire")
    assert "ILLUSTRATIVE" in doc["ednote"]
    assert "NO RESPONSE FROM CHESHIRE CONSTABULARY" in doc["ednote"]
    assert doc["ednote"].splitlines()[0] == EMBARGO_LINE
    assert doc["pubstatus"] == "withheld"
    assert "<p><strong>ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION: " in html_body(doc)


def test_no_embargo_means_no_embargoed_value(built: BuildResult) -> None:
    check = validator()
    files = ninjs_files(built)
    assert files
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert "embargoed" not in doc, path
        assert "EMBARGOED" not in doc.get("ednote", ""), path
        assert list(check.iter_errors(doc)) == [], path
    # Without an embargo, Hampshire's editor's note is its illustrative banner, then its notes.
    banner, notes = load(built, "hampshire")["ednote"].split("\n", 1)
    assert banner.startswith("ILLUSTRATIVE FIGURES – NOT FOR PUBLICATION: Hampshire")
    assert notes.lstrip("\n").startswith("Notes for editors:\n- Short headline")


def make_draft() -> Draft:
    text = "# Eastshire <b>news</b>\n\nEastshire <script>x</script> said so.\n"
    escaped = (
        "# Eastshire &lt;b&gt;news&lt;/b&gt;\n\nEastshire &lt;script&gt;x&lt;/script&gt; said so.\n"
    )
    meta = NewsroomMeta(
        id="tiny/eastshire/draft",
        title="Letters late",
        kind="place",
        about="Eastshire",
        located="Eastshire",
        embargoed=None,
        credit="analysis by a unit",
        source="a source",
        version="2",
        subjects=("late delivery of letters",),
        language="en-GB",
    )
    return Draft("draft", text, escaped, ("CHECK <THIS>",), None, meta)


def test_writing_the_same_draft_twice_gives_identical_text() -> None:
    write = WRITERS["ninjs"].write
    draft = make_draft()
    first = write(draft)
    assert isinstance(first, str) and first.endswith("}\n")
    assert write(draft) == first
    assert write(make_draft()) == first  # a fresh draft, nothing cached


def test_a_hand_made_draft_gives_a_valid_item() -> None:
    doc = json.loads(WRITERS["ninjs"].write(make_draft()))
    assert list(validator().iter_errors(doc)) == []
    assert WRITERS["ninjs"].extension == "ninjs.json"
    assert "embargoed" not in doc
    assert doc["version"] == "2"
    assert doc["headlines"][0]["value"] == "Eastshire <b>news</b>"  # plain text, from the # line
    body = html_body(doc)
    assert body == (
        "<p><strong>CHECK &lt;THIS&gt;</strong></p>\n"
        "<p>Eastshire &lt;script&gt;x&lt;/script&gt; said so.</p>\n"
    )


def test_data_is_escaped_in_ninjs_html(tiny: Path, tmp_path: Path) -> None:
    manifest = tiny / "templates/tiny/story.yaml"
    manifest.write_text(manifest.read_text().replace("[md, txt, html]", "[md, txt, html, ninjs]"))
    name_with_script(tiny)
    result = build(tiny, "tiny", out=tmp_path / "out")
    doc = load(result, "eastshire", "draft.ninjs.json")
    assert list(validator().iter_errors(doc)) == []
    body = html_body(doc)
    assert "<script" not in body.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    # Plain-text fields hold the name as text, as ninjs intends.
    assert doc["title"].endswith(": Eastshire <script>alert(1)</script>")


# --- versions across builds ---------------------------------------------------------------


def ninjs_bytes(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.ninjs.json"))
    }


def without_stamps(data: bytes) -> dict[str, Any]:
    doc = json.loads(data)
    return {k: v for k, v in doc.items() if k not in ("version", "firstcreated", "versioncreated")}


def test_a_correction_raises_the_version_of_the_changed_drafts_and_only_theirs(
    tmp_path: Path,
) -> None:
    project = copy_project(ROOT, tmp_path / "a")
    out = project / "out" / STORY
    build(project, STORY)
    before = ninjs_bytes(out)
    quote = project / "quotes" / STORY / "hampshire-constabulary.yaml"
    quote.write_text(quote.read_text().replace("progress has been made", "progress was made"))
    twin = Path(shutil.copytree(project, tmp_path / "b"))  # the same inputs and last build

    result = build(project, STORY)  # incremental: keeps what did not change
    assert any(d.reused for d in result.drafts)
    after = ninjs_bytes(out)
    assert after.keys() == before.keys()
    changed = {k for k in after if without_stamps(after[k]) != without_stamps(before[k])}
    # Hampshire's own draft and the partners' copies that carry the quote; nothing else.
    assert "hampshire/article.ninjs.json" in changed
    assert "partners/isle-of-wight-county-press/article.ninjs.json" in changed
    assert "national/national.ninjs.json" not in changed
    assert len(changed) < len(after) // 4
    for name, data in after.items():
        old, new = json.loads(before[name]), json.loads(data)
        if name in changed:
            assert new["uri"] == old["uri"], name
            assert new["version"] == "2", name
            assert new["firstcreated"] == old["firstcreated"], name
            assert new["versioncreated"] >= old["versioncreated"], name
        else:
            assert data == before[name], name  # byte for byte, version 1 and its times

    # A fresh build of the same inputs after the same last build makes the same versions.
    build(twin, STORY, fresh=True)
    assert ninjs_bytes(twin / "out" / STORY) == after
    # Building again with nothing changed keeps version 2: it rises only with a change.
    build(twin, STORY, fresh=True)
    assert ninjs_bytes(twin / "out" / STORY) == after


def hrefs(doc: dict[str, Any]) -> list[str]:
    return [r["href"] for a in doc.get("associations", []) for r in a["renditions"]]


def test_every_chart_link_resolves_in_out_and_in_every_pack(embargoed: BuildResult) -> None:
    """A CMS reads the item's ``href`` beside the item: in out/ and inside a partner's zip."""
    out = embargoed.out_dir
    linked = 0
    for path in ninjs_files(embargoed):
        for href in hrefs(json.loads(path.read_text(encoding="utf-8"))):
            assert (path.parent / href).is_file(), f"{path.relative_to(out)}: {href}"
            linked += 1
    assert linked
    for zip_path in sorted((out / "packs").glob("*.zip")):
        with zipfile.ZipFile(zip_path) as archive:
            names = set(archive.namelist())
            for name in sorted(n for n in names if n.endswith(".ninjs.json")):
                folder = PurePosixPath(name).parent
                for href in hrefs(json.loads(archive.read(name))):
                    assert (folder / href).as_posix() in names, f"{zip_path.name}: {name}: {href}"
    # An outlet's copy carries its place's charts: the Basingstoke Gazette's is Hampshire's.
    copy = load(embargoed, "partners/basingstoke-gazette")
    assert hrefs(copy) and hrefs(copy) == hrefs(load(embargoed, "hampshire"))
    for href in hrefs(copy):
        mine, theirs = out / "partners/basingstoke-gazette" / href, out / "hampshire" / href
        assert mine.read_bytes() == theirs.read_bytes()
    assert hrefs(load(embargoed, "partners/bbc-news-online", "national.ninjs.json"))


def test_places_name_the_areas_covered_with_their_codes(embargoed: BuildResult) -> None:
    places = {p["name"]: p.get("literal") for p in load(embargoed, "hampshire")["places"]}
    assert places["Hampshire"] == "E23000030"
    assert places["Isle of Wight"] == "E06000046"
    assert places["Portsmouth"] == "E06000044" and places["Southampton"] == "E06000045"
    assert places["Winchester"] == "E07000094" and places["Basingstoke and Deane"] == "E07000084"
    assert all(places.values())


def test_a_chart_change_raises_an_outlet_copys_version(tmp_path: Path) -> None:
    """The outlet's copy shows the place's charts, so a change to them alone is a new version."""
    project = copy_project(ROOT, tmp_path / "p")
    out = project / "out" / STORY
    build(project, STORY)
    name = "partners/basingstoke-gazette/article.ninjs.json"
    chart = json.loads((out / name).read_bytes())["associations"][0]["renditions"][0]["href"]
    (out / "partners/basingstoke-gazette" / chart).write_bytes(b"<svg/>")  # as if redrawn
    build(project, STORY, fresh=True)
    assert json.loads((out / name).read_bytes())["version"] == "2"


def test_a_build_into_a_new_folder_keeps_the_released_versions(tmp_path: Path) -> None:
    """After a release, the ledger it writes (releases/<story>.json) is the floor: a build on
    another machine or into an empty folder neither goes back to version 1 nor changes the
    released items' bytes, and a correction there is one version higher than was sent."""
    project = copy_project(ROOT, tmp_path / "p")
    out = project / "out" / STORY
    build(project, STORY)
    quote = project / "quotes" / STORY / "hampshire-constabulary.yaml"
    quote.write_text(quote.read_text().replace("progress has been made", "progress was made"))
    build(project, STORY)
    name = "hampshire/article.ninjs.json"
    assert json.loads((out / name).read_bytes())["version"] == "2"
    sent = run(project, "release", "--story", STORY, "--before-embargo", "--include-flagged")
    assert sent.exit_code == 0, sent.output
    ledger = project / "releases" / f"{STORY}.json"
    recorded = {d["uri"]: d for d in json.loads(ledger.read_text(encoding="utf-8"))["drafts"]}
    assert recorded[json.loads((out / name).read_bytes())["uri"]]["version"] == "2"
    released = {k: v for k, v in ninjs_bytes(out).items() if json.loads(v)["uri"] in recorded}
    assert name in released and len(released) > 20
    before = ninjs_bytes(out)
    build(project, STORY)  # the ledger is new, so every draft is stamped again: the same bytes
    assert ninjs_bytes(out) == before

    elsewhere = tmp_path / "elsewhere"  # a new, empty output folder
    build(project, STORY, out=elsewhere)
    again = ninjs_bytes(elsewhere / STORY)
    assert {k: again[k] for k in released if k in again} == released  # byte for byte
    quote.write_text(quote.read_text().replace("progress was made", "progress had been made"))
    build(project, STORY, out=tmp_path / "third", fresh=True)
    assert json.loads((tmp_path / "third" / STORY / name).read_bytes())["version"] == "3"
    # The release wrote this story's ledger and nothing else there.
    assert sorted(p.name for p in ledger.parent.iterdir()) == [f"{STORY}.json"]
