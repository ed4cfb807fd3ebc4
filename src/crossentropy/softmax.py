r"""Softmax, log-softmax and the softmax Jacobian.

The softmax turns a vector of raw outputs (logits) $z$ into probabilities

$$p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}.$$

Both functions subtract the largest logit first. That changes nothing mathematically
($e^{z_i - m} / \sum_j e^{z_j - m}$ is the same fraction) but keeps every exponential in
$(0, 1]$, so logits of $\pm 10^4$ neither overflow nor lose the answer.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _softmax, _validate

__all__ = ["softmax", "log_softmax", "softmax_jacobian"]


def _logits(z: ArrayLike, axis: int) -> tuple[NDArray[np.floating[Any]], int]:
    arr = _validate.float_array(z, "z", min_ndim=1)
    return arr, _validate.axis(axis, arr.ndim)


def softmax(z: ArrayLike, axis: int = -1) -> NDArray[np.floating[Any]]:
    r"""Probabilities $p_i = e^{z_i} / \sum_j e^{z_j}$ along `axis`.

    Parameters
    ----------
    z : array_like
        Logits (raw outputs), at least 1-D, finite. float32 input gives float32 output;
        any other real input is computed in float64.
    axis : int, default -1
        The axis that holds the classes.

    Returns
    -------
    numpy.ndarray
        Same shape as `z`; non-negative, summing to 1 along `axis`.

    Raises
    ------
    TypeError
        If `z` is not real-valued or `axis` is not an int.
    ValueError
        If `z` is empty, 0-D or not finite, or `axis` is out of range.

    Examples
    --------
    The raw outputs of the Iris network at petal width 0 and sepal width 1:

    >>> from crossentropy import softmax
    >>> softmax([1.43, -0.44, 0.23]).round(2).tolist()
    [0.69, 0.11, 0.21]

    Huge logits are fine, because the largest one is subtracted first:

    >>> softmax([1e4, 0.0, -1e4]).tolist()
    [1.0, 0.0, 0.0]
    """
    arr, ax = _logits(z, axis)
    return _softmax.softmax(arr, ax)


def log_softmax(z: ArrayLike, axis: int = -1) -> NDArray[np.floating[Any]]:
    r"""Log-probabilities $\ln p_i = z_i - \ln \sum_j e^{z_j}$ along `axis`.

    Computed as $(z_i - m) - \ln \sum_j e^{z_j - m}$ with $m = \max_j z_j$, which is exact and
    finite even when $p_i$ itself underflows to 0. Cross entropy is built on this, never on
    ``np.log(softmax(z))``.

    Parameters
    ----------
    z : array_like
        Logits, at least 1-D, finite (float32 kept, otherwise float64).
    axis : int, default -1
        The axis that holds the classes.

    Returns
    -------
    numpy.ndarray
        Same shape as `z`; every entry is $\le 0$.

    Raises
    ------
    TypeError, ValueError
        As for [softmax][crossentropy.softmax.softmax]; also ValueError (overflow) if the entries
        of `z` span more than the floating-point range, so that a log-probability is $-\infty$.

    Examples
    --------
    >>> import numpy as np
    >>> from crossentropy import log_softmax
    >>> round(float(-log_softmax([1.0368, 0.0032, 0.1352])[0]), 4)
    0.5662
    >>> log_softmax([1e4, 0.0]).tolist()  # np.log(softmax(...)) would give -inf here
    [0.0, -10000.0]
    """
    arr, ax = _logits(z, axis)
    out = _softmax.log_softmax(arr, ax)
    _validate.finite_result(out, "the log-probabilities", "z (its entries span more than the range)")
    return out


def softmax_jacobian(p: ArrayLike) -> NDArray[np.floating[Any]]:
    r"""Jacobian of the softmax, $J_{ij} = \partial p_i / \partial z_j = p_i(\delta_{ij} - p_j)$.

    Parameters
    ----------
    p : array_like, shape (..., K)
        Probabilities (the softmax output), each row in $[0, 1]$ and summing to 1.

    Returns
    -------
    numpy.ndarray, shape (..., K, K)
        ``J[..., i, j]`` is the change of $p_i$ per unit change of the logit $z_j$. The diagonal
        holds $p_i(1 - p_i)$, the off-diagonal entries $-p_i p_j$; every row and column sums to 0.

    Raises
    ------
    TypeError
        If `p` is not real-valued.
    ValueError
        If `p` is empty, not finite, outside $[0, 1]$ or its rows do not sum to 1 within a few
        rounding errors of its dtype (float32 or float64), as any softmax output does.

    Examples
    --------
    >>> from crossentropy import softmax_jacobian
    >>> softmax_jacobian([0.5, 0.25, 0.25]).tolist()
    [[0.25, -0.125, -0.125], [-0.125, 0.1875, -0.0625], [-0.125, -0.0625, 0.1875]]
    """
    arr = _validate.probabilities(p, "p")
    eye = np.eye(arr.shape[-1], dtype=arr.dtype)
    jacobian: NDArray[np.floating[Any]] = arr[..., :, None] * (eye - arr[..., None, :])
    return jacobian
