"""Text put together from each glyph's pixels (:mod:`generator.outputs.charts.glyphs`) is the
text Pillow draws: the same coverage, box and advance, for any characters the fonts have or
lack, spaces, overlapping glyphs, sizes and anchors; text it does not draw is left to Pillow."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from generator.outputs.charts import glyphs
from generator.outputs.charts.scene import face, font, text_width

CHARS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;!?'\"()[]/%£€&-–—’…"
    "éèêëàâäçîïôöûüÿñÉÈŁłŽžĳŉ\u0301\u00a0\u4e2d"  # a combining accent; a character it lacks
)
ANCHORS = [a + b for a in "lmr" for b in "tmbsad"]


def pillow(words: str, size: int, bold: bool, anchor: str) -> tuple[bytes, tuple, tuple]:
    """What Pillow draws, as the charts drew text before: the coverage, its size and box."""
    f = font(size, bold)
    left, top, right, bottom = f.getbbox(words, anchor=anchor)
    mask = Image.new("L", (max(1, math.ceil(right - left)), max(1, math.ceil(bottom - top))))
    ImageDraw.Draw(mask).text((-left, -top), words, fill=255, font=f, anchor=anchor)
    return mask.tobytes(), mask.size, (left, top, right, bottom)


def check(words: str, size: int, bold: bool, anchor: str) -> None:
    drawn = glyphs.coverage(face(size, bold), words, anchor)
    assert drawn is not None
    pixels, *box = drawn
    got = (pixels.tobytes(), (pixels.shape[1], pixels.shape[0]), tuple(box))
    assert got == pillow(words, size, bold, anchor), (words, size, bold, anchor)
    assert text_width(words, size, bold) == font(size, bold).getlength(words)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(st.sampled_from(CHARS), max_size=12), min_size=1, max_size=6),
    st.sampled_from([9, 12, 13, 17, 30]),
    st.booleans(),
    st.sampled_from(ANCHORS),
)
def test_text_is_the_text_pillow_draws(
    words: list[str], size: int, bold: bool, anchor: str
) -> None:
    text = " ".join(words)
    if text:
        check(text, size, bold, anchor)


def test_labels_as_the_charts_write_them() -> None:
    for text in (
        "Hampshire and Isle of Wight Constabulary and its neighbours in order, highest first",
        "Avon and Somerset: 12.3%",
        "Ynys Môn: down 1.2",
        "fjord ff fi ffl Tj W.  double  spaced ",
        " leading space",
        "…",
        "j",
    ):
        for size, bold, anchor in ((13, True, "lt"), (12, False, "mt"), (17, True, "rm")):
            check(text, size, bold, anchor)


def same_as_pillow(drawn: glyphs.Drawn | None, text: str, size: int, bold: bool) -> bool:
    assert drawn is not None
    pixels, *box = drawn
    got = (pixels.tobytes(), (pixels.shape[1], pixels.shape[0]), tuple(box))
    return got == pillow(text, size, bold, "ls")


def test_glyphs_that_meet_are_blended_as_pillow_blends_them() -> None:
    """Bold "ff" and "f/" ink the same pixels; glyph by glyph, and glyphs too tall for a strip
    (here every glyph: a face whose strips are 4 pixels high), give Pillow's pixels too."""
    short = glyphs.Face(font(13, True), kerning=False)
    short.up, short.down = 3, 1
    for text in ("ff", "f/f/f/", "//", "ĳĳ", "Wf j", "a"):
        assert same_as_pillow(glyphs.coverage(face(13, True), text, "ls"), text, 13, True)
        assert same_as_pillow(glyphs._glyph_by_glyph(face(13, True), text, "ls"), text, 13, True)
        assert same_as_pillow(glyphs.coverage(short, text, "ls"), text, 13, True)


def test_words_whose_ink_meets_are_put_together_glyph_by_glyph() -> None:
    """With a space that does not move the pen, "f f" is drawn as "ff": the two words' ink
    meets, so they cannot simply be laid side by side."""
    narrow = glyphs.Face(font(13, True), kerning=False)
    narrow.glyph(" ")
    narrow.glyphs[" "] = (0, 0, 0, 0, 0, 0, 0, None, None)
    for text in ("f f", "/ / /", "f f f"):
        assert same_as_pillow(glyphs.coverage(narrow, text, "ls"), text.replace(" ", ""), 13, True)


def test_text_it_does_not_draw_is_left_to_pillow() -> None:
    assert glyphs.coverage(face(13), "", "ls") is None
    assert glyphs.coverage(face(13), "two\nlines", "ls") is None
    kerned = glyphs.Face(font(13), kerning=True)
    assert glyphs.coverage(kerned, "AV", "ls") is None
    assert glyphs.length(kerned, "AV") is None


def test_the_bundled_fonts_have_no_kerning_table() -> None:
    """Their kerning is in GPOS, which Pillow's basic layout does not read: were a kern table
    added, every text would go back to Pillow (slower, still right)."""
    assert not face(13).kerning and not face(13, True).kerning
