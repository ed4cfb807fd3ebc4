"""Property-based tests of the public numerical API (hypothesis).

The contract under test, for any input hypothesis can build: a public function either returns
finite values of the documented shape and dtype, or raises TypeError/ValueError (an overflow is a
ValueError that says "overflow"); it never warns, never returns NaN or inf, and never changes its
input arrays. Oracles: the contract itself, the defining identities (probabilities sum to 1, logit
gradients sum to 0) and the readable forms (`grad_logits_reference`, `gradients_reference`), which
are themselves checked against independent formulas in test_performance_forms.py.

Examples are derandomized (the same examples on every run) and few enough that the module runs in
seconds.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import crossentropy as ce
from crossentropy import PARAMETER_NAMES, IrisNetwork

FAST = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
DTYPES = st.sampled_from([np.float32, np.float64])
FLOAT_MAX = {np.float32: float(np.finfo(np.float32).max), np.float64: float(np.finfo(np.float64).max)}


def finite_floats(dtype, magnitude: float | None = None) -> st.SearchStrategy[float]:
    """Any finite value of `dtype` (subnormals and the extremes included), or within ±magnitude."""
    limit = FLOAT_MAX[dtype] if magnitude is None else magnitude
    return st.floats(
        -limit, limit, allow_nan=False, allow_infinity=False, width=32 if dtype == np.float32 else 64
    )


@st.composite
def logits_and_labels(draw, max_n: int = 6, max_k: int = 5, magnitude: float | None = None):
    dtype = draw(DTYPES)
    n, k = draw(st.integers(1, max_n)), draw(st.integers(1, max_k))
    z = draw(hnp.arrays(dtype, (n, k), elements=finite_floats(dtype, magnitude)))
    y = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    return z, y


@st.composite
def networks(draw, magnitude: float | None = None):
    values = draw(st.lists(finite_floats(np.float64, magnitude), min_size=15, max_size=15))
    return IrisNetwork(**dict(zip(PARAMETER_NAMES, values)))


@st.composite
def flowers(draw, magnitude: float | None = None):
    dtype = draw(DTYPES)
    n = draw(st.integers(1, 6))
    x = draw(hnp.arrays(dtype, (n, 2), elements=finite_floats(dtype, magnitude)))
    y = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, 2)))
    return x, y


def finite_or_overflow(call):
    """Run `call` with every floating-point warning an error; return its result, or None if it
    raised ValueError for overflow."""
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            return call()
    except ValueError as exc:
        message = str(exc)
    assert "overflow" in message, message
    return None


def overflows(call) -> bool:
    """Whether `call` raises ValueError for overflow (any other outcome: False)."""
    try:
        call()
    except ValueError as exc:
        return "overflow" in str(exc)
    return False


def assert_finite(value) -> None:
    assert np.all(np.isfinite(np.asarray(value, dtype=np.float64))), value


# -- softmax, log_softmax, softmax_jacobian ---------------------------------------------------


@FAST
@given(
    z=DTYPES.flatmap(
        lambda d: hnp.arrays(
            d, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), elements=finite_floats(d)
        )
    ),
    axis=st.integers(-1, 0),
)
def test_softmax_family_on_any_finite_logits(z, axis):
    before = z.copy()
    p = ce.softmax(z, axis=axis)
    assert p.shape == z.shape and p.dtype == z.dtype
    assert_finite(p)
    assert np.all((p >= 0) & (p <= 1))
    eps = float(np.finfo(z.dtype).eps)
    np.testing.assert_allclose(p.sum(axis=axis, dtype=np.float64), 1.0, rtol=0, atol=8 * z.shape[axis] * eps)
    lp = finite_or_overflow(lambda: ce.log_softmax(z, axis=axis))
    if lp is not None:
        assert lp.shape == z.shape and lp.dtype == z.dtype and np.all(lp <= 0)
        assert_finite(lp)
    jac = ce.softmax_jacobian(np.moveaxis(p, axis, -1))  # what softmax returns is accepted
    assert jac.dtype == z.dtype and jac.shape == (*np.moveaxis(p, axis, -1).shape, z.shape[axis])
    assert_finite(jac)
    np.testing.assert_array_equal(z, before)


# -- cross_entropy, grad_logits ---------------------------------------------------------------


@FAST
@given(batch=logits_and_labels(), reduction=st.sampled_from(["sum", "mean", "none"]))
def test_loss_and_logit_gradient_on_any_finite_logits(batch, reduction):
    z, y = batch
    before = (z.copy(), y.copy())
    loss = finite_or_overflow(lambda: ce.cross_entropy(z, y, reduction=reduction))
    if loss is not None:
        assert loss.dtype == z.dtype and np.shape(loss) == (() if reduction != "none" else y.shape)
        assert_finite(loss)
        assert np.all(loss >= 0)
    g = ce.grad_logits(z, y, reduction=reduction)  # bounded by 1: never overflows
    assert g.shape == z.shape and g.dtype == z.dtype
    assert_finite(g)
    eps = float(np.finfo(z.dtype).eps)
    np.testing.assert_allclose(g, ce.grad_logits_reference(z, y, reduction=reduction), rtol=0, atol=16 * eps)
    np.testing.assert_allclose(g.sum(axis=1), 0.0, atol=8 * z.shape[1] * eps)
    np.testing.assert_array_equal(z, before[0])
    np.testing.assert_array_equal(y, before[1])


# -- chain-rule factors -----------------------------------------------------------------------


@FAST
@given(
    logits=DTYPES.flatmap(lambda d: hnp.arrays(d, (3,), elements=finite_floats(d))),
    observed=st.integers(0, 2),
    bias=st.sampled_from(ce.OUTPUT_BIASES),
)
def test_chain_factors_take_any_softmax_output(logits, observed, bias):
    p = ce.softmax(logits)
    before = p.copy()
    chain = ce.bias_gradient(p, observed, bias)
    assert_finite(list(chain))
    k = ce.OUTPUT_BIASES.index(bias)
    closed_form = float(p[k]) - (observed == k)
    assert chain.value == pytest.approx(closed_form, rel=1e-12, abs=1e-300)
    assert_finite(ce.dp_dz(p, observed, k))
    np.testing.assert_array_equal(p, before)


# -- the network ------------------------------------------------------------------------------


@FAST
@given(net=networks(), batch=flowers())
def test_network_on_any_finite_parameters_and_inputs(net, batch):
    """Anywhere in the float64 range: finite results or a reported overflow, never NaN."""
    x, y = batch
    before = (x.copy(), y.copy())
    fp = finite_or_overflow(lambda: net.forward(x))
    if fp is not None:
        for name in ("inputs", "hidden_sums", "hidden", "contributions", "logits", "probabilities"):
            value = getattr(fp, name)
            assert value.dtype == np.float64 and value.shape[0] == x.shape[0]
            assert_finite(value)
    loss = finite_or_overflow(lambda: net.loss(x, y))
    if loss is not None:
        assert isinstance(loss, float) and np.isfinite(loss) and loss >= 0
    grads = finite_or_overflow(lambda: net.gradients(x, y, reduction="mean"))
    if grads is not None:
        assert list(grads) == list(PARAMETER_NAMES)
        assert_finite(list(grads.values()))
    np.testing.assert_array_equal(x, before[0])
    np.testing.assert_array_equal(y, before[1])


@FAST
@given(net=networks(magnitude=30.0), batch=flowers(magnitude=30.0))
def test_fast_backpropagation_equals_the_readable_form(net, batch):
    """Within moderate values (no overflow possible) the two forms agree to rounding, measured
    against the size of the terms that are summed."""
    x, y = batch
    fast = net.gradients(x, y)
    slow = ce.gradients_reference(net, x, y)
    scale = 1.0 + max(abs(v) for v in net.params.values()) ** 2 * (1.0 + float(np.max(np.abs(x)))) * len(y)
    for name in PARAMETER_NAMES:
        assert fast[name] == pytest.approx(slow[name], rel=1e-9, abs=1e-12 * scale)


@FAST
@given(
    net=networks(magnitude=1e3),
    params=st.lists(st.sampled_from(PARAMETER_NAMES), min_size=1, max_size=15, unique=True),
    rate=st.floats(1e-3, 1e308),
    tol=st.one_of(st.none(), st.floats(0.0, 1.0)),
)
def test_gradient_descent_from_any_network_at_any_rate(net, params, rate, tol):
    """However large the learning rate, the run ends with a documented stop and finite numbers."""
    x, y = ce.TRAINING_DATA.inputs, ce.TRAINING_DATA.labels
    run = finite_or_overflow(
        lambda: ce.gradient_descent(net, x, y, params=params, learning_rate=rate, tol=tol, max_steps=8)
    )
    if run is None:  # only the starting network itself may overflow
        assert overflows(lambda: net.loss(x, y)) or overflows(lambda: net.gradients(x, y))
        return
    assert run.stop_reason in ("tolerance", "max_steps", "non-finite")
    assert run.steps_taken == len(run.history) == run.losses.shape[0] <= 8
    assert_finite(list(run.network.params.values()))
    assert_finite(run.loss_curve)
    assert {k for k, v in run.network.params.items() if v != net.params[k]} <= set(params)


# -- data and gradient checks -----------------------------------------------------------------


@FAST
@given(
    inputs=hnp.arrays(
        st.sampled_from([np.float64, np.float32, np.int64]),
        hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
    ),
    labels=hnp.arrays(
        st.sampled_from([np.int64, np.int8, np.float64]), hnp.array_shapes(min_dims=1, max_dims=2, max_side=4)
    ),
)
def test_dataset_accepts_only_valid_observations(inputs, labels):
    """Anything at all (NaN, wrong shapes, labels outside 0..2, float labels): a valid Dataset of
    finite float64 inputs and labels 0..2, or TypeError/ValueError."""
    try:
        data = ce.Dataset(inputs=inputs, labels=labels)
    except (TypeError, ValueError):
        return
    assert data.inputs.dtype == np.float64 and data.inputs.shape == (len(data), 2)
    assert_finite(data.inputs)
    assert data.labels.dtype == np.intp and set(data.labels.tolist()) <= {0, 1, 2}


@FAST
@given(
    a=hnp.arrays(np.float64, st.integers(1, 5), elements=finite_floats(np.float64)),
    shift=st.floats(-1e300, 1e300),
    eps=st.floats(1e-12, 1e300),
)
def test_relative_error_and_numerical_gradient_stay_finite(a, shift, eps):
    with np.errstate(over="ignore"):
        b = a + shift
    if not np.all(np.isfinite(b)):
        return
    err = ce.relative_error(a, b)
    assert np.isfinite(err) and 0.0 <= err <= 2.0
    grad = finite_or_overflow(lambda: ce.numerical_gradient(lambda v: float(np.sum(np.sin(v))), a, eps=eps))
    if grad is not None:
        assert grad.shape == a.shape and grad.dtype == np.float64
        assert_finite(grad)
