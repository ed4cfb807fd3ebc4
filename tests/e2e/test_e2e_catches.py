"""The browser checks can fail: pages broken on purpose, in a copy of the built site served by a
second local server (the shared build is never modified).

Oracles: a page made to load a script from another origin must be reported by the request
guard with that URL; math left untypeset must be reported by the math check.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import site_browser as sb

pytestmark = pytest.mark.e2e

FOREIGN_SCRIPT = "https://cdn.example.com/x.js"
RAW_MATH = r'<span class="arithmatex">\(x^2\)</span>'


def copy_site(site_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    return copy


def test_request_guard_reports_a_script_from_another_origin(
    site_dir: Path, tmp_path: Path, new_session: Any
) -> None:
    copy = copy_site(site_dir, tmp_path)
    home = copy / "index.html"
    html = home.read_text(encoding="utf-8")
    assert "</head>" in html
    home.write_text(html.replace("</head>", f'<script src="{FOREIGN_SCRIPT}"></script></head>', 1),
                    encoding="utf-8")
    with sb.serve_directory(copy) as url:
        session = new_session(url=url, viewport=sb.DESKTOP)
        session.open("")
        problems = session.guard.problems()
    assert session.guard.blocked == [FOREIGN_SCRIPT]
    assert f"request outside {session.guard.origin} blocked: {FOREIGN_SCRIPT}" in problems


def _math_renderer_scripts(html: str, page_dir: Path) -> list[str]:
    """The ``<script src>`` tags of a page whose file renders ``.arithmatex`` elements."""
    tags = []
    for tag, src in re.findall(r'(<script[^>]*\ssrc="([^"]+)"[^>]*>\s*</script>)', html):
        if "://" in src:
            continue
        script = (page_dir / src.split("?", 1)[0]).resolve()
        if not script.is_file():
            continue
        if "arithmatex" in script.read_text(encoding="utf-8", errors="replace"):
            tags.append(tag)
    return tags


def test_math_check_reports_math_added_after_rendering(
    site_dir: Path, tmp_path: Path, new_session: Any
) -> None:
    copy = copy_site(site_dir, tmp_path)
    with sb.serve_directory(copy) as url:
        session = new_session(url=url, viewport=sb.DESKTOP)
        page = session.open("")
        before = page.evaluate(sb.MATH_STATE)
        assert sb.math_problems(page) == []
        page.evaluate(
            "(html) => { const p = document.createElement('p'); p.innerHTML = html;"
            " document.querySelector('article').append(p); }",
            RAW_MATH,
        )
        problems = sb.math_problems(page)
    total = before["total"] + 1
    assert (
        f"math: only {before['rendered']} of {total} .arithmatex elements were typeset by KaTeX; "
        r"untypeset: ['\\(x^2\\)']"
    ) in problems
    assert any(p.startswith(r"math: raw TeX delimiter left in the page text: ...") and "x^2" in p
               for p in problems)


def test_math_check_reports_a_page_whose_renderer_is_missing(
    site_dir: Path, tmp_path: Path, new_session: Any
) -> None:
    copy = copy_site(site_dir, tmp_path)
    home = copy / "index.html"
    html = home.read_text(encoding="utf-8")
    renderers = _math_renderer_scripts(html, home.parent)
    assert renderers, "no script on the home page renders .arithmatex elements"
    for tag in renderers:
        html = html.replace(tag, "")
    html = html.replace("</article>", f"<p>{RAW_MATH}</p></article>", 1)
    home.write_text(html, encoding="utf-8")
    with sb.serve_directory(copy) as url:
        session = new_session(url=url, viewport=sb.DESKTOP)
        page = session.open("")
        problems = sb.math_problems(page)
    assert any(p.startswith("math: only ") for p in problems), problems
