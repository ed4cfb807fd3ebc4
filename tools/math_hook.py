"""Math typeset at build time: a MkDocs hook (listed under ``hooks:`` in mkdocs.yml).

``pymdownx.arithmatex`` (generic mode) leaves every formula in the page as TeX::

    <span class="arithmatex">\\(b_3 = 0\\)</span>      inline
    <div class="arithmatex">\\[ ... \\]</div>          display

On ``on_page_content`` this hook replaces the TeX inside each of those elements with KaTeX's
HTML and MathML, rendered by the vendored ``docs/assets/katex/katex.min.js`` in V8 (the
``mini-racer`` package from PyPI: no Node.js, no network). Pages then need KaTeX's stylesheet
and fonts but no script, and nothing moves once the page has loaded.

* KaTeX runs with the options the site has always used: ``displayMode`` from the element
  (``\\[...\\]`` or a ``<div>`` is display math), ``throwOnError: true``, no macros. A formula
  KaTeX cannot parse stops the build with a :class:`~mkdocs.exceptions.PluginError` naming the
  page and the TeX source.
* Each distinct (TeX, display) pair is rendered once per process; ``mkdocs serve`` keeps the
  cache across rebuilds (KaTeX's output depends on nothing else).
* Search: Material's search plugin indexes the page text, and KaTeX's output holds each formula
  three times (MathML tokens, the TeX source in ``<annotation>``, the visual glyphs). The
  annotation and the visual HTML carry ``data-search-exclude`` (documented by
  mkdocs-material), so the index holds the MathML's text only (``b3 = 0``), never TeX. Material's
  indexer stops excluding at the first closing tag of the excluded element's name, and the
  visual HTML is a tree of nested ``<span>`` elements, so its root ``<span class="katex-html">``
  becomes the custom element ``<katex-html class="katex-html">``: KaTeX's stylesheet selects
  it by class, and an undefined custom element lays out exactly like a ``<span>``.
* Fonts: the browser asks for a web font only once its first layout needs it, and the page is
  laid out again when the font arrives, which shifts everything below a formula. ``on_post_page``
  therefore adds a ``<link rel="preload">`` for each KaTeX font the page's formulas use (read
  off KaTeX's stylesheet: which classes select which font), so the fonts arrive with the
  stylesheets.
* An inline formula followed by punctuation (``\\(b_3\\),``) is wrapped with it in a
  ``<span class="ce-math-nowrap">`` (styled in site.css), so a line never starts with the comma.
* Search rank: the API reference's pages get ``search.boost`` 0.5 in their metadata (unless their
  front matter sets one), so a search for a concept finds the part that explains it first.
"""

from __future__ import annotations

import atexit
import hashlib
import html
import json
import logging
import re
import time
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.math")

#: The vendored KaTeX, relative to ``docs_dir`` (its stylesheet and fonts ship with the site).
KATEX_SCRIPT = "assets/katex/katex.min.js"

#: KaTeX options for every formula (``displayMode`` is set per formula).
KATEX_OPTIONS: dict[str, Any] = {"throwOnError": True}

