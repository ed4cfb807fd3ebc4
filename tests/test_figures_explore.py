"""Tests of the explorable figures (``crossentropy.figures.explore``).

Oracles, stated per test: the package's own functions called directly at each tested stop
(``IrisNetwork.forward``, ``IrisNetwork.loss``, ``gradient_descent``, ``crossings``), central
differences of the total loss for the slope, the stop grids written out independently
(−4 + 0.05 k; 0.1 k), and the coordinates matplotlib itself wrote into the static SVG (its
markers, its tangent's path and its tick labels) for the embedded data-to-SVG affine.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

import numpy as np
import pytest

from crossentropy import TRAINING_DATA, IrisNetwork, cross_entropy, gradient_descent
from crossentropy.figures._render import figure_style, new_figure, render_figure
from crossentropy.figures.explore import (
    B3_STOPS,
    LEARNING_RATE_STOPS,
    b3_explorer_svg,
    learning_rate_explorer_svg,
)

MINUS = "\u2212"
#: The builders without the figure cache: every call draws anew.
fresh_b3: Callable[..., str] = b3_explorer_svg.uncached
fresh_rates: Callable[..., str] = learning_rate_explorer_svg.uncached
X, Y = TRAINING_DATA.inputs, TRAINING_DATA.labels


@pytest.fixture(scope="module")
def b3_html() -> str:
    return fresh_b3()


@pytest.fixture(scope="module")
def rate_html() -> str:
    return fresh_rates()


def embedded(text: str) -> dict:
    (raw,) = re.findall(r'<template class="ce-explore-data" data-search-exclude>(.*?)</template>', text)
    return json.loads(raw)


def number(text: str) -> float:
    return float(text.replace(MINUS, "-"))


def apply(affine: list[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = affine
    return a * x + c * y + e, b * x + d * y + f


def group(text: str, gid: str) -> str:
    """The SVG of the ``<g id=gid>`` element (matplotlib's groups of one artist do not nest
    other groups except the markers' clip group)."""
    start = text.index(f'<g id="{gid}"')
    depth, i = 0, start
    for match in re.finditer(r"<g[\s>]|</g>", text[start:]):
        depth += 1 if match.group().startswith("<g") else -1
        if depth == 0:
            i = start + match.end()
            break
    return text[start:i]


def uses(svg: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r'<use [^>]*x="([-\d.]+)" y="([-\d.]+)"', svg)]


def path_points(svg: str) -> list[tuple[float, float]]:
    (d,) = re.findall(r'<path d="(M [^"]*)" clip-path', svg)
    values = [float(v) for v in re.findall(r"-?[\d.]+", d)]
    return list(zip(values[::2], values[1::2]))


def field(text: str, name: str) -> str:
    (value,) = set(re.findall(rf'data-field="{name}">([^<]*)<', text))
    return html.unescape(value)


# ---------------------------------------------------------------------------------------------
# b3 slider


def test_b3_stops_are_the_grid_from_minus_4_to_4(b3_html: str) -> None:
    """Oracle: −4 + 0.05 k for k = 0 … 160, written out to two decimals."""
    data = embedded(b3_html)
    assert len(B3_STOPS) == len(data["stops"]) == 161
    expected = [
        f"b3 = {-4 + 0.05 * k:.2f}".replace("-", MINUS).replace(f"{MINUS}0.00", "0.00") for k in range(161)
    ]
    assert [stop["valuetext"] for stop in data["stops"]] == expected
    assert data["stops"][data["start"]]["valuetext"] == f"b3 = {MINUS}2.00"


