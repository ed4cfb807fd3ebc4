"""Tests of the figure builders in ``crossentropy.figures``.

Oracles, stated per test: the HTML/SVG rules every inline figure must follow (checked by
parsing the returned text), byte equality of repeated renders (in this process and in a fresh
one), the series' published numbers (tests/oracles.py and the series facts: the b3 = 0 and
b3 = -2 tables, the prequels' surface ranges, the softmax of (1.43, -0.44, 0.23)), and the
series' own scalar forward pass (``oracles.series_forward``).
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import math
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from crossentropy import IrisNetwork, figures
from crossentropy.figures import (
    b3_shift_svg,
    bent_surfaces_svg,
    neg_log_curve_svg,
    network_diagram_svg,
    output_surfaces_svg,
    softmax_bars_svg,
)
from crossentropy.figures._render import render_figure
from oracles import series_forward

MINUS = "\u2212"

# Calls shared by this process and the fresh interpreter of the determinism test.
SETUP = """
from crossentropy import SPECIES, TRAINING_DATA, IrisNetwork
from crossentropy.figures import *

def observed(b3):
    p = IrisNetwork(b3=b3).forward(TRAINING_DATA.inputs).probabilities
    return {SPECIES[c]: float(p[i, c]) for i, c in enumerate(TRAINING_DATA.labels)}
"""
CALLS: dict[str, str] = {
    "network": "network_diagram_svg()",
    "bent-setosa": "bent_surfaces_svg()",
    "bent-virginica": "bent_surfaces_svg(output='Virginica')",
    "outputs": "output_surfaces_svg()",
    "b3-shift": "b3_shift_svg()",
    "neg-log": "neg_log_curve_svg()",
    "neg-log-marked": "neg_log_curve_svg(mark=observed(-2.0), tangents=True)",
    "softmax-bars": "softmax_bars_svg(IrisNetwork().forward(TRAINING_DATA.inputs[0]).logits)",
}
THREE_D = {"bent-setosa", "bent-virginica", "outputs"}
LINE_2D = {"b3-shift", "neg-log", "neg-log-marked", "softmax-bars"}
PANELS = {**dict.fromkeys(THREE_D, 3), "b3-shift": 2, "softmax-bars": 2, "network": 2}
#: gzipped KB per figure: a page (at most two 3D figures) stays within 120 KB as readers receive it
BUDGET_GZIP_KB = {**dict.fromkeys(THREE_D, 45), **dict.fromkeys(LINE_2D, 12), "network": 12}


def _run(call: str) -> str:
    namespace: dict[str, object] = {}
    exec(SETUP, namespace)
    return eval(call, namespace)


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[str, None]]:
    """Each figure drawn once by matplotlib (the figure cache off)."""
    before = os.environ.get("CROSSENTROPY_FIGURE_CACHE")
    os.environ["CROSSENTROPY_FIGURE_CACHE"] = "off"
    try:
        return {key: (_run(call), None) for key, call in CALLS.items()}
    finally:
        if before is None:
            del os.environ["CROSSENTROPY_FIGURE_CACHE"]
        else:
            os.environ["CROSSENTROPY_FIGURE_CACHE"] = before


def _alt(html_text: str) -> str:
    """The figure's text alternative (its first ``aria-label``)."""
    match = re.search(r'aria-label="([^"]*)"', html_text)
    assert match, "no aria-label"
    return match.group(1)


def _figure_id(html_text: str) -> str:
    match = re.match(r'<figure class="ce-figure" id="([^"]+)"', html_text)
    assert match, "not a figure element"
    return match.group(1)


def _svg_root(html_text: str) -> str:
    match = re.search(r"<svg\b[^>]*>", html_text)
    assert match, "no <svg> element"
    return match.group(0)


# -- the inline-figure contract -------------------------------------------------------------------


