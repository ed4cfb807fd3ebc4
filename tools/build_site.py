"""Build the site strictly and check that no executed block went wrong.

Usage::

    python tools/build_site.py [SITE_DIR] [--config mkdocs.yml]

Runs ``mkdocs build --strict`` into a new folder beside ``SITE_DIR`` and then looks for what strict
mode lets through: a Python traceback rendered into a page, a numpy warning (overflow, invalid
value, division by zero) that was only logged at INFO level, and a standalone ``nan`` or ``inf``
in a page's text. Only a build without any problem replaces ``SITE_DIR``; a broken build leaves the
last good site as it was.

What a failed build reports, first: every executed block that raised, with its page's Markdown
file and the line of the failing statement in it, the statement, and the exception's own type,
message and the file and line that raised it (a NameError that follows an earlier failure on the
same page is marked as a follow-on). Then MkDocs' own warnings (which name their page), and the
exit status. The exit status is 1 if there was any problem.

``nan``/``inf``: a page that shows a non-finite value on purpose says so in its front matter::

    ---
    expected_nonfinite: true
    ---

Every site this script builds holds a marker file, :data:`MARKER_NAME`. It refuses (exit status
2, :class:`TargetRefused`) to replace a folder that exists, is not empty and has no marker, so a
mistyped ``SITE_DIR`` (``docs``, ``tests``, ``.``) is never emptied.

Other code imports :func:`build_and_check`, which returns the list of problems (empty when the
build is clean).
"""

from __future__ import annotations

import argparse
import gzip
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load

#: Texts that must appear nowhere in the built site nor in the build log.
FORBIDDEN_TEXTS: tuple[str, ...] = (
    "Traceback (most recent call last)",
    "RuntimeWarning",
    "overflow encountered",
    "invalid value encountered",
    "divide by zero encountered",
)

#: Log levels that count as a problem even when mkdocs itself would let them pass.
LOG_LEVELS: tuple[str, ...] = ("WARNING", "ERROR", "CRITICAL")

#: The file that marks a folder as a site built here (so it may be replaced by the next build).
MARKER_NAME = ".built-by-build_site"
MARKER_TEXT = "A site built by tools/build_site.py, which replaces this folder on its next build.\n"

#: Front matter key of a page that shows ``nan`` or ``inf`` on purpose.
EXPECTED_NONFINITE = "expected_nonfinite"

#: A non-finite value as a word in a page's text: ``nan``, ``NaN``, ``inf``, ``-inf``, ``±inf``...
#: (not ``np.inf`` nor part of a longer word such as ``information``).
NONFINITE = re.compile(r"(?<![\w.])(?:[-+\u2212\u00b1]\s?)?(?:nan|inf)(?!\w)", re.IGNORECASE)

_CONTEXT = 60
_LOG_RECORD = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s+")
_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+)')
_CODE_BLOCK_FILE = "<code block: "
_EXEC_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?:python|py|pycon)\b.*\bexec=")

#: Runs the mkdocs command line as the ``mkdocs`` script does. (``python -m mkdocs`` names its
#: logger ``__main__``, outside the ``mkdocs`` logger tree, and so drops the Python warnings it
#: reports, numpy's RuntimeWarnings among them.)
MKDOCS_CLI = "import sys; from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; sys.exit(cli())"


class TargetRefused(ValueError):
    """The output folder exists, is not empty and is not a site this script built."""


def build_env() -> dict[str, str]:
    """The environment for an mkdocs subprocess: the current one, headless, without the banner."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["MPLBACKEND"] = "Agg"
    return env


def run_mkdocs_build(
    config: Path, site_dir: Path, *, strict: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` (or without ``--strict``) for ``config`` into ``site_dir``;
    return the finished process.

    The working directory is the folder holding the config, as for ``mkdocs serve`` there, so
    snippet paths and executed blocks resolve the same way. stdout and stderr are merged. This
    runs MkDocs as it is (which empties ``site_dir``): :func:`build_and_check` adds the refusal,
    the checks and the swap.
    """
    config = Path(config).resolve()
    site_dir = Path(site_dir).resolve()
    cmd = [
        sys.executable,
        "-c",
        MKDOCS_CLI,
        "build",
        *(["--strict"] if strict else []),
        "-f",
        str(config),
        "-d",
        str(site_dir),
    ]
    return subprocess.run(
        cmd,
        cwd=config.parent,
        env=build_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )


# --------------------------------------------------------------------------------------------
# Forbidden texts


def _excerpt(text: str, start: int, length: int) -> str:
    lo = max(0, start - _CONTEXT)
    hi = min(len(text), start + length + _CONTEXT)
    return " ".join(text[lo:hi].split())


def scan_text(text: str) -> list[tuple[str, str]]:
    """Return ``(forbidden text, excerpt around its first occurrence)`` for each one found."""
    found = []
    for needle in FORBIDDEN_TEXTS:
        at = text.find(needle)
        if at >= 0:
            found.append((needle, _excerpt(text, at, len(needle))))
    return found


def scan_site(site_dir: Path) -> list[str]:
    """Search every file under ``site_dir`` for :data:`FORBIDDEN_TEXTS`; return the problems."""
    site_dir = Path(site_dir)
    problems = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", errors="replace")
        for needle, excerpt in scan_text(text):
            rel = path.relative_to(site_dir).as_posix()
            problems.append(f"{rel}: contains {needle!r}: ...{excerpt}...")
    return problems


def _log_records(log: str) -> list[list[str]]:
    """The build log as records: a line that starts with a log level, and the lines after it."""
    records: list[list[str]] = []
    for line in log.splitlines():
        if _LOG_RECORD.match(line) or line.startswith("Traceback (most recent call last)") or not records:
            records.append([line])
        else:
            records[-1].append(line)
    return records


def _exception_line(lines: list[str]) -> str | None:
    """The ``Type: message`` line that ends the last traceback in ``lines``, if any."""
    stripped = [line.strip() for line in lines if line.strip()]
    seen = False
    found = None
    for line in stripped:
        if line.startswith("Traceback (most recent call last)"):
            seen = True
        elif seen and re.match(r"^[A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit|Interrupt)\b", line):
            found = line
    return found


def scan_log(log: str, *, skip_block_failures: bool = False) -> list[str]:
    """Return the build-log records that are warnings or errors or mention a forbidden text.

    Each record is summed up on one line: its first line, and for a traceback in it the
    exception's own line. With ``skip_block_failures``, markdown-exec's records of blocks that
    raised are left out (the pages report them with more detail, see :func:`block_failures`).
    """
    problems = []
    for record in _log_records(log):
        first = record[0].strip()
        if not first:
            continue
        level = first.split(" ", 1)[0]
        text = "\n".join(record)
        if level not in LOG_LEVELS and not any(needle in text for needle in FORBIDDEN_TEXTS):
            continue
        if skip_block_failures and "markdown_exec: Execution of" in first:
            continue
        summary = first
        if first.startswith("Traceback (most recent call last)"):  # MkDocs itself stopped
            summary = "MkDocs stopped with a Python traceback"
        elif level not in LOG_LEVELS:  # an INFO record, such as a numpy warning
            summary = next(line.strip() for line in record if any(n in line for n in FORBIDDEN_TEXTS))
        exception = error = _exception_line(record)
        if error is not None:
            frames = [index for index, line in enumerate(record) if _FRAME.match(line)]
            if frames:  # where it was raised: the innermost frame, and its line of code
                frame = _FRAME.match(record[frames[-1]])
                assert frame is not None
                error += f", raised at {frame.group('file')}:{frame.group('line')}"
                code = record[frames[-1] + 1].strip() if frames[-1] + 1 < len(record) else ""
                if code and not _FRAME.match(code) and code != exception:
                    error += f": {code}"
        problems.append(f"build log: {summary}" + (f" ({error})" if error else ""))
    return problems


# --------------------------------------------------------------------------------------------
# The pages: which Markdown file each one comes from, their text and their failed blocks


def _config_data(config: Path) -> dict[str, object]:
    with open(config, "rb") as fh:
        data = yaml_load(fh)
    return data if isinstance(data, dict) else {}


