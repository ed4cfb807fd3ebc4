r"""Figures of the optimisation pages: the pink curve, gradient-descent paths, learning rates, a bias contour."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from crossentropy.data import TRAINING_DATA
from crossentropy.descent import DescentResult, gradient_descent
from crossentropy.figures._canvas import (
    AXIS_COLOR,
    GRID_COLOR,
    Axes,
    Canvas,
    contour_lines,
    hex_to_rgb,
    mix,
    nice_ticks,
    num,
    path_data,
    text_width,
)
from crossentropy.figures._svg import (
    BLUE,
    GREY,
    PINK,
    check_name,
    check_network,
    check_real,
    figure_name,
    format_number,
    render_figure,
)
from crossentropy.training import (
    crossings,
    output_bias_loss_grid,
    slope_limits,
    sweep_parameter,
)

__all__ = ["pink_curve_svg", "descent_path_svg", "learning_rates_svg", "bias_contour_svg"]

_INK = "#222222"
_PINK_DARK = "#B0306E"  # readable pink for text and markers on white
_TANGENT = BLUE
_TANGENT_TEXT = "#005A8C"  # the tangent's blue, dark enough for small text
_CONTOUR = mix(PINK, _PINK_DARK, 0.35)  # the pink of the curve, a little deeper to show on the background
_RAMP = ("#FFFFFF", "#FBF3F7", "#E4E6F0")  # light, ordered by lightness: low loss → high loss
_TICK = 11.0
_LABEL = 12.0
_TITLE = 12.5
_NOTE = 11.5


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


# -- small drawing helpers ------------------------------------------------------------------------


def _title(ax: Axes, text: str, canvas_width: float, *, size: float = _TITLE, offset: float = 10.0) -> None:
    """A bold title centred over the box, nudged sideways if it would run off the canvas."""
    half = text_width(text, size) * 0.95 / 2.0
    centre = min(max(ax.x + ax.width / 2.0, half + 4.0), canvas_width - half - 4.0)
    ax.canvas.text(centre, ax.y - offset, text, size=size, anchor="middle", weight="600")


def _legend_size(entries: Sequence[tuple[str, dict[str, Any]]], size: float = _TICK) -> tuple[float, float]:
    """Width and height of the panel `_legend` draws."""
    return (7.0 * 2 + 24.0 + 6 + 0.92 * max(text_width(label, size) for label, _ in entries),
            7.0 * 2 + size * 1.5 * (len(entries) - 1) + size)


def _legend(canvas: Canvas, left: float, top: float, entries: Sequence[tuple[str, dict[str, Any]]],
            *, size: float = _TICK) -> None:
    """A legend on a white panel with its top left corner at (left, top). Styles: ``color``,
    ``width``, ``dash``, ``shape``."""
    pad, sample, row = 7.0, 24.0, size * 1.5
    box_w, box_h = _legend_size(entries, size)
    canvas.rect(left, top, box_w, box_h, fill="white", stroke="#cccccc", stroke_width=0.8, rx=3, opacity=0.92)
    for i, (label, style) in enumerate(entries):
        cy = top + pad + size / 2 + i * row
        color = str(style["color"])
        canvas.line(left + pad, cy, left + pad + sample, cy, stroke=color, width=float(style.get("width", 2.0)),
                    dash=style.get("dash"))
        if "shape" in style:
            canvas.marker(left + pad + sample / 2, cy, str(style["shape"]), 6.5, fill=color)
        canvas.text(left + pad + sample + 6, cy, label, size=size, valign="middle")


def _free_corner(ax: Axes, size: tuple[float, float], xs: NDArray[np.float64], ys: NDArray[np.float64],
                 margin: float = 6.0) -> tuple[float, float]:
    """Top left corner for a ``size`` panel inside the box that no data point (xs, ys) falls under:
    upper centre, upper left, upper right, then the lower ones; upper centre if none is free."""
    w, h = size
    px, py = ax.sx(xs), ax.sy(ys)
    lefts = {"centre": ax.x + (ax.width - w) / 2, "left": ax.x + margin, "right": ax.x + ax.width - w - margin}
    tops = {"upper": ax.y + margin, "lower": ax.y + ax.height - h - margin}
    for vertical in ("upper", "lower"):
        for horizontal in ("centre", "left", "right"):
            left, top = lefts[horizontal], tops[vertical]
            inside = (px > left - 4) & (px < left + w + 4) & (py > top - 4) & (py < top + h + 4)
            if not inside.any():
                return left, top
    return lefts["centre"], tops["upper"]


def _star(canvas: Canvas, x: float, y: float, size: float, *, fill: str) -> None:
    """A five-pointed star ``size`` units across, centred at (x, y)."""
    angles = -np.pi / 2 + np.arange(10) * np.pi / 5
    radii = np.where(np.arange(10) % 2 == 0, size / 2.0, size / 5.0)
    canvas.polygon(x + radii * np.cos(angles), y + radii * np.sin(angles), fill=fill, stroke="white", width=1.0)


def _hop(canvas: Canvas, x0: float, y0: float, x1: float, y1: float, *, gap: float = 5.0,
         head: float = 6.5) -> None:
    """An arrow from (x0, y0) to (x1, y1) bowed upwards (above a convex curve through both points),
    leaving ``gap`` units free at either end; skipped when the points are too close for a head."""
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy)
    if length < 2 * gap + 2 * head:
        return
    ux, uy = dx / length, dy / length
    nx, ny = (uy, -ux) if ux > 0 else (-uy, ux)  # the normal pointing up the screen
    bow = 0.16 * length
    cx, cy = (x0 + x1) / 2 + nx * bow, (y0 + y1) / 2 + ny * bow
    # start and end a gap away from the points, along the curve's end directions
    sx, sy = x0 + (cx - x0) / math.hypot(cx - x0, cy - y0) * gap, y0 + (cy - y0) / math.hypot(cx - x0, cy - y0) * gap
    ex, ey = x1 - (x1 - cx) / math.hypot(x1 - cx, y1 - cy) * gap, y1 - (y1 - cy) / math.hypot(x1 - cx, y1 - cy) * gap
    tx, ty = (ex - cx) / math.hypot(ex - cx, ey - cy), (ey - cy) / math.hypot(ex - cx, ey - cy)
    bx, by = ex - tx * (head - 0.5), ey - ty * (head - 0.5)
    canvas.path(f"M{num(sx)} {num(sy)}Q{num(cx)} {num(cy)} {num(bx)} {num(by)}", stroke=_INK, width=1.0)
    base_x, base_y, half = ex - tx * head, ey - ty * head, head * 0.45
    canvas.polygon([ex, base_x - ty * half, base_x + ty * half], [ey, base_y + tx * half, base_y - tx * half],
                   fill=_INK)


def _markers(ax: Axes, xs: NDArray[np.float64], ys: NDArray[np.float64], **kwargs: Any) -> None:
    """Markers at the finite points that fall inside the box."""
    (xlo, xhi), (ylo, yhi) = ax.xlim, ax.ylim
    keep = np.isfinite(xs) & np.isfinite(ys) & (xs >= xlo) & (xs <= xhi) & (ys >= ylo) & (ys <= yhi)
    if keep.any():
        ax.scatter(xs[keep], ys[keep], **kwargs)


def _cut(line: NDArray[np.float64], start: float, stop: float) -> list[NDArray[np.float64]]:
    """``line`` without the stretch from arc length ``start`` to ``stop`` (a closed line stays in one piece).

    Examples
    --------
    >>> [p.tolist() for p in _cut(np.array([[0.0, 0.0], [4.0, 0.0]]), 1.0, 3.0)]
    [[[0.0, 0.0], [1.0, 0.0]], [[3.0, 0.0], [4.0, 0.0]]]
    """
    arc = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(line, axis=0).T))])

    def at(s: float) -> NDArray[np.float64]:
        return np.array([np.interp(s, arc, line[:, 0]), np.interp(s, arc, line[:, 1])])

    before = np.vstack([line[arc < start], at(start)[None, :]]) if start > 0 else line[:0]
    after = np.vstack([at(stop)[None, :], line[arc > stop]]) if stop < arc[-1] else line[:0]
    if np.allclose(line[0], line[-1]) and len(before) and len(after):
        return [np.vstack([after, before[1:]])]
    return [piece for piece in (before, after) if len(piece) > 1]


def _ramp(t: NDArray[np.float64]) -> NDArray[np.uint8]:
    """Colours of `_RAMP` at ``t`` in [0, 1] (piecewise linear), as an RGB uint8 array."""
    stops = np.array([hex_to_rgb(c) for c in _RAMP], dtype=np.float64)
    where = np.linspace(0.0, 1.0, len(_RAMP))
    t = np.clip(t, 0.0, 1.0)
    rgb = np.stack([np.interp(t, where, stops[:, k]) for k in range(3)], axis=-1)
    return np.round(rgb).astype(np.uint8)


def _minimum_b3(net: Any, x: NDArray[np.float64], y: NDArray[np.intp]) -> float:
    """Where the total loss over b3 is lowest: the zero of its slope (which only increases),
    bracketed on [-10, 10] and narrowed on finer and finer grids, then interpolated.

    The same number, to far more digits than any label shows, as a long gradient descent
    (``tol=1e-12``) but in a few vectorised sweeps instead of dozens of steps.
    """
    lo, hi = -10.0, 10.0
    s0 = s1 = 0.0
    for _ in range(4):  # each round narrows the bracket 40-fold
        grid = np.linspace(lo, hi, 41)
        slopes = sweep_parameter(net, x, y, "b3", grid).slopes
        if slopes[0] > 0 or slopes[-1] < 0:  # no minimum inside: fall back to the long descent
            return gradient_descent(net, x, y, params=("b3",), tol=1e-12, max_steps=1000).network.b3
        k = min(max(int(np.searchsorted(slopes, 0.0)), 1), grid.size - 1)
        lo, hi, s0, s1 = float(grid[k - 1]), float(grid[k]), float(slopes[k - 1]), float(slopes[k])
    return lo - s0 * (hi - lo) / (s1 - s0) if s1 != s0 else lo


# -- figures ----------------------------------------------------------------------------------------


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
    bmin, lmin = float(near.values[i_min]), float(near.losses[i_min])

    width, height = 680.0, 300.0
    c = Canvas(width, height)
    ax = Axes(c, 58, 30, 262, 220, xlim=(-4.0, 4.0), ylim=(0.0, float(near.losses.max()) * 1.05))
    ax.frame([-4, -2, 0, 2, 4], nice_ticks(*ax.ylim), size=_TICK)
    ax.plot(near.values, near.losses, color=PINK, width=2.6)
    span = np.array([b0 - 1.2, b0 + 1.2])
    ax.plot(span, loss0 + slope0 * (span - b0), color=_TANGENT, width=1.6)
    ax.scatter([b0], [loss0], color=_TANGENT, size=8)
    note = f"slope {format_number(slope0)}"
    room = ax.x + ax.width - float(ax.sx(b0)) - 9 >= text_width(note, _NOTE)
    ax.text(b0, loss0, note, dx=9 if room else -9, dy=-7, anchor="start" if room else "end", size=_NOTE,
            fill=_TANGENT_TEXT, halo=True)
    ax.scatter([bmin], [lmin], color=_PINK_DARK, size=8)
    ax.text(bmin, lmin, "minimum", dy=8, size=_NOTE, anchor="middle", valign="top", fill=_PINK_DARK, halo=True)
    entries: list[tuple[str, dict[str, Any]]] = [
        ("total cross entropy", {"color": PINK, "width": 2.6}),
        ("tangent", {"color": _TANGENT, "width": 1.6}),
    ]
    drawn_x = np.concatenate([near.values, np.linspace(span[0], span[1], 9), [bmin]])
    drawn_y = np.concatenate([near.losses, loss0 + slope0 * (np.linspace(span[0], span[1], 9) - b0), [lmin - 0.4]])
    _legend(c, *_free_corner(ax, _legend_size(entries), drawn_x, drawn_y), entries)
    ax.xlabel("b_3", size=_LABEL)
    ax.ylabel("total cross entropy", size=_LABEL, offset=38)
    _title(ax, "Total cross entropy of the three flowers", width)

    bx = Axes(c, 402, 30, 260, 220, xlim=(-10.0, 10.0), ylim=(left_limit - 0.4, right_limit + 0.4))
    bx.frame([-10, -5, 0, 5, 10], nice_ticks(*bx.ylim), size=_TICK)
    bx.hline(0.0, color=GREY, width=0.9, dash=None)
    for limit, where in ((left_limit, "left"), (right_limit, "right")):
        bx.hline(limit, color=GREY, width=1.0, dash="5 3")
        bx.text(-9.6 if where == "left" else 9.6, limit, f"limit {limit:+d}".replace("-", "\u2212"), dy=-5,
                anchor="start" if where == "left" else "end", size=_TICK, fill=GREY, halo=True)
    bx.plot(wide.values, wide.slopes, color=_PINK_DARK, width=2.2)
    bx.scatter([b0], [slope0], color=_TANGENT, size=8)
    bx.xlabel("b_3", size=_LABEL)
    bx.ylabel("slope  d(total CE) / db_3", size=_LABEL, offset=44)
    _title(bx, "Its slope: from −1 to +2", width)

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
    return render_figure(c, name=name, alt=alt, caption=caption)


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
    ok = np.isfinite(b3s) & np.isfinite(losses)  # a diverging descent may end in inf or nan
    seen_b3, seen_loss = (b3s[ok], losses[ok]) if ok.any() else (np.array([0.0]), np.array([1.0]))
    width = float(seen_b3.max() - seen_b3.min())
    lo, hi = float(seen_b3.min()) - 0.12 * width - 0.05, float(seen_b3.max()) + 0.18 * width + 0.05
    curve = sweep_parameter(net, x, y, "b3", np.linspace(lo, hi, 121))
    steps = np.array([abs(s.steps["b3"]) for s in run.history])
    slopes = [s.slopes["b3"] for s in run.history]
    labelled = min(4, len(b3s))

    canvas_width, canvas_height = 680.0, 300.0
    c = Canvas(canvas_width, canvas_height)
    spread = float(seen_loss.max() - seen_loss.min()) or 1.0
    ax = Axes(c, 64, 30, 300, 220, xlim=(lo, hi),
              ylim=(float(seen_loss.min()) - 0.08 * spread, float(seen_loss.max()) + 0.08 * spread))
    ax.frame(nice_ticks(lo, hi, 4), nice_ticks(*ax.ylim, 4), size=_TICK)
    ax.plot(curve.values, curve.losses, color=PINK, width=2.6)
    half = 0.09 * width
    for k in range(min(labelled, len(slopes))):
        span = np.array([b3s[k] - half, b3s[k] + half])
        ax.plot(span, losses[k] + slopes[k] * (span - b3s[k]), color=_TANGENT, width=1.4)
    px, py = ax.sx(b3s), ax.sy(losses)
    drawn = set()  # a bouncing descent repeats its hops: draw each once
    for k in range(len(b3s) - 1):
        ends = (px[k], py[k], px[k + 1], py[k + 1])
        if not np.isfinite(ends).all():
            continue
        hop = tuple(round(float(v)) for v in ends)
        if hop not in drawn:
            drawn.add(hop)
            _hop(c, *ends)
    _, first = np.unique(np.round(np.column_stack([px, py])), axis=0, return_index=True)
    once = np.sort(first)
    _markers(ax, b3s[once], losses[once], color=_PINK_DARK, size=7)
    last: tuple[float, float] | None = None
    for k in range(labelled):  # the first few points, skipping any too close to the last label
        if last is not None and math.hypot(px[k] - last[0], py[k] - last[1]) < 28:
            continue
        ax.text(b3s[k], losses[k], format_number(b3s[k]), dx=6, dy=-5, size=_TICK, fill=_INK, halo=True)
        last = (float(px[k]), float(py[k]))
    ax.xlabel("b_3", size=_LABEL)
    ax.ylabel("total cross entropy", size=_LABEL, offset=46)
    _title(ax, "The path down the pink curve", canvas_width)

    index = np.arange(1, len(steps) + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        step_logs = np.log10(steps)
    finite = step_logs[np.isfinite(step_logs)]
    if tolerance > 0:
        finite = np.append(finite, math.log10(tolerance))
    if finite.size == 0:
        finite = np.array([-1.0, 0.0])
    ylo, yhi = float(finite.min()) - 0.15, float(finite.max()) + 0.15
    if math.floor(yhi) - math.ceil(ylo) < 1:  # less than a decade: widen to two powers of ten
        ylo, yhi = math.floor(ylo) - 0.05, math.ceil(yhi) + 0.05
    bx = Axes(c, 450, 30, 212, 220, xlim=(0.4, len(steps) + 0.6), ylim=(ylo, yhi))
    powers = np.arange(math.ceil(ylo), math.floor(yhi) + 1)
    if powers.size > 7:
        powers = powers[:: math.ceil(powers.size / 6)]
    xticks = index if len(steps) <= 12 else nice_ticks(1, len(steps), 5)
    xticks = [t for t in xticks if 1 <= t <= len(steps)]
    bx.frame(xticks, powers, xlabels=[f"{t:g}" for t in xticks],
             ylabels=[f"10^{{{p:d}}}".replace("-", "\u2212") for p in powers], size=_TICK)
    if tolerance > 0:
        bx.hline(math.log10(tolerance), color=GREY, width=1.0, dash="5 3")
    bx.plot(index, step_logs, color=_PINK_DARK, width=1.4)
    if len(steps) <= 40:
        _markers(bx, index.astype(np.float64), step_logs, color=_PINK_DARK, size=6.5)
    if tolerance > 0:
        bx.text(0.4, math.log10(tolerance), f"tolerance {tolerance:g}", dx=6, dy=-5, size=_TICK, fill=GREY, halo=True)
    bx.xlabel("step", size=_LABEL)
    bx.ylabel("|step size|", size=_LABEL, offset=46)
    _title(bx, "Each step is a fixed fraction of the last", canvas_width)

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
    return render_figure(c, name=name, alt=alt, caption=caption)


def learning_rates_svg(
    runs: Mapping[float, DescentResult], show: Sequence[float] | None = None, *, name: str | None = None
) -> str:
    r"""The same descent on $b_3$ at several learning rates, one panel each (up to 4).

    Each panel follows $b_3$ over the first 30 steps, titled with what happened: settled after
    $n$ steps, or still bouncing. Four panels are laid out two by two.

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
    minimum = _minimum_b3(net, x, y)
    shown = 30

    def outcome(res: DescentResult) -> str:
        if res.converged:
            return f"settled after {res.steps_taken} steps"
        return f"still bouncing after {res.steps_taken} steps"

    paths = {rate: _path(res)[0][: shown + 1] for rate, res in checked.items()}
    visible = np.concatenate([p[np.isfinite(p)] for p in paths.values()] + [np.array([minimum])])
    ylo, yhi = min(-3.0, float(visible.min()) - 0.3), max(2.0, float(visible.max()) + 0.3)
    yticks = [-2.0, 0.0, 2.0] if (ylo, yhi) == (-3.0, 2.0) else nice_ticks(ylo, yhi, 4)

    count = len(checked)
    cols = 2 if count == 4 else count
    rows = 2 if count == 4 else 1
    panel_w = {1: 300.0, 2: 214.0, 3: 192.0}[cols]
    panel_h, gap_x, gap_y = 130.0, 22.0, 70.0
    left, top = 54.0, 46.0
    canvas_width = left + cols * panel_w + (cols - 1) * gap_x + 16.0
    canvas_height = top + rows * panel_h + (rows - 1) * gap_y + 44.0
    c = Canvas(canvas_width, canvas_height)
    descriptions = []
    for i, (rate, res) in enumerate(checked.items()):
        row, col = divmod(i, cols)
        ax = Axes(c, left + col * (panel_w + gap_x), top + row * (panel_h + gap_y), panel_w, panel_h,
                  xlim=(-0.5, shown + 0.5), ylim=(ylo, yhi))
        if col == 0:
            ax.frame([0, 10, 20, 30], yticks, size=_TICK)
        else:  # the y axis is shared along the row: grid lines and tick marks, no labels
            rows_y = ax.sy(yticks)
            c.path("".join(f"M{num(ax.x)} {num(v)}H{num(ax.x + ax.width)}" for v in rows_y), stroke=GRID_COLOR,
                   width=0.8)
            c.path("".join(f"M{num(ax.x)} {num(v)}h-4" for v in rows_y), stroke=AXIS_COLOR, width=1.0)
            ax.frame([0, 10, 20, 30], [], size=_TICK)
        ax.hline(minimum, color=GREY, width=1.0, dash="5 3")
        b3s = paths[rate]
        steps = np.arange(len(b3s), dtype=np.float64)
        if i == 0 and not np.any((steps >= 18) & (b3s > minimum - 0.1) & (b3s < minimum + 0.9)):
            ax.text(shown + 0.5, minimum, "minimum", dx=-3, dy=-5, anchor="end", size=_TICK, fill=GREY, halo=True)
        ax.plot(steps, b3s, color=_PINK_DARK, width=1.3)
        _markers(ax, steps, b3s, color=_PINK_DARK, size=5.5, edge_width=0.8)
        centre = ax.x + ax.width / 2
        c.text(centre, ax.y - 24, f"learning rate {rate:g}", size=_LABEL, anchor="middle", weight="600")
        c.text(centre, ax.y - 8, outcome(res), size=_NOTE, anchor="middle")
        if col == 0:
            ax.ylabel("b_3", size=_LABEL, offset=32)
        if row == rows - 1:
            ax.xlabel("step", size=_LABEL, offset=36)
        descriptions.append(
            f"learning rate {rate:g}: {outcome(res)}, ending at b3 = "
            f"{format_number(res.network.b3)} (jumped over the minimum {crossings(res)} times)"
        )

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
    return render_figure(c, name=name, alt=alt, caption=caption)