@pytest.mark.parametrize("key", CALLS)
def test_figure_element_structure(rendered, key):
    """Oracle: the inline-figure rules: one <figure> wrapping one responsive <svg> (a 3D figure:
    one per panel in a wrapping row) whose first <svg> carries the text alternative, the others
    hidden from assistive technology so that it is read once."""
    html_text, _ = rendered[key]
    assert html_text.startswith('<figure class="ce-figure" id="fig-')
    assert html_text.endswith("</figcaption></figure>")
    panels = PANELS.get(key, 1)
    assert html_text.count("<svg") == panels and html_text.count("</svg>") == panels
    if panels > 1:
        assert re.search(r'id="fig-[^"]+"><div class="ce-panels"><svg', html_text)
        assert html_text.count('aria-hidden="true"') == panels - 1
        assert html_text.count('role="img"') == 1
    roots = re.findall(r"<svg\b[^>]*>", html_text)
    for root in roots:
        assert re.search(r'viewBox="[\d. ]+"', root)
        assert not re.search(r'\s(width|height)="', root), "fixed size left on an <svg>"
        assert "max-width:" in root
    root = roots[0]
    assert 'role="img"' in root
    label = re.search(r'aria-label="([^"]*)"', root)
    assert label and len(label.group(1).strip()) > 40
    # the <title> is the first child of <svg> and repeats the aria-label
    title = re.search(r"<svg\b[^>]*><title>([^<]+)</title>", html_text)
    assert title and title.group(1) == label.group(1).replace("&quot;", '"').replace("&#x27;", "'")
    caption = re.search(r"<figcaption>(.+)</figcaption></figure>$", html_text, re.DOTALL)
    assert caption and caption.group(1).strip()


@pytest.mark.parametrize("key", CALLS)
def test_figure_text_has_no_prolog_date_or_blank_line(rendered, key):
    """Oracle: markdown-exec injects the text as raw HTML: no XML prolog/DOCTYPE, no timestamp,
    no blank line (which would end an HTML block in Markdown); matplotlib's creator metadata kept."""
    html_text, _ = rendered[key]
    assert "<?xml" not in html_text and "<!DOCTYPE" not in html_text
    assert "dc:date" not in html_text
    assert html_text.count("<dc:title>Matplotlib v") == PANELS.get(key, 1)
    assert not re.search(r"\n[ \t]*\n", html_text)
    assert "\r" not in html_text


@pytest.mark.parametrize("key", CALLS)
def test_figure_brings_no_stylesheet_into_the_page(rendered, key):
    """Oracle: CSS scoping. A ``<style>`` inside an inline SVG belongs to the whole HTML page, so
    matplotlib's ``*{stroke-linejoin: round; stroke-linecap: butt}`` would set every element of
    the page; the figure keeps its drawing defaults from the site's stylesheet instead."""
    html_text, _ = rendered[key]
    assert "<style" not in html_text
    assert "stroke-linejoin: round" not in html_text


@pytest.mark.parametrize("key", CALLS)
def test_size_budget(rendered, key):
    """Oracle: the page-weight budget as readers receive it (every page's HTML <= 120 KB gzipped,
    and Part 1 carries two 3D figures): 3D figures <= 45 KB gzipped, the others <= 12 KB."""
    html_text, _ = rendered[key]
    assert len(gzip.compress(html_text.encode("utf-8"), 9)) <= BUDGET_GZIP_KB[key] * 1024


