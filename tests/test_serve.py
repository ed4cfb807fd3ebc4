"""``mkdocs serve`` (what ``make serve`` runs) serves what a clean build of the same files gives.

A real ``mkdocs serve`` runs on a temporary copy of the project (the package imported from the
copy's ``src/``) and a sequence of edits is written to the copy's files, each followed by the
rebuild the server starts by itself. The copy carries a probe: a module of the package with one
constant, and a page whose first block derives a value from it that a second block of the same
markdown-exec session prints.

Oracles: a clean strict build of the copy, in a fresh process, with every file as it started
(``tools/build_site.site_differences``, file for file); the arithmetic of the probe (the page
prints twice the constant); and, for the page that loses a definition, a clean build of the same
files, which fails with a NameError for that name.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from markdown_exec import formatter, validator

import build_site  # tools/build_site.py; tests/conftest.py puts tools/ on sys.path
import mkdocs_hooks  # tools/mkdocs_hooks.py, through the same path

REPO_ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.site

PROBE_MODULE = "src/crossentropy/_serve_probe.py"
PROBE_PAGE = "docs/serve-probe.md"
PROBE_MODULE_TEXT = """VALUE = 1.25


def define_env(env):  # the macros plugin's entry point, when mkdocs.yml lists this module
    env.variables["serve_probe_value"] = VALUE
"""
PROBE_PAGE_TEXT = """---
render_macros: true
---

# Serve probe

```python exec="on" session="probe"
from crossentropy._serve_probe import VALUE

doubled = 2 * VALUE
```

