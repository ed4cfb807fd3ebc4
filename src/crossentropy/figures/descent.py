r"""Figures of the optimisation pages: the pink curve, gradient-descent paths, learning rates, a bias contour."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

import matplotlib.pyplot as plt

from crossentropy.data import TRAINING_DATA
from crossentropy.descent import DescentResult, gradient_descent
from crossentropy.figures._cache import cached_figure
from crossentropy.figures._svg import (
    BLUE,
    GREY,
    PINK,
    check_name,
    check_network,
    check_real,
    figure_name,
    figure_style,
    format_number,
    render_figure,
)
from crossentropy.training import (
    bias_curvature,
    crossings,
    output_bias_loss_grid,
    slope_limits,
    sweep_parameter,
)

__all__ = ["pink_curve_svg", "descent_path_svg", "learning_rates_svg", "bias_contour_svg"]

_INK = "#222222"
_PINK_DARK = "#B0306E"  # readable pink for text and markers on white
_TANGENT = BLUE


def _data() -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    return TRAINING_DATA.inputs, TRAINING_DATA.labels


def _check_result(result: object, argument: str = "result", param: str = "b3") -> DescentResult:
    if not isinstance(result, DescentResult):
        raise TypeError(f"{argument} must be a DescentResult, got {type(result).__name__}")
    if not result.history or param not in result.history[0].values:
        raise ValueError(f"{argument} must be a descent over {param!r} with at least one step")
    return result


def _path(result: DescentResult, param: str = "b3") -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The parameter values visited (start, after each step) and the loss at each."""
    values = [s.values[param] for s in result.history] + [result.network.params[param]]
    losses = [s.loss for s in result.history] + [result.final_loss]
    return np.array(values), np.array(losses)


