"""Math typeset at build time (tools/math_hook.py).

Oracles: KaTeX itself, run directly in a separate V8 context with the options the site's
in-browser renderer used (``displayMode`` per element, ``throwOnError: true``), for the output;
Material's own search indexer (``material.plugins.search.plugin.Parser``) for what reaches the
search index, against the formula's MathML token text; KaTeX's stylesheet for the fonts a
formula needs; and a real ``mkdocs build`` of a one-page project for the failure on bad TeX.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import PluginError

import math_hook  # tools/math_hook.py; tests/conftest.py puts tools/ on sys.path

REPO_ROOT = Path(__file__).resolve().parents[1]
KATEX_DIR = REPO_ROOT / "docs" / "assets" / "katex"
SCRIPT = KATEX_DIR / "katex.min.js"

INLINE = r'<span class="arithmatex">\(b_3 = 0\)</span>'
DISPLAY = r'<div class="arithmatex">\[\frac{\partial \mathrm{CE}}{\partial b_3} = p - 1\]</div>'


@pytest.fixture(scope="module")
def katex() -> math_hook.KaTeX:
    return math_hook.KaTeX(SCRIPT)


def katex_directly(tex: str, display: bool) -> str:
    """KaTeX's own renderToString, in a V8 context of its own."""
    from py_mini_racer import MiniRacer

    context = MiniRacer()
    context.eval(SCRIPT.read_text(encoding="utf-8"))
    render: Any = context.eval(
        "(function (t, d) { return katex.renderToString(t, {displayMode: d, throwOnError: true}); })"
    )
    return str(render(tex, display))


def undo_search_marks(typeset: str) -> str:
    """The hook's output with its three documented changes reverted."""
    text = typeset.replace(" data-search-exclude", "")
    text = text.replace('<katex-html class="katex-html"', '<span class="katex-html"')
    text = text.replace("</katex-html>", "</span>")
    return re.sub(r" (<mo(?:\s[^>]*)?>[^<]*</mo>) ", r"\1", text)


@pytest.mark.parametrize(
    ("html", "tex", "display"),
    [(INLINE, "b_3 = 0", False), (DISPLAY, r"\frac{\partial \mathrm{CE}}{\partial b_3} = p - 1", True)],
)
def test_output_is_katexs_own(katex: math_hook.KaTeX, html: str, tex: str, display: bool) -> None:
    typeset = math_hook.typeset(html, katex, "page.md")
    tag = "div" if display else "span"
    inner = typeset[len(f'<{tag} class="arithmatex">') : -len(f"</{tag}>")]
    assert undo_search_marks(inner) == katex_directly(tex, display)
    assert ('class="katex-display"' in inner) is display


def test_tex_is_unescaped_and_environments_are_display(katex: math_hook.KaTeX) -> None:
    html = r'<div class="arithmatex">\begin{aligned} a &amp;&lt; b \end{aligned}</div>'
    typeset = math_hook.typeset(html, katex, "page.md")
    assert undo_search_marks(typeset[len('<div class="arithmatex">') : -len("</div>")]) == (
        katex_directly(r"\begin{aligned} a &< b \end{aligned}", True)
    )


def test_each_distinct_formula_is_rendered_once(katex: math_hook.KaTeX) -> None:
    katex.cache.clear()
    math_hook.typeset(INLINE * 5 + DISPLAY * 3, katex, "page.md")
    assert len(katex.cache) == 2


def test_bad_tex_names_the_page_and_the_source(katex: math_hook.KaTeX) -> None:
    with pytest.raises(PluginError) as caught:
        math_hook.typeset(r'<p>see <span class="arithmatex">\(\frac{1}{\)</span></p>', katex, "part-9.md")
    message = str(caught.value)
    assert message.startswith(r"part-9.md: KaTeX cannot typeset '\\frac{1}{': ")
    assert "Unexpected end of input" in message


def test_search_index_gets_the_mathml_text_only(katex: math_hook.KaTeX) -> None:
    from material.plugins.search.plugin import Parser  # type: ignore[import-untyped]

    html = f'<h1 id="t">Title</h1><p>so {math_hook.typeset(INLINE, katex, "p.md")} here</p>'
    parser = Parser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.data[0].text)
    # MathML tokens of b_3 = 0: <mi>b</mi><mn>3</mn>, <mo>=</mo>, <mn>0</mn>
    assert " ".join(text.split()) == "<p>so b3 = 0 here</p>"


def test_punctuation_stays_with_an_inline_formula(katex: math_hook.KaTeX) -> None:
    typeset = math_hook.typeset(f"<p>{INLINE}, then {INLINE} and {INLINE}.</p>", katex, "p.md")
    assert typeset.count('<span class="ce-math-nowrap">') == 2
    assert re.search(
        r'<span class="ce-math-nowrap"><span class="arithmatex">.*?</span>,</span> then', typeset
    )
    assert typeset.endswith(".</span></p>")
    display = math_hook.typeset(f"<p>x</p>{DISPLAY}.", katex, "p.md")
    assert "ce-math-nowrap" not in display


def test_fonts_preloaded_are_those_katexs_stylesheet_selects(katex: math_hook.KaTeX) -> None:
    preloads = math_hook.FontPreloads(KATEX_DIR / "katex.min.css")
    head = '<link rel="stylesheet" href="../assets/katex/katex.min.css">'
    # \sum in display style is a large operator (KaTeX_Size2); b is math italic (KaTeX_Math).
    body = math_hook.typeset(r'<div class="arithmatex">\[\sum_j b_j\]</div>', katex, "p.md")
    assert "op-symbol large-op" in body
    page = preloads.add_links(head + body)
    fonts = re.findall(r'<link rel="preload" href="../assets/katex/fonts/([^"]+)" as="font"', page)
    assert set(fonts) >= {"KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2", "KaTeX_Size2-Regular.woff2"}
    assert "KaTeX_Fraktur-Regular.woff2" not in fonts
    assert all((KATEX_DIR / "fonts" / font).is_file() for font in fonts)
    assert preloads.add_links(head + "<p>no math</p>") == head + "<p>no math</p>"


@pytest.mark.site
def test_a_build_with_bad_tex_fails_naming_page_and_tex(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(KATEX_DIR, docs / "assets" / "katex")
    (docs / "index.md").write_text("# Home\n\nFine: $x^2$.\n", encoding="utf-8")
    (docs / "broken.md").write_text("# Broken\n\nBad: $\\frac{1}{$ here.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: material}\n"
        f"hooks: [{REPO_ROOT / 'tools' / 'math_hook.py'}]\n"
        "markdown_extensions: [{pymdownx.arithmatex: {generic: true}}]\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(tmp_path / "mkdocs.yml"),
            "-d",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert r"broken.md: KaTeX cannot typeset '\\frac{1}{'" in result.stderr + result.stdout


def test_the_hooks_docstring_examples() -> None:
    """tools/ is outside pytest's doctest paths: its examples run here."""
    import doctest

    result = doctest.testmod(math_hook, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 4 and result.failed == 0