@pytest.mark.parametrize("k", [0, 17, 40, 79, 80, 81, 123, 160])
def test_b3_table_holds_the_package_values_at_each_stop(b3_html: str, k: int) -> None:
    """Oracles: IrisNetwork.forward / cross_entropy / IrisNetwork.loss at that b3, and a central
    difference of the total loss for the slope (to the 4 decimals shown)."""
    data = embedded(b3_html)
    stop = data["stops"][k]
    shown = dict(zip(data["fields"], stop["text"]))
    b3 = -4.0 + 0.05 * k
    net = IrisNetwork(b3=b3)
    fp = net.forward(X)
    terms = np.asarray(cross_entropy(fp.logits, Y, reduction="none"))
    for i, label in enumerate(Y):
        assert number(shown[f"p-setosa-{i}"]) == pytest.approx(fp.probabilities[i, 0], abs=5.01e-5)
        assert number(shown[f"p-observed-{i}"]) == pytest.approx(fp.probabilities[i, label], abs=5.01e-5)
        assert number(shown[f"ce-{i}"]) == pytest.approx(terms[i], abs=5.01e-5)
    total = net.loss(X, Y)
    h = 1e-5
    slope = (IrisNetwork(b3=b3 + h).loss(X, Y) - IrisNetwork(b3=b3 - h).loss(X, Y)) / (2 * h)
    assert number(shown["total"]) == pytest.approx(total, abs=5.01e-5)
    assert number(shown["slope"]) == pytest.approx(slope, abs=5.1e-5)
    assert number(shown["b3"]) == pytest.approx(b3, abs=1e-9)
    # the marks: the marker on the curve, the tangent through it with that slope, b3 ± 1.2
    marker, tangent = stop["points"]
    assert marker == pytest.approx([b3, total], abs=1e-5)
    assert tangent == pytest.approx([b3 - 1.2, total - 1.2 * slope, b3 + 1.2, total + 1.2 * slope], abs=1e-4)


def test_b3_static_readout_is_the_start_stop(b3_html: str) -> None:
    """Without JavaScript the readout shows the drawn stop; oracle: the series' b3 = −2 values
    (total 2.6659, slope −0.7732, Setosa flower's p_Setosa 0.1509), recomputed here."""
    net = IrisNetwork(b3=-2.0)
    assert field(b3_html, "total") == f"{net.loss(X, Y):.4f}" == "2.6659"
    assert field(b3_html, "slope") == f"{MINUS}{abs(net.gradients(X, Y)['b3']):.4f}" == f"{MINUS}0.7732"
    assert field(b3_html, "p-setosa-0") == f"{net.forward(X).probabilities[0, 0]:.4f}"
    assert 'aria-valuetext="b3 = −2.00"' in b3_html
    label = re.search(r'aria-label="([^"]*)"', b3_html)
    assert label is not None and "2.6659" in label.group(1)


def test_b3_affine_maps_data_to_what_matplotlib_drew(b3_html: str) -> None:
    """Oracle: the SVG coordinates matplotlib wrote for the static marker (b3 = −2 on the curve),
    the tangent's end points and the x tick labels −4 … 4."""
    data = embedded(b3_html)
    affine = data["affine"]
    marker_id, tangent_id = data["marks"]
    total = IrisNetwork(b3=-2.0).loss(X, Y)
    slope = IrisNetwork(b3=-2.0).gradients(X, Y)["b3"]
    (drawn,) = uses(group(b3_html, marker_id))
    assert apply(affine, -2.0, total) == pytest.approx(drawn, abs=0.006)  # written to 0.01 pt
    ends = path_points(group(b3_html, tangent_id))
    expected = [apply(affine, -3.2, total - 1.2 * slope), apply(affine, -0.8, total + 1.2 * slope)]
    assert np.allclose(ends, expected, atol=0.006)  # the path is written to 0.01 pt
    ticks = {
        number(label): float(x)
        for x, label in re.findall(
            r'<text style="[^"]*text-anchor: middle[^"]*" [^>]*'
            r'transform="rotate\(-0 ([-\d.]+) [-\d.]+\)">(\u2212?\d)</text>',
            b3_html,
        )
    }  # the x tick labels, centred on their ticks (matplotlib's rotation anchor: full precision)
    assert {-4.0, -2.0, 0.0, 2.0, 4.0} <= set(ticks)
    for value in (-4.0, -2.0, 0.0, 2.0, 4.0):
        assert apply(affine, value, 0.0)[0] == pytest.approx(ticks[value], abs=1e-4)


