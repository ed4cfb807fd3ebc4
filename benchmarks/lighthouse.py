"""Reader-side budgets of the built site, measured by Lighthouse against an empty Material page.

Usage::

    python benchmarks/lighthouse.py [SITE_DIR] [--pages N] [--runs R]

Without ``SITE_DIR`` the site is first built (strictly, with the same checks as the tests) into a
temporary folder. An empty page is built too, with the site's own theme settings (mkdocs-material,
same palette, features and fonts) and nothing else, as the baseline. Both are served on
127.0.0.1 by a small threaded server that gzips text responses, as GitHub Pages does, and
Lighthouse (npm, mobile preset, simulated throttling) loads the empty page and then every page of
the nav in the system Chromium (``$CHROME_PATH``, default ``/usr/bin/chromium``). Lighthouse's
scores vary from run to run on a busy machine, so each page (the empty one too) is measured
``R`` times (3 by default) and its median performance score is used, with the worst layout
shift and accessibility score of its runs. The last column counts the runs whose unthrottled
load painted only after it had requested the search index (see `SEARCH_INDEX`); such runs
score 5 to 12 points below the same page's other runs.

Budgets, for every content page:

* performance score within 5 points of the empty page's (measured in the same run);
* cumulative layout shift <= 0.02;
* accessibility score 100;
* its HTML <= 120 KiB gzipped;
* a first visit (Lighthouse's total byte weight: every transfer, gzipped) <= 1.5 MiB.

Lighthouse is installed with npm into ``.cache/lighthouse`` (git-ignored) on first use. Without
Node.js and npm the benchmark says so and exits with status 0 (nothing measured); otherwise it
prints one row per page and exits with status 1 if a page is over a budget.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "e2e"))
sys.path.insert(0, str(REPO_ROOT / "tools"))

import site_browser as sb  # noqa: E402  (tests/e2e/site_browser.py)

LIGHTHOUSE_VERSION = "12.8.2"  # the newest release that runs on Node.js 20
LIGHTHOUSE_DIR = REPO_ROOT / ".cache" / "lighthouse"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)

KIB = 1024
PERFORMANCE_MARGIN = 5  # points below the empty page's score
MAX_CLS = 0.02
ACCESSIBILITY = 100
HTML_GZIP_BUDGET = 120 * KIB
FIRST_VISIT_BUDGET = 1536 * KIB  # 1.5 MiB
#: Lighthouse simulates a phone from one unthrottled load, and counts into a paint every request
#: that load had started before it painted. Material's script requests the search index
#: (``search/search_index.json``, 87 KiB gzipped here, under 1 KiB on the empty page) as it
#: starts; when the unthrottled load paints only after that request, the simulated LCP waits for
#: the index over the simulated network (about +0.8 s, 5 to 12 points). Which comes first varies
#: from load to load on a busy machine (the paint can also be held back a second or more while
#: the page's main thread is idle), so such runs are counted: a low median can be told from a
#: slower page.
SEARCH_INDEX = "search/search_index.json"

#: Content types the server compresses (fonts and images are compressed already).
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


# --------------------------------------------------------------------------------------------
# A static server that gzips


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text responses gzipped when the client accepts it (compressed once each)."""

    cache: ClassVar[dict[Path, bytes]] = {}

    def log_message(self, format: str, *args: Any) -> None:  # the stdlib's signature
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?", 1)[0] + "/")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404, "File not found")
            return
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        body = path.read_bytes()
        encoding = None
        if "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(_COMPRESSIBLE):
            if path not in self.cache:
                self.cache[path] = gzip.compress(body, compresslevel=6, mtime=0)
            body, encoding = self.cache[path], "gzip"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_gzipped(root: Path) -> Any:
    """Serve ``root`` with gzip on 127.0.0.1 at a free port (a context manager yielding the base
    URL): the suite's local server with the compressing handler above."""
    return sb.serve_directory(root, _GzipHandler)


