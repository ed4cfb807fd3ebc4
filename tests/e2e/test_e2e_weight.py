"""Page weight budgets, measured in Chromium (``benchmarks/page_weight.py``).

Oracle: the budgets, as readers receive the pages (text gzipped, as GitHub Pages sends it). A
page's own transfer (its HTML with the inline SVG figures, gzipped, plus images no other page
uses) stays within 120 KiB; a first visit (everything a cold load fetches: HTML, theme CSS/JS,
KaTeX's stylesheet and fonts, the search index) within 1.5 MiB. Sizes are response bodies from
the local server, compressed by the test, the same on every run.

The desktop tests of test_e2e_pages.py already load every page cold and leave their weights in
``measured_weights``; pages they did not load (for example with ``-k``) are measured here.
"""

from __future__ import annotations

from typing import Any

import pytest

import site_browser as sb

pytestmark = pytest.mark.e2e


def test_every_page_is_within_its_weight_budgets(
    browser: Any, base_url: str, page_weight: Any, measured_weights: dict[str, Any]
) -> None:
    pages = sb.nav_pages()
    missing = [page for page in pages if page.path not in measured_weights]
    for weight in page_weight.measure_site(browser, base_url, missing):
        measured_weights[weight.path] = weight
    weights = [measured_weights[page.path] for page in pages]
    page_weight.assign_own_images(weights)
    table = page_weight.format_table(weights)
    print(table)
    measured = all(0 < w.html_gzip < w.html and w.first_visit_gzip > w.html_gzip for w in weights)
    assert measured, f"a page was not measured:\n{table}"
    over = [problem for weight in weights for problem in weight.over_budget()]
    assert over == [], "pages over budget:\n" + "\n".join(over) + "\n" + table


def test_budget_check_can_fail(page_weight: Any) -> None:
    heavy = page_weight.PageWeight(
        "heavy/",
        "Heavy",
        html_gzip=page_weight.OWN_BUDGET + 1,
        first_visit_gzip=page_weight.FIRST_VISIT_BUDGET + 1,
    )
    assert heavy.over_budget() == [
        "heavy/: own transfer 120 KiB gzipped > 120 KiB",
        "heavy/: first visit 1536 KiB > 1536 KiB",
    ]
    within = page_weight.PageWeight("light/", "Light", html=10**6, first_visit=10**7, html_gzip=10**4)
    assert within.over_budget() == []  # uncompressed sizes are shown, not budgeted
