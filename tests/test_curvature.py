"""The Hessian of the total cross entropy over the output biases, and what it says about Part 7.

Oracles: central differences of the backpropagated gradient (`IrisNetwork.gradients`, itself
checked against central differences of the loss elsewhere); the exact null direction (1, 1, 1)
of softmax; the step counts 6 (three biases) and 18 (b5 fixed) of `gradient_descent`; and the
ratio of consecutive steps in the tail of a descent, which must approach the slowest factor
1 - eta * lambda of the Hessian at the minimum.
"""

from __future__ import annotations

import numpy as np
import pytest

from crossentropy import (
    PARAMETER_NAMES,
    TRAINING_DATA,
    IrisNetwork,
    gradient_components,
    gradient_descent,
    load_iris,
    network_hessian,
    output_bias_hessian,
    sharpest_curvature,
    valley_shape,
)

X, Y = TRAINING_DATA.inputs, TRAINING_DATA.labels
BIASES = ("b3", "b4", "b5")


def _numerical_hessian(net, names, h=1e-5):
    out = np.zeros((len(names), len(names)))
    for j, name in enumerate(names):
        up = net.replace(**{name: net.params[name] + h}).gradients(X, Y)
        down = net.replace(**{name: net.params[name] - h}).gradients(X, Y)
        out[:, j] = [(up[n] - down[n]) / (2 * h) for n in names]
    return out


@pytest.mark.parametrize("net", [IrisNetwork(b3=-2.0), IrisNetwork(), IrisNetwork.random(3)])
def test_hessian_matches_differences_of_the_gradient(net):
    np.testing.assert_allclose(output_bias_hessian(net, X, Y), _numerical_hessian(net, BIASES), atol=1e-8)
    two = ("b3", "b4")
    np.testing.assert_allclose(output_bias_hessian(net, X, Y, two), _numerical_hessian(net, two), atol=1e-8)


def test_one_bias_curvature_is_the_sum_of_p_one_minus_p():
    """Part 5: d^2(total CE)/db3^2 = sum p_S(1 - p_S) = 0.2011 at b3 = -2."""
    p = IrisNetwork(b3=-2.0).forward(X).probabilities[:, 0]
    h = output_bias_hessian(IrisNetwork(b3=-2.0), X, Y, ("b3",))
    assert h[0, 0] == pytest.approx(np.sum(p * (1 - p)), rel=1e-12)


def test_shifting_all_three_biases_is_flat():
    v = valley_shape(IrisNetwork(b3=-2.0), X, Y)
    assert v.eigenvalues[0] == 0.0 and np.all(v.curved > 0.1)
    np.testing.assert_allclose(v.null_directions, [np.ones(3) / np.sqrt(3)], atol=1e-12)
    np.testing.assert_allclose(output_bias_hessian(IrisNetwork(b3=-2.0), X, Y) @ np.ones(3), 0.0, atol=1e-15)


def test_nothing_is_lost_by_fixing_b5():
    """The three-bias and two-bias descents reach the same loss, up to their stopping tolerance."""
    run3 = gradient_descent(IrisNetwork(b3=-2.0), X, Y, params=BIASES, tol=1e-10, max_steps=5000)
    run2 = gradient_descent(IrisNetwork(b3=-2.0), X, Y, params=("b3", "b4"), tol=1e-10, max_steps=5000)
    assert run3.final_loss == pytest.approx(run2.final_loss, abs=1e-12)


def test_the_slowest_factor_explains_six_steps_and_eighteen():
    start = IrisNetwork(b3=-2.0)
    run3 = gradient_descent(start, X, Y, params=BIASES)
    run2 = gradient_descent(start, X, Y, params=("b3", "b4"))
    assert (run3.steps_taken, run2.steps_taken) == (6, 18)
    three = valley_shape(run2.network, X, Y)
    two = valley_shape(run2.network, X, Y, ("b3", "b4"))
    assert three.slowest_factor < 0.15 and 0.65 < two.slowest_factor < 0.75
    # tail of the two-bias descent: each step is the slowest factor times the one before
    sizes = [abs(s.steps["b3"]) for s in run2.history]
    assert sizes[-1] / sizes[-2] == pytest.approx(two.slowest_factor, rel=1e-2)
    # b5 fixed: the shallow direction is (1, 1)/sqrt(2), three times flatter than the steep one
    np.testing.assert_allclose(np.abs(two.eigenvectors[:, 0]), np.ones(2) / np.sqrt(2), atol=0.02)
    assert two.condition_number == pytest.approx(3.0, abs=0.05)