def page_sources(config: Path) -> dict[str, Path]:
    """Map each page's built file (relative to the site, e.g. ``part-1/index.html``) to its
    Markdown source, as MkDocs names the built files (``docs_dir``, ``use_directory_urls``)."""
    config = Path(config).resolve()
    data = _config_data(config)
    docs_dir = config.parent / str(data.get("docs_dir", "docs"))
    directory_urls = bool(data.get("use_directory_urls", True))
    sources = {}
    for md in sorted(docs_dir.rglob("*.md")):
        rel = md.relative_to(docs_dir).as_posix()
        file = File(rel, str(docs_dir), "site", directory_urls)
        sources[file.dest_uri] = md
    return sources


class _PageText(HTMLParser):
    """Text of a page outside ``<script>``/``<style>`` and ``<pre>``, and the text of each ``<pre>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.pres: list[str] = []
        self._skip = 0
        self._pre: list[str] | None = None
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "pre":
            self._pre_depth += 1
            if self._pre is None:
                self._pre = []
        elif tag in ("p", "div", "li", "tr", "td", "th", "br", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "pre" and self._pre is not None:
            self._pre_depth -= 1
            if self._pre_depth == 0:
                self.pres.append("".join(self._pre))
                self._pre = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre is not None:
            self._pre.append(data)
        else:
            self.text.append(data)

    def readable_text(self) -> str:
        """The page's text, with the code blocks but without rendered tracebacks."""
        pres = [pre for pre in self.pres if "Traceback (most recent call last)" not in pre]
        return html.unescape("".join(self.text) + "\n" + "\n".join(pres))


def _parse_page(path: Path) -> _PageText:
    parser = _PageText()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


@dataclass(frozen=True)
class BlockFailure:
    """An executed block that raised, as its page shows it."""

    page: str  #: the page's Markdown file (relative to the config's folder) or its built file
    line: int | None  #: line of the failing statement in that Markdown file, if found there
    block_line: int  #: line of the failing statement within the block
    statement: str  #: the failing statement
    error: str  #: the exception's own line, ``Type: message``
    raised_at: str | None  #: ``file:line`` of the innermost frame outside the block, if any
    follow_on: bool = False  #: a NameError after an earlier failure on the same page

    def describe(self) -> str:
        where = f"{self.page}:{self.line}" if self.line is not None else self.page
        text = f"{where}: {self.error} (line {self.block_line} of an executed block: {self.statement})"
        if self.raised_at:
            text += f"; raised in {self.raised_at}"
        if self.follow_on:
            text += "; probably follows from the failure above on this page"
        return text


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return path


def _exec_blocks(md: Path) -> list[tuple[int, list[str]]]:
    """``(line of the opening fence, lines of the block)`` of each executed Python block."""
    blocks = []
    lines = md.read_text(encoding="utf-8", errors="replace").splitlines()
    index = 0
    while index < len(lines):
        match = _EXEC_FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        fence, indent = match.group("fence"), match.group("indent")
        body = []
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            body.append(lines[end][len(indent) :] if lines[end].startswith(indent) else lines[end])
            end += 1
        blocks.append((index + 1, body))
        index = end + 1
    return blocks