def test_b3_control_markup(b3_html: str) -> None:
    """The control is a labelled range over the stops, an <output> for it, inside the figure."""
    assert b3_html.startswith('<figure class="ce-figure ce-explore" id="fig-b3-explorer" data-explore="b3">')
    assert '<label for="fig-b3-explorer-input">b<sub>3</sub></label>' in b3_html
    assert re.search(
        r'<input type="range" id="fig-b3-explorer-input" min="0" max="160" step="1" value="40"', b3_html
    )
    assert '<output id="fig-b3-explorer-output" for="fig-b3-explorer-input" aria-live="polite">' in b3_html
    assert (
        b3_html.index("</svg>")
        < b3_html.index("<input")
        < b3_html.index("<template")
        < b3_html.index("<figcaption>")
    )
    data = embedded(b3_html)
    for gid in data["marks"]:
        assert b3_html.count(f'id="{gid}"') == 1
    assert all(len(stop["text"]) == len(data["fields"]) for stop in data["stops"])
    fields = set(re.findall(r'data-field="([^"]+)"', b3_html))
    assert fields <= set(data["fields"])


def test_b3_explorer_is_deterministic_and_cached_alike(b3_html: str) -> None:
    """Oracle: byte equality with a second fresh render and with the cached builder."""
    assert fresh_b3(IrisNetwork(b3=-2.0)) == b3_html
    assert b3_explorer_svg() == b3_html


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"network": "net"}, TypeError, "network"),
        ({"network": IrisNetwork(b3=0.03)}, ValueError, "network.b3"),
        ({"network": IrisNetwork(b3=-4.05)}, ValueError, "network.b3"),
        ({"name": "Not A Name"}, ValueError, "name"),
        ({"name": 3}, TypeError, "name"),
    ],
)
def test_b3_explorer_rejects_bad_arguments(kwargs: dict, error: type, argument: str) -> None:
    with pytest.raises(error, match=re.escape(argument)):
        fresh_b3(**kwargs)


# ---------------------------------------------------------------------------------------------
# learning-rate control


def test_rate_stops_hold_the_study_rates(rate_html: str) -> None:
    """Oracle: 0.1 k for k = 1 … 40, which holds Part 6's six rates as the same doubles."""
    data = embedded(rate_html)
    assert LEARNING_RATE_STOPS == tuple(round(0.1 * k, 10) for k in range(1, 41))
    assert {0.1, 0.5, 1.0, 2.0, 3.0, 4.0} <= set(LEARNING_RATE_STOPS)
    labels = [stop["valuetext"] for stop in data["stops"]]
    assert labels == [f"learning rate {0.1 * k:.1f}".removesuffix(".0") for k in range(1, 41)]
    assert labels[data["start"]] == "learning rate 1"


@pytest.mark.parametrize("rate", [0.1, 0.5, 1.0, 1.9, 2.0, 3.0, 3.3, 4.0])
def test_rate_readout_holds_the_package_descent(rate_html: str, rate: float) -> None:
    """Oracle: gradient_descent called directly at that rate (this site's stopping rule: a step
    below 0.001, at most 200 steps), and the number of sign changes of its slopes, from the first
    step's to the slope after the last step."""
    data = embedded(rate_html)
    stop = data["stops"][LEARNING_RATE_STOPS.index(rate)]
    shown = dict(zip(data["fields"], stop["text"]))
    run = gradient_descent(IrisNetwork(b3=-2.0), X, Y, learning_rate=rate, tol=1e-3, max_steps=200)
    assert int(shown["steps"]) == run.steps_taken
    assert number(shown["end-b3"]) == pytest.approx(run.network.b3, abs=5.01e-5)
    assert number(shown["end-loss"]) == pytest.approx(run.final_loss, abs=5.01e-5)
    slopes = np.array([s.slopes["b3"] for s in run.history] + [run.final_slopes["b3"]])
    assert int(shown["crossings"]) == int(np.sum(np.sign(slopes[1:]) != np.sign(slopes[:-1])))
    word = "settled" if run.converged else "still bouncing"
    assert shown["outcome"] == f"{word} after {run.steps_taken} steps"
    path, end = stop["points"]
    b3s = [s.values["b3"] for s in run.history] + [run.network.b3]
    assert path[0::2] == list(range(min(len(b3s), 41)))
    assert path[1::2] == pytest.approx(b3s[:41], abs=1e-5)
    if run.steps_taken <= 40:
        assert end == pytest.approx([run.steps_taken, run.network.b3], abs=1e-5)
    else:
        assert end == []


