r"""Explorable figures: the reader moves $b_3$ or the learning rate, and the numbers follow.

Each builder returns a ``<figure class="ce-figure ce-explore">``: the static matplotlib figure,
exactly as a reader without JavaScript sees it (its numbers in the text alternative and in a
readout of the drawn setting), a labelled range input with an ``<output>``, and, as JSON, every
value the page can show, computed here by the package at every stop of the control. The page's
script only looks a stop up and moves the figure's marks; the format is described in
`crossentropy.figures._explorable`.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from crossentropy import (
    SPECIES,
    TRAINING_DATA,
    DescentResult,
    IrisNetwork,
    bias_optimum,
    compact,
    compare_learning_rates,
    cross_entropy,
    crossings,
    fmt,
    sweep_parameter,
)
from crossentropy.figures._cache import cached_figure
from crossentropy.figures._checks import check_name, check_network, check_real, figure_name
from crossentropy.figures._explorable import coords, explorable, field, svg_affine
from crossentropy.figures._render import figure_style, new_figure, render_figure
from crossentropy.figures._style import INK, MUTED, PINK

__all__ = ["B3_STOPS", "LEARNING_RATE_STOPS", "b3_explorer_svg", "learning_rate_explorer_svg"]

B3_STOPS: tuple[float, ...] = tuple(k / 20.0 for k in range(-80, 81))
"""The b3 slider's stops: −4 to 4 in steps of 0.05 (each the double nearest to k/20)."""
LEARNING_RATE_STOPS: tuple[float, ...] = tuple(k / 10.0 for k in range(1, 41))
"""The learning-rate control's stops: 0.1 to 4 in steps of 0.1. They hold every rate of Part 6's
study (0.1, 0.5, 1, 2, 3, 4) as the same doubles as their literals."""
_DIGITS = 4  # decimals of every value shown (b3 itself: 2)
_STUDY = (0.1, 0.5, 1.0, 2.0, 3.0, 4.0)  # Part 6's learning rates, described in the text alternative


def _series_start(network: Any) -> Any:
    """``None`` becomes the series' starting point (StatQuest's network with b3 = −2)."""
    return check_network(IrisNetwork(b3=-2.0) if network is None else network)


