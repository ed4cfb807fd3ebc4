"""Page weight of the built site, measured in Chromium.

Usage::

    python benchmarks/page_weight.py [SITE_DIR]

Without ``SITE_DIR`` the site is first built (strictly, with the same checks as the tests) into
a temporary folder. Every page of the nav is loaded in a fresh browser context (a cold cache),
and every response the browser receives is summed:

* **own**: the page's HTML (inline SVG figures included) plus the images no other page uses;
* **first visit**: everything a cold load fetches (HTML, theme CSS/JS, KaTeX and its fonts,
  the search index, images).

The budgets count bytes as readers receive them: a host that compresses (GitHub Pages does)
sends text (HTML with its inline SVG, CSS, JavaScript, the search index) gzipped, so every text
body is measured gzipped (level 6, a server's usual setting); fonts and raster images are
already compressed and count as they are. Budgets: each page's own HTML <= 120 KiB gzipped,
first visit <= 1.5 MiB. The table also shows the uncompressed sizes. Prints one row per page and
exits with status 1 if any page is over budget.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "e2e"))
sys.path.insert(0, str(REPO_ROOT / "tools"))

import site_browser as sb  # noqa: E402  (tests/e2e/site_browser.py)

KIB = 1024
OWN_BUDGET = 120 * KIB  # gzipped
FIRST_VISIT_BUDGET = 1536 * KIB  # 1.5 MiB, text gzipped
#: Resource types whose bodies a server compresses (text); fonts and images are sent as they are.
TEXT_TYPES = frozenset({"document", "stylesheet", "script", "xhr", "fetch"})


@dataclass
class PageWeight:
    path: str
    title: str
    html: int = 0  # uncompressed
    first_visit: int = 0  # uncompressed
    html_gzip: int = 0
    first_visit_gzip: int = 0
    requests: int = 0
    images: dict[str, int] = field(default_factory=dict)
    own_images: int = 0
    by_type: Counter[str] = field(default_factory=Counter)

    @property
    def own(self) -> int:
        """The page's own transfer: its HTML gzipped plus the images no other page uses."""
        return self.html_gzip + self.own_images

    def over_budget(self) -> list[str]:
        problems = []
        if self.own > OWN_BUDGET:
            problems.append(
                f"{self.path or '/'}: own transfer {self.own / KIB:.0f} KiB gzipped > {OWN_BUDGET // KIB} KiB"
            )
        if self.first_visit_gzip > FIRST_VISIT_BUDGET:
            problems.append(
                f"{self.path or '/'}: first visit {self.first_visit_gzip / KIB:.0f} KiB > "
                f"{FIRST_VISIT_BUDGET / KIB:.0f} KiB"
            )
        return problems


def sent_size(resource_type: str, url: str, body: bytes) -> int:
    """Bytes a compressing server sends for ``body``: gzipped if it is text, else as it is.

    >>> sent_size("font", "x.woff2", b"a" * 1000), sent_size("document", "x.html", b"a" * 1000) < 100
    (1000, True)
    """
    text = resource_type in TEXT_TYPES or url.split("?", 1)[0].endswith((".svg", ".json", ".xml"))
    return len(gzip.compress(body, 6)) if text else len(body)


def weight_from_requests(page: sb.NavPage, requests: list[Any]) -> PageWeight:
    """Add up the response bodies of the finished ``requests`` of one cold load of ``page``.

    ``own_images`` stays 0 until :func:`assign_own_images` has seen every page.
    """
    weight = PageWeight(page.path, page.title)
    for request in requests:
        size = request.sizes()["responseBodySize"]
        response = request.response()
        body = response.body() if response is not None else b""
        sent = sent_size(request.resource_type, request.url, body) if body else size
        weight.requests += 1
        weight.first_visit += size
        weight.first_visit_gzip += sent
        weight.by_type[request.resource_type] += sent
        if request.resource_type == "document":
            weight.html += size
            weight.html_gzip += sent
        elif request.resource_type == "image":
            weight.images[request.url] = sent
    return weight


def assign_own_images(weights: list[PageWeight]) -> None:
    """Count an image as a page's own only if no other of ``weights`` loads it."""
    users = Counter(url for weight in weights for url in weight.images)
    for weight in weights:
        weight.own_images = sum(size for url, size in weight.images.items() if users[url] == 1)


