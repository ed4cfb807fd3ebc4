r"""Contours of the total cross entropy over two output biases, with descent paths."""

from __future__ import annotations

import numpy as np

from crossentropy import (
    DescentResult,
    gradient_descent,
    output_bias_loss_grid,
)
from crossentropy.figures._cache import cached_figure
from crossentropy.figures._checks import check_name
from crossentropy.figures._render import figure_style, new_figure, render_figure
from crossentropy.figures._runs import check_result, training_data, visited
from crossentropy.figures._style import BLUE, INK, PINK, format_number

__all__ = ["bias_contour_svg"]


@cached_figure
def bias_contour_svg(
    two_biases: DescentResult,
    three_biases: DescentResult | None = None,
    *,
    name: str | None = None,
) -> str:
    r"""Contours of the total cross entropy over $(b_3, b_4)$ with $b_5$ fixed, and descent paths.

    matplotlib's ``contour`` traces the levels on a grid of the package's
    `crossentropy.output_bias_loss_grid`, labelled with ``clabel``; the lowest point is found by
    gradient descent run to a step below $10^{-12}$, not read off the grid.

    Parameters
    ----------
    two_biases : DescentResult
        A descent over ``("b3", "b4")`` (``b5`` fixed); its path is drawn.
    three_biases : DescentResult or None
        A descent over ``("b3", "b4", "b5")`` from the same start. Because adding the same number
        to all three raw outputs changes nothing, each of its points is drawn shifted by
        $b_5^{\text{fixed}} - b_5$ so that it lies in the same plane.
    name : str or None
        Figure name; ``bias-contour`` by default.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent
    >>> run = gradient_descent(
    ...     IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, params=("b3", "b4")
    ... )
    >>> "with b5 fixed at 1.00: 18 steps" in bias_contour_svg(run)
    True
    """
    two = check_result(two_biases, "two_biases")
    if set(two.history[0].values) != {"b3", "b4"}:
        raise ValueError("two_biases must be a descent over ('b3', 'b4')")
    three = None
    if three_biases is not None:
        three = check_result(three_biases, "three_biases")
        if set(three.history[0].values) != {"b3", "b4", "b5"}:
            raise ValueError("three_biases must be a descent over ('b3', 'b4', 'b5')")
    if name is None:
        name = "bias-contour"
    check_name(name)
    x, y = training_data()
    net = two.network
    b5 = net.b5
    best = gradient_descent(net, x, y, params=("b3", "b4"), tol=1e-12, max_steps=10_000)
    lmin, b3_min, b4_min = best.final_loss, best.network.b3, best.network.b4
    b3_path, loss_path = visited(two, "b3")
    b4_path, _ = visited(two, "b4")
    b3_axis = np.linspace(-3.0, 1.5, 91)
    b4_axis = np.linspace(-1.5, 1.5, 61)
    grid = output_bias_loss_grid(net, x, y, b3_axis, b4_axis)
    levels = lmin + np.array([0.005, 0.03, 0.1, 0.25, 0.5, 0.9, 1.5, 2.2])

    with figure_style():
        fig = new_figure(4.3, 3.6)
        ax = fig.add_subplot()
        lines = ax.contour(b3_axis, b4_axis, grid, levels=levels, colors=PINK, linewidths=1.1)
        ax.clabel(
            lines,
            levels=levels[2::2],
            fmt=lambda v: format_number(v),
            fontsize=9,
            inline_spacing=3,
        )
        ax.plot(
            b3_path,
            b4_path,
            "o-",
            color=INK,
            markersize=4,
            linewidth=1.1,
            label=f"$b_3, b_4$ ($b_5$ = {format_number(b5)} fixed)",
        )
        descriptions = [
            (
                f"descent over b3 and b4 with b5 fixed at {format_number(b5)}: {two.steps_taken} steps from "
                f"({format_number(b3_path[0])}, {format_number(b4_path[0])}) to ({format_number(b3_path[-1])}, "
                f"{format_number(b4_path[-1])}), total cross entropy {format_number(loss_path[0])} to "
                f"{format_number(loss_path[-1], 4)}"
            )
        ]
        if three is not None:
            t3, _ = visited(three, "b3")
            t4, _ = visited(three, "b4")
            t5, l5 = visited(three, "b5")
            s3, s4 = t3 + (b5 - t5), t4 + (b5 - t5)
            ax.plot(
                s3,
                s4,
                "s--",
                color=BLUE,
                markersize=4,
                linewidth=1.1,
                label="$b_3, b_4, b_5$ (shifted)",
            )
            descriptions.append(
                f"descent over all three biases, {three.steps_taken} steps, drawn shifted so that b5 = "
                f"{format_number(b5)}: it ends at ({format_number(s3[-1])}, {format_number(s4[-1])}) with total "
                f"cross entropy {format_number(l5[-1], 4)}"
            )
        ax.plot(
            [b3_min],
            [b4_min],
            "*",
            color=INK,
            markersize=11,
            zorder=5,
            label="lowest point",
        )
        ax.set_aspect("equal")
        ax.set_xlim(-3.0, 1.5)
        ax.set_ylim(-1.5, 1.5)
        ax.set_xlabel("$b_3$")
        ax.set_ylabel("$b_4$")
        fig.suptitle(f"total cross entropy, $b_5$ = {format_number(b5)}", fontsize=10)
        fig.legend(loc="outside lower center", ncols=1)

        alt = (
            f"A contour map of the total cross entropy of the three flowers over b3 from −3 to 1.5 and b4 from "
            f"−1.5 to 1.5, with b5 = {format_number(b5)}: a tilted oval bowl whose lowest value, "
            f"{format_number(lmin, 4)}, lies at b3 = {format_number(b3_min)}, b4 = {format_number(b4_min)}. "
            "Paths: " + "; ".join(descriptions) + "."
        )
        caption = (
            "Gradient descent on two output biases heads downhill across the contours, at right angles to "
            f"them. Shifted onto the plane b₅ = {format_number(b5, 0)}, the descent on all three biases ends at "
            "the same point."
        )
        return render_figure(fig, name=name, alt=alt, caption=caption)
