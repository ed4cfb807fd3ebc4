"""Unit tests of the studies behind the optimisation pages: ``crossentropy.sweeps``, ``optima``,
``learning_rates``, ``output_biases``, ``training`` and ``classification`` (no site build).

Oracles, stated per test:

* the series' published numbers (``crossentropy.series.PUBLISHED``) at their printed rounding;
* the reference recomputation of the pink curve and of gradient descent (reference notes §3.3,
  4 d.p.): samples of the curve, the step table, the limit b3 = −0.031653, total CE 1.774696,
  and the hand calculation rounded to 2 d.p.;
* the series' own scalar forward pass (``oracles.series_forward``) and central differences;
* elementary facts: softmax is unchanged by adding a constant to every raw output, the derivative
  of a convex curve increases, identical inputs get identical predictions.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest

import crossentropy as ce
from crossentropy import (
    FULL_IRIS_SEED,
    PUBLISHED,
    accuracy,
    active_counts,
    bias_curvature,
    bias_optimum,
    bias_sum_drift,
    bias_sums,
    compare_learning_rates,
    confusion_matrix,
    crossings,
    decision_margins,
    decision_regions,
    jacobian_route,
    largest_rise,
    loss_rises,
    output_bias_loss_grid,
    predict,
    rounded_descent,
    shift_output_biases,
    slope_limits,
    slope_terms,
    sweep_parameter,
    train,
    train_full_iris,
    unavoidable_errors,
)
from oracles import series_forward

X, Y = ce.TRAINING_DATA.inputs, ce.TRAINING_DATA.labels
START = ce.IrisNetwork(b3=-2.0)
IRIS = ce.load_iris()


def oracle_total_ce(params: dict, b3: float) -> float:
    """Total cross entropy of the three flowers from the series' scalar forward pass."""
    p = dict(params, b3=b3)
    return sum(-math.log(series_forward(a, b, p)[3][c]) for (a, b), c in zip(X.tolist(), Y.tolist()))


@pytest.fixture(scope="module")
def full_run() -> ce.training.TrainingRun:
    return train_full_iris()


@pytest.fixture(scope="module")
def dead_run() -> ce.training.TrainingRun:
    return train_full_iris(seed=0)


# -- the pink curve -------------------------------------------------------------------------------
PINK_CURVE = {  # reference notes §3.3: b3 -> (total CE, slope), 4 d.p.
    -6: (6.4297, -0.9953), -5: (5.4377, -0.9873), -4: (4.4594, -0.9659), -3: (3.5171, -0.9100),
    -2: (2.6659, -0.7732), -1.5: (2.3080, -0.6513), -1: (2.0228, -0.4806), -0.5: (1.8363, -0.2563),
    0: (1.7750, 0.0187), 0.5: (1.8616, 0.3325), 1: (2.1105, 0.6642), 2: (3.0904, 1.2708),
    3: (4.5807, 1.6705), 4: (6.3630, 1.8674), 5: (8.2777, 1.9495), 6: (10.2455, 1.9812),
}  # fmt: skip


def test_pink_curve_matches_the_reference_samples():
    """Oracle: reference notes §3.3 pink-curve samples (4 d.p.)."""
    b3 = sorted(PINK_CURVE)
    sweep = sweep_parameter(START, X, Y, "b3", b3)
    for b, loss, slope in zip(b3, sweep.losses, sweep.slopes):
        assert round(float(loss), 4) == PINK_CURVE[b][0]
        assert round(float(slope), 4) == PINK_CURVE[b][1]