def bias_contour_svg(
    two_biases: DescentResult,
    three_biases: DescentResult | None = None,
    *,
    name: str | None = None,
) -> str:
    r"""Contours of the total cross entropy over $(b_3, b_4)$ with $b_5$ fixed, and descent paths.

    The contour lines are traced by marching squares on a 97 × 65 grid over a light background
    shaded by the loss (an embedded image, lighter is lower).

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
    b3_axis = np.linspace(-3.0, 1.5, 97)
    b4_axis = np.linspace(-1.5, 1.5, 65)
    grid = output_bias_loss_grid(net, x, y, b3_axis, b4_axis)
    lmin = float(grid[::2, ::2].min())  # the lowest value on the 49 × 33 grid of every other point
    levels = lmin + np.array([0.005, 0.03, 0.1, 0.25, 0.5, 0.9, 1.5, 2.2])

    canvas_width, canvas_height = 540.0, 386.0
    c = Canvas(canvas_width, canvas_height)
    ax = Axes(c, 68, 34, 450, 300, xlim=(-3.0, 1.5), ylim=(-1.5, 1.5))  # equal scales: 100 units per 1

    # background: the grid shaded by sqrt(loss − lowest), the distance-like scale on which the
    # contour levels are nearly evenly spaced; one pixel per grid point, so the image reaches half a
    # cell beyond the box on every side and is clipped to it
    cw, ch = ax.width / (b3_axis.size - 1), ax.height / (b4_axis.size - 1)
    c.raw(f'<g clip-path="{ax.clip}">')
    c.image(ax.x - cw / 2, ax.y - ch / 2, ax.width + cw, ax.height + ch,
            _ramp(np.sqrt(np.maximum(grid[::-1] - lmin, 0.0) / (levels[-1] - lmin + 0.8))))
    c.raw("</g>")
    ax.frame(np.arange(-3.0, 1.51, 0.5), np.arange(-1.5, 1.51, 0.5), grid=False, box=True, size=_TICK)

    lines = [
        [np.column_stack([ax.sx(line[:, 0]), ax.sy(line[:, 1])]) for line in contour_lines(b3_axis, b4_axis, grid, lv)]
        for lv in levels
    ]

    path_px = np.column_stack([ax.sx(b3_path), ax.sy(b4_path)])
    shifted: tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]] | None = None
    if three is not None:
        t3, _ = _path(three, "b3")
        t4, _ = _path(three, "b4")
        t5, l5 = _path(three, "b5")
        shifted = (t3 + (b5 - t5), t4 + (b5 - t5), l5)
        path_px = np.vstack([path_px, np.column_stack([ax.sx(shifted[0]), ax.sy(shifted[1])])])

    entries: list[tuple[str, dict[str, Any]]] = [
        (f"b_3, b_4 (b_5 = {format_number(b5)} fixed)", {"color": _INK, "width": 1.3, "shape": "o"})
    ]
    if three is not None:
        entries.append(("b_3, b_4, b_5 (shifted)", {"color": BLUE, "width": 1.3, "dash": "5 3", "shape": "s"}))
    legend_w, legend_h = _legend_size(entries)

    # label three levels where a ray from the lowest point, up and to the right, meets them, away
    # from the edges, the legend and the paths; the line is broken under its label
    centre = np.array([float(ax.sx(b3_path[-1])), float(ax.sy(b4_path[-1]))])
    labels = []
    for k in (2, 4, 6):
        text = format_number(levels[k])
        half = text_width(text, _TICK) / 2 + 4.0
        best: tuple[float, int, float] | None = None
        for n, pts in enumerate(lines[k]):
            arc = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])
            rel = pts - centre
            angle = np.degrees(np.arctan2(-rel[:, 1], rel[:, 0]))
            ok = (
                (pts[:, 0] > ax.x + 24) & (pts[:, 0] < ax.x + ax.width - 24)
                & (pts[:, 1] > ax.y + 16) & (pts[:, 1] < ax.y + ax.height - 16)
                & ~((pts[:, 0] < ax.x + 6 + legend_w + half) & (pts[:, 1] < ax.y + 6 + legend_h + 12))  # the legend
                & (arc >= half) & (arc <= arc[-1] - half)
                & (np.min(np.hypot(*(pts[:, None, :] - path_px[None, :, :]).transpose(2, 0, 1)), axis=1) > 24)
            )
            score = np.where(ok, np.abs((angle - 50.0 + 180.0) % 360.0 - 180.0), np.inf)
            j = int(np.argmin(score))
            if np.isfinite(score[j]) and (best is None or score[j] < best[0]):
                best = (float(score[j]), n, float(arc[j]))
        if best is None:
            continue
        _, n, s = best
        pts = lines[k][n]
        arc = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])
        (x0, x1, xm), (y0, y1, ym) = (np.interp([s - half, s + half, s], arc, pts[:, i]) for i in (0, 1))
        tilt = (math.degrees(math.atan2(y1 - y0, x1 - x0)) + 90.0) % 180.0 - 90.0
        labels.append((xm, ym, text, tilt))
        lines[k][n : n + 1] = _cut(pts, s - half, s + half)

    d = "".join(path_data(pts[:, 0], pts[:, 1]) for level_lines in lines for pts in level_lines)
    c.path(d, stroke=_CONTOUR, width=1.2, linejoin="round", linecap="round", clip=ax.clip)
    for xm, ym, text, tilt in labels:
        c.text(xm, ym, text, size=_TICK, anchor="middle", valign="middle", rotate=tilt, fill=_INK, halo=True)

    ax.plot(b3_path, b4_path, color=_INK, width=1.3)
    _markers(ax, b3_path, b4_path, color=_INK, size=6)
    descriptions = [
        f"descent over b3 and b4 with b5 fixed at {format_number(b5)}: {two.steps_taken} steps from "
        f"({format_number(b3_path[0])}, {format_number(b4_path[0])}) to ({format_number(b3_path[-1])}, "
        f"{format_number(b4_path[-1])}), total cross entropy {format_number(loss_path[0])} to "
        f"{format_number(loss_path[-1], 4)}"
    ]
    if three is not None and shifted is not None:
        s3, s4, l5 = shifted
        ax.plot(s3, s4, color=BLUE, width=1.3, dash="5 3")
        _markers(ax, s3, s4, color=BLUE, shape="s", size=6)
        descriptions.append(
            f"descent over all three biases, {three.steps_taken} steps, drawn shifted so that b5 = "
            f"{format_number(b5)}: it ends at ({format_number(s3[-1])}, {format_number(s4[-1])}) with total "
            f"cross entropy {format_number(l5[-1], 4)}"
        )
    _star(c, float(ax.sx(b3_path[-1])), float(ax.sy(b4_path[-1])), 18.0, fill=_PINK_DARK)
    _legend(c, ax.x + 6, ax.y + 6, entries)
    ax.xlabel("b_3 (Setosa bias)", size=_LABEL)
    ax.ylabel("b_4 (Versicolor bias)", size=_LABEL, offset=46)
    _title(ax, f"Total cross entropy, b_5 = {format_number(b5)}", canvas_width)

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
    return render_figure(c, name=name, alt=alt, caption=caption)
