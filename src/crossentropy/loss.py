r"""Cross entropy of softmax outputs and its gradient with respect to the logits.

For one observation with logits $z$ and observed class $c$ the cross entropy is

$$\mathrm{CE} = -\sum_k y_k \ln p_k = -\ln p_c, \qquad p = \mathrm{softmax}(z),$$

where $y$ is the one-hot vector of the observed class. Its gradient is the famous

$$\frac{\partial\,\mathrm{CE}}{\partial z_k} = p_k - y_k .$$

Over a batch of $N$ observations the losses are summed (``reduction="sum"``, the series'
"total cross entropy"), averaged (``"mean"``, gradient divided by $N$) or returned one per
observation (``"none"``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _softmax, _validate
from ._backprop import softmax_minus_onehot_columns

__all__ = ["one_hot", "cross_entropy", "grad_logits", "grad_logits_reference"]


def one_hot(labels: ArrayLike, num_classes: int) -> NDArray[np.float64]:
    """Rows of zeros with a single 1 at each label's index.

    Parameters
    ----------
    labels : array_like of int
        Class indices in ``0 .. num_classes - 1`` (any shape).
    num_classes : int
        The number of classes $K$ (at least 1).

    Returns
    -------
    numpy.ndarray of float64, shape ``labels.shape + (num_classes,)``

    Examples
    --------
    >>> from crossentropy import one_hot
    >>> one_hot([0, 2, 1], 3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    k = _validate.integer(num_classes, "num_classes", minimum=1)
    idx = _validate.class_labels(labels, "labels", num_classes=k)
    rows: NDArray[np.float64] = (idx[..., None] == np.arange(k)).astype(np.float64)
    return rows


def cross_entropy(logits: ArrayLike, labels: ArrayLike, reduction: str = "sum") -> NDArray[np.floating[Any]]:
    r"""Cross entropy $-\ln p_{\text{observed}}$ of softmax(`logits`), computed from log-softmax.

    Parameters
    ----------
    logits : array_like, shape (N, K) or (K,)
        Raw outputs, one row per observation (or a single observation).
    labels : array_like of int, shape (N,) or scalar
        Observed class index of each row, in ``0 .. K - 1``.
    reduction : {"sum", "mean", "none"}, default "sum"
        ``"sum"`` adds the $N$ losses (the series' total cross entropy), ``"mean"`` averages
        them, ``"none"`` returns one loss per observation.

    Returns
    -------
    numpy.ndarray
        A numpy floating scalar for ``"sum"``/``"mean"``; shape (N,) (or a scalar for a single
        observation) for ``"none"``. float32 logits give float32, anything else float64.

    Raises
    ------
    TypeError
        Non-real logits, non-integer labels, or a non-string reduction.
    ValueError
        Wrong shapes, mismatched lengths, an empty batch, NaN/inf, labels out of range or an
        unknown reduction; or overflow, when the logits span so much that a loss (or their sum)
        exceeds the floating-point range.

    Examples
    --------
    The three training flowers of the series at $b_3 = 0$ (Setosa, Virginica, Versicolor):

    >>> from crossentropy import cross_entropy
    >>> logits = [[1.0368, 0.0032, 0.1352], [0.0, 0.0, 1.0], [0.0898, 0.8632, 0.1042]]
    >>> cross_entropy(logits, [0, 2, 1], reduction="none").round(4).tolist()
    [0.5662, 0.5514, 0.6573]
    >>> round(float(cross_entropy(logits, [0, 2, 1])), 3)
    1.775
    """
    how = _validate.reduction(reduction)
    z, y, single = _validate.logits_and_labels(logits, labels)
    losses = -_softmax.log_softmax(z, axis=1)[np.arange(z.shape[0]), y]
    with np.errstate(over="ignore"):
        out = np.sum(losses) if how == "sum" else np.mean(losses) if how == "mean" else losses
    _validate.finite_result(out, "the cross entropies", "logits (their entries span more than the range)")
    return out[0] if single and how == "none" else out


def grad_logits(logits: ArrayLike, labels: ArrayLike, reduction: str = "sum") -> NDArray[np.floating[Any]]:
    r"""Gradient of the cross entropy with respect to the logits: softmax($z$) − onehot($y$).

    Mathematically this is ``softmax(logits) - one_hot(labels, K)`` (divided by $N$ for
    ``"mean"``); that is the form to read, and it is written out as
    [grad_logits_reference][crossentropy.loss.grad_logits_reference]. This implementation
    computes the same numbers class by class on a transposed copy, in place (long batches split
    across threads started for the call), which is several times faster for large batches with
    few classes and never touches the caller's array. Every entry lies in $[-1, 1]$, so no
    finite input overflows.

    Parameters
    ----------
    logits : array_like, shape (N, K) or (K,)
        Raw outputs.
    labels : array_like of int, shape (N,) or scalar
        Observed classes.
    reduction : {"sum", "mean", "none"}, default "sum"
        Which loss is differentiated. For ``"sum"`` and ``"none"`` row $n$ is the gradient of
        observation $n$'s own loss, $p - y$; for ``"mean"`` it is $(p - y)/N$.

    Returns
    -------
    numpy.ndarray
        Same shape as `logits`; each row sums to 0.

    Raises
    ------
    TypeError, ValueError
        As for [cross_entropy][crossentropy.loss.cross_entropy].

    Examples
    --------
    >>> from crossentropy import grad_logits
    >>> grad_logits([0.0, 0.0, 0.0], 1).round(4).tolist()
    [0.3333, -0.6667, 0.3333]
    >>> grad_logits([[0.0, 0.0], [0.0, 0.0]], [0, 1], reduction="mean").tolist()
    [[-0.25, 0.25], [0.25, -0.25]]
    """
    how = _validate.reduction(reduction)
    z, y, single = _validate.logits_and_labels(logits, labels)
    n = z.shape[0]
    # Column-wise (class by class) form of softmax(z) - one_hot(y): work on a (K, N) copy so
    # that every operation runs over long contiguous rows instead of N short ones.
    cols = np.array(z.T, order="C")
    softmax_minus_onehot_columns(cols, y)
    if how == "mean":
        cols /= n
    grad = cols.T
    return grad[0] if single else grad


def grad_logits_reference(
    logits: ArrayLike, labels: ArrayLike, reduction: str = "sum"
) -> NDArray[np.floating[Any]]:
    r"""The readable form of [grad_logits][crossentropy.loss.grad_logits]: $p - y$ written as it is
    derived, ``softmax(logits) - one_hot(labels, K)``.

    It takes the same arguments and gives the same numbers (to rounding) as `grad_logits`, which
    is tested against it; it is simply slower on large batches.

    Parameters
    ----------
    logits : array_like, shape (N, K) or (K,)
        Raw outputs.
    labels : array_like of int, shape (N,) or scalar
        Observed classes.
    reduction : {"sum", "mean", "none"}, default "sum"
        ``"mean"`` divides by $N$; ``"sum"`` and ``"none"`` give each observation's own gradient.

    Returns
    -------
    numpy.ndarray
        Same shape as `logits` (float32 kept, otherwise float64).

    Examples
    --------
    >>> from crossentropy import grad_logits_reference
    >>> grad_logits_reference([0.0, 0.0, 0.0], 1).round(4).tolist()
    [0.3333, -0.6667, 0.3333]
    """
    how = _validate.reduction(reduction)
    z, y, single = _validate.logits_and_labels(logits, labels)
    p = _softmax.softmax(z, axis=1)
    y_onehot = (y[:, None] == np.arange(z.shape[1])).astype(p.dtype)
    grad: NDArray[np.floating[Any]] = p - y_onehot
    if how == "mean":
        grad = grad / z.shape[0]
    return grad[0] if single else grad
