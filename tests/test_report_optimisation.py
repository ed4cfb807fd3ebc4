"""Unit tests of the report modules behind Parts 5–8 and the errata page (``crossentropy.report.*``),
and of the figures of Parts 5–8 (no site build).

Oracles, stated per test:

* the series' published numbers (``crossentropy.series.PUBLISHED``) at their printed rounding, and
  the reference recomputation (reference notes §3.1–3.4) where the series printed nothing;
* the package called directly and formatted the same way (one source for every number), with
  central differences where a table shows a derivative;
* for figures: byte-identical output for identical input, a size budget, an accessible name that
  carries computed numbers.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import crossentropy as ce
from crossentropy import (
    ERRATA,
    PUBLISHED,
    accuracy_text,
    article_link,
    bias_gradient_table,
    c1_snippet_value,
    compare_learning_rates,
    confusion_table,
    derivative_check,
    descent_table,
    errata_table,
    erratum_text,
    fmt,
    gradient_check_summary,
    gradient_check_table,
    hidden_weight_table,
    jacobian_route_table,
    learning_rate_table,
    multi_bias_descent_table,
    observed_table,
    output_weight_table,
    pink_curve_table,
    rounded_probability_table,
    sign_consequences_table,
    slope_terms_table,
    softmax_inputs_table,
    train,
    train_full_iris,
    training_table,
    vector,
)

X, Y = ce.TRAINING_DATA.inputs, ce.TRAINING_DATA.labels
START = ce.IrisNetwork(b3=-2.0)
MINUS = "\N{MINUS SIGN}"


def cells(table: str) -> list[list[str]]:
    """Body rows of a Markdown table as stripped cells, bold markers removed, true minus -> '-'."""
    lines = table.strip().splitlines()
    assert re.fullmatch(r"\|( :?---:? \|)+", lines[1]), lines[1]
    return [
        [c.strip().strip("*").replace(MINUS, "-") for c in line.strip()[1:-1].split(" | ")]
        for line in lines[2:]
    ]


def num(cell: str) -> float:
    return float(cell.split(" = ")[0])


# -- Part 5 -----------------------------------------------------------------------------------------
def test_observed_table_agrees_with_the_published_part5_numbers():
    """Oracle: Part 5's printed p_observed (0.15, 0.71, 0.65), CE (1.89, 0.35, 0.43), total 2.67."""
    rows = cells(observed_table(START))
    assert [r[1] for r in rows[:3]] == ["Setosa", "Virginica", "Versicolor"]
    assert PUBLISHED["part5.p_observed"].agrees_with([num(r[4]) for r in rows[:3]])
    assert PUBLISHED["part5.ce_rows"].agrees_with([num(r[5]) for r in rows[:3]])
    assert PUBLISHED["part5.ce_total"].agrees_with(num(rows[3][5]))
    assert num(rows[3][5]) == round(START.loss(X, Y), 4)


def test_pink_curve_table_is_the_sweep_with_its_curvature():
    """Oracle: reference notes §3.3 samples; curvature Σ p_S(1 − p_S) from the forward pass."""
    rows = cells(pink_curve_table(START, [-2, 0, 2]))
    assert [(num(r[1]), num(r[2])) for r in rows] == [(2.6659, -0.7732), (1.7750, 0.0187), (3.0904, 1.2708)]
    p = ce.IrisNetwork().forward(X).probabilities[:, 0]
    assert num(rows[1][3]) == round(float(np.sum(p * (1 - p))), 4)


def test_slope_terms_table_multiplies_the_three_factors():
    """Oracle: reference notes §3.2 chain factors at b3 = −2; each product is p_S − [obs = S]."""
    rows = cells(slope_terms_table(START))
    assert [(num(r[1]), num(r[2]), num(r[3]), num(r[4])) for r in rows[:3]] == [
        (-6.6278, 0.1281, 1.0, -0.8491),
        (-1.4177, -0.0248, 1.0, 0.0351),
        (-1.5306, -0.0267, 1.0, 0.0408),
    ]
    assert rows[0][4].endswith("p_{\\text{Setosa}} - 1$") and rows[1][4].endswith("p_{\\text{Setosa}}$")
    assert num(rows[3][4]) == -0.7732
    assert PUBLISHED["part6.slope"].agrees_with(num(rows[3][4]))