def test_element_ids_unique_across_figures_and_references_resolve(rendered):
    """Oracle: all figures pasted on one page have no duplicate id, and every internal reference
    (href="#…", url(#…)) points at an id defined in the same figure."""
    seen: dict[str, str] = {}
    for key, (html_text, _) in rendered.items():
        ids = re.findall(r'\sid="([^"]+)"', html_text)
        assert len(ids) == len(set(ids)), f"{key} repeats an id"
        for element_id in ids:
            assert element_id not in seen, f"id {element_id!r} used by {seen.get(element_id)} and {key}"
            seen[element_id] = key
        refs = {a or b for a, b in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', html_text)}
        assert refs <= set(ids), f"{key} refers to missing ids {sorted(refs - set(ids))}"


def test_text_is_real_text_and_only_surfaces_embed_images(rendered):
    """Oracle: svg.fonttype "none": every label is an SVG <text> (selectable, in the reader's
    font: no glyph outlines as <path> + <use>, no web font), and no figure embeds a raster image."""
    for key, (html_text, _) in rendered.items():
        assert html_text.count("<text") >= 5, key
        assert "@font-face" not in html_text, key
        assert not re.search(r'<path id="DejaVu', html_text), key
        assert "<image" not in html_text, key


def test_figures_follow_the_colour_scheme(rendered):
    """Oracle: the palette (crossentropy.figures._style.THEME_COLORS): every palette colour is
    drawn through its CSS custom property, no figure paints an opaque white background, and the
    text colour is the theme's ink."""
    from crossentropy.figures._style import THEME_COLORS

    for key, (html_text, _) in rendered.items():
        for colour in THEME_COLORS:
            assert re.search(rf"(?<!, ){colour}\b", html_text) is None, (key, colour)
        shapes = re.sub(r"<text\b.*?</text>", "", html_text)
        assert "fill: #ffffff" not in shapes, key
        assert "var(--ce-ink, " in html_text, key


# -- determinism ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["network", "bent-setosa", "b3-shift", "neg-log-marked", "softmax-bars"])
def test_same_call_gives_identical_text(rendered, key):
    """Oracle: byte equality of two drawings in one process."""
    namespace: dict[str, object] = {}
    exec(SETUP, namespace)
    builder, _, rest = CALLS[key].partition("(")
    assert eval(f"{builder}.uncached({rest}", namespace) == rendered[key][0]


def test_identical_text_in_a_fresh_interpreter(rendered):
    """Oracle: byte equality (SHA-256) with a render in a new Python process (other hash seed)."""
    script = SETUP + (
        "\nimport hashlib, json\n"
        f"calls = {CALLS!r}\n"
        "print(json.dumps({k: hashlib.sha256(eval(c).encode()).hexdigest() for k, c in calls.items()}))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "CROSSENTROPY_FIGURE_CACHE": "off"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    fresh = json.loads(done.stdout.strip().splitlines()[-1])
    here = {k: hashlib.sha256(v.encode()).hexdigest() for k, (v, _) in rendered.items()}
    assert fresh == here


def test_different_arguments_give_different_figure_ids():
    """Oracle: two figures of one builder with different arguments can share a page."""
    a = softmax_bars_svg([1.04, 0.0, 0.14])
    b = softmax_bars_svg([1.43, -0.44, 0.23])
    assert _figure_id(a) != _figure_id(b)
    assert not set(re.findall(r'\sid="([^"]+)"', a)) & set(re.findall(r'\sid="([^"]+)"', b))
    assert _figure_id(softmax_bars_svg([1.0, 2.0], ["a", "b"], name="my-bars")) == "fig-my-bars"


# -- the numbers drawn are the package's ----------------------------------------------------------


def _number(text: str) -> float:
    return float(text.replace(MINUS, "-"))


def _texts(html_text: str) -> list[str]:
    """The text content of every SVG <text> element (subscript <tspan>s flattened)."""
    return [re.sub(r"<[^>]+>", "", body) for body in re.findall(r"<text\b[^>]*>(.*?)</text>", html_text)]


def _drawn_parameter_labels(html_text: str) -> dict[str, str]:
    """Parameter labels as drawn: texts reading ``w1 = −2.5`` (the 1 a subscript)."""
    return {
        f"{kind}{index}": value
        for text in _texts(html_text)
        for kind, index, value in re.findall(r"^([wb])(\d+) ?= ?(\S+)$", text.strip())
    }


def test_network_diagram_labels_every_parameter_with_its_value(rendered):
    """Oracle: the published parameters (w1 = -2.5 … b5 = 1): each of the 15 labels drawn parses
    back to the network's value, written with a true minus sign."""
    labels = _drawn_parameter_labels(rendered["network"][0])
    params = IrisNetwork().params
    assert set(labels) == set(params)
    published = {
        "w1": -2.5,
        "w2": 0.6,
        "w3": -1.5,
        "w4": 0.4,
        "w5": -0.1,
        "w6": 1.5,
        "w7": 2.4,
        "w8": -5.2,
        "w9": -2.2,
        "w10": 3.7,
        "b1": 1.6,
        "b2": 0.7,
        "b3": 0.0,
        "b4": 0.0,
        "b5": 1.0,
    }
    for name, text in labels.items():
        assert "-" not in text
        assert _number(text) == params[name] == published[name]
    alt = _alt(rendered["network"][0])
    for name, value in published.items():
        assert f"{name} = {f'{value:g}'.replace('-', MINUS)}" in alt


def test_network_diagram_follows_the_network_it_is_given():
    """Oracle: a changed network's labels show its values to 3 significant digits (b3 = -0.0316532
    is the series' gradient-descent limit, drawn as -0.0317)."""
    html_text = network_diagram_svg(IrisNetwork(b3=-0.0316532, w6=1.25), highlight="w6")
    labels = _drawn_parameter_labels(html_text)
    assert labels["b3"] == f"{MINUS}0.0317"
    assert labels["w6"] == "1.25"
    assert 'id="fig-network-diagram-' in html_text  # not the default figure's id


def test_bent_surfaces_alt_text_matches_published_ranges(rendered):
    """Oracle: the prequels' surfaces (series facts §4): blue bent surface -0.22 … 0, orange bent
    surface 0 … 1.65, green crinkled surface up to 1.43 at petal width 0, sepal width 1."""
    alt = _alt(rendered["bent-setosa"][0])
    assert (
        f"Blue bent surface, {MINUS}0.10 times ReLU of the top hidden node: from {MINUS}0.22 to 0.00" in alt
    )
    assert "Orange bent surface, 1.50 times ReLU of the bottom hidden node: from 0.00 to 1.65" in alt
    assert "green crinkled surface: from " in alt
    assert "to 1.43 (highest at petal width 0.00, sepal width 1.00)" in alt


def test_a_flat_maximum_is_not_given_a_single_point(rendered):
    """Oracle: oracles.series_forward on a 101 x 101 lattice: the blue bent surface (-0.10 x ReLU of
    the top node) is 0 wherever the top node is off, a region holding many lattice points, so its
    description must not name one highest point; the Setosa sum has a single highest corner."""
    axis = np.linspace(0.0, 1.0, 101)
    net = IrisNetwork()
    blue = np.array(
        [max(series_forward(p, s, net.params)[0], 0.0) * net.params["w5"] for s in axis for p in axis]
    )
    assert np.count_nonzero(blue >= blue.max() - 1e-12) > 100
    alt = _alt(rendered["bent-setosa"][0])
    blue_part = alt.split("Orange bent surface")[0]
    assert "reached along a whole edge or region" in blue_part and "highest at" not in blue_part
    assert "to 1.43 (highest at petal width 0.00, sepal width 1.00)" in alt


def test_bent_surfaces_follow_the_network_through_the_series_forward_pass():
    """Oracle: oracles.series_forward on a fine lattice (401 x 401): the exact extremes quoted for
    the sum panel bound every lattice value and are reached (to 0.005) by the lattice, for a
    changed network and output."""
    net = IrisNetwork(b4=0.3, w7=2.0)
    html_text = bent_surfaces_svg(net, output="Versicolor", grid=11)
    alt = _alt(html_text)
    found = re.search(r"Versicolor surface: from (\S+) to (\S+) ", alt)
    assert found
    low, high = (_number(v) for v in found.groups())
    axis = np.linspace(0.0, 1.0, 401)
    raw = np.array([series_forward(p, s, net.params)[2][1] for s in axis[::4] for p in axis])
    assert raw.min() >= low - 0.005 and raw.max() <= high + 0.005
    assert abs(raw.min() - low) <= 0.01 and abs(raw.max() - high) <= 0.01


def test_output_surfaces_alt_text_matches_published_corner_values(rendered):
    """Oracle: series facts (A1 at petal 0, sepal 1: Setosa 1.43 is the Setosa maximum; the
    Versicolor surface's minimum -0.44 sits at that corner, P3's range -0.44 … 1.03)."""
    alt = _alt(rendered["outputs"][0])
    assert "to 1.43 (highest at petal width 0.00, sepal width 1.00)" in alt
    assert f"Versicolor from {MINUS}0.44 to " in alt


def test_b3_shift_reports_the_packages_probabilities(rendered):
    """Oracle: the series' tables for flower (0.04, 0.42): b3 = -2 gives 0.1509, 0.3966, 0.4525
    (Part 5) and b3 = 0 gives 0.5677, 0.2019, 0.2304 (C1); b3 = 2 from oracles.series_forward."""
    alt = _alt(rendered["b3-shift"][0])
    assert f"b3 = {MINUS}2.00: Setosa 0.15, Versicolor 0.40, Virginica 0.45" in alt
    assert "b3 = 0.00: Setosa 0.57, Versicolor 0.20, Virginica 0.23" in alt
    p = series_forward(0.04, 0.42, {**IrisNetwork().params, "b3": 2.0})[3]
    assert f"b3 = 2.00: Setosa {p[0]:.2f}, Versicolor {p[1]:.2f}, Virginica {p[2]:.2f}" in alt
    # the raw output at the flower moves by exactly the change in b3 (1.0368 at b3 = 0)
    assert f"the raw output is {MINUS}0.96, 1.04, 3.04" in alt


def test_b3_shift_with_other_values_and_flower():
    """Oracle: oracles.series_forward at every marked b3, for another flower."""
    html_text = b3_shift_svg(b3_values=[1.5, -0.5], flower=(0.5, 0.37))
    alt = _alt(html_text)
    for b3 in (-0.5, 1.5):
        p = series_forward(0.5, 0.37, {**IrisNetwork().params, "b3": b3})[3]
        expected = f"b3 = {b3:.2f}: Setosa {p[0]:.2f}, Versicolor {p[1]:.2f}, Virginica {p[2]:.2f}"
        assert expected.replace("-", MINUS) in alt


def test_neg_log_curve_marks_the_part5_cross_entropies(rendered):
    """Oracle: Part 5's table at b3 = -2: p = 0.15 / 0.71 / 0.65 with CE 1.89 / 0.35 / 0.43, and
    slope -1/p = -6.63 for the Setosa flower (series facts §3.2: -6.6278)."""
    alt = _alt(rendered["neg-log-marked"][0])
    assert f"Setosa: p = 0.15, {MINUS}ln p = 1.89, slope {MINUS}6.63" in alt
    assert f"Virginica: p = 0.71, {MINUS}ln p = 0.35" in alt
    assert f"Versicolor: p = 0.65, {MINUS}ln p = 0.43" in alt
    plain = _alt(rendered["neg-log"][0])
    assert f"falls from {-math.log(0.001):.2f} at p = 0.001 to 0 at p = 1" in plain


def test_softmax_bars_report_published_probabilities(rendered):
    """Oracle: C1 (logits of flower 1 at b3 = 0 -> 0.57, 0.20, 0.23) and series facts E3
    (softmax of 1.43, -0.44, 0.23 is 0.69, 0.11, 0.21)."""
    alt = _alt(rendered["softmax-bars"][0])
    assert "raw outputs: Setosa 1.04, Versicolor 0.00, Virginica 0.14" in alt
    assert "probabilities Setosa 0.57, Versicolor 0.20, Virginica 0.23, summing to 1.00" in alt
    alt2 = _alt(softmax_bars_svg([1.43, -0.44, 0.23]))
    assert "probabilities Setosa 0.69, Versicolor 0.11, Virginica 0.21" in alt2


def test_figures_package_exports():
    """Oracle: the public names listed in figures.__all__ exist: every ``*_svg`` is a builder
    returning a figure, the stops of the explorable figures are tuples of numbers."""
    for name in figures.__all__:
        value = getattr(figures, name)
        if name.endswith("_svg"):
            assert callable(value) and callable(value.uncached), name
        elif name.endswith("_STOPS"):
            assert isinstance(value, tuple) and all(isinstance(v, float) for v in value), name
        else:
            assert callable(value), name
    assert {
        "network_diagram_svg",
        "bent_surfaces_svg",
        "output_surfaces_svg",
        "b3_shift_svg",
        "neg_log_curve_svg",
        "softmax_bars_svg",
    } <= set(figures.__all__)


# -- bad input ------------------------------------------------------------------------------------

BAD_INPUT = [
    (network_diagram_svg, {"network": "net"}, TypeError, "network"),
    (network_diagram_svg, {"highlight": "b9"}, ValueError, "highlight"),
    (network_diagram_svg, {"highlight": 3}, TypeError, "highlight"),
    (network_diagram_svg, {"name": "Bad Name"}, ValueError, "name"),
    (bent_surfaces_svg, {"output": "Rose"}, ValueError, "output"),
    (bent_surfaces_svg, {"output": 0}, TypeError, "output"),
    (bent_surfaces_svg, {"grid": 1}, ValueError, "grid"),
    (bent_surfaces_svg, {"grid": 4.5}, TypeError, "grid"),
    (bent_surfaces_svg, {"network": {"b3": 0.0}}, TypeError, "network"),
    (output_surfaces_svg, {"grid": True}, TypeError, "grid"),
    (output_surfaces_svg, {"name": 7}, TypeError, "name"),
    (b3_shift_svg, {"b3_values": 2.0}, TypeError, "b3_values"),
    (b3_shift_svg, {"b3_values": ()}, ValueError, "b3_values"),
    (b3_shift_svg, {"b3_values": (0.0, 0.0)}, ValueError, "b3_values"),
    (b3_shift_svg, {"b3_values": (0.0, float("nan"))}, ValueError, "b3_values"),
    (b3_shift_svg, {"b3_values": ("a",)}, TypeError, "b3_values"),
    (b3_shift_svg, {"flower": (0.5,)}, ValueError, "flower"),
    (b3_shift_svg, {"flower": (0.5, 1.5)}, ValueError, "flower"),
    (b3_shift_svg, {"flower": "ab"}, TypeError, "flower"),
    (neg_log_curve_svg, {"mark": [0.5]}, TypeError, "mark"),
    (neg_log_curve_svg, {"mark": {"a": 0.0}}, ValueError, "mark"),
    (neg_log_curve_svg, {"mark": {"a": 1.5}}, ValueError, "mark"),
    (neg_log_curve_svg, {"mark": {1: 0.5}}, TypeError, "mark"),
    (neg_log_curve_svg, {"mark": {"a": "0.5"}}, TypeError, "mark"),
    (neg_log_curve_svg, {"tangents": "yes"}, TypeError, "tangents"),
    (softmax_bars_svg, {"logits": "1 2 3"}, TypeError, "logits"),
    (softmax_bars_svg, {"logits": [1.0]}, ValueError, "logits"),
    (softmax_bars_svg, {"logits": [[1.0, 2.0]]}, ValueError, "logits"),
    (softmax_bars_svg, {"logits": [1.0, float("inf"), 0.0]}, ValueError, "logits"),
    (
        softmax_bars_svg,
        {"logits": [1.0, 2.0, 3.0], "labels": ["a", "b"]},
        ValueError,
        "labels",
    ),
    (softmax_bars_svg, {"logits": [1.0, 2.0], "labels": "ab"}, TypeError, "labels"),
]


@pytest.mark.parametrize(("builder", "kwargs", "error", "argument"), BAD_INPUT)
def test_bad_input_names_the_argument(builder, kwargs, error, argument):
    """Oracle: the package's input rule (TypeError/ValueError whose message names the argument)."""
    with pytest.raises(error, match=re.escape(argument)):
        builder(**kwargs)


def _blank():
    from crossentropy.figures._render import figure_style, new_figure

    with figure_style():
        return new_figure(1.0, 1.0)


def test_render_figure_rejects_bad_arguments():
    """Oracle: render_figure's contract: bad figures/name/alt/caption raise, naming the argument."""
    for kwargs, error, argument in (
        ({"name": "x y", "alt": "a", "caption": "c"}, ValueError, "name"),
        ({"name": "ok", "alt": "  ", "caption": "c"}, ValueError, "alt"),
        ({"name": "ok", "alt": "a", "caption": None}, TypeError, "caption"),
    ):
        with pytest.raises(error, match=argument):
            render_figure(_blank(), **kwargs)
    for bad in ("<svg/>", [], [_blank(), "x"]):
        with pytest.raises(TypeError, match="figures"):
            render_figure(bad, name="ok", alt="a", caption="c")  # type: ignore[arg-type]


def test_render_figure_escapes_alt_and_caption():
    """Oracle: HTML escaping: markup characters in the alt text and caption arrive as entities."""
    html_text = render_figure(_blank(), name="escape-check", alt='a "quoted" <b>', caption="x < y & z")
    assert 'aria-label="a &quot;quoted&quot; &lt;b&gt;"' in html_text
    assert '<title>a "quoted" &lt;b&gt;</title>' in html_text
    assert "<figcaption>x &lt; y &amp; z</figcaption>" in html_text


def test_descent_path_alt_text_says_how_the_step_sizes_fall() -> None:
    """The alt text's "falling faster at first and then along a straight line (each step about r
    times the one before)". Oracle: the step sizes recomputed by hand from the exact slope of the
    total cross entropy in b3, sum over the flowers of (p_Setosa - [flower is Setosa]) (Parts 3-4),
    with learning rate 1 from b3 = -2: the first ratio of consecutive steps is far from the last
    ones, the last three agree (a straight line on a log scale), and r is the last ratio."""
    from crossentropy import TRAINING_DATA, gradient_descent
    from crossentropy.figures import descent_path_svg

    network = IrisNetwork(b3=-2.0)
    flowers = [
        (float(petal), float(sepal), int(label))
        for (petal, sepal), label in zip(TRAINING_DATA.inputs, TRAINING_DATA.labels)
    ]
    b3, steps = -2.0, list[float]()
    while not steps or steps[-1] >= 1e-3:
        params = {**network.params, "b3": b3}
        slope = sum(
            series_forward(petal, sepal, params)[3][0] - (label == 0) for petal, sepal, label in flowers
        )
        steps.append(abs(slope))
        b3 -= slope
    ratios = [later / earlier for earlier, later in itertools.pairwise(steps)]
    assert abs(ratios[0] - ratios[-1]) > 0.2
    assert max(ratios[-3:]) - min(ratios[-3:]) < 0.02

    run = gradient_descent(network, TRAINING_DATA.inputs, TRAINING_DATA.labels)
    svg = descent_path_svg(run)
    assert "falling faster at first and then along a straight line" in svg
    assert f"each step about {ratios[-1]:.2f} times the one before" in svg
    assert len(run.history) == len(steps)
