"""Quotes are printed verbatim, attributed, and left out when not cleared."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import FIXTURES, ROOT, read
from hypothesis import given
from hypothesis import strategies as st

from generator.base.errors import DraftsError
from generator.checks.factcheck import check_numbers
from generator.drafts.freeze import freeze
from generator.drafts.render import Renderer
from generator.inputs.places import Places
from generator.inputs.quotes import MAX_CHARS, curly, load_quotes
from generator.pipeline import build

SEED = (FIXTURES / "seed-hampshire.txt").read_text(encoding="utf-8")


def _paragraphs(path: Path) -> list[str]:
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("paragraphs") or []


def _page_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_dibdin_paragraphs_are_the_seed_words() -> None:
    for paragraph in _paragraphs(ROOT / "quotes/cancelled-crimes/hampshire-constabulary.yaml"):
        assert paragraph in SEED


def test_every_cleared_quote_appears_verbatim_in_every_format(built) -> None:
    quote_files = sorted((ROOT / "quotes/cancelled-crimes").glob("*.yaml"))
    assert quote_files
    for path in quote_files:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        slugs = [d.slug for d in built.of_kind("place")] if raw.get("national") else raw["places"]
        texts = [*raw.get("paragraphs", []), *([raw["said"]] if raw.get("said") else [])]
        texts = [curly(t) for t in texts]  # the loader makes straight marks curly
        for slug in slugs:
            md, txt = read(built, slug), read(built, slug, "article.txt")
            page = _page_text(read(built, slug, "article.html"))
            for text in texts:
                assert text in md and text in txt and text in page, (path.name, slug, text)


def test_national_responses_appear_in_every_draft(built) -> None:
    for draft in built.of_kind("place"):
        text = read(built, draft.slug)
        assert "the Home Office said forces received “clear guidance”" in text
        assert "The charity Rape Crisis said the findings were “completely unacceptable”" in text


def test_a_force_with_no_response_is_approached_and_flagged(built) -> None:
    text = read(built, "cheshire")
    assert "Cheshire Constabulary has been approached for comment." in text
    assert "EDITOR: NO RESPONSE FROM CHESHIRE CONSTABULARY YET" in text.splitlines()[2]
    assert sum(d.awaiting_response for d in built.of_kind("place")) == 42


@pytest.mark.slow
def test_tricky_quote_text_survives_every_format(tiny: Path, tmp_path: Path) -> None:
    result = build(tiny, "tiny", out=tmp_path / "out")
    words = "We are <b>sorry</b> & we’ll do better — “promise”."  # the apostrophe made curly
    md = read(result, "northshire", "draft.md")
    # In Markdown the tag is escaped, so any Markdown reader shows the words, not bold text.
    assert "We are &lt;b&gt;sorry&lt;/b&gt; & we’ll do better — “promise”." in md
    assert "<b>" not in md
    assert words in _page_text(markdown.markdown(md))
    assert words in read(result, "northshire", "draft.txt")
    page = read(result, "northshire", "draft.html")
    assert "<b>sorry</b>" not in page  # escaped: inert on the page
    assert words in _page_text(page)


@pytest.mark.slow
def test_uncleared_quote_is_left_out_with_a_warning(tiny: Path, tmp_path: Path) -> None:
    result = build(tiny, "tiny", out=tmp_path / "out")
    assert "Not yet cleared." not in read(result, "southshire", "draft.md")
    assert result.warnings[0] == "quotes/tiny/withheld.yaml: not cleared for use, left out"
    # The only other warnings are house style's: the tiny template writes no short headline.
    no_short = "draft.md: no short headline (a notes line '- Short headline: ...')"
    places = ("northshire", "southshire", "eastshire", "westshire", "midshire")
    assert sorted(result.warnings[1:]) == sorted(f"out/tiny/{p}/{no_short}" for p in places)


# Curly quotes: made once, where quote text is loaded.


@pytest.mark.parametrize(
    ("straight", "typeset"),
    [
        ('said forces received "clear guidance"', "said forces received “clear guidance”"),
        ('"Yes," he said.', "“Yes,” he said."),
        ("it's the forces' fault", "it’s the forces’ fault"),
        ("'Yes', she said", "‘Yes’, she said"),
        ("in the '90s", "in the ’90s"),
        ('("quoted")', "(“quoted”)"),
        ('a decision — "wrong"', "a decision — “wrong”"),
        ("already “curly” and it’s", "already “curly” and it’s"),
        ("He said: \"It's 'fine'.\"", "He said: “It’s ‘fine’.”"),
    ],
)
def test_curly_quotes(straight: str, typeset: str) -> None:
    assert curly(straight) == typeset


@given(st.text())
def test_curly_leaves_no_straight_mark_and_changes_nothing_else(text: str) -> None:
    out = curly(text)
    assert '"' not in out and "'" not in out
    assert len(out) == len(text)
    for before, after in zip(text, out, strict=True):
        if before not in "\"'":
            assert after == before
    assert curly(out) == out


def test_every_draft_prints_curly_quotes(built) -> None:
    for draft in built.of_kind("place"):
        for name in ("article.md", "article.txt"):
            text = read(built, draft.slug, name)
            assert "“clear guidance”" in text
            assert '"clear guidance"' not in text


# Reported speech and context paragraphs.

_PLACES = ROOT / "data/police-forces.csv"
_KEYS = ["sexual", "rape", "violence", "robbery", "victims"]


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


def _load(folder: Path):
    return load_quotes(folder, Places.load(_PLACES), folder.parent, measures=_KEYS)


_RESPONSE = """organisation: Hampshire Constabulary
pronoun: it
places: [hampshire]
said: it was "getting better"
reported:
  - "The force says it's corrected five of them."
