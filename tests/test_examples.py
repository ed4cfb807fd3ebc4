"""The example files the pages show (``docs/examples/*.py``): each runs, and computes what the page says.

Every file is run as a script, the way a reader runs a copy of it, and what it leaves behind is
checked against an oracle that does not come from the code under test:

* the numbers the series printed (``PUBLISHED``), at their printed rounding;
* the series' own scalar forward pass (``oracles.series_forward``) and the reference values of
  ``series-facts.md`` (4 d.p.);
* independent formulas: the chain-rule factors −1/p, p(1 − p), 1; a central difference computed
  here; ln 3 for a dead network; the update rule b3 ← b3 − η · slope.
"""

from __future__ import annotations

import contextlib
import io
import math
import runpy
from pathlib import Path

import numpy as np
import pytest

import crossentropy as ce
from oracles import series_forward

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
X, Y = ce.TRAINING_DATA.inputs, ce.TRAINING_DATA.labels


def run_example(name: str) -> tuple[dict, str]:
    """Run ``docs/examples/<name>.py`` as a script; return its globals and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        namespace = runpy.run_path(str(EXAMPLES / f"{name}.py"), run_name="__main__")
    return namespace, out.getvalue()


def oracle_forward(b3: float) -> list[tuple[float, float, list[float], list[float]]]:
    params = {**ce.DEFAULT_PARAMETERS, "b3": b3}
    return [series_forward(float(p), float(s), params) for p, s in X]


def test_every_example_is_tested():
    """Oracle: the files themselves; an example that no test names fails here."""
    tests = [p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py")]
    untested = [
        p.name for p in EXAMPLES.glob("*.py") if not any(f'"{p.stem}"' in t or p.name in t for t in tests)
    ]
    assert not untested, f"examples without a test: {untested}"


def test_every_page_example_exists():
    """Oracle: every ``--8<--`` line of the pages names a file of docs/examples."""
    pages = (EXAMPLES.parent).glob("*.md")
    included = {
        line.split('"')[1]
        for page in pages
        for line in page.read_text().splitlines()
        if line.startswith("--8<--")
    }
    assert included and all((EXAMPLES.parents[1] / path).is_file() for path in included)


def test_index_prints_the_total_cross_entropy_at_the_start():
    _, printed = run_example("index_total_cross_entropy")
    total = float(printed)
    assert ce.PUBLISHED["part5.ce_total"].agrees_with(total)  # the series printed 2.67
    expected = sum(-math.log(p[c]) for (_, _, _, p), c in zip(oracle_forward(-2.0), Y))
    assert total == pytest.approx(expected, rel=1e-12)


def test_part_1_forward_pass_is_the_series_forward_pass():
    ns, _ = run_example("part_1_forward_pass")
    for i, (u, d, raw, p) in enumerate(oracle_forward(0.0)):
        assert ns["hidden_sums"][i].tolist() == pytest.approx([u, d], abs=1e-12)
        assert ns["hidden"][i].tolist() == pytest.approx([max(u, 0.0), max(d, 0.0)], abs=1e-12)
        assert ns["raw_outputs"][i].tolist() == pytest.approx(raw, abs=1e-12)
        assert ns["probabilities"][i].tolist() == pytest.approx(p, abs=1e-12)
        assert float(ns["losses"][i]) == pytest.approx(-math.log(p[int(Y[i])]), abs=1e-12)
    # series-facts §3.1 (b3 = 0, 4 d.p.) and the series' printed first-flower numbers
    assert np.round(ns["probabilities"][0], 4).tolist() == [0.5677, 0.2019, 0.2304]
    assert ce.PUBLISHED["C1.logits_row1"].agrees_with(ns["raw_outputs"][0].tolist())
    assert round(ns["total"], 4) == 1.775


def test_part_2_starting_point():
    ns, _ = run_example("part_2_starting_point")
    assert ns["start"].b3 == -2.0
    observed = [float(ns["probabilities"][i, c]) for i, c in enumerate(Y)]
    assert ce.PUBLISHED["part5.p_observed"].agrees_with(observed)  # 0.15, 0.71, 0.65
    assert ce.PUBLISHED["part5.ce_rows"].agrees_with([-math.log(p) for p in observed])  # 1.89, 0.35, 0.43
    assert ce.PUBLISHED["part5.ce_total"].agrees_with(ns["total"])  # 2.67
    for i, (_, _, _, p) in enumerate(oracle_forward(-2.0)):
        assert ns["probabilities"][i].tolist() == pytest.approx(p, abs=1e-12)


def test_part_3_chain_rule_factors_are_the_derived_formulas():
    ns, _ = run_example("part_3_chain_rule_factors")
    p_setosa = oracle_forward(-2.0)[0][3][0]
    factors = ns["factors"]
    assert factors.dce_dp == pytest.approx(-1.0 / p_setosa, rel=1e-12)
    assert factors.dp_dz == pytest.approx(p_setosa * (1.0 - p_setosa), rel=1e-12)
    assert factors.dz_db == 1.0
    assert factors.value == pytest.approx(p_setosa - 1.0, rel=1e-12)
    assert round(factors.value, 4) == -0.8491  # series-facts §3.3


def test_part_3_gradient_check_matches_p_minus_one():
    ns, _ = run_example("part_3_gradient_check")
    p_setosa = oracle_forward(-2.0)[0][3][0]
    assert ns["slope"] == pytest.approx(p_setosa - 1.0, rel=1e-8)
    # the same central difference, computed here with the series' scalar forward pass
    eps = 1e-6
    ce_at = [
        -math.log(series_forward(float(X[0, 0]), float(X[0, 1]), {**ce.DEFAULT_PARAMETERS, "b3": b})[3][0])
        for b in (-2.0 + eps, -2.0 - eps)
    ]
    assert ns["slope"] == pytest.approx((ce_at[0] - ce_at[1]) / (2 * eps), rel=1e-6)
    # and the page quotes the package's value for it
    assert ns["slope"] == ce.flower_central_difference(ce.IrisNetwork(b3=-2.0), 0, "b3")


def test_part_4_terms_are_p_setosa_minus_the_observation():
    ns, _ = run_example("part_4_every_flower")
    expected = [p[0] - (1.0 if c == 0 else 0.0) for (_, _, _, p), c in zip(oracle_forward(-2.0), Y)]
    assert ns["terms"] == pytest.approx(expected, abs=1e-12)
    assert ce.PUBLISHED["part6.term_virginica"].agrees_with(ns["terms"][1])  # 0.04
    assert ce.PUBLISHED["part6.term_versicolor"].agrees_with(ns["terms"][2])  # 0.04
    assert ce.PUBLISHED["part6.slope"].agrees_with(ns["slope"])  # −0.77


def test_part_6_descent_follows_the_update_rule_and_the_series():
    ns, _ = run_example("part_6_descent")
    run = ns["run"]
    first = run.history[0]
    assert ce.PUBLISHED["part6.slope"].agrees_with(first.slopes["b3"])
    assert ce.PUBLISHED["part6.new_b3"].agrees_with(first.new_values["b3"])  # −2 − (1 × −0.77) = −1.23
    b3 = -2.0
    for step in run.history:  # b3 ← b3 − η · slope, with the slope from an independent forward pass
        assert step.values["b3"] == pytest.approx(b3, abs=1e-12)
        eps = 1e-6
        totals = [
            sum(-math.log(p[c]) for (_, _, _, p), c in zip(oracle_forward(b), Y))
            for b in (b3 + eps, b3 - eps)
        ]
        assert step.slopes["b3"] == pytest.approx((totals[0] - totals[1]) / (2 * eps), abs=1e-7)
        b3 = b3 - 1.0 * step.slopes["b3"]
    assert abs(run.history[-1].steps["b3"]) < 0.001 <= abs(run.history[-2].steps["b3"])
    assert round(run.network.b3, 4) == -0.0323 and round(run.final_loss, 4) == 1.7747  # series-facts §1b


def test_part_7_descents_conserve_the_bias_sum_and_reach_one_minimum():
    three, _ = run_example("part_7_three_biases")
    two, _ = run_example("part_7_two_biases")
    run3, run2 = three["run3"], two["run2"]
    biases = ("b3", "b4", "b5")
    # softmax is unchanged by adding one number to every raw output, so the gradient sums to 0
    assert sum(run3.network.params[b] for b in biases) == pytest.approx(-1.0, abs=1e-12)
    # shifted onto b5 = 1, the three-bias minimum is the two-bias minimum (up to the tolerance)
    shift = 1.0 - run3.network.b5
    assert run3.network.b3 + shift == pytest.approx(run2.network.b3, abs=0.01)
    assert run3.network.b4 + shift == pytest.approx(run2.network.b4, abs=0.01)
    assert run3.final_loss == pytest.approx(run2.final_loss, abs=1e-4)


def test_part_8_gradient_check_against_central_differences_computed_here():
    ns, _ = run_example("part_8_gradient_check")
    rows = ns["rows"]
    assert [r.name for r in rows] == list(ce.PARAMETER_NAMES)
    start, eps = ns["start"], 1e-6

    def total(params):
        return sum(-math.log(series_forward(float(p), float(s), params)[3][c]) for (p, s), c in zip(X, Y))

    for r in rows:
        up = {**start.params, r.name: start.params[r.name] + eps}
        down = {**start.params, r.name: start.params[r.name] - eps}
        assert r.analytic == pytest.approx((total(up) - total(down)) / (2 * eps), abs=1e-7)


def test_part_8_training_runs():
    ns, _ = run_example("part_8_training")
    run, dead = ns["run"], ns["dead"]
    iris = ce.load_iris()
    correct = int(np.sum(np.argmax(run.network.forward(iris.inputs).probabilities, axis=1) == iris.labels))
    assert correct == 143  # observed in the published run (README, tests of the page)
    assert run.final_loss < run.initial_loss
    # seed 0: the top node is dead on every flower; the best the biases can do is 1/3 each, ln 3
    assert dead.final_loss == pytest.approx(math.log(3), abs=1e-4)
