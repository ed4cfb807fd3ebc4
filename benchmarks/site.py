"""Site build budgets: cold and warm builds, the live-reload loop and page weight.

Usage::

    python benchmarks/site.py [--runs N] [--edits N]

Prints, without asserting anything (the machine is shared and noisy: ratios measured in one run
say more than seconds), on temporary copies of the project so the work tree is never touched:

* **stripped**: the same project (config, theme, plugins, hooks, prose, math, API reference)
  with every executed block removed: what the site costs without the pages' code and figures;
* **cold**: a strict build of the whole site with an empty figure cache (as in a fresh clone, or
  the first build in CI): budget at most 4.0 × stripped;
* **warm**: the same strict build again, the figure cache filled: budget at most 1.5 × stripped;
* **serve, prose edit**: ``mkdocs serve`` started with the arguments of ``make serve`` on a copy,
  then a sentence appended to a page: seconds from the write to the "Reloading browsers" log line
  (budget 2.5 s), checking that the served page shows the sentence;
* **page weight**: every built page's HTML gzipped, as readers receive it (budget 120 KB each).

Build times are the best of ``--runs`` fresh processes; the serve time is the median of
``--edits`` edits. The copy's own ``src`` comes first on ``PYTHONPATH`` (checked: the copy's
package is the one imported).
"""

from __future__ import annotations

import argparse
import gzip
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
COLD_BUDGET = 4.0
WARM_BUDGET = 1.5
SERVE_BUDGET_S = 2.5
PAGE_GZIP_BUDGET = 120 * 1024
EDITED_PAGE = "index.md"
_EXEC_BLOCK_RE = re.compile(
    r"^([ \t]*)(`{3,}|~{3,})[^\n]*\bexec=[^\n]*\n.*?^\1\2[ \t]*$\n?",
    re.MULTILINE | re.DOTALL,
)


def serve_arguments() -> list[str]:
    """The ``mkdocs serve …`` arguments of the Makefile's ``serve`` target."""
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^serve:.*\n\t\$\(BIN\)/mkdocs (serve[^\n]*)", makefile, re.MULTILINE)
    if match is None:
        raise RuntimeError("no '$(BIN)/mkdocs serve …' line under the Makefile's serve target")
    return match.group(1).split()


