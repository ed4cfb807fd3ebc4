"""Site build budgets: build time, live-reload time and page weight.

Usage::

    python benchmarks/site.py [--runs N] [--edits N]

Prints, without asserting anything:

* the strict build time of the real site against that of an empty mkdocs-material site (one page,
  same theme), and their ratio (budget: at most 3x);
* the time ``mkdocs serve --dirty`` (the command ``make serve`` runs, with the site's hooks)
  takes to rebuild, from the file write to its "Reloading browsers" log line, measured on a
  temporary copy of the project so the working tree is never touched, with the copy's own
  ``src`` first on ``PYTHONPATH`` (checked: the copy's package is the one imported):

  - after a prose edit to one page (budget: at most 1.5 s);
  - after an edit to the package that changes a number's formatting on many pages (no budget;
    every page is rebuilt and every figure drawn again). It checks that every page was written
    again, that the new formatting is served, and that the served site is then file for file the
    same as a clean strict build of the edited copy;
* where the cold build time goes: the same project (config, theme, plugins, hooks, prose) built
  without its executed blocks, without its ``:::`` API directives, and without both, next to the
  empty site and the whole site (these variants are built without ``--strict``: removing the
  directives leaves the pages' links to API objects dangling);
* the size of every built page (budget: at most 400 KB each; tests/test_site_build.py asserts it)
  and the time each page's Markdown takes to convert (executed blocks and API directives
  included), measured in a warm in-process rebuild, to show where build time goes.

Build times are the best of ``--runs`` fresh processes; the prose-edit rebuild time is the
median of ``--edits`` edits.
"""

from __future__ import annotations

import argparse
import math
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
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tools"))

import build_site  # noqa: E402  (tools/build_site.py)

RATIO_BUDGET = 3.0
REBUILD_BUDGET_S = 1.5
PAGE_BUDGET_BYTES = 400 * 1024
EDITED_PAGE = "index.md"
# The package edit: every number that fmt() writes with a minus sign gets a fullwidth one instead.
EDITED_MODULE = "src/crossentropy/report/_format.py"
MINUS_LINE = 'MINUS = "\\N{MINUS SIGN}"'
EDITED_MINUS_LINE = 'MINUS = "\\N{FULLWIDTH HYPHEN-MINUS}"'
EDITED_MINUS = "\N{FULLWIDTH HYPHEN-MINUS}"

EMPTY_CONFIG = """\
site_name: Empty
site_url: http://127.0.0.1:8000/
theme:
  name: material
  font: false
"""


def time_build(config: Path, site_dir: Path, runs: int, *, strict: bool = True) -> float:
    """Best wall time of ``runs`` builds (strict by default) in fresh processes; raises if a
    build fails."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = build_site.run_mkdocs_build(config, site_dir, strict=strict)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise RuntimeError(f"strict build of {config} failed:\n{proc.stdout[-3000:]}")
    return min(times)


def empty_site(root: Path) -> Path:
    """Write a one-page mkdocs-material project under ``root``; return its config path."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Empty\n\nOne page.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(EMPTY_CONFIG, encoding="utf-8")
    return root / "mkdocs.yml"