@pytest.mark.parametrize("name", ["b3", "b4", "b5", "w1", "w6"])
def test_sweep_matches_the_scalar_forward_pass_and_central_differences(name):
    """Oracle: the series' scalar forward pass (losses) and central differences of it (slopes),
    for the vectorised output-bias path and the general path alike, at a random network."""
    net = ce.IrisNetwork.random(7)
    values = np.linspace(-3.0, 3.0, 7)
    sweep = sweep_parameter(net, X, Y, name, values)

    def loss(v: float) -> float:
        p = dict(net.params, **{name: v})
        return sum(-math.log(series_forward(a, b, p)[3][c]) for (a, b), c in zip(X.tolist(), Y.tolist()))

    for v, got_loss, got_slope in zip(values, sweep.losses, sweep.slopes):
        assert got_loss == pytest.approx(loss(float(v)), rel=1e-12)
        central = (loss(float(v) + 1e-6) - loss(float(v) - 1e-6)) / 2e-6
        assert got_slope == pytest.approx(central, rel=1e-6, abs=1e-8)


def test_sweep_mean_is_the_sum_divided_by_n():
    """Oracle: mean = total / N, for both code paths."""
    for name in ("b3", "w2"):
        total = sweep_parameter(START, IRIS.inputs, IRIS.labels, name, [-1.0, 0.5])
        mean = sweep_parameter(START, IRIS.inputs, IRIS.labels, name, [-1.0, 0.5], reduction="mean")
        np.testing.assert_allclose(mean.losses, total.losses / 150, rtol=1e-12)
        np.testing.assert_allclose(mean.slopes, total.slopes / 150, rtol=1e-10, atol=1e-15)


def test_slope_terms_are_the_published_terms_and_sum_to_the_slope():
    """Oracle: the series' Part 6 terms (0.15 − 1, 0.04, 0.04) and slope −0.77 at printed rounding;
    the sum must equal backpropagation's ∂/∂b3."""
    terms = slope_terms(START, X, Y, "b3")
    assert PUBLISHED["part6.term_setosa_p"].agrees_with(terms[0] + 1)
    assert PUBLISHED["part6.term_virginica"].agrees_with(terms[1])
    assert PUBLISHED["part6.term_versicolor"].agrees_with(terms[2])
    assert PUBLISHED["part6.slope"].agrees_with(float(terms.sum()))
    assert float(terms.sum()) == pytest.approx(START.gradients(X, Y)["b3"], abs=1e-15)


@pytest.mark.parametrize("bias", ["b3", "b4", "b5"])
@pytest.mark.parametrize("b", [-4.0, -2.0, 0.0, 1.5, 4.0])
def test_curvature_is_the_derivative_of_the_slope(bias, b):
    """Oracle: central difference of the slope; the curvature is positive and at most N/4."""
    net = START.replace(**{bias: b})
    h = 1e-5
    up, down = sweep_parameter(net, X, Y, bias, [b + h, b - h]).slopes
    c = bias_curvature(net, X, Y, bias)
    assert c == pytest.approx((up - down) / (2 * h), rel=1e-6)
    assert 0 < c <= 3 / 4


def test_slope_limits_are_minus_one_and_two():
    """Oracle: one Setosa and two other flowers (Part 5's asymmetry); the slope approaches them."""
    assert slope_limits(Y, "b3") == (-1, 2)
    assert slope_limits(Y, "b4") == (-1, 2)
    far = sweep_parameter(START, X, Y, "b3", [-30.0, 30.0]).slopes
    assert far[0] == pytest.approx(-1.0, abs=1e-9)
    assert far[1] == pytest.approx(2.0, abs=1e-9)
    wide = sweep_parameter(START, X, Y, "b3", np.linspace(-12, 12, 97)).slopes
    assert np.all(np.diff(wide) > 0), "the slope of a convex curve increases"


# -- gradient descent on b3 ------------------------------------------------------------------------
STEP_TABLE = [  # reference notes §3.3: step, b3, total CE, slope, new b3 (4 d.p.)
    (1, -2.0000, 2.6659, -0.7732, -1.2268), (2, -1.2268, 2.1415, -0.5645, -0.6623),
    (3, -0.6623, 1.8844, -0.3350, -0.3273), (4, -0.3273, 1.7997, -0.1666, -0.1606),
    (5, -0.1606, 1.7795, -0.0746, -0.0860), (6, -0.0860, 1.7756, -0.0318, -0.0542),
    (7, -0.0542, 1.7748, -0.0133, -0.0410), (8, -0.0410, 1.7747, -0.0055, -0.0355),
    (9, -0.0355, 1.7747, -0.0023, -0.0332), (10, -0.0332, 1.7747, -0.0009, -0.0323),
]  # fmt: skip


