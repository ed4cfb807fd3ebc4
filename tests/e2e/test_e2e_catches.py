"""The browser checks can fail: pages broken on purpose, in a copy of the built site served by a
second local server (the shared build is never modified).

Oracles: a page made to load a script from another origin must be reported by the request
guard with that URL; math left untypeset must be reported by the math check; a page made to load
KaTeX's script must be reported by the typesetting check, with the script's URL; content pushed
down after load must be reported by the layout shift check.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import site_browser as sb

pytestmark = pytest.mark.e2e

FOREIGN_SCRIPT = "https://cdn.example.com/x.js"
RAW_MATH = r'<span class="arithmatex">\(x^2\)</span>'
#: The KaTeX the site typesets with at build time, which no page may load.
KATEX_SCRIPT = sb.REPO_ROOT / "docs" / "assets" / "katex" / "katex.min.js"
#: Inserts a tall block at the top of the article once the page has loaded.
PUSH_DOWN = """
window.addEventListener('load', () => setTimeout(() => {
  const block = document.createElement('div');
  block.id = 'pushed-down';
  block.style.height = '400px';
  document.querySelector('article').prepend(block);
}, 100));
"""


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
    home.write_text(
        html.replace("</head>", f'<script src="{FOREIGN_SCRIPT}"></script></head>', 1), encoding="utf-8"
    )
    with sb.serve_directory(copy) as url:
        session = new_session(url=url, viewport=sb.DESKTOP)
        session.open("")
        problems = session.guard.problems()
    assert session.guard.blocked == [FOREIGN_SCRIPT]
    assert f"request outside {session.guard.origin} blocked: {FOREIGN_SCRIPT}" in problems


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
    assert any(
        p.startswith(r"math: raw TeX delimiter left in the page text: ...") and "x^2" in p for p in problems
    )


def test_typesetting_check_reports_a_page_that_loads_katex(
    site_dir: Path, tmp_path: Path, new_session: Any
) -> None:
    copy = copy_site(site_dir, tmp_path)
    (copy / "typeset.js").write_text(KATEX_SCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
    home = copy / "index.html"
    html = home.read_text(encoding="utf-8")
    home.write_text(html.replace("</head>", '<script src="typeset.js"></script></head>', 1), encoding="utf-8")
    with sb.serve_directory(copy) as url:
        session = new_session(url=url, viewport=sb.DESKTOP)
        page = session.open("")
        problems = sb.typesetting_problems(page)
    assert "math: the page defines the typesetting global 'katex'" in problems
    assert any(
        p.startswith(f"math: {url}typeset.js is a typesetting script (contains ") and "renderToString" in p
        for p in problems
    ), problems


def test_layout_shift_check_reports_content_pushed_down_after_load(
    site_dir: Path, tmp_path: Path, new_session: Any
) -> None:
    """A block 400 px tall inserted above the article after load moves everything below it: on
    a 900 px window that is a shift of far more than 0.02."""
    copy = copy_site(site_dir, tmp_path)
    home = copy / "index.html"
    html = home.read_text(encoding="utf-8")
    home.write_text(html.replace("</body>", f"<script>{PUSH_DOWN}</script></body>", 1), encoding="utf-8")
    with sb.serve_directory(copy) as url:
        session = new_session(url=url, viewport=sb.DESKTOP)
        page = session.open("", render_everything=False)
        page.wait_for_function("() => document.getElementById('pushed-down') !== null")
        problems = sb.layout_shift_problems(page)
    assert len(problems) == 1 and problems[0].startswith("layout: the page shifts by "), problems
