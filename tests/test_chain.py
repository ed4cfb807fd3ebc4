"""The chain-rule factors of dCE/db for the output biases b3, b4, b5.

Oracles: the derivation's closed forms (p_k - 1 for the bias of the observed class, p_k
otherwise) and central differences of the loss with respect to each bias.
"""

import numpy as np
import pytest

from crossentropy import (
    OUTPUT_BIASES,
    SPECIES,
    TRAINING_DATA,
    IrisNetwork,
    bias_gradient,
    dce_dp,
    dp_dz,
    dz_db,
    numerical_gradient,
    relative_error,
    softmax,
)


def one_flower_loss(net, i):
    x, y = TRAINING_DATA.inputs[i : i + 1], TRAINING_DATA.labels[i : i + 1]
    return lambda v, bias: net.replace(**{bias: float(v)}).loss(x, y)


@pytest.mark.parametrize("b3", [-2.0, 0.0, 3.0])
@pytest.mark.parametrize("bias", OUTPUT_BIASES)
@pytest.mark.parametrize("flower", range(3))
def test_nine_cases_closed_form_and_central_difference(b3, bias, flower):
    net = IrisNetwork(b3=b3)
    p = net.forward(TRAINING_DATA.inputs[flower]).probabilities
    observed = int(TRAINING_DATA.labels[flower])
    k = OUTPUT_BIASES.index(bias)
    chain = bias_gradient(p, observed, bias)
    closed_form = p[k] - 1.0 if k == observed else p[k]
    assert chain.value == pytest.approx(closed_form, rel=1e-12, abs=1e-15)
    f = one_flower_loss(net, flower)
    numeric = float(numerical_gradient(lambda v: f(v, bias), net.params[bias]))
    assert relative_error(chain.value, numeric) < 1e-6


def test_setosa_factors_at_b3_minus_2_match_the_derivation():
    """Reference values at b3 = -2: -1/p_S = -6.6278, p_S(1 - p_S) = 0.1281, product -0.8491."""
    p = IrisNetwork(b3=-2.0).forward(TRAINING_DATA.inputs[0]).probabilities
    chain = bias_gradient(p, "Setosa", "b3")
    assert chain.dce_dp == pytest.approx(-1.0 / p[0])
    assert chain.dp_dz == pytest.approx(p[0] * (1 - p[0]))
    assert chain.dz_db == 1.0
    assert [round(v, 4) for v in chain] == [-6.6278, 0.1281, 1.0, -0.8491]


def test_other_classes_factors_at_b3_minus_2():
    """Virginica: -1/p = -1.4177, dp/dz_S = -0.02477 -> 0.0351; Versicolor: -1.5306, -0.02666 -> 0.0408."""
    p = IrisNetwork(b3=-2.0).forward(TRAINING_DATA.inputs).probabilities
    vi = bias_gradient(p[1], "Virginica", "b3")
    ve = bias_gradient(p[2], "Versicolor", "b3")
    assert (round(vi.dce_dp, 4), round(vi.dp_dz, 5), round(vi.value, 4)) == (-1.4177, -0.02477, 0.0351)
    assert (round(ve.dce_dp, 4), round(ve.dp_dz, 5), round(ve.value, 4)) == (-1.5306, -0.02666, 0.0408)
    assert vi.value == pytest.approx(p[1, 0]) and ve.value == pytest.approx(p[2, 0])


def test_factor_functions_individually():
    p = np.array([0.2, 0.3, 0.5])
    assert dce_dp(0.25) == -4.0
    assert dp_dz(p, 1, 1) == pytest.approx(0.3 * 0.7)
    assert dp_dz(p, "Setosa", "Virginica") == pytest.approx(-0.1)
    assert [dz_db(k, b) for k in range(3) for b in OUTPUT_BIASES] == [1, 0, 0, 0, 1, 0, 0, 0, 1]
    assert [SPECIES.index(s) for s in SPECIES] == [0, 1, 2]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "logits", [[0.3, -1.2, 2.0], [800.0, 0.0, 0.0], [0.0, 120.0, -80.0], [1e4, 1e4, -1e4]]
)
@pytest.mark.parametrize("observed", [0, 1, 2])
@pytest.mark.parametrize("bias", OUTPUT_BIASES)
def test_factors_accept_whatever_softmax_returns(dtype, logits, observed, bias):
    """float32 and saturated softmax outputs (p = 1 and p = 0 exactly) are genuine probabilities:
    the factors are finite and their product is p_k - [observed = k] (the closed form, to the
    rounding of the dtype), also when p of the observed class rounded to 0."""
    p = softmax(np.array(logits, dtype=dtype))
    k = OUTPUT_BIASES.index(bias)
    chain = bias_gradient(p, observed, bias)
    assert all(np.isfinite(chain))
    expected = float(p[k]) - (1.0 if observed == k else 0.0)
    assert chain.value == pytest.approx(
        expected, rel=8 * float(np.finfo(dtype).eps), abs=float(np.finfo(np.float64).tiny)
    )
    jacobian_entry = dp_dz(p, observed, k)
    assert np.isfinite(jacobian_entry)
    assert jacobian_entry == pytest.approx(float(p[observed]) * ((observed == k) - float(p[k])), abs=1e-300)
