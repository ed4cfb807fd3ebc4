"""The network at a glance: inputs, ReLU hidden nodes, raw outputs, softmax and cross entropy."""

from __future__ import annotations

import math
from typing import Any

from crossentropy.figures._cache import cached_figure
from crossentropy.figures._checks import (
    check_name,
    check_network,
    figure_name,
    network_key,
)
from crossentropy.figures._render import figure_style, render_figure
from crossentropy.figures._style import (
    BLUE,
    FIXED_BLUE,
    FIXED_DARK,
    FIXED_ORANGE,
    HIGHLIGHT,
    INK,
    MUTED,
    ORANGE,
    PAPER,
    SPECIES_COLORS,
    format_parameter,
)

__all__ = ["network_diagram_svg", "parameter_label"]

# Which parameters sit on which edge (source node, target node), where along the edge the label
# sits (0 = source, 1 = target) and how far above (-) or below (+) it, in px.
_EDGES: tuple[tuple[str, str, str, float, float], ...] = (
    ("w1", "petal", "top", 0.50, -14.0),
    ("w2", "sepal", "top", 0.30, 0.0),
    ("w3", "petal", "bottom", 0.30, 0.0),
    ("w4", "sepal", "bottom", 0.50, 14.0),
    ("w5", "top", "Setosa", 0.66, 0.0),
    ("w6", "bottom", "Setosa", 0.80, 0.0),
    ("w7", "top", "Versicolor", 0.34, 0.0),
    ("w8", "bottom", "Versicolor", 0.40, 0.0),
    ("w9", "top", "Virginica", 0.82, 0.0),
    ("w10", "bottom", "Virginica", 0.56, 0.0),
)
_BIASES: tuple[tuple[str, str], ...] = (
    ("b1", "top"),
    ("b2", "bottom"),
    ("b3", "Setosa"),
    ("b4", "Versicolor"),
    ("b5", "Virginica"),
)
_PARAMETERS = tuple(name for name, *_ in _EDGES) + tuple(name for name, _ in _BIASES)

# Two panels, in px: the network up to its raw outputs, then softmax and the loss. Side by side
# they read left to right; on a phone the second sits under the first, each with readable text.
_HEIGHT = 330.0
_FONT = 10.0  # pt
_OUT_Y = {"Setosa": 67.0, "Versicolor": 175.0, "Virginica": 283.0}
# node -> (panel, centre x, centre y, half width, half height); a circle has half height 0
_NODES: dict[str, tuple[int, float, float, float, float]] = {
    "petal": (0, 44.0, 101.0, 42.0, 22.0),
    "sepal": (0, 44.0, 250.0, 42.0, 22.0),
    "top": (0, 205.0, 96.0, 24.0, 0.0),
    "bottom": (0, 205.0, 254.0, 24.0, 0.0),
    **{species: (0, 396.0, y, 44.0, 16.0) for species, y in _OUT_Y.items()},
    **{f"z-{species}": (1, 34.0, y, 30.0, 15.0) for species, y in _OUT_Y.items()},
    "softmax": (1, 108.0, 175.0, 15.0, 125.0),
    **{f"p-{species}": (1, 186.0, y, 37.0, 15.0) for species, y in _OUT_Y.items()},
    "loss": (1, 282.0, 175.0, 36.0, 38.0),
}
_WIDTHS = (444.0, 322.0)
_HEADINGS = (
    {"inputs": 44.0, "hidden nodes": 205.0, "raw outputs": 396.0},
    {"softmax": 108.0, "probabilities": 186.0, "loss": 282.0},
)
_BIAS_GAP = {"top": -40.0, "bottom": 40.0}
_OUTPUT_BIAS_GAP = 31.0
_PORT = 6.0  # the top node's edges enter an output box this far above its middle, the bottom's below


def _symbol(name: str) -> str:
    """Mathtext for a parameter name, e.g. ``w10`` -> ``$w_{10}$``."""
    return f"${name[0]}_{{{name[1:]}}}$"


