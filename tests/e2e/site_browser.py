"""Serve a built site locally and look at it through a real Chromium (PyPI playwright).

The end-to-end tests (``tests/e2e``) and ``benchmarks/page_weight.py`` share this module:

* :func:`serve_directory` serves a folder on ``127.0.0.1`` at a free port (threaded
  ``http.server``), for as long as the ``with`` block runs;
* :func:`find_chromium` / :func:`launch_chromium` locate and start the browser;
* :class:`Guard` routes every request of a browser context: only the local server's origin
  (and ``data:``/``blob:``) is let through, anything else is aborted and recorded; console
  errors, uncaught page errors, failed requests and HTTP error statuses are recorded too;
* :func:`nav_pages` reads the page order from ``mkdocs.yml``'s ``nav`` and
  :func:`built_pages` finds every page of a built site, so no page list is written by hand;
* the ``*_STATE`` JavaScript snippets and ``*_problems`` functions measure one property of a
  loaded page and describe what is wrong in plain words (empty list: nothing wrong).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import io
import os
import re
import shutil
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
MKDOCS_CONFIG = REPO_ROOT / "mkdocs.yml"
SCREENSHOTS = REPO_ROOT / "screenshots"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HOW_TO_GET_CHROMIUM = (
    "no Chromium found (looked at $CHROMIUM, /usr/bin/chromium, `chromium` on PATH and "
    "playwright's own download). Get one with `python -m playwright install chromium`, "
    "or on Debian/Ubuntu `apt-get install chromium`, or point $CHROMIUM at a Chromium binary."
)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

#: Minimum WCAG contrast ratio between a figure card and the page, and between the figure's
#: text and its card (the WCAG 2.x threshold for graphics and large text).
MIN_CONTRAST = 3.0


# --------------------------------------------------------------------------------------------
# Environment


def ci_requested(environ: dict[str, str] | None = None) -> bool:
    """True when ``$CI`` is set to anything but an empty string, ``"false"`` or ``"0"``."""
    value = (os.environ if environ is None else environ).get("CI", "").strip().lower()
    return value not in ("", "false", "0")


def find_chromium(playwright: Any = None) -> str | None:
    """Path of a Chromium binary: ``$CHROMIUM``, ``/usr/bin/chromium``, ``chromium`` on PATH,
    else the browser that ``python -m playwright install chromium`` downloaded; ``None`` if none."""
    candidates = [
        os.environ.get("CHROMIUM", ""),
        "/usr/bin/chromium",
        shutil.which("chromium") or "",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    if playwright is not None:
        with contextlib.suppress(Exception):
            path = playwright.chromium.executable_path
            if path and Path(path).is_file():
                return path
    return None


def launch_chromium(playwright: Any, executable: str) -> Any:
    """Start headless Chromium with flags that keep it from talking to anything but our server."""
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


# --------------------------------------------------------------------------------------------
# Local HTTP server


def rebase_sitemap(xml: str, base_url: str) -> str:
    """Rewrite the page URLs of a sitemap from the site's ``site_url`` to ``base_url``.

    Material's instant navigation only takes over links listed in ``sitemap.xml``, after
    moving the listed URLs to the current scheme and host name but not the port (9.8.2).
    Built with ``site_url: http://127.0.0.1:8000/``, a site served at another port would
    therefore always fall back to full page loads. The site root is the shortest ``<loc>``.

    >>> xml = "<url><loc>https://x.org/s/</loc></url><url><loc>https://x.org/s/a/</loc></url>"
    >>> rebase_sitemap(xml, "http://127.0.0.1:5000/")
    '<url><loc>http://127.0.0.1:5000/</loc></url><url><loc>http://127.0.0.1:5000/a/</loc></url>'
    """
    locs = re.findall(r"<loc>([^<]*)</loc>", xml)
    if not locs:
        return xml
    root = min(locs, key=len)
    return re.sub(
        r"<loc>" + re.escape(root),
        lambda _match: "<loc>" + base_url,
        xml,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files without the request log (pytest would show it as noise); ``sitemap.xml``
    is served rebased on the server's own address (see :func:`rebase_sitemap`)."""

    def log_message(self, format: str, *args: Any) -> None:  # the stdlib's signature
        pass

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] != "/sitemap.xml":
            super().do_GET()
            return
        path = Path(self.translate_path("/sitemap.xml"))
        if not path.is_file():
            self.send_error(404, "File not found")
            return
        host, port = cast("tuple[str, int]", self.server.server_address)[:2]
        body = rebase_sitemap(path.read_text(encoding="utf-8"), f"http://{host}:{port}/")
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that drops a connection mid-response (navigation, context closed) is normal.
        pass


