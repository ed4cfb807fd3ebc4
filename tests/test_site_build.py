"""The documentation site: strict build, guard against silent failures, reproducibility, offline.

Oracles: the rules the site promises (no traceback or numpy warning on any page, identical output
for identical sources, nothing loaded from another origin, pages under a size budget) checked on
the built files themselves; the guard is checked on pages made to fail on purpose.
"""

from __future__ import annotations

import difflib
import gzip
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import build_site  # tools/build_site.py; tests/conftest.py puts tools/ on sys.path

REPO_ROOT = Path(__file__).resolve().parents[1]
MKDOCS_CONFIG = REPO_ROOT / "mkdocs.yml"

pytestmark = pytest.mark.site

#: Every page as readers receive it (gzip): at most 120 KB.
PAGE_BUDGET_GZIP_BYTES = 120 * 1024


# --------------------------------------------------------------------------------------------
# The real site


def test_strict_build_has_no_traceback_or_numpy_warning(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert (built_site / "index.html").is_file()
    assert len(pages) > 1
    # The fixture already ran the full check; run the scanner again on the final tree so this
    # test states its own oracle.
    assert build_site.scan_site(built_site) == []
    assert build_site.scan_nonfinite(built_site, MKDOCS_CONFIG) == []


def test_every_page_is_within_the_size_budget(built_site: Path) -> None:
    """Oracle: the page-weight budget, measured as gzip (level 9) compresses each page's HTML."""
    sizes = {
        page.relative_to(built_site).as_posix(): len(gzip.compress(page.read_bytes(), 9))
        for page in built_site.rglob("*.html")
    }
    over = {page: size for page, size in sizes.items() if size > PAGE_BUDGET_GZIP_BYTES}
    assert over == {}, f"pages over {PAGE_BUDGET_GZIP_BYTES // 1024} KB gzipped: {over}"
    assert max(sizes.values()) > 10 * 1024  # the measurement sees real pages


def test_no_page_carries_a_stylesheet_in_its_body(built_site: Path) -> None:
    """Oracle: HTML's rule that a ``<style>`` element applies to the whole document wherever it
    stands. One in the body (a figure's SVG, printed output) would style every element of the
    page and make the browser restyle the page when the parser reaches it; styles belong in the
    site's stylesheets."""
    body_styles = {}
    for page in sorted(built_site.rglob("*.html")):
        html_text = page.read_text(encoding="utf-8")
        body = html_text[html_text.index("<body") :]
        found = re.findall(r"<style\b[^>]*>[^<]{0,60}", body)
        if found:
            body_styles[page.relative_to(built_site).as_posix()] = found[:3]
    assert body_styles == {}


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    second = tmp_path / "site"
    problems = build_site.build_and_check(MKDOCS_CONFIG, second)
    assert problems == []

    differing = build_site.site_differences(built_site, second)
    detail = ""
    if differing:
        first = differing[0]
        diff = difflib.unified_diff(
            (built_site / first).read_text(encoding="utf-8", errors="replace").splitlines(),
            (second / first).read_text(encoding="utf-8", errors="replace").splitlines(),
            "first build",
            "second build",
            n=0,
            lineterm="",
        )
        detail = f"\nfirst lines of the difference in {first}:\n" + "\n".join(
            line[:200] for line in list(diff)[:12]
        )
    assert differing == [], (
        f"files that differ between two builds of the same tree: {differing} "
        f"(unless a source file was edited between the two builds){detail}"
    )


# Elements and attributes whose URL the browser loads by itself (as opposed to a link a reader
# may follow). <link> loads unless its rel is purely a relation to another document.
_LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
}
_NON_LOADING_RELS = {"canonical", "alternate", "author", "license", "prev", "next", "help", "search"}
_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(
    r"""url\(\s*['"]?\s*((?:https?:)?//[^'")\s]*)|@import\s+['"]((?:https?:)?//[^'"]*)""", re.I
)
# XML namespace names are identifiers, not addresses the browser fetches.
_NAMESPACES = re.compile(
    r"https?://www\.w3\.org/(?:2000/svg|1998/Math/MathML|1999/xhtml|1999/xlink|XML/1998/namespace|2000/xmlns/?)"
)
_JS_URL = re.compile(r"""["'`](https?://[^"'`\s]+)""")
# Addresses inside Material's own bundle that it only loads in situations this site never creates.
# Each is paired with a check, in the test, that the situation is absent from every page.
_THEME_CONDITIONAL_LOADS = {
    # Loaded only by browsers without ResizeObserver, which every supported browser has.
    "https://unpkg.com/resize-observer-polyfill",
    # Loaded only when a page has a Mermaid diagram (an element with class "mermaid").
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
    # Repository facts, fetched only when mkdocs.yml sets repo_url (the header "source" widget).
    "https://api.github.com/repos/${e}/${t}",
    "https://api.github.com/users/${e}",
    "https://${e}/api/v4/projects/${encodeURIComponent(t)}",
}