def test_derivative_check_sentence_quotes_backprop_and_central_difference():
    """Oracle: central difference of the total loss at b3 = −2, computed here independently."""
    text = derivative_check(START).replace(MINUS, "-")
    numbers = [float(v) for v in re.findall(r"-?\d+\.\d{8}", text)]
    assert numbers[0] == round(START.gradients(X, Y)["b3"], 8)
    h = 1e-6
    central = (START.replace(b3=-2 + h).loss(X, Y) - START.replace(b3=-2 - h).loss(X, Y)) / (2 * h)
    assert numbers[1] == pytest.approx(central, abs=1e-8)


# -- Part 6 -----------------------------------------------------------------------------------------
def test_descent_table_first_row_and_last_row():
    """Oracles: published first step (2.67, −0.77, −1.23) at printed rounding; ≈ −0.032 after 10 steps."""
    run = ce.gradient_descent(START, X, Y)
    rows = cells(descent_table(run))
    first = [num(c) for c in rows[0]]
    assert first[:2] == [1, -2.0]
    assert PUBLISHED["part5.ce_total"].agrees_with(first[2])
    assert PUBLISHED["part6.slope"].agrees_with(first[3])
    assert PUBLISHED["part6.step"].agrees_with(first[4])
    assert PUBLISHED["part6.new_b3"].agrees_with(first[5])
    assert len(rows) == 10 and round(num(rows[-1][5]), 3) == -0.032


def test_learning_rate_table_reports_each_run():
    """Oracle: compare_learning_rates called directly, formatted the same way."""
    runs = compare_learning_rates(START, X, Y, [0.1, 4.0])
    rows = cells(learning_rate_table(runs))
    assert rows[0][:3] == ["0.1", str(runs[0.1].steps_taken), "settled: step below 0.001"]
    assert rows[1][1] == "200" and rows[1][2].startswith("not settled: still jumping between")
    assert num(rows[1][4]) == round(runs[4.0].network.b3, 4)


# -- Part 7 -----------------------------------------------------------------------------------------
def test_jacobian_route_table_three_ways_agree():
    """Oracle: the closed form p_k − y_k; every row's three right-hand columns are equal."""
    rows = cells(jacobian_route_table(START))
    assert len(rows) == 9
    p = START.forward(X).probabilities
    y = np.eye(3)[Y]
    expected = (p - y).round(4).reshape(-1)
    for row, e in zip(rows, expected):
        assert num(row[3]) == num(row[4]) == num(row[5]) == pytest.approx(e, abs=1e-12)


def test_bias_gradient_table_rows_sum_to_zero_and_match_backprop():
    """Oracle: Σ(p − y) over flowers = backpropagation = central differences; every row sums to 0."""
    rows = cells(bias_gradient_table(START))
    g = START.gradients(X, Y)
    assert [num(c) for c in rows[3][1:4]] == [round(g[b], 4) for b in ("b3", "b4", "b5")]
    for row in rows:
        assert num(row[4]) == 0.0
        assert sum(num(c) for c in row[1:4]) == pytest.approx(0.0, abs=2e-4)
    assert rows[4][1:4] == rows[3][1:4] == rows[5][1:4]


def test_part7_tables_without_their_checks_keep_every_other_cell():
    """Oracle: the checked tables above; without the checks only the central-difference column of the
    Jacobian table and the two check rows of the bias-gradient table are gone."""
    full, short = cells(jacobian_route_table(START)), cells(jacobian_route_table(START, central=False))
    assert short == [row[:5] for row in full]
    full, short = cells(bias_gradient_table(START)), cells(bias_gradient_table(START, checks=False))
    assert short == full[:4]
    with pytest.raises(TypeError, match="central"):
        jacobian_route_table(START, central=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="checks"):
        bias_gradient_table(START, checks="no")  # type: ignore[arg-type]


