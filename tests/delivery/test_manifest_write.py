"""manifest.json is written one output entry at a time, with the same bytes as one
``json.dumps`` of the whole manifest, and the files listed in the order sorted paths give."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.delivery.manifest import dumps, iter_tree_entries, write_manifest


def _manifest(outputs: list[dict[str, object]]) -> dict[str, object]:
    return {
        "story": "tiny",
        "counts": {"drafts": 2},
        "inputs": [{"path": "data/tiny/figures.csv", "sha256": "ab", "bytes": 3}],
        "outputs": outputs,
        "run": {"started": "2026-12-02T05:00:00+00:00", "timings": {"load": 0.1}},
    }


def test_the_streamed_manifest_is_byte_for_byte_the_dumped_one(tmp_path: Path) -> None:
    outputs = [
        {"path": "ynys-môn/article.md", "sha256": "0" * 64, "bytes": 1234},
        {"path": 'quote "marks"/facts.json', "sha256": "f" * 64, "bytes": 0},
    ]
    for listed in (outputs, []):
        path = tmp_path / "manifest.json"
        digest = write_manifest(path, {**_manifest(listed), "outputs": iter(listed)})
        expected = dumps(_manifest(listed)).encode("utf-8")
        assert path.read_bytes() == expected
        assert digest == hashlib.sha256(expected).hexdigest()


def test_files_are_listed_in_sorted_path_order(tmp_path: Path) -> None:
    for name in ("a/x.md", "a.txt", "a-c/y.md", "b.md", "a/b/z.md", "manifest.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    listed = [e["path"] for e in iter_tree_entries(tmp_path)]
    expected = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert listed == [
        p.relative_to(tmp_path).as_posix() for p in expected if p.name != "manifest.json"
    ]
    known = {"b.md": ("c" * 64, 99)}
    entry = next(e for e in iter_tree_entries(tmp_path, known=known) if e["path"] == "b.md")
    assert entry == {"path": "b.md", "sha256": "c" * 64, "bytes": 99}


ENTRY = st.fixed_dictionaries(
    {"path": st.text(), "sha256": st.text(), "bytes": st.integers(-1, 2**63)},
)
ODD = st.dictionaries(
    st.sampled_from(["path", "sha256", "bytes", "note"]),
    st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(ENTRY, ODD), max_size=5))
def test_any_entries_are_written_as_json_dumps_writes_them(
    outputs: list[dict[str, object]],
) -> None:
    """Entries are written directly when they are the usual path, hash and size, and by
    json.dumps otherwise: the bytes are json.dumps's either way, whatever the text (quotes,
    control characters, any script) and whatever the entry holds."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "manifest.json"
        write_manifest(path, {**_manifest(outputs), "outputs": iter(outputs)})
        assert path.read_bytes() == dumps(_manifest(outputs)).encode("utf-8")
