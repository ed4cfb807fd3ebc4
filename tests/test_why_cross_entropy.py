"""Why cross entropy: its gradient with respect to a raw output against squared error's.

Oracles: central differences of the two losses computed from the raw outputs (no derivative
formula involved), the closed forms p - 1 and -2(1 - p)p(1 - p) evaluated by hand at chosen p,
the limits p -> 0 (cross entropy's pull tends to 1 in size, squared error's to 0), and the
definition of the likelihood as a product of the observed probabilities.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from crossentropy import (
    TRAINING_DATA,
    IrisNetwork,
    cross_entropy,
    likelihood,
    raw_output_gradients,
    squared_error,
    squared_error_grad_logits,
)


def _central(f, z, k, h=1e-6):
    plus, minus = np.array(z, dtype=float), np.array(z, dtype=float)
    plus[k] += h
    minus[k] -= h
    return (f(plus) - f(minus)) / (2 * h)


@pytest.mark.parametrize("z", [[1.43, -0.44, 0.23], [-0.9632, 0.0032, 0.1352], [-6.0, 2.0, 3.0], [0.0, 0.0]])
@pytest.mark.parametrize("c", [0, 1])
def test_squared_error_gradient_matches_central_differences(z, c):
    numeric = [_central(lambda v: squared_error(v, c), z, k) for k in range(len(z))]
    np.testing.assert_allclose(squared_error_grad_logits(z, c), numeric, rtol=1e-6, atol=1e-9)


def test_own_raw_output_entry_is_the_closed_form():
    """At k = c the derivative is -2(1 - p)p(1 - p); for p = 1/2 that is -1/4 (by hand)."""
    assert squared_error_grad_logits([0.0, 0.0], 0)[0] == pytest.approx(-0.25, abs=1e-15)
    z = np.array([-0.9632, 0.0032, 0.1352])  # the Setosa flower at b3 = -2: p = 0.1509 (series-facts)
    p = math.exp(z[0]) / np.exp(z).sum()
    assert squared_error_grad_logits(z, 0)[0] == pytest.approx(-2 * (1 - p) * p * (1 - p), rel=1e-12)
    assert p == pytest.approx(0.1509, abs=5e-5)


def test_cross_entropy_pull_is_p_minus_one_by_central_differences():
    z = np.array([-0.9632, 0.0032, 0.1352])
    numeric = _central(lambda v: float(cross_entropy(v, 0)), z, 0)
    g = raw_output_gradients([np.exp(z[0]) / np.exp(z).sum()])
    assert g.cross_entropy[0] == pytest.approx(numeric, rel=1e-7)


def test_confident_mistakes_vanish_for_squared_error_only():
    """Limits: p - 1 -> -1 while 2p(1 - p)^2 -> 0 as p -> 0; the ratio is 1 / (2p(1 - p))."""
    p = np.array([0.5, 0.1, 1e-2, 1e-4, 1e-8])
    g = raw_output_gradients(p)
    assert np.all(np.abs(g.cross_entropy) >= 0.5) and abs(g.cross_entropy[-1] + 1) < 1e-7
    assert abs(g.squared_error[-1]) < 3e-8
    np.testing.assert_allclose(g.ratio, 1 / (2 * p * (1 - p)), rtol=1e-12)
    assert np.all(np.diff(np.abs(g.squared_error)[1:]) < 0)  # below p = 1/3 it only shrinks


def test_squared_error_pull_peaks_at_one_third():
    """d/dp [2p(1 - p)^2] = 2(1 - p)(1 - 3p) = 0 at p = 1/3, value 8/27."""
    p = np.linspace(1e-4, 1.0, 30001)
    size = np.abs(raw_output_gradients(p).squared_error)
    assert p[np.argmax(size)] == pytest.approx(1 / 3, abs=1e-4)
    assert size.max() == pytest.approx(8 / 27, abs=1e-8)


def test_likelihood_is_the_product_and_its_log_the_total_cross_entropy():
    """Published: observed probabilities 0.1509, 0.7054, 0.6533 and total CE 2.6659 at b3 = -2."""
    net, x, y = IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels
    L = likelihood(net, x, y)
    assert L == pytest.approx(0.1509 * 0.7054 * 0.6533, rel=1e-3)
    assert -math.log(L) == pytest.approx(net.loss(x, y), rel=1e-12)
    assert round(-math.log(L), 4) == 2.6659


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: squared_error([1.0], 0), ValueError),
        (lambda: squared_error([1.0, 2.0], 2), ValueError),
        (lambda: squared_error([1.0, 2.0], 0.5), TypeError),  # type: ignore[arg-type]
        (lambda: squared_error_grad_logits([1.0, np.nan], 0), ValueError),
        (lambda: raw_output_gradients([0.0]), ValueError),
        (lambda: raw_output_gradients([1.5]), ValueError),
        (lambda: likelihood("net", TRAINING_DATA.inputs, TRAINING_DATA.labels), TypeError),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_are_named(call, error):
    with pytest.raises(error, match=r"logits|observed|probabilities|network"):
        call()
