r"""The loss along one parameter, all others fixed: the series' pink curve and its slope.

* [`sweep_parameter`][crossentropy.sweeps.sweep_parameter]: the loss and its slope at many
  values of one parameter;
* [`slope_terms`][crossentropy.sweeps.slope_terms]: each flower's share of the slope along an
  output bias, $p_k - [\text{observed} = k]$;
* [`bias_curvature`][crossentropy.sweeps.bias_curvature]: the second derivative along an output
  bias, $\sum p_k(1 - p_k)$;
* [`slope_limits`][crossentropy.sweeps.slope_limits]: where the slope goes far to the left and
  to the right.

Examples
--------
>>> from crossentropy import IrisNetwork, TRAINING_DATA, sweep_parameter
>>> s = sweep_parameter(IrisNetwork(), TRAINING_DATA.inputs, TRAINING_DATA.labels, "b3", [-2.0])
>>> round(float(s.losses[0]), 4), round(float(s.slopes[0]), 4)
(2.6659, -0.7732)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .chain import OUTPUT_BIASES
from .data import SPECIES
from .loss import cross_entropy, grad_logits
from .network import IrisNetwork

__all__ = [
    "Sweep",
    "sweep_parameter",
    "slope_terms",
    "bias_curvature",
    "slope_limits",
]


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
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, sweep_parameter
    >>> s = sweep_parameter(IrisNetwork(), TRAINING_DATA.inputs, TRAINING_DATA.labels, "b3", [-2.0, 0.0])
    >>> s.losses.round(4).tolist(), s.slopes.round(4).tolist()
    ([2.6659, 1.775], [-0.7732, 0.0187])
    """
    net = _validate.check_network(network)
    (param,) = _validate.check_parameter_names([name], "name")
    xs = np.array(_validate.float_array(values, "values", ndim=1, keep_float32=False), dtype=np.float64)
    how = _validate.reduction(reduction)
    if how == "none":
        raise ValueError("reduction must be 'sum' or 'mean' for sweep_parameter, got 'none'")
    if param in OUTPUT_BIASES:
        # An output bias only adds to its own raw output: run the network once and shift.
        k = OUTPUT_BIASES.index(param)
        x, y = _validate.check_batch(inputs, labels)
        base = net.replace(**{param: 0.0}).forward(x).logits
        logits = np.repeat(base[None, :, :], xs.size, axis=0)
        logits[:, :, k] += xs[:, None]
        flat, tiled = logits.reshape(-1, 3), np.tile(y, xs.size)
        per_flower = np.asarray(cross_entropy(flat, tiled, reduction="none")).reshape(xs.size, -1)
        terms = np.asarray(grad_logits(flat, tiled, reduction="none"))[:, k].reshape(xs.size, -1)
        reduce = np.mean if how == "mean" else np.sum
        losses_at: NDArray[np.float64] = np.asarray(reduce(per_flower, axis=1), dtype=np.float64)
        slopes_at: NDArray[np.float64] = np.asarray(reduce(terms, axis=1), dtype=np.float64)
        return Sweep(param, xs, losses_at, slopes_at)
    losses = np.empty_like(xs)
    slopes = np.empty_like(xs)
    for i, v in enumerate(xs):
        moved = net.replace(**{param: float(v)})
        losses[i] = moved.loss(inputs, labels, reduction=reduction)
        slopes[i] = moved.gradients(inputs, labels, reduction=reduction)[param]
    return Sweep(param, xs, losses, slopes)


def slope_terms(
    network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike, bias: str = "b3"
) -> NDArray[np.float64]:
    r"""Each flower's share of $\partial\,(\text{total CE})/\partial b$: $p_k - [\text{observed} = k]$.

    For ``bias="b3"`` ($k$ = Setosa) this is $p_{\text{Setosa}} - 1$ for an observed Setosa and
    $p_{\text{Setosa}}$ for any other flower; the slope of the total is their sum.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, slope_terms
    >>> slope_terms(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels).round(4).tolist()
    [-0.8491, 0.0351, 0.0408]
    """
    net = _validate.check_network(network)
    k = _validate.output_bias(bias)
    x, y = _validate.check_batch(inputs, labels)
    return np.array(grad_logits(net.forward(x).logits, y, reduction="none")[:, k], dtype=np.float64)


def bias_curvature(network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike, bias: str = "b3") -> float:
    r"""Second derivative of the total cross entropy along one output bias: $\sum_n p_{k,n}(1 - p_{k,n})$.

    The slope's per-flower terms are $p_k - [\text{observed} = k]$, and $p_k$ changes with its own
    raw output at the rate $p_k(1 - p_k)$; the observed label is a constant. Each term lies in
    $(0, 1/4]$, so the curvature is positive (the curve is convex) and at most $N/4$.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, bias_curvature
    >>> round(bias_curvature(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels), 4)
    0.2011
    """
    net = _validate.check_network(network)
    k = _validate.output_bias(bias)
    x, _ = _validate.check_batch(inputs, labels)
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
    >>> from crossentropy import TRAINING_DATA, slope_limits
    >>> slope_limits(TRAINING_DATA.labels, "b3")  # one Setosa, two others
    (-1, 2)
    """
    k = _validate.output_bias(bias)
    y = _validate.class_labels(labels, "labels", num_classes=len(SPECIES))
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"labels must be a non-empty 1-D array of class indices, got shape {y.shape}")
    own = int(np.count_nonzero(y == k))
    return -own, int(y.size) - own
