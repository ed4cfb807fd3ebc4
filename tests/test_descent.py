"""Gradient descent.

Oracles: the update rule written out by hand (new = old - rate * slope, slope from
IrisNetwork.gradients, itself checked by central differences), and the loss decreasing.
"""

import numpy as np
import pytest

from crossentropy import TRAINING_DATA, IrisNetwork, gradient_descent

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
    assert all(a >= b for a, b in zip(losses, losses[1:]))


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
    assert any(np.sign(a) != np.sign(b) for a, b in zip(b3[1:], b3[2:]))  # jumps across the minimum
