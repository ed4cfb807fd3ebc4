"""The training figures of Part 8: the loss curves and the decision regions.

Each test states its oracle: an independent formula (ln 3, the network's forward pass and an
argmax of its raw outputs), the SVG's own paint order, or the site's rules (palette colours
only, the page-weight budget).
"""

from __future__ import annotations

import gzip
import math
import re

import numpy as np
import pytest

import crossentropy as ce
from crossentropy.figures._style import (
    BLUE,
    MUTED,
    ORANGE,
    PINK,
    SPECIES_COLORS,
    THEME_COLORS,
    format_number,
)
from crossentropy.figures.training import decision_regions_svg, training_curves_svg

IRIS = ce.load_iris()
#: A figure's share of the 120 KB (gzipped) page budget of Part 8, which holds both figures.
FIGURE_GZIP_BUDGET = 20 * 1024
FIGURE_RAW_BUDGET = 40 * 1024

_PATH = re.compile(r'<path d="([^"]*)"[^>]*style="([^"]*)"')
_POINT = re.compile(r"[ML] ([-\d.]+) ([-\d.]+)")


@pytest.fixture(scope="module")
def runs():
    return {
        "random start, seed 1": ce.train_full_iris(seed=1),
        "random start, seed 0": ce.train_full_iris(seed=0),
    }


@pytest.fixture(scope="module")
def curves(runs):
    return training_curves_svg.uncached(runs)


@pytest.fixture(scope="module")
def regions(runs):
    return decision_regions_svg.uncached(runs["random start, seed 1"].network, IRIS)


def _alt(html: str) -> str:
    match = re.search(r'aria-label="([^"]+)"', html)
    assert match, "the figure has an accessible name"
    return match.group(1)


def _paths(html: str) -> list[tuple[list[tuple[float, float]], str]]:
    return [([(float(x), float(y)) for x, y in _POINT.findall(d)], style) for d, style in _PATH.findall(html)]


def test_ln3_line_is_drawn_over_the_run_stuck_on_it(runs, curves):
    """Oracle: SVG paints in document order. The seed-0 run ends at ln 3 (= math.log(3) to 1e-9),
    so the dashed reference line must be horizontal at the height where that run ends, come
    after every run's curve, and be labelled."""
    stuck = runs["random start, seed 0"]
    assert stuck.final_loss == pytest.approx(math.log(3.0), abs=1e-9)
    paths = _paths(curves)
    dashed = [i for i, (_, style) in enumerate(paths) if "stroke-dasharray" in style]
    assert len(dashed) == 1, "one dashed line: ln 3"
    line_points, line_style = paths[dashed[0]]
    assert f"var({THEME_COLORS[MUTED]}" in line_style, "the reference line is MUTED"
    assert len({y for _, y in line_points}) == 1, "the reference line is horizontal"
    ink = [i for i, (pts, style) in enumerate(paths) if "--ce-ink" in style and len(pts) > 3]
    assert len(ink) == 2, "one curve per run"
    assert max(ink) < dashed[0], "the ln 3 line is painted after (over) the curves"
    stuck_points = paths[ink[1]][0]
    assert stuck_points[-1][1] == pytest.approx(line_points[0][1], abs=0.02)
    assert "ln 3 (uniform guess)" in curves


def test_runs_do_not_borrow_meaningful_colours(curves):
    """Oracle: the palette's meanings. Species, hidden nodes and the loss curve have their own
    colours; a run is drawn in ink."""
    for colour in (*SPECIES_COLORS.values(), BLUE, ORANGE, PINK):
        assert colour not in curves


def test_training_curves_alt_text_quotes_each_run(runs, curves):
    """Oracle: ln 3 from math.log; each run's first and last recorded loss from the run itself."""
    alt = _alt(curves)
    assert f"dashed line at ln 3 = {format_number(math.log(3.0), 4)}" in alt
    assert "ln 3 = 1.0986" in alt  # math.log(3) = 1.09861…
    for label, run in runs.items():
        assert (
            f"{label}: mean cross entropy {format_number(run.losses[0])} at step 0, "
            f"{format_number(run.losses[-1], 4)} after {run.steps} steps"
        ) in alt
    assert "every species probability 1/3" in curves


def _independent_prediction(network: ce.IrisNetwork, inputs: np.ndarray) -> np.ndarray:
    """argmax of the raw outputs of the forward pass (softmax keeps their order)."""
    return np.argmax(network.forward(inputs).logits, axis=-1)