class _RemoteLoadFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        names = list(_LOADING_ATTRIBUTES.get(tag, ()))
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if not rels or not rels <= _NON_LOADING_RELS:
                names.append("href")
        for name in names:
            value = values.get(name, "")
            if any(_REMOTE.match(part) for part in value.split(",")):
                self.found.append(f"<{tag} {name}={value!r}>")
        style = values.get("style", "")
        for match in _CSS_URL.finditer(style):
            self.found.append(f"<{tag} style=...{match.group(0)}...>")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            for match in _CSS_URL.finditer(data):
                self.found.append(f"<style> {match.group(0)}")


def test_nothing_is_loaded_from_another_origin(built_site: Path) -> None:
    """Scripts, stylesheets, fonts and images all come from the site itself (prose links may not)."""
    problems = []
    for path in sorted(built_site.rglob("*")):
        rel = path.relative_to(built_site).as_posix()
        if path.suffix == ".html":
            finder = _RemoteLoadFinder()
            finder.feed(path.read_text(encoding="utf-8"))
            problems += [f"{rel}: {item}" for item in finder.found]
        elif path.suffix == ".css":
            problems += [f"{rel}: {m.group(0)}" for m in _CSS_URL.finditer(path.read_text(encoding="utf-8"))]
        elif path.suffix == ".js":
            text = _NAMESPACES.sub("", path.read_text(encoding="utf-8"))
            theme_bundle = rel.startswith("assets/javascripts/bundle.")
            problems += [
                f"{rel}: {m.group(1)}"
                for m in _JS_URL.finditer(text)
                if not (theme_bundle and m.group(1) in _THEME_CONDITIONAL_LOADS)
            ]
    assert problems == []


def test_the_theme_never_meets_its_conditions_for_remote_loads(built_site: Path) -> None:
    """The situations in which Material's bundle would load one of its remote addresses are absent."""
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"""class=["'][^"']*\bmermaid\b""", html), page
        assert 'data-md-component="source"' not in html, page


# --------------------------------------------------------------------------------------------
# The guard itself, on pages made to fail


def _guard_project(root: Path, page_text: str) -> Path:
    """A copy of the site's config, hooks and assets with one page; returns its mkdocs.yml.

    The nav is reduced to that single page and the other pages are left out, so each guard
    build takes about a second; the config, hooks, plugins and extensions are the real ones,
    so this proves the guard for the real site's build.
    """
    project = root / "project"
    (project / "docs").mkdir(parents=True)
    shutil.copytree(REPO_ROOT / "docs" / "assets", project / "docs" / "assets")
    shutil.copytree(REPO_ROOT / "tools", project / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "src").symlink_to(REPO_ROOT / "src", target_is_directory=True)
    (project / "docs" / "index.md").write_text(page_text, encoding="utf-8")
    config = MKDOCS_CONFIG.read_text(encoding="utf-8")
    reduced, count = re.subn(r"(?ms)^nav:\n.*?(?=^\S)", "nav:\n  - Home: index.md\n\n", config)
    assert count == 1, "mkdocs.yml has no top-level nav: block to reduce"
    (project / "mkdocs.yml").write_text(reduced, encoding="utf-8")
    return project / "mkdocs.yml"


def _page(*blocks: str) -> str:
    fences = "\n".join(
        f'```python exec="on" id="guard-{n}"\n{block}\n```\n' for n, block in enumerate(blocks)
    )
    return f"# Guard\n\nA page with executed blocks.\n\n{fences}"


