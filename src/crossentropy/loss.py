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

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .softmax import log_softmax, softmax

__all__ = ["one_hot", "cross_entropy", "grad_logits"]


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
    return (idx[..., None] == np.arange(k)).astype(np.float64)


def _logits_and_labels(
    logits: ArrayLike, labels: ArrayLike
) -> tuple[NDArray[np.floating[Any]], NDArray[np.intp], bool]:
    """Validate a batch: logits (N, K) with labels (N,), or one observation (K,) with a scalar label."""
    z = _validate.float_array(logits, "logits", ndim=(1, 2))
    single = z.ndim == 1
    if single:
        z = z[None, :]
    y = _validate.class_labels(labels, "labels", num_classes=z.shape[1])
    if single:
        if y.ndim != 0:
            raise ValueError(f"labels must be a single integer when logits is 1-D, got shape {y.shape}")
        y = y.reshape(1)
    elif y.ndim != 1 or y.shape[0] != z.shape[0]:
        raise ValueError(
            f"labels must have shape ({z.shape[0]},) to match logits of shape {z.shape}, got shape {y.shape}"
        )
    return z, y, single


def cross_entropy(
    logits: ArrayLike, labels: ArrayLike, reduction: str = "sum"
) -> NDArray[np.floating[Any]]:
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
        unknown reduction.

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
    z, y, single = _logits_and_labels(logits, labels)
    losses = -log_softmax(z, axis=1)[np.arange(z.shape[0]), y]
    if how == "sum":
        return np.sum(losses)
    if how == "mean":
        return np.mean(losses)
    return losses[0] if single else losses


def grad_logits(
    logits: ArrayLike, labels: ArrayLike, reduction: str = "sum"
) -> NDArray[np.floating[Any]]:
    r"""Gradient of the cross entropy with respect to the logits: softmax($z$) − onehot($y$).

    Mathematically this is ``softmax(logits) - one_hot(labels, K)`` (divided by $N$ for
    ``"mean"``); that is the form to read. The implementation computes the same numbers
    class by class on a transposed copy, which is several times faster for large batches
    with few classes and never touches the caller's array.

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
    z, y, single = _logits_and_labels(logits, labels)
    n = z.shape[0]
    # Column-wise (class by class) form of softmax(z) - one_hot(y): work on a (K, N) copy so
    # that every operation runs over long contiguous rows instead of N short ones.
    cols = _softmax_minus_onehot_columns(np.array(z.T, order="C"), y)
    if how == "mean":
        cols /= n
    grad = cols.T
    return grad[0] if single else grad


#: Batches with at least this many observations are split across threads: numpy's ufuncs release
#: the GIL, and the exponential, which dominates, runs at about 1e8 values per second per core.
_THREADED_MIN_COLUMNS = 1 << 16
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _cores() -> int:
    """The CPU cores this process may run on (at most 8)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, min(len(os.sched_getaffinity(0)), 8))
    return max(1, min(os.cpu_count() or 1, 8))


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=_cores(), thread_name_prefix="crossentropy")
        return _POOL


def _softmax_minus_onehot_block(cols: NDArray[Any], labels: NDArray[np.intp], start: int, stop: int) -> None:
    """softmax(z) - one_hot(y) in place for the observations ``start:stop`` of `cols`."""
    block = cols[:, start:stop]  # a view: each class's row stays contiguous
    block -= np.max(block, axis=0)
    np.exp(block, out=block)
    block /= np.sum(block, axis=0)
    block[labels[start:stop], np.arange(stop - start)] -= 1.0


def _softmax_minus_onehot_columns(cols: NDArray[Any], labels: NDArray[np.intp]) -> NDArray[Any]:
    """Overwrite `cols` (logits laid out class by class, shape (K, N), C-contiguous, owned by the
    caller) with softmax(z) - one_hot(y), column by column, and return it.

    Every column is computed on its own, so splitting a long batch into blocks for several
    threads gives bit-for-bit the same result as one pass."""
    n = cols.shape[1]
    workers = _cores() if n >= _THREADED_MIN_COLUMNS else 1
    if workers == 1:
        _softmax_minus_onehot_block(cols, labels, 0, n)
        return cols
    bounds = np.linspace(0, n, workers + 1).astype(int).tolist()
    jobs = [_pool().submit(_softmax_minus_onehot_block, cols, labels, a, b) for a, b in zip(bounds, bounds[1:])]
    for job in jobs:
        job.result()
    return cols


def _grad_logits_reference(logits: ArrayLike, labels: ArrayLike, reduction: str = "sum") -> NDArray[Any]:
    """The teaching form of [grad_logits][crossentropy.loss.grad_logits], kept to test it against."""
    how = _validate.reduction(reduction)
    z, y, single = _logits_and_labels(logits, labels)
    grad = softmax(z, axis=1) - one_hot(y, z.shape[1])
    if how == "mean":
        grad = grad / z.shape[0]
    return grad[0] if single else grad
