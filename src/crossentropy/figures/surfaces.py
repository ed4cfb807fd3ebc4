r"""Surfaces over the unit square of (petal width, sepal width): bent, crinkled, shifted by $b_3$."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from crossentropy import SPECIES
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
    GRID,
    ORANGE,
    SPECIES_COLORS,
    format_number,
)

__all__ = [
    "bent_surfaces_svg",
    "output_surfaces_svg",
    "surface_extremes",
]

#: (top-node weight, bottom-node weight, bias) feeding each raw output, in `SPECIES` order.
_OUTPUT_PARAMETERS: tuple[tuple[str, str, str], ...] = (
    ("w5", "w6", "b3"),
    ("w7", "w8", "b4"),
    ("w9", "w10", "b5"),
)
#: Each panel of a 3D figure, in inches: three fit side by side in a wide column, and one fills
#: a phone's column with its text at full size.
_PANEL = (2.45, 2.75)


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


def _vertices(network: Any) -> NDArray[np.float64]:
    """Every point of the unit square where a piecewise-linear surface of the network can take an
    extreme value: the corners, where a hidden node's crease (pre-activation 0) meets an edge, and
    where the two creases cross."""
    p = network.params
    lines = (
        (p["w1"], p["w2"], p["b1"]),
        (p["w3"], p["w4"], p["b2"]),
    )  # a·petal + b·sepal + c = 0
    points = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
    for a, b, c in lines:
        for fixed in (0.0, 1.0):
            if b != 0.0:
                points.append((fixed, -(a * fixed + c) / b))
            if a != 0.0:
                points.append((-(b * fixed + c) / a, fixed))
    (a1, b1, c1), (a2, b2, c2) = lines
    det = a1 * b2 - a2 * b1
    if det != 0.0:
        points.append(((b1 * c2 - b2 * c1) / det, (a2 * c1 - a1 * c2) / det))
    inside = [pt for pt in points if all(-1e-12 <= v <= 1.0 + 1e-12 for v in pt)]
    return np.clip(np.array(inside, dtype=np.float64), 0.0, 1.0)


def surface_extremes(network: Any = None, output: str = "Setosa", part: str = "total") -> dict[str, float]:
    r"""The exact lowest and highest value of a raw-output surface (or one of its two parts).

    A surface here is piecewise linear over the unit square (ReLU of straight lines), so its
    extremes lie at the vertices of its linear pieces: the corners, the points where a hidden
    node's crease meets the square's edges, and the point where the two creases cross. Every
    candidate goes through ``network.forward``; no plotting grid is involved.

    Parameters
    ----------
    network : IrisNetwork or None, default None
        ``None`` means ``IrisNetwork()``.
    output : {"Setosa", "Versicolor", "Virginica"}, default "Setosa"
    part : {"top", "bottom", "total"}, default "total"
        The top node's contribution (weight × ReLU), the bottom node's, or the raw output.

    Returns
    -------
    dict
        ``low``, ``high``, the petal and sepal width where the highest value is reached
        (``high_petal``, ``high_sepal``), and ``high_points``: at how many of the candidate
        points it is reached (more than one: along an edge or over a whole region, where a
        single "highest point" would mislead).

    Examples
    --------
    >>> ext = surface_extremes(output="Setosa", part="total")
    >>> round(ext["low"], 4), round(ext["high"], 4)
    (-0.0433, 1.43)
    """
    network = check_network(network)
    k = _check_output(output)
    if part not in ("top", "bottom", "total"):
        raise ValueError(f"part must be 'top', 'bottom' or 'total', got {part!r}")
    points = _vertices(network)
    fp = network.forward(points)
    values = fp.logits[:, k] if part == "total" else fp.contributions[:, k, 0 if part == "top" else 1]
    best = int(np.argmax(values))
    highest = np.unique(np.round(points[values >= values.max() - 1e-9], 9), axis=0)
    return {
        "low": float(values.min()),
        "high": float(values.max()),
        "high_petal": float(points[best, 0]),
        "high_sepal": float(points[best, 1]),
        "high_points": float(highest.shape[0]),
    }


def _describe(extremes: dict[str, float]) -> str:
    where = (
        f"highest at petal width {extremes['high_petal']:.2f}, sepal width {extremes['high_sepal']:.2f}"
        if extremes["high_points"] == 1
        else "the highest value reached along a whole edge or region"
    )
    return f"from {format_number(extremes['low'])} to {format_number(extremes['high'])} ({where})"


def _surface_panel(
    flowers: NDArray[np.float64],
    z: NDArray[np.float64],
    colour: str,
    title: str,
    zlabel: str,
    zlim: tuple[float, float] | None,
) -> Any:
    """One 3D panel: the surface over the unit square, axes labelled, panes see-through."""
    from matplotlib.colors import LightSource
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=_PANEL)
    fig.set_layout_engine("none")
    top = 0.86 if "\n" in title else 0.92  # room for a title of one or two lines
    ax: Any = fig.add_axes((0.1, 0.0, 0.86, top), projection="3d", computed_zorder=False)
    ax.plot_surface(
        flowers[..., 0],
        flowers[..., 1],
        z,
        color=colour,
        linewidth=0,
        antialiased=False,
        rcount=z.shape[0],
        ccount=z.shape[1],
        shade=True,
        lightsource=LightSource(azdeg=225, altdeg=65),
    )
    ax.view_init(elev=24, azim=-128)
    ax.set_box_aspect((1.0, 1.0, 0.85), zoom=0.9)
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    if zlim is not None:
        ax.set_zlim(*zlim)
    ax.set_xticks([0.0, 0.5, 1.0], ["0", "0.5", "1"])
    ax.set_yticks([0.5, 1.0], ["0.5", "1"])
    ax.zaxis.set_major_locator(MaxNLocator(4))
    ax.set_xlabel("petal width", labelpad=-7)
    ax.set_ylabel("sepal width", labelpad=-7)
    ax.set_zlabel(zlabel, labelpad=-1)
    ax.tick_params(pad=-3)
    ax.tick_params(axis="z", pad=0)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_pane_color((0.0, 0.0, 0.0, 0.0))
        axis.pane.set_edgecolor(GRID)
    fig.suptitle(title, fontsize=10, linespacing=1.3, y=0.97 if "\n" in title else 0.86, va="top")
    return fig


def _zlimits(*surfaces: NDArray[np.float64]) -> tuple[float, float]:
    low = min(float(s.min()) for s in surfaces)
    high = max(float(s.max()) for s in surfaces)
    pad = 0.05 * max(high - low, 1e-6)
    return low - pad, high + pad


@cached_figure
def bent_surfaces_svg(
    network: Any = None,
    output: str = "Setosa",
    grid: int = 25,
    *,
    name: str | None = None,
) -> str:
    r"""Three surfaces that build one raw output: blue bent + orange bent (+ bias) = the sum.

    Over petal width × sepal width in $[0, 1]^2$: the top hidden node's contribution
    (weight × ReLU(top), the *blue bent surface*), the bottom node's contribution (the *orange
    bent surface*) and their sum plus the output bias: for Setosa the *green crinkled surface*
    $z_{\text{Setosa}} = w_5\,\mathrm{ReLU}(u) + w_6\,\mathrm{ReLU}(d) + b_3$. Each panel has its
    own vertical scale, labelled, so that a small part's bend is as visible as a large one's;
    the alt text gives each surface's exact range (`surface_extremes`).

    Parameters
    ----------
    network : IrisNetwork or None, default None
        ``None`` means ``IrisNetwork()``.
    output : {"Setosa", "Versicolor", "Virginica"}, default "Setosa"
        Which raw output to build.
    grid : int, default 25
        Points per side of the lattice (2 … 201) the surfaces are drawn on.
    name : str or None, default None
        Figure name; by default ``bent-surfaces-{output}`` (lower case), with a digest appended
        for a non-default network or grid.

    Returns
    -------
    str
        An inline-SVG ``<figure>`` with one ``<svg>`` per panel.

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
        name = figure_name(base, *(() if key is None and grid == 25 else (key, grid)))
    check_name(name)
    params = network.params
    top_w, bottom_w, bias = _OUTPUT_PARAMETERS[k]
    flowers = _unit_square(grid)
    fp = network.forward(flowers)
    surfaces = (
        fp.contributions[..., k, 0],
        fp.contributions[..., k, 1],
        fp.logits[..., k],
    )
    ranges = [surface_extremes(network, output, part) for part in ("top", "bottom", "total")]
    sum_word = "green crinkled surface" if output == "Setosa" else f"{output} surface"
    bias_tex = f"$b_{bias[1]}$"
    part = f"part of $z_{{\\mathrm{{{output}}}}}$"

    with figure_style():
        panels = [
            _surface_panel(
                flowers,
                surfaces[0],
                BLUE,
                f"blue bent surface\n{format_number(params[top_w])} × ReLU(top node)",
                part,
                None,
            ),
            _surface_panel(
                flowers,
                surfaces[1],
                ORANGE,
                f"orange bent surface\n{format_number(params[bottom_w])} × ReLU(bottom node)",
                part,
                None,
            ),
            _surface_panel(
                flowers,
                surfaces[2],
                SPECIES_COLORS[output],
                f"{output} raw output{' (green)' if output == 'Setosa' else ''}\nblue + orange + {bias_tex}",
                f"$z_{{\\mathrm{{{output}}}}}$",
                None,
            ),
        ]
        alt = (
            "Three 3D surfaces over petal width and sepal width, each from 0 to 1, each on its own "
            f"vertical scale. Blue bent surface, {format_number(params[top_w])} times ReLU of the top "
            f"hidden node: {_describe(ranges[0])}. Orange bent surface, "
            f"{format_number(params[bottom_w])} times ReLU of the bottom hidden node: "
            f"{_describe(ranges[1])}. Their sum plus {bias} = {format_number(params[bias])} is the "
            f"{output} raw output, the {sum_word}: {_describe(ranges[2])}."
        )
        caption = (
            f"The {output} raw output, built from its two parts: the blue bent surface (top node) plus "
            f"the orange bent surface (bottom node) plus the bias <i>{bias[0]}</i><sub>{bias[1]}</sub> "
            f"gives the {sum_word}. Each panel has its own vertical scale."
        )
        return render_figure(panels, name=name, alt=alt, caption=caption, caption_is_html=True)


