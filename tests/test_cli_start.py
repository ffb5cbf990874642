"""The ``drafts`` command starts without the machinery it does not use: importing the CLI, or
asking for help, loads no data, chart, Word or statistics library."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

HEAVY = ("pandas", "numpy", "scipy", "matplotlib", "docx", "PIL", "markdown", "inflect", "rich")

PROBE = """
import json, sys
from click.testing import CliRunner
from generator.cli import main
if len(sys.argv) > 1:
    CliRunner().invoke(main, sys.argv[1:], catch_exceptions=False)
print(json.dumps(sorted(sys.modules)))
"""


def _loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize("args", [(), ("--help",), ("build", "--help"), ("show", "--help")])
def test_the_cli_and_its_help_load_nothing_heavy(args: tuple[str, ...]) -> None:
    assert {m.split(".")[0] for m in _loaded(*args)}.isdisjoint(HEAVY)


@pytest.mark.slow
def test_show_loads_neither_typeguard_nor_scipy_stats() -> None:
    loaded = _loaded("show", "hampshire", "--story", "cancelled-crimes")
    assert "generator.drafts.jobs" in loaded  # it did render
    assert "typeguard" not in loaded and "scipy.stats" not in loaded