@cached_figure
def pink_curve_svg(network: Any = None, tangent_at: float = -2.0, *, name: str | None = None) -> str:
    r"""The total cross entropy of the three flowers as a function of $b_3$, and its slope.

    Left: the series' pink curve over $b_3 \in [-4, 4]$ with the tangent at `tangent_at` and the
    minimum marked. Right: the slope $\partial\,(\text{total CE})/\partial b_3$ over
    $[-10, 10]$, rising from its left limit (minus the number of Setosa flowers) to its right
    limit (the number of other flowers), crossing 0 at the minimum.

    Parameters
    ----------
    network : IrisNetwork or None
        Every parameter except b3 (``None``: StatQuest's values).
    tangent_at : float, default -2.0
        Where to draw the tangent (the series' starting point).
    name : str or None
        Figure name; ``pink-curve`` by default.

    Examples
    --------
    >>> html = pink_curve_svg()
    >>> "tangent at b3 = −2.00 has slope −0.77" in html
    True
    """
    net = check_network(network)
    b0 = check_real(tangent_at, "tangent_at")
    if not -4.0 <= b0 <= 4.0:
        raise ValueError(f"tangent_at must lie in [-4, 4], got {b0}")
    if name is None:
        default = net.replace(b3=0.0) == type(net)() and b0 == -2.0
        name = "pink-curve" if default else figure_name("pink-curve", tuple(net.params.values()), b0)
    check_name(name)
    x, y = _data()
    near = sweep_parameter(net, x, y, "b3", np.linspace(-4.0, 4.0, 161))
    wide = sweep_parameter(net, x, y, "b3", np.linspace(-10.0, 10.0, 161))
    at = sweep_parameter(net, x, y, "b3", [b0])
    loss0, slope0 = float(at.losses[0]), float(at.slopes[0])
    i_min = int(np.argmin(near.losses))
    left_limit, right_limit = slope_limits(y, "b3")

    with figure_style():
        fig, (ax, bx) = plt.subplots(1, 2, figsize=(8.8, 3.4), gridspec_kw={"wspace": 0.3})
        ax.plot(near.values, near.losses, color=PINK, linewidth=2.4, label="total cross entropy")
        span = np.array([b0 - 1.2, b0 + 1.2])
        ax.plot(span, loss0 + slope0 * (span - b0), color=_TANGENT, linewidth=1.4, label="tangent")
        ax.plot([b0], [loss0], "o", color=_TANGENT, markersize=5, zorder=3)
        ax.annotate(
            f"slope {format_number(slope0)}", xy=(b0, loss0), xytext=(10, 6), textcoords="offset points",
            color="#005A8C", fontsize=9,
        )
        bmin, lmin = float(near.values[i_min]), float(near.losses[i_min])
        ax.plot([bmin], [lmin], "o", color=_PINK_DARK, markersize=5, zorder=3)
        ax.annotate(
            "minimum", xy=(bmin, lmin), xytext=(0, -14), textcoords="offset points", ha="center",
            color=_PINK_DARK, fontsize=9,
        )
        ax.set_xlim(-4.0, 4.0)
        ax.set_ylim(0.0, float(near.losses.max()) * 1.05)
        ax.set_xlabel("$b_3$")
        ax.set_ylabel("total cross entropy")
        ax.set_title("Total cross entropy of the three flowers")
        ax.legend(loc="upper center")

        bx.axhline(0.0, color=GREY, linewidth=0.8)
        for limit, where in ((left_limit, "left"), (right_limit, "right")):
            bx.axhline(limit, color=GREY, linestyle="--", linewidth=0.9)
            bx.text(
                -9.6 if where == "left" else 9.6, limit + 0.08, f"limit {limit:+d}".replace("-", "\u2212"),
                ha="left" if where == "left" else "right", va="bottom", fontsize=9, color=GREY,
            )
        bx.plot(wide.values, wide.slopes, color=_PINK_DARK, linewidth=2.0)
        bx.plot([b0], [slope0], "o", color=_TANGENT, markersize=5, zorder=3)
        bx.set_xlim(-10.0, 10.0)
        bx.set_ylim(left_limit - 0.4, right_limit + 0.4)
        bx.set_xlabel("$b_3$")
        bx.set_ylabel("slope  d(total CE) / d$b_3$")
        bx.set_title("Its slope: from −1 to +2")

        alt = (
            f"Left: the total cross entropy of the three training flowers plotted against b3 from −4 to 4, "
            f"a convex, lopsided bowl: {format_number(near.losses[0])} at b3 = −4, "
            f"{format_number(loss0)} at b3 = {format_number(b0)}, lowest near b3 = {format_number(bmin)} "
            f"(about {format_number(lmin)}), and {format_number(near.losses[-1])} at b3 = 4. The tangent at "
            f"b3 = {format_number(b0)} has slope {format_number(slope0)}. Right: the slope of that curve for "
            f"b3 from −10 to 10, rising steadily from {format_number(wide.slopes[0])} (limit {left_limit}) "
            f"to {format_number(wide.slopes[-1])} (limit {right_limit}) and crossing zero at the minimum."
        )
        caption = (
            "The series’ pink curve (left) with its tangent at the starting point, and the curve’s slope "
            "(right). The slope only ever increases — the curve is convex — and it is squeezed between "
            "−1 (far left) and +2 (far right)."
        )
        return render_figure(fig, name=name, alt=alt, caption=caption)


