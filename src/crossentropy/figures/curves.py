r"""Small 2D figures: the $-\ln p$ loss curve and raw outputs next to their softmax probabilities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from crossentropy import SPECIES, dce_dp, softmax
from crossentropy.figures._cache import cached_figure
from crossentropy.figures._checks import (
    check_mapping_of_probabilities,
    check_name,
    figure_name,
)
from crossentropy.figures._render import figure_style, new_figure, render_figure
from crossentropy.figures._style import INK, MUTED, format_number, species_color

__all__ = ["neg_log_curve_svg", "softmax_bars_svg"]

_MARKERS = ("o", "s", "^", "D", "v", "P")
_P_MIN = 0.001
#: Marked points closer than this in p are also shown in a magnified inset.
_CLUSTER = 0.12


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
    probability, the steeper the tangent. Points that crowd together are repeated in a magnified
    inset, so each marker and tangent can be told apart.

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

    p = np.geomspace(_P_MIN, 1.0, 240)  # dense near 0, where the curve bends sharply
    loss = -np.log(p)
    values = np.array(list(points.values()), dtype=np.float64)
    crowded = np.array([np.sum(np.abs(values - v) < _CLUSTER) > 1 for v in values], dtype=bool)

    with figure_style():
        fig = new_figure(4.3, 3.6)
        ax = fig.add_subplot()
        ax.plot(p, loss, color=INK, label=r"$-\ln p$", zorder=2)
        zoom = None
        if crowded.any():
            low, high = values[crowded].min(), values[crowded].max()
            pad = max(0.025, 0.25 * (high - low))
            zoom = ax.inset_axes((0.42, 0.42, 0.55, 0.5), xlim=(low - pad, high + pad))
            zoom.plot(p, loss, color=INK, zorder=2)
            top, bottom = -np.log(low - pad), -np.log(high + pad)
            zoom.set_ylim(bottom - 0.05 * (top - bottom), top + 0.05 * (top - bottom))
            zoom.tick_params(labelsize=9.0)
            zoom.set_title("magnified", fontsize=9, color=MUTED, pad=3)
            ax.indicate_inset_zoom(zoom, edgecolor=MUTED)
        described = []
        for i, (label, value) in enumerate(points.items()):
            colour = species_color(label, i)
            ce = float(-np.log(value))
            slope = dce_dp(value)
            entry = f"{label}: $p$ = {format_number(value)}, $-\\ln p$ = {format_number(ce)}"
            targets = [ax] if zoom is None or not crowded[i] else [ax, zoom]
            for target in targets:
                span = np.diff(target.get_xlim())[0] if target is zoom else 1.0
                target.plot(
                    [value, value],
                    [0.0, ce],
                    color=colour,
                    linestyle=":",
                    linewidth=1.0,
                )
                target.plot(
                    [value],
                    [ce],
                    _MARKERS[i],
                    color=colour,
                    markersize=7,
                    zorder=4,
                    markerfacecolor="none",
                    markeredgewidth=1.7,
                    label=entry if target is ax else None,
                )
                if tangents:
                    half = 0.11 * span / np.sqrt(1.0 + (slope * span) ** 2 / 9.0)
                    xs = np.array([max(value - half, _P_MIN), min(value + half, 1.0)])
                    target.plot(
                        xs,
                        ce + slope * (xs - value),
                        color=colour,
                        linewidth=1.4,
                        zorder=3,
                    )
            described.append(
                f"{label}: p = {format_number(value)}, −ln p = {format_number(ce)}, slope {format_number(slope)}"
            )
        ax.set_xlim(0.0, 1.02)
        ax.set_ylim(
            0.0,
            max(float(loss[0]), *(-np.log(values) if len(values) else [0.0])) * 1.03,
        )
        ax.set_xlabel("probability of the observed species, $p$")
        ax.set_ylabel(r"cross entropy $-\ln p$")
        if points:
            fig.legend(loc="outside lower center", ncols=1, handlelength=1.2)

        alt = (
            f"The curve of minus the natural log of p for p from {_P_MIN} to 1: it falls from "
            f"{format_number(loss[0])} at p = {_P_MIN} to 0 at p = 1, steeply near 0 and gently near 1."
        )
        if described:
            alt += " Marked points with tangent slope −1/p: " + "; ".join(described) + "."
        if zoom is not None:
            alt += " An inset magnifies the points that lie close together."
        caption = (
            "Cross entropy of one flower is −ln p of the probability given to its observed species: "
            "near 0 when the network is confident and right, and rising without bound as p approaches 0."
        )
        return render_figure(fig, name=name, alt=alt, caption=caption)


def _check_logits(logits: object) -> np.ndarray:
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
    return z


@cached_figure
def softmax_bars_svg(
    logits: Sequence[float] | np.ndarray,
    labels: Sequence[str] = SPECIES,
    *,
    name: str | None = None,
) -> str:
    """Raw outputs of one flower next to their softmax probabilities, as two bar charts.

    The probabilities are `crossentropy.softmax(logits)`; every bar is labelled with its value
    to 2 decimal places. The two charts are panels that sit side by side on a wide page and one
    above the other on a phone.

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
    z = _check_logits(logits)
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
        panels = []
        low, high = min(float(z.min()), 0.0), max(float(z.max()), 0.0)
        pad = 0.14 * max(high - low, 1e-9)
        for values, title, ylim in (
            (z, "raw outputs", (low - (pad if low < 0 else 0.0), high + pad)),
            (
                probabilities,
                f"softmax → probabilities (sum {format_number(probabilities.sum())})",
                (0.0, 1.14),
            ),
        ):
            fig = new_figure(3.3, 2.6)
            ax = fig.add_subplot()
            bars = ax.bar(x, values, color=colours, width=0.62)
            ax.bar_label(bars, labels=[format_number(v) for v in values], padding=2, fontsize=9.5)
            ax.axhline(0.0, color=MUTED, linewidth=0.8)
            ax.set_ylim(*ylim)
            ax.set_xticks(x, names)
            ax.tick_params(axis="x", length=0)
            ax.set_title(title)
            panels.append(fig)

        raw = ", ".join(f"{lab} {format_number(v)}" for lab, v in zip(names, z, strict=True))
        prob = ", ".join(f"{lab} {format_number(v)}" for lab, v in zip(names, probabilities, strict=True))
        alt = (
            f"Two bar charts for one flower. Left, the raw outputs: {raw}. Right, after softmax, "
            f"probabilities {prob}, summing to {format_number(probabilities.sum())}; the order of the "
            "bars is kept."
        )
        caption = (
            "Softmax turns raw outputs of any size and sign into probabilities between 0 and 1 that "
            "add up to 1, keeping their order."
        )
        return render_figure(panels, name=name, alt=alt, caption=caption)
