r"""Figures of the lessons beside the series: why cross entropy, the step of a gradient check, δ flowing back.

* `gradient_vs_probability_svg`: $|\partial L/\partial z_c|$ against the observed class's
  probability for cross entropy and for squared error (`crossentropy.raw_output_gradients`);
* `step_error_svg`: the error of central and forward differences against the step $\varepsilon$,
  log-log, with the truncation-plus-rounding model (`crossentropy.setosa_step_errors`);
* `delta_flow_svg`: the error signals of one flower, from the outputs back to the hidden nodes
  (`crossentropy.flower_deltas`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from crossentropy import (
    SPECIES,
    TRAINING_DATA,
    IrisNetwork,
    flower_deltas,
    predicted_error,
    raw_output_gradients,
    sci,
    setosa_step_errors,
)
from crossentropy.figures._cache import cached_figure
from crossentropy.figures._checks import check_name, check_network, check_real, figure_name, network_key
from crossentropy.figures._render import figure_style, new_figure, render_figure
from crossentropy.figures._style import BLUE, INK, MUTED, ORANGE, PAPER, PINK, SPECIES_COLORS, format_number

__all__ = ["delta_flow_svg", "gradient_vs_probability_svg", "step_error_svg"]

_P_MIN = 0.001


@cached_figure
def gradient_vs_probability_svg(marked: float | None = None, *, name: str = "gradient-vs-probability") -> str:
    r"""How hard each loss pulls on the observed class's raw output, against that class's probability.

    Cross entropy's $|\partial\,\mathrm{CE}/\partial z_c| = 1 - p$ against squared error's
    $|\partial\,\mathrm{SE}/\partial z_c| = 2p(1 - p)^2$ for $p$ from 0.001 to 1.

    Parameters
    ----------
    marked : float or None, default None
        An observed-class probability in (0, 1) to mark on both curves (e.g. the Setosa flower's
        at $b_3 = -2$).
    name : str, default "gradient-vs-probability"

    Returns
    -------
    str
        An inline-SVG ``<figure>``; the alt text gives both pulls at p = 0.01 and at the mark.

    Examples
    --------
    >>> html = gradient_vs_probability_svg(0.1509)
    >>> "at p = 0.01 cross entropy pulls with 0.99, squared error with 0.020" in html
    True
    """
    mark = None if marked is None else check_real(marked, "marked")
    if mark is not None and not 0.0 < mark < 1.0:
        raise ValueError(f"marked must lie strictly between 0 and 1, got {mark}")
    check_name(name)
    p = np.geomspace(_P_MIN, 1.0, 120)  # both curves are smooth: 120 points draw them exactly enough
    g = raw_output_gradients(p)
    ce, se = np.abs(g.cross_entropy), np.abs(g.squared_error)
    low = raw_output_gradients([0.01])
    peak = int(np.argmax(se))
    with figure_style():
        fig = new_figure(4.3, 3.4)
        ax = fig.add_subplot()
        ax.plot(p, ce, color=PINK, linewidth=2.4, label=r"cross entropy: $1 - p$")
        ax.plot(p, se, color=INK, linewidth=1.8, linestyle="--", label="squared error: 2$p$(1 − $p$)²")
        described = ""
        if mark is not None:
            m = raw_output_gradients([mark])
            for value, colour in (
                (abs(float(m.cross_entropy[0])), PINK),
                (abs(float(m.squared_error[0])), INK),
            ):
                ax.plot(
                    [mark],
                    [value],
                    "o",
                    color=colour,
                    markersize=6,
                    markerfacecolor="none",
                    markeredgewidth=1.6,
                )
            ax.axvline(mark, color=MUTED, linewidth=0.9, linestyle=":")
            ax.annotate(
                f"$p$ = {format_number(mark)}",
                (mark, 1.02),
                xytext=(4, 0),
                textcoords="offset points",
                color=MUTED,
                fontsize=9.5,
                va="bottom",
            )
            described = (
                f" The marked point, p = {format_number(mark)}: cross entropy pulls with "
                f"{format_number(abs(float(m.cross_entropy[0])))}, squared error with "
                f"{format_number(abs(float(m.squared_error[0])), 3)}."
            )
        ax.set_xlim(0.0, 1.0)
        ax.set_ylim(0.0, 1.1)
        ax.set_xlabel("probability of the observed species, $p$")
        ax.set_ylabel(r"pull on its raw output, $|\partial L/\partial z|$")
        ax.grid(True)
        fig.legend(loc="outside lower center", ncols=1)
        alt = (
            "Two curves against the probability p of the observed species, from 0.001 to 1. Cross entropy's "
            "pull on the raw output, 1 − p, falls in a straight line from almost 1 at p near 0 to 0 at p = 1. "
            f"Squared error's, 2p(1 − p)², is 0 at both ends and peaks at {format_number(se[peak])} near "
            f"p = {format_number(p[peak])}: at p = 0.01 cross entropy pulls with "
            f"{format_number(abs(float(low.cross_entropy[0])))}, squared error with "
            f"{format_number(abs(float(low.squared_error[0])), 3)}." + described
        )
        caption = (
            "For a confident mistake (p near 0) cross entropy pulls at full strength; squared error hardly "
            "pulls at all, so it would barely correct the flowers it gets most wrong."
        )
        return render_figure(fig, name=name, alt=alt, caption=caption)


@cached_figure
def step_error_svg(*, name: str = "step-error") -> str:
    r"""Error of the central and forward differences of Part 3's check against the step $\varepsilon$.

    The function is the Setosa flower's cross entropy as a function of $b_3$ at $-2$, whose exact
    derivative is $p_{\text{Setosa}} - 1$. Measured errors are drawn as markers, the model
    truncation + rounding (`crossentropy.predicted_error`) as lines.

    Parameters
    ----------
    name : str, default "step-error"

    Returns
    -------
    str
        An inline-SVG ``<figure>``; the alt text gives the best step of each difference.

    Examples
    --------
    >>> "central difference is best near" in step_error_svg()
    True
    """
    check_name(name)
    errors = setosa_step_errors()
    eps = errors.eps
    floor = 1e-17  # an error that happens to be 0 is drawn on the bottom edge
    central, forward = np.maximum(errors.central, floor), np.maximum(errors.forward, floor)
    ps = float(IrisNetwork(b3=-2.0).forward(TRAINING_DATA.inputs[0]).probabilities[0])
    f, f2, f3 = -math.log(ps), ps * (1 - ps), ps * (1 - ps) * (1 - 2 * ps)
    fine = np.logspace(-13, -1, 200)
    c_best, c_err = errors.best("central")
    f_best, f_err = errors.best("forward")
    with figure_style():
        from matplotlib.ticker import FuncFormatter, LogLocator

        fig = new_figure(4.3, 3.5)
        ax = fig.add_subplot()
        ax.loglog(
            fine, predicted_error(fine, f, f3, "central"), color=PINK, linewidth=1.6, label="model (lines)"
        )
        ax.loglog(fine, predicted_error(fine, f, f2, "forward"), color=BLUE, linewidth=1.6, linestyle="--")
        ax.loglog(eps, central, "o", color=PINK, markersize=4, label="central difference")
        ax.loglog(
            eps, forward, "s", color=BLUE, markersize=4, markerfacecolor="none", label="forward difference"
        )
        ax.set_xlabel(r"step $\varepsilon$")
        ax.set_ylabel("error of the derivative")
        ax.set_ylim(1e-17, 1e-1)
        ax.grid(True, which="major")
        ax.text(1e-10, 3e-3, "rounding\n∼ u|f| / ε", fontsize=9.5, color=MUTED, ha="center")
        ax.text(5e-2, 2e-17, "truncation\n∼ ε² (central), ε (forward)", fontsize=9.5, color=MUTED, ha="right")
        ax.xaxis.set_major_locator(LogLocator(base=10.0, numticks=20, subs=(1.0,)))
        ax.xaxis.set_major_formatter(FuncFormatter(_power_of_ten))
        ax.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
        ax.set_xticks([10.0**k for k in range(-13, 0, 2)])
        ax.set_yticks([10.0**k for k in range(-17, 0, 2)])
        ax.minorticks_off()
        fig.legend(loc="outside lower center", ncols=2, handlelength=1.2)
        alt = (
            "Log-log plot of the error of a numerical derivative against the step epsilon from 10^−13 to 0.1, for "
            "the Setosa flower's cross entropy as a function of b3 at −2 (exact derivative p − 1). Both errors "
            "fall as the step shrinks, while truncation dominates, then rise again as rounding takes over: "
            f"the central difference is best near epsilon = {sci(c_best, 0)} (error {sci(c_err, 0)}), the forward "
            f"difference near {sci(f_best, 0)} (error {sci(f_err, 0)}). Lines show the model truncation plus "
            "rounding."
        )
        caption = (
            "A smaller step is not always better: truncation error shrinks with ε, rounding error grows as "
            f"1/ε. Here the central difference is most accurate near ε = {sci(c_best, 0)}, the forward one "
            f"near ε = {sci(f_best, 0)}."
        )
        return render_figure(fig, name=name, alt=alt, caption=caption)


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(value: float, _position: int | None = None) -> str:
    """A tick label ``10⁻⁵`` in full-size text (mathtext would shrink the exponent below 9.5 pt)."""
    return "10" + str(round(math.log10(value))).translate(_SUPERSCRIPTS)


def _box(ax: Any, x: float, y: float, title: str, value: str, colour: str) -> None:
    ax.text(x, y + 0.11, title, ha="center", va="bottom", fontsize=10, color=colour, fontweight="bold")
    ax.text(
        x,
        y,
        value,
        ha="center",
        va="center",
        fontsize=10,
        color=colour,
        bbox={"boxstyle": "round,pad=0.35", "facecolor": "none", "edgecolor": colour, "linewidth": 1.4},
    )


@cached_figure
def delta_flow_svg(network: Any = None, flower: int = 0, *, name: str | None = None) -> str:
    r"""The error signals of one training flower, flowing back from the raw outputs to the hidden nodes.

    Right: $\delta = p - y$ at the three raw outputs. Left: each hidden node's
    $\delta_{\text{hid}} = \mathrm{ReLU}'(\text{sum}) \sum_k w_k \delta_k$ (0 for a node that is
    off). Arrows point backwards, labelled with the weight that carries each $\delta$.

    Parameters
    ----------
    network : IrisNetwork or None, default None
        StatQuest's values if None.
    flower : int, default 0
        Index into `TRAINING_DATA`.
    name : str or None, default None
        By default ``delta-flow`` plus a digest of the arguments.

    Returns
    -------
    str
        An inline-SVG ``<figure>``; the alt text lists every δ.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> "Setosa −0.85" in delta_flow_svg(IrisNetwork(b3=-2.0))
    True
    """
    net = check_network(network)
    if isinstance(flower, bool) or not isinstance(flower, int) or not 0 <= flower < len(TRAINING_DATA):
        raise ValueError(f"flower must be an index 0 .. {len(TRAINING_DATA) - 1}, got {flower!r}")
    if name is None:
        name = figure_name("delta-flow", network_key(net), flower)
    check_name(name)
    x, label = TRAINING_DATA.inputs[flower], int(TRAINING_DATA.labels[flower])
    m = flower_deltas(net, x, label)
    d_out, d_hid, sums = m.delta_out[0], m.delta_hidden[0], m.sums[0]
    names = (("w5", "w7", "w9"), ("w6", "w8", "w10"))  # weights from the top / bottom node to each output
    with figure_style():
        fig = new_figure(4.3, 3.4)
        fig.set_layout_engine("none")  # a diagram on one full-size axes: nothing to lay out
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0.0, 1.0)
        ax.set_ylim(0.0, 1.0)
        ax.axis("off")
        outs = [0.72, 0.46, 0.2]
        hid = [0.62, 0.3]
        for j, (y, colour, node) in enumerate(zip(hid, (BLUE, ORANGE), ("top node", "bottom node"))):
            state = "on" if sums[j] > 0 else "off"
            _box(ax, 0.2, y, f"{node} ({state})", f"δ = {format_number(d_hid[j], 3)}", colour)
            for k, yk in enumerate(outs):
                ax.annotate(
                    "",
                    xy=(0.33, y),
                    xytext=(0.66, yk),
                    arrowprops={
                        "arrowstyle": "->",
                        "color": MUTED,
                        "linewidth": 0.9,
                        "shrinkA": 4,
                        "shrinkB": 4,
                    },
                )
                at = 0.22 if j == 0 else 0.62  # where along the arrow (from the output) the weight sits
                ax.text(
                    0.66 - 0.33 * at,
                    yk + (y - yk) * at,
                    names[j][k],
                    fontsize=9.5,
                    color=MUTED,
                    ha="center",
                    va="center",
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": PAPER, "edgecolor": "none"},
                )
        for k, (y, species) in enumerate(zip(outs, SPECIES)):
            _box(ax, 0.82, y, species, f"δ = {format_number(d_out[k], 3)}", SPECIES_COLORS[species])
        ax.text(0.82, 0.04, "δ = p − y", ha="center", fontsize=10, color=INK)
        ax.text(0.2, 0.04, "δ = ReLU′ · Σ w·δ", ha="center", fontsize=10, color=INK)
        flower_text = f"({format_number(x[0])}, {format_number(x[1])}), observed {SPECIES[label]}"
        ax.text(0.5, 0.985, f"flower {flower_text}", ha="center", va="top", fontsize=10, color=INK)
        outs_text = ", ".join(f"{s} {format_number(v)}" for s, v in zip(SPECIES, d_out))
        hid_text = "; ".join(
            f"{node} node ({'on' if sums[j] > 0 else 'off'}): {format_number(d_hid[j], 3)}"
            + (
                " = " + " + ".join(f"{names[j][k]}·δ{SPECIES[k][:2]}" for k in range(3))
                if sums[j] > 0
                else ""
            )
            for j, node in enumerate(("top", "bottom"))
        )
        alt = (
            f"The error signals of the flower {flower_text}, drawn as boxes with arrows pointing backwards. At "
            f"the raw outputs, delta = p − y: {outs_text}. Each hidden node collects the three deltas weighted by "
            f"the weights that connect it to the outputs, passed only if the node is on: {hid_text}."
        )
        caption = (
            "Backpropagation for one flower: the error signals δ = p − y at the raw outputs travel back along "
            "the weights to the hidden nodes, where ReLU lets them through only if the node was on."
        )
        return render_figure(fig, name=name, alt=alt, caption=caption)
