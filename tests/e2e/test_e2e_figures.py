"""The figures as a reader sees them: text large enough to read on a phone and on a desktop.

Oracle: the browser's own layout. Each figure's ``<text>`` is measured as rendered: its computed
font size times the scale of the SVG on screen (``getScreenCTM``). A label's main text must
render at >= 10 px in a 375 px wide viewport and >= 11 px in a 1280 px one; the sub- and
superscripts of matplotlib's math text are drawn at 70 % of their label (the usual typographic
ratio) and are held to 70 % of those limits. Figures made of panels are measured after they have
wrapped.
"""

from __future__ import annotations

from typing import Any

import pytest

import site_browser as sb

pytestmark = pytest.mark.e2e

#: Every figure's text as rendered: the main size and the smallest (sub/superscript) size.
FIGURE_TEXT = r"""
() => {
  const out = [];
  for (const svg of document.querySelectorAll('figure.ce-figure svg')) {
    if (svg.checkVisibility && !svg.checkVisibility()) continue;
    const figure = svg.closest('figure').id;
    for (const text of svg.querySelectorAll('text')) {
      const runs = text.querySelectorAll('tspan').length ? [...text.querySelectorAll('tspan')] : [text];
      const sizes = runs.filter((r) => r.textContent.trim()).map((r) => parseFloat(getComputedStyle(r).fontSize));
      if (!sizes.length) continue;
      const m = text.getScreenCTM();
      const scale = Math.hypot(m.a, m.b);
      out.push({figure, text: text.textContent.trim().slice(0, 40),
                main: Math.max(...sizes) * scale, small: Math.min(...sizes) * scale});
    }
  }
  return out;
}
"""

WIDTHS = {"phone": ({"width": 375, "height": 812}, 10.0), "desktop": (sb.DESKTOP, 11.0)}
FIGURE_PAGES = [page for page in sb.nav_pages() if not page.path.startswith("reference/")]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("figure_page", FIGURE_PAGES, ids=[page.slug for page in FIGURE_PAGES])
def test_figure_text_is_readable(figure_page: sb.NavPage, width: str, new_session: Any) -> None:
    viewport, limit = WIDTHS[width]
    session = new_session(viewport=viewport, color_scheme="light")
    page = session.open(figure_page.path)
    texts = page.evaluate(FIGURE_TEXT)
    if not texts:
        pytest.skip(f"{figure_page.path} has no figure")
    small = [t for t in texts if t["main"] < limit - 0.05 or t["small"] < 0.7 * limit - 0.05]
    problems = [
        f"figure {t['figure']}: {t['text']!r} renders at {t['main']:.1f} px (scripts {t['small']:.1f} px)"
        for t in small
    ]
    problems += sb.layout_problems(page)
    assert not problems, sb.format_problems(f"{figure_page.title} at {viewport['width']} px", problems)


#: The line joins and caps of every drawn element of the figures, and of the theme's own icons.
STROKE_DEFAULTS = r"""
() => {
  const shapes = (root) => [...root.querySelectorAll('path, line, polyline, polygon, rect, circle, ellipse')];
  const style = (el) => getComputedStyle(el);
  const figures = [...document.querySelectorAll('figure.ce-figure svg')].flatMap(shapes)
    .filter((el) => !/stroke-line(join|cap)/.test(el.getAttribute('style') || ''));
  const icons = [...document.querySelectorAll('.md-header svg, .md-nav svg')].flatMap(shapes);
  const wrong = figures.filter((el) => style(el).strokeLinejoin !== 'round' || style(el).strokeLinecap !== 'butt');
  const leaked = icons.filter((el) => style(el).strokeLinejoin !== 'miter');
  return {figures: figures.length, icons: icons.length,
          wrong: wrong.slice(0, 5).map((el) => el.closest('figure').id + ' ' + el.tagName),
          leaked: leaked.slice(0, 5).map((el) => el.tagName + ' ' + style(el).strokeLinejoin)};
}
"""


def test_figures_keep_matplotlibs_line_joins_without_restyling_the_page(new_session: Any) -> None:
    """Oracle: matplotlib's SVG default (round joins, butt caps, for every element that does not
    set its own) inside the figures, and CSS's initial value (``miter``) everywhere else, here
    the theme's icons in the header and navigation, on the page with the most figures."""
    session = new_session(viewport=sb.DESKTOP, color_scheme="light")
    page = session.open("part-1-network-softmax-cross-entropy/")
    found = page.evaluate(STROKE_DEFAULTS)
    assert found["figures"] > 100 and found["icons"] > 3, found
    assert found["wrong"] == [], found
    assert found["leaked"] == [], found
