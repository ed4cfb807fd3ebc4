r"""Small 2D figures: the $-\ln p$ loss curve and raw outputs next to their softmax probabilities."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from crossentropy import SPECIES, dce_dp, softmax
from crossentropy.figures._canvas import Axes, Canvas, text_width
from crossentropy.figures._svg import (
    GREY,
    check_mapping_of_probabilities,
    check_name,
    figure_name,
    format_number,
    render_figure,
    species_color,
)

__all__ = ["neg_log_curve_svg", "softmax_bars_svg"]

_MARKERS = ("o", "s", "^", "D", "v", "P")
_P_MIN = 0.001
_CURVE = "#333333"


def _math(text: str) -> str:
    """Italicise the variable p in a label (``"−ln {p} = 0.57"`` → ``−ln`` upright, ``p`` italic)."""
    return text.replace("{p}", "*p*")


def _legend(
    canvas: Canvas, right: float, top: float, entries: list[tuple[str, str, str | None]], *, size: float = 11.0
) -> None:
    """A legend panel whose top-right corner is at (``right``, ``top``).

    Each entry is ``(label, colour, shape)``: a line sample for ``shape=None``, else a hollow
    marker like the marked point's.
    """
    pad, row, sample = 8.0, size * 1.5, 24.0
    label_w = max(text_width(label, size) for label, _, _ in entries)
    box_w = pad * 2 + sample + 7 + label_w
    box_h = pad * 2 + row * len(entries) - (row - size)
    bx = right - box_w
    canvas.rect(bx, top, box_w, box_h, fill="white", stroke="#cccccc", stroke_width=0.8, rx=3, opacity=0.94)
    for i, (label, colour, shape) in enumerate(entries):
        cy = top + pad + size / 2 + i * row
        if shape is None:
            canvas.line(bx + pad, cy, bx + pad + sample, cy, stroke=colour, width=2.0)
        else:
            canvas.marker(bx + pad + sample / 2, cy, shape, 9.0, fill="none", stroke=colour, width=1.8)
        canvas.text(bx + pad + sample + 7, cy, label, size=size, valign="middle")


def neg_log_curve_svg(
    mark: Mapping[str, float] | None = None,
    *,
    tangents: bool = False,
    name: str | None = None,
) -> str:
    r"""The cross entropy of one observation, $-\ln p$, against the observed class's probability $p$.

    Drawn for $p$ from 0.001 to 1 (the curve is infinite at 0). Optional marked points show where
    given probabilities sit on the curve, each with a short tangent of slope
    $\mathrm{d}(-\ln p)/\mathrm{d}p = -1/p$ (from `crossentropy.dce_dp`): the smaller the
    probability, the steeper the tangent.

    Parameters
    ----------
    mark : mapping of str to float, or None, default None
        ``label -> p`` with each ``p`` in $(0, 1]$ (at most 6), e.g. the observed-class
        probabilities of the training flowers, computed with the package.
    tangents : bool, default False
        Draw a tangent segment at each marked point.
    name : str or None, default None
        Figure name; by default ``neg-log-curve``, with a digest when points are marked.

    Returns
    -------
    str
        An inline-SVG ``<figure>``; the alt text lists every marked point.

    Raises
    ------
    TypeError, ValueError
        If ``mark`` is not a mapping of str to probabilities in (0, 1], or ``name`` is invalid.

    Examples
    --------
    >>> html = neg_log_curve_svg({"Setosa": 0.5677}, tangents=True)
    >>> "Setosa: p = 0.57, −ln p = 0.57, slope −1.76" in html
    True
    """
    points = {} if mark is None else check_mapping_of_probabilities(mark, "mark")
    if len(points) > len(_MARKERS):
        raise ValueError(f"mark may hold at most {len(_MARKERS)} points, got {len(points)}")
    if not isinstance(tangents, bool):
        raise TypeError(f"tangents must be a bool, got {type(tangents).__name__}")
    if name is None:
        name = figure_name("neg-log-curve", *((tuple(points.items()), tangents) if points else ()))
    check_name(name)

    # Denser sampling near p = 0, where the curve bends sharply.
    p = np.geomspace(_P_MIN, 1.0, 240)
    loss = -np.log(p)

    canvas = Canvas(560, 330)
    top = max([float(loss[0]), *(-math.log(v) for v in points.values())])  # room for every marked point
    ax = Axes(canvas, 56, 14, 488, 270, xlim=(0.0, 1.02), ylim=(0.0, top * 1.03))
    ax.frame()
    ax.plot(p, loss, color=_CURVE, width=2.0)
    kx = ax.width / (ax.xlim[1] - ax.xlim[0])  # canvas units per unit of p
    ky = ax.height / (ax.ylim[1] - ax.ylim[0])  # canvas units per unit of -ln p
    described = []
    entries: list[tuple[str, str, str | None]] = [(_math("−ln {p}"), _CURVE, None)]
    for i, (label, value) in enumerate(points.items()):
        colour = species_color(label, i)
        ce = float(-np.log(value))
        slope = dce_dp(value)
        ax.plot([value, value], [0.0, ce], color=colour, width=1.2, dash="2 3")
        if tangents:
            # A segment 76 units long on the canvas, whatever its slope, cut at p = 0.001 and 1.
            half = 38.0 / math.hypot(kx, ky * slope) * np.array([-1.0, 1.0])
            xs = np.clip(value + half, _P_MIN, 1.0)
            ax.plot(xs, ce + slope * (xs - value), color=colour, width=2.2)
        canvas.marker(float(ax.sx(value)), float(ax.sy(ce)), _MARKERS[i], 10.0, fill="none", stroke=colour,
                      width=1.8)
        entry = f"{label}: {{p}} = {format_number(value)}, −ln {{p}} = {format_number(ce)}"
        if tangents:
            entry += f", slope {format_number(slope)}"
        entries.append((_math(entry), colour, _MARKERS[i]))
        described.append(
            f"{label}: p = {format_number(value)}, −ln p = {format_number(ce)}, "
            f"slope {format_number(slope)}"
        )
    canvas.text(ax.x + ax.width / 2, ax.y + ax.height + 40, _math("probability of the observed species, {p}"),
                 size=12.0, anchor="middle", valign="bottom")
    canvas.text(ax.x - 36, ax.y + ax.height / 2, _math("cross entropy −ln {p}"), size=12.0,
                 anchor="middle", valign="middle", rotate=-90)
    if points:
        _legend(canvas, ax.x + ax.width - 4, ax.y + 4, entries)

    alt = (
        f"The curve of minus the natural log of p for p from {_P_MIN} to 1: it falls from "
        f"{format_number(loss[0])} at p = {_P_MIN} to 0 at p = 1, steeply near 0 and gently near 1."
    )
    if described:
        alt += " Marked points with tangent slope −1/p: " + "; ".join(described) + "."
    caption = (
        "Cross entropy of one flower is −ln p of the probability given to its observed species: "
        "near 0 when the network is confident and right, and rising without bound as p approaches 0."
    )
    return render_figure(canvas, name=name, alt=alt, caption=caption)


def _bar_panel(
    canvas: Canvas,
    left: float,
    top: float,
    width: float,
    height: float,
    values: np.ndarray,
    colours: list[str],
    ylim: tuple[float, float],
    yticks: np.ndarray | None = None,
) -> Axes:
    """One bar chart: a bar per value, labelled with the value, a line at 0, no x ticks."""
    n = values.shape[0]
    ax = Axes(canvas, left, top, width, height, xlim=(-0.5, n - 0.5), ylim=ylim)
    ax.frame(xticks=[], yticks=yticks)
    half = 0.31 * ax.width / n
    for i, (v, colour) in enumerate(zip(values, colours, strict=True)):
        x0 = float(ax.sx(i)) - half
        y0, y1 = sorted((float(ax.sy(0.0)), float(ax.sy(v))))
        canvas.rect(x0, y0, 2 * half, y1 - y0, fill=colour)
        if v >= 0:
            canvas.text(x0 + half, y0 - 4, format_number(v), size=11, anchor="middle", valign="bottom")
        else:
            canvas.text(x0 + half, y1 + 4, format_number(v), size=11, anchor="middle", valign="top")
    if ylim[0] < 0:
        ax.hline(0.0, color=GREY, width=0.9, dash=None)
    return ax


def softmax_bars_svg(
    logits: Sequence[float] | np.ndarray,
    labels: Sequence[str] = SPECIES,
    *,
    name: str | None = None,
) -> str:
    """Raw outputs of one flower next to their softmax probabilities, as two bar charts.

    The probabilities are `crossentropy.softmax(logits)`; every bar is labelled
    with its value to 2 decimal places.

    Parameters
    ----------
    logits : sequence of float, shape (n,)
        The raw outputs, 2 to 6 finite numbers.
    labels : sequence of str, default SPECIES
        One label per raw output.
    name : str or None, default None
        Figure name; by default ``softmax-bars-`` plus a digest of the arguments.

    Returns
    -------
    str
        An inline-SVG ``<figure>``; the alt text lists the raw outputs and probabilities.

    Raises
    ------
    TypeError, ValueError
        For non-numeric, non-finite or wrongly sized ``logits``, or ``labels`` that are not
        ``len(logits)`` strings.

    Examples
    --------
    >>> html = softmax_bars_svg([1.04, 0.0, 0.14])
    >>> "probabilities Setosa 0.57, Versicolor 0.20, Virginica 0.23" in html
    True
    """
    if isinstance(logits, (str, bytes)) or not isinstance(logits, (Sequence, np.ndarray)):
        raise TypeError(f"logits must be a sequence of numbers, got {type(logits).__name__}")
    try:
        z = np.array(logits, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError("logits must hold real numbers") from None
    if np.asarray(logits).dtype.kind not in "biuf":
        raise TypeError(f"logits must hold real numbers, got dtype {np.asarray(logits).dtype}")
    if z.ndim != 1 or not 2 <= z.shape[0] <= 6:
        raise ValueError(f"logits must be 1-D with 2 to 6 entries, got shape {z.shape}")
    if not np.all(np.isfinite(z)):
        raise ValueError("logits must be finite")
    if isinstance(labels, (str, bytes)) or not isinstance(labels, Sequence):
        raise TypeError(f"labels must be a sequence of str, got {type(labels).__name__}")
    if not all(isinstance(lab, str) for lab in labels):
        raise TypeError("labels must hold str")
    if len(labels) != z.shape[0]:
        raise ValueError(f"labels must have {z.shape[0]} entries to match logits, got {len(labels)}")
    names = tuple(labels)
    if name is None:
        name = figure_name("softmax-bars", tuple(float(v) for v in z), names)
    check_name(name)

    probabilities = softmax(z)
    colours = [species_color(lab, i) for i, lab in enumerate(names)]
    n = z.shape[0]

    panel_w, panel_h, top = 226.0, 196.0, 30.0
    # Category labels: level under the bars when they fit their slot, else slanted.
    size = 11.0
    widest = max(text_width(lab, size) for lab in names)
    slanted = widest > panel_w / n - 6
    label_room = (widest * 0.5 + 8 if slanted else 0) + 24
    canvas = Canvas(640, top + panel_h + label_room + 4)

    lo, hi = min(float(z.min()), 0.0), max(float(z.max()), 0.0)
    pad = 0.15 * (hi - lo if hi - lo > 1e-6 else 1.0)  # all raw outputs 0: show a unit range
    left = _bar_panel(canvas, 60, top, panel_w, panel_h, z, colours,
                      (lo - (pad if lo < 0 else 0.0), hi + pad))
    left.title("raw outputs", offset=12)
    right = _bar_panel(canvas, 400, top, panel_w, panel_h, probabilities, colours, (0.0, 1.12),
                       np.array([0.0, 0.25, 0.5, 0.75, 1.0]))
    right.title(f"softmax probabilities (sum {format_number(probabilities.sum())})", offset=12)
    for ax in (left, right):
        for i, lab in enumerate(names):
            x, y = float(ax.sx(i)), ax.y + ax.height + 7
            if slanted:
                canvas.text(x + 4, y + 2, lab, size=size, anchor="end", valign="top", rotate=-30)
            else:
                canvas.text(x, y, lab, size=size, anchor="middle", valign="top")
    # "softmax →" between the panels.
    mid_y = top + panel_h * 0.45
    gap_l, gap_r = left.x + left.width + 10, right.x - 48
    canvas.text((gap_l + gap_r) / 2, mid_y - 8, "softmax", size=12, anchor="middle", fill=GREY)
    canvas.arrow(gap_l + 6, mid_y, gap_r - 6, mid_y, stroke=GREY, width=1.4, head=8)

    raw = ", ".join(f"{lab} {format_number(v)}" for lab, v in zip(names, z))
    prob = ", ".join(f"{lab} {format_number(v)}" for lab, v in zip(names, probabilities))
    alt = (
        f"Two bar charts for one flower. Left, the raw outputs: {raw}. Right, after softmax, "
        f"probabilities {prob}, summing to {format_number(probabilities.sum())}; the order of the "
        "bars is kept."
    )
    caption = (
        "Softmax turns raw outputs of any size and sign into probabilities between 0 and 1 that "
        "add up to 1, keeping their order."
    )
    return render_figure(canvas, name=name, alt=alt, caption=caption)
