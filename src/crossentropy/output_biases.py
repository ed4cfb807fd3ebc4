r"""The three output biases together: the loss over a grid of two, the gradient through the
softmax Jacobian, the conserved sum.

* [`output_bias_loss_grid`][crossentropy.output_biases.output_bias_loss_grid]: the total loss
  over a grid of two output biases;
* [`jacobian_route`][crossentropy.output_biases.jacobian_route]: $\partial\,\mathrm{CE}/\partial z$
  the long way, $J^{\mathsf T} g$, which equals $p - y$;
* [`bias_sums`][crossentropy.output_biases.bias_sums] and
  [`bias_sum_drift`][crossentropy.output_biases.bias_sum_drift]: $b_3 + b_4 + b_5$ does not move
  during descent on the three biases;
* [`shift_output_biases`][crossentropy.output_biases.shift_output_biases]: adding one number to
  every output bias changes nothing.

Examples
--------
>>> from crossentropy import jacobian_route
>>> jacobian_route([0.2, 0.3, 0.5], 0).round(12).tolist()  # p - y for an observed Setosa
[-0.8, 0.3, 0.5]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .chain import OUTPUT_BIASES, dce_dp
from .data import SPECIES
from .descent import DescentResult
from .loss import cross_entropy
from .network import IrisNetwork
from .softmax import softmax_jacobian

__all__ = [
    "output_bias_loss_grid",
    "jacobian_route",
    "bias_sums",
    "bias_sum_drift",
    "shift_output_biases",
]


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
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, output_bias_loss_grid
    >>> output_bias_loss_grid(
    ...     IrisNetwork(), TRAINING_DATA.inputs, TRAINING_DATA.labels, [-2.0, 0.0], [0.0]
    ... ).round(4).tolist()
    [[2.6659, 1.775]]
    """
    net = _validate.check_network(network)
    if not isinstance(names, (tuple, list)) or len(names) != 2:
        raise TypeError(f"names must be a pair of output-bias names, got {names!r}")
    k1, k2 = (_validate.output_bias(n, "names") for n in names)
    if k1 == k2:
        raise ValueError(f"names must name two different output biases, got {names!r}")
    xs = _validate.float_array(first, "first", ndim=1, keep_float32=False)
    ys = _validate.float_array(second, "second", ndim=1, keep_float32=False)
    x, y = _validate.check_batch(inputs, labels)
    base = net.replace(**{names[0]: 0.0, names[1]: 0.0}).forward(x).logits  # (N, 3)
    shift = np.zeros((ys.size, xs.size, 3))
    shift[..., k1] = xs[None, :]
    shift[..., k2] = ys[:, None]
    logits = base[None, None, :, :] + shift[:, :, None, :]  # (K, M, N, 3)
    n = x.shape[0]
    losses = cross_entropy(logits.reshape(-1, 3), np.tile(y, ys.size * xs.size), reduction="none")
    grid: NDArray[np.float64] = np.asarray(losses, dtype=np.float64).reshape(ys.size, xs.size, n).sum(axis=-1)
    return grid


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
    >>> from crossentropy import jacobian_route
    >>> jacobian_route([0.5, 0.25, 0.25], 1).tolist()
    [0.5, -0.75, 0.25]
    """
    p = _validate.float_array(
        probabilities, "probabilities", ndim=1, last_dim=len(SPECIES), keep_float32=False
    )
    c = _validate.class_index(observed, "observed")
    g = np.zeros(len(SPECIES))
    g[c] = dce_dp(float(p[c]))
    return softmax_jacobian(p).T @ g


def bias_sums(result: DescentResult) -> NDArray[np.float64]:
    r"""$b_3 + b_4 + b_5$ at the start and after every step of a descent.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent, bias_sums
    >>> run = gradient_descent(
    ...     IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, params=("b3", "b4", "b5")
    ... )
    >>> bias_sums(run).round(12).tolist()[:3]
    [-1.0, -1.0, -1.0]
    """
    _validate.instance(result, DescentResult, "result")
    rows = [result.history[0].values] + [s.new_values for s in result.history] if result.history else []
    full = [{**result.network.params, **row} for row in rows]
    return np.array([sum(r[b] for b in OUTPUT_BIASES) for r in full], dtype=np.float64)


def bias_sum_drift(result: DescentResult) -> float:
    r"""The largest change of $b_3 + b_4 + b_5$ from its starting value over a descent (0 up to rounding).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent, bias_sum_drift
    >>> run = gradient_descent(
    ...     IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, params=("b3", "b4", "b5")
    ... )
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
    >>> from crossentropy import IrisNetwork, shift_output_biases
    >>> shift_output_biases(IrisNetwork(b3=-2.0, b5=3.0), "b5", 1.0).to_vector(["b3", "b4", "b5"]).tolist()
    [-4.0, -2.0, 1.0]
    """
    net = _validate.check_network(network)
    _validate.output_bias(bias)
    target = _validate.real_number(value, "value")
    delta = target - net.params[bias]
    return net.replace(**{b: net.params[b] + delta for b in OUTPUT_BIASES})


# -- training on the full data set ----------------------------------------------------------------
