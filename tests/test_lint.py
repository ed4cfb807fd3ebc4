"""ruff (lint and format) and mypy pass over every Python file of the repository.

Oracle: the tools themselves, configured in pyproject.toml (``[tool.ruff]``, ``[tool.mypy]``); a
failure shows their own report.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

#: What is checked: the package, the tests, the build tools, the benchmarks and the pages' examples.
PATHS = ("src", "tests", "tools", "benchmarks", "docs")

CHECKS = {
    "ruff check": ["ruff", "check", "--no-fix", "--output-format", "concise", *PATHS],
    "ruff format": ["ruff", "format", "--check", "--diff", *PATHS],
    "mypy": ["mypy"],  # the files and the settings are in [tool.mypy]
}


@pytest.mark.parametrize("name", list(CHECKS))
def test_checker_passes(name: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", *CHECKS[name]],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    report = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 0, f"{' '.join(CHECKS[name])} failed:\n{report[-20000:]}"
