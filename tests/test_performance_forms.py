"""The fast forms of the two hot functions equal their teaching forms; the numerics benchmark runs.

Oracles (independent of the package): for `grad_logits` the teaching formula
softmax(z) - one_hot(y) written out below with plain numpy, and for extreme logits softmax in
60-digit decimal arithmetic; for `IrisNetwork.gradients` backpropagation written out below flower
by flower in scalar Python arithmetic. The package's public teaching forms
(`grad_logits_reference`, `gradients_reference`) are held to the same oracles.
For the benchmark script: it returns 0 only if its per-sample loops (and torch's autograd, when
installed) give the same gradients as ours. No timing is asserted: times are only benchmarked.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from typing import TypedDict

import numpy as np
import pytest

from crossentropy import PARAMETER_NAMES, IrisNetwork, grad_logits, grad_logits_reference, gradients_reference
from oracles import EXTREME_ROWS, softmax_decimal

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "numerics.py"


class Tolerance(TypedDict):
    rtol: float
    atol: float


TOLERANCE: dict[type, Tolerance] = {
    np.float64: {"rtol": 1e-12, "atol": 1e-15},
    np.float32: {"rtol": 2e-6, "atol": 2e-7},
}


def teaching_grad_logits(z: np.ndarray, y: np.ndarray, reduction: str) -> np.ndarray:
    """softmax(z) - one_hot(y) row by row, in float64 (divided by N for "mean")."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    one_hot = np.zeros_like(p)
    one_hot[np.arange(len(y)), y] = 1.0
    g = p - one_hot
    return g / len(y) if reduction == "mean" else g


def teaching_network_gradients(
    params: dict[str, float], x: np.ndarray, y: np.ndarray, reduction: str
) -> np.ndarray:
    """dCE/dtheta for the 15 parameters, one flower at a time, in PARAMETER_NAMES order."""
    w = params
    rows = [("w5", "w6", "b3"), ("w7", "w8", "b4"), ("w9", "w10", "b5")]
    total = dict.fromkeys(PARAMETER_NAMES, 0.0)
    for (petal, sepal), c in zip(np.asarray(x, dtype=np.float64).tolist(), np.asarray(y).tolist()):
        u = w["w1"] * petal + w["w2"] * sepal + w["b1"]
        d = w["w3"] * petal + w["w4"] * sepal + w["b2"]
        a_u, a_d = (u if u > 0 else 0.0), (d if d > 0 else 0.0)
        z = [w[a] * a_u + w[b] * a_d + w[bias] for a, b, bias in rows]
        m = max(z)
        p = [math.exp(v - m) for v in z]
        p = [v / math.fsum(p) for v in p]
        dz = [p[k] - (k == c) for k in range(3)]  # dCE/dz_k
        for k, (a, b, bias) in enumerate(rows):
            total[a] += dz[k] * a_u
            total[b] += dz[k] * a_d
            total[bias] += dz[k]
        du = sum(dz[k] * w[rows[k][0]] for k in range(3)) * (1.0 if u > 0 else 0.0)
        dd = sum(dz[k] * w[rows[k][1]] for k in range(3)) * (1.0 if d > 0 else 0.0)
        for name, value in (("w1", du * petal), ("w2", du * sepal), ("b1", du),
                            ("w3", dd * petal), ("w4", dd * sepal), ("b2", dd)):  # fmt: skip
            total[name] += value
    out = np.array([total[n] for n in PARAMETER_NAMES])
    return out / len(y) if reduction == "mean" else out


def as_vector(g: dict[str, float]) -> np.ndarray:
    assert list(g) == list(PARAMETER_NAMES)
    return np.array([g[n] for n in PARAMETER_NAMES])