@cached_figure
def b3_explorer_svg(network: Any = None, *, name: str | None = None) -> str:
    r"""The pink curve with a $b_3$ slider: a marker and its tangent, each flower's probabilities.

    The slider runs over `B3_STOPS` (−4 to 4 in steps of 0.05). At every stop the package gives
    each training flower's $p_{\text{Setosa}}$, its probability of the observed species and its
    cross entropy (`IrisNetwork.forward`, `cross_entropy`), and the total cross entropy and its
    slope (`sweep_parameter`, by backpropagation); the marker and the tangent move to that stop.

    Parameters
    ----------
    network : IrisNetwork or None
        The network at the b3 drawn in the static figure, which must be one of `B3_STOPS`; its
        other parameters stay fixed. ``None``: the series' starting point, StatQuest's values
        with b3 = −2.
    name : str or None
        Figure name; ``b3-explorer`` by default.

    Examples
    --------
    >>> html = b3_explorer_svg()
    >>> 'aria-valuetext="b3 = −2.00"' in html and 'data-field="slope">−0.7732<' in html
    True
    """
    net = _series_start(network)
    b0 = float(net.b3)
    if b0 not in B3_STOPS:
        raise ValueError(f"network.b3 must be a multiple of 0.05 in [-4, 4] (one of B3_STOPS), got {b0}")
    if name is None:
        default = net == IrisNetwork(b3=-2.0)
        name = "b3-explorer" if default else figure_name("b3-explorer", tuple(net.params.values()))
    check_name(name)
    x, y = TRAINING_DATA.inputs, TRAINING_DATA.labels
    index0 = B3_STOPS.index(b0)
    b3s = np.array(B3_STOPS)
    sweep = sweep_parameter(net, x, y, "b3", b3s)
    bmin = bias_optimum(net, x, y, "b3")
    half = 1.2  # the tangent is drawn over b3 ± half

    fields = ["valuetext", "b3", "total", "slope"]
    fields += [f"{key}-{i}" for i in range(len(y)) for key in ("p-setosa", "p-observed", "ce")]
    stops: list[dict[str, Any]] = []
    for b3, total, slope in zip(b3s, sweep.losses, sweep.slopes):
        forward = net.replace(b3=float(b3)).forward(x)
        terms = np.asarray(cross_entropy(forward.logits, y, reduction="none"))
        text = [f"b3 = {fmt(b3, 2)}", fmt(b3, 2), fmt(total, _DIGITS), fmt(slope, _DIGITS)]
        for i, label in enumerate(y):
            p = forward.probabilities[i]
            text += [fmt(p[0], _DIGITS), fmt(p[label], _DIGITS), fmt(terms[i], _DIGITS)]
        tangent_ends = coords(b3 - half, total - half * slope, b3 + half, total + half * slope)
        stops.append({"valuetext": text[0], "text": text, "points": [coords(b3, total), tangent_ends]})
    shown: dict[str, str] = dict(zip(fields, stops[index0]["text"]))
    marks = [f"{name}-marker", f"{name}-tangent"]

    with figure_style():
        fig = new_figure(4.2, 2.9)
        ax = fig.add_subplot()
        ax.plot(b3s, sweep.losses, color=PINK, linewidth=2.6, label="total cross entropy", zorder=2)
        l0, s0 = float(sweep.losses[index0]), float(sweep.slopes[index0])
        (tangent,) = ax.plot(
            [b0 - half, b0 + half], [l0 - half * s0, l0 + half * s0], color=INK, linewidth=1.4, linestyle="--",
            label="tangent", zorder=4,
        )  # fmt: skip
        ax.plot(
            [bmin.limit], [bmin.limit_loss], "o", color=PINK, markeredgecolor=INK, markersize=6, zorder=3,
            label="minimum",
        )  # fmt: skip
        (marker,) = ax.plot([b0], [l0], "o", color=INK, markersize=7, zorder=5)
        tangent.set_gid(marks[1])
        marker.set_gid(marks[0])
        ax.set_xlim(-4.0, 4.0)
        ax.set_ylim(0.0, float(sweep.losses.max()) * 1.08)
        ax.set_xlabel("$b_3$")
        ax.set_ylabel("total cross entropy")
        ax.set_title("the pink curve and its tangent")
        ax.legend(loc="upper center")
        alt = (
            "The pink curve: the total cross entropy of the three training flowers against b3 from −4 to 4, "
            f"{fmt(sweep.losses[0], 2)} at b3 = −4, lowest at b3 = {fmt(bmin.limit)} ({fmt(bmin.limit_loss)}) "
            f"and {fmt(sweep.losses[-1], 2)} at b3 = 4. Marked: b3 = {shown['b3']}, where the total is "
            f"{shown['total']} and the dashed tangent has slope {shown['slope']}."
        )
        caption = (
            "Move b₃ with the slider (drag it, or use the arrow keys, Home and End): the marker and its "
            "tangent follow the pink curve, and the table gives each flower’s probabilities and cross entropy "
            f"there. Every value was computed by the package at each of the {len(B3_STOPS)} positions, "
            "0.05 apart."
        )
        figure_html = render_figure(fig, name=name, alt=alt, caption=caption, keep_ids=marks)
        affine = svg_affine(fig, ax)

    rows = "".join(
        f'<tr><th scope="row">{html.escape(SPECIES[label])}</th>'
        + "".join(field(f"{key}-{i}", shown[f"{key}-{i}"], "td") for key in ("p-setosa", "p-observed", "ce"))
        + "</tr>"
        for i, label in enumerate(y)
    )
    readout = (
        '<table class="ce-explore-table"><thead><tr><th scope="col">observed</th>'
        '<th scope="col">p<sub>Setosa</sub></th><th scope="col">p<sub>observed</sub></th>'
        f'<th scope="col">cross entropy</th></tr></thead><tbody>{rows}<tr class="ce-explore-total">'
        f'<th scope="row">total</th><td></td><td></td>{field("total", shown["total"], "td")}</tr></tbody></table>'
    )
    output = (  # each "name value" pair stays on one line
        f'<span class="ce-explore-pair">{field("valuetext", shown["valuetext"])}:</span> '
        f'<span class="ce-explore-pair">total cross entropy {field("total", shown["total"], "strong")},</span> '
        f'<span class="ce-explore-pair">slope {field("slope", shown["slope"], "strong")}</span>'
    )
    data = {"affine": affine, "marks": marks, "fields": fields, "start": index0, "stops": stops}
    return explorable(
        figure_html, name=name, kind="b3", label="b<sub>3</sub>", ends=("\u22124", "4"), output=output,
        readout=readout, noscript=f"With JavaScript on, the slider moves b3; shown here: b3 = {shown['b3']}.",
        data=data,
    )  # fmt: skip


