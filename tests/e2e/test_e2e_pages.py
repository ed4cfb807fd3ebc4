"""Every page of the built site in Chromium: on a desktop in the light then the dark scheme
(one load, switched with the palette toggle), and on a phone.

Oracles: the browser's own records (console errors, failed requests, requests leaving the local
origin), the DOM as served (each ``.arithmatex`` holds KaTeX output typeset at build time, no raw
``\\(``/``\\[``, no script that typesets math, no table header cell without text), the
browser's ``layout-shift`` entries (at most 0.02 in all), element boxes against the viewport, WCAG
contrast ratios computed from screenshot pixels, and axe-core's accessibility rules (no
"serious" or "critical" violation).

Each test loads its page once and checks everything that load can show, then reports every
problem it found at once. Screenshots go to ``screenshots/``: ``<page>-light.png`` and
``<page>-phone.png`` (full pages), ``<page>-dark.png`` (the first screen) and
``<page>-dark-<figure id>.png`` (every figure in the dark scheme).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import site_browser as sb

pytestmark = pytest.mark.e2e


def test_desktop(
    nav_page: sb.NavPage,
    new_session: Any,
    screenshots_dir: Path,
    page_weight: Any,
    measured_weights: dict[str, Any],
) -> None:
    """Light scheme: a clean load, all math typeset at build time (no typesetting script), no
    layout shift, no empty table header, figures sized and labelled, no serious axe violation.
    Then, after a click on the palette toggle, the dark scheme: figures stand out from the page,
    their text from what is behind it, and axe's colour rules pass.

    The load is a cold one (fresh context), so its requests also give the page's weight,
    checked against the budgets by test_e2e_weight.py.
    """
    session = new_session(viewport=sb.DESKTOP, color_scheme="light")
    page = session.open(nav_page.path, render_everything=False)
    problems = sb.layout_shift_problems(page)
    sb.render_everything(page)
    problems += sb.math_problems(page) + sb.typesetting_problems(page)
    problems += sb.table_problems(page)
    problems += sb.figure_problems(page)[0]
    problems += sb.axe_problems(page)[0]
    sb.full_page_screenshot(page, screenshots_dir / f"{nav_page.slug}-light.png")
    page.wait_for_load_state("networkidle")
    measured_weights[nav_page.path] = page_weight.weight_from_requests(nav_page, session.finished)

    dark = []
    if not sb.switch_to_dark(page):
        dark.append(f"the palette toggle did not switch to the dark scheme ({sb.DARK})")
    else:
        # Each figure's screenshot is kept too: <page>-dark-<figure id>.png.
        dark += sb.contrast_problems(page, save_as=str(screenshots_dir / f"{nav_page.slug}-dark"))
        # Only colours change with the scheme; every other rule ran in the light scheme.
        dark += sb.axe_problems(page, rules=["color-contrast", "link-in-text-block"])[0]
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=screenshots_dir / f"{nav_page.slug}-dark.png", animations="disabled")
    problems = session.guard.problems() + problems + [f"dark scheme: {p}" for p in dark]
    title = f"{nav_page.title} ({session.url(nav_page.path)})"
    assert not problems, sb.format_problems(title, problems)


def test_phone(nav_page: sb.NavPage, new_session: Any, screenshots_dir: Path) -> None:
    """At 375x812 the page never scrolls sideways, every figure fits the screen and the layout
    does not shift."""
    session = new_session(
        viewport=sb.PHONE,
        color_scheme="light",
        is_mobile=True,
        has_touch=True,
        device_scale_factor=1,
    )
    page = session.open(nav_page.path, render_everything=False)
    problems = sb.layout_shift_problems(page)
    sb.render_everything(page)
    problems += sb.layout_problems(page) + sb.math_problems(page)
    sb.full_page_screenshot(page, screenshots_dir / f"{nav_page.slug}-phone.png")
    problems = session.guard.problems() + problems
    assert not problems, sb.format_problems(f"{nav_page.title} on a phone", problems)


def test_pages_outside_the_nav(site_dir: Path, new_session: Any) -> None:
    """Pages built but not listed in the nav get the same desktop checks (usually: none)."""
    in_nav = {page.path for page in sb.nav_pages()}
    extra = [path for path in sb.built_pages(site_dir) if path not in in_nav]
    problems = []
    for path in extra:
        session = new_session(viewport=sb.DESKTOP)
        page = session.open(path)
        found = sb.math_problems(page) + sb.figure_problems(page)[0] + sb.axe_problems(page)[0]
        problems += [f"{path}: {p}" for p in session.guard.problems() + found]
    assert not problems, sb.format_problems("pages outside the nav", problems)


def test_every_nav_page_was_built(site_dir: Path) -> None:
    """The parametrised tests above follow the nav; each of its pages must exist in the site."""
    built = set(sb.built_pages(site_dir))
    missing = [page.src for page in sb.nav_pages() if page.path not in built]
    assert sb.nav_pages(), "mkdocs.yml has no nav pages"
    assert missing == [], f"nav pages with no built HTML: {missing}"