@cached_figure
def descent_path_svg(result: DescentResult, *, tol: float = 1e-3, name: str | None = None) -> str:
    r"""Gradient descent on $b_3$ drawn on the pink curve, and the size of each step.

    Left: every visited $b_3$ on the curve, an arrow per step, and short tangents at the first
    few points (each flatter than the last). Right: $|\text{step size}|$ per step on a log scale
    with the stopping tolerance.

    Parameters
    ----------
    result : DescentResult
        A descent over ``("b3",)`` on the three training flowers.
    tol : float, default 1e-3
        The tolerance line to draw.
    name : str or None
        Figure name; ``descent-path`` by default.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent
    >>> run = gradient_descent(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> "10 steps from b3 = −2.00 to b3 = −0.03" in descent_path_svg(run)
    True
    """
    run = _check_result(result)
    tolerance = check_real(tol, "tol")
    if name is None:
        name = "descent-path"
    check_name(name)
    x, y = _data()
    net = run.network
    b3s, losses = _path(run)
    width = float(b3s.max() - b3s.min())
    lo, hi = float(b3s.min()) - 0.12 * width - 0.05, float(b3s.max()) + 0.18 * width + 0.05
    curve = sweep_parameter(net, x, y, "b3", np.linspace(lo, hi, 121))
    steps = np.array([abs(s.steps["b3"]) for s in run.history])
    slopes = [s.slopes["b3"] for s in run.history]
    labelled = min(4, len(b3s))

    with figure_style():
        fig, (ax, bx) = plt.subplots(
            1, 2, figsize=(8.8, 3.4), gridspec_kw={"wspace": 0.3, "width_ratios": [1.35, 1.0]}
        )
        ax.plot(curve.values, curve.losses, color=PINK, linewidth=2.4)
        half = 0.09 * width
        for k in range(min(labelled, len(slopes))):
            span = np.array([b3s[k] - half, b3s[k] + half])
            ax.plot(span, losses[k] + slopes[k] * (span - b3s[k]), color=_TANGENT, linewidth=1.3)
        for k in range(len(b3s) - 1):
            ax.annotate(
                "", xy=(b3s[k + 1], losses[k + 1]), xytext=(b3s[k], losses[k]),
                arrowprops={"arrowstyle": "->", "color": _INK, "lw": 0.8, "shrinkA": 3, "shrinkB": 3},
            )
        ax.plot(b3s, losses, "o", color=_PINK_DARK, markersize=4, zorder=3)
        for k in range(labelled):
            ax.annotate(
                f"{format_number(b3s[k])}", xy=(b3s[k], losses[k]), xytext=(5, 3), textcoords="offset points",
                ha="left", va="bottom", fontsize=8, color=_INK,
            )
        ax.set_xlim(lo, hi)
        ax.locator_params(nbins=5)
        spread = float(losses.max() - losses.min())
        ax.set_ylim(float(losses.min()) - 0.08 * spread, float(losses.max()) + 0.08 * spread)
        ax.set_xlabel("$b_3$")
        ax.set_ylabel("total cross entropy")
        ax.set_title("The path down the pink curve")

        index = np.arange(1, len(steps) + 1)
        bx.semilogy(index, steps, "o-", color=_PINK_DARK, markersize=4, linewidth=1.2)
        bx.minorticks_off()
        bx.axhline(tolerance, color=GREY, linestyle="--", linewidth=0.9)
        bx.text(index[-1], tolerance * 1.25, f"tolerance {tolerance:g}", ha="right", va="bottom", fontsize=9, color=GREY)
        bx.set_xticks(index)
        bx.set_xlabel("step")
        bx.set_ylabel("|step size|")
        bx.set_title("Each step is a fixed fraction of the last")

        alt = (
            f"Left: gradient descent drawn on the pink curve, {run.steps_taken} steps from b3 = "
            f"{format_number(b3s[0])} to b3 = {format_number(b3s[-1])}; the total cross entropy falls from "
            f"{format_number(losses[0])} to {format_number(losses[-1])}, with the visited points "
            f"crowding together near the minimum and the tangents getting flatter. Right: the size of each step "
            f"on a logarithmic scale, from {format_number(steps[0])} at step 1 down to "
            f"{steps[-1]:.1e} at step {len(steps)}, falling along a straight line until it drops below the "
            f"tolerance {tolerance:g}."
        )
        caption = (
            "Every step moves against the slope by learning rate × slope. Near the bottom the slope — and so "
            "the step — shrinks by roughly the same factor each time, a straight line on the log scale."
        )
        return render_figure(fig, name=name, alt=alt, caption=caption)


