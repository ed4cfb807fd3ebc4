"""matplotlib figures to inline SVG: the ``<figure>`` element every page prints.

`figure_style` applies the shared `STYLE` while a builder draws; `render_figure` saves each
matplotlib figure as SVG (text kept as ``<text>``, a fixed ``svg.hashsalt`` per figure, no date)
and wraps it: an accessible name and text alternative, ids unique on the page, the palette's
colours replaced by the site's CSS custom properties (so a figure follows the colour scheme), and
a responsive root element that never grows past the size it was drawn at.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from crossentropy.figures._checks import check_name
from crossentropy.figures._style import STYLE, THEME_COLORS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["figure_style", "new_figure", "render_figure"]

#: CSS px per point: matplotlib's SVG user unit is the point (1/72 in), a CSS px is 1/96 in.
_PX_PER_PT = 96.0 / 72.0
_ID_RE = re.compile(r'\sid="([^"]+)"')
_REF_RE = re.compile(r'(?:url\(#([^)"]+)\)|href="#([^"]+)")')
_COLOR_RE = re.compile(r"#([0-9a-f]{6})\b")
_PATH_DATA_RE = re.compile(r'\sd="([^"]*)"')
_POSITION_RE = re.compile(r'\s(x|y)="(-?\d+\.\d{3,})"')
_NUMBER_RE = re.compile(r"-?\d+\.\d+")
_ROOT_RE = re.compile(r'<svg [^>]*viewBox="0 0 ([\d.]+) ([\d.]+)"[^>]*>')
#: matplotlib's default line joins and caps, written as a ``<style>`` in every SVG. Inline in a
#: page that rule (``*{…}``) would apply to every element of the page, and each ``<style>`` the
#: parser meets restyles the whole page; the site's stylesheet gives figures the same defaults
#: (``figure.ce-figure svg *``), so `render_figure` drops it.
_MATPLOTLIB_STYLE = (
    '<defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>'
)


@contextlib.contextmanager
def figure_style() -> Iterator[None]:
    """Apply the figures' `STYLE` (and the Agg-free SVG settings) while a figure is built.

    Examples
    --------
    >>> import matplotlib
    >>> with figure_style():
    ...     print(matplotlib.rcParams["svg.fonttype"])
    none
    """
    import matplotlib

    settings: Any = dict(STYLE)  # matplotlib's stubs type the keys as literals
    with matplotlib.rc_context(settings):
        yield


def new_figure(width: float, height: float) -> Figure:
    """A matplotlib `Figure` of ``width × height`` inches with constrained layout (no pyplot).

    Examples
    --------
    >>> with figure_style():
    ...     fig = new_figure(4.0, 3.0)
    >>> fig.get_size_inches().tolist()
    [4.0, 3.0]
    """
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _rewrite_ids(svg: str, prefix: str, keep: frozenset[str] = frozenset()) -> str:
    """Drop ids nothing refers to and rename the rest ``{prefix}{n}``, so that several figures
    pasted on one page never repeat an id. Ids in `keep` stay as they are."""
    referenced: dict[str, str] = {value: value for value in keep}
    for a, b in _REF_RE.findall(svg):
        referenced.setdefault(a or b, f"{prefix}{len(referenced) - len(keep)}")

    def _id(match: re.Match[str]) -> str:
        value = match.group(1)
        return f' id="{referenced[value]}"' if value in referenced else ""

    def _ref(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return f"url(#{referenced[match.group(1)]})"
        return f'href="#{referenced[match.group(2)]}"'

    return _REF_RE.sub(_ref, _ID_RE.sub(_id, svg))


def _round_path(match: re.Match[str]) -> str:
    """Path coordinates to 0.01 pt (1/7200 in): invisible at any zoom, a third of the bytes."""
    data = _NUMBER_RE.sub(lambda m: f"{float(m.group()):.2f}".rstrip("0").rstrip("."), match.group(1))
    return f' d="{" ".join(data.split())}"'


def _round_position(match: re.Match[str]) -> str:
    return f' {match.group(1)}="{float(match.group(2)):.2f}"'


def _themed(match: re.Match[str]) -> str:
    colour = "#" + match.group(1)
    prop = THEME_COLORS.get(colour)
    return f"var({prop}, {colour})" if prop else colour


def _svg_text(figure: Figure, salt: str) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def render_figure(
    figures: Figure | Sequence[Figure],
    *,
    name: str,
    alt: str,
    caption: str,
    caption_is_html: bool = False,
    keep_ids: Sequence[str] = (),
) -> str:
    """Wrap one matplotlib figure (or the panels of one figure) as an inline-SVG ``<figure>``.

    Parameters
    ----------
    figures : matplotlib.figure.Figure or sequence of Figure
        The drawing, or the panels of a figure that may wrap: side by side where the column is
        wide enough, one under another on a phone (each panel keeps its own size, so its text
        stays readable). The first panel's ``<svg>`` carries the text alternative; the others
        are hidden from assistive technology, which reads it once for the whole figure.
    name : str
        Lower-case, hyphenated figure name: the element id is ``fig-{name}``; it salts
        matplotlib's ids and prefixes every id kept.
    alt : str
        What the figure shows, with its key numbers: the SVG's ``<title>`` and ``aria-label``.
    caption : str
        The visible caption (HTML-escaped unless ``caption_is_html``).
    caption_is_html : bool, default False
        Insert ``caption`` as trusted inline HTML (for markup written by the caller).
    keep_ids : sequence of str, default ()
        Ids to keep exactly as they are, although nothing in the SVG refers to them: the
        ``gid`` of each artist that a script finds and moves (an explorable figure,
        `crossentropy.figures.explore`). Each must name exactly one element of the figure; the
        caller keeps them unique on the page (by starting them with `name`).

    Returns
    -------
    str
        ``<figure class="ce-figure" id="fig-{name}"><svg …>…</svg><figcaption>…</figcaption></figure>``
        on one line: no XML prolog, no date, no blank line (markdown-exec pastes it as raw HTML).
        Each SVG scales to the width of its container, up to the size it was drawn at.

    Examples
    --------
    >>> with figure_style():
    ...     fig = new_figure(2.0, 1.0)
    ...     _ = fig.add_subplot().plot([0, 1], [0, 1])
    ...     text = render_figure(fig, name="demo", alt="A line", caption="Nothing <here>")
    >>> text.startswith('<figure class="ce-figure" id="fig-demo"><svg')
    True
    >>> text.endswith("<figcaption>Nothing &lt;here&gt;</figcaption></figure>")
    True
    >>> "Matplotlib v" in text and "\\n" not in text
    True
    >>> "<style" in text  # matplotlib's own defaults come from the site's stylesheet
    False
    """
    from matplotlib.figure import Figure

    check_name(name)
    panels = [figures] if isinstance(figures, Figure) else list(figures)
    if not panels or not all(isinstance(panel, Figure) for panel in panels):
        raise TypeError("figures must be a matplotlib Figure or a non-empty sequence of them")
    for argument, value in (("alt", alt), ("caption", caption)):
        if not isinstance(value, str):
            raise TypeError(f"{argument} must be a str, got {type(value).__name__}")
        if not value.strip():
            raise ValueError(f"{argument} must not be empty")
    if isinstance(keep_ids, (str, bytes)) or not isinstance(keep_ids, Sequence):
        raise TypeError(f"keep_ids must be a sequence of str, got {type(keep_ids).__name__}")
    keep = frozenset(check_name(value, f"keep_ids[{i}]") for i, value in enumerate(keep_ids))
    alt_text = " ".join(alt.split())
    prefix = "f" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:7] + "-"
    svgs = []
    for index, panel in enumerate(panels):
        svg = _svg_text(panel, f"{name}-{index}")
        svg = _POSITION_RE.sub(_round_position, _PATH_DATA_RE.sub(_round_path, svg))
        svg = " ".join(svg.split()).replace("> <", "><").replace(_MATPLOTLIB_STYLE, "", 1)
        if "<style" in svg:  # pragma: no cover - a matplotlib that writes other styles
            raise RuntimeError("matplotlib wrote a <style> element that would restyle the whole page")
        svg = _COLOR_RE.sub(_themed, svg)
        svg = _rewrite_ids(svg, prefix if len(panels) == 1 else f"{prefix}{index}-", keep)
        root = _ROOT_RE.match(svg)
        if root is None:  # pragma: no cover - matplotlib always writes a viewBox
            raise RuntimeError("matplotlib wrote an SVG without a viewBox")
        width = float(root.group(1)) * _PX_PER_PT
        if index == 0:
            accessible = f' role="img" aria-label="{html.escape(alt_text, quote=True)}"'
            title = f"<title>{html.escape(alt_text, quote=False)}</title>"
        else:
            accessible, title = ' aria-hidden="true" focusable="false"', ""
        opening = (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            f' viewBox="0 0 {root.group(1)} {root.group(2)}"{accessible}'
            f' class="ce-svg" style="max-width:{width:.0f}px;min-width:min(100%,{0.85 * width:.0f}px);'
            f'flex-grow:{width:.0f}">{title}'
        )
        svgs.append(opening + svg[root.end() :])
    for value in sorted(keep):
        found = sum(svg.count(f' id="{value}"') for svg in svgs)
        if found != 1:
            raise ValueError(
                f"keep_ids: {value!r} must be the id (gid) of exactly one element, found {found}"
            )
    drawing = svgs[0] if len(svgs) == 1 else f'<div class="ce-panels">{"".join(svgs)}</div>'
    caption_text = " ".join(caption.split())
    if not caption_is_html:
        caption_text = html.escape(caption_text, quote=False)
    return (
        f'<figure class="ce-figure" id="fig-{name}">{drawing}<figcaption>{caption_text}</figcaption></figure>'
    )
