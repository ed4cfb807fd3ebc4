"""The figures' look: one colour-blind-safe palette, matplotlib settings and label formatting.

Every colour means one thing across the site. The palette keeps the series' colours: the top
hidden node and its bent surface are blue, the bottom node orange, Setosa's crinkled output
surface green, and the loss curve pink. The other two species take colours nothing else uses.

A figure follows the page's colour scheme: matplotlib draws with the light-scheme colours below
and `crossentropy.figures._render` replaces each by a CSS custom property (``--ce-ink``,
``--ce-setosa``, …) whose light and dark values live in the site's stylesheet. This module
imports no matplotlib, so a figure served from the cache never loads it.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from crossentropy.formatting import compact, fmt

__all__ = [
    "BLUE",
    "FIXED_BLUE",
    "FIXED_DARK",
    "FIXED_ORANGE",
    "GRID",
    "HIGHLIGHT",
    "INK",
    "MUTED",
    "ORANGE",
    "PAPER",
    "PINK",
    "SPECIES_COLORS",
    "STYLE",
    "THEME_COLORS",
    "format_number",
    "format_parameter",
    "species_color",
]

BLUE = "#0072b2"  # the top hidden node and its surface
ORANGE = "#e69f00"  # the bottom hidden node and its surface
PINK = "#e8489a"  # the total cross entropy (the series' pink curve)
INK = "#1f1f1f"  # text, axes, tangents and descent steps
MUTED = "#6b6b6b"  # secondary text and reference lines (ln 3, guides)
GRID = "#d4d4d4"  # grid lines and 3D panes' edges
PAPER = "#fffffe"  # the page behind a figure: boxes that must hide what they cover
SPECIES_COLORS: MappingProxyType[str, str] = MappingProxyType(
    {
        "Setosa": "#009e73",  # green, as the series' Setosa surface
        "Versicolor": "#7b4fb0",  # purple
        "Virginica": "#b5303b",  # crimson
    }
)

#: Each light-scheme colour and the CSS custom property that replaces it in the SVG.
THEME_COLORS: MappingProxyType[str, str] = MappingProxyType(
    {
        INK: "--ce-ink",
        MUTED: "--ce-muted",
        GRID: "--ce-grid",
        PAPER: "--ce-paper",
        BLUE: "--ce-blue",
        ORANGE: "--ce-orange",
        PINK: "--ce-pink",
        SPECIES_COLORS["Setosa"]: "--ce-setosa",
        SPECIES_COLORS["Versicolor"]: "--ce-versicolor",
        SPECIES_COLORS["Virginica"]: "--ce-virginica",
    }
)

#: matplotlib settings shared by every figure: text stays text, in the reader's sans-serif font;
#: transparent background (the page shows through); no date, deterministic ids.
STYLE: MappingProxyType[str, Any] = MappingProxyType(
    {
        "svg.fonttype": "none",
        "svg.image_inline": True,
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "mathtext.fontset": "dejavusans",
        "font.size": 10.0,
        "axes.titlesize": 10.0,
        "axes.labelsize": 10.0,
        "xtick.labelsize": 9.5,
        "ytick.labelsize": 9.5,
        "legend.fontsize": 9.5,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": True,
        "axes.edgecolor": INK,
        "axes.labelcolor": INK,
        "axes.titlecolor": INK,
        "text.color": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "grid.color": GRID,
        "grid.linewidth": 0.6,
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.facecolor": "none",
        "savefig.transparent": True,
        "path.simplify": True,
        "path.simplify_threshold": 0.2,
        "lines.linewidth": 1.8,
        "figure.constrained_layout.use": True,
    }
)


def format_number(value: float, digits: int = 2) -> str:
    """A figure label's number: `crossentropy.formatting.fmt` with 2 decimals by default.

    Examples
    --------
    >>> format_number(-0.1), format_number(-0.0001), format_number(1.43257, digits=3)
    ('−0.10', '0.00', '1.433')
    """
    return fmt(value, digits)


def format_parameter(value: float) -> str:
    """A parameter as the network diagram draws it: `crossentropy.formatting.compact`, 3 significant digits.

    Examples
    --------
    >>> format_parameter(-2.5), format_parameter(0.0), format_parameter(-0.0316532)
    ('−2.5', '0', '−0.0317')
    """
    return compact(value, significant=3)


def species_color(label: str, index: int) -> str:
    """The colour of a species label, or a fallback from the palette for other labels.

    Examples
    --------
    >>> species_color("Setosa", 0) == SPECIES_COLORS["Setosa"]
    True
    >>> species_color("other", 1) == BLUE
    True
    >>> species_color("Setosa at b3 = −2", 3) == SPECIES_COLORS["Setosa"]
    True
    """
    fallback = (INK, BLUE, ORANGE, MUTED)
    first = label.split(" ", 1)[0]
    return SPECIES_COLORS.get(label, SPECIES_COLORS.get(first, fallback[index % len(fallback)]))


#: Colours kept as they are in both schemes (their hex differs from the palette's by one step,
#: so the theme leaves them alone): a filled node and the text on it.
FIXED_BLUE = "#0072b1"
FIXED_ORANGE = "#e69f01"
FIXED_DARK = "#111111"
HIGHLIGHT = "#ffe45c"