RAISING_PAGE = _page(
    'ratio = 1.0\nraise ValueError("deliberate")\nlater = 2.0',
    "print(later)",
    "from crossentropy.softmax import softmax\nsoftmax([1.0, float('nan')])",
)


def _line_of(text: str, statement: str) -> int:
    """1-based line of ``statement`` in ``text`` (the oracle for the reported line)."""
    (number,) = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == statement]
    return number


def test_guard_reports_the_page_block_and_exception_of_a_failed_build(tmp_path: Path) -> None:
    config = _guard_project(tmp_path, RAISING_PAGE)
    problems = build_site.build_and_check(config, tmp_path / "site")
    raise_line = _line_of(RAISING_PAGE, 'raise ValueError("deliberate")')
    # First the block that raised, with its page, line, statement and the exception's own line.
    assert problems[0] == (
        f"docs/index.md:{raise_line}: ValueError: deliberate "
        '(line 2 of an executed block: raise ValueError("deliberate"))'
    )
    # The block that then misses `later` is a follow-on NameError, and says so.
    follow_on = problems[1]
    assert follow_on.startswith(f"docs/index.md:{_line_of(RAISING_PAGE, 'print(later)')}: NameError")
    assert "follows from the failure above" in follow_on
    # An exception raised inside the package names the package file and line that raised it.
    package = problems[2]
    softmax_line = _line_of(RAISING_PAGE, "softmax([1.0, float('nan')])")
    assert package.startswith(f"docs/index.md:{softmax_line}: "), package
    assert re.search(r": (ValueError|TypeError): .*; raised in .*crossentropy/\S+\.py:\d+", package), package
    assert (
        problems[-1] == "mkdocs build --strict exited with status 1: Aborted with 3 warnings in strict mode!"
    )
    assert len(problems) == 4, problems  # no duplicate report from the log, the search index or tracebacks
    assert not (tmp_path / "site").exists()


def test_guard_reports_where_the_package_has_a_syntax_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _guard_project(tmp_path, _page("import crossentropy\nprint(crossentropy.__name__)"))
    src = config.parent / "src"
    src.unlink()
    shutil.copytree(REPO_ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")])))
    init = src / "crossentropy" / "__init__.py"
    text = init.read_text(encoding="utf-8").rstrip("\n") + "\n"
    init.write_text(text + "\n\ndef broken(:\n", encoding="utf-8")
    broken_line = len(text.splitlines()) + 3  # oracle: the line the edit put there
    problems = build_site.build_and_check(config, tmp_path / "site")
    where = re.compile(rf"SyntaxError: .*crossentropy/__init__\.py:{broken_line}\b")
    assert any(where.search(problem) for problem in problems), problems


def test_a_failed_build_leaves_the_last_good_site(tmp_path: Path) -> None:
    config = _guard_project(tmp_path, _page('print("a good build")'))
    site = tmp_path / "site"
    assert build_site.build_and_check(config, site) == []
    assert (site / build_site.MARKER_NAME).is_file()
    good = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert "a good build" in (site / "index.html").read_text(encoding="utf-8")

    (config.parent / "docs" / "index.md").write_text(_page('raise RuntimeError("broken")'), encoding="utf-8")
    problems = build_site.build_and_check(config, site)
    assert problems and "RuntimeError: broken" in problems[0]
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]  # no build folder left behind


