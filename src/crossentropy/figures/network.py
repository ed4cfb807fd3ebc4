"""The network at a glance: inputs, ReLU hidden nodes, raw outputs, softmax and cross entropy."""

from __future__ import annotations

import math
from typing import Any

from crossentropy.figures._canvas import Canvas, text_width
from crossentropy.figures._svg import (
    BLUE,
    GREY,
    ORANGE,
    SPECIES_COLORS,
    check_name,
    check_network,
    figure_name,
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
    # and how far above (-) or below (+) the edge, in canvas units
    ("w1", "petal", "top", 0.56, -16.0),
    ("w2", "sepal", "top", 0.30, 0.0),
    ("w3", "petal", "bottom", 0.30, 0.0),
    ("w4", "sepal", "bottom", 0.56, 16.0),
    ("w5", "top", "Setosa", 0.64, 0.0),
    ("w6", "bottom", "Setosa", 0.76, 0.0),
    ("w7", "top", "Versicolor", 0.34, 0.0),
    ("w8", "bottom", "Versicolor", 0.38, 0.0),
    ("w9", "top", "Virginica", 0.80, 0.0),
    ("w10", "bottom", "Virginica", 0.54, 0.0),
)
_BIASES: tuple[tuple[str, str], ...] = (
    ("b1", "top"),
    ("b2", "bottom"),
    ("b3", "Setosa"),
    ("b4", "Versicolor"),
    ("b5", "Virginica"),
)
_PARAMETERS = tuple(name for name, *_ in _EDGES) + tuple(name for name, _ in _BIASES)

# -- layout, in canvas units (1 unit = 1 CSS px at the natural width) --------------------------
_WIDTH, _HEIGHT = 720.0, 330.0
_SIZE = 12.0  # text in nodes, labels and headings
_LABEL_PAD_X, _LABEL_HEIGHT = 5.0, 19.0  # parameter label boxes
_OUT_Y = {"Setosa": 67.0, "Versicolor": 175.0, "Virginica": 283.0}
_COLUMNS = {"inputs": 48.0, "hidden nodes": 192.0, "raw outputs": 448.0, "softmax": 532.0,
            "probabilities": 602.0, "loss": 684.0}
_HEADING_Y = 14.0
_PORT = 6.0  # the top node's edges enter an output box this far above its middle, the bottom's below
# node -> (centre x, centre y, half width, half height); a circle has half height 0 (radius = half width)
_NODES: dict[str, tuple[float, float, float, float]] = {
    "petal": (48.0, 101.0, 44.0, 22.0),
    "sepal": (48.0, 250.0, 44.0, 22.0),
    "top": (192.0, 96.0, 24.0, 0.0),
    "bottom": (192.0, 254.0, 24.0, 0.0),
    **{species: (448.0, y, 43.0, 16.0) for species, y in _OUT_Y.items()},
    "softmax": (532.0, 175.0, 15.0, 125.0),
    **{f"p-{species}": (602.0, y, 33.0, 15.0) for species, y in _OUT_Y.items()},
    "loss": (684.0, 175.0, 32.0, 36.0),
}
_BIAS_GAP = {"top": -42.0, "bottom": 42.0}  # bias label centre relative to the node centre
_OUTPUT_BIAS_GAP = 32.0


def _symbol(name: str) -> str:
    """Canvas markup for a parameter name, e.g. ``w10`` -> ``*w*_{10}`` (the letter italic, as a
    variable, and the index a subscript)."""
    return f"*{name[0]}*_{{{name[1:]}}}"


def parameter_label(name: str, value: float) -> str:
    """The text drawn next to a parameter in the diagram, in `Canvas.text` markup.

    The letter is italic (``*w*``) and the index a subscript (``_{…}``), so the drawn text reads
    *w*₁₀ = 3.7; its text content is ``w10 = 3.7``.

    Examples
    --------
    >>> parameter_label("w10", 3.7)
    '*w*_{10} = 3.7'
    >>> parameter_label("b1", -0.25)
    '*b*_{1} = −0.25'
    """
    return f"{_symbol(name)} = {format_parameter(value)}"