def test_the_path_bends_because_the_steep_component_dies_first():
    run2 = gradient_descent(IrisNetwork(b3=-2.0), X, Y, params=("b3", "b4"))
    two = valley_shape(run2.network, X, Y, ("b3", "b4"))
    c = np.abs(gradient_components(run2, two.eigenvectors))  # columns: shallow, steep
    assert c[0, 1] > c[0, 0]  # first step: mostly along the steep direction
    assert np.all(c[7:, 1] < 1e-2 * c[7:, 0])  # from step 8 on: along the shallow one only


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: output_bias_hessian(IrisNetwork(), X, Y, ("b1",)), ValueError, "params"),
        (lambda: output_bias_hessian(IrisNetwork(), X, Y, "b3"), TypeError, "params"),
        (lambda: valley_shape(IrisNetwork(), X, Y, learning_rate=0.0), ValueError, "learning_rate"),
        (lambda: gradient_components("run", np.eye(2)), TypeError, "result"),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_are_named(call, error, name):
    with pytest.raises(error, match=name):
        call()


def test_raising_b3_and_b4_together_is_lowering_b5():
    """(1, 1, 0) = (1, 1, 1) - (0, 0, 1) and H (1, 1, 1) = 0, so the curvature along (1, 1)/sqrt(2)
    with b5 fixed is exactly half of b5's own curvature, sum p_Vi (1 - p_Vi)."""
    net = gradient_descent(IrisNetwork(b3=-2.0), X, Y, params=("b3", "b4")).network
    two = output_bias_hessian(net, X, Y, ("b3", "b4"))
    u = np.ones(2) / np.sqrt(2)
    p = net.forward(X).probabilities[:, 2]
    assert u @ two @ u == pytest.approx(np.sum(p * (1 - p)) / 2, rel=1e-12)


def test_network_hessian_matches_second_differences_of_the_loss():
    """Oracle: [L(θ + h e_i + h e_j) − L(θ + h e_i − h e_j) − L(θ − h e_i + h e_j) + L(θ − h e_i − h e_j)] / 4h²,
    from the loss alone (no gradient), for a few pairs of parameters at a random network."""
    net, h = IrisNetwork.random(5), 1e-4
    hess = network_hessian(net, X, Y, reduction="sum")
    theta = net.to_vector()

    def loss(v):
        return net.with_vector(PARAMETER_NAMES, v).loss(X, Y)

    for i, j in [(0, 0), (0, 10), (4, 12), (13, 14), (7, 3)]:
        ei, ej = np.eye(15)[i] * h, np.eye(15)[j] * h
        second = (
            loss(theta + ei + ej) - loss(theta + ei - ej) - loss(theta - ei + ej) + loss(theta - ei - ej)
        ) / (4 * h * h)
        assert hess[i, j] == pytest.approx(second, rel=1e-4, abs=1e-5), (i, j)


def test_part8_climb_happens_while_the_sharpest_curvature_exceeds_two_over_eta():
    """Oracle: Part 6's stability condition eta * lambda < 2 with eta = 1, and the per-step loss curve
    (the climb runs from step 75 to 84)."""
    iris = load_iris()

    def after(k):
        return gradient_descent(
            IrisNetwork.random(1),
            iris.inputs,
            iris.labels,
            params=PARAMETER_NAMES,
            tol=None,
            max_steps=k,
            reduction="mean",
            record_steps=False,
        ).network

    assert (
        sharpest_curvature(after(75), iris.inputs, iris.labels)
        > 2.0
        > sharpest_curvature(after(84), iris.inputs, iris.labels)
    )