def _outcome(run: DescentResult) -> str:
    if run.converged:
        return f"settled after {run.steps_taken} steps"
    if run.stop_reason == "non-finite":
        return f"stopped after {run.steps_taken} steps: the next step would overflow"
    return f"still bouncing after {run.steps_taken} steps"


def _check_rates(rates: object, initial: object, shown_steps: object) -> tuple[list[float], float, int]:
    if isinstance(rates, (str, bytes)) or not isinstance(rates, (Sequence, np.ndarray)):
        raise TypeError(f"rates must be a sequence of learning rates, got {type(rates).__name__}")
    checked = [check_real(r, f"rates[{i}]") for i, r in enumerate(rates)]
    if not 2 <= len(checked) <= 100:
        raise ValueError(f"rates must hold 2 to 100 learning rates, got {len(checked)}")
    if checked[0] <= 0 or any(b <= a for a, b in itertools.pairwise(checked)):
        raise ValueError("rates must be positive and strictly increasing")
    rate0 = check_real(initial, "initial")
    if rate0 not in checked:
        raise ValueError(f"initial must be one of rates, got {rate0}")
    if isinstance(shown_steps, bool) or not isinstance(shown_steps, (int, np.integer)):
        raise TypeError(f"shown_steps must be an int, got {type(shown_steps).__name__}")
    if not 5 <= int(shown_steps) <= 200:
        raise ValueError(f"shown_steps must lie in 5..200, got {shown_steps}")
    return checked, rate0, int(shown_steps)


