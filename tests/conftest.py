"""Shared fixtures.

``built_site``: the documentation site, built once per test session with ``mkdocs build
--strict`` into a temporary folder and checked by ``tools/build_site.py`` (no block that raised,
no traceback, no numpy warning, no unexpected ``nan``/``inf``, no warning in the build log). It is
the ``pathlib.Path`` of the built site folder; a build with any problem fails every test that uses
it, listing the problems (each failed block with its page, line and exception first).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
MKDOCS_CONFIG = REPO_ROOT / "mkdocs.yml"

if str(REPO_ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(REPO_ROOT / "tools"))

import build_site  # noqa: E402  (tools/build_site.py, importable through the path above)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once (strict, checked) and return the folder it was built into."""
    site_dir = tmp_path_factory.mktemp("built-site") / "site"
    problems = build_site.build_and_check(MKDOCS_CONFIG, site_dir)
    if problems:
        pytest.fail(
            "the strict site build failed its checks:\n" + "\n".join(f"- {p}" for p in problems),
            pytrace=False,
        )
    return site_dir