```python exec="on" session="probe"
print(f"probe value: {doubled}")
```
"""
#: The page's sentence that quotes the constant through the macros plugin, if the site uses it.
PROBE_MACRO_LINE = "\nMacro value: {{ serve_probe_value }}.\n"
#: The macros plugin's list of modules in mkdocs.yml.
MACROS_MODULES = re.compile(r"(?m)^(\s*- macros:\n(?:\s{4,}.*\n)*?\s{4,}modules: \[)")

BUILD_TIMEOUT = 240.0
#: How long the server must stay quiet after a rebuild before the next edit.
SETTLE = 0.6


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A ``mkdocs serve`` subprocess whose log is read line by line."""

    def __init__(self, project: Path, env: dict[str, str], port: int) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", build_site.MKDOCS_CLI, "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def log(self) -> str:
        return "\n".join(self.lines)

    def _wait(self, found: re.Pattern[str], start: int, timeout: float) -> int | None:
        """Index of the first line from ``start`` on that matches ``found`` (None on timeout)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for index in range(start, len(self.lines)):
                    if found.search(self.lines[index]):
                        return index
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    return None
                self._changed.wait(min(left, 0.2))

    def wait_started(self) -> None:
        if self._wait(re.compile(r"Serving on "), 0, BUILD_TIMEOUT) is None:
            pytest.fail(f"mkdocs serve did not start:\n{self.log()[-4000:]}", pytrace=False)

    def rebuild_after(self, start: int) -> tuple[bool, str]:
        """Wait for the rebuilds started by changes made after log line ``start``; return whether
        the last one succeeded, and its log."""
        done = re.compile(r"Reloading browsers|An error happened during the rebuild")
        begin = self._wait(re.compile(r"Detected file changes"), start, BUILD_TIMEOUT)
        while True:
            end = self._wait(done, begin if begin is not None else start, BUILD_TIMEOUT)
            if begin is None or end is None:
                pytest.fail(f"mkdocs serve did not rebuild:\n{self.log()[-4000:]}", pytrace=False)
            again = self._wait(re.compile(r"Detected file changes"), end + 1, SETTLE)
            if again is None:
                return "Reloading browsers" in self.lines[end], "\n".join(self.lines[begin : end + 1])
            begin = again

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project with the probe, importing the package from its own ``src/``."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs", "tools", "src"):
        shutil.copytree(REPO_ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (root / PROBE_MODULE).write_text(PROBE_MODULE_TEXT, encoding="utf-8")
    config, macros = MACROS_MODULES.subn(
        r"\1crossentropy._serve_probe, ", (root / "mkdocs.yml").read_text("utf-8")
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / PROBE_PAGE).write_text(PROBE_PAGE_TEXT + (PROBE_MACRO_LINE if macros else ""), encoding="utf-8")
    (root / "tmp").mkdir()
    port = _free_port()
    # The copy's package comes first; the editable install of the real tree would have it
    # otherwise (the probe module exists only in the copy, so a build that imported the real
    # package would fail on the probe page).
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(root / "src"), os.environ.get("PYTHONPATH")]))
    )
    monkeypatch.setenv("SITE_URL", f"http://127.0.0.1:{port}/")  # serve's own address, as in a clean build
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")  # as `make serve` runs it
    monkeypatch.setenv("TMPDIR", str(root / "tmp"))  # where `mkdocs serve` makes its site folder
    monkeypatch.setenv("SERVE_PORT", str(port))
    return root


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    srv = Server(project, build_site.build_env(), int(os.environ["SERVE_PORT"]))
    try:
        srv.wait_started()
        yield srv
    finally:
        srv.stop()


def _served_site(project: Path) -> Path:
    (site,) = (project / "tmp").glob("mkdocs_*")
    return site


def _clean_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return build_site.run_mkdocs_build(project / "mkdocs.yml", site)


def test_clearing_markdown_exec_state_ends_a_session() -> None:
    """The private state :func:`mkdocs_hooks.reset_markdown_exec` empties is the live session."""
    fences = [{"name": "python", "class": "python", "validator": validator, "format": formatter}]
    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": fences}},
    )
    define = '```python exec="on" session="reset-check"\nanswer = "kept"\n```\n\n'
    use = '```python exec="on" session="reset-check"\nprint(answer + "-across-documents")\n```\n'
    mkdocs_hooks.reset_markdown_exec()
    assert "kept-across-documents" in md.reset().convert(define + use)
    # Control: without a reset, a later document still sees the name.
    assert "kept-across-documents" in md.reset().convert(use)
    mkdocs_hooks.reset_markdown_exec()
    failed = md.reset().convert(use)
    # (the printed value is a phrase no traceback or file path contains, unlike a number)
    assert "NameError" in failed and "answer" in failed and "kept-across-documents" not in failed


def test_serve_rebuilds_like_a_clean_build_through_edits_and_failed_builds(
    project: Path, server: Server, tmp_path: Path
) -> None:
    clean = tmp_path / "clean"
    proc = _clean_build(project, clean)
    assert proc.returncode == 0, proc.stdout[-4000:]
    served = _served_site(project)
    probe_html = served / "serve-probe" / "index.html"
    assert build_site.site_differences(served, clean) == []
    assert "probe value: 2.5" in probe_html.read_text("utf-8")
    macros = PROBE_MACRO_LINE in (project / PROBE_PAGE).read_text("utf-8")
    if macros:
        assert "Macro value: 1.25." in probe_html.read_text("utf-8")

    originals: dict[str, bytes] = {}

    def edit(path: str, text: str, *, append: bool = False) -> tuple[bool, str]:
        start = len(server.lines)
        file = project / path
        originals.setdefault(path, file.read_bytes())
        file.write_text(file.read_text("utf-8") + text if append else text, encoding="utf-8")
        return server.rebuild_after(start)

    def restore(path: str) -> tuple[bool, str]:
        start = len(server.lines)
        (project / path).write_bytes(originals.pop(path))
        return server.rebuild_after(start)

    def assert_as_clean(step: str) -> None:
        ok, log = restore(step)
        assert ok, log
        assert build_site.site_differences(served, clean) == [], f"after restoring {step}"

    # An edit to the package changes the number on the page.
    ok, log = edit(PROBE_MODULE, PROBE_MODULE_TEXT.replace("VALUE = 1.25", "VALUE = 4.5"))
    assert ok, log
    html = probe_html.read_text("utf-8")
    assert "probe value: 9.0" in html and "probe value: 2.5" not in html
    if macros:  # the macros plugin imports the package before the pages are built
        assert "Macro value: 4.5." in html and "Macro value: 1.25." not in html
    assert_as_clean(PROBE_MODULE)

    # The first block no longer defines `doubled`: the rebuild fails as a clean build does,
    # instead of printing the value left in the session by the previous build.
    lost = (project / PROBE_PAGE).read_text("utf-8").replace("doubled = 2 * VALUE", "halved = VALUE / 2")
    ok, log = edit(PROBE_PAGE, lost)
    assert not ok, log
    served_failures = build_site.block_failures(served, project / "mkdocs.yml")
    assert [f.error for f in served_failures] == ["NameError: name 'doubled' is not defined"]
    failed_clean = _clean_build(project, tmp_path / "clean-lost")
    assert failed_clean.returncode != 0
    assert build_site.block_failures(tmp_path / "clean-lost", project / "mkdocs.yml") == served_failures
    assert_as_clean(PROBE_PAGE)

    # A syntax error in the package, then its fix.
    ok, log = edit("src/crossentropy/__init__.py", "\ndef broken(:\n", append=True)
    assert not ok and "SyntaxError" in server.log(), log
    assert_as_clean("src/crossentropy/__init__.py")

    # A block that raises, then its fix.
    raising = '\n```python exec="on"\nraise RuntimeError("probe failure")\n```\n'
    ok, log = edit("docs/index.md", raising, append=True)
    assert not ok and "probe failure" in (served / "index.html").read_text("utf-8"), log
    assert_as_clean("docs/index.md")

    # A warning that only strict mode turns into a failure (a link to a missing page), then its fix.
    ok, log = edit("docs/index.md", "\n[A missing page](no-such-page.md)\n", append=True)
    assert not ok and "no-such-page.md" in log and "strict mode" in log, log
    assert_as_clean("docs/index.md")