@contextlib.contextmanager
def serve_directory(
    root: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] | None = None
) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port; yield the base URL (ending in ``/``).

    ``handler_class`` replaces the default request handler (plain static files, no request log),
    e.g. with one that compresses its responses.
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"root: expected a folder to serve, got {str(root)!r}")
    handler = functools.partial(handler_class or _QuietHandler, directory=str(root))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {root}", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --------------------------------------------------------------------------------------------
# Request guard and error recorder


def _origin(base_url: str) -> str:
    match = re.match(r"^(https?://[^/]+)", base_url)
    if not match:
        raise ValueError(f"base_url: expected an http(s) URL, got {base_url!r}")
    return match.group(1)


@dataclass
class Guard:
    """Records what went wrong in one browser context, and blocks every foreign request.

    Create it with :meth:`install` right after ``browser.new_context(...)``.
    """

    origin: str
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    error_responses: list[str] = field(default_factory=list)

    @classmethod
    def install(cls, context: Any, base_url: str) -> Guard:
        guard = cls(origin=_origin(base_url))
        # Only foreign URLs match this pattern, so local requests are not intercepted at all.
        foreign = re.compile(r"^(?!" + re.escape(guard.origin) + r"(?:/|$))(?!data:)(?!blob:)")
        context.route(foreign, guard._abort)
        context.on("console", guard._on_console)
        context.on("weberror", lambda error: guard.page_errors.append(str(error.error)))
        context.on("requestfailed", guard._on_request_failed)
        context.on("response", guard._on_response)
        return guard

    def _abort(self, route: Any) -> None:
        self.blocked.append(route.request.url)
        route.abort("blockedbyclient")

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            where = message.location or {}
            url = where.get("url", "")
            self.console_errors.append(f"{message.text} ({url}:{where.get('lineNumber', '?')})")

    def _on_request_failed(self, request: Any) -> None:
        if request.url in self.blocked:
            return
        self.failed_requests.append(f"{request.url} ({request.failure})")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.error_responses.append(f"HTTP {response.status} for {response.url}")

    def problems(self) -> list[str]:
        """Everything recorded so far, one line each (empty when the page was clean)."""
        lines = [f"request outside {self.origin} blocked: {url}" for url in self.blocked]
        lines += [f"console error: {text}" for text in self.console_errors]
        lines += [f"uncaught page error: {text}" for text in self.page_errors]
        lines += [f"failed request: {text}" for text in self.failed_requests]
        lines += self.error_responses
        return lines


# --------------------------------------------------------------------------------------------
# Pages of the site


class _ConfigLoader(yaml.SafeLoader):
    """A safe YAML loader that reads mkdocs.yml and ignores its custom tags (``!ENV``, …)."""


