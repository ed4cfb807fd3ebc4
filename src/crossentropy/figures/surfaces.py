r"""Surfaces over the unit square of (petal width, sepal width): bent, crinkled, shifted by $b_3$."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from crossentropy import SPECIES, softmax
from crossentropy.figures._axes3d import Axes3D
from crossentropy.figures._canvas import Axes, Canvas, mix, nice_ticks
from crossentropy.figures._svg import (
    BLUE,
    GREY,
    ORANGE,
    SPECIES_COLORS,
    check_name,
    check_network,
    check_real,
    figure_name,
    format_number,
    format_parameter,
    network_key,
    render_figure,
)

__all__ = ["bent_surfaces_svg", "output_surfaces_svg", "b3_shift_svg"]

#: (top-node weight, bottom-node weight, bias) feeding each raw output, in `SPECIES` order.
_OUTPUT_PARAMETERS: tuple[tuple[str, str, str], ...] = (("w5", "w6", "b3"), ("w7", "w8", "b4"), ("w9", "w10", "b5"))
#: The 3D figures: canvas width, font sizes and title line height, chosen so that a row of three
#: panels still shows its text at about 7 px when the figure shrinks to a 343 px phone column.
_WIDTH_3D = 720.0
_TICK_3D = 14.5
_LABEL_3D = 15.0
_TITLE_3D = 15.5
_LINE_3D = 19.0
#: The 2D figure (b3 shift): a little larger than the minimum, for phones.
_TICK_2D = 12.0
_LABEL_2D = 12.5
_TITLE_2D = 13.0
_DARK_GREEN = "#0E5A44"  # the Setosa green, dark enough for small text


def _check_grid(grid: object) -> int:
    if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)):
        raise TypeError(f"grid must be an int (points per side), got {type(grid).__name__}")
    if not 2 <= int(grid) <= 201:
        raise ValueError(f"grid must be between 2 and 201 points per side, got {grid}")
    return int(grid)


def _check_output(output: object) -> int:
    if not isinstance(output, str):
        raise TypeError(f"output must be a species name (str), got {type(output).__name__}")
    if output not in SPECIES:
        raise ValueError(f"output must be one of {', '.join(SPECIES)}, got {output!r}")
    return SPECIES.index(output)


def _unit_square(grid: int) -> NDArray[np.float64]:
    """Flowers on a ``grid × grid`` lattice of the unit square, shape ``(grid, grid, 2)``:
    ``[..., 0]`` petal width (varies along columns), ``[..., 1]`` sepal width (along rows)."""
    axis = np.linspace(0.0, 1.0, grid)
    petal, sepal = np.meshgrid(axis, axis)
    return np.stack([petal, sepal], axis=-1)


def _surface_row(
    flowers: NDArray[np.float64],
    panels: Sequence[tuple[NDArray[np.float64], str, Sequence[str]]],
    zlim: tuple[float, float],
) -> list[Canvas]:
    """One canvas per ``(z, colour, title lines)``: 3D panels of one size on one vertical scale
    ``zlim`` (the figure shows them side by side where there is room); the first title line is
    bold, and the last lines of all titles share a baseline."""
    lines = max(len(title) for _, _, title in panels)
    title_h = lines * _LINE_3D + 2.0
    width = _WIDTH_3D / len(panels)
    xs, ys = flowers[0, :, 0], flowers[:, 0, 1]
    options: dict[str, Any] = {
        "zlim": zlim, "xticks": [0.0, 0.5, 1.0],
        "yticks": [0.5, 1.0],  # sepal width 0 would sit on petal width 1 at the front corner
        "zticks": nice_ticks(*zlim, 4), "xlabel": "petal width", "ylabel": "sepal width",
        "tick_size": _TICK_3D, "label_size": _LABEL_3D,
    }
    # the panels' height: what the box and its labels need at the panel's width
    left, top, right, bottom = Axes3D(Canvas(width, 1000.0), 2.0, 0.0, width - 4.0, 1000.0, **options).bounds
    height = bottom - top
    canvases = []
    for z, colour, title in panels:
        canvas = Canvas(width, title_h + height + 6.0)
        for k, line in enumerate(title):
            baseline = title_h - 5.0 - (len(title) - 1 - k) * _LINE_3D
            canvas.text(width / 2, baseline, line, size=_TITLE_3D, anchor="middle",
                        weight="600" if k == 0 else None)
        ax = Axes3D(canvas, 2.0, title_h + 4.0, width - 4.0, height, **options)
        ax.surface(xs, ys, z, colour)
        ax.draw()
        canvases.append(canvas)
    return canvases


def _zlimits(*surfaces: NDArray[np.float64]) -> tuple[float, float]:
    low = min(float(s.min()) for s in surfaces)
    high = max(float(s.max()) for s in surfaces)
    pad = 0.05 * max(high - low, 1e-6)
    return low - pad, high + pad


def _describe(z: NDArray[np.float64], flowers: NDArray[np.float64]) -> str:
    """'from A to B (highest at petal width P, sepal width S)', read from the grid."""
    row, col = np.unravel_index(int(np.argmax(z)), z.shape)
    petal, sepal = flowers[row, col]
    return (
        f"from {format_number(z.min())} to {format_number(z.max())} "
        f"(highest at petal width {petal:.2f}, sepal width {sepal:.2f})"
    )


def bent_surfaces_svg(
    network: Any = None,
    output: str = "Setosa",
    grid: int = 41,
    *,
    name: str | None = None,
) -> str:
    r"""Three surfaces that build one raw output: blue bent + orange bent (+ bias) = the sum.

    Over petal width × sepal width in $[0, 1]^2$: the top hidden node's contribution
    (weight × ReLU(top), the *blue bent surface*), the bottom node's contribution (the *orange
    bent surface*) and their sum plus the output bias: for Setosa the *green crinkled surface*
    $z_{\text{Setosa}} = w_5\,\mathrm{ReLU}(u) + w_6\,\mathrm{ReLU}(d) + b_3$. All three panels
    share one vertical scale, so their sizes compare directly. The numbers are
    ``network.forward(...).contributions`` and ``.logits``.

    Parameters
    ----------
    network : IrisNetwork or None, default None
        ``None`` means ``IrisNetwork()``.
    output : {"Setosa", "Versicolor", "Virginica"}, default "Setosa"
        Which raw output to build.
    grid : int, default 41
        Points per side of the lattice (2 … 201) the surfaces are evaluated, drawn and
        described (in the alt text) on.
    name : str or None, default None
        Figure name; by default ``bent-surfaces-{output}`` (lower case), with a digest appended
        for a non-default network or grid.

    Returns
    -------
    str
        An inline-SVG ``<figure>`` with one ``<svg>`` per panel, all vector: shaded surface faces,
        axes and text.

    Raises
    ------
    TypeError, ValueError
        For a bad ``network``, ``output``, ``grid`` or ``name``.

    Examples
    --------
    >>> html = bent_surfaces_svg()
    >>> html.startswith('<figure class="ce-figure" id="fig-bent-surfaces-setosa"')
    True
    >>> "green crinkled" in html
    True
    """
    network = check_network(network)
    k = _check_output(output)
    grid = _check_grid(grid)
    if name is None:
        key = network_key(network)
        base = f"bent-surfaces-{output.lower()}"
        name = figure_name(base, *(() if key is None and grid == 41 else (key, grid)))
    check_name(name)
    params = network.params
    top_w, bottom_w, bias = _OUTPUT_PARAMETERS[k]

    flowers = _unit_square(grid)
    fp = network.forward(flowers)
    blue = fp.contributions[..., k, 0]
    orange = fp.contributions[..., k, 1]
    total = fp.logits[..., k]
    colour = SPECIES_COLORS[output]
    sum_word = "green crinkled surface" if output == "Setosa" else f"{output} surface"

    zlim = _zlimits(blue, orange, total)
    sum_title = [f"{output} raw output", "(green crinkled surface)"] if output == "Setosa" else [f"{output} raw output"]
    drawn = _surface_row(flowers, (
        (blue, BLUE, ["blue bent surface", f"{format_number(params[top_w], 2)} × ReLU(top node)"]),
        (orange, ORANGE, ["orange bent surface", f"{format_number(params[bottom_w], 2)} × ReLU(bottom node)"]),
        (total, colour, [*sum_title, f"blue + orange + {bias[0]}_{bias[1]} (= {format_number(params[bias], 2)})"]),
    ), zlim)

    alt = (
        f"Three 3D surfaces over petal width and sepal width, each from 0 to 1, on one vertical "
        f"scale. Blue bent surface, {format_number(params[top_w])} times ReLU of the top hidden node: "
        f"{_describe(blue, flowers)}. Orange bent surface, {format_number(params[bottom_w])} times "
        f"ReLU of the bottom hidden node: {_describe(orange, flowers)}. Their sum plus "
        f"{bias} = {format_number(params[bias])} is the {output} raw output, the {sum_word}: "
        f"{_describe(total, flowers)}."
    )
    caption = (
        f"The {output} raw output, built from its two parts: the blue bent surface (top node) plus "
        f"the orange bent surface (bottom node) plus the bias <i>{bias[0]}</i><sub>{bias[1]}</sub> "
        f"gives the {sum_word}."
    )
    return render_figure(drawn, name=name, alt=alt, caption=caption, caption_is_html=True)


def output_surfaces_svg(network: Any = None, grid: int = 41, *, name: str | None = None) -> str:
    r"""The three raw-output surfaces side by side: Setosa (green), Versicolor, Virginica.

    Each is ``network.forward(...).logits[..., k]`` over petal width × sepal width in
    $[0, 1]^2$, all on one vertical scale.

    Parameters
    ----------
    network : IrisNetwork or None, default None
        ``None`` means ``IrisNetwork()``.
    grid : int, default 41
        Points per side of the lattice (2 … 201) the surfaces are evaluated, drawn and
        described (in the alt text) on.
    name : str or None, default None
        Figure name; by default ``output-surfaces`` (with a digest for non-default arguments).

    Returns
    -------
    str
        An inline-SVG ``<figure>`` with one ``<svg>`` per panel.

    Examples
    --------
    >>> html = output_surfaces_svg()
    >>> html.count("<svg"), "Virginica" in html
    (3, True)
    """
    network = check_network(network)
    grid = _check_grid(grid)
    if name is None:
        key = network_key(network)
        name = figure_name("output-surfaces", *(() if key is None and grid == 41 else (key, grid)))
    check_name(name)
    flowers = _unit_square(grid)
    logits = network.forward(flowers).logits
    params = network.params

    surfaces = [logits[..., k] for k in range(len(SPECIES))]
    zlim = _zlimits(*surfaces)
    panels = []
    for k, species in enumerate(SPECIES):
        bias = _OUTPUT_PARAMETERS[k][2]
        title = [f"{species} raw output", f"(bias {bias[0]}_{bias[1]} = {format_number(params[bias], 2)})"]
        panels.append((surfaces[k], SPECIES_COLORS[species], title))
    drawn = _surface_row(flowers, panels, zlim)
    parts = "; ".join(
        f"{species}{' (green)' if species == 'Setosa' else ''} {_describe(surfaces[k], flowers)}"
        for k, species in enumerate(SPECIES)
    )
    alt = (
        "Three 3D surfaces over petal width and sepal width, each from 0 to 1, on one vertical "
        f"scale: the raw outputs of the network. {parts}."
    )
    caption = (
        "The three raw outputs over the unit square of petal width and sepal width: "
        "Setosa (the green crinkled surface), Versicolor and Virginica."
    )
    return render_figure(drawn, name=name, alt=alt, caption=caption)


def _check_b3_values(b3_values: object) -> tuple[float, ...]:
    if isinstance(b3_values, (str, bytes)) or not isinstance(b3_values, (Sequence, np.ndarray)):
        raise TypeError(f"b3_values must be a sequence of numbers, got {type(b3_values).__name__}")
    values = tuple(check_real(v, f"b3_values[{i}]") for i, v in enumerate(b3_values))
    if not 1 <= len(values) <= 6:
        raise ValueError(f"b3_values must hold 1 to 6 values, got {len(values)}")
    if len(set(values)) != len(values):
        raise ValueError(f"b3_values must be distinct, got {values}")
    return tuple(sorted(values))


def _check_flower(flower: object) -> tuple[float, float]:
    if isinstance(flower, (str, bytes)) or not isinstance(flower, (Sequence, np.ndarray)):
        raise TypeError(f"flower must be a (petal width, sepal width) pair, got {type(flower).__name__}")
    if len(flower) != 2:
        raise ValueError(f"flower must be a (petal width, sepal width) pair, got {len(flower)} values")
    petal = check_real(flower[0], "flower[0] (petal width)")
    sepal = check_real(flower[1], "flower[1] (sepal width)")
    for label, v in (("flower[0] (petal width)", petal), ("flower[1] (sepal width)", sepal)):
        if not 0.0 <= v <= 1.0:
            raise ValueError(f"{label} must lie in [0, 1], got {v}")
    return petal, sepal


def b3_shift_svg(
    network: Any = None,
    b3_values: Sequence[float] = (-2.0, 0.0, 2.0),
    flower: Sequence[float] = (0.04, 0.42),
    *,
    name: str | None = None,
) -> str:
    r"""How $b_3$ moves the green surface rigidly, and what that does to the three probabilities.

    Left: the Setosa raw output along petal width at the flower's sepal width (a cross-section of
    the green crinkled surface) for each value in ``b3_values`` — the same curve shifted up by
    exactly the change in $b_3$, because $\partial z_{\text{Setosa}}/\partial b_3 = 1$. Right:
    the softmax probabilities at the flower as $b_3$ sweeps a range, with markers at
    ``b3_values``. Every marked number is ``network.replace(b3=...).forward(...)``; the swept
    curves are `crossentropy.softmax` of the flower's raw outputs at $b_3 = 0$ with $b_3$ added
    to the Setosa one, which is what the forward pass does.

    Parameters
    ----------
    network : IrisNetwork or None, default None
        Every parameter except b3; ``None`` means ``IrisNetwork()``.
    b3_values : sequence of float, default (-2.0, 0.0, 2.0)
        1 to 6 distinct values of $b_3$ to draw and mark.
    flower : (float, float), default (0.04, 0.42)
        Petal width and sepal width in $[0, 1]$ (the default is the first training row, a Setosa).
    name : str or None, default None
        Figure name; by default ``b3-shift`` (with a digest for non-default arguments).

    Returns
    -------
    str
        An inline-SVG ``<figure>``; its alt text lists the probabilities at each marked $b_3$.

    Raises
    ------
    TypeError, ValueError
        For a bad ``network``, ``b3_values``, ``flower`` or ``name``.

    Examples
    --------
    >>> html = b3_shift_svg()
    >>> "b3 = −2.00: Setosa 0.15, Versicolor 0.40, Virginica 0.45" in html
    True
    """
    network = check_network(network)
    values = _check_b3_values(b3_values)
    petal0, sepal0 = _check_flower(flower)
    if name is None:
        key = network_key(network.replace(b3=0.0))
        default = key is None and values == (-2.0, 0.0, 2.0) and (petal0, sepal0) == (0.04, 0.42)
        name = figure_name("b3-shift", *(() if default else (key, values, (petal0, sepal0))))
    check_name(name)

    petals = np.linspace(0.0, 1.0, 201)
    section = np.stack([petals, np.full_like(petals, sepal0)], axis=-1)
    point = np.array([petal0, sepal0])
    lo = min(-4.0, values[0] - 1.0)
    hi = max(4.0, values[-1] + 1.0)
    sweep = np.sort(np.concatenate([np.linspace(lo, hi, 81), values]))
    sweep = sweep[np.concatenate([[True], np.diff(sweep) > 0])]  # (np.union1d would import numpy.ma)
    # the forward pass adds b3 to the Setosa raw output: sweep it on the raw outputs at b3 = 0
    base = network.replace(b3=0.0).forward(point).logits
    swept = softmax(base[None, :] + np.outer(sweep, [1.0, 0.0, 0.0]))
    marked = {b: network.replace(b3=b).forward(point) for b in values}
    curves = {b: network.replace(b3=b).forward(section).logits[:, 0] for b in values}

    canvas = Canvas(680.0, 306.0)
    green = SPECIES_COLORS["Setosa"]
    low = min(float(c.min()) for c in curves.values())
    high = max(float(c.max()) for c in curves.values())
    pad = 0.08 * max(high - low, 1e-6)
    left = Axes(canvas, 60.0, 30.0, 254.0, 222.0, xlim=(0.0, 1.0), ylim=(low - pad, high + pad))
    left.frame(nice_ticks(0.0, 1.0, 5), nice_ticks(low - pad, high + pad, 5), size=_TICK_2D)
    left.vline(petal0, color=GREY, width=0.9, dash="2 3")
    for b, alpha in zip(values, np.linspace(0.45, 1.0, len(values)).tolist(), strict=True):
        left.plot(petals, curves[b], color=mix(green, "#ffffff", 1.0 - alpha), width=2.2)
    for b_low, b_high in zip(values[:-1], values[1:], strict=True):
        z_low, z_high = float(marked[b_low].logits[0]), float(marked[b_high].logits[0])
        x_arrow = float(left.sx(petal0 + 0.06))
        y_from, y_to = float(left.sy(z_low)), float(left.sy(z_high))
        if abs(y_from - y_to) > 12.0:
            canvas.arrow(x_arrow, y_from - 5.0, x_arrow, y_to + 5.0, stroke=GREY, width=1.1, head=6.0)
        left.text(petal0 + 0.09, (z_low + z_high) / 2, f"+{format_parameter(z_high - z_low)}", size=_TICK_2D,
                  valign="middle", fill=GREY, halo=True)
    for b in values:
        left.scatter([petal0], [float(marked[b].logits[0])], color=green, size=7.5)
        left.text(0.98, float(curves[b][-1]), f"b_3 = {format_number(b, 1)}", dy=-6.0, size=_TICK_2D,
                  anchor="end", fill=_DARK_GREEN, weight="600", halo=True)
    left.xlabel("petal width", size=_LABEL_2D)
    left.ylabel("Setosa raw output", size=_LABEL_2D, offset=40.0)
    left.title(f"green surface at sepal width {sepal0:.2f}", size=_TITLE_2D)

    right = Axes(canvas, 410.0, 30.0, 254.0, 222.0, xlim=(lo, hi), ylim=(0.0, 1.0))
    right.frame(nice_ticks(lo, hi, 5), [0.0, 0.5, 1.0], size=_TICK_2D)
    for b in values:
        right.vline(b, color=GREY, width=0.9, dash="2 3")
    markers = ("o", "s", "^")
    for k, species in enumerate(SPECIES):
        right.plot(sweep, swept[:, k], color=SPECIES_COLORS[species], width=2.2)
    for k, species in enumerate(SPECIES):
        right.scatter(list(values), [float(marked[b].probabilities[k]) for b in values],
                      color=SPECIES_COLORS[species], shape=markers[k], size=7.5)
    right.legend([(s, {"color": SPECIES_COLORS[s], "shape": markers[k], "width": 2.2})
                  for k, s in enumerate(SPECIES)], corner="upper left", size=_TICK_2D)
    right.xlabel("b_3", size=_LABEL_2D)
    right.ylabel("probability", size=_LABEL_2D, offset=40.0)
    right.title(f"probabilities at ({petal0:.2f}, {sepal0:.2f})", size=_TITLE_2D)

    listing = "; ".join(
        f"b3 = {format_number(b)}: "
        + ", ".join(
            f"{s} {format_number(marked[b].probabilities[k])}" for k, s in enumerate(SPECIES)
        )
        for b in values
    )
    raw = ", ".join(f"{format_number(marked[b].logits[0])}" for b in values)
    alt = (
        f"Left: the Setosa raw output along petal width 0 to 1 at sepal width {sepal0:.2f}, drawn "
        f"for b3 = {', '.join(format_number(b) for b in values)}; the curves have the same shape "
        f"and are shifted up by exactly the change in b3 (at petal width {petal0:.2f} the raw "
        f"output is {raw}). Right: the three softmax probabilities at the flower with petal width "
        f"{petal0:.2f} and sepal width {sepal0:.2f} as b3 goes from {format_number(lo, 1)} to "
        f"{format_number(hi, 1)}: p Setosa rises towards 1 while p Versicolor and p Virginica "
        f"fall. Marked values: {listing}."
    )
    caption = (
        "Raising <i>b</i><sub>3</sub> lifts the green crinkled surface without changing its shape "
        "(left), which raises the Setosa probability and lowers the other two (right)."
    )
    return render_figure(canvas, name=name, alt=alt, caption=caption, caption_is_html=True)
