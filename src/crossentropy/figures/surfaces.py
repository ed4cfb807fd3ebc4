r"""Surfaces over the unit square of (petal width, sepal width): bent, crinkled, shifted by $b_3$."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from crossentropy import SPECIES
from crossentropy.figures._cache import cached_figure
from crossentropy.figures._svg import (
    BLUE,
    GREY,
    ORANGE,
    SPECIES_COLORS,
    check_name,
    check_network,
    check_real,
    figure_name,
    figure_style,
    format_number,
    format_parameter,
    network_key,
    render_figure,
)

__all__ = ["bent_surfaces_svg", "output_surfaces_svg", "b3_shift_svg"]

#: (top-node weight, bottom-node weight, bias) feeding each raw output, in `SPECIES` order.
_OUTPUT_PARAMETERS: tuple[tuple[str, str, str], ...] = (("w5", "w6", "b3"), ("w7", "w8", "b4"), ("w9", "w10", "b5"))
_SURFACE_DPI = 120


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


def _surface_axes(fig: Any, position: int, columns: int) -> Any:
    ax = fig.add_subplot(1, columns, position, projection="3d", computed_zorder=False)
    ax.view_init(elev=26, azim=-58)
    ax.set_xlabel("petal width", fontsize=10, labelpad=-5)
    ax.set_ylabel("sepal width", fontsize=10, labelpad=-5)
    ax.tick_params(axis="both", which="major", labelsize=9, pad=-2)
    ax.tick_params(axis="z", labelsize=9, pad=1)
    ax.set_xticks([0.0, 0.5, 1.0])
    ax.set_yticks([0.5, 1.0])  # sepal 0 would sit on top of petal 1 at the front corner
    ax.zaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.set_box_aspect(None, zoom=0.98)
    ax.set_facecolor((1.0, 1.0, 1.0, 0.0))  # a transparent panel never hides its neighbour
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.pane.set_facecolor("#F7F7F7")
        axis.pane.set_edgecolor("#CCCCCC")
        axis._axinfo["grid"]["color"] = "#DDDDDD"
        axis._axinfo["grid"]["linewidth"] = 0.5
    return ax


def _draw_surface(ax: Any, flowers: NDArray[np.float64], z: NDArray[np.float64], colour: str) -> None:
    grid = z.shape[0]
    ax.plot_surface(
        flowers[..., 0], flowers[..., 1], z, color=colour, rcount=grid, ccount=grid,
        linewidth=0, antialiased=False, shade=True, rasterized=True, alpha=0.95,
    )


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


@cached_figure
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
        Points per side of the lattice (2 … 201).
    name : str or None, default None
        Figure name; by default ``bent-surfaces-{output}`` (lower case), with a digest appended
        for a non-default network or grid.

    Returns
    -------
    str
        An inline-SVG ``<figure>`` (surfaces embedded as PNG, axes and text as vectors).

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
    title_note = " (green crinkled surface)" if output == "Setosa" else ""

    with figure_style():
        fig = plt.figure(figsize=(8.4, 3.2))
        zlim = _zlimits(blue, orange, total)
        panels = (
            (blue, BLUE, f"blue bent surface\n{format_number(params[top_w], 2)} × ReLU(top node)"),
            (orange, ORANGE, f"orange bent surface\n{format_number(params[bottom_w], 2)} × ReLU(bottom node)"),
            (total, colour, f"{output} raw output{title_note}\nblue + orange + ${bias[0]}_{bias[1]}$ "
                            f"(= {format_number(params[bias], 2)})"),
        )
        for i, (z, c, title) in enumerate(panels, start=1):
            ax = _surface_axes(fig, i, 3)
            _draw_surface(ax, flowers, z, c)
            ax.set_zlim(*zlim)
            ax.set_title(title, fontsize=11, pad=0)
        fig.subplots_adjust(left=0.0, right=0.97, bottom=0.02, top=0.9, wspace=0.08)

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
        return render_figure(fig, name=name, alt=alt, caption=caption, caption_is_html=True, dpi=_SURFACE_DPI)


@cached_figure
def output_surfaces_svg(network: Any = None, grid: int = 41, *, name: str | None = None) -> str:
    r"""The three raw-output surfaces side by side: Setosa (green), Versicolor, Virginica.

    Each is ``network.forward(...).logits[..., k]`` over petal width × sepal width in
    $[0, 1]^2$, all on one vertical scale.

    Parameters
    ----------
    network : IrisNetwork or None, default None
        ``None`` means ``IrisNetwork()``.
    grid : int, default 41
        Points per side of the lattice (2 … 201).
    name : str or None, default None
        Figure name; by default ``output-surfaces`` (with a digest for non-default arguments).

    Returns
    -------
    str
        An inline-SVG ``<figure>``.

    Examples
    --------
    >>> html = output_surfaces_svg()
    >>> html.count("<svg"), "Virginica" in html
    (1, True)
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

    with figure_style():
        fig = plt.figure(figsize=(8.4, 3.1))
        surfaces = [logits[..., k] for k in range(len(SPECIES))]
        zlim = _zlimits(*surfaces)
        for k, species in enumerate(SPECIES):
            ax = _surface_axes(fig, k + 1, 3)
            _draw_surface(ax, flowers, surfaces[k], SPECIES_COLORS[species])
            ax.set_zlim(*zlim)
            bias = _OUTPUT_PARAMETERS[k][2]
            ax.set_title(
                f"{species} raw output\n(bias ${bias[0]}_{bias[1]}$ = {format_number(params[bias], 2)})",
                fontsize=11, pad=0,
            )
        fig.subplots_adjust(left=0.0, right=0.97, bottom=0.02, top=0.9, wspace=0.08)
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
        return render_figure(fig, name=name, alt=alt, caption=caption, dpi=_SURFACE_DPI)


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