def test_bias_optimum_reproduces_the_series_run_and_its_limit():
    """Oracles: the published first step (2.67, −0.77, −1.23) at printed rounding; the reference step
    table and limit (b3 = −0.031653, total CE 1.774696); b3 = 0 gives 1.7750, 0.0003 above it."""
    opt = bias_optimum(START, X, Y)
    first = opt.run.history[0]
    assert PUBLISHED["part5.ce_total"].agrees_with(first.loss)
    assert PUBLISHED["part6.slope"].agrees_with(first.slopes["b3"])
    assert PUBLISHED["part6.step"].agrees_with(first.steps["b3"])
    assert PUBLISHED["part6.new_b3"].agrees_with(first.new_values["b3"])
    got = [
        (
            s.index,
            round(s.values["b3"], 4),
            round(s.loss, 4),
            round(s.slopes["b3"], 4),
            round(s.new_values["b3"], 4),
        )
        for s in opt.run.history
    ]
    assert got == STEP_TABLE
    assert opt.run.converged and opt.run.steps_taken == 10
    assert round(opt.run.network.b3, 3) == -0.032
    assert opt.limit == pytest.approx(-0.031653, abs=5e-7)
    assert opt.limit_loss == pytest.approx(1.774696, abs=5e-7)
    assert opt.limit_loss == pytest.approx(oracle_total_ce(ce.IrisNetwork().params, opt.limit), rel=1e-12)
    assert round(opt.reference_loss, 4) == 1.7750 and round(opt.gap, 4) == 0.0003
    # the page says stopping early leaves the same loss to four decimals
    assert round(opt.run.final_loss, 4) == round(opt.limit_loss, 4)


def test_contraction_factor_predicts_the_ratio_of_steps():
    """Oracle: linear convergence theory — near the minimum each step is (1 − ηc) times the last."""
    opt = bias_optimum(START, X, Y)
    assert opt.curvature_bound == 3 / 4
    assert opt.last_ratio == pytest.approx(opt.contraction, abs=0.01)
    assert opt.fastest_rate == pytest.approx(1 / opt.curvature)
    assert opt.safe_rate == pytest.approx(8 / 3)


def test_learning_rates_behave_as_the_page_says():
    """Oracle: the theory of Part 6 (η < 1/c creeps, 1/c < η < 2/c zig-zags in, η > 2/c never settles),
    with c the curvature at the minimum; the page's prose about rates 0.1 … 4 relies on this."""
    opt = bias_optimum(START, X, Y)
    runs = compare_learning_rates(START, X, Y, [0.1, 0.5, 1.0, 2.0, 3.0, 4.0])
    assert 3.0 < opt.unstable_rate < 4.0 and 1.0 < opt.fastest_rate < 2.0
    for rate in (0.1, 0.5, 1.0):
        assert runs[rate].converged and crossings(runs[rate]) == 0
    assert runs[0.1].steps_taken > 5 * runs[1.0].steps_taken
    assert min(runs, key=lambda r: runs[r].steps_taken) == 2.0
    assert runs[3.0].converged and crossings(runs[3.0]) > 5
    assert not runs[4.0].converged and runs[4.0].stop_reason == "max_steps"
    last = [s.values["b3"] for s in runs[4.0].history[-4:]]
    assert last[0] == pytest.approx(last[2], abs=1e-6) and last[1] == pytest.approx(last[3], abs=1e-6)
    assert (last[0] - opt.limit) * (last[1] - opt.limit) < 0, "a 2-cycle on both sides of the minimum"