def _rim(node: str, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the straight line from a node's centre towards ``toward`` leaves the node."""
    x, y, half_w, half_h = _NODES[node]
    dx, dy = toward[0] - x, toward[1] - y
    if half_h == 0.0:  # circle
        t = half_w / math.hypot(dx, dy)
    else:
        t = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    return x + t * dx, y + t * dy


def _target(source: str, target: str) -> tuple[float, float]:
    """The point an edge aims at: a hidden node's centre, or a port on an output box's left side."""
    x, y, half_w, _ = _NODES[target]
    if target in _OUT_Y:
        return x - half_w, y + (-_PORT if source == "top" else _PORT)
    return x, y


def _edge_colour(source: str) -> str:
    return {"top": BLUE, "bottom": ORANGE}.get(source, GREY)


def _draw(params: dict[str, float], highlight: str | None) -> Canvas:
    c = Canvas(_WIDTH, _HEIGHT)

    def arrow(start: tuple[float, float], end: tuple[float, float], colour: str, width: float = 1.3) -> None:
        # stop 1.5 units short of the target's outline so the head's tip does not hide in it
        length = math.hypot(end[0] - start[0], end[1] - start[1])
        ux, uy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
        c.arrow(start[0], start[1], end[0] - 1.5 * ux, end[1] - 1.5 * uy, stroke=colour, width=width, head=7.5)

    def box(node: str, edge: str, *, fill: str = "white", stroke_width: float = 1.4) -> None:
        x, y, half_w, half_h = _NODES[node]
        c.rect(x - half_w, y - half_h, 2 * half_w, 2 * half_h, fill=fill, stroke=edge,
               stroke_width=stroke_width, rx=6.0)

    def tag(parameter: str, x: float, y: float, colour: str) -> None:
        lit = parameter == highlight
        text = parameter_label(parameter, params[parameter])
        width = text_width(text, _SIZE) * (1.1 if lit else 1.0) + 2 * _LABEL_PAD_X  # bold is wider
        c.rect(x - width / 2, y - _LABEL_HEIGHT / 2, width, _LABEL_HEIGHT, rx=4.0,
               fill=_HIGHLIGHT_FILL if lit else "white", stroke=_INK if lit else colour,
               stroke_width=1.5 if lit else 0.8)
        c.text(x, y, text, size=_SIZE, anchor="middle", valign="middle",
                   fill=_INK if lit else _TEXT.get(colour, _INK), weight="bold" if lit else None)

    # column headings
    for heading, x in _COLUMNS.items():
        c.text(x, _HEADING_Y, heading, size=_SIZE, anchor="middle", valign="middle", fill=GREY, italic=True)

    # arrows first, so that nodes and labels sit on top of them
    for _, source, target, _, _ in _EDGES:
        aim = _target(source, target)
        arrow(_rim(source, aim), _rim(target, _NODES[source][:2]) if target not in _OUT_Y else aim,
              _edge_colour(source))
    soft_x, _, soft_half_w, _ = _NODES["softmax"]
    for species, y in _OUT_Y.items():
        colour = SPECIES_COLORS[species]
        out_x, _, out_half_w, _ = _NODES[species]
        p_x, _, p_half_w, _ = _NODES[f"p-{species}"]
        arrow((out_x + out_half_w, y), (soft_x - soft_half_w, y), colour)
        arrow((soft_x + soft_half_w, y), (p_x - p_half_w, y), colour)
        start = (p_x + p_half_w, y)
        arrow(start, _rim("loss", start), colour, width=1.1)

    # nodes
    for node in ("petal", "sepal"):
        x, y, _, _ = _NODES[node]
        box(node, GREY)
        c.text(x, y - 7.5, f"{node.capitalize()} width", size=_SIZE, anchor="middle", valign="middle", fill=_INK)
        c.text(x, y + 8.5, node[0], size=_SIZE + 1, anchor="middle", valign="middle", fill=_INK, italic=True)
    for node, colour in (("top", BLUE), ("bottom", ORANGE)):
        x, y, r, _ = _NODES[node]
        c.circle(x, y, r, fill=colour)
        ink = "white" if colour == BLUE else _INK  # white on orange is 2.1:1, dark ink over 7:1
        c.text(x, y, "ReLU", size=_SIZE, anchor="middle", valign="middle", fill=ink, weight="bold")
    for species, y in _OUT_Y.items():
        box(species, SPECIES_COLORS[species], stroke_width=2.2)
        c.text(_NODES[species][0], y, species, size=_SIZE, anchor="middle", valign="middle", fill=_INK)
        box(f"p-{species}", SPECIES_COLORS[species])
        c.text(_NODES[f"p-{species}"][0], y, f"*p*_{{{species}}}", size=_SIZE, anchor="middle",
                   valign="middle", fill=_INK)
    box("softmax", GREY, fill="#F4F4F4")
    c.text(soft_x, _NODES["softmax"][1], "softmax", size=_SIZE + 1, anchor="middle", valign="middle", fill=_INK,
           rotate=-90)
    loss_x, loss_y, _, _ = _NODES["loss"]
    box("loss", _INK, stroke_width=1.6)
    c.text(loss_x, loss_y - 16, "cross", size=_SIZE, anchor="middle", valign="middle", fill=_INK)
    c.text(loss_x, loss_y - 1, "entropy", size=_SIZE, anchor="middle", valign="middle", fill=_INK)
    c.text(loss_x, loss_y + 16, "\u2212ln\u2009*p*_{obs}", size=_SIZE, anchor="middle",
               valign="middle", fill=_INK)

    # parameter labels: weights on their edges, biases next to the node each one feeds
    for parameter, source, target, t, dy in _EDGES:
        (x0, y0), (x1, y1) = _NODES[source][:2], _target(source, target)
        tag(parameter, x0 + t * (x1 - x0), y0 + t * (y1 - y0) + dy, _edge_colour(source))
    for parameter, node in _BIASES:
        x, y, _, _ = _NODES[node]
        if node in _BIAS_GAP:
            tag(parameter, x, y + _BIAS_GAP[node], _edge_colour(node))
        else:
            tag(parameter, x, y + _OUTPUT_BIAS_GAP, GREY)
    return c


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
    canvas = _draw(params, highlight)

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
    return render_figure(canvas, name=name, alt=alt, caption=caption, caption_is_html=True)
