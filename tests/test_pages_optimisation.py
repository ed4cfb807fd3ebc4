"""The built Parts 5–8 and the errata page: the numbers they print are the package's numbers.

Oracles: the package called here directly (gradient descent, gradients, central differences,
training) and formatted the way the pages format them — every decimal number in each table on
the page must equal, in order, the numbers of the table the package produces; the series'
published numbers (``crossentropy.series``) where the pages quote them; the page-size budget
(400 KB) and the figure budget (40 KB). Tables are found by the ids of their
``<div class="ce-table">`` wrappers, figures by their ``fig-…`` ids.
"""

from __future__ import annotations

import re
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

import crossentropy as ce
from crossentropy import (
    ERRATA,
    PUBLISHED,
    bias_gradient_table,
    bias_optimum,
    compare_learning_rates,
    comparison_table,
    confusion_matrix,
    descent_table,
    errata_table,
    fmt,
    gradient_check_table,
    hidden_weight_table,
    jacobian_route_table,
    learning_rate_table,
    multi_bias_descent_table,
    output_weight_table,
    pink_curve_table,
    rounded_probability_table,
    sign_consequences_table,
    softmax_inputs_table,
    train_full_iris,
)

pytestmark = pytest.mark.site

PAGES = {
    "part5": "part-5-optimising-b3/index.html",
    "part6": "part-6-gradient-descent/index.html",
    "part7": "part-7-all-output-biases/index.html",
    "part8": "part-8-backpropagation/index.html",
    "errata": "errata/index.html",
}
FIGURES = {
    "part5": ["pink-curve"],
    "part6": ["descent-path", "learning-rates"],
    "part7": ["bias-contour"],
    "part8": ["training-curves", "decision-regions"],
}
X, Y = ce.TRAINING_DATA.inputs, ce.TRAINING_DATA.labels
START = ce.IrisNetwork(b3=-2.0)
NUMBER = re.compile(r"[-\u2212]?\d+\.\d+")


class _Grab(HTMLParser):
    """The text of the element with a given id (all nested content), or of the page's article."""

    def __init__(self, target: str) -> None:
        super().__init__(convert_charrefs=True)
        self.target, self.depth, self.found = target, 0, False
        self.parts: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1 if tag not in ("br", "img", "hr", "input", "meta", "link", "use", "path") else 0
            return
        if dict(attrs).get("id") == self.target:
            self.depth, self.found = 1, True

    def handle_endtag(self, tag):
        if self.depth and tag not in ("br", "img", "hr", "input", "meta", "link", "use", "path"):
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def _flower_loss(observed: int, logits: np.ndarray) -> float:
    """One flower's cross entropy as a function of its raw outputs (for central differences)."""
    return float(ce.cross_entropy(logits, observed))


def _html(site: Path, page: str) -> str:
    return (site / PAGES[page]).read_text(encoding="utf-8")


def element_text(site: Path, page: str, element_id: str) -> str:
    grab = _Grab(element_id)
    grab.feed(_html(site, page))
    assert grab.found, f"no element with id {element_id!r} on {page}"
    return " ".join(grab.parts)


def numbers(text: str) -> list[str]:
    """Every decimal number in a text, in order, with a plain minus sign."""
    return [n.replace("\u2212", "-") for n in NUMBER.findall(text)]


def page_text(site: Path, page: str) -> str:
    """The visible text of the page's article (markup removed)."""
    html = _html(site, page)
    article = html[html.index("<article") : html.index("</article>")]
    article = re.sub(r"<svg\b.*?</svg>", " ", article, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article)).replace("&amp;", "&")


def assert_table(site: Path, page: str, element_id: str, markdown: str) -> None:
    got, expected = numbers(element_text(site, page, element_id)), numbers(markdown)
    assert expected, "the package's table holds numbers"
    assert got == expected


# -- Part 5 -----------------------------------------------------------------------------------------
def test_part5_tables_print_the_package_numbers(built_site):
    assert_table(
        built_site,
        "part5",
        "part5-samples",
        pink_curve_table(START, [-12, -6, -4, -2, -1, 0, 1, 2, 4, 6, 12]),
    )