@pytest.mark.parametrize("rate", [1.0, 2.0, 3.0, 4.0])
def test_crossings_counts_every_jump_over_the_minimum_the_last_step_included(rate):
    """Oracle: the visited values themselves: a jump is a step whose start and end lie on opposite
    sides of the minimum (bias_optimum's limit, a descent run to a step below 1e-12), counted over
    every step of the run, the last one included."""
    run = compare_learning_rates(START, X, Y, [rate])[rate]
    minimum = bias_optimum(START, X, Y).limit
    visited = np.array([s.values["b3"] for s in run.history] + [run.network.b3])
    side = np.sign(visited - minimum)
    assert crossings(run) == int(np.count_nonzero(side[1:] * side[:-1] < 0))


def test_a_huge_learning_rate_stays_bounded():
    """Oracle: |slope| < 2 everywhere, so no step is longer than 2η (Part 6's claim)."""
    run = compare_learning_rates(START, X, Y, [20.0])[20.0]
    assert all(abs(s.steps["b3"]) < 2 * 20.0 for s in run.history)
    assert max(abs(s.values["b3"]) for s in run.history) < 3 * 20.0


def test_rounded_descent_is_the_hand_calculation():
    """Oracle: reference notes §3.3 — rounding to 2 d.p. goes −2 → −1.23 → … → −0.04 and stalls."""
    path = rounded_descent(START, X, Y)
    assert path == [-2.0, -1.23, -0.66, -0.33, -0.16, -0.09, -0.06, -0.04]


# -- the three output biases -------------------------------------------------------------------------
def _ce_of_logits(z: np.ndarray, observed: int) -> float:
    return float(ce.cross_entropy(z, observed))


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_jacobian_route_equals_p_minus_y_and_central_differences(seed):
    """Oracle: the closed form p − y (grad_logits) and central differences of −ln p_c, at random
    raw outputs and every observed class (Part 7's identity)."""
    rng = np.random.default_rng(seed)
    z = rng.normal(0.0, 2.0, size=3)
    p = ce.softmax(z)
    for c in range(3):
        route = jacobian_route(p, c)
        np.testing.assert_allclose(route, ce.grad_logits(z, c), atol=1e-12)
        np.testing.assert_allclose(route, p - np.eye(3)[c], atol=1e-12)
        numeric = ce.numerical_gradient(functools.partial(_ce_of_logits, observed=c), z)
        np.testing.assert_allclose(route, numeric, atol=1e-8)


def test_jacobian_route_at_the_series_start():
    """Oracle: reference notes §3.3 probabilities at b3 = −2; for the Setosa flower ∂CE/∂z = p − (1, 0, 0)."""
    p = START.forward(X).probabilities
    assert jacobian_route(p[0], 0).round(4).tolist() == [-0.8491, 0.3966, 0.4525]


def test_output_bias_grid_matches_the_scalar_forward_pass():
    """Oracle: the series' scalar forward pass at each grid point, b5 fixed."""
    net = ce.IrisNetwork.random(3)
    first, second = np.array([-2.0, 0.3, 1.7]), np.array([-1.0, 0.8])
    grid = output_bias_loss_grid(net, X, Y, first, second, names=("b3", "b4"))
    assert grid.shape == (2, 3)
    for j, b4 in enumerate(second):
        for i, b3 in enumerate(first):
            p = dict(net.params, b3=float(b3), b4=float(b4))
            expected = sum(
                -math.log(series_forward(a, b, p)[3][c]) for (a, b), c in zip(X.tolist(), Y.tolist())
            )
            assert grid[j, i] == pytest.approx(expected, rel=1e-12)
    swapped = output_bias_loss_grid(net, X, Y, second, first, names=("b4", "b3"))
    np.testing.assert_allclose(swapped, grid.T, rtol=1e-12)