#: What arithmatex (generic mode) emits: the element's tag and its escaped TeX, and the
#: punctuation right after it, which must stay on the line of an inline formula.
ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>' + r"""([.,;:!?)\]'’”…]+)?""", re.DOTALL)

#: Delimiters arithmatex wraps the TeX in, and whether they mean display math.
DELIMITERS = ((r"\(", r"\)", False), (r"\[", r"\]", True))

_VISUAL_OPEN = '<span class="katex-html" aria-hidden="true">'
_VISUAL_TAG = "katex-html"
_ANNOTATION_OPEN = '<annotation encoding="application/x-tex">'


def split_tex(element_tag: str, content: str) -> tuple[str, bool]:
    """The TeX source and display flag of one arithmatex element's (HTML-escaped) content.

    >>> split_tex("span", r"\\(b_3 &lt; 0\\)")
    ('b_3 < 0', False)
    >>> split_tex("div", r"\\[ x \\]")
    (' x ', True)
    >>> split_tex("div", r"\\begin{aligned} a &amp;= b \\end{aligned}")
    ('\\\\begin{aligned} a &= b \\\\end{aligned}', True)
    """
    text = html.unescape(content).strip()
    for opening, closing, display in DELIMITERS:
        if text.startswith(opening) and text.endswith(closing):
            return text[len(opening) : len(text) - len(closing)], display
    return text, element_tag == "div"


def mark_for_search(rendered: str) -> str:
    """KaTeX output with its TeX annotation and visual HTML excluded from the search index.

    >>> out = mark_for_search(
    ...     '<span class="katex"><span class="katex-mathml"><math><semantics>'
    ...     '<mi>x</mi><annotation encoding="application/x-tex">x</annotation></semantics></math>'
    ...     '</span><span class="katex-html" aria-hidden="true"><span class="base">x</span>'
    ...     "</span></span>"
    ... )
    >>> print(out.replace("><", ">\\n<"))  # doctest: +ELLIPSIS
    <span class="katex">
    ...
    <annotation encoding="application/x-tex" data-search-exclude>x</annotation>
    ...
    <katex-html class="katex-html" aria-hidden="true" data-search-exclude>
    <span class="base">x</span>
    </katex-html>
    </span>
    """
    if rendered.count(_VISUAL_OPEN) != 1 or rendered.count(_ANNOTATION_OPEN) != 1:
        raise ValueError(
            "rendered: expected KaTeX output with one MathML annotation and one "
            f"visual HTML tree, got {rendered[:120]!r}"
        )
    start = rendered.index(_VISUAL_OPEN)
    # The visual tree is the last child of .katex: its end tag is the first of the closing run
    # that ends the output (one </span> for .katex, one more for .katex-display).
    closing = 3 if rendered.startswith('<span class="katex-display">') else 2
    end = len(rendered) - len("</span>") * closing
    if rendered[end:] != "</span>" * closing:
        raise ValueError(f"rendered: unexpected end of KaTeX output {rendered[-40:]!r}")
    visual = rendered[start + len(_VISUAL_OPEN) : end]
    marked = (
        rendered[:start]
        + f'<{_VISUAL_TAG} class="katex-html" aria-hidden="true" data-search-exclude>'
        + visual
        + f"</{_VISUAL_TAG}>"
        + rendered[end + len("</span>") :]
    )
    marked = marked.replace(_ANNOTATION_OPEN, _ANNOTATION_OPEN[:-1] + " data-search-exclude>", 1)
    # Spaces around operators make the indexed text read "b3 = 0" (MathML ignores whitespace
    # between its elements, so neither rendering nor screen readers change).
    return _OPERATOR.sub(lambda match: f" {match.group(0)} ", marked)


_OPERATOR = re.compile(r"<mo(?:\s[^>]*)?>[^<]*</mo>")


class KaTeX:
    """The vendored KaTeX in an embedded V8, with one rendering kept per distinct formula."""

    def __init__(self, script: Path) -> None:
        self.script = Path(script)
        self.version = hashlib.sha256(self.script.read_bytes()).hexdigest()  # a new KaTeX, a new cache
        self.cache: dict[tuple[str, bool], str] = {}
        self.formulas = 0  # formulas typeset since the build started (cached ones included)
        self.seconds = 0.0  # time spent typesetting since the build started
        self._context: Any = None
        self._render: Any = None

    def _start(self) -> None:
        from py_mini_racer import MiniRacer  # the mini-racer package (docs extra)

        context = MiniRacer()
        # Close the V8 context deterministically before the interpreter tears down, as
        # mini-racer recommends: left to garbage collection (``MiniRacer.__del__``) the teardown
        # can block forever. For the same reason an engine is never dropped while the process
        # runs (see ``_engines``).
        atexit.register(context.close)
        context.eval(self.script.read_text(encoding="utf-8"))
        options = json.dumps(KATEX_OPTIONS)
        self._render = context.eval(
            "(function (tex, display) { return katex.renderToString(tex, "
            f"Object.assign({{}}, {options}, {{displayMode: display}})); }})"
        )
        self._context = context

    def render(self, tex: str, display: bool) -> str:
        """KaTeX's HTML for ``tex``; raises ValueError with KaTeX's message if it cannot parse."""
        key = (tex, display)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        if self._render is None:
            self._start()
        from py_mini_racer import JSEvalException

        try:
            rendered = self._render(tex, display)
        except JSEvalException as error:
            message = str(error).strip().splitlines()
            reason = next((line for line in message if "ParseError" in line), message[0])
            raise ValueError(reason.split("ParseError: ", 1)[-1]) from None
        result = mark_for_search(str(rendered))
        self.cache[key] = result
        return result


_katex: KaTeX | None = None
#: Every engine started in this process, by KaTeX version: reused when a build (of this project or
#: of a copy of it elsewhere) ships the same KaTeX, and never garbage-collected mid-run.
_engines: dict[str, KaTeX] = {}


def typeset(page_html: str, katex: KaTeX, where: str) -> str:
    """Every arithmatex element of ``page_html`` typeset by ``katex``; ``where`` names the page
    in the error raised for a formula KaTeX cannot parse."""

    def replace(match: re.Match[str]) -> str:
        tag, content, punctuation = match.group(1), match.group(2), match.group(3) or ""
        tex, display = split_tex(tag, content)
        katex.formulas += 1
        try:
            rendered = katex.render(tex, display)
        except ValueError as error:
            raise PluginError(f"{where}: KaTeX cannot typeset {tex!r}: {error}") from None
        element = f'<{tag} class="arithmatex">{rendered}</{tag}>'
        if punctuation and tag == "span":
            return f'<span class="ce-math-nowrap">{element}{punctuation}</span>'
        return element + punctuation

    started = time.perf_counter()
    try:
        return ARITHMATEX.sub(replace, page_html)
    finally:
        katex.seconds += time.perf_counter() - started


def on_config(config: Any) -> Any:
    global _katex, _preloads
    script = Path(config["docs_dir"]) / KATEX_SCRIPT
    if not script.is_file():
        raise PluginError(f"math hook: KaTeX not found at {script}")
    version = hashlib.sha256(script.read_bytes()).hexdigest()
    if version not in _engines:
        _engines[version] = KaTeX(script)
    _katex = _engines[version]
    _preloads = None  # read KaTeX's stylesheet again
    _katex.formulas, _katex.seconds = 0, 0.0
    return config


@event_priority(50)  # before other plugins read the page's HTML
def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    assert _katex is not None, "on_config runs first"
    return typeset(html_text, _katex, page.file.src_uri)


def on_post_build(config: Any) -> None:
    if _katex is not None:
        log.debug(
            "typeset %d formulas (%d distinct so far) in %.2f s",
            _katex.formulas,
            len(_katex.cache),
            _katex.seconds,
        )


#: Search rank of the API reference's sections relative to the rest of the site: a reader who
#: searches for a concept ("softmax") finds the part that explains it before the functions that
#: compute it. Material's search plugin reads ``search.boost`` from a page's metadata; a page's
#: own front matter wins.
REFERENCE_SEARCH_BOOST = 0.5


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri.startswith("reference/") and "search" not in page.meta:
        page.meta["search"] = {"boost": REFERENCE_SEARCH_BOOST}
    return markdown


#: KaTeX's fonts, relative to its stylesheet.
KATEX_FONTS = "fonts"

#: One rule of KaTeX's stylesheet that picks a font: ``.katex .mathnormal{font-family:...}``.
_FONT_RULE = re.compile(r"\.katex (?:[^{}]* )?((?:\.[\w-]+)+)(?:>span)?\{([^}]*)\}")
_CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
_KATEX_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]*)katex\.min\.css"')


def font_rules(css: str, available: set[str]) -> list[tuple[frozenset[str], str]]:
    """(classes, font file) for each rule of KaTeX's stylesheet that selects one of its fonts.

    >>> rules = font_rules(
    ...     ".katex .mathnormal{font-family:KaTeX_Math;font-style:italic}"
    ...     ".katex .delimsizing.size1{font-family:KaTeX_Size1}.katex .textbf{font-weight:700}",
    ...     {"KaTeX_Math-Italic.woff2", "KaTeX_Size1-Regular.woff2", "KaTeX_Main-Bold.woff2"},
    ... )
    >>> for classes, font in rules:
    ...     print(sorted(classes), font)
    ['mathnormal'] KaTeX_Math-Italic.woff2
    ['delimsizing', 'size1'] KaTeX_Size1-Regular.woff2
    ['textbf'] KaTeX_Main-Bold.woff2
    """
    rules = []
    for selector, declarations in _FONT_RULE.findall(css):
        family = re.search(r"font-family:KaTeX_(\w+)", declarations)
        bold = "font-weight:700" in declarations or "font-weight:bold" in declarations
        italic = "font-style:italic" in declarations
        if not (family or bold or italic):
            continue
        style = ("Bold" if bold else "") + ("Italic" if italic else "") or "Regular"
        font = f"KaTeX_{family.group(1) if family else 'Main'}-{style}.woff2"
        if font in available:
            rules.append((frozenset(selector.strip(".").split(".")), font))
    return rules


class FontPreloads:
    """Which of KaTeX's fonts a typeset page needs, from the classes its formulas use."""

    def __init__(self, stylesheet: Path) -> None:
        fonts = stylesheet.parent / KATEX_FONTS
        available = {path.name for path in fonts.glob("*.woff2")}
        self.default = "KaTeX_Main-Regular.woff2"  # the font of .katex itself
        self.rules = font_rules(stylesheet.read_text(encoding="utf-8"), available)

    def fonts(self, page_html: str) -> list[str]:
        """The font files the formulas of ``page_html`` use, in a stable order."""
        if 'class="katex"' not in page_html:
            return []
        classes = {frozenset(value.split()) for value in _CLASS_ATTRIBUTE.findall(page_html)}
        needed = {self.default}
        for wanted, font in self.rules:
            if any(wanted <= used for used in classes):
                needed.add(font)
        return sorted(needed)

    def add_links(self, page_html: str) -> str:
        """``page_html`` with a preload link per font, right after KaTeX's stylesheet link."""
        match = _KATEX_STYLESHEET.search(page_html)
        fonts = self.fonts(page_html)
        if match is None or not fonts:
            return page_html
        prefix = match.group(1)
        links = "".join(
            f'<link rel="preload" href="{prefix}{KATEX_FONTS}/{font}" as="font" '
            'type="font/woff2" crossorigin>'
            for font in fonts
        )
        return page_html[: match.start()] + links + page_html[match.start() :]


_preloads: FontPreloads | None = None


def on_post_page(output: str, page: Any, config: Any) -> str:
    global _preloads
    stylesheet = Path(config["docs_dir"]) / "assets" / "katex" / "katex.min.css"
    if _preloads is None:
        _preloads = FontPreloads(stylesheet)
    return _preloads.add_links(output)
