"""The README's excerpt is real output, and its commands exist."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, read

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_excerpt_is_a_real_draft(built) -> None:
    match = re.search(r"<!-- excerpt: (\S+)/(\S+) -->\n```markdown\n(.*?)```", README, re.S)
    assert match, "README excerpt marker not found"
    slug, name, excerpt = match.groups()
    assert read(built, slug, name).startswith(excerpt)


def test_readme_first_screen_gives_both_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:20])
    assert "make drafts" in first_screen and "make test" in first_screen


def test_readme_explain_example_is_real(built) -> None:
    west = next(d for d in built.of_kind("place") if d.slug == "west-midlands")
    for line in (
        "lead: worst on violence (score 81: gap +36, rank +30, chance +20, majority +10, "
        "published -15): 10 of 20, position 1 of 42",
        "beat: top_ten on victims (score 17: gap +14, rank +8, chance +10, published -15): "
        "9 of 32, position 5 of 40",
    ):
        assert line in README and line in west.explain


@pytest.mark.slow
def test_readme_snippets_are_real_output() -> None:
    import shlex

    from click.testing import CliRunner

    from generator.cli import main

    match = re.search(
        r"<!-- snippets: drafts (.*?) -->\n```text\n\$ drafts .*?\n(.*?)```", README, re.S
    )
    assert match, "README snippets marker not found"
    args, shown = match.groups()
    result = CliRunner().invoke(main, ["--root", str(ROOT), *shlex.split(args)])
    assert result.exit_code == 0
    assert result.output.strip() == shown.strip()


def test_the_security_page_names_only_tests_that_exist() -> None:
    """Each protection in docs/security.md names the tests that prove it; they must exist."""
    page = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py"))
    named = set(re.findall(r"`(test_\w+)`", page))
    assert len(named) >= 40
    missing = sorted(name for name in named if f"def {name}(" not in sources)
    assert not missing, missing
    sections = re.findall(r"^### (.+)$", page, re.M)
    assert len(sections) == 9, sections
    for section in page.split("\n### ")[1:]:
        assert re.search(r"`test_\w+`", section), section.splitlines()[0]
    assert "docs/security.md" in README
