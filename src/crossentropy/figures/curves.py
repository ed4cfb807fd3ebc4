r"""Small 2D figures: the $-\ln p$ loss curve and raw outputs next to their softmax probabilities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

import matplotlib.pyplot as plt

from crossentropy import SPECIES, dce_dp, softmax
from crossentropy.figures._cache import cached_figure
from crossentropy.figures._svg import (
    GREY,
    check_mapping_of_probabilities,
    check_name,
    figure_name,
    figure_style,
    format_number,
    render_figure,
    species_color,
)

__all__ = ["neg_log_curve_svg", "softmax_bars_svg"]

_MARKERS = ("o", "s", "^", "D", "v", "P")
_P_MIN = 0.001


@cached_figure
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

    p = np.linspace(_P_MIN, 1.0, 600)
    loss = -np.log(p)

    with figure_style():
        fig, ax = plt.subplots(figsize=(6.0, 3.4))
        ax.plot(p, loss, color="#333333", label=r"$-\ln p$", zorder=2)
        described = []
        for i, (label, value) in enumerate(points.items()):
            colour = species_color(label, i)
            ce = float(-np.log(value))
            slope = dce_dp(value)
            ax.plot([value, value], [0.0, ce], color=colour, linestyle=":", linewidth=1.0)
            ax.plot(
                [value], [ce], _MARKERS[i], color=colour, markersize=8, zorder=4,
                markerfacecolor="none", markeredgewidth=1.8,  # hollow: close points stay visible
                label=f"{label}: $p$ = {format_number(value)}, $-\\ln p$ = {format_number(ce)}",
            )
            if tangents:
                half = 0.12 / np.sqrt(1.0 + slope**2 / 9.0)  # shorter where the tangent is steep
                xs = np.array([max(value - half, _P_MIN), min(value + half, 1.0)])
                ax.plot(xs, ce + slope * (xs - value), color=colour, linewidth=1.3, zorder=3)
            described.append(
                f"{label}: p = {format_number(value)}, −ln p = {format_number(ce)}, "
                f"slope {format_number(slope)}"
            )
        ax.set_xlim(0.0, 1.02)
        ax.set_ylim(0.0, float(loss[0]) * 1.03)
        ax.set_xlabel("probability of the observed species, $p$")
        ax.set_ylabel(r"cross entropy $-\ln p$")
        if points:
            ax.legend(loc="upper right")

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
        return render_figure(fig, name=name, alt=alt, caption=caption)


@cached_figure
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
    x = np.arange(z.shape[0])

    with figure_style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(6.6, 2.7), gridspec_kw={"wspace": 0.62})
        left.bar(x, z, color=colours, width=0.62)
        left.axhline(0.0, color=GREY, linewidth=0.8)
        span = max(float(z.max()), 0.0) - min(float(z.min()), 0.0)
        pad = 0.12 * max(span, 1e-9)
        left.set_ylim(min(float(z.min()), 0.0) - (pad if z.min() < 0 else 0.0), max(float(z.max()), 0.0) + pad)
        for xi, v in zip(x, z):
            left.annotate(
                format_number(v), (xi, v), xytext=(0, 3 if v >= 0 else -3), textcoords="offset points",
                ha="center", va="bottom" if v >= 0 else "top", fontsize=9,
            )
        left.set_title("raw outputs")
        right.bar(x, probabilities, color=colours, width=0.62)
        right.set_ylim(0.0, 1.12)
        right.set_yticks([0.0, 0.25, 0.5, 0.75, 1.0])
        for xi, v in zip(x, probabilities):
            right.annotate(
                format_number(v), (xi, v), xytext=(0, 3), textcoords="offset points",
                ha="center", va="bottom", fontsize=9,
            )
        right.set_title(f"softmax probabilities (sum {format_number(probabilities.sum())})")
        for ax in (left, right):
            ax.set_xticks(x, names, fontsize=9)
            ax.tick_params(axis="x", length=0)
        gap = left.get_position().x1 + 0.36 * (right.get_position().x0 - left.get_position().x1)
        fig.text(gap, 0.55, "softmax\n→", ha="center", va="center", fontsize=10, color=GREY)

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
        return render_figure(fig, name=name, alt=alt, caption=caption)