def test_multi_bias_descent_table_conserves_the_sum():
    """Oracle: b3 + b4 + b5 starts at −2 + 0 + 1 = −1 and a zero-sum gradient keeps it there."""
    run = ce.gradient_descent(START, X, Y, params=("b3", "b4", "b5"))
    rows = cells(multi_bias_descent_table(run))
    assert len(rows) == run.steps_taken + 1
    assert all(num(r[4]) == -1.0 for r in rows)
    assert num(rows[0][5]) == 2.6659 and num(rows[-1][5]) == round(run.final_loss, 4)


# -- Part 8 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "network", [START, ce.IrisNetwork.random(4), ce.IrisNetwork.random(9)], ids=["start", "r4", "r9"]
)
def test_gradient_check_table_analytic_equals_numerical(network):
    """Oracle: central differences (check_network_gradients), at the series' start and two random
    parameter sets; all 15 rows agree to the printed 6 decimals."""
    rows = ce.check_network_gradients(network, X, Y)
    table = cells(gradient_check_table(rows))
    assert len(table) == 15
    for r, row in zip(rows, table):
        assert row[2] == row[3] == fmt(r.analytic, 6).replace(MINUS, "-")
    assert gradient_check_summary(rows).startswith("All 15 derivatives agree")


@pytest.mark.parametrize("weight", ["w5", "w6", "w7", "w8", "w9", "w10"])
def test_output_weight_table_total_is_the_derivative(weight):
    """Oracle: backpropagation's derivative and a central difference of the total loss."""
    total = num(cells(output_weight_table(START, weight))[-1][3])
    g = START.gradients(X, Y)[weight]
    assert total == round(g, 4)
    h = 1e-6
    v = START.params[weight]
    central = (START.replace(**{weight: v + h}).loss(X, Y) - START.replace(**{weight: v - h}).loss(X, Y)) / (
        2 * h
    )
    assert total == pytest.approx(central, abs=6e-5)


@pytest.mark.parametrize("weight", ["w1", "w2", "b1", "w3", "w4", "b2"])
def test_hidden_weight_table_total_is_the_derivative(weight):
    """Oracle: a central difference of the total loss; the Virginica flower (both nodes off) adds 0."""
    rows = cells(hidden_weight_table(START, weight))
    total = num(rows[-1][5])
    h = 1e-6
    v = START.params[weight]
    central = (START.replace(**{weight: v + h}).loss(X, Y) - START.replace(**{weight: v - h}).loss(X, Y)) / (
        2 * h
    )
    assert total == pytest.approx(central, abs=6e-5)
    assert rows[1][3] == "0" and num(rows[1][5]) == 0.0


def test_training_table_and_accuracy_text():
    """Oracle: accuracy and active counts computed directly; 143 of 150 observed after training."""
    iris = ce.load_iris()
    run = train_full_iris(steps=1000)
    rows = cells(training_table({"seed 1": run}, iris))
    assert rows[0][0] == "seed 1" and rows[1][1] == "after 1000 steps"
    assert num(rows[1][2]) == round(run.final_loss, 4)
    assert rows[1][3].replace("\N{NO-BREAK SPACE}", " ") == "143 of 150 (95.3 %)"
    assert accuracy_text(ce.IrisNetwork(), ce.TRAINING_DATA).startswith("3 of 3")


def test_confusion_table_layout():
    """Oracle: the matrix given; rows observed, columns predicted, diagonal in bold."""
    table = confusion_table([[50, 0, 0], [0, 46, 4], [0, 3, 47]])
    assert "| **Virginica** | 0 | 3 | **47** |" in table
    with pytest.raises(ValueError, match="matrix"):
        confusion_table([[1, 2], [3, 4]])


def test_vector_formatting():
    assert vector([-0.5, 0.25]) == f"({MINUS}0.5000, 0.2500)"


# -- errata -------------------------------------------------------------------------------------------
def test_errata_table_lists_every_erratum_with_live_exact_values():
    """Oracles: crossentropy.errata.ERRATA (ids and printed text); exact values from the network:
    E2's Versicolor raw output −0.44 and E4's total 1.7750 (reference notes §3.1)."""
    rows = cells(errata_table())
    assert [r[0] for r in rows] == [f"[{e.id}](#{e.id.lower()})" for e in ERRATA]
    by_id = {e.id: row for e, row in zip(ERRATA, rows)}
    assert by_id["E2"][3] == "-0.4400"
    assert by_id["E4"][3].endswith("1.7750")
    assert by_id["E5"][3] == "—" and by_id["E5"][4] == "wording"
    for e in ERRATA:
        assert e.series_did in erratum_text(e.id) and e.correction in erratum_text(e.id)