def test_three_bias_descent_conserves_the_sum_and_matches_the_two_bias_minimum():
    """Oracle: softmax is unchanged by a common shift, so the gradient sums to 0 and b3 + b4 + b5 stays
    −1; the shifted three-bias minimum equals the two-bias minimum with b5 = 1 (both run to 1e-12)."""
    run3 = ce.gradient_descent(START, X, Y, params=("b3", "b4", "b5"))
    sums = bias_sums(run3)
    assert len(sums) == run3.steps_taken + 1
    np.testing.assert_allclose(sums, -1.0, atol=1e-12)
    assert bias_sum_drift(run3) < 1e-12
    precise3 = ce.gradient_descent(START, X, Y, params=("b3", "b4", "b5"), tol=1e-12, max_steps=10_000)
    precise2 = ce.gradient_descent(START, X, Y, params=("b3", "b4"), tol=1e-12, max_steps=10_000)
    shifted = shift_output_biases(precise3.network, "b5", 1.0)
    np.testing.assert_allclose(
        shifted.to_vector(["b3", "b4", "b5"]), precise2.network.to_vector(["b3", "b4", "b5"]), atol=1e-9
    )
    assert precise3.final_loss == pytest.approx(precise2.final_loss, abs=1e-12)
    assert run3.final_loss < bias_optimum(START, X, Y).limit_loss


@pytest.mark.parametrize("shift", [-3.0, 0.25, 5.0])
def test_shifting_all_output_biases_changes_nothing(shift):
    """Oracle: softmax(z + t) = softmax(z), via the scalar forward pass."""
    net = ce.IrisNetwork.random(11)
    moved = shift_output_biases(net, "b4", net.b4 + shift)
    assert moved.b3 - net.b3 == pytest.approx(shift) and moved.b5 - net.b5 == pytest.approx(shift)
    assert moved.loss(X, Y) == pytest.approx(net.loss(X, Y), rel=1e-12)


# -- every weight, checked at random parameter sets -------------------------------------------------
@pytest.mark.parametrize("seed", [1, 2, 5, 8])
def test_all_fifteen_derivatives_match_central_differences_at_random_networks(seed):
    """Oracle: central differences of the loss (check_network_gradients), on the three flowers and on
    30 Iris flowers, at random parameter values."""
    net = ce.IrisNetwork.random(seed)
    for inputs, labels in ((X, Y), (IRIS.inputs[::5], IRIS.labels[::5])):
        rows = ce.check_network_gradients(net, inputs, labels)
        assert len(rows) == 15
        for r in rows:
            assert abs(r.analytic - r.numerical) <= 1e-6 * max(1.0, abs(r.analytic)), r


# -- training on the full data set ------------------------------------------------------------------
def test_full_training_is_deterministic(full_run):
    """Oracle: the same seed gives the same run, bit for bit."""
    again = train_full_iris()
    assert again.network == full_run.network
    np.testing.assert_array_equal(again.losses, full_run.losses)
    assert full_run.start == ce.IrisNetwork.random(FULL_IRIS_SEED)


def test_full_training_reaches_its_accuracy(full_run):
    """Observed: from IrisNetwork.random(1), 1000 steps at learning rate 1 on the mean cross entropy
    give 143 of 150 flowers (95.3 %) and a mean cross entropy of 0.0918 (from 1.0841). Asserted
    floors: accuracy ≥ 0.94, mean cross entropy ≤ 0.1. Oracle for the loss: the series' scalar
    forward pass on all 150 flowers."""
    acc = accuracy(full_run.network, IRIS.inputs, IRIS.labels)
    assert acc >= 0.94
    assert full_run.final_loss <= 0.1 < full_run.initial_loss
    p = full_run.network.params
    oracle = sum(
        -math.log(series_forward(a, b, p)[3][c])
        for (a, b), c in zip(IRIS.inputs.tolist(), IRIS.labels.tolist())
    )
    assert full_run.final_loss == pytest.approx(oracle / 150, rel=1e-10)
    assert full_run.recorded_steps[0] == 0 and full_run.recorded_steps[-1] == full_run.steps == 1000


def test_seed_zero_dies_at_ln_3(dead_run):
    """Oracle: a ReLU node negative on every flower passes no gradient; with both nodes dead the best
    the biases can do on a balanced data set is 1/3 per species, mean cross entropy ln 3."""
    assert active_counts(dead_run.start, IRIS.inputs)[0] == 0
    assert active_counts(dead_run.network, IRIS.inputs) == (0, 0)
    assert dead_run.final_loss == pytest.approx(math.log(3), abs=1e-4)
    assert accuracy(dead_run.network, IRIS.inputs, IRIS.labels) == pytest.approx(1 / 3)