def test_decision_regions_alt_text_counts_flowers_and_area(runs, regions):
    """Oracle: the forward pass's argmax on the flowers; the regions' shares and petal ranges as
    `region_summary` computes them (itself checked against `predict` in test_region_summary.py),
    and within a grid line of a 161 × 161 grid of the forward pass's argmax."""
    network = runs["random start, seed 1"].network
    predicted = _independent_prediction(network, IRIS.inputs)
    right = int(np.sum(predicted == IRIS.labels))
    alt = _alt(regions)
    assert f"{right} of {len(IRIS)} flowers ({100 * right / len(IRIS):.1f} %) correct" in alt
    axis = np.linspace(0.0, 1.0, 161)
    petal, sepal = np.meshgrid(axis, axis)
    grid = _independent_prediction(network, np.stack([petal, sepal], axis=-1))
    for k, region in enumerate(ce.region_summary(network)):
        assert f"{region.species} is predicted on {region.share:.0%} of the square" in alt
        low, high = format_number(region.petal_low), format_number(region.petal_high)
        assert f"(petal widths {low} to {high})" in alt
        columns = np.flatnonzero((grid == k).any(axis=0))
        assert abs(axis[columns[0]] - region.petal_low) <= 1 / 160
        assert abs(axis[columns[-1]] - region.petal_high) <= 1 / 160
        assert abs(np.mean(grid == k) - region.share) < 0.01
    for (p, s), observed, guess in zip(
        IRIS.inputs[predicted != IRIS.labels],
        IRIS.labels[predicted != IRIS.labels],
        predicted[predicted != IRIS.labels],
    ):
        assert (
            f"a {ce.SPECIES[observed]} at ({format_number(p)}, {format_number(s)}) taken for {ce.SPECIES[guess]}"
        ) in alt
    assert f"{right} of {len(IRIS)} are classified correctly" in regions


def test_statquest_network_regions_match_the_published_page():
    """Oracle: the forward pass's argmax over the 150 flowers for StatQuest's parameters."""
    network = ce.IrisNetwork()
    right = int(np.sum(_independent_prediction(network, IRIS.inputs) == IRIS.labels))
    html = decision_regions_svg.uncached(network, IRIS)
    assert f"{right} of 150 flowers ({100 * right / 150:.1f} %) correct" in html


def test_decision_regions_draw_every_species_with_its_own_marker(regions):
    """Oracle: the palette (one colour per species, themed) and the legend's labels."""
    for species, colour in SPECIES_COLORS.items():
        assert f"var({THEME_COLORS[colour]}, {colour})" in regions
        assert f">{species}<" in regions
    assert ">misclassified<" in regions
    assert "tint: predicted" in regions and "marker: observed" in regions
    marker_shapes = re.findall(r'<path id="[^"]+" d="([^"]*)"', regions)
    assert len(set(marker_shapes)) >= 4, "three species markers and the ring differ in shape"


@pytest.mark.parametrize("which", ["curves", "regions"])
def test_figures_follow_the_colour_scheme_and_stay_small(which, request):
    """Oracle: the site's rules. Every colour is a theme variable (so dark mode restyles it: no
    white card); the figure fits its share of the page budget."""
    html = request.getfixturevalue(which)
    bare = re.sub(r"var\(--ce-[a-z]+, #[0-9a-f]{6}\)", "", html)
    assert re.findall(r"#[0-9a-fA-F]{3,6}\b", bare) == [], "no colour outside the theme"
    assert not re.search(r"(?:fill|stroke): ?(?:white|black)", bare)
    assert "<image" not in html, "vector only: the tints follow the theme"
    assert len(html.encode()) <= FIGURE_RAW_BUDGET
    assert len(gzip.compress(html.encode())) <= FIGURE_GZIP_BUDGET


def test_figures_are_reproducible_and_served_identically_from_the_cache(runs, tmp_path, monkeypatch):
    """Oracle: two drawings are byte-identical, and a cache hit returns what was drawn."""
    monkeypatch.setenv("CROSSENTROPY_FIGURE_CACHE", str(tmp_path))
    network = runs["random start, seed 1"].network
    fresh = decision_regions_svg.uncached(network, IRIS)
    assert decision_regions_svg.uncached(network, IRIS) == fresh
    assert decision_regions_svg(network, IRIS) == fresh  # drawn and stored
    assert decision_regions_svg(network, IRIS) == fresh  # served from the cache
    assert list(tmp_path.rglob("*.html")), "the figure was stored"


def test_short_runs_get_a_linear_step_axis():
    """Oracle: a 50-step run's step ticks are evenly spaced (a linear axis)."""
    run = ce.train(ce.IrisNetwork(b3=-2.0), ce.TRAINING_DATA.inputs, ce.TRAINING_DATA.labels, steps=50)
    html = training_curves_svg.uncached({"start": run})
    assert "logarithmic" not in html
    ticks = [float(x) for x in re.findall(r'<use xlink:href="#[^"]+" x="([-\d.]+)" y="[-\d.]+"', html)][:6]
    gaps = np.diff(ticks)
    assert gaps == pytest.approx(np.full_like(gaps, gaps[0]), rel=1e-6)


def test_builders_reject_bad_arguments_naming_them(runs):
    """Oracle: the coding rules — TypeError/ValueError naming the caller's argument."""
    run = runs["random start, seed 1"]
    with pytest.raises(TypeError, match="runs"):
        training_curves_svg.uncached({"x": "not a run"})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="runs"):
        training_curves_svg.uncached({f"run {i}": run for i in range(5)})
    with pytest.raises(TypeError, match="runs"):
        training_curves_svg.uncached({"": run})
    with pytest.raises(ValueError, match="name"):
        training_curves_svg.uncached({"x": run}, name="Not A Name")
    with pytest.raises(TypeError, match="network"):
        decision_regions_svg.uncached("network", IRIS)
    with pytest.raises(TypeError, match="data"):
        decision_regions_svg.uncached(run.network, IRIS.inputs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="name"):
        decision_regions_svg.uncached(run.network, IRIS, name="x--y")
