r"""How b3 shifts the green surface rigidly, and what that does to the three probabilities."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from crossentropy import SPECIES, softmax
from crossentropy.figures._cache import cached_figure
from crossentropy.figures._checks import check_name, check_network, check_real, figure_name, network_key
from crossentropy.figures._render import figure_style, new_figure, render_figure
from crossentropy.figures._style import MUTED, SPECIES_COLORS, format_number

__all__ = ["b3_shift_svg"]


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
    for label, v in (
        ("flower[0] (petal width)", petal),
        ("flower[1] (sepal width)", sepal),
    ):
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

    First panel: the Setosa raw output along petal width at the flower's sepal width (a
    cross-section of the green crinkled surface) for each value in ``b3_values`` — the same curve
    shifted up by exactly the change in $b_3$, because $\partial z_{\text{Setosa}}/\partial b_3 = 1$.
    Second panel: the softmax probabilities at the flower as $b_3$ sweeps a range, with markers
    at ``b3_values``. Every marked number is ``network.replace(b3=...).forward(...)``; the swept
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
    lo, hi = min(-4.0, values[0] - 1.0), max(4.0, values[-1] + 1.0)
    sweep = np.linspace(lo, hi, 161)
    base = network.replace(b3=0.0).forward(point).logits  # the forward pass adds b3 to z_Setosa
    swept = softmax(base[None, :] + np.outer(sweep, [1.0, 0.0, 0.0]))
    marked = {b: network.replace(b3=b).forward(point) for b in values}
    curves = {b: network.replace(b3=b).forward(section).logits[:, 0] for b in values}
    green = SPECIES_COLORS["Setosa"]
    markers = ("o", "s", "^")

    with figure_style():
        left_fig = new_figure(3.3, 2.9)
        left = left_fig.add_subplot()
        left.axvline(petal0, color=MUTED, linewidth=0.9, linestyle=":")
        shades = np.linspace(0.4, 1.0, len(values))
        for b, alpha in zip(values, shades, strict=True):
            left.plot(petals, curves[b], color=green, alpha=float(alpha), linewidth=2.0)
            left.annotate(
                f"$b_3$ = {format_number(b, 1)}",
                (1.0, float(curves[b][-1])),
                xytext=(0, 4),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=9.5,
            )
            left.plot([petal0], [float(marked[b].logits[0])], "o", color=green, markersize=5)
        for b_low, b_high in itertools.pairwise(values):
            z_low, z_high = (
                float(marked[b_low].logits[0]),
                float(marked[b_high].logits[0]),
            )
            left.annotate(
                "",
                (petal0 + 0.07, z_high),
                (petal0 + 0.07, z_low),
                arrowprops={
                    "arrowstyle": "->",
                    "color": MUTED,
                    "shrinkA": 3,
                    "shrinkB": 3,
                },
            )
            left.annotate(
                f"+{format_number(z_high - z_low, 1)}",
                (petal0 + 0.1, (z_low + z_high) / 2),
                va="center",
                fontsize=9.5,
                color=MUTED,
            )
        left.set_xlim(0.0, 1.0)
        left.set_xlabel("petal width")
        left.set_ylabel("Setosa raw output")
        left.set_title(f"green surface at sepal width {sepal0:.2f}")

        right_fig = new_figure(3.3, 2.9)
        right = right_fig.add_subplot()
        for b in values:
            right.axvline(b, color=MUTED, linewidth=0.9, linestyle=":")
        for k, species in enumerate(SPECIES):
            colour = SPECIES_COLORS[species]
            right.plot(
                sweep,
                swept[:, k],
                color=colour,
                linewidth=2.0,
                marker=markers[k],
                markevery=[],
                label=species,
            )
            right.plot(
                list(values),
                [float(marked[b].probabilities[k]) for b in values],
                markers[k],
                color=colour,
                markersize=6,
            )
        right.set_xlim(lo, hi)
        right.set_ylim(0.0, 1.0)
        right.set_xlabel("$b_3$")
        right.set_ylabel("probability")
        right.set_title(f"probabilities at ({petal0:.2f}, {sepal0:.2f})")
        right.legend(loc="center right", handlelength=1.6)

        listing = "; ".join(
            f"b3 = {format_number(b)}: "
            + ", ".join(f"{s} {format_number(marked[b].probabilities[k])}" for k, s in enumerate(SPECIES))
            for b in values
        )
        raw = ", ".join(f"{format_number(marked[b].logits[0])}" for b in values)
        alt = (
            f"First: the Setosa raw output along petal width 0 to 1 at sepal width {sepal0:.2f}, drawn "
            f"for b3 = {', '.join(format_number(b) for b in values)}; the curves have the same shape "
            f"and are shifted up by exactly the change in b3 (at petal width {petal0:.2f} the raw "
            f"output is {raw}). Second: the three softmax probabilities at the flower with petal width "
            f"{petal0:.2f} and sepal width {sepal0:.2f} as b3 goes from {format_number(lo, 1)} to "
            f"{format_number(hi, 1)}: p Setosa rises towards 1 while p Versicolor and p Virginica "
            f"fall. Marked values: {listing}."
        )
        caption = (
            "Raising <i>b</i><sub>3</sub> lifts the green crinkled surface without changing its shape "
            "(first panel), which raises the Setosa probability and lowers the other two (second panel)."
        )
        return render_figure(
            [left_fig, right_fig],
            name=name,
            alt=alt,
            caption=caption,
            caption_is_html=True,
        )
