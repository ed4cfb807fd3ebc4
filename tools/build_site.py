"""Build the site strictly and check that no executed block went wrong.

Usage::

    python tools/build_site.py [SITE_DIR] [--config mkdocs.yml]

Runs ``mkdocs build --strict`` and then looks for what strict mode lets through: a Python
traceback rendered into a page, or a numpy warning (overflow, invalid value, division by zero)
that was only logged at INFO level while the page quietly showed ``inf`` or ``nan``. Both the
built files and the build log are searched. Every problem is printed with the file (or log line)
it was found in, and the exit status is 1 if there was any.

Other code imports :func:`build_and_check`, which returns the list of problems (empty when the
build is clean).
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

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

_CONTEXT = 60

# Run the mkdocs command line as the `mkdocs` script does. (`python -m mkdocs` names its logger
# `__main__`, outside the `mkdocs` logger tree, and so drops the Python warnings it reports,
# numpy's RuntimeWarnings among them.)
_MKDOCS_CLI = "import sys; from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; sys.exit(cli())"


def build_env() -> dict[str, str]:
    """The environment for an mkdocs subprocess: the current one, headless, without the banner."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["MPLBACKEND"] = "Agg"
    return env


def run_mkdocs_build(config: Path, site_dir: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` (or without ``--strict``) for ``config`` into ``site_dir``;
    return the finished process.

    The working directory is the folder holding the config, as for ``mkdocs serve`` there, so
    snippet paths and executed blocks resolve the same way. stdout and stderr are merged.
    """
    config = Path(config).resolve()
    site_dir = Path(site_dir).resolve()
    cmd = [sys.executable, "-c", _MKDOCS_CLI, "build", *(["--strict"] if strict else []),
           "-f", str(config), "-d", str(site_dir)]
    return subprocess.run(
        cmd,
        cwd=config.parent,
        env=build_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )


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


def scan_log(log: str) -> list[str]:
    """Return the build-log lines that are warnings or errors or mention a forbidden text."""
    problems = []
    for line in log.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        level = stripped.split(" ", 1)[0]
        if level in LOG_LEVELS or any(needle in stripped for needle in FORBIDDEN_TEXTS):
            problems.append(f"build log: {stripped}")
    return problems


def build_and_check(config: Path | str = "mkdocs.yml", site_dir: Path | str = "site") -> list[str]:
    """Build the site strictly into ``site_dir`` and return every problem found (empty if clean).

    Parameters
    ----------
    config
        Path of the ``mkdocs.yml`` to build.
    site_dir
        Folder to build into; mkdocs empties it first.

    Returns
    -------
    list of str
        One line per problem: a non-zero exit of ``mkdocs build --strict``, a warning or error
        in the build log, or a forbidden text in a built file (with the file and an excerpt).
    """
    config = Path(config)
    site_dir = Path(site_dir)
    if not config.is_file():
        raise FileNotFoundError(f"config: expected an mkdocs.yml file, got {str(config)!r}")
    proc = run_mkdocs_build(config, site_dir)
    problems = scan_log(proc.stdout)
    if proc.returncode != 0:
        tail = "\n".join(proc.stdout.splitlines()[-30:])
        problems.insert(0, f"mkdocs build --strict exited with status {proc.returncode}:\n{tail}")
    if site_dir.is_dir():
        problems.extend(scan_site(site_dir))
    elif proc.returncode == 0:
        problems.append(f"mkdocs reported success but {site_dir} does not exist")
    return problems


def _comparable(rel: str, data: bytes) -> bytes:
    # sitemap.xml carries the build date; two builds either side of midnight differ only there.
    if rel == "sitemap.xml.gz":
        data = gzip.decompress(data)
    if rel.startswith("sitemap.xml"):
        data = re.sub(rb"<lastmod>[^<]*</lastmod>", b"", data)
    return data


def site_differences(a: Path, b: Path) -> list[str]:
    """Files that are in only one of two built sites, or differ between them (sitemap dates aside)."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = sorted(files_a ^ files_b)
    for rel in sorted(files_a & files_b):
        if _comparable(rel, (a / rel).read_bytes()) != _comparable(rel, (b / rel).read_bytes()):
            differ.append(rel)
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", nargs="?", default="site", help="output folder (default: site)")
    parser.add_argument("--config", "-f", default="mkdocs.yml", help="mkdocs config (default: mkdocs.yml)")
    args = parser.parse_args(argv)
    problems = build_and_check(args.config, args.site_dir)
    if problems:
        print(f"Site check FAILED: {len(problems)} problem(s)", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    pages = sum(1 for _ in Path(args.site_dir).rglob("*.html"))
    print(f"Site built and checked: {pages} HTML pages in {args.site_dir}, no problems found.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