def test_build_refuses_a_folder_it_did_not_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notes"
    target.mkdir()
    (target / "keep.txt").write_text("not a site", encoding="utf-8")
    with pytest.raises(
        build_site.TargetRefused, match=r"site_dir: .* not a site built by tools/build_site\.py"
    ):
        build_site.build_and_check(MKDOCS_CONFIG, target)
    assert build_site.main([str(target), "--config", str(MKDOCS_CONFIG)]) == 2
    assert "refusing to replace it" in capsys.readouterr().err
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    with pytest.raises(build_site.TargetRefused, match="is a file"):
        build_site.check_target(target / "keep.txt")
    # Absent, empty, and marked folders are accepted.
    build_site.check_target(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    build_site.check_target(tmp_path / "empty")
    (target / build_site.MARKER_NAME).write_text(build_site.MARKER_TEXT, encoding="utf-8")
    build_site.check_target(target)


def _nonfinite_site(root: Path, pages: dict[str, tuple[str, str]]) -> tuple[Path, Path]:
    """A config, Markdown sources and built HTML by hand: {name: (front matter, html body)}."""
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    for name, (front, body) in pages.items():
        (root / "docs" / f"{name}.md").write_text(f"{front}# {name}\n", encoding="utf-8")
        page = root / "site" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f"<html><body><article>{body}</article><script>x = NaN</script></body></html>", "utf-8"
        )
    return root / "mkdocs.yml", root / "site"


@pytest.mark.parametrize(
    "shown",
    ["nan", "NaN", "inf", "-inf", "\u2212inf", "\u00b1inf", "+inf", "INF", "[1.0, nan]", "= inf."],
)
def test_guard_catches_a_standalone_nonfinite_value(tmp_path: Path, shown: str) -> None:
    config, site = _nonfinite_site(tmp_path, {"page": ("", f"<p>The loss is {shown}</p>")})
    problems = build_site.scan_nonfinite(site, config)
    assert len(problems) == 1 and problems[0].startswith("page/index.html: shows "), problems
    assert "docs/page.md does not set expected_nonfinite: true" in problems[0]


def test_guard_lets_words_code_names_and_marked_pages_pass(tmp_path: Path) -> None:
    words = "<p>information, infinite, nano, Nancy, np.inf, math.nan, infer, ∞</p>"
    marked = "---\nexpected_nonfinite: true\n---\n"
    config, site = _nonfinite_site(
        tmp_path, {"words": ("", words), "marked": (marked, "<p>log(0) is -inf and 0/0 is NaN</p>")}
    )
    assert build_site.scan_nonfinite(site, config) == []


@pytest.fixture(scope="module")
def strict_passing_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """One build of a page whose blocks go wrong in ways strict mode does not notice.

    Block 0 prints numpy's warning text into the page; block 1 really overflows, which numpy
    reports as a RuntimeWarning that mkdocs logs at INFO level while the page shows ``inf``;
    block 2 catches its own exception and prints the traceback, so markdown-exec sees no error.
    Returns the build log and the built site folder.
    """
    root = tmp_path_factory.mktemp("guard")
    config = _guard_project(
        root,
        _page(
            'print("RuntimeWarning: overflow encountered in exp")',
            "import numpy as np\nprint(float(np.exp(np.array([1000.0]))[0]))",
            "import traceback\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n    print(traceback.format_exc())",
        ),
    )
    proc = build_site.run_mkdocs_build(config, root / "site")
    assert proc.returncode == 0, f"strict mode was expected to pass:\n{proc.stdout}"
    return proc.stdout, root / "site"


def test_guard_catches_warning_text_in_a_page_that_strict_passes(
    strict_passing_build: tuple[str, Path],
) -> None:
    _, site = strict_passing_build
    problems = build_site.scan_site(site)
    assert any(p.startswith("index.html: contains 'RuntimeWarning'") for p in problems), problems


def test_guard_catches_a_real_numpy_overflow_that_strict_passes(
    strict_passing_build: tuple[str, Path],
) -> None:
    log, site = strict_passing_build
    assert "<p>inf</p>" in (site / "index.html").read_text(encoding="utf-8")
    problems = build_site.scan_log(log)
    assert any("RuntimeWarning: overflow encountered in exp" in p for p in problems), log
    # The page itself shows the overflowed value, which the non-finite guard catches too.
    nonfinite = build_site.scan_nonfinite(site, site.parent / "project" / "mkdocs.yml")
    assert [p.split(":", 1)[0] for p in nonfinite] == ["index.html"], nonfinite


def test_guard_catches_a_traceback_printed_by_a_block_that_strict_passes(
    strict_passing_build: tuple[str, Path],
) -> None:
    _, site = strict_passing_build
    problems = build_site.scan_site(site)
    assert any(p.startswith("index.html: contains 'Traceback (most recent call last)'") for p in problems), (
        problems
    )