@cached_figure
def learning_rate_explorer_svg(
    network: Any = None,
    rates: Sequence[float] = LEARNING_RATE_STOPS,
    initial: float = 1.0,
    *,
    shown_steps: int = 40,
    name: str | None = None,
) -> str:
    r"""Gradient descent on $b_3$ with a learning-rate control: the path, its steps and its end.

    At every rate the package runs `compare_learning_rates` (the stopping rule of Part 6: a step
    below 0.001, at most 200 steps) from the same start; the figure follows $b_3$ step by step
    over the first `shown_steps` steps, and the readout gives the number of steps, where the
    descent ends (its $b_3$ and total cross entropy) and how often it jumped over the minimum.

    Parameters
    ----------
    network : IrisNetwork or None
        Where every descent starts (its b3); its other parameters stay fixed. ``None``: the
        series' starting point, StatQuest's values with b3 = −2.
    rates : sequence of float, default `LEARNING_RATE_STOPS`
        The control's stops: 2 to 100 positive learning rates in increasing order.
    initial : float, default 1.0
        The rate drawn in the static figure (the series' rate); one of `rates`.
    shown_steps : int, default 40
        How many steps the figure's horizontal axis shows (5 to 200).
    name : str or None
        Figure name; ``learning-rate-explorer`` by default.

    Examples
    --------
    >>> html = learning_rate_explorer_svg()
    >>> 'aria-valuetext="learning rate 1"' in html and 'data-field="steps">10<' in html
    True
    """
    first = _series_start(network)
    stop_rates, rate0, shown = _check_rates(rates, initial, shown_steps)
    if name is None:
        parts = (tuple(first.params.values()), tuple(stop_rates), rate0, shown)
        default = parts == (tuple(IrisNetwork(b3=-2.0).params.values()), LEARNING_RATE_STOPS, 1.0, 40)
        name = "learning-rate-explorer" if default else figure_name("learning-rate-explorer", *parts)
    check_name(name)
    x, y = TRAINING_DATA.inputs, TRAINING_DATA.labels
    runs = compare_learning_rates(first, x, y, stop_rates)
    minimum = bias_optimum(first, x, y, "b3").limit
    index0 = stop_rates.index(rate0)

    fields = ["valuetext", "rate", "outcome", "steps", "end-b3", "end-loss", "crossings"]
    stops: list[dict[str, Any]] = []
    paths: list[list[float]] = []
    for rate, run in runs.items():
        drawn = ([s.values["b3"] for s in run.history] + [run.network.b3])[: shown + 1]
        paths.append(drawn)
        text = [
            f"learning rate {compact(rate)}", compact(rate), _outcome(run), str(run.steps_taken),
            fmt(run.network.b3, _DIGITS), fmt(run.final_loss, _DIGITS), str(crossings(run)),
        ]  # fmt: skip
        ending = [run.steps_taken, *coords(run.network.b3)] if run.steps_taken <= shown else []
        points = [c for k, b3 in enumerate(drawn) for c in (k, *coords(b3))]
        stops.append({"valuetext": text[0], "text": text, "points": [points, ending]})
    here: dict[str, str] = dict(zip(fields, stops[index0]["text"]))
    seen = np.concatenate([np.array(p) for p in paths] + [np.array([minimum])])
    span = float(seen.max() - seen.min())
    marks = [f"{name}-path", f"{name}-end"]

    with figure_style():
        fig = new_figure(4.2, 2.7)
        ax = fig.add_subplot()
        ax.axhline(minimum, color=MUTED, linewidth=1.0, linestyle="--", zorder=1)
        path = paths[index0]
        (line,) = ax.plot(
            np.arange(len(path)), path, "o-", color=INK, markerfacecolor=PINK, markersize=4, linewidth=1.1,
            zorder=3,
        )  # fmt: skip
        last = len(path) - 1  # the end, or where the figure stops following a longer descent (hidden)
        (end,) = ax.plot([last], [path[last]], "o", color=INK, markerfacecolor=PINK, markersize=8, zorder=4)
        line.set_gid(marks[0])
        end.set_gid(marks[1])
        ax.set_xlim(-1.0, shown + 1.0)
        ax.set_ylim(float(seen.min()) - 0.08 * span, float(seen.max()) + 0.08 * span)
        ax.set_xlabel("step")
        ax.set_ylabel("$b_3$")
        ax.set_title(f"$b_3$ at each step (first {shown}); dashed: the minimum")
        study = "; ".join(
            f"{compact(r)}: {_outcome(runs[r])}, ending at b3 = {fmt(runs[r].network.b3)}"
            for r in _STUDY
            if r in runs and r != rate0
        )
        alt = (
            f"b3 against the step number for the first {shown} steps of gradient descent from b3 = "
            f"{compact(first.b3)} with learning rate {here['rate']}: {here['outcome']}, ending at b3 = "
            f"{here['end-b3']} (total cross entropy {here['end-loss']}); the dashed line is the minimum, b3 = "
            f"{fmt(minimum)}." + (f" Other learning rates: {study}." if study else "")
        )
        caption = (
            f"Choose the learning rate ({compact(stop_rates[0])} to {compact(stop_rates[-1])}): the path of b₃ "
            "is drawn anew, with its end marked when it comes within the figure, and the numbers below say "
            "how many steps the descent took and where it ended. Each was run by the package beforehand."
        )
        figure_html = render_figure(fig, name=name, alt=alt, caption=caption, keep_ids=marks)
        affine = svg_affine(fig, ax)
    if not stops[index0]["points"][1]:
        figure_html = figure_html.replace(f'<g id="{marks[1]}"', f'<g id="{marks[1]}" visibility="hidden"', 1)

    facts = (
        ("steps taken", "steps"),
        ("ends at b<sub>3</sub>", "end-b3"),
        ("total cross entropy there", "end-loss"),
        ("jumps over the minimum", "crossings"),
    )
    items = "".join(f"<div><dt>{label}</dt>{field(key, here[key], 'dd')}</div>" for label, key in facts)
    data = {"affine": affine, "marks": marks, "fields": fields, "start": index0, "stops": stops}
    return explorable(
        figure_html, name=name, kind="learning-rate", label="learning rate",
        ends=(compact(stop_rates[0]), compact(stop_rates[-1])),
        output=f"{field('valuetext', here['valuetext'])}: {field('outcome', here['outcome'])}",
        readout=f'<dl class="ce-explore-facts">{items}</dl>',
        noscript=f"With JavaScript on, this control chooses the learning rate; shown here: {here['rate']}.",
        data=data,
    )  # fmt: skip