def gzipped_size(path: Path) -> int:
    """Bytes of ``path`` gzipped as the server sends it."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


# --------------------------------------------------------------------------------------------
# The empty page


EMPTY_PAGE = "# Empty\n"


def build_empty_site(destination: Path) -> Path:
    """An empty page with the site's theme settings, built with mkdocs into ``destination``."""
    config = sb.load_config()
    theme = {
        key: value
        for key, value in config.get("theme", {}).items()
        if key in ("name", "language", "font", "palette", "features")
    }
    project = destination / "empty-project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(EMPTY_PAGE, encoding="utf-8")
    settings = {"site_name": "Empty", "theme": theme, "plugins": ["search"]}
    (project / "mkdocs.yml").write_text(json.dumps(settings), encoding="utf-8")  # JSON is YAML
    site = destination / "empty-site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return site


# --------------------------------------------------------------------------------------------
# Lighthouse


def lighthouse_command() -> list[str] | None:
    """The Lighthouse CLI, installed with npm into .cache/lighthouse if needed; None without npm."""
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if binary.is_file():
        return [str(binary)]
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "npm",
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        cwd=LIGHTHOUSE_DIR,
        check=True,
    )
    return [str(binary)]


@dataclass
class Score:
    path: str
    performance: float
    accessibility: float
    cls: float
    lcp_ms: float
    tbt_ms: float
    total_bytes: int
    html_gzip: int = 0
    failed_a11y: tuple[str, ...] = ()
    #: Runs whose unthrottled load painted after requesting the search index (`SEARCH_INDEX`).
    late_first_paints: int = 0
    runs: int = 1

    def over_budget(self, baseline: Score) -> list[str]:
        where = self.path or "/"
        problems = []
        if self.performance < baseline.performance - PERFORMANCE_MARGIN:
            problems.append(
                f"{where}: performance {self.performance:.0f} < empty page's "
                f"{baseline.performance:.0f} - {PERFORMANCE_MARGIN}"
            )
        if self.cls > MAX_CLS:
            problems.append(f"{where}: cumulative layout shift {self.cls:.3f} > {MAX_CLS}")
        if self.accessibility < ACCESSIBILITY:
            problems.append(
                f"{where}: accessibility {self.accessibility:.0f} < {ACCESSIBILITY} "
                f"({', '.join(self.failed_a11y)})"
            )
        if self.html_gzip > HTML_GZIP_BUDGET:
            problems.append(
                f"{where}: HTML {self.html_gzip / KIB:.0f} KiB gzipped > {HTML_GZIP_BUDGET // KIB} KiB"
            )
        if self.total_bytes > FIRST_VISIT_BUDGET:
            problems.append(
                f"{where}: first visit {self.total_bytes / KIB:.0f} KiB > {FIRST_VISIT_BUDGET / KIB:.0f} KiB"
            )
        return problems