def project_copy(root: Path) -> Path:
    """Copy what the site is built from (config, docs, hooks, package source) under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__")
    for folder in ("docs", "tools", "src"):
        shutil.copytree(REPO_ROOT / folder, root / folder, ignore=ignore)
    return root / "mkdocs.yml"


_EXEC_BLOCK_RE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\bexec=[^\n]*\n.*?^\1\2[ \t]*$\n?", re.M | re.S)
_API_DIRECTIVE_RE = re.compile(r"^::: .*\n(?:[ \t]+.*\n)*", re.M)


def stripped_copy(root: Path, *, executed_blocks: bool, api_directives: bool) -> Path:
    """A project copy whose pages keep or lose their executed blocks and ``:::`` API directives
    (everything else — config, theme, plugins, hooks, prose, math, plain code blocks — is kept),
    to show what each part adds to the build time. Returns its config path."""
    config = project_copy(root)
    for page in (root / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if not executed_blocks:
            text = _EXEC_BLOCK_RE.sub("", text)
        if not api_directives:
            text = _API_DIRECTIVE_RE.sub("", text)
        page.write_text(text, encoding="utf-8")
    return config


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pump(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put((time.perf_counter(), line.rstrip("\n")))
    lines.put((time.perf_counter(), None))


def _wait_for(lines: queue.Queue, text: str, timeout: float, log: list[str]) -> float:
    """Wait for a log line containing ``text``; return the time it arrived."""
    deadline = time.perf_counter() + timeout
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise TimeoutError(f"no {text!r} within {timeout} s; log so far:\n" + "\n".join(log[-20:]))
        try:
            arrived, line = lines.get(timeout=remaining)
        except queue.Empty:
            continue
        if line is None:
            raise RuntimeError("mkdocs serve exited; log:\n" + "\n".join(log[-30:]))
        log.append(line)
        if text in line:
            return arrived


def serve_env(project: Path, tmp_dir: Path) -> dict[str, str]:
    """Environment for ``mkdocs serve`` on a project copy: its ``src`` first, its temp dir known."""
    env = build_site.build_env()
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project / "src"), env.get("PYTHONPATH")]))
    env["TMPDIR"] = str(tmp_dir)  # mkdocs serve builds into a mkdtemp() folder: this one
    return env


def imported_package(project: Path, env: dict[str, str]) -> Path:
    """The ``crossentropy/__init__.py`` that a process started like mkdocs serve imports."""
    proc = subprocess.run(
        [sys.executable, "-c", "import crossentropy; print(crossentropy.__file__)"],
        cwd=project, env=env, text=True, capture_output=True, check=True,
    )
    return Path(proc.stdout.strip()).resolve()


class Serve:
    """``mkdocs serve --dirty -a 127.0.0.1:PORT`` in ``project`` (as ``make serve`` runs it)."""

    def __init__(self, project: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        cmd = [sys.executable, "-c", build_site._MKDOCS_CLI, "serve", "--dirty", "-a", f"127.0.0.1:{self.port}"]
        self.proc = subprocess.Popen(cmd, cwd=project, env=env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: queue.Queue = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=_pump, args=(self.proc.stdout, self.lines), daemon=True).start()

    def wait_for(self, text: str, timeout: float) -> float:
        return _wait_for(self.lines, text, timeout, self.log)

    def settle(self, seconds: float = 1.0) -> None:
        """Let the watcher settle, keeping the log lines that arrive meanwhile."""
        time.sleep(seconds)
        while not self.lines.empty():
            self.log.append(str(self.lines.get_nowait()[1]))

    def last_build_seconds(self) -> float:
        for line in reversed(self.log):
            if match := re.search(r"Documentation built in ([\d.]+) seconds", line):
                return float(match.group(1))
        raise RuntimeError("no build time in the log:\n" + "\n".join(self.log[-20:]))

    def get(self, path: str = "") -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _pages(site_dir: Path) -> dict[str, Path]:
    return {p.relative_to(site_dir).as_posix(): p for p in site_dir.rglob("*.html")}




def clean_build(project: Path, site_dir: Path, env: dict[str, str], site_url: str) -> None:
    """A strict ``mkdocs build`` of ``project`` for ``site_url`` (the URL serve builds for)."""
    cmd = [sys.executable, "-c", build_site._MKDOCS_CLI, "build", "--strict", "-d", str(site_dir)]
    proc = subprocess.run(cmd, cwd=project, env={**env, "SITE_URL": site_url}, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"strict build of {project} failed:\n{proc.stdout[-3000:]}")


@dataclass
class ServeResult:
    """What `time_serve_rebuilds` measured and checked."""

    imported: Path  # the crossentropy/__init__.py the serve process imports
    first_build: float  # seconds, as logged
    prose: list[float] = field(default_factory=list)  # edit -> "Reloading browsers", seconds
    prose_builds: list[float] = field(default_factory=list)  # the builds alone, as logged
    package: float = math.nan  # package edit -> "Reloading browsers", seconds
    full_rebuild_logged: bool = False
    pages_rewritten: int = 0
    page_count: int = 0
    pages_showing_edit: int = 0
    served_page_shows_edit: bool = False
    differences: list[str] = field(default_factory=list)  # served site vs a clean build


def time_serve_rebuilds(project: Path, tmp_dir: Path, edits: int) -> ServeResult:
    """Time ``mkdocs serve --dirty`` rebuilds on the project copy ``project``; check what it serves."""
    serve_tmp = tmp_dir / "serve-tmp"
    serve_tmp.mkdir()
    env = serve_env(project, serve_tmp)
    package = imported_package(project, env)
    if not package.is_relative_to(project.resolve() / "src"):
        raise RuntimeError(f"mkdocs serve would import {package}, not the copy under {project}")

    server = Serve(project, env)
    try:
        server.wait_for("Serving on", 300)
        result = ServeResult(
            imported=package,
            first_build=server.last_build_seconds(),
        )
        (site_dir,) = serve_tmp.glob("mkdocs_*")
        server.settle()

        page = project / "docs" / EDITED_PAGE
        for n in range(edits):
            word = f"zebrafish{n}"
            with page.open("a", encoding="utf-8") as fh:
                fh.write(f"\nAn added {word}.\n")
            written = time.perf_counter()
            result.prose.append(server.wait_for("Reloading browsers", 120) - written)
            result.prose_builds.append(server.last_build_seconds())
            if word not in server.get():
                raise RuntimeError(f"the edited page does not show {word!r}")
            server.settle(0.5)

        pages = _pages(site_dir)
        module = project / EDITED_MODULE
        source = module.read_text(encoding="utf-8")
        if MINUS_LINE not in source or any(EDITED_MINUS in p.read_text("utf-8") for p in pages.values()):
            raise RuntimeError(f"cannot make the package edit: no {MINUS_LINE!r} in {module}")
        edit_started = time.time()
        module.write_text(source.replace(MINUS_LINE, EDITED_MINUS_LINE, 1), encoding="utf-8")
        written = time.perf_counter()
        result.package = server.wait_for("Reloading browsers", 600) - written
        result.full_rebuild_logged = any("rebuilding every page" in line for line in server.log[-10:])
        after = _pages(site_dir)
        result.page_count = len(after)
        result.pages_rewritten = sum(p.stat().st_mtime >= edit_started for p in after.values())
        result.pages_showing_edit = sum(EDITED_MINUS in p.read_text("utf-8") for p in after.values())
        result.served_page_shows_edit = EDITED_MINUS in server.get("part-6-gradient-descent/")
        server.settle(0.5)

        clean = tmp_dir / "clean-site"
        clean_build(project, clean, env, server.url)
        result.differences = build_site.site_differences(site_dir, clean)
    finally:
        server.stop()
    return result


def page_conversion_times(config: Path, site_dir: Path) -> dict[str, float]:
    """Seconds each page's Markdown took to convert, in the second of two in-process builds.

    The second build is the one measured, as in ``mkdocs serve``: modules are imported and
    templates compiled already. This wraps a private function of mkdocs 1.6 (the pinned version).
    """
    import logging

    import mkdocs.commands.build as mkbuild
    from mkdocs.config import load_config

    times: dict[str, float] = {}
    original = mkbuild._populate_page

    def timed(page, config, files, dirty=False):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return original(page, config, files, dirty)
        finally:
            times[page.file.dest_uri] = time.perf_counter() - start

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    cwd = os.getcwd()
    os.chdir(config.parent)
    mkbuild._populate_page = timed
    try:
        for _ in range(2):
            times.clear()
            mkbuild.build(load_config(str(config), site_dir=str(site_dir)))
    finally:
        mkbuild._populate_page = original
        os.chdir(cwd)
    return times


def page_sizes(site_dir: Path) -> list[tuple[str, int]]:
    sizes = [(p.relative_to(site_dir).as_posix(), p.stat().st_size) for p in site_dir.rglob("*.html")]
    return sorted(sizes, key=lambda item: (-item[1], item[0]))


def _status(ok: bool) -> str:
    return "PASS" if ok else "OVER"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Site build budgets (prints; asserts nothing).")
    parser.add_argument("--runs", type=int, default=2, help="builds per site; the best is kept")
    parser.add_argument("--edits", type=int, default=3, help="prose edits timed under mkdocs serve")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        tmp_path = Path(tmp)
        real_site = tmp_path / "real-site"
        real = time_build(REPO_ROOT / "mkdocs.yml", real_site, args.runs)
        empty = time_build(empty_site(tmp_path / "empty"), tmp_path / "empty-site", args.runs)
        # Where the time goes: the same project without executed blocks and/or API directives
        # (not strict: the pages' links to API objects dangle once the directives are gone).
        parts = {
            (blocks, api): time_build(
                stripped_copy(tmp_path / f"parts-{blocks}-{api}", executed_blocks=blocks, api_directives=api),
                tmp_path / f"parts-{blocks}-{api}-site", args.runs, strict=False,
            )
            for blocks, api in ((False, False), (False, True), (True, False))
        }
        serve = time_serve_rebuilds(project_copy(tmp_path / "project").parent, tmp_path, args.edits)
        sizes = page_sizes(real_site)
        convert = page_conversion_times(REPO_ROOT / "mkdocs.yml", tmp_path / "in-process-site")

    ratio = real / empty
    rebuilds = serve.prose
    rebuild = statistics.median(rebuilds)
    largest_page, largest = sizes[0]

    rows = [
        ("strict build, real site", f"{real:.2f} s", "", ""),
        ("strict build, empty material site", f"{empty:.2f} s", "", ""),
        ("build time ratio real/empty", f"{ratio:.2f}x", f"<= {RATIO_BUDGET:g}x", _status(ratio <= RATIO_BUDGET)),
        ("serve --dirty: first build", f"{serve.first_build:.2f} s", "", ""),
        (f"serve --dirty: rebuild after a prose edit (median of {len(rebuilds)})", f"{rebuild:.2f} s",
         f"<= {REBUILD_BUDGET_S:g} s", _status(rebuild <= REBUILD_BUDGET_S)),
        ("serve --dirty: rebuild after a package edit (every page)", f"{serve.package:.2f} s", "", ""),
        (f"largest page ({largest_page})", f"{largest / 1024:.1f} KB",
         f"<= {PAGE_BUDGET_BYTES // 1024} KB", _status(largest <= PAGE_BUDGET_BYTES)),
    ]
    print("Site budgets")
    _print_table(("metric", "value", "budget", "status"), rows)
    differences = serve.differences
    print(
        f"\nserve, prose-edit rebuilds (s): {', '.join(f'{t:.2f}' for t in rebuilds)}; of which the build "
        f"itself (its log line): {', '.join(f'{t:.2f}' for t in serve.prose_builds)}; the rest is the "
        "file watcher (it polls every 0.5 s, then waits 0.1 s for more changes)"
    )
    print(f"serve imported {serve.imported}")
    print(
        f"package edit ({EDITED_MODULE}): full rebuild logged: {serve.full_rebuild_logged}; "
        f"pages written again: {serve.pages_rewritten} of {serve.page_count}; pages showing the new "
        f"minus sign: {serve.pages_showing_edit}; served Part 6 shows it: {serve.served_page_shows_edit}"
    )
    print(
        "served site vs a clean strict build of the edited copy: "
        + ("identical" if not differences else f"{len(differences)} files differ: {', '.join(differences[:10])}")
    )
    print("\nPages (size budget 400 KB; conversion time from a warm in-process rebuild)")
    _print_table(
        ("page", "size", "status", "convert"),
        [
            (name, f"{size / 1024:.1f} KB", _status(size <= PAGE_BUDGET_BYTES),
             f"{convert[name]:.2f} s" if name in convert else "-")
            for name, size in sizes
        ],
    )
    print(f"total conversion time: {sum(convert.values()):.2f} s")
    print("\nWhere the cold build time goes (same config, theme, plugins and pages; best of "
          f"{args.runs}; ratio to the empty site)")
    _print_table(
        ("build", "time", "ratio"),
        [
            ("empty mkdocs-material site (one page)", f"{empty:.2f} s", "1.00x"),
            ("prose only: no executed blocks, no API directives", f"{parts[False, False]:.2f} s",
             f"{parts[False, False] / empty:.2f}x"),
            ("prose + API reference (mkdocstrings)", f"{parts[False, True]:.2f} s",
             f"{parts[False, True] / empty:.2f}x"),
            ("prose + executed blocks and figures", f"{parts[True, False]:.2f} s",
             f"{parts[True, False] / empty:.2f}x"),
            ("the whole site (strict)", f"{real:.2f} s", f"{ratio:.2f}x"),
        ],
    )
    return 0


def _print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    print(fmt.format(*header))
    print(fmt.format(*("-" * w for w in widths)))
    for row in rows:
        print(fmt.format(*row))


if __name__ == "__main__":
    sys.exit(main())