@cached_figure
def learning_rates_svg(
    runs: Mapping[float, DescentResult], show: Sequence[float] | None = None, *, name: str | None = None
) -> str:
    r"""The same descent on $b_3$ at several learning rates, one panel each (up to 4).

    Each panel shows the pink curve and the first 30 steps (arrows), titled with what happened:
    settled after $n$ steps, or still bouncing.

    Parameters
    ----------
    runs : mapping of float to DescentResult
        As returned by [`compare_learning_rates`][crossentropy.training.compare_learning_rates].
    show : sequence of float or None
        The learning rates (keys of `runs`) to draw, 1 to 4 of them; ``None`` draws all of `runs`.
    name : str or None
        Figure name; ``learning-rates`` by default.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import compare_learning_rates
    >>> runs = compare_learning_rates(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, [1.0, 4.0])
    >>> "learning rate 4: still bouncing after 200 steps" in learning_rates_svg(runs)
    True
    """
    if not isinstance(runs, Mapping):
        raise TypeError(f"runs must be a mapping of learning rates to DescentResult, got {type(runs).__name__}")
    if show is not None:
        if isinstance(show, (str, bytes)) or not isinstance(show, Sequence):
            raise TypeError(f"show must be a sequence of learning rates, got {type(show).__name__}")
        missing = [r for r in show if r not in runs]
        if missing:
            raise ValueError(f"show names learning rates that runs does not hold: {missing}")
        runs = {r: runs[r] for r in show}
    if not 1 <= len(runs) <= 4:
        raise ValueError(f"learning_rates_svg draws 1 to 4 learning rates, got {len(runs)}")
    checked = {check_real(r, "learning rate"): _check_result(res, f"runs[{r}]") for r, res in runs.items()}
    if name is None:
        name = "learning-rates"
    check_name(name)
    x, y = _data()
    first = next(iter(checked.values()))
    net = first.network
    minimum = gradient_descent(net, x, y, params=("b3",), tol=1e-12, max_steps=1000).network.b3
    shown = 30

    def outcome(res: DescentResult) -> str:
        if res.converged:
            return f"settled after {res.steps_taken} steps"
        return f"still bouncing after {res.steps_taken} steps"

    with figure_style():
        fig, axes = plt.subplots(
            1, len(checked), figsize=(2.25 * len(checked), 2.6), sharey=True, squeeze=False,
            gridspec_kw={"wspace": 0.1},
        )
        descriptions = []
        for ax, (rate, res) in zip(axes[0], checked.items()):
            b3s, _ = _path(res)
            b3s = b3s[: shown + 1]
            ax.axhline(minimum, color=GREY, linestyle="--", linewidth=0.8)
            ax.plot(np.arange(len(b3s)), b3s, "o-", color=_PINK_DARK, markersize=2.6, linewidth=1.0)
            ax.set_xlim(-0.5, shown + 0.5)
            ax.set_ylim(-3.0, 2.0)
            ax.set_xticks([0, 10, 20, 30])
            ax.set_yticks([-2, 0, 2])
            ax.set_xlabel("step")
            ax.set_title(f"rate {rate:g}\n{outcome(res)}", fontsize=9)
            descriptions.append(
                f"learning rate {rate:g}: {outcome(res)}, ending at b3 = "
                f"{format_number(res.network.b3)} (jumped over the minimum {crossings(res)} times)"
            )
        axes[0, 0].set_ylabel("$b_3$")

        alt = (
            f"One panel per learning rate: b3 against the step number for the first {shown} steps of gradient "
            f"descent from b3 = −2, with the minimum (b3 = {format_number(minimum)}) as a dashed line. "
            + "; ".join(descriptions) + "."
        )
        caption = (
            "Too small a learning rate crawls; a moderate one walks straight down; a larger one jumps over the "
            "minimum and zig-zags in; too large a rate never settles. Each panel follows b3 step by step (first "
            f"{shown} steps); the dashed line is the minimum."
        )
        return render_figure(fig, name=name, alt=alt, caption=caption)