def test_errata_table_printed_and_exact_columns_name_the_same_numbers():
    """Oracle: the series' printed numbers (``PUBLISHED``, as displayed) of each numeric erratum, one
    group per published key in order, led by the article's name where the erratum spans articles;
    the exact column has the same groups and labels, the same count of numbers in each; E4's exact
    values from reference notes §3.1."""
    rows = {e.id: row for e, row in zip(ERRATA, cells(errata_table()))}
    for e in (e for e in ERRATA if e.numeric):
        printed, exact = rows[e.id][2].split("; "), rows[e.id][3].split("; ")
        assert len(printed) == len(exact) == len(e.published), e.id
        for key, p, x in zip(e.published, printed, exact):
            label = p[: p.index(": ") + 2] if ": " in p else ""
            assert x.startswith(label), (e.id, key)
            p, x = p.removeprefix(label), x.removeprefix(label)
            assert p.removeprefix("total ") == PUBLISHED[key].display.replace(MINUS, "-"), (e.id, key)
            assert p.startswith("total ") == x.startswith("total "), (e.id, key)
            assert len(p.split(", ")) == len(x.split(", ")), (e.id, key)
    assert rows["E4"][2] == "Cross entropy article: 0.56; Cross entropy, part 2: 0.56, 0.54, 0.65; total 1.75"
    assert (
        rows["E4"][3]
        == "Cross entropy article: 0.5662; Cross entropy, part 2: 0.5662, 0.5514, 0.6573; total 1.7750"
    )


def test_sign_consequences_reproduce_only_with_plus_0_6():
    """Oracle: reference notes §3.4 E1 — −0.6 gives 1.55 at (0, 1), total CE 3.16 at b3 = 0 and 4.26 at
    b3 = −2; +0.6 reproduces the printed 1.43, 1.75 (E4-rounded) and 2.67."""
    rows = cells(sign_consequences_table(2))
    assert [r[3] for r in rows] == ["1.55", "3.16", "4.26"]
    assert [r[2] for r in rows] == ["1.43", "1.77", "2.67"]


def test_softmax_inputs_table_shows_erratum_e3():
    """Oracle: reference notes §3.1 — the printed inputs give 0.68, 0.11, 0.21, the exact ones 0.69, 0.11, 0.21."""
    rows = cells(softmax_inputs_table())
    assert rows[0][1] == "0.68, 0.11, 0.21" and rows[1][1] == "0.69, 0.11, 0.21"
    assert rows[2][1] == PUBLISHED["S1.softmax_at_0_1"].display


def test_rounded_probability_table_shows_erratum_e4():
    """Oracle: the series' printed 0.56, 0.54, 0.65 are −ln of probabilities rounded to 0.57, 0.58, 0.52."""
    rows = cells(rounded_probability_table())
    assert [r[3] for r in rows] == ["0.57", "0.58", "0.52"]
    assert [round(num(r[4]), 2) for r in rows] == list(PUBLISHED["C2.ce_rows"].values)
    assert [num(r[2]) for r in rows] == [0.5662, 0.5514, 0.6573]
    assert round(c1_snippet_value(), 4) == 0.5653
    assert c1_snippet_value() == pytest.approx(
        -math.log(math.exp(1.04) / (math.exp(1.04) + 1 + math.exp(0.14)))
    )


def test_article_link_uses_the_known_address_only():
    assert article_link("part6") == "Derivatives, Part 6"
    assert article_link("C1").startswith("[Cross entropy article](https://dev.to/")
    with pytest.raises(ValueError, match="article_id"):
        article_link("part9")


# -- figures ------------------------------------------------------------------------------------------
FIGURE_BUDGET = 40 * 1024


