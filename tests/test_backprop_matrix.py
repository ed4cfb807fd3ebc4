"""Backpropagation in matrix form.

Oracles: central differences of the total loss for all fifteen parameters (no backpropagation
involved), the per-parameter chain rule written out by hand for w5 and w1 (Part 8's formulas),
and the definition of a sum of outer products.
"""

from __future__ import annotations

import numpy as np
import pytest

from crossentropy import (
    PARAMETER_NAMES,
    TRAINING_DATA,
    IrisNetwork,
    backprop_matrices,
    flower_deltas,
    load_iris,
    numerical_gradient,
)

X, Y = TRAINING_DATA.inputs, TRAINING_DATA.labels


@pytest.mark.parametrize("net", [IrisNetwork(b3=-2.0), IrisNetwork.random(1), IrisNetwork.random(7)])
def test_matrix_gradients_match_central_differences(net):
    """On the 150 flowers; StatQuest's network is shifted off the two flowers that sit on its
    bottom node's kink (tests/test_finite_differences.py shows what happens there)."""
    iris = load_iris()
    net = net.replace(b2=net.b2 + 1e-3) if net.b3 == -2.0 else net
    vec = net.to_vector()
    numeric = numerical_gradient(
        lambda v: net.with_vector(PARAMETER_NAMES, v).loss(iris.inputs, iris.labels), vec
    )
    got = backprop_matrices(net, iris.inputs, iris.labels).gradients()
    np.testing.assert_allclose([got[n] for n in PARAMETER_NAMES], numeric, rtol=1e-6, atol=1e-6)


def test_entries_are_the_per_parameter_chain_rule():
    net = IrisNetwork(b3=-2.0)
    m = backprop_matrices(net, X, Y)
    fp = net.forward(X)
    delta = fp.probabilities - np.eye(3)[Y]
    relu_u = np.maximum(fp.hidden_sums[:, 0], 0.0)
    assert m.gradients()["w5"] == pytest.approx(np.sum(delta[:, 0] * relu_u), rel=1e-14)
    back_u = (net.w5 * delta[:, 0] + net.w7 * delta[:, 1] + net.w9 * delta[:, 2]) * (fp.hidden_sums[:, 0] > 0)
    assert m.gradients()["w1"] == pytest.approx(np.sum(back_u * X[:, 0]), rel=1e-14)
    assert m.gradients()["b3"] == pytest.approx(-0.7732, abs=5e-5)  # series-facts: slope at b3 = -2


def test_weight_gradients_are_sums_of_outer_products():
    m = backprop_matrices(IrisNetwork(b3=-2.0), X, Y)
    manual = sum(np.outer(m.delta_out[i], m.hidden[i]) for i in range(len(X)))
    np.testing.assert_allclose(m.outer_products("out").sum(axis=0), manual, rtol=1e-15)
    np.testing.assert_allclose(m.grad_w_out, manual, rtol=1e-14)
    manual_h = sum(np.outer(m.delta_hidden[i], X[i]) for i in range(len(X)))
    np.testing.assert_allclose(m.grad_w_hidden, manual_h, rtol=1e-14)


def test_a_switched_off_flower_sends_nothing_back():
    m = flower_deltas(IrisNetwork(b3=-2.0), X[1], int(Y[1]))  # (1.00, 0.54): u, d < 0
    assert m.mask.tolist() == [[False, False]]
    assert m.delta_hidden.tolist() == [[0.0, 0.0]] and np.all(m.grad_w_out == 0.0)
    assert m.delta_out.sum() == pytest.approx(0.0, abs=1e-15)  # p and y both sum to 1


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: backprop_matrices("net", X, Y), TypeError, "network"),  # type: ignore[arg-type]
        (lambda: flower_deltas(IrisNetwork(), [0.1, 0.2, 0.3], 0), ValueError, "inputs"),
        (lambda: flower_deltas(IrisNetwork(), [0.1, 0.2], 0.0), TypeError, "label"),  # type: ignore[arg-type]
        (lambda: backprop_matrices(IrisNetwork(), X, Y).outer_products("middle"), ValueError, "layer"),
    ],
)
def test_bad_arguments_are_named(call, error, name):
    with pytest.raises(error, match=name):
        call()