def test_part5_refers_back_for_the_starting_point_and_the_slope(built_site):
    """Oracle: the loss and the slope at b3 = −2 computed here (the series' 2.67 and −0.77); the
    starting-point and slope tables live in Parts 2 and 4, which Part 5 links to."""
    text = page_text(built_site, "part5")
    html = _html(built_site, "part5")
    assert 'href="../part-2-setting-up-the-derivative/#the-starting-point-b3-2"' in html
    assert 'href="../part-4-other-classes/#the-three-cases-together"' in html
    loss, slope = START.loss(X, Y), START.gradients(X, Y)["b3"]
    assert PUBLISHED["part5.ce_total"].agrees_with(loss) and PUBLISHED["part6.slope"].agrees_with(slope)
    assert f"is {fmt(loss, 4)} there" in text
    assert "part5-observed" not in html and "part5-terms" not in html  # no second copy of those tables
    assert "differs" not in text


# -- Part 6 -----------------------------------------------------------------------------------------
def test_part6_step_table_and_first_step(built_site):
    """Oracle: gradient_descent called here; the first row agrees with the published 2.67, −0.77, −1.23."""
    run = ce.gradient_descent(START, X, Y, params=("b3",), learning_rate=1.0, tol=0.001)
    assert_table(built_site, "part6", "part6-steps", descent_table(run))
    first = numbers(element_text(built_site, "part6", "part6-steps"))[:5]
    assert PUBLISHED["part5.ce_total"].agrees_with(float(first[1]))
    assert PUBLISHED["part6.slope"].agrees_with(float(first[2]))
    assert PUBLISHED["part6.new_b3"].agrees_with(float(first[4]))


def test_part6_prose_has_the_final_values_and_the_gap(built_site):
    """Oracle: bias_optimum (limit −0.0317, 1.7747, gap 0.0003 above b3 = 0's 1.7750)."""
    opt = bias_optimum(START, X, Y)
    text = page_text(built_site, "part6")
    for value in (
        fmt(opt.run.network.b3, 4),
        fmt(opt.run.final_loss, 4),
        fmt(opt.limit, 4),
        fmt(opt.gap, 4),
        fmt(opt.reference_loss, 4),
        fmt(opt.contraction, 4),
    ):
        assert value in text
    assert "−0.0317" in text and "0.0003" in text
    assert "−2.00 → −1.23 → −0.66" in text


def test_part6_rate_at_one_over_c_and_the_six_decimals(built_site):
    """Oracles: gradient descent run here at rate 2 and at 1/c rounded to 0.1 (the control's grid):
    the latter needs fewer steps; the stopped and the limiting total agree to six decimals."""
    opt = bias_optimum(START, X, Y)
    rate = round(opt.fastest_rate, 1)
    at_rate = ce.gradient_descent(START, X, Y, params=("b3",), learning_rate=rate, tol=0.001)
    at_two = ce.gradient_descent(START, X, Y, params=("b3",), learning_rate=2.0, tol=0.001)
    assert at_rate.steps_taken < at_two.steps_taken
    text = page_text(built_site, "part6")
    assert f"needs the fewest, {at_two.steps_taken}:" in text
    assert f"{fmt(rate, 1)}, needs only {at_rate.steps_taken}" in text
    assert round(opt.run.final_loss, 6) == round(opt.limit_loss, 6) and "the same to six decimals" in text


def test_part6_learning_rate_table(built_site):
    runs = compare_learning_rates(START, X, Y, [0.1, 0.5, 1.0, 2.0, 3.0, 4.0])
    assert_table(built_site, "part6", "part6-rates", learning_rate_table(runs))


# -- Part 7 -----------------------------------------------------------------------------------------
def test_part7_tables(built_site):
    assert_table(built_site, "part7", "part7-jacobian", jacobian_route_table(START, central=False))
    assert_table(built_site, "part7", "part7-bias-gradient", bias_gradient_table(START, checks=False))
    run3 = ce.gradient_descent(START, X, Y, params=("b3", "b4", "b5"), learning_rate=1.0, tol=0.001)
    assert_table(built_site, "part7", "part7-descent", multi_bias_descent_table(run3))