context:
  - "Inspectors called it 'disappointing'."
  - text: "For rape, a 'misinterpretation'."
    about: rape
cleared: true
"""


def test_reported_and_context_are_loaded_curly_and_in_the_facts(tmp_path: Path) -> None:
    _write(tmp_path / "q", "force", _RESPONSE)
    (quote,) = _load(tmp_path / "q").quotes
    assert quote.said == "it was “getting better”"
    assert quote.reported == ("The force says it’s corrected five of them.",)
    assert [(n.text, n.about) for n in quote.context] == [
        ("Inspectors called it ‘disappointing’.", None),
        ("For rape, a ‘misinterpretation’.", "rape"),
    ]
    assert [n.text for n in quote.context_about("rape")] == ["For rape, a ‘misinterpretation’."]
    facts = quote.as_dict()
    assert facts["reported"] == list(quote.reported)
    assert facts["context"][1] == {"text": "For rape, a ‘misinterpretation’.", "about": "rape"}
    # Templates see frozen, inert data.
    view = freeze(quote)
    assert view.context[1].about == "rape" and view.reported[0] == quote.reported[0]


def test_reported_and_context_are_cleared_like_quotes(tmp_path: Path) -> None:
    _write(tmp_path / "q", "force", _RESPONSE.replace("cleared: true", "cleared: false"))
    book = _load(tmp_path / "q")
    assert book.quotes == [] and book.warnings


def test_a_context_item_about_an_unknown_measure_names_the_measures(tmp_path: Path) -> None:
    _write(tmp_path / "q", "force", _RESPONSE.replace("about: rape", "about: rapes"))
    with pytest.raises(DraftsError) as err:
        _load(tmp_path / "q")
    message = str(err.value)
    assert "q/force.yaml" in message and "context.about" in message and "rapes" in message
    assert "Did you mean 'rape'?" in message
    assert "sexual, rape, violence, robbery, victims" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("reported:\n  - ", "reported:\n  - [1, 2]\n  - ", "'reported': must be a list"),
        ("  - text: ", "  - 12\n  - text: ", "'context': item 2 is not a paragraph"),
        ("    about: rape", "    about: rape\n    where: top", "'context.where'"),
        ("reported:\n  - ", f"reported:\n  - {'x' * (MAX_CHARS + 1)}\n  - ", "more than"),
    ],
)
def test_bad_reported_or_context_is_named(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    _write(tmp_path / "q", "force", _RESPONSE.replace(old, new, 1))
    with pytest.raises(DraftsError) as err:
        _load(tmp_path / "q")
    assert "q/force.yaml" in str(err.value) and expected in str(err.value)


def test_too_many_reported_paragraphs_are_refused(tmp_path: Path) -> None:
    many = "".join(f'  - "Paragraph {i}."\n' for i in range(41))
    _write(tmp_path / "q", "force", _RESPONSE.replace("reported:\n", "reported:\n" + many))
    with pytest.raises(DraftsError, match="'reported': has 42 paragraphs, more than 40"):
        _load(tmp_path / "q")


def test_hampshire_files_carry_the_seed_facts_not_yet_quoted() -> None:
    book = load_quotes(ROOT / "quotes/cancelled-crimes", Places.load(_PLACES), ROOT, measures=_KEYS)
    force = next(q for q in book.quotes if q.id == "hampshire-constabulary")
    inspectors = next(q for q in book.quotes if q.id == "hmicfrs-hampshire")
    reported = " ".join(force.reported)
    for fact in (
        "five of the sexual offences",
        "one of the robberies",
        "97 per cent",
        "100 per cent for rape and robbery",
        "before the inspection",
        "steps",
    ):
        assert fact in reported
    rape = inspectors.context_about("rape")
    assert [n.text for n in rape] == [
        "For rape cases, inspectors found the wrong cancellations were due to a "
        "“misinterpretation of true consent and intoxication”."
    ]
    others = " ".join(n.text for n in inspectors.context_about(None))
    assert "“disappointing”" in others and "designated officer" in others
    # a quotation is in double quotation marks: single ones are for a quote within a quote
    assert "‘" not in " ".join(n.text for n in inspectors.context)
    # reported speech in the tense of the draft's attributions ("said")
    assert all(" said " in p and " says " not in p for p in force.reported)
    assert "misinterpretation of true consent and intoxication" in SEED


# The shared macros in default:quotes.j2 (generator/drafts/templates/quotes.j2).


def _render(tmp_path: Path, body: str, **variables) -> str:
    folder = tmp_path / "t"
    folder.mkdir(exist_ok=True)
    (folder / "t.j2").write_text('{% import "default:quotes.j2" as voice %}' + body, "utf-8")
    return Renderer(folder).render("t.j2", freeze(variables))


def test_quote_macro_attributes_once_then_he_added(tmp_path: Path) -> None:
    book = load_quotes(ROOT / "quotes/cancelled-crimes", Places.load(_PLACES), ROOT)
    dibdin = next(q for q in book.quotes if q.id == "hampshire-constabulary")
    text = _render(tmp_path, "{{ voice.quote(q) }}", q=dibdin)
    lines = [line for line in text.splitlines() if line]
    assert lines[0] == (
        "Hampshire Constabulary's force lead on crime data integrity, Assistant Chief Constable "
        "Craig Dibdin, said progress has been made."
    )
    # "He added:" after the reported line (the macro alone; the article template says "He said:")
    assert lines[1].startswith("He added: “It affirms")
    assert text.count("said") == 1 and "He said" not in text
    assert lines[-1].endswith("managed.”")
    inspectors = next(q for q in book.quotes if q.id == "hmicfrs-hampshire")
    text = _render(tmp_path, "{{ voice.quote(q) }}", q=inspectors)
    assert text.startswith("Inspectors said: “The force needs")


def test_reported_and_context_macros_print_their_paragraphs(tmp_path: Path) -> None:
    book = load_quotes(ROOT / "quotes/cancelled-crimes", Places.load(_PLACES), ROOT)
    force = next(q for q in book.quotes if q.id == "hampshire-constabulary")
    inspectors = next(q for q in book.quotes if q.id == "hmicfrs-hampshire")
    body = (
        "{{ voice.reported(f) }}---{{ voice.context(i, about='rape') }}---"
        "{{ voice.context(i) }}---{{ voice.context(i, every=true) }}---{{ voice.reported(i) }}"
    )
    reported, rape, general, every, empty = _render(tmp_path, body, f=force, i=inspectors).split(
        "---"
    )
    assert [p for p in reported.split("\n\n") if p.strip()] == list(force.reported)
    assert rape.strip() == inspectors.context_about("rape")[0].text
    assert "designated officer" in general and "misinterpretation" not in general
    assert every.count("\n\n") >= 2 and "misinterpretation" in every
    assert empty.strip() == ""


@pytest.mark.slow
def test_hampshire_draft_prints_reported_and_context_with_facts_traced(project: Path, tmp_path):
    """A template that prints the rebuttal and the reasons builds: '97 per cent' and 'five'
    trace to the quotes file."""
    article = project / "templates/cancelled-crimes/article.md.j2"
    text = article.read_text(encoding="utf-8")
    # the loop over every source (its findings); the later quote loop skips a source whose
    # words follow its findings ("They added:")
    marker = "{% for q in quotes %}\n{{ voice.context(q) }}\n"
    assert marker in text
    extra = "{{ voice.reported(q) }}\n{{ voice.context(q, every=true) }}\n"
    article.write_text(text.replace(marker, marker + extra, 1), encoding="utf-8")
    result = build(project, "cancelled-crimes", out=tmp_path / "out")
    md = read(result, "hampshire")
    assert "five of the sexual offences and one of the robberies" in md
    assert "to an average of 97 per cent" in md
    assert "“misinterpretation of true consent and intoxication”" in md
    assert "“disappointing”" in md and "designated officer" in md


def test_a_number_in_reported_speech_traces_to_the_quote_only() -> None:
    facts = {
        "quotes": [
            {
                "id": "f",
                "file": "f.yaml",
                "reported": ["Audits show 97 per cent."],
                "context": [{"text": "Five were corrected.", "about": None}],
            }
        ]
    }
    check_numbers("Audits show 97 per cent.\n\nFive were corrected.\n", facts, "d.md", {})
    with pytest.raises(DraftsError, match="97"):
        check_numbers("Compliance was 97 per cent.\n", facts, "d.md", {})