# -- grad_logits ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, k", [(1, 1), (1, 3), (2, 2), (7, 3), (150, 3), (33, 10), (10_000, 3), (2_000, 5)]
)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("reduction", ["sum", "mean", "none"])
def test_grad_logits_fast_form_equals_teaching_formula(n, k, dtype, reduction):
    rng = np.random.default_rng(1000 * n + k)
    z = rng.normal(scale=4.0, size=(n, k)).astype(dtype)
    y = rng.integers(0, k, size=n)
    before = z.copy()
    fast = grad_logits(z, y, reduction=reduction)
    np.testing.assert_array_equal(z, before)  # the caller's array is left alone
    assert fast.shape == (n, k)
    expected = teaching_grad_logits(z, y, reduction)
    tol = Tolerance(**TOLERANCE[dtype])
    if reduction == "mean":
        tol["atol"] /= n
    np.testing.assert_allclose(fast, expected, **tol)
    np.testing.assert_allclose(grad_logits_reference(z, y, reduction=reduction), expected, **tol)
    np.testing.assert_allclose(fast.sum(axis=1), 0.0, atol=10 * tol["atol"] * k)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_grad_logits_extreme_logits_against_decimal_softmax(dtype):
    z = np.array(EXTREME_ROWS, dtype=dtype)
    y = np.array([0, 2, 1, 0, 2, 1, 0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        fast = grad_logits(z, y)
    expected = [
        [float(p) - (j == c) for j, p in enumerate(softmax_decimal(row.astype(np.float64)))]
        for row, c in zip(z, y)
    ]
    np.testing.assert_allclose(fast, expected, **TOLERANCE[dtype])
    np.testing.assert_allclose(grad_logits_reference(z, y), expected, **TOLERANCE[dtype])


@pytest.mark.parametrize("workers", [2, 7])
def test_long_batches_split_across_threads_equal_one_pass(workers):
    """Oracle: the teaching formula for a batch long enough to be split into blocks for several
    threads (7: more blocks than the machine may have cores, of uneven sizes); and bit-for-bit
    equality with the same columns computed in one pass, with the loss to rounding."""
    from crossentropy import _backprop

    rng = np.random.default_rng(11)
    n = _backprop.THREADED_MIN_COLUMNS + 12_345
    z = rng.normal(scale=6.0, size=(n, 3))
    y = rng.integers(0, 3, size=n)
    np.testing.assert_allclose(grad_logits(z, y), teaching_grad_logits(z, y, "sum"), **TOLERANCE[np.float64])
    split, one = np.array(z.T, order="C"), np.array(z.T, order="C")
    split_loss = _backprop.softmax_minus_onehot_columns(split, y, with_loss=True, workers=workers)
    one_loss = _backprop.softmax_minus_onehot_columns(one, y, with_loss=True, workers=1)
    assert np.array_equal(split, one)
    expected_loss = -np.sum(z[np.arange(n), y] - np.log(np.sum(np.exp(z), axis=1)))
    assert split_loss == pytest.approx(expected_loss, rel=1e-12)
    assert one_loss == pytest.approx(expected_loss, rel=1e-12)


def test_grad_logits_single_observation_and_strided_input():
    rng = np.random.default_rng(7)
    z = rng.normal(scale=3.0, size=(40, 6))
    y = rng.integers(0, 3, size=20)
    strided = z[::2, 1:4]  # neither C- nor F-contiguous
    expected = teaching_grad_logits(strided, y, "sum")
    np.testing.assert_allclose(grad_logits(strided, y), expected, rtol=1e-12, atol=1e-15)
    one = grad_logits(strided[3], int(y[3]))
    assert one.shape == (3,)
    np.testing.assert_allclose(one, expected[3], rtol=1e-12, atol=1e-15)


# -- IrisNetwork.gradients --------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 150, 2_000])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_network_gradients_fast_form_equals_per_flower_backprop(n, dtype, reduction):
    rng = np.random.default_rng(n)
    net = IrisNetwork.random(n, scale=2.0)
    x = rng.uniform(0.0, 1.0, size=(n, 2)).astype(dtype)
    y = rng.integers(0, 3, size=n)
    before = x.copy()
    fast = as_vector(net.gradients(x, y, reduction=reduction))
    np.testing.assert_array_equal(x, before)
    expected = teaching_network_gradients(net.params, x, y, reduction)
    # sums of n terms of order 1: rounding grows with n
    atol = 1e-13 * (1 if reduction == "mean" else n)
    np.testing.assert_allclose(fast, expected, rtol=1e-10, atol=atol)
    reference = as_vector(gradients_reference(net, x, y, reduction))
    np.testing.assert_allclose(reference, expected, rtol=1e-10, atol=atol)


def test_network_gradients_with_saturated_softmax_and_large_inputs():
    """Inputs far outside 0..1 drive the raw outputs to the hundreds: p is 0 or 1 to the last bit."""
    rng = np.random.default_rng(11)
    net = IrisNetwork.random(11, scale=3.0)
    x = rng.uniform(-60.0, 60.0, size=(300, 2))
    y = rng.integers(0, 3, size=300)
    assert np.abs(net.forward(x).logits).max() > 100
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        fast = as_vector(net.gradients(x, y))
    expected = teaching_network_gradients(net.params, x, y, "sum")
    assert np.all(np.isfinite(fast))
    np.testing.assert_allclose(fast, expected, rtol=1e-10, atol=1e-9)


def test_network_gradients_at_the_relu_kink_and_with_dead_nodes():
    """u = 0 exactly for every flower with petal width 0 (derivative 0 at the kink, as documented);
    the bottom node is negative everywhere, so nothing flows back through it."""
    net = IrisNetwork(w1=1.0, w2=0.0, b1=0.0, w3=0.0, w4=0.0, b2=-1.0)
    x = np.array([[0.0, 0.3], [0.0, 0.9], [0.5, 0.5], [1.0, 0.1]])
    y = np.array([0, 1, 2, 1])
    fast = net.gradients(x, y)
    expected = teaching_network_gradients(net.params, x, y, "sum")
    np.testing.assert_allclose(as_vector(fast), expected, rtol=1e-12, atol=1e-15)
    assert all(fast[n] == 0.0 for n in ("w3", "w4", "b2", "w6", "w8", "w10"))
    only_kink = net.gradients(x[:2], y[:2])
    assert all(only_kink[n] == 0.0 for n in ("w1", "w2", "b1", "w5", "w7", "w9"))


# -- the benchmark script ---------------------------------------------------------------------


def _load_benchmark(monkeypatch):
    spec = importlib.util.spec_from_file_location("numerics_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _table_rows(out: str) -> list[str]:
    return [
        line for line in out.splitlines() if line.startswith(("| grad_logits ", "| IrisNetwork.gradients "))
    ]


TINY = [
    "--sizes",
    "1",
    "3",
    "60",
    "--repeats",
    "2",
    "--warmup",
    "1",
    "--loop-max",
    "20",
    "--loop-repeats",
    "1",
]


def test_benchmark_runs_end_to_end_without_torch(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now fails as if not installed
    status = _load_benchmark(monkeypatch).main(TINY)
    out = capsys.readouterr().out
    assert status == 0, out  # 0 means the per-sample loops agreed with ours
    assert "torch not installed — skipped" in out
    assert "CPU: " in out and f"numpy {np.__version__}" in out and "OPENBLAS_CORETYPE=" in out
    table = _table_rows(out)
    assert len(table) == 6  # two functions at three sizes
    assert sum(" * |" in line for line in table) == 2  # the N = 60 loops: timed on 20 samples, scaled
    assert "scaled linearly" in out


@pytest.mark.skipif(
    importlib.util.find_spec("torch") is None, reason="torch (optional bench extra) not installed"
)
def test_benchmark_agrees_with_torch_autograd(monkeypatch, capsys):
    status = _load_benchmark(monkeypatch).main(TINY)
    out = capsys.readouterr().out
    assert "MISMATCH" not in out
    assert status == 0, out  # 0 means torch's gradients matched ours at every size
    assert "Gradients checked equal to torch's" in out
    rows = _table_rows(out)
    assert len(rows) == 6 and all(line.rstrip(" |").endswith(("PASS", "OVER")) for line in rows)


# -- long batches across fork and threads -----------------------------------------------------


def _long_batch(seed: int = 5) -> tuple[np.ndarray, np.ndarray]:
    from crossentropy import _backprop

    rng = np.random.default_rng(seed)
    n = 2 * _backprop.THREADED_MIN_COLUMNS + 7  # long enough to be split across threads
    return rng.normal(scale=3.0, size=(n, 3)), rng.integers(0, 3, size=n)


def _child_computes_long_batch(queue) -> None:  # runs in the forked child
    z, y = _long_batch()
    queue.put(float(np.abs(grad_logits(z, y) - teaching_grad_logits(z, y, "sum")).max()))


def test_long_batch_in_a_forked_child_after_the_parent_used_it():
    """A child forked after the parent has split a long batch across threads computes the same
    batch (it used to wait forever for a thread pool that did not exist in the child). Oracle: the
    teaching formula; the child must answer within 60 s (it takes well under one)."""
    import multiprocessing

    z, y = _long_batch()
    grad_logits(z, y)  # the parent uses the threaded path first
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child_computes_long_batch, args=(queue,))
    child.start()
    child.join(timeout=60)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail("grad_logits hung in a forked child")
    assert child.exitcode == 0
    assert queue.get(timeout=5) < 1e-12


def test_long_batches_from_several_threads_at_once():
    """Four threads computing different long batches at the same time each get their own answer
    (oracle: the teaching formula), and the network's gradients likewise (oracle: one thread)."""
    from concurrent.futures import ThreadPoolExecutor

    batches = [_long_batch(seed) for seed in range(4)]
    net = IrisNetwork.random(2)
    inputs = [np.random.default_rng(seed).uniform(size=(len(y), 2)) for seed, (_, y) in enumerate(batches)]
    alone = [net.gradients(x, y) for x, (_, y) in zip(inputs, batches)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        grads = list(pool.map(lambda b: grad_logits(*b), batches))
        nets = list(pool.map(lambda i: net.gradients(inputs[i], batches[i][1]), range(4)))
    for (z, y), g in zip(batches, grads):
        np.testing.assert_allclose(g, teaching_grad_logits(z, y, "sum"), **TOLERANCE[np.float64])
    assert nets == alone
