r"""Why cross entropy: its gradient against squared error's, and the likelihood it comes from.

For one flower with raw outputs (logits) $z$, probabilities $p = \mathrm{softmax}(z)$ and observed
class $c$, compare two losses of the observed class's probability $p_c$:

$$
\mathrm{CE} = -\ln p_c, \qquad \mathrm{SE} = (1 - p_c)^2 .
$$

With $\partial p_c/\partial z_k = p_c(\delta_{ck} - p_k)$ (the softmax Jacobian's row $c$):

$$
\frac{\partial\,\mathrm{CE}}{\partial z_k} = -\frac{1}{p_c}\,p_c(\delta_{ck} - p_k) = p_k - \delta_{ck},
\qquad
\frac{\partial\,\mathrm{SE}}{\partial z_k} = -2(1 - p_c)\,p_c(\delta_{ck} - p_k).
$$

At the observed class's own raw output ($k = c$) they are $p_c - 1$ and
$-2(1 - p_c)\,p_c(1 - p_c)$. For a confident mistake ($p_c \to 0$) the first tends to $-1$; the
second to 0, because of the factor $p_c$: squared error stops correcting exactly the flowers it
gets most wrong.

Cross entropy is also the negative log-likelihood: the probability the network gives the observed
species of every flower, multiplied over the flowers, is the likelihood of the data, and
$-\ln \prod_i p_{c_i} = \sum_i -\ln p_{c_i}$ is the total cross entropy. Minimising it is
maximum-likelihood fitting.

Examples
--------
>>> from crossentropy.why_cross_entropy import raw_output_gradients
>>> g = raw_output_gradients([0.5, 0.01])
>>> g.cross_entropy.round(4).tolist(), g.squared_error.round(4).tolist()
([-0.5, -0.99], [-0.25, -0.0196])
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .network import IrisNetwork
from .softmax import log_softmax, softmax

__all__ = [
    "RawOutputGradients",
    "likelihood",
    "raw_output_gradients",
    "squared_error",
    "squared_error_grad_logits",
]


def _one(logits: ArrayLike, observed: object) -> tuple[NDArray[np.float64], int]:
    z = _validate.float64_array(logits, "logits", ndim=1)
    if z.shape[0] < 2:
        raise ValueError(f"logits must hold at least 2 raw outputs, got {z.shape[0]}")
    if isinstance(observed, bool) or not isinstance(observed, (int, np.integer)):
        raise TypeError(f"observed must be a class index (int), got {type(observed).__name__}")
    c = int(observed)
    if not 0 <= c < z.shape[0]:
        raise ValueError(f"observed must lie in 0 .. {z.shape[0] - 1}, got {c}")
    return z, c


def squared_error(logits: ArrayLike, observed: int) -> float:
    r"""Squared error of one flower's observed-class probability, $(1 - p_c)^2$.

    Parameters
    ----------
    logits : array_like, shape (K,)
        Raw outputs of one flower.
    observed : int
        Index $c$ of the observed class.

    Returns
    -------
    float
        $(1 - \mathrm{softmax}(z)_c)^2$, in $[0, 1]$.

    Examples
    --------
    >>> round(squared_error([0.0, 0.0], 0), 4)  # p = 0.5
    0.25
    """
    z, c = _one(logits, observed)
    return float((1.0 - softmax(z)[c]) ** 2)


def squared_error_grad_logits(logits: ArrayLike, observed: int) -> NDArray[np.float64]:
    r"""$\partial (1 - p_c)^2 / \partial z_k = -2(1 - p_c)\,p_c(\delta_{ck} - p_k)$ for every raw output.

    Parameters
    ----------
    logits : array_like, shape (K,)
        Raw outputs of one flower.
    observed : int
        Index $c$ of the observed class.

    Returns
    -------
    numpy.ndarray of float64, shape (K,)
        Entry $c$ is $-2(1 - p_c)\,p_c(1 - p_c)$; the entries add up to 0.

    Examples
    --------
    >>> squared_error_grad_logits([0.0, 0.0], 0).tolist()  # -2 * 0.5 * 0.5 * 0.5
    [-0.25, 0.25]
    """
    z, c = _one(logits, observed)
    p = softmax(z)
    row = p[c] * ((np.arange(p.shape[0]) == c) - p)  # d p_c / d z_k
    return np.asarray(-2.0 * (1.0 - p[c]) * row, dtype=np.float64)


class RawOutputGradients(NamedTuple):
    """Both losses' derivatives with respect to the observed class's raw output, against $p_c$."""

    probability: NDArray[np.float64]
    """The observed class's probability $p_c$."""
    cross_entropy: NDArray[np.float64]
    r"""$\partial\,\mathrm{CE}/\partial z_c = p_c - 1$."""
    squared_error: NDArray[np.float64]
    r"""$\partial\,\mathrm{SE}/\partial z_c = -2(1 - p_c)\,p_c(1 - p_c)$."""

    @property
    def ratio(self) -> NDArray[np.float64]:
        r"""How many times larger cross entropy's pull is: $1 / (2 p_c (1 - p_c))$."""
        return self.cross_entropy / self.squared_error


def raw_output_gradients(probabilities: ArrayLike) -> RawOutputGradients:
    r"""$\partial\mathrm{CE}/\partial z_c$ and $\partial\mathrm{SE}/\partial z_c$ as functions of $p_c$.

    Both derivatives depend on the raw outputs only through the observed class's probability, so
    they can be drawn against it.

    Parameters
    ----------
    probabilities : array_like
        Observed-class probabilities, each in $(0, 1]$.

    Returns
    -------
    RawOutputGradients

    Examples
    --------
    >>> g = raw_output_gradients([0.001])  # a confident mistake
    >>> round(float(g.cross_entropy[0]), 3), round(float(g.squared_error[0]), 6), round(float(g.ratio[0]))
    (-0.999, -0.001996, 501)
    """
    p = _validate.float64_array(probabilities, "probabilities", min_ndim=0)
    if np.any(p <= 0.0) or np.any(p > 1.0):
        raise ValueError("probabilities must lie in (0, 1]")
    p = np.atleast_1d(p).copy()
    return RawOutputGradients(p, p - 1.0, -2.0 * (1.0 - p) * p * (1.0 - p))


def likelihood(network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike) -> float:
    r"""The likelihood of the observed species, $\prod_i p_{c_i}$: the probability the network gives the data.

    $-\ln$ of it is the total cross entropy (`IrisNetwork.loss` with ``reduction="sum"``).
    Computed as $\exp(\sum_i \ln p_{c_i})$ from log-softmax, so it is 0.0 only if the product
    underflows (below about $10^{-308}$); it is always a number.

    Parameters
    ----------
    network : IrisNetwork
    inputs : array_like, shape (N, 2)
    labels : array_like of int, shape (N,)

    Returns
    -------
    float
        In $[0, 1]$.

    Examples
    --------
    >>> import math
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> net = IrisNetwork(b3=-2.0)
    >>> L = likelihood(net, TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> round(L, 4), round(-math.log(L), 4)  # 0.1509 * 0.7054 * 0.6533, and the total cross entropy
    (0.0695, 2.6659)
    """
    net = _validate.check_network(network)
    x, y = _validate.check_batch(inputs, labels)
    log_p = log_softmax(net.forward(x).logits, axis=-1)[np.arange(y.shape[0]), y]
    return math.exp(float(np.sum(log_p)))
