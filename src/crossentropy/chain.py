r"""The three chain-rule factors of $\partial\,\mathrm{CE} / \partial b$ for one output bias.

An output bias reaches the loss along one path only: it shifts its own raw output $z_k$, which
changes the observed class's probability $p_c$ (through the numerator when $k = c$, through the
softmax denominator when $k \ne c$), which changes $\mathrm{CE} = -\ln p_c$:

$$
\frac{\partial\,\mathrm{CE}}{\partial b}
= \underbrace{\frac{\partial\,\mathrm{CE}}{\partial p_c}}_{-1/p_c}
\cdot \underbrace{\frac{\partial p_c}{\partial z_k}}_{p_c(\delta_{ck} - p_k)}
\cdot \underbrace{\frac{\partial z_k}{\partial b}}_{1}
= p_k - \delta_{ck}.
$$

b3, b4 and b5 feed the Setosa, Versicolor and Virginica raw outputs (class 0, 1, 2).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _names, _validate
from .data import SPECIES

__all__ = ["OUTPUT_BIASES", "ChainRule", "dce_dp", "dp_dz", "dz_db", "bias_gradient"]

OUTPUT_BIASES: tuple[str, str, str] = _names.OUTPUT_BIASES
"""The output biases, indexed by the class whose raw output each one shifts."""


def _probabilities(p: ArrayLike) -> NDArray[np.float64]:
    """One flower's softmax outputs (float32 or float64, saturated ones included), as float64."""
    return _validate.probabilities(p, "probabilities", ndim=1, last_dim=len(SPECIES)).astype(np.float64)


def dce_dp(p_observed: float) -> float:
    r"""First factor: $\partial\,\mathrm{CE} / \partial p_c = -1/p_c$, from $\mathrm{CE} = -\ln p_c$.

    Parameters
    ----------
    p_observed : float
        The predicted probability of the observed class, in $(0, 1]$ (and at least
        $5.6 \cdot 10^{-309}$, below which $-1/p$ exceeds the floating-point range).

    Examples
    --------
    >>> from crossentropy import dce_dp
    >>> round(dce_dp(0.1509), 4)
    -6.6269
    """
    p = _validate.real_number(p_observed, "p_observed")
    if not 0.0 < p <= 1.0:
        raise ValueError(f"p_observed must be a probability in (0, 1], got {p}")
    out = -1.0 / p
    _validate.finite_result(out, "-1/p_observed", f"p_observed={p!r} (below 1/1.8e308)")
    return out


def dp_dz(probabilities: ArrayLike, i: int | str, j: int | str) -> float:
    r"""Second factor: $\partial p_i / \partial z_j = p_i(\delta_{ij} - p_j)$.

    $p_i(1 - p_i)$ when $i = j$ (a logit raises its own probability) and $-p_i p_j$ otherwise
    (raising another class's logit enlarges the softmax denominator and lowers $p_i$).

    Parameters
    ----------
    probabilities : array_like, shape (3,)
        Softmax outputs for one flower (Setosa, Versicolor, Virginica), float32 or float64, in
        $[0, 1]$ and summing to 1 within a few rounding errors of their dtype.
    i, j : int or str
        Class of the probability and of the raw output (index 0..2 or species name).

    Examples
    --------
    >>> from crossentropy import dp_dz
    >>> p = [0.5, 0.25, 0.25]
    >>> dp_dz(p, 0, 0), dp_dz(p, "Virginica", "Setosa")
    (0.25, -0.125)
    """
    p = _probabilities(probabilities)
    a, b = _validate.class_index(i, "i"), _validate.class_index(j, "j")
    return float(p[a] * ((1.0 if a == b else 0.0) - p[b]))


def dz_db(output: int | str, bias: str) -> float:
    r"""Third factor: $\partial z_k / \partial b$ — 1 if `bias` is output $k$'s own bias, else 0.

    The blue and orange bent surfaces do not contain any output bias, so the raw output moves
    one for one with its own bias and not at all with the others.

    Examples
    --------
    >>> from crossentropy import dz_db
    >>> dz_db("Setosa", "b3"), dz_db(2, "b3")
    (1.0, 0.0)
    """
    k = _validate.class_index(output, "output")
    return 1.0 if _validate.output_bias(bias) == k else 0.0


_TINY = float(np.finfo(np.float64).tiny)


class ChainRule(NamedTuple):
    r"""The factors of $\partial\,\mathrm{CE}/\partial b$ for one flower and their product."""

    dce_dp: float
    """$-1/p_c$ for the observed class $c$."""
    dp_dz: float
    """$\\partial p_c / \\partial z_k$ for the raw output $z_k$ that the bias shifts."""
    dz_db: float
    """$\\partial z_k / \\partial b = 1$."""
    value: float
    """The product of the three factors: $\\partial\\,\\mathrm{CE}/\\partial b$."""


def bias_gradient(probabilities: ArrayLike, observed: int | str, bias: str = "b3") -> ChainRule:
    r"""$\partial\,\mathrm{CE} / \partial b$ for one flower as the product of the three factors.

    Parameters
    ----------
    probabilities : array_like, shape (3,)
        Softmax outputs for the flower, float32 or float64, as `softmax` returns them: in
        $[0, 1]$ and summing to 1 within a few rounding errors of their dtype. A saturated
        softmax (``softmax([800, 0, 0])``) is accepted; an observed probability that rounded to
        0 is taken as the smallest normal float, so that every factor stays finite.
    observed : int or str
        The flower's observed species (class index or name).
    bias : {"b3", "b4", "b5"}, default "b3"
        The output bias to differentiate by.

    Returns
    -------
    ChainRule
        ``(dce_dp, dp_dz, dz_db, value)``; ``value`` equals $p_k - 1$ when the bias belongs to the
        observed class and $p_k$ otherwise.

    Examples
    --------
    The observed Setosa at $b_3 = -2$ ($p_{\text{Setosa}} = 0.1509$):

    >>> from crossentropy import IrisNetwork, TRAINING_DATA, bias_gradient
    >>> p = IrisNetwork(b3=-2.0).forward(TRAINING_DATA.inputs).probabilities
    >>> step = bias_gradient(p[0], observed="Setosa", bias="b3")
    >>> [round(f, 4) for f in step]
    [-6.6278, 0.1281, 1.0, -0.8491]
    >>> round(float(p[0, 0]) - 1, 4)
    -0.8491
    """
    p = _probabilities(probabilities)
    c = _validate.class_index(observed, "observed")
    k = _validate.output_bias(bias)
    # A saturated softmax can round p_c to 0 (for logits 745 apart in float64); -1/p_c would then
    # be infinite. Below the smallest normal float p_c is taken as that float, which keeps the
    # factors finite and their product p_k - [c = k] right to rounding.
    p_c = max(float(p[c]), _TINY)
    first = -1.0 / p_c
    second = p_c * ((1.0 if c == k else 0.0) - float(p[k]))
    third = dz_db(k, bias)
    return ChainRule(first, second, third, first * second * third)
