"""``mkdocs serve --dirty`` (what ``make serve`` runs) never serves a stale page.

The site's hooks (tools/mkdocs_hooks.py) make a dirty rebuild render only the pages whose Markdown
changed, and every page when the package source changed. The builds run on a temporary copy of
the project, in a separate process, the way ``mkdocs serve --dirty`` runs them: one MkDocs process,
``on_startup(command="serve", dirty=True)``, then one dirty build per change.

Oracles: after a series of edits that ends with every file as it started, the dirty-built site is
file for file the strict build of the unedited project (the ``built_site`` fixture); in between,
which pages are written again is checked against what changed (a prose edit: that page only; a
package edit: every page), and the edited text and number formatting are on the pages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import build_site  # tools/build_site.py; tests/conftest.py puts tools/ on sys.path

REPO_ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.site

FULLWIDTH_MINUS = "\N{FULLWIDTH HYPHEN-MINUS}"

# Runs in the project copy. Each step is ("append", page, text), ("restore", path) (the original
# bytes back, with an old modification time, which MkDocs' own dirty check would miss) or
# ("replace", path, old, new); a dirty build follows each step. Prints, per build, the built
# files written by it, and the count of pages showing the fullwidth minus.
DRIVER = r"""
import json, os, sys, time
from pathlib import Path
import mkdocs.commands.build as mkbuild
from mkdocs.config import load_config

steps = json.loads(sys.argv[1])
site = Path(sys.argv[2])
original = Path(sys.argv[3])
config = load_config("mkdocs.yml", site_dir=str(site))
config.plugins.on_startup(command="serve", dirty=True)

def build():
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    time.sleep(0.05)
    mkbuild.build(load_config("mkdocs.yml", site_dir=str(site)), dirty=True, serve_url="http://127.0.0.1:8000/")
    pages = sorted(site.rglob("*.html"))
    written = [p.relative_to(site).as_posix() for p in pages if before.get(p) != p.stat().st_mtime_ns]
    showing = [p.relative_to(site).as_posix() for p in pages if "\N{FULLWIDTH HYPHEN-MINUS}" in p.read_text("utf-8")]
    return {"written": written, "showing": showing}

results = [build()]
for step in steps:
    time.sleep(0.05)  # a later modification time than the last build's files
    kind, path = step[0], Path(step[1])
    if kind == "append":
        with path.open("a", encoding="utf-8") as fh:
            fh.write(step[2])
    elif kind == "restore":
        path.write_bytes((original / path).read_bytes())
        os.utime(path, (1e9, 1e9))
    elif kind == "replace":
        path.write_text(path.read_text("utf-8").replace(step[2], step[3], 1), "utf-8")
    results.append(build())
print("RESULTS " + json.dumps(results))
"""

MODULE = "src/crossentropy/report/_format.py"
MINUS_LINE = 'MINUS = "\\N{MINUS SIGN}"'
EDITED_MINUS_LINE = 'MINUS = "\\N{FULLWIDTH HYPHEN-MINUS}"'
STEPS = [
    ["append", "docs/index.md", "\nAn added zebrafish.\n"],
    ["append", "docs/reference/index.md", "\nAn added kumquat.\n"],  # cross-references other pages
    ["restore", "docs/index.md"],
    ["replace", MODULE, MINUS_LINE, EDITED_MINUS_LINE],
    ["restore", "docs/reference/index.md"],
    ["restore", MODULE],
]




def test_dirty_serve_rebuilds_what_changed_and_ends_as_a_clean_build(built_site: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(REPO_ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "tools", "src"):
        shutil.copytree(REPO_ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    assert MINUS_LINE in (project / MODULE).read_text("utf-8")

    env = build_site.build_env()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project / "src"), env.get("PYTHONPATH")]))
    site = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(STEPS), str(site), str(REPO_ROOT)],
        cwd=project, env=env, text=True, capture_output=True, check=False, timeout=600,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULTS ")]
    assert proc.returncode == 0 and lines, proc.stdout[-3000:] + proc.stderr[-3000:]
    first, *results = json.loads(lines[-1][len("RESULTS "):])

    pages = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    always = {"404.html"}  # a theme template, written by every build
    assert set(first["written"]) == pages
    index_edit, reference_edit, index_restore, package_edit, reference_restore, package_restore = results
    assert set(index_edit["written"]) == {"index.html"} | always
    assert set(reference_edit["written"]) == {"reference/index.html"} | always
    assert set(index_restore["written"]) == {"index.html"} | always  # despite its old mtime
    assert set(package_edit["written"]) == pages
    assert "part-6-gradient-descent/index.html" in package_edit["showing"]
    assert set(reference_restore["written"]) == {"reference/index.html"} | always
    assert package_edit["showing"] == reference_restore["showing"]
    assert set(package_restore["written"]) == pages
    assert package_restore["showing"] == []

    # Every file is back as it started: the dirty-built site must be the clean build, search
    # index, navigation, cross-references and objects.inv included.
    assert build_site.site_differences(site, built_site) == []
