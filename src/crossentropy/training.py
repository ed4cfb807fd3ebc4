r"""Numbers behind the optimisation pages: loss curves, learning rates, bias grids, full-data training.

Every function here returns numbers (floats, arrays, small records); the report and figure
modules turn them into tables and pictures.

* Sweeps of the loss along one parameter (the series' pink curve), the per-flower terms of its
  slope, its curvature and the limits of its slope;
* gradient descent at several learning rates side by side;
* the total loss over a grid of two output biases, and the softmax-Jacobian route to
  $\partial\,\mathrm{CE}/\partial z = p - y$;
* training all 15 parameters on the 150 Iris flowers, accuracy, confusion matrix and the
  decision regions over (petal width, sepal width).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .chain import OUTPUT_BIASES, dce_dp
from .data import SPECIES, load_iris
from .descent import DescentResult, gradient_descent
from .loss import cross_entropy, grad_logits
from .network import DEFAULT_PARAMETERS, PARAMETER_NAMES, IrisNetwork, _check_names, _gradient_vector
from .softmax import softmax_jacobian

__all__ = [
    "Sweep",
    "sweep_parameter",
    "slope_terms",
    "bias_curvature",
    "slope_limits",
    "BiasOptimum",
    "bias_optimum",
    "rounded_descent",
    "compare_learning_rates",
    "crossings",
    "output_bias_loss_grid",
    "jacobian_route",
    "bias_sums",
    "shift_output_biases",
    "TrainingRun",
    "train",
    "train_full_iris",
    "FULL_IRIS_SEED",
    "FULL_IRIS_LEARNING_RATE",
    "FULL_IRIS_STEPS",
    "predict",
    "accuracy",
    "confusion_matrix",
    "active_counts",
    "decision_regions",
    "decision_margins",
    "loss_rises",
    "largest_rise",
    "unavoidable_errors",
    "bias_sum_drift",
]

#: Seed of `IrisNetwork.random` for the full-data training run of Part 8.
FULL_IRIS_SEED = 1
#: Learning rate of that run (on the mean cross entropy).
FULL_IRIS_LEARNING_RATE = 1.0
#: Number of gradient-descent steps of that run.
FULL_IRIS_STEPS = 1000


def _network(network: object) -> IrisNetwork:
    if not isinstance(network, IrisNetwork):
        raise TypeError(f"network must be an IrisNetwork, got {type(network).__name__}")
    return network


def _bias(bias: object) -> int:
    if not isinstance(bias, str):
        raise TypeError(f"bias must be one of {OUTPUT_BIASES}, got {type(bias).__name__}")
    if bias not in OUTPUT_BIASES:
        raise ValueError(f"bias must be one of the output biases {OUTPUT_BIASES}, got {bias!r}")
    return OUTPUT_BIASES.index(bias)


def _values(values: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = _validate.float_array(values, name, ndim=1, keep_float32=False)
    return arr.copy()


@dataclass(frozen=True)
class Sweep:
    """The loss and its slope along one parameter, all other parameters fixed.

    Attributes
    ----------
    name : str
        The parameter swept.
    values : numpy.ndarray
        The parameter values.
    losses : numpy.ndarray
        The loss at each value (total cross entropy unless ``reduction="mean"``).
    slopes : numpy.ndarray
        The derivative of the loss with respect to the parameter at each value (backpropagation).
    """

    name: str
    values: NDArray[np.float64]
    losses: NDArray[np.float64]
    slopes: NDArray[np.float64]


def sweep_parameter(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    name: str,
    values: ArrayLike,
    reduction: str = "sum",
) -> Sweep:
    r"""Sample the loss and its slope along one parameter (the series' pink curve for ``"b3"``).

    Parameters
    ----------
    network : IrisNetwork
        Supplies every parameter except `name`.
    inputs : array_like, shape (N, 2)
    labels : array_like of int, shape (N,)
    name : str
        The parameter to vary (any of w1 … w10, b1 … b5).
    values : array_like, shape (M,)
        The values to evaluate it at.
    reduction : {"sum", "mean"}, default "sum"

    Returns
    -------
    Sweep

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import sweep_parameter
    >>> s = sweep_parameter(IrisNetwork(), TRAINING_DATA.inputs, TRAINING_DATA.labels, "b3", [-2.0, 0.0])
    >>> s.losses.round(4).tolist(), s.slopes.round(4).tolist()
    ([2.6659, 1.775], [-0.7732, 0.0187])
    """
    net = _network(network)
    (param,) = _check_names([name], "name")
    xs = _values(values, "values")
    how = _validate.reduction(reduction)
    if how == "none":
        raise ValueError("reduction must be 'sum' or 'mean' for sweep_parameter, got 'none'")
    if param in OUTPUT_BIASES:
        # An output bias only adds to its own raw output: run the network once and shift.
        k = OUTPUT_BIASES.index(param)
        x, y = net._batch(inputs, labels)
        base = net.replace(**{param: 0.0}).forward(x).logits
        logits = np.repeat(base[None, :, :], xs.size, axis=0)
        logits[:, :, k] += xs[:, None]
        flat, tiled = logits.reshape(-1, 3), np.tile(y, xs.size)
        per_flower = np.asarray(cross_entropy(flat, tiled, reduction="none")).reshape(xs.size, -1)
        terms = np.asarray(grad_logits(flat, tiled, reduction="none"))[:, k].reshape(xs.size, -1)
        reduce = np.mean if how == "mean" else np.sum
        return Sweep(param, xs, reduce(per_flower, axis=1), reduce(terms, axis=1))
    losses = np.empty_like(xs)
    slopes = np.empty_like(xs)
    for i, v in enumerate(xs):
        moved = net.replace(**{param: float(v)})
        losses[i] = moved.loss(inputs, labels, reduction=reduction)
        slopes[i] = moved.gradients(inputs, labels, reduction=reduction)[param]
    return Sweep(param, xs, losses, slopes)


def slope_terms(network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike, bias: str = "b3") -> NDArray[np.float64]:
    r"""Each flower's share of $\partial\,(\text{total CE})/\partial b$: $p_k - [\text{observed} = k]$.

    For ``bias="b3"`` ($k$ = Setosa) this is $p_{\text{Setosa}} - 1$ for an observed Setosa and
    $p_{\text{Setosa}}$ for any other flower; the slope of the total is their sum.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import slope_terms
    >>> slope_terms(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels).round(4).tolist()
    [-0.8491, 0.0351, 0.0408]
    """
    net = _network(network)
    k = _bias(bias)
    x, y = net._batch(inputs, labels)
    return np.array(grad_logits(net.forward(x).logits, y, reduction="none")[:, k], dtype=np.float64)


def bias_curvature(network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike, bias: str = "b3") -> float:
    r"""Second derivative of the total cross entropy along one output bias: $\sum_n p_{k,n}(1 - p_{k,n})$.

    The slope's per-flower terms are $p_k - [\text{observed} = k]$, and $p_k$ changes with its own
    raw output at the rate $p_k(1 - p_k)$; the observed label is a constant. Each term lies in
    $(0, 1/4]$, so the curvature is positive (the curve is convex) and at most $N/4$.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import bias_curvature
    >>> round(bias_curvature(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels), 4)
    0.2011
    """
    net = _network(network)
    k = _bias(bias)
    x, _ = net._batch(inputs, labels)
    p = net.forward(x).probabilities[:, k]
    return float(np.sum(p * (1.0 - p)))


def slope_limits(labels: ArrayLike, bias: str = "b3") -> tuple[int, int]:
    r"""Limits of $\partial\,(\text{total CE})/\partial b$ as the bias goes to $-\infty$ and $+\infty$.

    Far to the left every $p_k \to 0$, so each term $p_k - [\text{observed} = k]$ tends to $-1$
    for a flower of class $k$ and to 0 otherwise; far to the right every $p_k \to 1$ and the
    terms tend to 0 and 1. The limits are minus the number of flowers of class $k$ and the number
    of the others.

    Examples
    --------
    >>> from crossentropy import TRAINING_DATA
    >>> from crossentropy.training import slope_limits
    >>> slope_limits(TRAINING_DATA.labels, "b3")  # one Setosa, two others
    (-1, 2)
    """
    k = _bias(bias)
    y = _validate.class_labels(labels, "labels", num_classes=len(SPECIES))
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"labels must be a non-empty 1-D array of class indices, got shape {y.shape}")
    own = int(np.count_nonzero(y == k))
    return -own, int(y.size) - own


@dataclass(frozen=True)
class BiasOptimum:
    r"""Gradient descent on one output bias, with what is needed to discuss where and how it ends.

    Attributes
    ----------
    bias : str
        ``"b3"``, ``"b4"`` or ``"b5"``.
    run : DescentResult
        The descent with the given stopping rule.
    limit : float
        Where the descent converges: the bias at the minimum (the same descent continued until
        its step is below $10^{-12}$).
    limit_loss : float
        The total loss there, the lowest reachable by moving this bias alone.
    reference : float
        StatQuest's trained value of the bias (``DEFAULT_PARAMETERS``).
    reference_loss : float
        The total loss with the bias at `reference`.
    curvature : float
        Second derivative of the total loss at `limit`, $\sum_n p_{k,n}(1 - p_{k,n})$.
    curvature_bound : float
        $N/4$, the largest the curvature can be anywhere ($p(1-p) \le 1/4$).
    learning_rate : float
        The learning rate of `run`.
    """

    bias: str
    run: DescentResult
    limit: float
    limit_loss: float
    reference: float
    reference_loss: float
    curvature: float
    curvature_bound: float
    learning_rate: float

    @property
    def gap(self) -> float:
        """How much higher the loss is at `reference` than at the minimum."""
        return self.reference_loss - self.limit_loss

    @property
    def contraction(self) -> float:
        r"""$1 - \eta\,c$: near the minimum each step is about this fraction of the previous one."""
        return 1.0 - self.learning_rate * self.curvature

    @property
    def last_ratio(self) -> float:
        """The last step of `run` divided by the one before (compare with `contraction`)."""
        steps = [s.steps[self.bias] for s in self.run.history]
        if len(steps) < 2:
            raise ValueError("the run took fewer than two steps")
        return steps[-1] / steps[-2]

    @property
    def fastest_rate(self) -> float:
        r"""$1/c$: the learning rate that would jump straight to the minimum if the curve were a parabola."""
        return 1.0 / self.curvature

    @property
    def unstable_rate(self) -> float:
        r"""$2/c$: above it, steps near the minimum overshoot by more than they started with."""
        return 2.0 / self.curvature

    @property
    def safe_rate(self) -> float:
        r"""$2/(N/4)$: below it every step lowers the loss, wherever it starts."""
        return 2.0 / self.curvature_bound


def bias_optimum(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    bias: str = "b3",
    learning_rate: float = 1.0,
    tol: float = 1e-3,
) -> BiasOptimum:
    """Run gradient descent on one output bias and gather the numbers that explain its result.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import bias_optimum
    >>> opt = bias_optimum(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> opt.run.steps_taken, round(opt.limit, 4), round(opt.limit_loss, 4), round(opt.gap, 4)
    (10, -0.0317, 1.7747, 0.0003)
    """
    net = _network(network)
    _bias(bias)
    x, y = net._batch(inputs, labels)
    run = gradient_descent(net, x, y, params=(bias,), learning_rate=learning_rate, tol=tol)
    precise = gradient_descent(net, x, y, params=(bias,), learning_rate=learning_rate, tol=1e-12, max_steps=10_000)
    if not precise.converged:
        raise ValueError(f"the descent on {bias} does not settle at learning_rate={learning_rate}")
    at_limit = precise.network
    reference = float(DEFAULT_PARAMETERS[bias])
    return BiasOptimum(
        bias=bias,
        run=run,
        limit=at_limit.params[bias],
        limit_loss=precise.final_loss,
        reference=reference,
        reference_loss=net.replace(**{bias: reference}).loss(x, y),
        curvature=bias_curvature(at_limit, x, y, bias),
        curvature_bound=x.shape[0] / 4.0,
        learning_rate=float(learning_rate),
    )


def rounded_descent(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    bias: str = "b3",
    decimals: int = 2,
    learning_rate: float = 1.0,
    max_steps: int = 100,
) -> list[float]:
    """Gradient descent on one bias done "by hand": the bias and the slope rounded at every step.

    Returns the bias after each step (starting value first). Stops when the rounded slope is 0 —
    the hand calculation can go no further — or after `max_steps` steps.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import rounded_descent
    >>> rounded_descent(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)[:3]
    [-2.0, -1.23, -0.66]
    """
    net = _network(network)
    _bias(bias)
    places = _validate.integer(decimals, "decimals", minimum=0)
    eta = _validate.real_number(learning_rate, "learning_rate", positive=True)
    limit = _validate.integer(max_steps, "max_steps", minimum=1)
    x, y = net._batch(inputs, labels)
    value = round(net.params[bias], places)
    path = [value]
    for _ in range(limit):
        slope = round(net.replace(**{bias: value}).gradients(x, y)[bias], places)
        if slope == 0.0:
            break
        value = round(value - eta * slope, places)
        path.append(value)
    return path


def compare_learning_rates(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    rates: Sequence[float],
    params: Sequence[str] = ("b3",),
    tol: float = 1e-3,
    max_steps: int = 200,
) -> dict[float, DescentResult]:
    r"""Run `gradient_descent` from the same start at each learning rate.

    Returns
    -------
    dict
        ``{learning_rate: DescentResult}`` in the order of `rates`.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import compare_learning_rates
    >>> runs = compare_learning_rates(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, [1.0, 4.0])
    >>> [(r.steps_taken, r.stop_reason) for r in runs.values()]
    [(10, 'tolerance'), (200, 'max_steps')]
    """
    if isinstance(rates, (str, bytes)) or not isinstance(rates, (Sequence, np.ndarray)):
        raise TypeError(f"rates must be a sequence of learning rates, got {type(rates).__name__}")
    checked = [_validate.real_number(r, f"rates[{i}]", positive=True) for i, r in enumerate(rates)]
    if not checked:
        raise ValueError("rates must hold at least one learning rate")
    if len(set(checked)) != len(checked):
        raise ValueError(f"rates must be distinct, got {checked}")
    net = _network(network)
    return {
        r: gradient_descent(net, inputs, labels, params=params, learning_rate=r, tol=tol, max_steps=max_steps)
        for r in checked
    }


def crossings(result: DescentResult, name: str = "b3") -> int:
    """How many steps of a descent jumped over the minimum (the slope changed sign).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent
    >>> from crossentropy.training import crossings
    >>> data = (TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> crossings(gradient_descent(IrisNetwork(b3=-2.0), *data)), crossings(gradient_descent(IrisNetwork(b3=-2.0), *data, learning_rate=3.0)) > 5
    (0, True)
    """
    if not isinstance(result, DescentResult):
        raise TypeError(f"result must be a DescentResult, got {type(result).__name__}")
    signs = np.sign([step.slopes[name] for step in result.history])
    return int(np.count_nonzero(signs[1:] * signs[:-1] < 0))


def output_bias_loss_grid(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    first: ArrayLike,
    second: ArrayLike,
    names: tuple[str, str] = ("b3", "b4"),
) -> NDArray[np.float64]:
    r"""Total cross entropy over a grid of two output biases, the third one fixed.

    An output bias only adds to its raw output, so the raw outputs are computed once with both
    biases at 0 and the grid values are added to them.

    Parameters
    ----------
    network : IrisNetwork
        Supplies every parameter except the two biases varied.
    inputs, labels : array_like
        The flowers.
    first, second : array_like, shape (M,), (K,)
        Values of ``names[0]`` (grid columns) and ``names[1]`` (grid rows).
    names : (str, str), default ("b3", "b4")
        Two different output biases.

    Returns
    -------
    numpy.ndarray, shape (K, M)
        ``grid[j, i]`` is the total loss at ``names[0] = first[i]``, ``names[1] = second[j]``.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import output_bias_loss_grid
    >>> output_bias_loss_grid(IrisNetwork(), TRAINING_DATA.inputs, TRAINING_DATA.labels, [-2.0, 0.0], [0.0]).round(4).tolist()
    [[2.6659, 1.775]]
    """
    net = _network(network)
    if not isinstance(names, (tuple, list)) or len(names) != 2:
        raise TypeError(f"names must be a pair of output-bias names, got {names!r}")
    k1, k2 = _bias(names[0]), _bias(names[1])
    if k1 == k2:
        raise ValueError(f"names must name two different output biases, got {names!r}")
    xs, ys = _values(first, "first"), _values(second, "second")
    x, y = net._batch(inputs, labels)
    base = net.replace(**{names[0]: 0.0, names[1]: 0.0}).forward(x).logits  # (N, 3)
    shift = np.zeros((ys.size, xs.size, 3))
    shift[..., k1] = xs[None, :]
    shift[..., k2] = ys[:, None]
    logits = base[None, None, :, :] + shift[:, :, None, :]  # (K, M, N, 3)
    n = x.shape[0]
    losses = cross_entropy(logits.reshape(-1, 3), np.tile(y, ys.size * xs.size), reduction="none")
    return np.asarray(losses, dtype=np.float64).reshape(ys.size, xs.size, n).sum(axis=-1)


def jacobian_route(probabilities: ArrayLike, observed: int) -> NDArray[np.float64]:
    r"""$\partial\,\mathrm{CE}/\partial z$ for one flower the long way: $J^{\mathsf T} g$.

    $g = \partial\,\mathrm{CE}/\partial p$ has a single non-zero entry, $-1/p_c$ at the observed
    class $c$, and $J_{ik} = \partial p_i / \partial z_k$ is the softmax Jacobian, so the chain rule
    $\partial\,\mathrm{CE}/\partial z_k = \sum_i g_i J_{ik} = (-1/p_c)\,J_{ck} = p_k - \delta_{ck}$
    — the same vector as $p - y$.

    Parameters
    ----------
    probabilities : array_like, shape (3,)
        Softmax outputs of one flower.
    observed : int
        The observed class (0, 1 or 2).

    Examples
    --------
    >>> from crossentropy.training import jacobian_route
    >>> jacobian_route([0.5, 0.25, 0.25], 1).tolist()
    [0.5, -0.75, 0.25]
    """
    p = _validate.float_array(probabilities, "probabilities", ndim=1, last_dim=len(SPECIES), keep_float32=False)
    if isinstance(observed, bool) or not isinstance(observed, numbers.Integral) or not 0 <= int(observed) < len(SPECIES):
        raise ValueError(f"observed must be a class index 0..{len(SPECIES) - 1}, got {observed!r}")
    c = int(observed)
    g = np.zeros(len(SPECIES))
    g[c] = dce_dp(float(p[c]))
    return softmax_jacobian(p).T @ g


def bias_sums(result: DescentResult) -> NDArray[np.float64]:
    r"""$b_3 + b_4 + b_5$ at the start and after every step of a descent.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent
    >>> from crossentropy.training import bias_sums
    >>> run = gradient_descent(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, params=("b3", "b4", "b5"))
    >>> bias_sums(run).round(12).tolist()[:3]
    [-1.0, -1.0, -1.0]
    """
    if not isinstance(result, DescentResult):
        raise TypeError(f"result must be a DescentResult, got {type(result).__name__}")
    rows = [result.history[0].values] + [s.new_values for s in result.history] if result.history else []
    full = [{**result.network.params, **row} for row in rows]
    return np.array([sum(r[b] for b in OUTPUT_BIASES) for r in full], dtype=np.float64)


def bias_sum_drift(result: DescentResult) -> float:
    r"""The largest change of $b_3 + b_4 + b_5$ from its starting value over a descent (0 up to rounding).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent
    >>> from crossentropy.training import bias_sum_drift
    >>> run = gradient_descent(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, params=("b3", "b4", "b5"))
    >>> bias_sum_drift(run) < 1e-12
    True
    """
    sums = bias_sums(result)
    return float(np.max(np.abs(sums - sums[0])))


def shift_output_biases(network: IrisNetwork, bias: str = "b5", value: float = 1.0) -> IrisNetwork:
    """Add the same number to b3, b4 and b5 so that `bias` equals `value`.

    Adding a constant to every raw output leaves the softmax, and so every probability and loss,
    unchanged: the shifted network is equivalent.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> from crossentropy.training import shift_output_biases
    >>> shift_output_biases(IrisNetwork(b3=-2.0, b5=3.0), "b5", 1.0).to_vector(["b3", "b4", "b5"]).tolist()
    [-4.0, -2.0, 1.0]
    """
    net = _network(network)
    _bias(bias)
    target = _validate.real_number(value, "value")
    delta = target - net.params[bias]
    return net.replace(**{b: net.params[b] + delta for b in OUTPUT_BIASES})


# -- training on the full data set ----------------------------------------------------------------


@dataclass(frozen=True)
class TrainingRun:
    """A plain gradient-descent run on all 15 parameters.

    Attributes
    ----------
    start : IrisNetwork
        The network before the first step.
    network : IrisNetwork
        The network after the last step.
    learning_rate : float
    steps : int
        Number of steps taken.
    reduction : str
        ``"mean"`` or ``"sum"``: which cross entropy was minimised.
    recorded_steps : numpy.ndarray of int
        Step counts at which the loss was recorded (0 is the start, the last is `steps`).
    losses : numpy.ndarray
        The loss at each recorded step.
    """

    start: IrisNetwork
    network: IrisNetwork
    learning_rate: float
    steps: int
    reduction: str
    recorded_steps: NDArray[np.intp]
    losses: NDArray[np.float64]

    @property
    def initial_loss(self) -> float:
        """The loss before training."""
        return float(self.losses[0])

    @property
    def final_loss(self) -> float:
        """The loss after the last step."""
        return float(self.losses[-1])


def train(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    *,
    learning_rate: float = 1.0,
    steps: int = 1000,
    reduction: str = "mean",
    record_every: int = 5,
) -> TrainingRun:
    r"""Gradient descent on all 15 parameters for a fixed number of steps.

    Each step computes every derivative by backpropagation
    ([`IrisNetwork.gradients`][crossentropy.network.IrisNetwork.gradients]) and moves all
    parameters at once: $\theta \leftarrow \theta - \eta\,\nabla_\theta \mathrm{CE}$. Deterministic:
    the same start gives the same run.

    Parameters
    ----------
    network : IrisNetwork
        The starting point.
    inputs, labels : array_like
        The flowers.
    learning_rate : float, default 1.0
    steps : int, default 1000
    reduction : {"mean", "sum"}, default "mean"
        The mean suits a data set of any size: its gradient does not grow with the number of
        flowers, so one learning rate fits all.
    record_every : int, default 5
        Record the loss every this many steps (and always after the last one).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import train
    >>> run = train(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, steps=20)
    >>> run.recorded_steps.tolist()[:3], run.final_loss < run.initial_loss
    ([0, 5, 10], True)
    """
    net = _network(network)
    eta = _validate.real_number(learning_rate, "learning_rate", positive=True)
    total = _validate.integer(steps, "steps", minimum=1)
    every = _validate.integer(record_every, "record_every", minimum=1)
    how = _validate.reduction(reduction)
    if how == "none":
        raise ValueError("reduction must be 'sum' or 'mean' for train, got 'none'")
    x, y = net._batch(inputs, labels)
    features = np.ascontiguousarray(x.T)
    vector = net.to_vector()
    recorded, losses = [0], [net.loss(x, y, reduction=how)]
    for step in range(1, total + 1):
        grad, _ = _gradient_vector(vector, features, y, how)
        vector = vector - eta * grad
        if not np.all(np.isfinite(vector)):
            raise ValueError(f"training diverged at step {step}; use a smaller learning_rate than {eta}")
        if step % every == 0 or step == total:
            recorded.append(step)
            # the loss at the new parameters: the forward half of the next step's backpropagation
            losses.append(float(_gradient_vector(vector, features, y, how, with_loss=True)[1]))
    current = IrisNetwork(**dict(zip(PARAMETER_NAMES, vector.tolist())))
    return TrainingRun(
        start=net,
        network=current,
        learning_rate=eta,
        steps=total,
        reduction=how,
        recorded_steps=np.array(recorded, dtype=np.intp),
        losses=np.array(losses, dtype=np.float64),
    )


def train_full_iris(
    seed: int = FULL_IRIS_SEED,
    learning_rate: float = FULL_IRIS_LEARNING_RATE,
    steps: int = FULL_IRIS_STEPS,
) -> TrainingRun:
    """Part 8's run: all 15 parameters on the 150 scaled Iris flowers from ``IrisNetwork.random(seed)``.

    Minimises the mean cross entropy. See [`train`][crossentropy.training.train].

    Examples
    --------
    >>> from crossentropy.training import train_full_iris
    >>> run = train_full_iris(steps=10)
    >>> run.steps, run.final_loss < run.initial_loss
    (10, True)
    """
    iris = load_iris()
    return train(
        IrisNetwork.random(seed),
        iris.inputs,
        iris.labels,
        learning_rate=learning_rate,
        steps=steps,
        reduction="mean",
    )


def predict(network: IrisNetwork, inputs: ArrayLike) -> NDArray[np.intp]:
    """The predicted class of each flower: the largest probability (ties go to the lower index).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import predict
    >>> predict(IrisNetwork(), TRAINING_DATA.inputs).tolist()
    [0, 2, 1]
    """
    net = _network(network)
    return np.argmax(net.forward(inputs).probabilities, axis=-1).astype(np.intp)


def accuracy(network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike) -> float:
    """Fraction of flowers whose predicted class is the observed one.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import accuracy
    >>> accuracy(IrisNetwork(), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    1.0
    """
    net = _network(network)
    x, y = net._batch(inputs, labels)
    return float(np.mean(predict(net, x) == y))


def confusion_matrix(network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike) -> NDArray[np.intp]:
    """Counts of (observed, predicted) pairs: row = observed species, column = predicted species.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import confusion_matrix
    >>> confusion_matrix(IrisNetwork(), TRAINING_DATA.inputs, TRAINING_DATA.labels).tolist()
    [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    """
    net = _network(network)
    x, y = net._batch(inputs, labels)
    out = np.zeros((len(SPECIES), len(SPECIES)), dtype=np.intp)
    np.add.at(out, (y, predict(net, x)), 1)
    return out


def active_counts(network: IrisNetwork, inputs: ArrayLike) -> tuple[int, int]:
    """On how many flowers the top and the bottom hidden node are positive (ReLU passes a gradient).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import active_counts
    >>> active_counts(IrisNetwork(), TRAINING_DATA.inputs)  # (1.00, 0.54) switches both off
    (2, 2)
    """
    net = _network(network)
    x = _validate.float_array(inputs, "inputs", ndim=2, last_dim=2, keep_float32=False)
    on = net.forward(x).hidden_sums > 0
    return int(np.count_nonzero(on[:, 0])), int(np.count_nonzero(on[:, 1]))


def decision_regions(
    network: IrisNetwork, resolution: int = 201
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.intp]]:
    """The predicted class over the unit square of (petal width, sepal width).

    Returns
    -------
    petal : numpy.ndarray, shape (resolution,)
    sepal : numpy.ndarray, shape (resolution,)
    classes : numpy.ndarray of int, shape (resolution, resolution)
        ``classes[j, i]`` is the prediction at ``petal[i]``, ``sepal[j]``.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> from crossentropy.training import decision_regions
    >>> petal, sepal, classes = decision_regions(IrisNetwork(), resolution=3)
    >>> classes.tolist()  # rows: sepal width 0, 0.5, 1; columns: petal width 0, 0.5, 1
    [[0, 1, 2], [0, 1, 2], [0, 1, 2]]
    """
    net = _network(network)
    res = _validate.integer(resolution, "resolution", minimum=2)
    axis = np.linspace(0.0, 1.0, res)
    petal, sepal = np.meshgrid(axis, axis)
    classes = predict(net, np.stack([petal, sepal], axis=-1))
    return axis, axis.copy(), classes


def decision_margins(
    network: IrisNetwork, resolution: int = 101
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    r"""How far each species' raw output is ahead of the best other one, over the unit square.

    ``margins[k] = z_k - max_{j != k} z_j``: positive exactly where species $k$ is predicted, and
    0 on the boundary. The raw outputs are piecewise linear in the inputs (ReLU), so contouring
    the margins at 0 traces the decision boundaries as straight pieces, without the staircase of
    a grid of class labels.

    Returns
    -------
    petal : numpy.ndarray, shape (resolution,)
    sepal : numpy.ndarray, shape (resolution,)
    margins : numpy.ndarray, shape (3, resolution, resolution)
        ``margins[k, j, i]`` at ``petal[i]``, ``sepal[j]``.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> from crossentropy.training import decision_margins
    >>> petal, sepal, margins = decision_margins(IrisNetwork(), resolution=3)
    >>> (margins > 0).argmax(axis=0).tolist()  # the same as decision_regions
    [[0, 1, 2], [0, 1, 2], [0, 1, 2]]
    """
    net = _network(network)
    res = _validate.integer(resolution, "resolution", minimum=2)
    axis = np.linspace(0.0, 1.0, res)
    petal, sepal = np.meshgrid(axis, axis)
    logits = net.forward(np.stack([petal, sepal], axis=-1)).logits
    margins = np.empty((len(SPECIES), res, res))
    for k in range(len(SPECIES)):
        others = np.delete(logits, k, axis=-1)
        margins[k] = logits[..., k] - others.max(axis=-1)
    return axis, axis.copy(), margins


def loss_rises(run: TrainingRun) -> list[tuple[int, int, float]]:
    """Where the recorded loss of a training run went up: ``(from step, to step, rise)``.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import loss_rises, train
    >>> loss_rises(train(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, steps=20))
    []
    """
    if not isinstance(run, TrainingRun):
        raise TypeError(f"run must be a TrainingRun, got {type(run).__name__}")
    rises = np.diff(run.losses)
    return [
        (int(run.recorded_steps[i]), int(run.recorded_steps[i + 1]), float(rises[i]))
        for i in np.flatnonzero(rises > 0)
    ]


def largest_rise(run: TrainingRun) -> tuple[int, int, float] | None:
    """The largest of `loss_rises`, or ``None`` if the recorded loss never went up.

    Examples
    --------
    >>> from crossentropy.training import largest_rise, train_full_iris
    >>> largest_rise(train_full_iris(steps=10)) is None
    True
    """
    rises = loss_rises(run)
    return max(rises, key=lambda r: r[2]) if rises else None


def unavoidable_errors(inputs: ArrayLike, labels: ArrayLike) -> int:
    """How many flowers every classifier of these inputs must get wrong.

    Flowers with identical inputs get the same prediction, so where such a group mixes species
    only its most common species can be right: the rest are errors for any classifier.

    Examples
    --------
    >>> from crossentropy import load_iris
    >>> from crossentropy.training import unavoidable_errors
    >>> iris = load_iris()
    >>> unavoidable_errors(iris.inputs, iris.labels)  # 3 pairs of Versicolor/Virginica twins
    3
    """
    x = _validate.float_array(inputs, "inputs", ndim=2, keep_float32=False)
    y = _validate.class_labels(labels, "labels", num_classes=len(SPECIES))
    if y.shape != (x.shape[0],):
        raise ValueError(f"labels must have shape ({x.shape[0]},) to match inputs, got shape {y.shape}")
    _, group = np.unique(x, axis=0, return_inverse=True)
    counts = np.zeros((int(group.max()) + 1, len(SPECIES)), dtype=np.intp)
    np.add.at(counts, (group.reshape(-1), y), 1)
    return int(np.sum(counts.sum(axis=1) - counts.max(axis=1)))