@cached_figure
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
    ``b3_values``. Every number is ``network.replace(b3=...).forward(...)``.

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
    sweep = np.union1d(np.linspace(lo, hi, 81), values)
    swept = np.array([network.replace(b3=float(b)).forward(point).probabilities for b in sweep])
    marked = {b: network.replace(b3=b).forward(point) for b in values}
    curves = {b: network.replace(b3=b).forward(section).logits[:, 0] for b in values}

    with figure_style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(8.8, 3.5), gridspec_kw={"wspace": 0.32})
        green = SPECIES_COLORS["Setosa"]
        shades = np.linspace(0.45, 1.0, len(values))
        for b, alpha in zip(values, shades):
            left.plot(petals, curves[b], color=green, alpha=float(alpha))
            z0 = float(marked[b].logits[0])
            left.plot([petal0], [z0], "o", color=green, markersize=5, zorder=3)
            left.annotate(
                f"$b_3$ = {format_number(b, 1)}", xy=(0.98, float(curves[b][-1])), xytext=(0, 3),
                textcoords="offset points", ha="right", va="bottom", fontsize=9, color="#1D6B55",
            )
        for b_low, b_high in zip(values[:-1], values[1:]):
            z_low, z_high = float(marked[b_low].logits[0]), float(marked[b_high].logits[0])
            left.annotate(
                "", xy=(petal0 + 0.06, z_high), xytext=(petal0 + 0.06, z_low),
                arrowprops={"arrowstyle": "->", "color": GREY, "lw": 1.0},
            )
            left.text(
                petal0 + 0.09, (z_low + z_high) / 2, f"+{format_parameter(z_high - z_low)}",
                va="center", fontsize=9, color=GREY,
            )
        left.axvline(petal0, color=GREY, linestyle=":", linewidth=0.8)
        left.set_xlim(0.0, 1.0)
        left.set_xlabel("petal width")
        left.set_ylabel("Setosa raw output")
        left.set_title(f"green surface at sepal width {sepal0:.2f}")

        markers = ("o", "s", "^")
        for k, species in enumerate(SPECIES):
            right.plot(sweep, swept[:, k], color=SPECIES_COLORS[species])
            right.plot(
                values, [float(marked[b].probabilities[k]) for b in values], markers[k],
                color=SPECIES_COLORS[species], markersize=5,
            )
        for b in values:
            right.axvline(b, color=GREY, linestyle=":", linewidth=0.8)
        right.set_xlim(lo, hi)
        right.set_ylim(0.0, 1.0)
        right.set_yticks([0.0, 0.5, 1.0])
        right.set_xlabel("$b_3$")
        right.set_ylabel("probability")
        right.set_title(f"probabilities at ({petal0:.2f}, {sepal0:.2f})")
        handles = [
            Line2D([], [], color=SPECIES_COLORS[s], marker=markers[k], markersize=5, label=s)
            for k, s in enumerate(SPECIES)
        ]
        right.legend(handles=handles, loc="upper left", handlelength=1.6)

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
        return render_figure(fig, name=name, alt=alt, caption=caption, caption_is_html=True)
