"""The series' published numbers, reproduced to their printed rounding.

Oracle: the values the original articles printed (StatQuest's Iris network as retold in
"Cross Entropy Derivatives", Parts 1-6, and its prequels), as listed in the project's
reference notes. Values the series got wrong are checked in tests/test_series.py.
"""

import numpy as np
import pytest

from crossentropy import (
    TRAINING_DATA,
    IrisNetwork,
    bias_gradient,
    cross_entropy,
    gradient_descent,
    softmax,
)

X, Y = TRAINING_DATA.inputs, TRAINING_DATA.labels


def printed(value, digits):
    return round(float(value), digits)


def test_raw_outputs_at_petal_0_sepal_1():
    logits = IrisNetwork().forward([0.0, 1.0]).logits
    # published 1.43, -0.4 (exact -0.44, see errata), 0.23
    assert [printed(v, 2) for v in logits] == [1.43, -0.44, 0.23]
    assert printed(logits[1], 1) == -0.4


def test_b3_minus_2_observation_table():
    net = IrisNetwork(b3=-2.0)
    p = net.forward(X).probabilities
    observed = p[np.arange(3), Y]
    assert [printed(v, 2) for v in observed] == [0.15, 0.71, 0.65]
    ce = cross_entropy(net.forward(X).logits, Y, reduction="none")
    assert [printed(v, 2) for v in ce] == [1.89, 0.35, 0.43]
    assert printed(net.loss(X, Y), 2) == 2.67


def test_b3_minus_2_slope_terms_and_first_step():
    net = IrisNetwork(b3=-2.0)
    p = net.forward(X).probabilities
    terms = [bias_gradient(p[i], int(Y[i]), "b3").value for i in range(3)]
    assert printed(p[0, 0], 2) == 0.15 and printed(terms[0], 2) == printed(0.15 - 1, 2)
    assert [printed(t, 2) for t in terms[1:]] == [0.04, 0.04]
    slope = net.gradients(X, Y)["b3"]
    assert printed(slope, 2) == -0.77 == printed(sum(terms), 2)
    run = gradient_descent(net, X, Y, learning_rate=1.0)
    assert printed(run.history[0].steps["b3"], 2) == -0.77
    assert printed(run.history[0].new_values["b3"], 2) == -1.23


def test_descent_converges_to_published_limit():
    run = gradient_descent(IrisNetwork(b3=-2.0), X, Y, learning_rate=1.0, tol=1e-12, max_steps=200)
    assert run.converged
    assert printed(run.network.b3, 4) == -0.0317
    assert printed(run.final_loss, 4) == 1.7747


def test_descent_with_the_series_stopping_rule():
    run = gradient_descent(IrisNetwork(b3=-2.0), X, Y, learning_rate=1.0, tol=1e-3)
    assert run.steps_taken == 10 and run.stop_reason == "tolerance"
    assert printed(run.network.b3, 3) == -0.032


def test_total_cross_entropy_at_b3_0():
    assert printed(IrisNetwork().loss(X, Y), 4) == 1.7750


@pytest.mark.parametrize(
    "b3, total, slope",
    [(-4, 4.4594, -0.9659), (-1, 2.0228, -0.4806), (0.5, 1.8616, 0.3325), (4, 6.3630, 1.8674)],
)
def test_pink_curve_samples(b3, total, slope):
    net = IrisNetwork(b3=float(b3))
    assert printed(net.loss(X, Y), 4) == total
    assert printed(net.gradients(X, Y)["b3"], 4) == slope


def test_softmax_of_published_raw_outputs():
    # The series' softmax section: 1.43, -0.44, 0.23 give 0.69, 0.11, 0.21 (it printed 0.10).
    assert softmax([1.43, -0.44, 0.23]).round(2).tolist() == [0.69, 0.11, 0.21]
