"""The Iris network: forward pass and backpropagation.

Oracles: the series' own scalar forward pass (tests/oracles.py, its Part 5 script) and central
differences of the loss.
"""

from typing import Any

import numpy as np
import pytest

from crossentropy import (
    DEFAULT_PARAMETERS,
    PARAMETER_NAMES,
    TRAINING_DATA,
    IrisNetwork,
    check_network_gradients,
    numerical_gradient,
    relative_error,
)
from oracles import series_forward


def random_network(rng):
    return IrisNetwork(**{n: float(v) for n, v in zip(PARAMETER_NAMES, rng.normal(scale=1.5, size=15))})


@pytest.mark.parametrize("b3", [-2.0, 0.0, 1.7])
def test_forward_matches_the_series_scalar_script(b3):
    net = IrisNetwork(b3=b3)
    grid = np.random.default_rng(0).uniform(0, 1, size=(25, 2))
    points = np.vstack([TRAINING_DATA.inputs, grid, [[0.0, 1.0]]])
    fp = net.forward(points)
    for i, (petal, sepal) in enumerate(points):
        upper, bottom, raw, probs = series_forward(petal, sepal, net.params)
        assert fp.hidden_sums[i].tolist() == pytest.approx([upper, bottom], rel=1e-14, abs=1e-15)
        assert fp.hidden[i].tolist() == pytest.approx([max(upper, 0), max(bottom, 0)], rel=1e-14, abs=1e-15)
        assert fp.logits[i].tolist() == pytest.approx(raw, rel=1e-13, abs=1e-14)
        assert fp.probabilities[i].tolist() == pytest.approx(probs, rel=1e-13)


def test_contributions_are_the_bent_surfaces_and_sum_to_the_logits():
    net = IrisNetwork(b3=-2.0)
    fp = net.forward(TRAINING_DATA.inputs)
    blue = net.w5 * np.maximum(fp.hidden_sums[:, 0], 0)
    orange = net.w6 * np.maximum(fp.hidden_sums[:, 1], 0)
    np.testing.assert_array_equal(fp.contributions[:, 0, 0], blue)
    np.testing.assert_array_equal(fp.contributions[:, 0, 1], orange)
    np.testing.assert_allclose(
        fp.contributions.sum(axis=-1) + np.array([net.b3, net.b4, net.b5]), fp.logits, rtol=1e-15
    )


def test_forward_keeps_grid_shapes():
    grid = np.stack(np.meshgrid(np.linspace(0, 1, 4), np.linspace(0, 1, 5)), axis=-1)
    fp = IrisNetwork().forward(grid)
    assert fp.hidden_sums.shape == (5, 4, 2)
    assert fp.contributions.shape == (5, 4, 3, 2)
    assert fp.logits.shape == fp.probabilities.shape == (5, 4, 3)
    assert IrisNetwork().forward([0.5, 0.37]).logits.shape == (3,)


def test_parameters_overridable_by_keyword_and_immutable():
    net = IrisNetwork(b3=-2.0, w10=4.0)
    assert net.params == {**DEFAULT_PARAMETERS, "b3": -2.0, "w10": 4.0}
    assert list(net.params) == list(PARAMETER_NAMES)
    with pytest.raises(AttributeError, match="cannot assign to field 'b3'"):
        net.b3 = 1.0  # type: ignore[misc]  # frozen: the checker refuses it too
    assert net.replace(b3=0.0) == IrisNetwork(w10=4.0)
    assert IrisNetwork().with_vector(["b3", "b5"], [1.0, 2.0]).to_vector(["b3", "b5"]).tolist() == [1.0, 2.0]


def test_loss_mean_is_sum_over_n():
    x, y = TRAINING_DATA.inputs, TRAINING_DATA.labels
    net = IrisNetwork(b3=-2.0)
    assert net.loss(x, y, reduction="mean") == pytest.approx(net.loss(x, y) / 3, rel=1e-15)
    g_sum, g_mean = net.gradients(x, y), net.gradients(x, y, reduction="mean")
    for name in PARAMETER_NAMES:
        assert g_mean[name] == pytest.approx(g_sum[name] / 3, rel=1e-13, abs=1e-17)


def _loss_gradient_numeric(net, x, y, reduction="sum"):
    vec = net.to_vector()
    return numerical_gradient(
        lambda v: net.with_vector(PARAMETER_NAMES, v).loss(x, y, reduction=reduction), vec
    )