@cached_figure
def bias_contour_svg(
    two_biases: DescentResult,
    three_biases: DescentResult | None = None,
    *,
    name: str | None = None,
) -> str:
    r"""Contours of the total cross entropy over $(b_3, b_4)$ with $b_5$ fixed, and descent paths.

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
    >>> run = gradient_descent(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, params=("b3", "b4"))
    >>> "with b5 fixed at 1.00: 18 steps" in bias_contour_svg(run)
    True
    """
    two = _check_result(two_biases, "two_biases")
    if set(two.history[0].values) != {"b3", "b4"}:
        raise ValueError("two_biases must be a descent over ('b3', 'b4')")
    three = None
    if three_biases is not None:
        three = _check_result(three_biases, "three_biases")
        if set(three.history[0].values) != {"b3", "b4", "b5"}:
            raise ValueError("three_biases must be a descent over ('b3', 'b4', 'b5')")
    if name is None:
        name = "bias-contour"
    check_name(name)
    x, y = _data()
    net = two.network
    b5 = net.b5
    b3_path, loss_path = _path(two, "b3")
    b4_path, _ = _path(two, "b4")
    b3_axis = np.linspace(-3.0, 1.5, 49)
    b4_axis = np.linspace(-1.5, 1.5, 33)
    grid = output_bias_loss_grid(net, x, y, b3_axis, b4_axis)
    lmin = float(grid.min())
    levels = lmin + np.array([0.005, 0.03, 0.1, 0.25, 0.5, 0.9, 1.5, 2.2])

    with figure_style():
        fig, ax = plt.subplots(figsize=(6.4, 4.4))
        lines = ax.contour(b3_axis, b4_axis, grid, levels=levels, colors=PINK, linewidths=1.0)
        ax.clabel(lines, levels[[2, 4, 6]], fmt=lambda v: format_number(v), fontsize=7, colors=_INK)
        ax.plot(b3_path, b4_path, "o-", color=_INK, markersize=3, linewidth=1.0,
                label=f"$b_3$, $b_4$ ($b_5$ = {format_number(b5)} fixed)")
        descriptions = [
            f"descent over b3 and b4 with b5 fixed at {format_number(b5)}: {two.steps_taken} steps from "
            f"({format_number(b3_path[0])}, {format_number(b4_path[0])}) to ({format_number(b3_path[-1])}, "
            f"{format_number(b4_path[-1])}), total cross entropy {format_number(loss_path[0])} to "
            f"{format_number(loss_path[-1], 4)}"
        ]
        if three is not None:
            t3, _ = _path(three, "b3")
            t4, _ = _path(three, "b4")
            t5, l5 = _path(three, "b5")
            s3, s4 = t3 + (b5 - t5), t4 + (b5 - t5)
            ax.plot(s3, s4, "s--", color=BLUE, markersize=3, linewidth=1.0,
                    label="$b_3$, $b_4$, $b_5$ (shifted)")
            descriptions.append(
                f"descent over all three biases, {three.steps_taken} steps, drawn shifted so that b5 = "
                f"{format_number(b5)}: it ends at ({format_number(s3[-1])}, {format_number(s4[-1])}) with total "
                f"cross entropy {format_number(l5[-1], 4)}"
            )
        ax.plot([b3_path[-1]], [b4_path[-1]], "*", color=_PINK_DARK, markersize=11, zorder=4)
        ax.set_aspect("equal")
        ax.set_xlabel("$b_3$ (Setosa bias)")
        ax.set_ylabel("$b_4$ (Versicolor bias)")
        ax.set_title(f"Total cross entropy, $b_5$ = {format_number(b5)}")
        ax.legend(loc="upper left", frameon=True, framealpha=0.9)

        alt = (
            f"A contour map of the total cross entropy of the three flowers over b3 from −3 to 1.5 and b4 from "
            f"−1.5 to 1.5, with b5 = {format_number(b5)}: a tilted oval bowl whose lowest value, about "
            f"{format_number(lmin, 4)}, lies near b3 = {format_number(b3_path[-1])}, b4 = "
            f"{format_number(b4_path[-1])}. Paths: " + "; ".join(descriptions) + "."
        )
        caption = (
            "Gradient descent on two output biases heads downhill across the contours, at right angles to "
            "them. Shifted onto the plane b5 = 1, the descent on all three biases ends at the same point."
        )
        return render_figure(fig, name=name, alt=alt, caption=caption)