def project_copy(root: Path, *, executed_blocks: bool = True) -> Path:
    """Copy what the site is built from under ``root`` (optionally without executed blocks)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for folder in ("docs", "tools", "src"):
        shutil.copytree(REPO_ROOT / folder, root / folder, ignore=ignore)
    if not executed_blocks:
        for page in (root / "docs").rglob("*.md"):
            page.write_text(
                _EXEC_BLOCK_RE.sub("", page.read_text(encoding="utf-8")),
                encoding="utf-8",
            )
    return root


def environment(project: Path, cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project / "src"), env.get("PYTHONPATH")]))
    env["CROSSENTROPY_FIGURE_CACHE"] = str(cache)
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return env


def check_imported(project: Path, env: dict[str, str]) -> None:
    found = subprocess.run(
        [sys.executable, "-c", "import crossentropy; print(crossentropy.__file__)"],
        cwd=project,
        env=env,
        text=True,
        capture_output=True,
        check=True,
    ).stdout.strip()
    if not Path(found).resolve().is_relative_to((project / "src").resolve()):
        raise RuntimeError(f"a build in {project} would import {found}, not the copy's package")


def build(project: Path, site: Path, env: dict[str, str], *, strict: bool) -> float:
    """Wall time of one ``mkdocs build`` in a fresh process; raises if it fails."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)] + (
        ["--strict"] if strict else []
    )
    start = time.perf_counter()
    done = subprocess.run(command, cwd=project, env=env, text=True, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build in {project} failed:\n{(done.stdout + done.stderr)[-3000:]}")
    return seconds


def _pump(stream: Any, lines: queue.Queue[tuple[float, str | None]]) -> None:
    for line in stream:
        lines.put((time.perf_counter(), line.rstrip("\n")))
    lines.put((time.perf_counter(), None))


def serve_prose_edits(project: Path, env: dict[str, str], edits: int) -> list[float]:
    """Seconds from a page write to "Reloading browsers", for ``edits`` edits of one page."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    arguments = [a for a in serve_arguments() if not a.startswith("127.0.0.1:")]
    if "-a" in arguments:
        arguments.remove("-a")
    command = [sys.executable, "-m", "mkdocs", *arguments, "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(
        command,
        cwd=project,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
    threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
    log: list[str] = []

    def wait_for(text: str, timeout: float) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                arrived, line = lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                raise RuntimeError("mkdocs serve exited:\n" + "\n".join(log[-30:]))
            log.append(line)
            if text in line:
                return arrived
        raise TimeoutError(f"no {text!r} within {timeout} s:\n" + "\n".join(log[-20:]))

    times = []
    try:
        wait_for("Serving on", 600)
        time.sleep(1.0)
        page = project / "docs" / EDITED_PAGE
        for n in range(edits):
            word = f"zebrafish{n}"
            with page.open("a", encoding="utf-8") as handle:
                handle.write(f"\nAn added {word}.\n")
            written = time.perf_counter()
            times.append(wait_for("Reloading browsers", 120) - written)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
                if word not in response.read().decode("utf-8"):
                    raise RuntimeError(f"the served page does not show {word!r}")
            time.sleep(1.0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return times


def page_weights(site: Path) -> list[tuple[str, int, int]]:
    """(page, HTML bytes, gzipped bytes) for every built page, heaviest (gzipped) first."""
    rows = []
    for page in site.rglob("*.html"):
        data = page.read_bytes()
        rows.append((page.relative_to(site).as_posix(), len(data), len(gzip.compress(data, 9))))
    return sorted(rows, key=lambda row: -row[2])


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement (best is kept)")
    parser.add_argument("--edits", type=int, default=5, help="prose edits under mkdocs serve")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        root = Path(tmp)
        whole = project_copy(root / "whole")
        stripped = project_copy(root / "stripped", executed_blocks=False)
        check_imported(whole, environment(whole, root / "unused"))
        stripped_s = min(
            build(
                stripped,
                root / "s-site",
                environment(stripped, root / "s-cache"),
                strict=False,
            )
            for _ in range(args.runs)
        )
        cold = []
        for n in range(args.runs):
            cold.append(
                build(
                    whole,
                    root / "w-site",
                    environment(whole, root / f"cold-cache-{n}"),
                    strict=True,
                )
            )
        warm_env = environment(whole, root / "cold-cache-0")
        warm_s = min(build(whole, root / "w-site", warm_env, strict=True) for _ in range(args.runs))
        cold_s = min(cold)
        weights = page_weights(root / "w-site")
        serve = serve_prose_edits(whole, warm_env, args.edits)

    median = statistics.median(serve)
    print(f"\nSite build budgets (best of {args.runs} builds; serve: median of {len(serve)} prose edits)\n")

    def status(ok: bool) -> str:
        return "met" if ok else "NOT MET"

    _table(
        ("measurement", "result", "budget", ""),
        [
            ("stripped build (no executed blocks)", f"{stripped_s:.2f} s", "—", ""),
            (
                "cold strict build, empty figure cache",
                f"{cold_s:.2f} s = {cold_s / stripped_s:.2f} × stripped",
                f"≤ {COLD_BUDGET} ×",
                status(cold_s / stripped_s <= COLD_BUDGET),
            ),
            (
                "warm strict build, figure cache filled",
                f"{warm_s:.2f} s = {warm_s / stripped_s:.2f} × stripped",
                f"≤ {WARM_BUDGET} ×",
                status(warm_s / stripped_s <= WARM_BUDGET),
            ),
            (
                "serve: prose edit → 'Reloading browsers'",
                f"{median:.2f} s (range {min(serve):.2f}–{max(serve):.2f})",
                f"≤ {SERVE_BUDGET_S} s",
                status(median <= SERVE_BUDGET_S),
            ),
            (
                "heaviest page, gzipped",
                f"{weights[0][0]}: {weights[0][2] / 1024:.1f} KB",
                f"≤ {PAGE_GZIP_BUDGET // 1024} KB",
                status(weights[0][2] <= PAGE_GZIP_BUDGET),
            ),
        ],
    )
    print("\nPage weight (HTML only; the first-visit total is in benchmarks/page_weight.py)\n")
    _table(
        ("page", "HTML", "gzipped"),
        [(page, f"{raw / 1024:.1f} KB", f"{packed / 1024:.1f} KB") for page, raw, packed in weights[:12]],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
