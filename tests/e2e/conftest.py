"""Fixtures for the browser tests: the built site on a local server, one Chromium per session,
a fresh guarded browser context per test.

Every test module here sets ``pytestmark = pytest.mark.e2e``. Without a Chromium the tests
are skipped with a note on how to get one, except under CI (``$CI`` set and not ``false`` or
``0``), where a missing browser is a failure.

``E2E_SITE_DIR=path/to/site`` runs the tests against an already built site instead of building
one (handy after ``make build``: ``E2E_SITE_DIR=site pytest tests/e2e``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import site_browser as sb  # tests/e2e/site_browser.py (this folder is on sys.path)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``nav_page``: one parameter per page of mkdocs.yml's nav, in reading order.

    Pages built but missing from the nav are checked by ``test_pages_outside_the_nav``.
    """
    if "nav_page" in metafunc.fixturenames:
        pages = sb.nav_pages()
        metafunc.parametrize("nav_page", pages, ids=[page.slug for page in pages])


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest) -> Path:
    """The built site: ``$E2E_SITE_DIR`` if set, else the session's strict build."""
    override = os.environ.get("E2E_SITE_DIR")
    if override:
        path = Path(override).resolve()
        if not (path / "index.html").is_file():
            pytest.fail(f"E2E_SITE_DIR={override!r} is not a built site (no index.html)")
        return path
    return request.getfixturevalue("built_site")


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The site served on 127.0.0.1 at a free port, for the whole session."""
    with sb.serve_directory(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session (skipped, or failed under CI, when there is none)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - playwright is a test dependency
        message = f"playwright is not installed ({error}); install the test extra"
        if sb.ci_requested():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        executable = sb.find_chromium(playwright)
        if executable is None:
            if sb.ci_requested():
                pytest.fail(f"CI is set but {sb.HOW_TO_GET_CHROMIUM}", pytrace=False)
            pytest.skip(sb.HOW_TO_GET_CHROMIUM)
        chromium = sb.launch_chromium(playwright, executable)
        try:
            yield chromium
        finally:
            chromium.close()


class Session:
    """A fresh browser context with the request guard installed, and its page."""

    def __init__(self, browser: Any, base_url: str, **context_options: Any) -> None:
        self.base_url = base_url
        self.context = browser.new_context(**context_options)
        self.context.set_default_timeout(15_000)
        self.guard = sb.Guard.install(self.context, base_url)
        self.finished: list[Any] = []  # every finished request, for page weights
        self.context.on("requestfinished", lambda request: self.finished.append(request))
        self.page = self.context.new_page()

    def url(self, path: str) -> str:
        return self.base_url + path

    def open(self, path: str, *, render_everything: bool = True) -> Any:
        """Load a page of the site and wait until its math has settled; then (by default) lay
        out every block, also those off screen (``sb.render_everything``). A check of the page
        as it loads (layout shift) passes ``render_everything=False``."""
        self.page.goto(self.url(path), wait_until="load")
        sb.wait_for_math(self.page)
        if render_everything:
            sb.render_everything(self.page)
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def new_session(browser: Any, base_url: str) -> Iterator[Any]:
    """Factory: ``new_session(**context_options)`` opens a guarded context on the site."""
    sessions: list[Session] = []

    def make(url: str | None = None, **options: Any) -> Session:
        session = Session(browser, url or base_url, **options)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    sb.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return sb.SCREENSHOTS


@pytest.fixture(scope="session")
def page_weight() -> Any:
    """``benchmarks/page_weight.py``, imported as a module."""
    return sb.load_page_weight()


@pytest.fixture(scope="session")
def measured_weights() -> dict[str, Any]:
    """Page weights of the cold loads the desktop tests made (URL path -> PageWeight); the
    budget test measures any page missing here itself."""
    return {}