def test_rate_affine_maps_the_path_to_what_matplotlib_drew(rate_html: str) -> None:
    """Oracle: the markers matplotlib drew for the static path (rate 1) and its end marker."""
    data = embedded(rate_html)
    affine = data["affine"]
    path_id, end_id = data["marks"]
    run = gradient_descent(IrisNetwork(b3=-2.0), X, Y, learning_rate=1.0, tol=1e-3, max_steps=200)
    b3s = [s.values["b3"] for s in run.history] + [run.network.b3]
    drawn = uses(group(rate_html, path_id))
    assert len(drawn) == len(b3s) == 11
    assert np.allclose(drawn, [apply(affine, k, b) for k, b in enumerate(b3s)], atol=0.006)
    assert uses(group(rate_html, end_id))[0] == pytest.approx(apply(affine, 10, b3s[-1]), abs=0.006)
    assert field(rate_html, "steps") == "10"


def test_rate_control_markup(rate_html: str) -> None:
    assert '<label for="fig-learning-rate-explorer-input">learning rate</label>' in rate_html
    assert re.search(
        r'<input type="range" id="fig-learning-rate-explorer-input" min="0" max="39" step="1" '
        r'value="9" aria-valuetext="learning rate 1" disabled>',
        rate_html,
    )
    (raw,) = re.findall(r'<template class="ce-explore-data" data-search-exclude>(.*?)</template>', rate_html)
    assert not set("<>&") & set(raw)  # the HTML parser keeps the JSON as one text node
    assert "<script" not in rate_html  # Material's instant navigation would run a script as code


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"network": 1.0}, TypeError, "network"),
        ({"rates": "fast"}, TypeError, "rates"),
        ({"rates": [1.0]}, ValueError, "rates"),
        ({"rates": [2.0, 1.0]}, ValueError, "rates"),
        ({"rates": [0.5, "a"], "initial": 0.5}, TypeError, "rates[1]"),
        ({"rates": [0.5, float("inf")], "initial": 0.5}, ValueError, "rates[1]"),
        ({"rates": [0.5, 2.0]}, ValueError, "initial"),
        ({"shown_steps": 2.5}, TypeError, "shown_steps"),
        ({"shown_steps": 1}, ValueError, "shown_steps"),
    ],
)
def test_rate_explorer_rejects_bad_arguments(kwargs: dict, error: type, argument: str) -> None:
    with pytest.raises(error, match=re.escape(argument)):
        fresh_rates(**kwargs)


def test_rate_explorer_hides_an_end_beyond_the_figure() -> None:
    """At rate 0.2 the descent takes 48 steps (oracle: gradient_descent): with 40 steps shown the
    static end marker is hidden."""
    run = gradient_descent(IrisNetwork(b3=-2.0), X, Y, learning_rate=0.2, tol=1e-3, max_steps=200)
    assert run.steps_taken > 40
    text = fresh_rates(rates=[0.1, 0.2], initial=0.2)
    data = embedded(text)
    assert f'<g id="{data["marks"][1]}" visibility="hidden"' in text
    assert field(text, "steps") == str(run.steps_taken)


# ---------------------------------------------------------------------------------------------
# render_figure's keep_ids


def test_render_figure_keeps_listed_ids_only() -> None:
    with figure_style():
        fig = new_figure(2.0, 1.0)
        ax = fig.add_subplot()
        (kept,) = ax.plot([0, 1], [0, 1])
        (dropped,) = ax.plot([0, 1], [1, 0])
        kept.set_gid("demo-kept")
        dropped.set_gid("demo-dropped")
        text = render_figure(fig, name="demo", alt="Two lines", caption="x", keep_ids=["demo-kept"])
        assert text.count('id="demo-kept"') == 1 and 'id="demo-dropped"' not in text
        with pytest.raises(ValueError, match="keep_ids"):
            render_figure(fig, name="demo", alt="Two lines", caption="x", keep_ids=["demo-missing"])
        with pytest.raises(TypeError, match="keep_ids"):
            render_figure(fig, name="demo", alt="Two lines", caption="x", keep_ids="demo-kept")
        with pytest.raises(ValueError, match=re.escape("keep_ids[0]")):
            render_figure(fig, name="demo", alt="Two lines", caption="x", keep_ids=["Bad Id"])
