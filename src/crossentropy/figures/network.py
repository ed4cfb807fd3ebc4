"""The network at a glance: inputs, ReLU hidden nodes, raw outputs, softmax and cross entropy."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from crossentropy.figures._cache import cached_figure
from crossentropy.figures._svg import (
    BLUE,
    GREY,
    ORANGE,
    SPECIES_COLORS,
    check_name,
    check_network,
    figure_name,
    figure_style,
    format_parameter,
    network_key,
    render_figure,
)

__all__ = ["network_diagram_svg"]

_HIGHLIGHT_FILL = "#FFE45C"
_INK = "#222222"
# darker shades of the edge colours for text (contrast >= 4.5:1 on white)
_TEXT = {BLUE: "#005A8C", ORANGE: "#8A5A00", GREY: "#444444"}

# Which parameters sit on which edge (source node, target node) and which node each bias feeds.
_EDGES: tuple[tuple[str, str, str, float, float], ...] = (
    # name, source, target, where along the edge the label sits (0 = source, 1 = target),
    # and how far above (+) or below (-) the edge
    ("w1", "petal", "top", 0.56, 0.34),
    ("w2", "sepal", "top", 0.30, 0.0),
    ("w3", "petal", "bottom", 0.30, 0.0),
    ("w4", "sepal", "bottom", 0.56, -0.34),
    ("w5", "top", "Setosa", 0.36, 0.0),
    ("w6", "bottom", "Setosa", 0.66, 0.0),
    ("w7", "top", "Versicolor", 0.36, 0.0),
    ("w8", "bottom", "Versicolor", 0.66, 0.0),
    ("w9", "top", "Virginica", 0.36, 0.0),
    ("w10", "bottom", "Virginica", 0.66, 0.0),
)
_BIASES: tuple[tuple[str, str], ...] = (
    ("b1", "top"),
    ("b2", "bottom"),
    ("b3", "Setosa"),
    ("b4", "Versicolor"),
    ("b5", "Virginica"),
)
_PARAMETERS = tuple(name for name, *_ in _EDGES) + tuple(name for name, _ in _BIASES)


def _symbol(name: str) -> str:
    """Mathtext for a parameter name, e.g. ``w10`` -> ``$w_{10}$``."""
    return f"${name[0]}_{{{name[1:]}}}$"


def parameter_label(name: str, value: float) -> str:
    """The text drawn next to a parameter in the diagram, e.g. ``$w_{1}$ = −2.5``.

    Examples
    --------
    >>> parameter_label("w10", 3.7)
    '$w_{10}$ = 3.7'
    >>> parameter_label("b1", -0.25)
    '$b_{1}$ = −0.25'
    """
    return f"{_symbol(name)} = {format_parameter(value)}"


@cached_figure
def network_diagram_svg(
    network: Any = None,
    *,
    highlight: str | None = "b3",
    name: str | None = None,
) -> str:
    r"""Draw the Iris network with every weight and bias labelled, as an inline-SVG figure.

    Petal width $p$ and sepal width $s$ feed two ReLU hidden nodes (blue top node, orange
    bottom node); their activations, times the weights $w_5 \dots w_{10}$, plus the output
    biases $b_3, b_4, b_5$, give the three raw outputs; softmax turns them into probabilities
    and cross entropy $-\ln p_{\text{observed}}$ scores the observed species.

    Parameters
    ----------
    network : IrisNetwork or None, default None
        The parameters to draw; ``None`` means ``IrisNetwork()``.
    highlight : str or None, default "b3"
        A parameter name (``"w1"`` … ``"w10"``, ``"b1"`` … ``"b5"``) whose label is highlighted,
        or ``None`` for no highlight.
    name : str or None, default None
        Figure name (element id ``fig-{name}``); by default ``network-diagram``, with a short
        digest appended when the network or highlight differ from the defaults.

    Returns
    -------
    str
        ``<figure class="ce-figure" …><svg …>…</svg><figcaption>…</figcaption></figure>``.

    Raises
    ------
    TypeError
        If ``network`` is not an ``IrisNetwork``, or ``highlight``/``name`` is not a str.
    ValueError
        If ``highlight`` is not a parameter name, or ``name`` is not hyphenated lower case.

    Examples
    --------
    >>> html = network_diagram_svg()
    >>> html.startswith('<figure class="ce-figure" id="fig-network-diagram"')
    True
    >>> "b3 = 0 (highlighted)" in html
    True
    """
    network = check_network(network)
    if highlight is not None:
        if not isinstance(highlight, str):
            raise TypeError(f"highlight must be a parameter name or None, got {type(highlight).__name__}")
        if highlight not in _PARAMETERS:
            raise ValueError(f"highlight must be one of {', '.join(_PARAMETERS)} or None, got {highlight!r}")
    if name is None:
        key = network_key(network)
        name = figure_name("network-diagram", *(() if key is None and highlight == "b3" else (key, highlight)))
    check_name(name)
    params = {k: float(v) for k, v in network.params.items()}

    with figure_style():
        fig = plt.figure(figsize=(7.6, 3.65))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0.0, 14.2)
        ax.set_ylim(0.2, 6.9)
        ax.set_aspect("equal")
        ax.axis("off")

        # half-width, half-height of boxes; radius of circles (for where edges start and end)
        extents: dict[str, tuple[float, float] | float] = {}
        centres: dict[str, tuple[float, float]] = {}

        def box(key: str, x: float, y: float, w: float, h: float, text: str, edge: str, **kw: Any) -> None:
            patch = FancyBboxPatch(
                (x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.04,rounding_size=0.15",
                facecolor=kw.pop("facecolor", "white"), edgecolor=edge, linewidth=kw.pop("linewidth", 1.4),
            )
            ax.add_patch(patch)
            ax.text(x, y, text, ha="center", va="center", color=kw.pop("color", _INK), **kw)
            extents[key], centres[key] = (w / 2 + 0.04, h / 2 + 0.04), (x, y)

        def circle(key: str, x: float, y: float, colour: str, text: str) -> None:
            patch = Circle((x, y), 0.5, facecolor=colour, edgecolor=colour, alpha=0.95)
            ax.add_patch(patch)
            ink = "white" if colour == BLUE else _INK  # white on orange is 2.3:1, dark ink over 7:1
            ax.text(x, y, text, ha="center", va="center", color=ink, fontweight="bold", fontsize=9)
            extents[key], centres[key] = 0.5, (x, y)

        def rim(key: str, toward: tuple[float, float]) -> tuple[float, float]:
            """Where the straight line from a node's centre towards `toward` leaves the node."""
            (x, y), extent = centres[key], extents[key]
            dx, dy = toward[0] - x, toward[1] - y
            if isinstance(extent, tuple):
                t = min(extent[0] / abs(dx) if dx else np.inf, extent[1] / abs(dy) if dy else np.inf)
            else:
                t = extent / float(np.hypot(dx, dy))
            return x + t * dx, y + t * dy

        def arrow(source: str, target: str, colour: str, width: float = 1.2) -> None:
            ax.add_patch(
                FancyArrowPatch(
                    rim(source, centres[target]), rim(target, centres[source]),
                    arrowstyle="-|>", mutation_scale=10, color=colour, linewidth=width,
                    shrinkA=0.5, shrinkB=1, zorder=1,
                )
            )

        def tag(parameter: str, x: float, y: float, colour: str) -> None:
            lit = parameter == highlight
            ax.text(
                x, y, parameter_label(parameter, params[parameter]), ha="center", va="center",
                fontsize=9, color=_INK if lit else _TEXT.get(colour, _INK),
                fontweight="bold" if lit else "normal", zorder=5,
                bbox={
                    "boxstyle": "round,pad=0.2",
                    "facecolor": _HIGHLIGHT_FILL if lit else "white",
                    "edgecolor": _INK if lit else colour,
                    "linewidth": 1.2 if lit else 0.6,
                },
            )

        # column headings
        for x, heading in ((0.9, "inputs"), (3.9, "hidden nodes"), (8.6, "raw outputs"),
                           (10.5, "softmax"), (11.9, "probabilities"), (13.45, "loss")):
            ax.text(x, 6.6, heading, ha="center", va="center", fontsize=9, color=GREY, style="italic")

        box("petal", 0.9, 4.8, 1.6, 0.85, "Petal width\n$p$", GREY)
        box("sepal", 0.9, 1.7, 1.6, 0.85, "Sepal width\n$s$", GREY)
        circle("top", 3.9, 4.9, BLUE, "ReLU")
        circle("bottom", 3.9, 1.6, ORANGE, "ReLU")
        out_y = {"Setosa": 5.5, "Versicolor": 3.25, "Virginica": 1.0}
        for species, y in out_y.items():
            box(species, 8.6, y, 1.5, 0.62, species, SPECIES_COLORS[species], linewidth=2.0)
        box("softmax", 10.5, 3.25, 0.7, 5.2, "softmax", GREY, rotation=90, facecolor="#F4F4F4")
        for species, y in out_y.items():
            box(f"p-{species}", 11.9, y, 1.2, 0.62, f"$p_{{\\mathrm{{{species}}}}}$",
                SPECIES_COLORS[species], fontsize=10)
        box("loss", 13.45, 3.25, 1.3, 1.5, "cross\nentropy\n$-\\ln p_{\\mathrm{obs}}$", _INK, fontsize=9)

        for species in out_y:
            arrow(species, "softmax", SPECIES_COLORS[species])
            arrow("softmax", f"p-{species}", SPECIES_COLORS[species])
            arrow(f"p-{species}", "loss", SPECIES_COLORS[species], width=0.9)
        for parameter, source, target, t, dy in _EDGES:
            colour = {"top": BLUE, "bottom": ORANGE}.get(source, GREY)
            arrow(source, target, colour)
            (x0, y0), (x1, y1) = centres[source], centres[target]
            tag(parameter, x0 + t * (x1 - x0), y0 + t * (y1 - y0) + dy, colour)

        # biases, next to the node each one feeds
        tag("b1", 3.9, 5.78, BLUE)
        tag("b2", 3.9, 0.72, ORANGE)
        for parameter, species in (("b3", "Setosa"), ("b4", "Versicolor"), ("b5", "Virginica")):
            tag(parameter, 8.6, out_y[species] - 0.66, GREY)

        values = {k: format_parameter(v) for k, v in params.items()}
        lit_note = ""
        if highlight:
            lit_note = (
                f" (<i>{highlight[0]}</i><sub>{highlight[1:]}</sub> = {values[highlight]} is highlighted)"
            )
        alt = (
            "Diagram of the Iris network. Petal width p and sepal width s feed two ReLU hidden nodes: "
            f"the blue top node with weights w1 = {values['w1']} (petal) and w2 = {values['w2']} (sepal) "
            f"and bias b1 = {values['b1']}, and the orange bottom node with w3 = {values['w3']}, "
            f"w4 = {values['w4']} and b2 = {values['b2']}. The activations feed three raw outputs: "
            f"Setosa with w5 = {values['w5']}, w6 = {values['w6']} and b3 = {values['b3']}"
            f"{' (highlighted)' if highlight == 'b3' else ''}; "
            f"Versicolor with w7 = {values['w7']}, w8 = {values['w8']} and b4 = {values['b4']}; "
            f"Virginica with w9 = {values['w9']}, w10 = {values['w10']} and b5 = {values['b5']}. "
            "Softmax turns the raw outputs into three probabilities and cross entropy, minus the "
            "natural log of the observed species' probability, gives the loss."
        )
        if highlight not in (None, "b3"):
            alt += f" The label of {highlight} = {values[highlight]} is highlighted."
        caption = (
            "The network at a glance: two inputs, two ReLU hidden nodes (blue top, orange bottom), "
            "three raw outputs, softmax and cross entropy, with every weight and bias"
            f"{lit_note}."
        )
        return render_figure(fig, name=name, alt=alt, caption=caption, caption_is_html=True)
