"""The new lessons on the built pages: each sentence and table quotes the package's numbers.

Oracles: the package called here directly and formatted as the pages format it (`fmt`, `sci`),
independent closed forms where a sentence states one (1 - p and 2p(1 - p)^2 at p = 0.01; the
likelihood 0.1509 x 0.7054 x 0.6533 of series-facts), and the per-step loss curve of Part 8's run
for the climb that the five-step record used to hide.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

import crossentropy as ce

pytestmark = pytest.mark.site

X, Y = ce.TRAINING_DATA.inputs, ce.TRAINING_DATA.labels
START = ce.IrisNetwork(b3=-2.0)
PAGES = {
    "part1": "part-1-network-softmax-cross-entropy/index.html",
    "part3": "part-3-observed-setosa/index.html",
    "part5": "part-5-optimising-b3/index.html",
    "part6": "part-6-gradient-descent/index.html",
    "part7": "part-7-all-output-biases/index.html",
    "part8": "part-8-backpropagation/index.html",
}


def _html(site: Path, page: str) -> str:
    return (site / PAGES[page]).read_text(encoding="utf-8")


def text(site: Path, page: str) -> str:
    """The visible text of the article: no SVG, no KaTeX's MathML copy, no markup."""
    html = _html(site, page)
    article = html[html.index("<article") : html.index("</article>")]
    article = re.sub(r"<svg\b.*?</svg>", " ", article, flags=re.S)
    article = re.sub(r"<annotation\b.*?</annotation>", " ", article, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article)).replace("&amp;", "&")


def test_part1_why_cross_entropy(built_site):
    page = text(built_site, "part1")
    assert "produces a large derivative" not in page
    likelihood = ce.likelihood(START, X, Y)
    assert likelihood == pytest.approx(0.1509 * 0.7054 * 0.6533, rel=1e-3)
    assert f"likelihood is {ce.fmt(likelihood, 4)}" in page
    assert f"= {ce.fmt(START.loss(X, Y), 4)} is the total cross entropy there" in page
    assert f"it is {ce.fmt(2 * 0.01 * 0.99**2, 4)} against cross entropy's {ce.fmt(0.99, 2)}" in page
    assert 'id="fig-gradient-vs-probability"' in _html(built_site, "part1")


def test_part1_stability_table(built_site):
    html = _html(built_site, "part1")
    assert 'id="part1-stability"' in html
    table = html[html.index('id="part1-stability"') :][:20000]
    assert "overflow in exp" in table and "not a number" in table and "∞" in table


def test_part3_step_size(built_site):
    page = text(built_site, "part3")
    fine = ce.setosa_step_errors()
    assert f"best measured step here is {ce.sci(fine.best('central')[0])}" in page
    assert 1e-6 <= fine.best("central")[0] <= 1e-4
    assert 'id="fig-step-error"' in _html(built_site, "part3")


def test_part5_and_part6_rewordings(built_site):
    assert "drawn in blue" not in text(built_site, "part5")
    page = text(built_site, "part6")
    assert "The series uses a learning rate of 1 and stops" not in page
    assert "no coincidence" not in page
    b2 = ce.IrisNetwork().gradients(X, Y)["b2"]
    assert ce.fmt(b2, 2) in page and abs(b2) > 1  # StatQuest's network is no minimum of this loss
    two = ce.bias_optimum(START, X, Y, "b3", learning_rate=2.0)
    assert f"= {ce.fmt(two.contraction, 2)} is small" in page
    assert two.contraction < 0  # a rate of 2 jumps over the minimum at every step


def test_part6_numpy_script_output_is_on_the_page(built_site):
    page = text(built_site, "part6")
    run = ce.gradient_descent(START, X, Y, params=("b3",), learning_rate=1.0, tol=0.001)
    assert f"total cross entropy = {run.final_loss:.4f}" in page
    assert f"step {run.steps_taken}: slope" in page


def test_part7_curvature(built_site):
    page = text(built_site, "part7")
    run3 = ce.gradient_descent(START, X, Y, params=("b3", "b4", "b5"))
    run2 = ce.gradient_descent(START, X, Y, params=("b3", "b4"))
    three, two = ce.valley_shape(run3.network, X, Y), ce.valley_shape(run2.network, X, Y, ("b3", "b4"))
    assert ce.fmt_list(three.curved, 3) in page and ce.fmt_list(two.eigenvalues, 3) in page
    assert ce.fmt(two.slowest_factor, 3) in page and "as the ovals turn" not in page
    assert 'id="part7-components"' in _html(built_site, "part7")


def test_part8_climb_split_and_matrix_form(built_site):
    page = text(built_site, "part8")
    iris = ce.load_iris()
    curve = ce.gradient_descent(
        ce.IrisNetwork.random(1),
        iris.inputs,
        iris.labels,
        params=ce.PARAMETER_NAMES,
        tol=None,
        max_steps=1000,
        reduction="mean",
        record_steps=False,
    ).loss_curve
    first, last, _ = ce.climbs(curve)[0]
    assert f"from step {first} to step {last} the loss climbs" in page
    assert "between steps 80 and 85" not in page and "training accuracy" in page
    before = ce.gradient_descent(
        ce.IrisNetwork.random(1),
        iris.inputs,
        iris.labels,
        params=ce.PARAMETER_NAMES,
        tol=None,
        max_steps=first,
        reduction="mean",
        record_steps=False,
    ).network
    sharpest = ce.sharpest_curvature(before, iris.inputs, iris.labels)
    assert sharpest > 2.0 and f"is {ce.fmt(sharpest, 2)} after {first} steps" in page
    train, test = ce.stratified_split(iris)
    run = ce.train_on_split(train, test)
    assert f"{ce.fmt(100 * run.test_accuracy[-1], 1)} % of the {len(test)} held-out flowers" in page
    m = ce.backprop_matrices(START, X, Y)
    assert ce.fmt(m.gradients()["w5"], 4) in page
    assert 'id="fig-delta-flow' in _html(built_site, "part8")


def test_part6_claims_about_jumping_over_the_minimum():
    """Oracle: which side of the minimum b3* (the limit of `bias_optimum`) each visited b3 lies on.
    Rate 2 jumps over it at every step from the second on; rate 3 at every step."""
    limit = ce.bias_optimum(START, X, Y, "b3", learning_rate=1.0).limit
    for rate, first_jump in ((2.0, 2), (3.0, 1)):
        run = ce.gradient_descent(START, X, Y, learning_rate=rate)
        values = [s.values["b3"] for s in run.history] + [run.network.b3]
        jumped = [(a - limit) * (b - limit) < 0 for a, b in itertools.pairwise(values)]
        assert not any(jumped[: first_jump - 1]) and all(jumped[first_jump - 1 :]), rate