def _ignore_tag(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_ConfigLoader.add_multi_constructor("", _ignore_tag)


def load_config(path: Path = MKDOCS_CONFIG) -> dict[str, Any]:
    """``mkdocs.yml`` as a plain dict (custom tags resolved to their raw values)."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_ConfigLoader) or {}


def page_url_path(src: str, use_directory_urls: bool = True) -> str:
    """The URL path (relative to the site root) MkDocs gives the page built from ``src``.

    >>> page_url_path("index.md"), page_url_path("part-1.md"), page_url_path("reference/index.md")
    ('', 'part-1/', 'reference/')
    >>> page_url_path("reference/loss.md", use_directory_urls=False)
    'reference/loss.html'
    """
    stem = src[: -len(".md")] if src.endswith(".md") else src
    parent, _, name = stem.rpartition("/")
    prefix = f"{parent}/" if parent else ""
    if name in ("index", "README"):
        return prefix if use_directory_urls else f"{prefix}index.html"
    return f"{prefix}{name}/" if use_directory_urls else f"{prefix}{name}.html"


@dataclass(frozen=True)
class NavPage:
    title: str
    src: str
    path: str  # URL path relative to the site root: "" for Home, "part-1/", …

    @property
    def slug(self) -> str:
        return path_slug(self.path)


def path_slug(path: str) -> str:
    """A file-name-safe name for a page URL path (``""`` is ``home``).

    >>> path_slug(""), path_slug("reference/loss/")
    ('home', 'reference-loss')
    """
    cleaned = re.sub(r"(index)?\.html$", "", path).strip("/")
    return re.sub(r"[^A-Za-z0-9_-]+", "-", cleaned) or "home"


def nav_pages(config_path: Path = MKDOCS_CONFIG) -> list[NavPage]:
    """The pages of ``nav`` in reading order (sections flattened, external links skipped)."""
    config = load_config(config_path)
    directory_urls = bool(config.get("use_directory_urls", True))
    pages: list[NavPage] = []

    def walk(items: Any, section: str = "") -> None:
        for item in items or []:
            if isinstance(item, str):
                title, target = section or item, item
            elif isinstance(item, dict) and len(item) == 1:
                title, target = next(iter(item.items()))
            else:
                continue
            if isinstance(target, list):
                walk(target, section=str(title))
            elif isinstance(target, str) and "://" not in target and target.endswith(".md"):
                pages.append(NavPage(str(title), target, page_url_path(target, directory_urls)))

    walk(config.get("nav"))
    return pages


def built_pages(site_dir: Path) -> list[str]:
    """URL paths of every HTML page in a built site (no 404 page, no theme assets), sorted."""
    site_dir = Path(site_dir)
    paths = []
    for html_file in sorted(site_dir.rglob("*.html")):
        rel = html_file.relative_to(site_dir).as_posix()
        if rel == "404.html" or rel.startswith(("assets/", "search/")):
            continue
        if rel.endswith("index.html"):
            rel = rel[: -len("index.html")]
        paths.append(rel)
    return paths


# --------------------------------------------------------------------------------------------
# Math

#: Counts of math elements: every ``.arithmatex`` KaTeX must replace, the ones that contain
#: KaTeX output, the ones KaTeX marked as errors, and raw TeX delimiters left in the visible
#: text (code blocks excluded, since code may legitimately show a backslash-paren).
MATH_STATE = r"""
() => {
  const all = [...document.querySelectorAll('.arithmatex')];
  const rendered = all.filter((el) => el.querySelector('.katex'));
  const errors = [...document.querySelectorAll('.katex-error, .arithmatex[data-katex="error"]')];
  let text = document.body.innerText;
  for (const pre of document.querySelectorAll('pre')) {
    const own = pre.innerText;
    if (own) text = text.replace(own, '');
  }
  const raw = [];
  const pattern = /\\[(\[]/g;
  let match;
  while ((match = pattern.exec(text)) !== null && raw.length < 5) {
    raw.push(text.slice(Math.max(0, match.index - 30), match.index + 40).replace(/\s+/g, ' '));
  }
  const unrendered = all.filter((el) => !el.querySelector('.katex'))
    .slice(0, 5).map((el) => el.textContent.trim().slice(0, 60));
  return {total: all.length, rendered: rendered.length, errors: errors.length, raw, unrendered};
}
"""

MATH_SETTLED = r"""
() => {
  const all = [...document.querySelectorAll('.arithmatex')];
  return all.every((el) => el.querySelector('.katex') || el.getAttribute('data-katex') === 'error'
                           || el.querySelector('.katex-error'));
}
"""


def wait_for_math(page: Any, timeout_ms: float = 5000) -> None:
    """Wait until every math element is rendered or marked as an error (or the timeout)."""
    with contextlib.suppress(Exception):
        page.wait_for_function(MATH_SETTLED, timeout=timeout_ms)


#: The site skips the layout of blocks far from the screen (site.css: ``content-visibility:
#: auto``). Checks that measure the whole page (sizes, overflow, colours) first lay out every
#: block, as a reader who scrolls through the page sees it.
RENDER_EVERYTHING = r"""
() => {
  if (!document.getElementById('e2e-render-everything')) {
    const style = document.createElement('style');
    style.id = 'e2e-render-everything';
    style.textContent = '* { content-visibility: visible !important; }';
    document.head.appendChild(style);
  }
  return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
}
"""


def render_everything(page: Any) -> None:
    """Lay out every block of the page, including those the site leaves for later."""
    page.evaluate(RENDER_EVERYTHING)


def math_problems(page: Any) -> list[str]:
    """What is wrong with the typeset math on the page, if anything."""
    state = page.evaluate(MATH_STATE)
    problems = []
    if state["rendered"] != state["total"]:
        problems.append(
            f"math: only {state['rendered']} of {state['total']} .arithmatex elements were "
            f"typeset by KaTeX; untypeset: {state['unrendered']}"
        )
    if state["errors"]:
        problems.append(f"math: {state['errors']} KaTeX error element(s) on the page")
    for excerpt in state["raw"]:
        problems.append(f"math: raw TeX delimiter left in the page text: ...{excerpt}...")
    return problems


#: Texts found only in a script that typesets math in the browser (KaTeX's API, its
#: auto-render extension, MathJax).
TYPESETTER_MARKERS = ("renderToString", "renderMathInElement", "MathJax")

#: Globals such a script leaves, the scripts the page loaded (by URL) and, for each of them and
#: for every inline script, which of the markers its source contains.
TYPESETTING_STATE = r"""
async (markers) => {
  const globals = ['katex', 'MathJax', 'renderMathInElement']
    .filter((name) => typeof window[name] !== 'undefined');
  const urls = new Set(performance.getEntriesByType('resource')
    .filter((entry) => entry.initiatorType === 'script').map((entry) => entry.name));
  for (const script of document.scripts) if (script.src) urls.add(script.src);
  const found = [];
  const check = (where, text) => {
    const hits = markers.filter((marker) => text.includes(marker));
    if (hits.length) found.push({where, hits});
  };
  for (const url of urls) {
    if (new URL(url).origin !== location.origin) continue;
    check(url, await (await fetch(url)).text());
  }
  [...document.scripts].filter((script) => !script.src)
    .forEach((script, index) => check(`inline script #${index + 1}`, script.textContent));
  return {globals, scripts: urls.size, found};
}
"""


def typesetting_problems(page: Any) -> list[str]:
    """Scripts that typeset math in the browser (the site typesets its math at build time)."""
    state = page.evaluate(TYPESETTING_STATE, list(TYPESETTER_MARKERS))
    problems = [f"math: the page defines the typesetting global {name!r}" for name in state["globals"]]
    problems += [
        f"math: {item['where']} is a typesetting script (contains {', '.join(item['hits'])})"
        for item in state["found"]
    ]
    return problems


#: Most that the page's layout may shift in all (the sum of the ``layout-shift`` entries' values
#: without recent input, as Lighthouse's CLS adds them up on a short page).
MAX_LAYOUT_SHIFT = 0.02

#: Every layout shift since the page started loading (``buffered``), once fonts are ready and
#: two more frames were drawn, with the elements that moved.
LAYOUT_SHIFT_STATE = r"""
async () => {
  await document.fonts.ready;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const entries = await new Promise((resolve) => {
    const seen = [];
    const observer = new PerformanceObserver((list) => seen.push(...list.getEntries()));
    observer.observe({type: 'layout-shift', buffered: true});
    setTimeout(() => { observer.disconnect(); resolve(seen); }, 300);
  });
  const describe = (node) => {
    if (!node || !node.tagName) return String(node && node.nodeName);
    const names = typeof node.className === 'string' ? node.className.trim() : '';
    const cls = names ? '.' + names.split(/\s+/).join('.') : '';
    return node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') + cls;
  };
  const shifts = entries.filter((entry) => !entry.hadRecentInput).map((entry) => ({
    value: entry.value, time: entry.startTime,
    sources: (entry.sources || []).slice(0, 3).map((source) => describe(source.node)),
  }));
  return {total: shifts.reduce((sum, shift) => sum + shift.value, 0), shifts};
}
"""


def layout_shift_problems(page: Any, limit: float = MAX_LAYOUT_SHIFT) -> list[str]:
    """The page's layout shifts, if they add up to more than ``limit``."""
    state = page.evaluate(LAYOUT_SHIFT_STATE)
    if state["total"] <= limit:
        return []
    worst = sorted(state["shifts"], key=lambda shift: -shift["value"])[:3]
    moved = "; ".join(
        f"{shift['value']:.3f} at {shift['time']:.0f} ms ({', '.join(shift['sources'])})" for shift in worst
    )
    return [f"layout: the page shifts by {state['total']:.3f} in all (> {limit}): {moved}"]


#: Header cells with no text (a table's corner cell included): each is reported by its table's
#: position on the page and the header cells' texts.
EMPTY_HEADERS_STATE = r"""
() => [...document.querySelectorAll('.md-typeset table')].map((table, index) => {
  const heads = [...table.querySelectorAll('th')];
  const empty = heads.filter((th) => !th.textContent.trim()).length;
  const names = heads.map((th) => {
    const math = th.querySelector('.katex-mathml');
    return (math ? math.textContent : th.textContent).trim().slice(0, 24);
  });
  return {index: index + 1, empty, names};
}).filter((table) => table.empty > 0)
"""


def table_problems(page: Any) -> list[str]:
    """Tables with an empty header cell (a screen reader announces such a column as blank)."""
    return [
        f"table {table['index']}: {table['empty']} empty header cell(s): {table['names']}"
        for table in page.evaluate(EMPTY_HEADERS_STATE)
    ]


# --------------------------------------------------------------------------------------------
# Search index

#: Raw TeX in running text: a math delimiter or a control word (``\frac``).
RAW_TEX = re.compile(r"\\[()\[\]]|\\[A-Za-z]{2,}")

#: Marks of TeX syntax in a formula's source (a formula like ``u`` is text as it stands).
_TEX_SYNTAX = re.compile(r"[\\_^{}]")

#: KaTeX keeps each formula's TeX in an annotation of its MathML.
_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex"[^>]*>(.*?)</annotation>', re.S)
_KATEX_MATHML = re.compile(r'<span class="katex-mathml">(.*?)</span>', re.S)


def search_entries(site_dir: Path) -> list[dict[str, str]]:
    """The entries (``location``, ``title``, ``text``) of the built site's search index."""
    import json

    index = json.loads((Path(site_dir) / "search" / "search_index.json").read_text("utf-8"))
    return list(index["docs"])


def prose_text(text: str) -> str:
    """Search-index text without its code (``<code>``/``<pre>`` elements), tags removed.

    >>> prose_text("<p>Call <code>f(b_3)</code> then</p><pre>x_1\\n</pre> <p>end</p>")
    'Call then end'
    """
    import html

    text = re.sub(r"<(pre|code)>.*?</\1>", " ", text, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def page_formulas(html_text: str) -> list[tuple[str, str]]:
    """(TeX source, MathML text) of every typeset formula in a built page.

    >>> page_formulas(
    ...     '<span class="katex-mathml"><math><mi>b</mi><mn>3</mn><annotation '
    ...     'encoding="application/x-tex">b_3</annotation></math></span>'
    ... )
    [('b_3', 'b3')]
    """
    import html

    formulas = []
    for mathml in _KATEX_MATHML.findall(html_text):
        tex = _ANNOTATION.search(mathml)
        spoken = _ANNOTATION.sub("", mathml)
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", spoken)).split())
        formulas.append((html.unescape(tex.group(1)) if tex else "", text))
    return formulas


def search_index_problems(site_dir: Path) -> tuple[list[str], int]:
    """Raw TeX in the search index's prose, and formulas missing from it as text.

    Oracles: the TeX sources of the site's own formulas (read from the built pages' MathML
    annotations), none of which may appear in the index, and their MathML text, which must.
    Also returns how many formulas were checked.
    """
    site_dir = Path(site_dir)
    entries = search_entries(site_dir)
    problems = []
    by_page: dict[str, str] = {}
    for entry in entries:
        text = prose_text(entry["title"] + " " + entry["text"])
        page = entry["location"].split("#", 1)[0]
        by_page[page] = by_page.get(page, "") + " " + text
        match = RAW_TEX.search(text)
        if match:
            start = max(match.start() - 40, 0)
            problems.append(
                f"search: raw TeX in {entry['location'] or '/'}: ...{text[start : match.end() + 40]}..."
            )
    checked = 0
    for path in built_pages(site_dir):
        html_file = site_dir / path / "index.html" if not path.endswith(".html") else site_dir / path
        if not html_file.is_file():
            continue
        indexed = " ".join(by_page.get(path, "").split())
        for tex, text in page_formulas(html_file.read_text(encoding="utf-8")):
            checked += 1
            if _TEX_SYNTAX.search(tex) and tex.strip() in indexed:
                problems.append(f"search: {path or '/'} has the TeX source {tex!r} in the index")
            if text and text not in indexed and len(problems) < 40:
                problems.append(f"search: {path or '/'}: formula {tex!r} is missing as {text!r}")
    return problems, checked


# --------------------------------------------------------------------------------------------
# Figures

#: Every figure SVG (outermost only, not the hidden further panels of a figure) and every image,
#: with its box and its text alternative.
FIGURES_STATE = r"""
() => {
  const items = [
    ...document.querySelectorAll('figure.ce-figure svg'),
    ...document.querySelectorAll('img'),
  ].filter((el) => !(el.tagName.toLowerCase() === 'svg' && el.parentElement.closest('svg')))
    // a figure's further panels are hidden from assistive technology: its first panel names it
    .filter((el) => !el.closest('[aria-hidden="true"]'));
  return items.map((el, index) => {
    const tag = el.tagName.toLowerCase();
    const figure = el.closest('figure');
    const rect = el.getBoundingClientRect();
    let name = '';
    if (tag === 'img') {
      name = el.getAttribute('alt') || '';
    } else {
      name = el.getAttribute('aria-label') || '';
      const labelledby = el.getAttribute('aria-labelledby');
      if (!name && labelledby) {
        name = labelledby.split(/\s+/).map((id) => document.getElementById(id))
          .filter(Boolean).map((node) => node.textContent).join(' ');
      }
      const title = el.querySelector(':scope > title');
      if (!name && title) name = title.textContent;
    }
    return {
      index, tag,
      id: (figure && figure.id) || el.id || el.getAttribute('src') || `${tag}#${index}`,
      visible: el.checkVisibility ? el.checkVisibility() : true,
      left: rect.left, right: rect.right, width: rect.width, height: rect.height,
      name: name.trim(),
      broken: tag === 'img' && el.complete && el.naturalWidth === 0,
    };
  });
}
"""


def figure_problems(page: Any) -> tuple[list[str], int]:
    """Figures without size or text alternative; also returns how many figures were found."""
    figures = page.evaluate(FIGURES_STATE)
    problems = []
    for fig in figures:
        label = f"{fig['tag']} {fig['id']}"
        if not fig["name"]:
            kind = "alt text" if fig["tag"] == "img" else "aria-label or <title>"
            problems.append(f"figure: {label} has no text alternative ({kind})")
        if fig["broken"]:
            problems.append(f"figure: image {label} failed to load")
        if fig["visible"] and (fig["width"] <= 0 or fig["height"] <= 0):
            problems.append(f"figure: {label} renders at {fig['width']}x{fig['height']} px")
    return problems, len(figures)


#: Page-level horizontal overflow, and where every visible figure sits horizontally.
LAYOUT_STATE = r"""
() => {
  const root = document.documentElement;
  const figures = [...document.querySelectorAll('figure.ce-figure, .md-content img')]
    .filter((el) => !el.checkVisibility || el.checkVisibility())
    .map((el) => {
      const rect = el.getBoundingClientRect();
      return {id: el.id || el.getAttribute('src') || el.tagName, left: rect.left,
              right: rect.right, width: rect.width};
    });
  // A paragraph's content wider than the paragraph (a long inline formula that cannot break).
  const paragraphs = [...document.querySelectorAll('.md-typeset > p')]
    .filter((p) => p.scrollWidth > p.clientWidth + 1)
    .map((p) => ({text: p.textContent.trim().slice(0, 60), over: p.scrollWidth - p.clientWidth}));
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, figures, paragraphs};
}
"""


def layout_problems(page: Any) -> list[str]:
    """Horizontal scrolling of the whole page, paragraphs wider than the column, or figures wider
    than / outside the viewport."""
    state = page.evaluate(LAYOUT_STATE)
    width = state["clientWidth"]
    problems = []
    if state["scrollWidth"] > width:
        problems.append(
            f"layout: the page scrolls sideways (scrollWidth {state['scrollWidth']} > clientWidth {width})"
        )
    for paragraph in state["paragraphs"]:
        problems.append(
            f"layout: a paragraph is {paragraph['over']} px wider than the column: {paragraph['text']!r}"
        )
    for fig in state["figures"]:
        if fig["left"] < -0.5 or fig["right"] > width + 0.5:
            problems.append(
                f"layout: figure {fig['id']} spans x={fig['left']:.1f}..{fig['right']:.1f}, "
                f"outside the {width}px viewport"
            )
    return problems


# --------------------------------------------------------------------------------------------
# Colour contrast (measured on rendered pixels, so CSS filters and SVG fills all count)


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance of an sRGB colour given as 0..255 integers.

    >>> relative_luminance((255, 255, 255)), relative_luminance((0, 0, 0))
    (1.0, 0.0)
    """

    def channel(value: int) -> float:
        c = value / 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio (1..21) between two sRGB colours.

    >>> round(contrast_ratio((255, 255, 255), (0, 0, 0)), 1)
    21.0
    >>> round(contrast_ratio((118, 118, 118), (255, 255, 255)), 2)
    4.54
    """
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


#: The page background as an sRGB triple (any CSS colour syntax normalised through a canvas).
PAGE_BACKGROUND = r"""
() => {
  let el = document.body;
  let color = 'rgba(0, 0, 0, 0)';
  while (el) {
    const c = getComputedStyle(el).backgroundColor;
    if (c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) { color = c; break; }
    el = el.parentElement;
  }
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 1, 1);
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
  return {css: color, rgb: [r, g, b], scheme: document.body.getAttribute('data-md-color-scheme')};
}
"""

#: Boxes (relative to the figure) of the text runs inside a figure's SVG (its <text> elements).
TEXT_BOXES = r"""
(figure) => {
  const base = figure.getBoundingClientRect();
  return [...figure.querySelectorAll('svg text')].map((el) => {
    const r = el.getBoundingClientRect();
    return {x: r.left - base.left, y: r.top - base.top, w: r.width, h: r.height,
            fill: getComputedStyle(el).fill};
  }).filter((b) => b.w > 0 && b.h > 0);
}
"""


def _rgb(pixel: tuple[int, ...]) -> tuple[int, int, int]:
    return (int(pixel[0]), int(pixel[1]), int(pixel[2]))


def card_colour(image: Any) -> tuple[int, int, int]:
    """The most common colour along the middle parts of an element screenshot's four edges
    (the corners are skipped: rounded corners show the page behind the card)."""
    width, height = image.size
    inset = 2
    samples: Counter[tuple[int, int, int]] = Counter()
    x0, x1 = min(width // 4, 16), max(width - min(width // 4, 16), 1)
    y0, y1 = min(height // 4, 16), max(height - min(height // 4, 16), 1)
    for x in range(x0, x1):
        samples[_rgb(image.getpixel((x, min(inset, height - 1))))] += 1
        samples[_rgb(image.getpixel((x, max(height - 1 - inset, 0))))] += 1
    for y in range(y0, y1):
        samples[_rgb(image.getpixel((min(inset, width - 1), y)))] += 1
        samples[_rgb(image.getpixel((max(width - 1 - inset, 0), y)))] += 1
    return samples.most_common(1)[0][0]


@dataclass
class TextContrast:
    x: float
    y: float
    ink: tuple[int, int, int]
    behind: tuple[int, int, int]
    ratio: float


def text_contrast(image: Any, box: dict[str, float]) -> TextContrast:
    """Contrast of a text run with what is right behind it, from the pixels inside its box.

    The commonest colour in the box is taken as its background (for a glyph-dense run it may
    be the ink instead; the ratio is the same either way), and the pixel furthest from it in
    contrast as the ink: the solid core of the glyphs, whatever anti-aliasing does at edges.
    """
    width, height = image.size
    left, top = max(int(box["x"]), 0), max(int(box["y"]), 0)
    right = min(int(box["x"] + box["w"]) + 1, width)
    bottom = min(int(box["y"] + box["h"]) + 1, height)
    if right <= left or bottom <= top:
        return TextContrast(box["x"], box["y"], (0, 0, 0), (0, 0, 0), 21.0)
    region = image.crop((left, top, right, bottom))
    colours = region.getcolors(maxcolors=(right - left) * (bottom - top) + 1)
    behind = _rgb(max(colours)[1])
    ink = max((_rgb(colour) for _, colour in colours), key=lambda c: contrast_ratio(c, behind))
    return TextContrast(box["x"], box["y"], ink, behind, contrast_ratio(ink, behind))


@dataclass
class FigureContrast:
    id: str
    card: tuple[int, int, int]
    card_vs_page: float
    texts: list[TextContrast]


def figure_contrasts(
    page: Any, save_as: str | None = None
) -> tuple[tuple[int, int, int], list[FigureContrast]]:
    """The page background, and for every visible figure its card colour, the card/page
    contrast and each text run's contrast with its own background, from a screenshot of the
    figure (kept as ``{save_as}-{figure id}.png`` when ``save_as`` is given)."""
    from PIL import Image  # pillow: the test extra

    background = page.evaluate(PAGE_BACKGROUND)
    page_rgb = tuple(background["rgb"])
    results = []
    for number, handle in enumerate(page.query_selector_all("figure.ce-figure"), start=1):
        if not handle.is_visible():
            continue
        fig_id = handle.get_attribute("id") or f"figure-{number}"
        handle.scroll_into_view_if_needed()
        boxes = handle.evaluate(TEXT_BOXES)
        png = handle.screenshot(animations="disabled")
        if save_as is not None:
            Path(f"{save_as}-{path_slug(fig_id)}.png").write_bytes(png)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        card = card_colour(image)
        texts = [text_contrast(image, box) for box in boxes]
        results.append(FigureContrast(fig_id, card, contrast_ratio(card, page_rgb), texts))
    return page_rgb, results


def contrast_problems(page: Any, save_as: str | None = None) -> list[str]:
    """Figure text that blends into what is behind it."""
    _, figures = figure_contrasts(page, save_as)
    problems = []
    for fig in figures:
        # Figures are drawn on the page's own background (their colours follow the scheme), so
        # what counts is each text run against what is right behind it.
        if not fig.texts:
            problems.append(f"contrast: figure {fig.id}: no text found to measure")
        for text in fig.texts:
            if text.ratio < MIN_CONTRAST:
                problems.append(
                    f"contrast: figure {fig.id}: text at ({text.x:.0f}, {text.y:.0f}) px is "
                    f"rgb{text.ink} on rgb{text.behind}, {text.ratio:.2f}:1 (< {MIN_CONTRAST}:1)"
                )
    return problems


# --------------------------------------------------------------------------------------------
# Colour scheme


DARK = 'body[data-md-color-scheme="slate"]'

#: True once no CSS transition or animation is running (colours have settled).
ANIMATIONS_DONE = "() => document.getAnimations().every((a) => a.playState !== 'running')"


def switch_to_dark(page: Any, timeout_ms: float = 3000) -> bool:
    """Switch the page to Material's dark ``slate`` scheme with the header's palette toggle,
    as a reader would, and wait until colour transitions have finished. True when dark."""
    dark = page.locator(DARK)
    for _ in range(3):  # a palette list may hold more than two schemes
        if dark.count():
            break
        toggle = page.locator('[data-md-component="palette"] label:not([hidden])').first
        if toggle.count() == 0:
            return False
        toggle.click()
        with contextlib.suppress(Exception):
            dark.wait_for(state="attached", timeout=timeout_ms)
    if not dark.count():
        return False
    with contextlib.suppress(Exception):
        page.wait_for_function(ANIMATIONS_DONE, timeout=timeout_ms)
    return True


# --------------------------------------------------------------------------------------------
# Accessibility (axe-core, bundled by axe-playwright-python)

SERIOUS_IMPACTS = ("serious", "critical")


#: What axe-core looks at: the whole page except KaTeX's visual rendering of formulas, an
#: ``aria-hidden`` tree of absolutely positioned spans (most of the elements on a page with
#: math, and half of axe's running time). Its accessible twin ``.katex-mathml`` is checked,
#: and its colours are inherited from the surrounding text, which is checked too.
AXE_CONTEXT = {"exclude": [[".katex-html"]]}


def axe_violations(page: Any, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the page (every impact), for all rules or only ``rules``."""
    from axe_playwright_python.sync_playwright import Axe

    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    return Axe().run(page, context=AXE_CONTEXT, options=options).response["violations"]


def describe_violation(violation: dict[str, Any], limit: int = 6) -> str:
    targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
    shown = "; ".join(targets[:limit])
    if len(targets) > limit:
        shown += f"; … ({len(targets)} in all)"
    return f"axe {violation['id']} ({violation['impact']}): {violation['help']} — {shown}"


def axe_problems(page: Any, rules: list[str] | None = None) -> tuple[list[str], list[str]]:
    """(serious or critical violations, the milder ones) as readable lines; ``rules`` limits
    the run to those axe rule ids (all rules by default)."""
    serious: list[str] = []
    mild: list[str] = []
    for violation in axe_violations(page, rules):
        line = describe_violation(violation)
        (serious if violation.get("impact") in SERIOUS_IMPACTS else mild).append(line)
    return serious, mild


def format_problems(title: str, problems: list[str]) -> str:
    return f"{title}: {len(problems)} problem(s)\n" + "\n".join(f"  - {p}" for p in problems)


def full_page_screenshot(page: Any, path: Path) -> None:
    """Save a full-page screenshot, taken from the top so the sticky header sits at the top."""
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=path, full_page=True, animations="disabled")


def site_to_measure(site_dir: str | None, tmp: Path) -> Path | None:
    """``site_dir`` if given, else a strict build (with the tests' checks) into ``tmp``; ``None``
    after printing why, if that build fails."""
    if site_dir:
        return Path(site_dir)
    import build_site  # tools/build_site.py

    built = Path(tmp) / "site"
    problems = build_site.build_and_check(MKDOCS_CONFIG, built)
    if problems:
        print("the site build failed:\n" + "\n".join(problems), file=sys.stderr)
        return None
    return built


def load_page_weight() -> Any:
    """``benchmarks/page_weight.py`` as a module (benchmarks/ is not a package)."""
    name = "page_weight"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "benchmarks" / "page_weight.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