def run_lighthouse(command: list[str], url: str, path: str) -> Score:
    """One Lighthouse run (mobile preset) on ``url``; its scores and metrics."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    completed = subprocess.run(
        [
            *command,
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            "--only-categories=performance,accessibility",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{completed.stderr[-2000:]}")
    report = json.loads(completed.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {report['runtimeError']}")
    audits, categories = report["audits"], report["categories"]
    failed = tuple(
        ref["id"]
        for ref in categories["accessibility"]["auditRefs"]
        if ref.get("weight") and audits[ref["id"]].get("score") not in (None, 1)
    )
    return Score(
        path=path,
        performance=100 * (categories["performance"]["score"] or 0),
        accessibility=100 * (categories["accessibility"]["score"] or 0),
        cls=float(audits["cumulative-layout-shift"]["numericValue"]),
        lcp_ms=float(audits["largest-contentful-paint"]["numericValue"]),
        tbt_ms=float(audits["total-blocking-time"]["numericValue"]),
        total_bytes=int(audits["total-byte-weight"]["numericValue"]),
        failed_a11y=failed,
        late_first_paints=int(_painted_after_search_index(audits)),
    )


def _painted_after_search_index(audits: dict[str, Any]) -> bool:
    """Whether the unthrottled load first painted after it had requested the search index."""
    painted = audits["metrics"]["details"]["items"][0]["observedFirstPaint"]
    requested = [
        item["networkRequestTime"]
        for item in audits["network-requests"]["details"]["items"]
        if item["url"].endswith("/" + SEARCH_INDEX)
    ]
    return bool(requested) and painted > min(requested)


def format_table(baseline: Score, scores: list[Score]) -> str:
    header = (
        f"{'page':<42} {'perf':>4} {'a11y':>4} {'CLS':>6} {'LCP ms':>7} {'TBT ms':>6} "
        f"{'html gz KiB':>11} {'first KiB':>9} {'late':>5}"
    )
    lines = [header, "-" * len(header)]
    for score in [baseline, *scores]:
        name = "(empty Material page)" if score is baseline else (score.path or "/")
        lines.append(
            f"{name[:42]:<42} {score.performance:>4.0f} {score.accessibility:>4.0f} "
            f"{score.cls:>6.3f} {score.lcp_ms:>7.0f} {score.tbt_ms:>6.0f} "
            f"{score.html_gzip / KIB:>11.1f} {score.total_bytes / KIB:>9.0f} "
            f"{score.late_first_paints:>2}/{score.runs:<2}"
        )
    lines.append(
        f"budgets: performance >= empty page - {PERFORMANCE_MARGIN}, CLS <= {MAX_CLS}, "
        f"accessibility {ACCESSIBILITY}, HTML <= {HTML_GZIP_BUDGET // KIB} KiB gzipped, "
        f"first visit <= {FIRST_VISIT_BUDGET / KIB:.0f} KiB (Lighthouse mobile, gzip); late: runs "
        f"whose unthrottled load painted after requesting {SEARCH_INDEX}"
    )
    return "\n".join(lines)


def combine(runs: list[Score]) -> Score:
    """One page's runs as one score: the median performance (and the timings of that run), the
    worst layout shift and accessibility, the largest byte weight."""
    ordered = sorted(runs, key=lambda score: score.performance)
    middle = ordered[(len(ordered) - 1) // 2]
    return Score(
        path=middle.path,
        performance=middle.performance,
        accessibility=min(score.accessibility for score in runs),
        cls=max(score.cls for score in runs),
        lcp_ms=middle.lcp_ms,
        tbt_ms=middle.tbt_ms,
        total_bytes=max(score.total_bytes for score in runs),
        failed_a11y=tuple(sorted({audit for score in runs for audit in score.failed_a11y})),
        late_first_paints=sum(score.late_first_paints for score in runs),
        runs=len(runs),
    )


def measure(
    site_dir: Path, empty_dir: Path, command: list[str], pages: list[sb.NavPage], runs: int = 3
) -> tuple[Score, list[Score]]:
    with serve_gzipped(empty_dir) as empty_url:
        baseline = combine([run_lighthouse(command, empty_url, "") for _ in range(runs)])
    baseline.html_gzip = gzipped_size(empty_dir / "index.html")
    scores = []
    with serve_gzipped(site_dir) as base_url:
        for page in pages:
            results = [run_lighthouse(command, base_url + page.path, page.path) for _ in range(runs)]
            score = combine(results)
            score.html_gzip = gzipped_size(site_dir / page.path / "index.html")
            scores.append(score)
            print(
                f"  measured {page.path or '/'}: performance "
                f"{', '.join(f'{r.performance:.0f}' for r in results)}",
                file=sys.stderr,
                flush=True,
            )
    return baseline, scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", nargs="?", help="a built site (default: build one now)")
    parser.add_argument(
        "--pages", type=int, default=0, help="measure only the first N pages of the nav (default: all)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="Lighthouse runs per page; the median score counts (default: 3)"
    )
    args = parser.parse_args(argv)
    command = lighthouse_command()
    if command is None:
        print("lighthouse benchmark skipped: Node.js and npm are needed to install Lighthouse")
        return 0
    pages = sb.nav_pages()
    if args.pages:
        pages = pages[: args.pages]
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        site_dir = sb.site_to_measure(args.site_dir, Path(tmp))
        if site_dir is None:
            return 1
        empty_dir = build_empty_site(Path(tmp))
        baseline, scores = measure(site_dir, empty_dir, command, pages, runs=max(args.runs, 1))
    print(format_table(baseline, scores))
    over = [problem for score in scores for problem in score.over_budget(baseline)]
    for problem in over:
        print(f"OVER BUDGET: {problem}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
