"""Shared plumbing for the figure builders: colours, validation and the ``<figure>`` wrapper.

Every figure on the site is drawn on a `crossentropy.figures._canvas.Canvas` and wrapped by
`render_figure`: deterministic text, element ids made unique per figure, a responsive root
element with an accessible name, inside a ``<figure>`` with a caption.
"""

from __future__ import annotations

import hashlib
import html
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from typing import Any

from crossentropy.figures._canvas import FONT_FAMILY, TEXT_COLOR, Canvas, num

__all__ = [
    "BLUE",
    "ORANGE",
    "PINK",
    "GREY",
    "SPECIES_COLORS",
    "check_mapping_of_probabilities",
    "check_name",
    "check_network",
    "check_real",
    "figure_name",
    "format_number",
    "format_parameter",
    "network_key",
    "render_figure",
    "species_color",
]

# Okabe-Ito colours (safe for the common colour-vision deficiencies), keeping the names the
# text uses: the top hidden node's "blue" surface, the bottom node's "orange" surface, the
# "green" crinkled Setosa surface and the "pink" loss curve.
BLUE = "#0072B2"
ORANGE = "#E69F00"
PINK = "#FF69B4"  # hotpink
GREY = "#555555"
SPECIES_COLORS: dict[str, str] = {
    "Setosa": "#009E73",  # green
    "Versicolor": "#D55E00",  # vermillion
    "Virginica": "#CC79A7",  # reddish purple
}

_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def format_number(value: float, digits: int = 2) -> str:
    """Format a number for a figure label: fixed decimals and a true minus sign (U+2212).

    Parameters
    ----------
    value : float
        The number.
    digits : int, default 2
        Decimal places.

    Returns
    -------
    str
        For example ``"−0.10"``; a value that rounds to zero is written without a sign.

    Examples
    --------
    >>> format_number(-0.1)
    '−0.10'
    >>> format_number(-0.0001)
    '0.00'
    >>> format_number(1.43257, digits=3)
    '1.433'
    """
    text = f"{float(value):.{digits}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


def format_parameter(value: float) -> str:
    """Format a parameter value as the network diagram draws it: 3 significant digits, true minus.

    Examples
    --------
    >>> format_parameter(-2.5), format_parameter(0.0), format_parameter(-0.0316532)
    ('−2.5', '0', '−0.0317')
    """
    text = f"{float(value):.3g}"
    if float(text) == 0.0:
        text = "0"
    return text.replace("-", "\u2212")


def figure_name(base: str, *parts: object) -> str:
    """Element-id friendly figure name: ``base``, plus a short digest when ``parts`` are given.

    The digest makes two figures drawn from different arguments on one page get different ids,
    while the same arguments always give the same name.

    Examples
    --------
    >>> figure_name("softmax-bars")
    'softmax-bars'
    >>> figure_name("softmax-bars", (1.0, 2.0)) == figure_name("softmax-bars", (1.0, 2.0))
    True
    >>> figure_name("softmax-bars", (1.0, 2.0)) == figure_name("softmax-bars", (1.0, 2.5))
    False
    """
    if not parts:
        return base
    digest = hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:8]
    return f"{base}-{digest}"


def check_name(name: object, argument: str = "name") -> str:
    """Validate a figure name (lower-case letters, digits and single hyphens)."""
    if not isinstance(name, str):
        raise TypeError(f"{argument} must be a str, got {type(name).__name__}")
    if not _NAME_RE.fullmatch(name):
        raise ValueError(
            f"{argument} must be lower-case letters/digits joined by single hyphens, got {name!r}"
        )
    return name


