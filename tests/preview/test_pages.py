"""The preview's sentence diff, banner, changes page and policy, without a server."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import generator.pipeline
from generator.delivery.diff import Change
from generator.preview.pages import changes_page, inject, page_folder, widen
from generator.preview.rebuild import Preview, Shown

POLICY = "default-src &#39;none&#39;; img-src &#39;self&#39;"
PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta http-equiv="Content-Security-Policy" content="{POLICY}">
<title>Northshire</title>
</head>
<body class="x">
<main><p>Text</p></main>
</body>
</html>
"""


def _build(folder: Path, texts: dict[str, str]) -> None:
    """A finished build with one draft per ``texts`` key (its draft.md holding the value)."""
    outputs, drafts = [], []
    for slug, text in texts.items():
        (folder / slug).mkdir(parents=True)
        (folder / slug / "draft.md").write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode()).hexdigest()
        outputs.append({"path": f"{slug}/draft.md", "sha256": digest})
        name = slug.title()
        drafts.append({"folder": slug, "name": name, "kind": "place", "files": ["draft.md"]})
    manifest = {"story": folder.name, "drafts": drafts, "outputs": outputs, "inputs": []}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_the_sentences_a_rebuild_changed_across_places(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(
        out / ".tiny.previous",
        {
            "north": "# North\n\nLate letters rose. Parcels were lost.\n\nThe council said sorry.",
            "south": "# South\n\nNothing changed here.",
        },
    )
    _build(
        out / "tiny",
        {
            "north": "# North\n\nLate letters rose. Parcels went missing.\n\nThe council said "
            "sorry.",
            "south": "# South\n\nNothing changed here.",
        },
    )
    changes = Preview(tmp_path, "tiny", out)._compare()
    assert [c.folder for c in changes] == ["north"]
    assert changes[0].sentences == {"draft.md": (["Parcels were lost."], ["Parcels went missing."])}


def test_no_previous_build_means_no_changes(tmp_path: Path) -> None:
    _build(tmp_path / "out" / "tiny", {"north": "Text."})
    assert Preview(tmp_path, "tiny", tmp_path / "out")._compare() == []


def test_the_changes_page_strikes_out_old_and_marks_new_sentences_escaped(
    tmp_path: Path,
) -> None:
    changes = (
        Change("north", "North <b>Council</b>", "changed", {"d.md": (["A & B."], ["<i>C</i>."])}),
        Change("gone", "Gone", "removed"),
    )
    (tmp_path / "out/tiny/site").mkdir(parents=True)
    (tmp_path / "out/tiny/site/north.html").write_text("page", encoding="utf-8")
    page = changes_page(Shown("tiny", generation=3, changes=changes), tmp_path / "out/tiny")
    assert '<a href="/site/north.html">North &lt;b&gt;Council&lt;/b&gt;</a>' in page
    assert '<li class="gone"><del>A &amp; B.</del></li>' in page
    assert '<li class="new"><ins>&lt;i&gt;C&lt;/i&gt;.</ins></li>' in page
    assert "<p>This draft was removed.</p>" in page
    assert "two drafts, one sentence struck out, one sentence new" in page
    assert "<i>" not in page and "<b>" not in page


def test_a_served_page_gets_the_banner_and_the_script_and_nothing_else_changes() -> None:
    shown = Shown(
        "tiny",
        generation=7,
        changes=(Change("north", "North", "changed", {"draft.md": (["Old."], ["New one."])}),),
        error="templates/tiny/draft.md.j2, line 1: unexpected '<script>alert(1)</script>'",
    )
    served = inject(PAGE, shown, "north")
    assert '<script src="/__drafts__/reload.js" defer></script>\n</head>' in served
    assert '<body class="x">\n<div id="drafts-preview"' in served
    assert 'data-generation="7"' in served
    assert '<ul id="drafts-new" hidden><li>New one.</li></ul>' in served
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in served
    assert "<script>alert" not in served
    widened = "default-src 'none'; img-src 'self'; script-src 'self'".replace("'", "&#x27;")
    assert widened in served
    banner_free = served.split('<div id="drafts-preview"')[0] + served.split("</div></div>\n", 1)[1]
    assert "<main><p>Text</p></main>" in banner_free


@pytest.mark.parametrize(
    ("policy", "widened"),
    [
        ("default-src 'self'", "default-src 'self'"),
        (
            "default-src 'none'",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'",
        ),
        (
            "default-src 'none'; script-src 'self'; connect-src 'none'",
            "default-src 'none'; script-src 'self'; connect-src 'none' 'self'; style-src 'self'",
        ),
        ("img-src 'self'", "img-src 'self'"),
    ],
)
def test_a_pages_own_policy_is_widened_only_for_the_preview(policy: str, widened: str) -> None:
    assert widen(policy) == widened


def test_page_folder() -> None:
    assert page_folder("site/hampshire.html") == "hampshire"
    assert page_folder("site/partners/basingstoke-gazette.html") == "partners/basingstoke-gazette"
    assert page_folder("hampshire/article.html") is None


def test_a_saved_file_is_watched_only_when_the_story_reads_it(tmp_path: Path) -> None:
    preview = Preview(tmp_path, "tiny", tmp_path / "out")
    preview.extra = {(tmp_path / "data/places.csv").resolve()}
    assert preview.watched(tmp_path / "templates/tiny/draft.md.j2")
    assert preview.watched(tmp_path / "data/tiny/figures.csv")
    assert preview.watched(tmp_path / "quotes/tiny/a.yaml")
    assert preview.watched(tmp_path / "data/places.csv")
    assert not preview.watched(tmp_path / "data/other/figures.csv")
    assert not preview.watched(tmp_path / "templates/tiny-two/draft.md.j2")


def test_an_unexpected_error_in_a_build_is_shown_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("<boom>")

    monkeypatch.setattr(generator.pipeline, "build", broken)
    preview = Preview(tmp_path, "tiny", tmp_path / "out")
    assert preview.rebuild() is True
    assert preview.shown.error == "unexpected error (RuntimeError: <boom>); see the terminal"
    assert preview.shown.generation == 1
    assert not preview.busy
    assert preview.rebuild() is False  # the same error again: nothing new to show
