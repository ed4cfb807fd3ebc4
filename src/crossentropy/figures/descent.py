r"""The pink curve and gradient descent on it: the loss over b3, its slope, the steps."""

from __future__ import annotations

from typing import Any

import numpy as np

from crossentropy import (
    DescentResult,
    slope_limits,
    sweep_parameter,
)
from crossentropy.figures._cache import cached_figure
from crossentropy.figures._checks import check_name, check_network, check_real, figure_name
from crossentropy.figures._render import figure_style, new_figure, render_figure
from crossentropy.figures._runs import check_result, minimum_b3, training_data, visited
from crossentropy.figures._style import INK, MUTED, PINK, format_number

__all__ = ["pink_curve_svg", "descent_path_svg"]


@cached_figure
def pink_curve_svg(network: Any = None, tangent_at: float = -2.0, *, name: str | None = None) -> str:
    r"""The total cross entropy of the three flowers as a function of $b_3$, and its slope.

    First panel: the series' pink curve over $b_3 \in [-4, 4]$ with the tangent at `tangent_at`
    and the minimum marked (found by `crossentropy.bias_optimum`, not read off the plot). Second
    panel: the slope $\partial\,(\text{total CE})/\partial b_3$ over $[-10, 10]$, rising from its
    left limit (minus the number of Setosa flowers) to its right limit (the number of other
    flowers), crossing 0 at the minimum.

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
    x, y = training_data()
    near = sweep_parameter(net, x, y, "b3", np.linspace(-4.0, 4.0, 161))
    wide = sweep_parameter(net, x, y, "b3", np.linspace(-10.0, 10.0, 161))
    at = sweep_parameter(net, x, y, "b3", [b0])
    loss0, slope0 = float(at.losses[0]), float(at.slopes[0])
    left_limit, right_limit = slope_limits(y, "b3")
    bmin, lmin = minimum_b3(net.replace(b3=b0))

    with figure_style():
        curve_fig = new_figure(3.4, 3.0)
        ax = curve_fig.add_subplot()
        ax.plot(
            near.values,
            near.losses,
            color=PINK,
            linewidth=2.6,
            label="total cross entropy",
        )
        span = np.array([b0 - 1.5, b0 + 1.5])
        ax.plot(
            span,
            loss0 + slope0 * (span - b0),
            color=INK,
            linewidth=1.3,
            linestyle="--",
            label="tangent",
        )
        ax.plot([b0], [loss0], "o", color=INK, markersize=5)
        ax.annotate(
            f"slope {format_number(slope0)}",
            (b0, loss0),
            xytext=(8, 4),
            textcoords="offset points",
            fontsize=9.5,
        )
        ax.plot([bmin], [lmin], "o", color=PINK, markeredgecolor=INK, markersize=6)
        ax.annotate(
            "minimum",
            (bmin, lmin),
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            fontsize=9.5,
        )
        ax.set_xlim(-4.0, 4.0)
        ax.set_ylim(0.0, float(near.losses.max()) * 1.05)
        ax.set_xlabel("$b_3$")
        ax.set_ylabel("total cross entropy")
        ax.set_title("total cross entropy of the three flowers")
        ax.legend(loc="upper center")

        slope_fig = new_figure(3.4, 3.0)
        bx = slope_fig.add_subplot()
        bx.axhline(0.0, color=MUTED, linewidth=0.8)
        for limit, where in ((left_limit, -9.6), (right_limit, 9.6)):
            bx.axhline(limit, color=MUTED, linewidth=1.0, linestyle="--")
            bx.annotate(
                f"limit {limit:+d}".replace("-", "\u2212"),
                (where, limit),
                xytext=(0, 4),
                textcoords="offset points",
                ha="left" if where < 0 else "right",
                fontsize=9.5,
                color=MUTED,
            )
        bx.plot(wide.values, wide.slopes, color=PINK, linewidth=2.2)
        bx.plot([b0], [slope0], "o", color=INK, markersize=5)
        bx.set_xlim(-10.0, 10.0)
        bx.set_ylim(left_limit - 0.5, right_limit + 0.5)
        bx.set_xlabel("$b_3$")
        bx.set_ylabel(r"slope $\partial\,$(total CE)$/\partial b_3$")
        bx.set_title(f"its slope: from {left_limit:+d} to {right_limit:+d}".replace("-", "\u2212"))

        alt = (
            f"First: the total cross entropy of the three training flowers plotted against b3 from −4 to 4, "
            f"a convex, lopsided bowl: {format_number(near.losses[0])} at b3 = −4, "
            f"{format_number(loss0)} at b3 = {format_number(b0)}, lowest at b3 = {format_number(bmin, 4)} "
            f"({format_number(lmin, 4)}), and {format_number(near.losses[-1])} at b3 = 4. The tangent at "
            f"b3 = {format_number(b0)} has slope {format_number(slope0)}. Second: the slope of that curve for "
            f"b3 from −10 to 10, rising steadily from {format_number(wide.slopes[0])} (limit {left_limit}) "
            f"to {format_number(wide.slopes[-1])} (limit {right_limit}) and crossing zero at the minimum."
        ).replace("limit -", "limit −")
        caption = (
            "The series’ pink curve with its tangent at the starting point, and the curve’s slope. The slope "
            f"only ever increases — the curve is convex — and it is squeezed between {left_limit:+d} (far left) "
            f"and {right_limit:+d} (far right)."
        ).replace("-", "\u2212")
        return render_figure([curve_fig, slope_fig], name=name, alt=alt, caption=caption)


@cached_figure
def descent_path_svg(result: DescentResult, *, tol: float = 1e-3, name: str | None = None) -> str:
    r"""Gradient descent on $b_3$ drawn on the pink curve, and the size of each step.

    First panel: every visited $b_3$ on the curve, an arrow per step, and the dashed tangents at
    the first three points (each flatter than the last); the last points crowd together, so an
    inset magnifies them. Second panel: $|\text{step size}|$ per step on a log scale with the
    stopping tolerance.

    Parameters
    ----------
    result : DescentResult
        A descent over ``("b3",)``.
    tol : float, default 1e-3
        The stopping tolerance to draw.
    name : str or None
        Figure name; ``descent-path`` by default.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent
    >>> run = gradient_descent(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> "10 steps from b3 = −2.00 to b3 = −0.03" in descent_path_svg(run)
    True
    """
    run = check_result(result)
    tolerance = check_real(tol, "tol")
    if not tolerance > 0:
        raise ValueError(f"tol must be positive, got {tolerance}")
    if name is None:
        name = "descent-path"
    check_name(name)
    x, y = training_data()
    b3s, losses = visited(run)
    ok = np.isfinite(b3s) & np.isfinite(losses)
    seen_b3 = b3s[ok] if ok.any() else np.array([0.0])
    width = float(seen_b3.max() - seen_b3.min()) or 1.0
    lo, hi = float(seen_b3.min()) - 0.15 * width, float(seen_b3.max()) + 0.2 * width
    curve = sweep_parameter(run.network, x, y, "b3", np.linspace(lo, hi, 121))
    steps = np.array([abs(s.steps["b3"]) for s in run.history])
    slopes = np.array([s.slopes["b3"] for s in run.history])

    with figure_style():
        path_fig = new_figure(3.4, 3.1)
        ax = path_fig.add_subplot()

        def drawvisited(target: Any, marker_size: float, arrows: bool = True) -> None:
            target.plot(curve.values, curve.losses, color=PINK, linewidth=2.6, zorder=1)
            for k in range(len(b3s) - 1 if arrows else 0):
                if ok[k] and ok[k + 1]:
                    target.annotate(
                        "",
                        (b3s[k + 1], losses[k + 1]),
                        (b3s[k], losses[k]),
                        zorder=3,
                        arrowprops={
                            "arrowstyle": "->",
                            "color": INK,
                            "lw": 0.9,
                            "shrinkA": 3,
                            "shrinkB": 3,
                        },
                    )
            target.plot(
                b3s[ok],
                losses[ok],
                "o",
                color=INK,
                markerfacecolor=PINK,
                markersize=marker_size,
                zorder=4,
            )

        drawvisited(ax, 5.5)
        for k in range(min(3, len(slopes))):
            span = np.array([b3s[k] - 0.3 * width, b3s[k] + 0.3 * width])
            ax.plot(
                span,
                losses[k] + slopes[k] * (span - b3s[k]),
                color=INK,
                linewidth=1.0,
                linestyle="--",
                zorder=2,
                label="tangent" if k == 0 else None,
            )
            ax.annotate(
                format_number(b3s[k]),
                (b3s[k], losses[k]),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize=9.5,
            )
        spread = float(losses[ok].max() - losses[ok].min()) or 1.0
        ax.set_xlim(lo, hi)
        ax.set_ylim(
            float(losses[ok].min()) - 0.1 * spread,
            float(losses[ok].max()) + 0.12 * spread,
        )
        tail = np.flatnonzero(ok)[4:]
        if tail.size >= 2:
            t_lo, t_hi = float(b3s[tail].min()), float(b3s[tail].max())
            pad = max(0.15 * (t_hi - t_lo), 1e-4)
            zoom = ax.inset_axes((0.3, 0.5, 0.45, 0.42))
            c_lo = sweep_parameter(run.network, x, y, "b3", np.linspace(t_lo - pad, t_hi + pad, 41))
            drawvisited(zoom, 4.5, arrows=False)
            zoom.set_xlim(t_lo - pad, t_hi + pad)
            zoom.spines[["top", "right"]].set_visible(True)
            l_lo, l_hi = float(c_lo.losses.min()), float(losses[tail].max())
            zoom.set_ylim(l_lo - 0.1 * (l_hi - l_lo + 1e-9), l_hi + 0.1 * (l_hi - l_lo + 1e-9))
            zoom.set_xticks([])
            zoom.set_yticks([])
            zoom.set_title(f"last {tail.size} points, magnified", fontsize=9, color=MUTED, pad=2)
            ax.indicate_inset_zoom(zoom, edgecolor=MUTED)
        ax.set_xlabel("$b_3$")
        ax.set_ylabel("total cross entropy")
        ax.set_title(f"{run.steps_taken} steps on the pink curve")
        ax.legend(loc="lower left")

        step_fig = new_figure(3.1, 3.1)
        bx = step_fig.add_subplot()
        index = np.arange(1, len(steps) + 1)
        positive = steps > 0
        bx.semilogy(
            index[positive],
            steps[positive],
            "o-",
            color=INK,
            markerfacecolor=PINK,
            markersize=5,
            linewidth=1.2,
        )
        bx.axhline(tolerance, color=MUTED, linestyle="--", linewidth=1.0)
        bx.annotate(
            f"tolerance {tolerance:g}",
            (1.0, tolerance),
            xytext=(0, -12),
            textcoords="offset points",
            fontsize=9.5,
            color=MUTED,
        )
        bx.set_xlabel("step")
        bx.set_ylabel("|step size|")
        bx.set_title("step sizes (log scale)")
        if len(steps) <= 12:
            bx.set_xticks(index)

        alt = (
            f"First: gradient descent drawn on the pink curve, {run.steps_taken} steps from b3 = "
            f"{format_number(b3s[0])} to b3 = {format_number(b3s[-1])}; the total cross entropy falls from "
            f"{format_number(losses[0])} to {format_number(losses[-1])}, with the visited points crowding "
            "together near the minimum (magnified in an inset) and the dashed tangents at the first three "
            f"points getting flatter. Second: the size of each step on a logarithmic scale, from "
            f"{format_number(steps[0])} at step 1 down to {steps[-1]:.1e} at step {len(steps)}, falling faster "
            "at first and then along a straight line (each step about "
            f"{format_number(abs(steps[-1] / steps[-2]))} times the one before) until it drops below the "
            f"tolerance {tolerance:g}."
        )
        caption = (
            "Every step moves against the slope by learning rate × slope. Near the bottom the slope — and so "
            "the step — shrinks by roughly the same factor each time, a straight line on the log scale."
        )
        return render_figure([path_fig, step_fig], name=name, alt=alt, caption=caption)
