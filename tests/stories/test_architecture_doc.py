"""docs/architecture.md and the package cannot drift: every module it names exists, and every
module and subpackage of generator/ is named in it."""

import re
from pathlib import Path

from conftest import ROOT

DOC = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "generator"


def _rows() -> dict[str, str]:
    """The 'Where each concept lives' table: folder (or module) -> the text of its row."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"\| `(generator/[\w/.]+)` \| (.+) \|$", line):
            rows[m[1]] = m[2]
    return rows


def _modules() -> set[str]:
    return {
        p.relative_to(ROOT).as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py")
    }


def test_every_named_module_exists() -> None:
    rows = _rows()
    assert rows, "the table of concepts is missing"
    for where, text in rows.items():
        assert (ROOT / where).exists(), where
        for name in re.findall(r"`([\w/]+(?:\.py|/))`", text):
            assert (ROOT / where / name).exists(), f"{where}: {name}"


def test_every_module_and_subpackage_is_named() -> None:
    rows = _rows()
    named = set(rows)
    for where, text in rows.items():
        for name in re.findall(r"`([\w/]+(?:\.py|/))`", text):
            named.add(f"{where.rstrip('/')}/{name}".rstrip("/"))
    missing = []
    for module in sorted(_modules()):
        parts = Path(module).parts
        # a module is named directly, or through a named subfolder of its subpackage
        prefixes = {"/".join(parts[:i]) for i in range(min(3, len(parts)), len(parts) + 1)}
        if not (prefixes & {n.rstrip("/") for n in named}):
            missing.append(module)
    assert not missing, f"not in docs/architecture.md: {missing}"
    for package in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        assert f"generator/{package.name}/" in named, package.name


def test_every_subpackage_says_what_it_holds() -> None:
    for init in PACKAGE.rglob("__init__.py"):
        text = init.read_text(encoding="utf-8").lstrip()
        assert text.startswith('"""'), f"{init.relative_to(ROOT)} has no docstring"
