"""Gradient checking done right: the step-size trade-off and the ReLU kink.

Oracles: Taylor's theorem (for exp at 0 the central difference's error is eps^2/6 + O(eps^4) and
the forward one's eps/2 + O(eps^2), while rounding grows like u/eps), the closed-form derivative
p_Setosa - 1 of the Setosa flower's cross entropy (p_Setosa = 0.1509 at b3 = -2, series-facts),
and at the kink the one-sided derivatives worked out independently: 0 with the node off, and
sum_k w_k (p_k - y_k) of the network with the node on.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from crossentropy import (
    TRAINING_DATA,
    UNIT_ROUNDOFF,
    IrisNetwork,
    check_network_gradients,
    kink_check,
    kink_flowers,
    load_iris,
    optimal_step,
    predicted_error,
    setosa_step_errors,
    softmax,
    step_errors,
)


def test_truncation_errors_follow_taylor():
    eps = np.array([1e-1, 1e-2, 1e-3])
    e = step_errors(math.exp, 0.0, 1.0, eps)
    np.testing.assert_allclose(e.central, eps**2 / 6, rtol=2e-2)
    np.testing.assert_allclose(e.forward, eps / 2, rtol=6e-2)


def test_rounding_takes_over_for_tiny_steps():
    e = setosa_step_errors(np.logspace(-13, -1, 49))
    best_step, best_error = e.best("central")
    assert 1e-6 <= best_step <= 1e-4 and best_error < 1e-10
    assert e.central[0] > 1e5 * best_error  # eps = 1e-13: far worse than the optimum
    forward_step, forward_error = e.best("forward")
    assert 1e-9 <= forward_step <= 1e-7 and forward_error > best_error


def test_error_model_and_its_optimum():
    """For f = -ln p: f''' = p(1 - p)(1 - 2p); the model's minimum sits at (3u|f|/|f'''|)^(1/3)."""
    p = float(softmax(IrisNetwork(b3=-2.0).forward(TRAINING_DATA.inputs[0]).logits)[0])
    f, f3 = -math.log(p), p * (1 - p) * (1 - 2 * p)
    star = optimal_step(f, f3)
    assert star == pytest.approx((3 * 2.0**-53 * f / f3) ** (1 / 3), rel=1e-12)
    grid = np.logspace(-8, -3, 2001)
    assert grid[np.argmin(predicted_error(grid, f, f3))] == pytest.approx(star, rel=1e-2)
    assert UNIT_ROUNDOFF == 2.0**-53
    measured = setosa_step_errors(np.logspace(-9, -2, 29))
    model = predicted_error(measured.eps, f, f3)
    assert np.all(measured.central < 20 * model)  # the model bounds the measurement, up to a small factor


def test_relu_kink_central_difference_is_the_average_of_both_sides():
    k = kink_check()
    net = IrisNetwork(b1=k.value)
    x = TRAINING_DATA.inputs[0]
    assert net.forward(x).hidden_sums[0] == 0.0
    # node switched on: the right derivative is sum_k w_k delta_k (delta = p - y at the kink, where ReLU(u) = 0)
    delta = net.forward(x).probabilities - np.eye(3)[TRAINING_DATA.labels[0]]
    right = net.w5 * delta[0] + net.w7 * delta[1] + net.w9 * delta[2]
    assert k.analytic == 0.0  # the package's convention ReLU'(0) = 0: the left derivative
    assert k.left == pytest.approx(0.0, abs=1e-9)
    assert k.right == pytest.approx(right, rel=1e-5)
    assert k.central == pytest.approx((k.left + k.right) / 2, rel=1e-5)


def test_bottom_node_kink():
    k = kink_check(bias="b2", flower=2)
    assert k.analytic == 0.0 and k.left == pytest.approx(0.0, abs=1e-9) and abs(k.right) > 0.1


def test_two_iris_flowers_on_a_kink_break_the_check_by_half_their_pull():
    """At StatQuest's network two Versicolor flowers sit on the bottom node's kink (d = 0 in exact
    arithmetic). Backpropagation counts them as off (ReLU'(0) = 0); the central difference sees
    half of what they would send back switched on: sum over them of w_k delta_k / 2 for b2."""
    iris = load_iris()
    net = IrisNetwork()
    on_kink = kink_flowers(net, iris.inputs)
    assert [node for _, node in on_kink] == [1, 1]
    assert all(iris.labels[i] == 1 and iris.inputs[i].round(9).tolist() == [0.5, 0.125] for i, _ in on_kink)
    rows = {r.name: r for r in check_network_gradients(net, iris.inputs, iris.labels)}
    idx = [i for i, _ in on_kink]
    delta = net.forward(iris.inputs[idx]).probabilities - np.eye(3)[iris.labels[idx]]
    pull = float(np.sum(net.w6 * delta[:, 0] + net.w8 * delta[:, 1] + net.w10 * delta[:, 2]))
    assert rows["b2"].numerical - rows["b2"].analytic == pytest.approx(pull / 2, rel=1e-4)
    assert rows["b1"].relative_error < 1e-8  # the top node has no flower on its kink


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: step_errors(1.0, 0.0, 1.0, [1e-3]), TypeError, "f"),  # type: ignore[arg-type]
        (lambda: step_errors(math.exp, 0.0, 1.0, [0.0]), ValueError, "eps"),
        (lambda: predicted_error([1e-3], 1.0, 1.0, scheme="backward"), ValueError, "scheme"),
        (lambda: optimal_step(0.0, 1.0), ValueError, "value"),
        (lambda: kink_check(bias="b3"), ValueError, "bias"),
        (lambda: kink_check(flower=3), ValueError, "flower"),
    ],
)
def test_bad_arguments_are_named(call, error, name):
    with pytest.raises(error, match=name):
        call()