def check_real(value: object, argument: str) -> float:
    """Return ``value`` as a finite float, or raise TypeError/ValueError naming ``argument``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{argument} must be a real number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{argument} must be finite, got {number}")
    return number


def check_network(network: object, argument: str = "network") -> Any:
    """Return ``network`` (an ``IrisNetwork``) or a default ``IrisNetwork()`` for ``None``."""
    from crossentropy import IrisNetwork

    if network is None:
        return IrisNetwork()
    if not isinstance(network, IrisNetwork):
        raise TypeError(f"{argument} must be an IrisNetwork or None, got {type(network).__name__}")
    return network


def network_key(network: Any) -> tuple[tuple[str, float], ...] | None:
    """``None`` for the default network, else its parameters (an input to `figure_name`)."""
    from crossentropy import IrisNetwork

    if network == IrisNetwork():
        return None
    return tuple((k, float(v)) for k, v in network.params.items())


_ID_RE = re.compile(r'\sid="([^"]+)"')
_REF_RE = re.compile(r'(?:url\(#([^)"]+)\)|href="#([^"]+)")')


def _rewrite_ids(svg: str, prefix: str) -> str:
    """Drop ids nothing refers to and rename the rest ``{prefix}{n}``, so that several figures
    pasted on one page never repeat an id."""
    referenced: dict[str, str] = {}
    for a, b in _REF_RE.findall(svg):
        referenced.setdefault(a or b, f"{prefix}{len(referenced)}")

    def _id(match: re.Match[str]) -> str:
        value = match.group(1)
        return f' id="{referenced[value]}"' if value in referenced else ""

    svg = _ID_RE.sub(_id, svg)

    def _ref(match: re.Match[str]) -> str:
        if match.group(1) is not None and match.group(1) in referenced:
            return f"url(#{referenced[match.group(1)]})"
        return f'href="#{referenced[match.group(2)]}"'

    return _REF_RE.sub(_ref, svg)


def _id_prefix(name: str) -> str:
    """A short id prefix derived from the figure name (ids must start with a letter)."""
    return "f" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:7] + "-"


def render_figure(
    canvas: Canvas | Sequence[Canvas],
    *,
    name: str,
    alt: str,
    caption: str,
    caption_is_html: bool = False,
    font_size: float = 12.0,
) -> str:
    """Wrap a drawn canvas (or several panels) as an inline-SVG ``<figure>`` element.

    Parameters
    ----------
    canvas : Canvas or sequence of Canvas
        The drawing, or the panels of a figure that may wrap: side by side where the column is
        wide enough, one under another on a phone (each panel keeps its own size, so its text
        stays readable). The first panel's ``<svg>`` carries the text alternative; the others
        are hidden from assistive technology, which reads it once for the whole figure.
    name : str
        Lower-case, hyphenated figure name. Prefixes every element id, and gives the element
        id ``fig-{name}``.
    alt : str
        What the figure shows, with its key numbers: the SVG's ``<title>`` and ``aria-label``.
    caption : str
        The visible caption (HTML-escaped unless ``caption_is_html``).
    caption_is_html : bool, default False
        Insert ``caption`` as trusted inline HTML (for markup written by the caller).
    font_size : float, default 12.0
        Default text size in canvas units.

    Returns
    -------
    str
        ``<figure class="ce-figure" id="fig-{name}"><svg …>…</svg><figcaption>…</figcaption></figure>``
        on one line: no XML prolog, no date, no blank line (markdown-exec pastes it as raw HTML).
        The SVG scales to the width of its container, up to the canvas's own width in CSS px.
        Panels sit in a ``<div class="ce-panels">`` (a wrapping flex row, see the site's CSS).

    Examples
    --------
    >>> canvas = Canvas(120, 40)
    >>> canvas.text(60, 20, "p_{Setosa}", anchor="middle")
    >>> html_text = render_figure(canvas, name="demo", alt="A label", caption="Nothing <here>")
    >>> html_text.startswith('<figure class="ce-figure" id="fig-demo"><svg')
    True
    >>> html_text.endswith('<figcaption>Nothing &lt;here&gt;</figcaption></figure>')
    True
    """
    check_name(name)
    panels = [canvas] if isinstance(canvas, Canvas) else canvas
    if isinstance(panels, (str, bytes)) or not isinstance(panels, Sequence):
        raise TypeError(f"canvas must be a Canvas or a sequence of Canvas, got {type(canvas).__name__}")
    if not panels or not all(isinstance(panel, Canvas) for panel in panels):
        raise TypeError("canvas must be a Canvas or a non-empty sequence of Canvas")
    for argument, value in (("alt", alt), ("caption", caption)):
        if not isinstance(value, str):
            raise TypeError(f"{argument} must be a str, got {type(value).__name__}")
        if not value.strip():
            raise ValueError(f"{argument} must not be empty")
    size = check_real(font_size, "font_size")
    alt_text = " ".join(alt.split())
    prefix = _id_prefix(name)
    svgs = []
    for index, panel in enumerate(panels):
        body = _rewrite_ids(panel.body(), prefix if len(panels) == 1 else f"{prefix}{index}-")
        if index == 0:
            accessible = f' role="img" aria-label="{html.escape(alt_text, quote=True)}"'
            title = f"<title>{html.escape(alt_text, quote=False)}</title>"
        else:
            accessible, title = ' aria-hidden="true"', ""
        width = "width:100%;" if len(panels) == 1 else ""
        svgs.append(
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            f' viewBox="0 0 {num(panel.width)} {num(panel.height)}"{accessible}'
            f' style="{width}height:auto;max-width:{num(panel.width)}px"'
            f' font-family="{FONT_FAMILY}" font-size="{num(size)}" fill="{TEXT_COLOR}">'
            f"{title}{body}</svg>"
        )
    drawing = svgs[0] if len(svgs) == 1 else f'<div class="ce-panels">{"".join(svgs)}</div>'
    caption_text = " ".join(caption.split())
    if not caption_is_html:
        caption_text = html.escape(caption_text, quote=False)
    return (
        f'<figure class="ce-figure" id="fig-{name}">{drawing}'
        f"<figcaption>{caption_text}</figcaption></figure>"
    )


def species_color(label: str, index: int) -> str:
    """The colour of a species label, or a fallback from a colour-blind-safe cycle."""
    fallback = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
    return SPECIES_COLORS.get(label, fallback[index % len(fallback)])


def check_mapping_of_probabilities(mark: object, argument: str) -> dict[str, float]:
    """Validate a ``label -> probability`` mapping with probabilities in (0, 1]."""
    if not isinstance(mark, Mapping):
        raise TypeError(f"{argument} must be a mapping of label -> probability, got {type(mark).__name__}")
    out: dict[str, float] = {}
    for label, value in mark.items():
        if not isinstance(label, str):
            raise TypeError(f"{argument} labels must be str, got {type(label).__name__}")
        p = check_real(value, f"{argument}[{label!r}]")
        if not 0.0 < p <= 1.0:
            raise ValueError(f"{argument}[{label!r}] must be a probability in (0, 1], got {p}")
        out[label] = p
    return out
