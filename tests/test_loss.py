"""Cross entropy and its gradient with respect to the logits.

Oracles: the definition -ln p_observed computed independently in decimal arithmetic, the
teaching formula softmax(z) - onehot(y), and central differences.
"""

import numpy as np
import pytest

from crossentropy import (
    cross_entropy,
    grad_logits,
    grad_logits_reference,
    numerical_gradient,
    one_hot,
    relative_error,
    softmax,
)
from oracles import EXTREME_ROWS, log_softmax_decimal


@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-12), (np.float32, 2e-6)])
def test_cross_entropy_equals_high_precision_definition(dtype, rtol):
    z = np.array(EXTREME_ROWS, dtype=dtype)
    labels = np.array([0, 1, 2, 1, 2, 0, 0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        losses = cross_entropy(z, labels, reduction="none")
    assert losses.dtype == dtype
    expected = [-float(log_softmax_decimal(row.astype(np.float64))[c]) for row, c in zip(z, labels)]
    np.testing.assert_allclose(losses, expected, rtol=rtol, atol=rtol)
    assert float(cross_entropy(z, labels)) == pytest.approx(sum(expected), rel=10 * rtol)
    assert float(cross_entropy(z, labels, reduction="mean")) == pytest.approx(
        np.mean(expected), rel=10 * rtol
    )


def test_single_observation_form():
    z = [1.0368, 0.0032, 0.1352]
    assert float(cross_entropy(z, 0)) == pytest.approx(-np.log(softmax(z)[0]), rel=1e-14)
    assert grad_logits(z, 0).shape == (3,)


def test_grad_logits_is_softmax_minus_onehot():
    rng = np.random.default_rng(4)
    z = rng.normal(scale=4, size=(50, 3))
    y = rng.integers(0, 3, size=50)
    expected = softmax(z) - one_hot(y, 3)
    np.testing.assert_allclose(grad_logits(z, y), expected, rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(grad_logits(z, y, reduction="mean"), expected / 50, rtol=1e-13, atol=1e-17)
    np.testing.assert_allclose(grad_logits(z, y, reduction="none"), expected, rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(grad_logits(z, y), grad_logits_reference(z, y), rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_grad_logits_against_central_differences(reduction):
    rng = np.random.default_rng(5)
    for _ in range(20):
        n, k = rng.integers(1, 6), rng.integers(2, 6)
        z = rng.normal(scale=3, size=(n, k))
        y = rng.integers(0, k, size=n)

        def loss(v: np.ndarray, y: np.ndarray = y) -> float:
            return float(cross_entropy(v, y, reduction=reduction))

        numeric = numerical_gradient(loss, z)
        assert relative_error(grad_logits(z, y, reduction=reduction), numeric) < 1e-6


def test_grad_logits_extremes_are_finite_and_exact():
    z = np.array(EXTREME_ROWS)
    y = np.array([2, 0, 1, 1, 2, 0, 0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        g = grad_logits(z, y)
    assert np.all(np.isfinite(g))
    np.testing.assert_allclose(g, softmax(z) - one_hot(y, 3), atol=1e-15)
    g32 = grad_logits(z.astype(np.float32), y)
    assert g32.dtype == np.float32 and np.all(np.isfinite(g32))


def test_one_hot_rows():
    assert one_hot(np.array([[1], [0]]), 2).tolist() == [[[0.0, 1.0]], [[1.0, 0.0]]]
