"""Gradient descent.

Oracles: the update rule written out by hand (new = old - rate * slope, slope from
IrisNetwork.gradients, itself checked by central differences), and the loss decreasing.
"""

import itertools
from typing import Any

import numpy as np
import pytest

from crossentropy import PARAMETER_NAMES, TRAINING_DATA, IrisNetwork, gradient_descent

X, Y = TRAINING_DATA.inputs, TRAINING_DATA.labels


def test_history_follows_the_update_rule():
    run = gradient_descent(IrisNetwork(b3=-2.0), X, Y, learning_rate=0.5, tol=1e-4)
    net = IrisNetwork(b3=-2.0)
    for step in run.history:
        slope = net.gradients(X, Y)["b3"]
        assert step.values == {"b3": net.b3}
        # the loss comes from the same forward pass as the slope (matrix layout), so it may
        # differ from IrisNetwork.loss (node-by-node layout) in the last bit only
        assert step.loss == pytest.approx(net.loss(X, Y), rel=1e-14)
        assert step.slopes["b3"] == slope
        assert step.steps["b3"] == 0.5 * slope
        assert step.new_values["b3"] == net.b3 - 0.5 * slope
        net = net.replace(b3=step.new_values["b3"])
    assert run.network == net
    assert run.history[-1].largest_step < 1e-4 <= run.history[-2].largest_step
    losses = [s.loss for s in run.history]
    assert all(a >= b for a, b in itertools.pairwise(losses))


def test_other_parameters_stay_fixed_and_several_can_move():
    start = IrisNetwork(b3=-2.0)
    run = gradient_descent(start, X, Y, params=("b3", "b4", "b5"), learning_rate=1.0, tol=1e-6)
    moved = {k for k, v in run.network.params.items() if v != start.params[k]}
    assert moved == {"b3", "b4", "b5"}
    # the logit gradient sums to zero over classes, so b3 + b4 + b5 never changes
    total = sum(start.params[b] for b in ("b3", "b4", "b5"))
    assert sum(run.network.params[b] for b in ("b3", "b4", "b5")) == pytest.approx(total, abs=1e-12)
    assert run.final_loss < start.loss(X, Y)


def test_max_steps_stops_the_run():
    run = gradient_descent(IrisNetwork(b3=-2.0), X, Y, learning_rate=0.1, tol=0.0, max_steps=5)
    assert run.steps_taken == 5 and run.stop_reason == "max_steps" and not run.converged


def test_step_size_rule_stops_a_tiny_rate_early():
    """With rate 1e-3 the very first step (1e-3 * 0.77) is already below tol = 1e-3."""
    run = gradient_descent(IrisNetwork(b3=-2.0), X, Y, learning_rate=1e-3, tol=1e-3)
    assert run.steps_taken == 1 and run.converged


def test_large_rate_overshoots_but_stays_finite():
    run = gradient_descent(IrisNetwork(b3=-2.0), X, Y, learning_rate=50.0, max_steps=20)
    b3 = [s.values["b3"] for s in run.history]
    assert np.all(np.isfinite(b3))
    assert any(np.sign(a) != np.sign(b) for a, b in itertools.pairwise(b3[1:]))  # jumps across the minimum


def test_a_diverging_run_reports_its_non_finite_stop():
    """Learning rate 1e200 on all 15 parameters: the first step's parameters give raw outputs
    beyond float64. The run stops with the documented reason instead of raising, and returns the
    last finite network (here the start) with its loss (oracle: IrisNetwork.loss)."""
    start = IrisNetwork(b3=-2.0)
    with np.errstate(
        over="raise", invalid="raise", divide="raise"
    ):  # no floating-point warning escapes either
        run = gradient_descent(start, X, Y, params=PARAMETER_NAMES, learning_rate=1e200)
    assert run.stop_reason == "non-finite" and not run.converged
    assert run.network == start and run.steps_taken == 0 and run.history == ()
    assert run.final_loss == pytest.approx(start.loss(X, Y), rel=1e-14)


def test_a_run_that_diverges_later_keeps_its_finite_steps():
    """b3 at rate 1e308: the first step (slope -0.77) lands at b3 = 7.7e307, still finite, with a
    loss of 1.5e308; there every flower is called Setosa, the slope is 2 and the next step would
    be 2e308, beyond float64. One step is kept and the network is its new value (oracle: the
    arithmetic above and IrisNetwork.loss)."""
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        run = gradient_descent(IrisNetwork(b3=-2.0), X, Y, learning_rate=1e308, tol=None)
    assert run.stop_reason == "non-finite" and run.steps_taken == 1
    (step,) = run.history
    assert step.new_values["b3"] == pytest.approx(-2.0 + 1e308 * 0.7732010032512964, rel=1e-12)
    assert run.network == IrisNetwork(b3=step.new_values["b3"])
    assert run.final_loss == pytest.approx(run.network.loss(X, Y), rel=1e-12)
    assert 1e308 < run.final_loss < np.finfo(np.float64).max


def test_fixed_number_of_steps_with_the_stopping_rule_off():
    """tol=None: exactly max_steps steps, even after the steps have become tiny (with the rule on,
    the same run stops after 10)."""
    run = gradient_descent(IrisNetwork(b3=-2.0), X, Y, tol=None, max_steps=40)
    assert run.steps_taken == 40 and run.stop_reason == "max_steps"
    assert gradient_descent(IrisNetwork(b3=-2.0), X, Y).steps_taken == 10
    assert run.history[-1].largest_step < 1e-3


def test_all_15_parameters_from_any_network_follow_the_update_rule():
    """Oracle: the update rule by hand with IrisNetwork.gradients (itself checked by central
    differences), from a random network, for all 15 parameters and the mean loss."""
    start = IrisNetwork.random(4)
    run = gradient_descent(start, X, Y, params=PARAMETER_NAMES, learning_rate=0.3, tol=None, max_steps=6,
                           reduction="mean")  # fmt: skip
    net = start
    for step in run.history:
        g = net.gradients(X, Y, reduction="mean")
        assert step.values == net.params
        assert step.new_values == pytest.approx(
            {n: net.params[n] - 0.3 * g[n] for n in PARAMETER_NAMES}, rel=1e-12
        )
        net = net.replace(**step.new_values)
    assert run.network == net


def test_the_loss_is_recorded_at_every_step_without_the_history():
    """losses[k] is the loss after k steps and loss_curve ends with final_loss (oracle:
    IrisNetwork.loss at the recorded parameters); record_steps=False keeps the same curve."""
    kwargs: dict[str, Any] = {
        "params": ("b3", "w6", "b1"),
        "learning_rate": 0.5,
        "tol": None,
        "max_steps": 12,
    }
    full = gradient_descent(IrisNetwork(b3=-2.0), X, Y, **kwargs)
    lean = gradient_descent(IrisNetwork(b3=-2.0), X, Y, **kwargs, record_steps=False)
    assert lean.history == () and lean.network == full.network
    np.testing.assert_array_equal(lean.losses, full.losses)
    expected = [IrisNetwork(b3=-2.0).replace(**s.values).loss(X, Y) for s in full.history] + [
        full.network.loss(X, Y)
    ]
    np.testing.assert_allclose(full.loss_curve, expected, rtol=1e-14)
    assert full.losses.shape == (12,) and not full.losses.flags.writeable
    assert full.final_loss == pytest.approx(full.network.loss(X, Y), rel=1e-14)