@pytest.mark.parametrize("seed", range(24))
def test_all_15_gradients_against_central_differences(seed):
    """Random parameters and flowers; every third case puts a flower just beside a ReLU kink."""
    rng = np.random.default_rng(seed)
    net = random_network(rng)
    n = int(rng.integers(1, 8))
    x = rng.uniform(0, 1, size=(n, 2))
    y = rng.integers(0, 3, size=n)
    if seed % 3 == 0:
        # move b1 (and b2) so that flower 0 sits 1e-3 from the kink of the top (bottom) node:
        # far more than eps = 1e-6, so the central difference does not straddle the kink.
        side = 1.0 if seed % 2 else -1.0
        b1 = side * 1e-3 - (net.w1 * x[0, 0] + net.w2 * x[0, 1])
        b2 = -side * 1e-3 - (net.w3 * x[0, 0] + net.w4 * x[0, 1])
        net = net.replace(b1=b1, b2=b2)
        assert abs(net.forward(x[0]).hidden_sums[0]) == pytest.approx(1e-3, rel=1e-9)
    reduction = "mean" if seed % 4 == 1 else "sum"
    analytic = np.array([net.gradients(x, y, reduction=reduction)[p] for p in PARAMETER_NAMES])
    numeric = _loss_gradient_numeric(net, x, y, reduction)
    assert relative_error(analytic, numeric) < 1e-6


def test_gradients_at_the_series_start_point_parameter_by_parameter():
    rows = check_network_gradients(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    assert [r.name for r in rows] == list(PARAMETER_NAMES)
    assert max(r.relative_error for r in rows) < 1e-6


def test_dead_relu_gives_exactly_zero_hidden_gradients():
    """Flower (1.00, 0.54): both hidden nodes negative, so nothing flows to w1..w10, b1, b2."""
    g = IrisNetwork(b3=-2.0).gradients(TRAINING_DATA.inputs[1:2], TRAINING_DATA.labels[1:2])
    assert all(g[n] == 0.0 for n in PARAMETER_NAMES if n not in ("b3", "b4", "b5"))


def test_random_network_is_seeded():
    assert IrisNetwork.random(3) == IrisNetwork.random(3)
    assert IrisNetwork.random(3) != IrisNetwork.random(4)


def test_defaults_cannot_be_changed_by_assignment():
    """Module-level state is read-only: neither writing into DEFAULT_PARAMETERS (or
    PARAMETER_ROLES) nor rebinding it changes a later IrisNetwork() (oracle: StatQuest's b5 = 1)."""
    from crossentropy import PARAMETER_ROLES, network

    with pytest.raises(TypeError):
        DEFAULT_PARAMETERS["b5"] = 7.0  # type: ignore[index]
    with pytest.raises(TypeError):
        PARAMETER_ROLES["b5"] = "elsewhere"  # type: ignore[index]
    saved = network.DEFAULT_PARAMETERS
    try:
        network.DEFAULT_PARAMETERS = {**saved, "b5": 7.0}
        assert IrisNetwork().b5 == 1.0
    finally:
        network.DEFAULT_PARAMETERS = saved
    assert IrisNetwork().b5 == 1.0 and DEFAULT_PARAMETERS["b5"] == 1.0


def test_network_is_a_frozen_dataclass_with_visible_fields():
    """w1 ... b5 are dataclass fields (seen by IDEs and the API reference), in PARAMETER_NAMES
    order, with StatQuest's values (oracle: the series' table) as defaults; nothing is looked up
    dynamically."""
    import dataclasses

    fields = dataclasses.fields(IrisNetwork)
    assert tuple(f.name for f in fields) == PARAMETER_NAMES
    assert {f.name: f.default for f in fields} == dict(DEFAULT_PARAMETERS)
    assert (
        DEFAULT_PARAMETERS["w8"] == -5.2
        and DEFAULT_PARAMETERS["b1"] == 1.6
        and DEFAULT_PARAMETERS["b3"] == 0.0
    )
    assert not hasattr(IrisNetwork, "__getattr__")
    net = IrisNetwork(b3=-2, w1=np.float64(0.5))
    assert type(net.b3) is float and type(net.w1) is float
    assert hash(net) == hash(IrisNetwork(b3=-2.0, w1=0.5)) and net == IrisNetwork(b3=-2.0, w1=0.5)
    assert repr(IrisNetwork(b3=-2.0)) == "IrisNetwork(b3=-2.0)"
    untyped: Any = IrisNetwork  # the checker would refuse the positional call below
    with pytest.raises(TypeError):
        untyped(-2.5)  # keywords only


def test_overflow_inside_the_network_is_reported_as_overflow():
    """w1 = w5 = 1e200 makes the Setosa raw output about 1e400: every method says "overflow" and
    names the parameters and inputs instead of returning NaN, warning, or blaming an argument `z`
    the caller never passed."""
    big = IrisNetwork(w1=1e200, w5=1e200)
    x, y = TRAINING_DATA.inputs, TRAINING_DATA.labels
    calls = [lambda: big.forward(x), lambda: big.loss(x, y), lambda: big.gradients(x, y)]
    for call in calls:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            with pytest.raises(
                ValueError, match=r"overflow: .* from these parameters \(largest magnitude 1e\+200\)"
            ):
                call()
    # just below the edge the same network is fine and finite
    ok = IrisNetwork(w1=1e100, w5=1e100)
    g = ok.gradients(x, y)
    assert all(np.isfinite(v) for v in g.values())
