"""Shared plumbing for the figure builders: style, colours, validation and SVG output.

Every figure on the site is a matplotlib figure turned into inline SVG by
`render_figure`: deterministic bytes (fixed hash salt,
no date), text drawn as paths (no font needed by the reader), element ids made unique per figure,
a responsive root element with an accessible name, wrapped in a `<figure>` with a caption.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import math
import numbers
import re
from collections.abc import Iterator, Mapping
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.figure import Figure  # noqa: E402

__all__ = [
    "BLUE",
    "ORANGE",
    "PINK",
    "GREY",
    "SPECIES_COLORS",
    "STYLE",
    "check_mapping_of_probabilities",
    "check_name",
    "check_network",
    "check_real",
    "figure_name",
    "figure_style",
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
PINK = "hotpink"
GREY = "#555555"
SPECIES_COLORS: dict[str, str] = {
    "Setosa": "#009E73",  # green
    "Versicolor": "#D55E00",  # vermillion
    "Virginica": "#CC79A7",  # reddish purple
}

#: matplotlib settings shared by every figure (small, consistent type).
STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": True,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.fonttype": "path",
    "path.simplify": True,
    "lines.linewidth": 1.8,
}

_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@contextlib.contextmanager
def figure_style() -> Iterator[None]:
    """Apply `STYLE` while a figure is built.

    Examples
    --------
    >>> import matplotlib
    >>> with figure_style():
    ...     print(matplotlib.rcParams["font.size"])
    10.0
    """
    with matplotlib.rc_context(STYLE):
        yield


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


_PROLOG_RE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA_RE = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_ID_RE = re.compile(r'\sid="([^"]+)"')
_REF_RE = re.compile(r'(?:url\(#([^)"]+)\)|href="#([^"]+)")')
_SVG_OPEN_RE = re.compile(r"<svg\b[^>]*>")
_LINE_BREAK_RE = re.compile(r"[ \t]*\n\s*")  # indentation and blank lines alike
_GEOMETRY_RE = re.compile(r'\s(?:d|x|y)="[^"]*"|translate\([^)]*\)')
_LONG_FLOAT_RE = re.compile(r"-?\d+\.\d{3,}")


def _round_geometry(svg: str) -> str:
    """Round positions (path data, x/y, translations; never scale factors) to 0.01 pt."""

    def _number(match: re.Match[str]) -> str:
        text = f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text

    return _GEOMETRY_RE.sub(lambda m: _LONG_FLOAT_RE.sub(_number, m.group(0)), svg)


def _rewrite_ids(svg: str, prefix: str) -> str:
    """Drop ids nothing refers to and rename the rest ``{prefix}{n}``.

    matplotlib names groups ``figure_1``, ``patch_1`` … and glyphs ``DejaVuSans-30`` in every
    figure, so two inline figures on one page would repeat ids; short, per-figure ids fix that
    and keep the many ``<use>`` references small.
    """
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


_USE_RE = re.compile(r'<use xlink:href="(#[^"]+)"(?: transform="translate\(([-\d.]+)(?: ([-\d.]+))?\)")?')


def _compact_uses(svg: str) -> str:
    """Write glyph references as ``<use xlink:href="#id" x=".." y="..">``, a third shorter.

    The reference stays ``xlink:href``: Material's instant navigation rewrites every element
    matching ``[href]`` by assigning ``el.href``, which throws on an SVG ``<use>`` element (its
    ``href`` is a read-only ``SVGAnimatedString``); a namespaced ``xlink:href`` is not matched.
    """

    def _use(match: re.Match[str]) -> str:
        ref, x, y = match.groups()
        out = f'<use xlink:href="{ref}"'
        if x is not None and float(x) != 0.0:
            out += f' x="{x}"'
        if y is not None and float(y) != 0.0:
            out += f' y="{y}"'
        return out

    return _USE_RE.sub(_use, svg)


_PATH_DATA_RE = re.compile(r'\sd="([^"]*)"')
_COMMAND_SPACE_RE = re.compile(r"\s*([MLHVCSQTAZmlhvcsqtaz])\s*")


def _compact_path_data(svg: str) -> str:
    """Write path data on one line without blanks around the command letters (``M1 2L3 4z``):
    the same path in SVG syntax, shorter for glyph outlines."""

    def _path(match: re.Match[str]) -> str:
        data = _COMMAND_SPACE_RE.sub(r"\1", " ".join(match.group(1).split()))
        return f' d="{data}"'

    return _PATH_DATA_RE.sub(_path, svg)


def _id_prefix(name: str) -> str:
    """A short id prefix derived from the figure name (ids must start with a letter)."""
    return "f" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:7] + "-"


def render_figure(
    fig: Figure,
    *,
    name: str,
    alt: str,
    caption: str,
    caption_is_html: bool = False,
    dpi: float = 130,
) -> str:
    """Serialise a matplotlib figure to an inline-SVG ``<figure>`` element and close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure; it is closed afterwards.
    name : str
        Lower-case, hyphenated figure name. Salts matplotlib's ids (deterministic output),
        prefixes every element id, and gives the element id ``fig-{name}``.
    alt : str
        What the figure shows, with its key numbers: the SVG's ``<title>`` and ``aria-label``.
    caption : str
        The visible caption (HTML-escaped unless ``caption_is_html``).
    caption_is_html : bool, default False
        Insert ``caption`` as trusted inline HTML (for markup written by the caller).
    dpi : float, default 130
        Resolution of rasterised artists (3D surfaces); vector parts are unaffected.

    Returns
    -------
    str
        ``<figure class="ce-figure" id="fig-{name}"><svg …>…</svg><figcaption>…</figcaption></figure>``
        with no XML prolog, no date and no blank line.

    Examples
    --------
    >>> fig = plt.figure(figsize=(2, 1))
    >>> html_text = render_figure(fig, name="demo", alt="An empty box", caption="Nothing <here>")
    >>> html_text.startswith('<figure class="ce-figure" id="fig-demo"><svg')
    True
    >>> html_text.endswith('<figcaption>Nothing &lt;here&gt;</figcaption></figure>')
    True
    >>> plt.fignum_exists(fig.number)
    False
    """
    try:
        check_name(name)
        if not isinstance(fig, Figure):
            raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
        for argument, value in (("alt", alt), ("caption", caption)):
            if not isinstance(value, str):
                raise TypeError(f"{argument} must be a str, got {type(value).__name__}")
            if not value.strip():
                raise ValueError(f"{argument} must not be empty")
        buffer = io.StringIO()
        with matplotlib.rc_context({"svg.hashsalt": name, "svg.fonttype": "path"}):
            fig.savefig(
                buffer,
                format="svg",
                metadata={"Date": None},
                bbox_inches="tight",
                pad_inches=0.05,
                facecolor="white",
                dpi=dpi,
            )
    finally:
        if isinstance(fig, Figure):
            plt.close(fig)
    svg = _PROLOG_RE.sub("", buffer.getvalue(), count=1)
    svg = _METADATA_RE.sub("", svg, count=1)
    svg = _round_geometry(svg)
    svg = _rewrite_ids(svg, _id_prefix(name))
    svg = _compact_uses(svg)
    svg = _compact_path_data(svg)
    # matplotlib's stylesheet uses a bare `*` selector; scope it to this figure.
    svg = svg.replace("<style type=\"text/css\">*{", f'<style type="text/css">#fig-{name} *{{', 1)

    alt_text = " ".join(alt.split())
    escaped_alt = html.escape(alt_text, quote=True)

    def _root(match: re.Match[str]) -> str:
        tag = match.group(0)
        width = re.search(r'\swidth="([\d.]+)pt"', tag)
        tag = re.sub(r'\s(?:width|height)="[^"]*"', "", tag)
        max_width = f"max-width:{float(width.group(1)):.1f}pt;" if width else ""
        return (
            tag[:-1]
            + f' role="img" aria-label="{escaped_alt}"'
            + f' style="width:100%;height:auto;{max_width}">'
            + f"<title>{html.escape(alt_text, quote=False)}</title>"
        )

    svg = _SVG_OPEN_RE.sub(_root, svg, count=1)
    svg = _LINE_BREAK_RE.sub("\n", svg.strip())
    caption_text = " ".join(caption.split())
    if not caption_is_html:
        caption_text = html.escape(caption_text, quote=False)
    return (
        f'<figure class="ce-figure" id="fig-{name}">{svg}'
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