def test_loss_rises_are_real_increases(full_run):
    """Oracle: the recorded losses themselves; the page quotes the largest rise."""
    rises = loss_rises(full_run)
    assert rises, "the run from seed 1 has a bump the page describes"
    for start, stop, rise in rises:
        i = list(full_run.recorded_steps).index(start)
        assert full_run.recorded_steps[i + 1] == stop
        assert rise == pytest.approx(full_run.losses[i + 1] - full_run.losses[i])
    assert largest_rise(full_run) == max(rises, key=lambda r: r[2])


def test_confusion_matrix_accuracy_and_predictions_agree(full_run):
    """Oracle: the argmax of the scalar forward pass for every flower."""
    net = full_run.network
    expected = [int(np.argmax(series_forward(a, b, net.params)[3])) for a, b in IRIS.inputs.tolist()]
    assert predict(net, IRIS.inputs).tolist() == expected
    m = confusion_matrix(net, IRIS.inputs, IRIS.labels)
    assert m.sum() == 150 and m.sum(axis=1).tolist() == [50, 50, 50]
    assert np.trace(m) / 150 == pytest.approx(accuracy(net, IRIS.inputs, IRIS.labels))


def test_unavoidable_errors_by_brute_force():
    """Oracle: a dictionary count of the species at every distinct (petal, sepal) pair."""
    groups: dict[tuple[float, float], list[int]] = {}
    for (a, b), c in zip(IRIS.inputs.tolist(), IRIS.labels.tolist()):
        groups.setdefault((a, b), [0, 0, 0])[c] += 1
    expected = sum(sum(v) - max(v) for v in groups.values())
    assert unavoidable_errors(IRIS.inputs, IRIS.labels) == expected == 3


def test_decision_regions_and_margins_agree_with_predictions(full_run):
    """Oracle: predict() at the grid points; a margin is positive exactly where its species wins."""
    petal, sepal, classes = decision_regions(full_run.network, resolution=21)
    grid = np.stack(np.meshgrid(petal, sepal), axis=-1)
    np.testing.assert_array_equal(classes, predict(full_run.network, grid))
    _, _, margins = decision_margins(full_run.network, resolution=21)
    np.testing.assert_array_equal(np.argmax(margins, axis=0), classes)
    assert np.all((margins > 0).sum(axis=0) <= 1)


def test_train_records_and_validates():
    """Oracle: the recording schedule asked for; bad arguments raise the documented errors."""
    run = train(START, X, Y, steps=12, record_every=5)
    assert run.recorded_steps.tolist() == [0, 5, 10, 12]
    with pytest.raises(ValueError, match="learning_rate"):
        train(START, X, Y, learning_rate=-1.0)
    with pytest.raises(ValueError, match="reduction"):
        train(START, X, Y, reduction="none")
    with pytest.raises(TypeError, match="network"):
        train("net", X, Y)  # type: ignore[arg-type]


def test_validation_errors_name_the_argument():
    """Oracle: the coding rules — bad input raises TypeError/ValueError naming the argument."""
    with pytest.raises(ValueError, match="bias"):
        slope_terms(START, X, Y, "b1")
    with pytest.raises(TypeError, match="rates"):
        compare_learning_rates(START, X, Y, 1.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="distinct"):
        compare_learning_rates(START, X, Y, [1.0, 1.0])
    with pytest.raises(ValueError, match="names"):
        output_bias_loss_grid(START, X, Y, [0.0], [0.0], names=("b3", "b3"))
    with pytest.raises(ValueError, match="observed"):
        jacobian_route([0.2, 0.3, 0.5], 3)
    with pytest.raises(ValueError, match="reduction"):
        sweep_parameter(START, X, Y, "b3", [0.0], reduction="none")
    with pytest.raises(ValueError, match="name"):
        sweep_parameter(START, X, Y, "b9", [0.0])