def parameter_label(name: str, value: float) -> str:
    """The text drawn next to a parameter in the diagram (matplotlib mathtext for the symbol).

    Examples
    --------
    >>> parameter_label("w10", 3.7)
    '$w_{10}$ = 3.7'
    >>> parameter_label("b1", -0.25)
    '$b_{1}$ = −0.25'
    """
    return f"{_symbol(name)} = {format_parameter(value)}"


def _rim(node: str, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the straight line from a node's centre towards ``toward`` leaves the node."""
    _, x, y, half_w, half_h = _NODES[node]
    dx, dy = toward[0] - x, toward[1] - y
    if half_h == 0.0:
        t = half_w / math.hypot(dx, dy)
    else:
        t = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    return x + t * dx, y + t * dy


def _target(source: str, target: str) -> tuple[float, float]:
    """The point an edge aims at: a hidden node's centre, or a port on an output box's left side."""
    _, x, y, half_w, _ = _NODES[target]
    if target in _OUT_Y:
        return x - half_w, y + (-_PORT if source == "top" else _PORT)
    return x, y


def _edge_colour(source: str) -> str:
    return {"top": BLUE, "bottom": ORANGE}.get(source, MUTED)


def _panels(params: dict[str, float], highlight: str | None) -> list[Any]:
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, FancyBboxPatch

    figures, axes = [], []
    for index, width in enumerate(_WIDTHS):
        fig = Figure(figsize=(width / 96.0, _HEIGHT / 96.0))
        fig.set_layout_engine("none")
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0.0, width)
        ax.set_ylim(_HEIGHT, 0.0)
        ax.set_axis_off()
        for heading, x in _HEADINGS[index].items():
            ax.text(
                x,
                14.0,
                heading,
                ha="center",
                va="center",
                color=MUTED,
                style="italic",
                fontsize=_FONT,
            )
        figures.append(fig)
        axes.append(ax)

    def arrow(panel: int, start: tuple[float, float], end: tuple[float, float], colour: str) -> None:
        axes[panel].annotate(
            "",
            xy=end,
            xytext=start,
            zorder=1,
            arrowprops={
                "arrowstyle": "-|>",
                "color": colour,
                "lw": 1.3,
                "shrinkA": 0,
                "shrinkB": 1.5,
                "mutation_scale": 11,
            },
        )

    def box(
        node: str,
        edge: str,
        label: str,
        *,
        lw: float = 1.4,
        size: float = _FONT,
        **text: Any,
    ) -> None:
        panel, x, y, half_w, half_h = _NODES[node]
        axes[panel].add_patch(
            FancyBboxPatch(
                (x - half_w, y - half_h),
                2 * half_w,
                2 * half_h,
                boxstyle="round,pad=0,rounding_size=6",
                facecolor="none",
                edgecolor=edge,
                linewidth=lw,
                zorder=2,
            )
        )
        axes[panel].text(
            x,
            y,
            label,
            ha="center",
            va="center",
            fontsize=size,
            color=INK,
            zorder=3,
            **text,
        )

    def tag(parameter: str, x: float, y: float, colour: str) -> None:
        lit = parameter == highlight
        axes[0].text(
            x,
            y,
            parameter_label(parameter, params[parameter]),
            ha="center",
            va="center",
            fontsize=_FONT,
            color=FIXED_DARK if lit else colour,
            weight="bold" if lit else "normal",
            zorder=4,
            bbox={
                "boxstyle": "round,pad=0.25",
                "facecolor": HIGHLIGHT if lit else PAPER,
                "edgecolor": FIXED_DARK if lit else colour,
                "linewidth": 1.5 if lit else 0.8,
            },
        )

    for _, source, target, _, _ in _EDGES:
        aim = _target(source, target)
        end = aim if target in _OUT_Y else _rim(target, _NODES[source][1:3])
        arrow(0, _rim(source, aim), end, _edge_colour(source))
    soft = _NODES["softmax"]
    for species, y in _OUT_Y.items():
        colour = SPECIES_COLORS[species]
        z, p = _NODES[f"z-{species}"], _NODES[f"p-{species}"]
        arrow(1, (z[1] + z[3], y), (soft[1] - soft[3], y), colour)
        arrow(1, (soft[1] + soft[3], y), (p[1] - p[3], y), colour)
        arrow(1, (p[1] + p[3], y), _rim("loss", (p[1] + p[3], y)), colour)
    for node in ("petal", "sepal"):
        box(node, MUTED, f"{node.capitalize()} width\n${node[0]}$", linespacing=1.4)
    for node, fill, ink in (
        ("top", FIXED_BLUE, "#ffffff"),
        ("bottom", FIXED_ORANGE, FIXED_DARK),
    ):
        _, x, y, r, _ = _NODES[node]
        axes[0].add_patch(Circle((x, y), r, facecolor=fill, edgecolor="none", zorder=2))
        axes[0].text(
            x,
            y,
            "ReLU",
            ha="center",
            va="center",
            color=ink,
            weight="bold",
            fontsize=_FONT,
            zorder=3,
        )
    for species in _OUT_Y:
        colour = SPECIES_COLORS[species]
        box(species, colour, species, lw=2.2)
        box(f"z-{species}", colour, f"$z_{{\\mathrm{{{species[:3]}}}}}$", lw=2.2)
        box(f"p-{species}", colour, f"$p_{{\\mathrm{{{species}}}}}$")
    box("softmax", MUTED, "softmax", rotation=90, size=_FONT + 1)
    box(
        "loss",
        INK,
        "cross\nentropy\n$-\\ln p_{\\mathrm{obs}}$",
        lw=1.6,
        linespacing=1.5,
    )
    for parameter, source, target, t, dy in _EDGES:
        (x0, y0), (x1, y1) = _NODES[source][1:3], _target(source, target)
        tag(parameter, x0 + t * (x1 - x0), y0 + t * (y1 - y0) + dy, _edge_colour(source))
    for parameter, node in _BIASES:
        _, x, y, _, _ = _NODES[node]
        if node in _BIAS_GAP:
            tag(parameter, x, y + _BIAS_GAP[node], _edge_colour(node))
        else:
            tag(parameter, x, y + _OUTPUT_BIAS_GAP, MUTED)
    return figures