@cached_figure
def output_surfaces_svg(network: Any = None, grid: int = 25, *, name: str | None = None) -> str:
    r"""The three raw-output surfaces side by side: Setosa (green), Versicolor, Virginica.

    Each is ``network.forward(...).logits[..., k]`` over petal width × sepal width in
    $[0, 1]^2$, all on one vertical scale so that they compare directly.

    Parameters
    ----------
    network : IrisNetwork or None, default None
        ``None`` means ``IrisNetwork()``.
    grid : int, default 25
        Points per side of the lattice (2 … 201) the surfaces are drawn on.
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
        name = figure_name("output-surfaces", *(() if key is None and grid == 25 else (key, grid)))
    check_name(name)
    flowers = _unit_square(grid)
    logits = network.forward(flowers).logits
    params = network.params
    surfaces = [logits[..., k] for k in range(len(SPECIES))]
    ranges = [surface_extremes(network, species, "total") for species in SPECIES]
    zlim = _zlimits(*(np.array([r["low"], r["high"]]) for r in ranges))

    with figure_style():
        panels = []
        for k, species in enumerate(SPECIES):
            bias = _OUTPUT_PARAMETERS[k][2]
            title = f"{species} (${bias[0]}_{bias[1]}$ = {format_number(params[bias])})"
            panels.append(
                _surface_panel(
                    flowers,
                    surfaces[k],
                    SPECIES_COLORS[species],
                    title,
                    "raw output",
                    zlim,
                )
            )
        parts = "; ".join(
            f"{species}{' (green)' if species == 'Setosa' else ''} {_describe(ranges[k])}"
            for k, species in enumerate(SPECIES)
        )
        alt = (
            "Three 3D surfaces over petal width and sepal width, each from 0 to 1, on one vertical "
            f"scale: the raw outputs of the network. {parts}."
        )
        caption = (
            "The three raw outputs over the unit square of petal width and sepal width: "
            "Setosa (the green crinkled surface), Versicolor and Virginica, on one vertical scale."
        )
        return render_figure(panels, name=name, alt=alt, caption=caption)