def test_part7_identity_is_shown_equal_on_the_page(built_site):
    """Oracle: central differences of each flower's cross entropy with respect to its raw outputs,
    computed here; the Jacobian route and grad_logits print identically and equal them. The sums over
    the flowers equal central differences of the total loss with respect to b3, b4, b5."""
    values = [
        v for v in numbers(element_text(built_site, "part7", "part7-jacobian")) if len(v.split(".")[1]) == 4
    ]
    rows = [values[i : i + 3] for i in range(0, len(values), 3)]
    logits = START.forward(X).logits
    central = [
        fmt(float(g), 4).replace("\u2212", "-")
        for i, c in enumerate(Y)
        for g in ce.numerical_gradient(partial(_flower_loss, int(c)), logits[i])
    ]
    assert len(rows) == 9
    assert [r[1] for r in rows] == [r[2] for r in rows] == central
    sums = numbers(element_text(built_site, "part7", "part7-bias-gradient"))[-4:-1]
    checks = ce.check_network_gradients(START, X, Y, params=("b3", "b4", "b5"))
    assert sums == [fmt(r.numerical, 4).replace("\u2212", "-") for r in checks]


# -- Part 8 -----------------------------------------------------------------------------------------
def test_part8_derivative_tables(built_site):
    assert_table(built_site, "part8", "part8-w5", output_weight_table(START, "w5"))
    assert_table(built_site, "part8", "part8-w1", hidden_weight_table(START, "w1"))
    rows = ce.check_network_gradients(START, X, Y)
    table = element_text(built_site, "part8", "part8-gradcheck")
    assert numbers(table) == numbers(gradient_check_table(rows))
    assert all(r.relative_error < 1e-6 for r in rows)


def test_part8_training_results(built_site):
    """Oracle: train_full_iris called here (deterministic); 143 of 150 observed."""
    run = train_full_iris(seed=1)
    text = page_text(built_site, "part8")
    training = element_text(built_site, "part8", "part8-training").replace("\u00a0", " ")
    assert fmt(run.final_loss, 4) in training and "143 of 150 (95.3 %)" in training
    assert fmt(run.initial_loss, 4) in text and "ln" in text
    iris = ce.load_iris()
    matrix = confusion_matrix(run.network, iris.inputs, iris.labels)
    printed = [int(v) for v in re.findall(r"\b\d+\b", element_text(built_site, "part8", "part8-confusion"))]
    assert printed == matrix.reshape(-1).tolist()


# -- errata -----------------------------------------------------------------------------------------
def test_errata_page_lists_every_erratum_with_its_section(built_site):
    summary = element_text(built_site, "errata", "errata-summary")
    html = _html(built_site, "errata")
    for e in ERRATA:
        assert e.id in summary
        assert f'id="{e.id.lower()}"' in html, f"section anchor for {e.id}"
    assert numbers(summary) == numbers(errata_table())


def test_errata_tables_print_the_live_values(built_site):
    assert_table(built_site, "errata", "errata-e1", sign_consequences_table())
    assert_table(built_site, "errata", "errata-e3", softmax_inputs_table())
    assert_table(built_site, "errata", "errata-e4", rounded_probability_table())
    assert_table(built_site, "errata", "errata-all", comparison_table(list(PUBLISHED)))
    page = page_text(built_site, "errata")
    assert f"prints {fmt(ce.c1_snippet_value(), 4)}" in page  # C1's snippet, run (erratum E4)
    text = element_text(built_site, "errata", "errata-all")
    for key, rec in PUBLISHED.items():
        words = [w.strip(" ,;:") for w in rec.quantity.split("$")[::2]]  # the text outside formulas
        assert all(w in text for w in words if w), key


# -- size budgets and figures ---------------------------------------------------------------------------
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_within_budget_and_figures_present(built_site, page):
    html = _html(built_site, page)
    assert len(html.encode("utf-8")) <= 400 * 1024
    for name in FIGURES.get(page, []):
        start = html.index(f'<figure class="ce-figure" id="fig-{name}">')
        end = html.index("</figure>", start) + len("</figure>")
        figure = html[start:end]
        assert len(figure.encode("utf-8")) <= 40 * 1024
        assert 'role="img" aria-label="' in figure and "<figcaption>" in figure
