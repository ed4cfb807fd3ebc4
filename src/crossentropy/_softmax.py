"""Softmax and log-softmax on arrays that are already validated (the cores of
`crossentropy.softmax`, shared with the loss and the network)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray


def shifted(z: NDArray[np.floating[Any]], axis: int) -> NDArray[np.floating[Any]]:
    """``z - max(z)`` along `axis`: every entry is at most 0. Logits that span more than the
    floating-point range give -inf (no warning), whose exponential is exactly 0, the right answer."""
    with np.errstate(over="ignore"):
        out: NDArray[np.floating[Any]] = z - np.max(z, axis=axis, keepdims=True)
    return out


def softmax(z: NDArray[np.floating[Any]], axis: int) -> NDArray[np.floating[Any]]:
    """Max-subtracted softmax along `axis`; finite for any finite `z`."""
    e = np.exp(shifted(z, axis))
    out: NDArray[np.floating[Any]] = e / np.sum(e, axis=axis, keepdims=True)
    return out


def log_softmax(z: NDArray[np.floating[Any]], axis: int) -> NDArray[np.floating[Any]]:
    """Max-subtracted log-softmax along `axis`; -inf only where `z` spans more than the
    floating-point range (callers check)."""
    s = shifted(z, axis)
    with np.errstate(invalid="ignore"):
        out: NDArray[np.floating[Any]] = s - np.log(np.sum(np.exp(s), axis=axis, keepdims=True))
    return out