@pytest.fixture(scope="module")
def figure_inputs():
    run = ce.gradient_descent(START, X, Y)
    rates = compare_learning_rates(START, X, Y, [0.1, 1.0, 3.0, 4.0])
    run2 = ce.gradient_descent(START, X, Y, params=("b3", "b4"))
    run3 = ce.gradient_descent(START, X, Y, params=("b3", "b4", "b5"))
    short = train(ce.IrisNetwork.random(1), ce.load_iris().inputs, ce.load_iris().labels, steps=60)
    return run, rates, run2, run3, short


def _figures():
    """The figure builders of Parts 5–8 (imported here, so the report tests above run on their own)."""
    from crossentropy import figures

    return figures


def _builders(inputs):
    f = _figures()
    run, rates, run2, run3, short = inputs
    iris = ce.load_iris()
    return {
        "pink-curve": lambda: f.pink_curve_svg(START),
        "descent-path": lambda: f.descent_path_svg(run),
        "learning-rates": lambda: f.learning_rates_svg(rates),
        "bias-contour": lambda: f.bias_contour_svg(run2, run3),
        "training-curves": lambda: f.training_curves_svg({"seed 1": short}),
        "decision-regions": lambda: f.decision_regions_svg(short.network, iris),
    }


@pytest.mark.parametrize(
    "name",
    ["pink-curve", "descent-path", "learning-rates", "bias-contour", "training-curves", "decision-regions"],
)
def test_figures_are_deterministic_small_accessible_and_closed(figure_inputs, name):
    """Oracle: two renders are byte-identical; ≤ 40 KB; an aria-label and <title>."""
    build = _builders(figure_inputs)[name]
    first, second = build(), build()
    assert first == second
    assert len(first.encode("utf-8")) <= FIGURE_BUDGET
    assert first.startswith(f'<figure class="ce-figure" id="fig-{name}">')
    label = re.search(r'aria-label="([^"]+)"', first)
    assert label and re.search(r"\d\.\d\d", label.group(1)), "the alt text carries computed numbers"
    assert "<title>" in first and "<figcaption>" in first


def test_figure_alt_texts_quote_the_package_numbers(figure_inputs):
    """Oracle: the numbers the package computes, formatted as the figures format them."""
    f = _figures()
    run, rates, run2, run3, _ = figure_inputs
    pink = f.pink_curve_svg(START)
    assert f"slope {fmt(START.gradients(X, Y)['b3'], 2)}" in pink
    path = f.descent_path_svg(run)
    assert f"{run.steps_taken} steps from b3 = {fmt(-2.0, 2)} to b3 = {fmt(run.network.b3, 2)}" in path
    lr = f.learning_rates_svg(rates)
    assert "learning rate 0.1: settled after 86 steps" in lr and "learning rate 4: still bouncing" in lr
    contour = f.bias_contour_svg(run2, run3)
    assert f"{run2.steps_taken} steps" in contour and f"{fmt(run3.final_loss, 4)}" in contour
    regions = f.decision_regions_svg(ce.IrisNetwork(), ce.load_iris())
    assert "143 of 150 flowers (95.3 %) correct" in regions


def test_figure_builders_reject_bad_input(figure_inputs):
    """Oracle: the coding rules — bad input raises TypeError/ValueError naming the argument."""
    f = _figures()
    run, rates, _, run3, _ = figure_inputs
    with pytest.raises(TypeError, match="result"):
        f.descent_path_svg("run")
    with pytest.raises(ValueError, match="two_biases"):
        f.bias_contour_svg(run3)
    with pytest.raises(ValueError, match="tangent_at"):
        f.pink_curve_svg(START, tangent_at=9.0)
    with pytest.raises(TypeError, match="runs"):
        f.training_curves_svg({"x": run})
    with pytest.raises(TypeError, match="data"):
        f.decision_regions_svg(START, X)
    with pytest.raises(ValueError, match="show"):
        f.learning_rates_svg(rates, show=[0.5])
    with pytest.raises(ValueError, match="1 to 4"):
        f.learning_rates_svg(compare_learning_rates(START, X, Y, [0.1, 0.5, 1.0, 2.0, 3.0]))