class _ColdLoad:
    """One page loading in its own fresh browser context, with every finished request kept."""

    def __init__(self, browser: Any, base_url: str, page: sb.NavPage) -> None:
        self.page = page
        self.context = browser.new_context(viewport=sb.DESKTOP)
        self.guard = sb.Guard.install(self.context, base_url)
        self.finished: list[Any] = []
        self.context.on("requestfinished", lambda request: self.finished.append(request))
        self.tab = self.context.new_page()
        # Returns as soon as the document starts arriving; the browser loads the rest while
        # other pages are started (see measure_site).
        self.tab.goto(base_url + page.path, wait_until="commit")

    def result(self) -> PageWeight:
        try:
            self.tab.wait_for_load_state("load")
            self.tab.wait_for_load_state("networkidle")
            problems = self.guard.problems()
            if problems:
                raise RuntimeError(sb.format_problems(f"loading {self.page.path or '/'}", problems))
            return weight_from_requests(self.page, self.finished)
        finally:
            self.context.close()


def measure_page(browser: Any, base_url: str, page: sb.NavPage) -> PageWeight:
    """Load one page cold and add up the bodies of every response the browser received."""
    return _ColdLoad(browser, base_url, page).result()


def measure_site(
    browser: Any, base_url: str, pages: list[sb.NavPage], concurrency: int = 3
) -> list[PageWeight]:
    """Measure every page (``concurrency`` cold loads at a time, each in its own context);
    an image counts as a page's own only if no other page loads it."""
    weights: list[PageWeight] = []
    loading: list[_ColdLoad] = []
    try:
        for page in pages:
            loading.append(_ColdLoad(browser, base_url, page))
            if len(loading) >= concurrency:
                weights.append(loading.pop(0).result())
        while loading:
            weights.append(loading.pop(0).result())
    finally:
        for load in loading:
            load.context.close()
    assign_own_images(weights)
    return weights


def format_table(weights: list[PageWeight]) -> str:
    header = (
        f"{'page':<42} {'html KiB':>9} {'gzip':>6} {'own KiB':>8} {'first KiB':>10} {'gzip':>6} "
        f"{'reqs':>5}  {'css':>5} {'js':>5} {'font':>5} {'other':>5}"
    )
    lines = [header, "-" * len(header)]
    for w in weights:
        t = w.by_type
        other = w.first_visit_gzip - t["document"] - t["stylesheet"] - t["script"] - t["font"]
        lines.append(
            f"{(w.path or '/')[:42]:<42} {w.html / KIB:>9.1f} {w.html_gzip / KIB:>6.1f} {w.own / KIB:>8.1f} "
            f"{w.first_visit / KIB:>10.1f} {w.first_visit_gzip / KIB:>6.0f} {w.requests:>5}  "
            f"{t['stylesheet'] / KIB:>5.0f} {t['script'] / KIB:>5.0f} {t['font'] / KIB:>5.0f} {other / KIB:>5.0f}"
        )
    lines.append(
        f"budgets: own (HTML gzipped + own images) <= {OWN_BUDGET // KIB} KiB, first visit <= "
        f"{FIRST_VISIT_BUDGET / KIB:.0f} KiB as sent (text gzipped); css/js/font/other are first-visit KiB as sent"
    )
    return "\n".join(lines)


def run(site_dir: Path) -> list[PageWeight]:
    from playwright.sync_api import sync_playwright

    with sb.serve_directory(site_dir) as base_url, sync_playwright() as playwright:
        executable = sb.find_chromium(playwright)
        if executable is None:
            raise SystemExit(sb.HOW_TO_GET_CHROMIUM)
        browser = sb.launch_chromium(playwright, executable)
        try:
            return measure_site(browser, base_url, sb.nav_pages())
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", nargs="?", help="a built site (default: build one now)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="page-weight-") as tmp:
        site_dir = sb.site_to_measure(args.site_dir, Path(tmp))
        if site_dir is None:
            return 1
        weights = run(site_dir)
    print(format_table(weights))
    over = [problem for weight in weights for problem in weight.over_budget()]
    for problem in over:
        print(f"OVER BUDGET: {problem}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
