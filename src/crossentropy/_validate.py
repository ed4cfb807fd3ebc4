"""Input checks shared by the public functions.

Every public function converts its array arguments here, so that bad input fails early with a
`TypeError` or `ValueError` that names the argument and says what was expected, instead of
turning into a silent NaN or a wrong shape further down.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

REDUCTIONS = ("sum", "mean", "none")


def float_array(
    value: ArrayLike,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    min_ndim: int = 0,
    last_dim: int | None = None,
    allow_empty: bool = False,
    keep_float32: bool = True,
) -> NDArray[np.floating[Any]]:
    """Return `value` as a finite real float array (float32 kept, anything else float64).

    The result never shares memory with `value` in a way that lets a caller's array be changed:
    functions that write into it must copy first (they do).
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged nested lists and the like
        raise TypeError(f"{name} must be a rectangular array of real numbers ({exc})") from None
    if arr.dtype == object or arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if arr.dtype.kind == "b":
        raise TypeError(f"{name} must hold real numbers, got booleans")
    dtype = np.float32 if (keep_float32 and arr.dtype == np.float32) else np.float64
    arr = arr.astype(dtype, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            want = " or ".join(str(n) for n in allowed)
            raise ValueError(f"{name} must be {want}-dimensional, got shape {arr.shape}")
    if arr.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimension(s), got shape {arr.shape}")
    if last_dim is not None and (arr.ndim == 0 or arr.shape[-1] != last_dim):
        raise ValueError(f"{name} must have {last_dim} entries along its last axis, got shape {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, but it contains NaN or inf")
    return arr


def class_labels(value: ArrayLike, name: str, *, num_classes: int) -> NDArray[np.intp]:
    """Return integer class labels in ``0 .. num_classes - 1`` as an ``intp`` array."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be integer class indices, got {type(value).__name__}")
    arr = np.asarray(value)
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iu":
        raise TypeError(
            f"{name} must be integer class indices (0 .. {num_classes - 1}), got dtype {arr.dtype}"
        )
    if arr.size and (arr.min() < 0 or arr.max() >= num_classes):
        raise ValueError(
            f"{name} must lie in 0 .. {num_classes - 1}, got values from {arr.min()} to {arr.max()}"
        )
    return arr.astype(np.intp, copy=False)


def reduction(value: object) -> str:
    """Check a ``reduction`` argument."""
    if not isinstance(value, str):
        raise TypeError(f"reduction must be one of {REDUCTIONS}, got {type(value).__name__}")
    if value not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {value!r}")
    return value


def axis(value: object, ndim: int, name: str = "axis") -> int:
    """Check an ``axis`` argument against an array's number of dimensions."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    ax = int(value)
    if not -ndim <= ax < ndim:
        raise ValueError(f"{name}={ax} is out of range for an array with {ndim} dimension(s)")
    return ax % ndim


def real_number(value: object, name: str, *, positive: bool = False, nonnegative: bool = False) -> float:
    """Check a scalar real argument and return it as a float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{name} must be finite, got {out}")
    if positive and out <= 0:
        raise ValueError(f"{name} must be positive, got {out}")
    if nonnegative and out < 0:
        raise ValueError(f"{name} must be non-negative, got {out}")
    return out


def integer(value: object, name: str, *, minimum: int | None = None) -> int:
    """Check a scalar integer argument."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    out = int(value)
    if minimum is not None and out < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {out}")
    return out