def _source_line(md: Path | None, block_line: int, statement: str) -> int | None:
    """Line in ``md`` of the statement at ``block_line`` of one of its executed blocks."""
    if md is None or not md.is_file():
        return None
    wanted = statement.strip()
    for fence_line, body in _exec_blocks(md):
        if 0 < block_line <= len(body) and body[block_line - 1].strip() == wanted:
            return fence_line + block_line
    for number, line in enumerate(md.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if wanted and line.strip() == wanted:
            return number
    return None


def _traceback_failure(text: str, page: str, md: Path | None, root: Path) -> BlockFailure | None:
    lines = text.splitlines()
    error = _exception_line(lines)
    if error is None:
        return None
    frames = []  # (file, line, statement)
    for index, line in enumerate(lines):
        match = _FRAME.match(line)
        if match:
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            statement = "" if _FRAME.match(following) else following
            frames.append((match.group("file"), int(match.group("line")), statement))
    block = [frame for frame in frames if frame[0].startswith(_CODE_BLOCK_FILE)]
    if not block:
        return None
    _, block_line, statement = block[-1]
    innermost = frames[-1]
    raised_at = None
    if not innermost[0].startswith(_CODE_BLOCK_FILE):
        raised_at = f"{_relative(innermost[0], root)}:{innermost[1]}"
        if innermost[2]:
            raised_at += f": {innermost[2]}"
    return BlockFailure(
        page=page,
        line=_source_line(md, block_line, statement),
        block_line=block_line,
        statement=statement,
        error=error,
        raised_at=raised_at,
    )


def block_failures(site_dir: Path, config: Path) -> list[BlockFailure]:
    """Every block whose traceback markdown-exec rendered into a page, page by page, in order."""
    config = Path(config).resolve()
    root = config.parent
    sources = page_sources(config)
    failures = []
    for path in sorted(Path(site_dir).rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if "Traceback" not in path.read_text(encoding="utf-8", errors="replace"):
            continue
        md = sources.get(rel)
        page = _relative(str(md), root) if md is not None else rel
        found: list[BlockFailure] = []
        for pre in _parse_page(path).pres:
            if "Traceback (most recent call last)" not in pre:
                continue
            failure = _traceback_failure(pre, page, md, root)
            if failure is None:
                continue
            if found and failure.error.startswith("NameError"):
                failure = BlockFailure(**{**failure.__dict__, "follow_on": True})
            found.append(failure)
        failures += found
    return failures


def scan_nonfinite(site_dir: Path, config: Path) -> list[str]:
    """A standalone ``nan`` or ``inf`` in the text of a page that does not expect one.

    A page expects them when its Markdown front matter sets ``expected_nonfinite: true``.
    """
    sources = page_sources(config)
    problems = []
    for path in sorted(Path(site_dir).rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        md = sources.get(rel)
        if md is not None:
            _, meta = get_data(md.read_text(encoding="utf-8-sig", errors="replace"))
            if meta.get(EXPECTED_NONFINITE) is True:
                continue
        text = _parse_page(path).readable_text()
        for match in NONFINITE.finditer(text):
            where = _relative(str(md), Path(config).resolve().parent) if md is not None else rel
            problems.append(
                f"{rel}: shows {match.group(0)!r} ({where} does not set {EXPECTED_NONFINITE}: true): "
                f"...{_excerpt(text, match.start(), len(match.group(0)))}..."
            )
            break
    return problems


# --------------------------------------------------------------------------------------------
# The build


def check_target(site_dir: Path) -> None:
    """Raise :class:`TargetRefused` unless ``site_dir`` is absent, empty, or a site built here."""
    site_dir = Path(site_dir)
    if not site_dir.exists():
        return
    if not site_dir.is_dir():
        raise TargetRefused(f"site_dir: {str(site_dir)!r} is a file, not a folder; refusing to replace it")
    if (site_dir / MARKER_NAME).is_file() or not any(site_dir.iterdir()):
        return
    raise TargetRefused(
        f"site_dir: {str(site_dir)!r} is not empty and is not a site built by tools/build_site.py "
        f"(it has no {MARKER_NAME} file); refusing to replace it. Remove it yourself if it is an "
        f"old build, or choose another folder."
    )


def check_build(proc: subprocess.CompletedProcess[str], site_dir: Path, config: Path) -> list[str]:
    """Every problem of a finished build (see :func:`build_and_check`)."""
    problems = []
    failures = block_failures(site_dir, config) if site_dir.is_dir() else []
    problems += [failure.describe() for failure in failures]
    problems += scan_log(proc.stdout, skip_block_failures=bool(failures))
    if site_dir.is_dir():
        failed_pages = {f.page for f in failures}
        sources = {rel: str(md) for rel, md in page_sources(config).items()}
        root = Path(config).resolve().parent
        for problem in scan_site(site_dir):
            rel = problem.split(":", 1)[0]
            page = _relative(sources[rel], root) if rel in sources else rel
            if "'Traceback (most recent call last)'" in problem and (
                page in failed_pages or (failures and rel == "search/search_index.json")
            ):
                continue  # reported above, block by block
            problems.append(problem)
        problems += scan_nonfinite(site_dir, config)
    if proc.returncode != 0:
        last = next((line.strip() for line in reversed(proc.stdout.splitlines()) if line.strip()), "")
        if problems:
            problems.append(f"mkdocs build --strict exited with status {proc.returncode}: {last}")
        else:  # nothing above explains it: show the end of the log
            tail = "\n".join(proc.stdout.splitlines()[-30:])
            problems.append(f"mkdocs build --strict exited with status {proc.returncode}:\n{tail}")
    elif not site_dir.is_dir():
        problems.append(f"mkdocs reported success but {site_dir} does not exist")
    return problems


def _swap(staging: Path, site_dir: Path) -> None:
    """Put the finished build ``staging`` in place of ``site_dir`` (two renames)."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
        os.replace(site_dir, old / site_dir.name)
    os.replace(staging, site_dir)
    if old is not None:
        shutil.rmtree(old)


def build_and_check(config: Path | str = "mkdocs.yml", site_dir: Path | str = "site") -> list[str]:
    """Build the site strictly and, if nothing went wrong, put it in ``site_dir``.

    Parameters
    ----------
    config
        Path of the ``mkdocs.yml`` to build.
    site_dir
        Folder the site goes to. It must be absent, empty, or a site built by this function
        (it holds :data:`MARKER_NAME`); otherwise :class:`TargetRefused` is raised and nothing
        is built. The build happens in a new folder beside it, which replaces ``site_dir`` only
        when no problem was found; after a failed build ``site_dir`` is as it was.

    Returns
    -------
    list of str
        One line per problem, the most telling first: each executed block that raised (page,
        line, statement, exception), warnings and errors in the build log, a forbidden text or an
        unexpected ``nan``/``inf`` in a built page, and a non-zero exit of ``mkdocs build``.

    Raises
    ------
    FileNotFoundError
        If ``config`` is not a file.
    TargetRefused
        If ``site_dir`` is a file, or a non-empty folder without the marker.
    """
    config = Path(config)
    site_dir = Path(site_dir).absolute()
    if not config.is_file():
        raise FileNotFoundError(f"config: expected an mkdocs.yml file, got {str(config)!r}")
    check_target(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        proc = run_mkdocs_build(config, staging)
        problems = check_build(proc, staging, config)
        if not problems:
            (staging / MARKER_NAME).write_text(MARKER_TEXT, encoding="utf-8")
            _swap(staging, site_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return problems


def _comparable(rel: str, data: bytes) -> bytes:
    # sitemap.xml carries the build date; two builds either side of midnight differ only there.
    if rel == "sitemap.xml.gz":
        data = gzip.decompress(data)
    if rel.startswith("sitemap.xml"):
        data = re.sub(rb"<lastmod>[^<]*</lastmod>", b"", data)
    return data


def site_differences(a: Path, b: Path) -> list[str]:
    """Files that are in only one of two built sites, or differ between them (sitemap dates and
    the marker file aside)."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()} - {MARKER_NAME}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()} - {MARKER_NAME}
    differ = sorted(files_a ^ files_b)
    for rel in sorted(files_a & files_b):
        if _comparable(rel, (a / rel).read_bytes()) != _comparable(rel, (b / rel).read_bytes()):
            differ.append(rel)
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("site_dir", nargs="?", default="site", help="output folder (default: site)")
    parser.add_argument("--config", "-f", default="mkdocs.yml", help="mkdocs config (default: mkdocs.yml)")
    args = parser.parse_args(argv)
    try:
        problems = build_and_check(args.config, args.site_dir)
    except TargetRefused as error:
        print(f"Site build refused: {error}", file=sys.stderr)
        return 2
    if problems:
        print(
            f"Site check FAILED: {len(problems)} problem(s); {args.site_dir} was left as it was",
            file=sys.stderr,
        )
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    pages = sum(1 for _ in Path(args.site_dir).rglob("*.html"))
    print(f"Site built and checked: {pages} HTML pages in {args.site_dir}, no problems found.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
