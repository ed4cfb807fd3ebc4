"""Softmax, log-softmax and the softmax Jacobian.

Oracles: an independent high-precision computation with Python's ``decimal`` module, the
defining identities (rows sum to 1, shift invariance), and central differences.
"""

from collections.abc import Callable

import numpy as np
import pytest

from crossentropy import log_softmax, numerical_gradient, relative_error, softmax, softmax_jacobian
from oracles import EXTREME_ROWS, log_softmax_decimal, softmax_decimal


@pytest.mark.parametrize("row", EXTREME_ROWS)
@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-13), (np.float32, 2e-6)])
def test_softmax_matches_high_precision_at_extremes(row, dtype, rtol):
    z = np.array(row, dtype=dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = softmax(z)
        lp = log_softmax(z)
    assert p.dtype == dtype and lp.dtype == dtype
    assert np.all(np.isfinite(p)) and np.all(np.isfinite(lp))
    exact = np.array([float(v) for v in softmax_decimal(z.astype(np.float64))])
    exact_log = np.array([float(v) for v in log_softmax_decimal(z.astype(np.float64))])
    np.testing.assert_allclose(p, exact, rtol=rtol, atol=np.finfo(dtype).tiny)
    np.testing.assert_allclose(lp, exact_log, rtol=rtol, atol=rtol)


def test_mixed_scales_in_one_batch_rows_are_independent():
    z = np.array(EXTREME_ROWS)
    p = softmax(z)
    for row, prow in zip(z, p):
        np.testing.assert_array_equal(prow, softmax(row))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-15)


def test_integer_and_list_input_give_float64():
    assert softmax([1, 2, 3]).dtype == np.float64
    assert log_softmax(np.array([1, 2], dtype=np.int32)).dtype == np.float64


def test_axis_argument_and_shift_invariance():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(4, 3, 5))
    for axis in (0, 1, 2, -1):
        p = softmax(z, axis=axis)
        np.testing.assert_allclose(p.sum(axis=axis), 1.0)
        np.testing.assert_allclose(softmax(z + 7.5, axis=axis), p, rtol=1e-13)
        np.testing.assert_allclose(np.exp(log_softmax(z, axis=axis)), p, rtol=1e-13)


def test_jacobian_entries_follow_the_formula_and_central_differences():
    rng = np.random.default_rng(2)
    for _ in range(20):
        z = rng.normal(scale=3.0, size=4)
        p = softmax(z)
        jac = softmax_jacobian(p)
        # independent formula, entry by entry
        for i in range(4):
            for j in range(4):
                expected = p[i] * (1.0 - p[i]) if i == j else -p[i] * p[j]
                assert jac[i, j] == pytest.approx(expected, rel=1e-12, abs=1e-18)

        # central differences: row i is the gradient of p_i with respect to z
        def p_of(i: int) -> Callable[[np.ndarray], float]:
            return lambda v: float(softmax(v)[i])

        numeric = np.array([numerical_gradient(p_of(i), z) for i in range(4)])
        assert relative_error(jac, numeric) < 1e-6


def test_jacobian_batched_shape_and_zero_sums():
    p = softmax(np.random.default_rng(3).normal(size=(2, 5, 3)))
    jac = softmax_jacobian(p)
    assert jac.shape == (2, 5, 3, 3)
    np.testing.assert_allclose(jac.sum(axis=-1), 0.0, atol=1e-15)
    np.testing.assert_allclose(jac.sum(axis=-2), 0.0, atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("z", [[800.0, 0.0, 0.0], [0.5, -0.25, 3.0], [-1e4, 0.0, 1e4, 2.0]])
def test_jacobian_accepts_float32_and_saturated_softmax(dtype, z):
    """softmax_jacobian takes what softmax returns; oracle: p_i (delta_ij - p_j) written out."""
    p = softmax(np.array(z, dtype=dtype))
    jac = softmax_jacobian(p)
    assert jac.dtype == dtype and np.all(np.isfinite(jac))
    expected = np.diag(p.astype(np.float64)) - np.outer(p, p).astype(np.float64)
    np.testing.assert_allclose(jac, expected, rtol=0, atol=4 * float(np.finfo(dtype).eps))


def test_logits_wider_than_the_float_range():
    """z spanning more than 1.8e308: softmax is still exact (p = [1, 0], oracle: the limit) with
    no warning; log_softmax's second entry would be -inf, so it reports overflow."""
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert softmax([1e308, -1e308]).tolist() == [1.0, 0.0]
    with pytest.raises(ValueError, match="overflow: the log-probabilities computed from z"):
        log_softmax([1e308, -1e308])