@cached_figure
def network_diagram_svg(network: Any = None, *, highlight: str | None = "b3", name: str | None = None) -> str:
    r"""Draw the Iris network with every weight and bias labelled, as an inline-SVG figure.

    Petal width $p$ and sepal width $s$ feed two ReLU hidden nodes (blue top node, orange
    bottom node); their activations, times the weights $w_5 \dots w_{10}$, plus the output
    biases $b_3, b_4, b_5$, give the three raw outputs; softmax turns them into probabilities
    and cross entropy $-\ln p_{\text{observed}}$ scores the observed species. Two panels: the
    network up to its raw outputs, then softmax and the loss (one under the other on a phone).

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
        ``<figure class="ce-figure" …><div class="ce-panels"><svg …>…</svg>…</div><figcaption>…</figcaption></figure>``.

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
        name = figure_name(
            "network-diagram",
            *(() if key is None and highlight == "b3" else (key, highlight)),
        )
    check_name(name)
    params = {k: float(v) for k, v in network.params.items()}
    values = {k: format_parameter(v) for k, v in params.items()}
    lit_note = ""
    if highlight:
        lit_note = f" (<i>{highlight[0]}</i><sub>{highlight[1:]}</sub> = {values[highlight]} is highlighted)"
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
    with figure_style():
        return render_figure(
            _panels(params, highlight),
            name=name,
            alt=alt,
            caption=caption,
            caption_is_html=True,
        )
