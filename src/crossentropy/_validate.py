"""Input checks shared by the public functions: the one place where arguments are validated.

Every public function converts its arguments here, so that bad input fails early with a
`TypeError` or `ValueError` that names the argument and says what was expected, instead of
turning into a silent NaN or a wrong shape further down. Results that overflow the floating-point
range are reported by `finite_result`, again naming what the caller passed.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._names import OUTPUT_BIASES, PARAMETER_NAMES, SPECIES

if TYPE_CHECKING:
    from .network import IrisNetwork

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


def float64_array(value: ArrayLike, name: str, **checks: Any) -> NDArray[np.float64]:
    """`float_array` computed in float64 whatever the input dtype (float32 included)."""
    return float_array(value, name, keep_float32=False, **checks).astype(np.float64, copy=False)


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


def sum_or_mean(value: object, where: str) -> str:
    """Check a ``reduction`` argument that must be "sum" or "mean" (for `where`)."""
    how = reduction(value)
    if how == "none":
        raise ValueError(f"reduction must be 'sum' or 'mean' for {where}, got 'none'")
    return how


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


def check_parameter_names(
    names: Iterable[str], argument: str, *, allow_empty: bool = True
) -> tuple[str, ...]:
    """Check that `names` are distinct parameter names of the network; return them as a tuple."""
    if isinstance(names, str):
        raise TypeError(
            f"{argument} must be a sequence of parameter names such as ('b3',), got the string {names!r}"
        )
    try:
        out = tuple(names)
    except TypeError:
        raise TypeError(
            f"{argument} must be a sequence of parameter names, got {type(names).__name__}"
        ) from None
    for name in out:
        if not isinstance(name, str):
            raise TypeError(f"{argument} must hold parameter names (str), got {type(name).__name__}")
        if name not in PARAMETER_NAMES:
            raise ValueError(
                f"{argument} has unknown parameter name {name!r}; expected one of {', '.join(PARAMETER_NAMES)}"
            )
    if len(set(out)) != len(out):
        raise ValueError(f"{argument} names a parameter more than once: {out}")
    if not out and not allow_empty:
        raise ValueError(f"{argument} must name at least one parameter")
    return out


def check_batch(inputs: ArrayLike, labels: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    """Check a batch of flowers: `inputs` (N, 2) finite float64 and `labels` (N,) in 0..2."""
    x = float64_array(inputs, "inputs", ndim=2, last_dim=2)
    y = class_labels(labels, "labels", num_classes=3)
    if y.shape != (x.shape[0],):
        raise ValueError(f"labels must have shape ({x.shape[0]},) to match inputs, got shape {y.shape}")
    return x, y


# -- checks for the studies and report functions (objects, choices, decimals) --------------------
_T = TypeVar("_T")


def instance(value: object, kind: type[_T], name: str) -> _T:
    """Check that `value` is an instance of `kind` (e.g. a ``Dataset``); return it."""
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a {kind.__name__}, got {type(value).__name__}")
    return value


def choice(value: object, choices: tuple[str, ...], name: str) -> int:
    """Check that `value` is one of the strings `choices` (e.g. an output bias); return its index."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {choices}, got {type(value).__name__}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return choices.index(value)


def decimals(value: object, name: str = "digits", *, maximum: int = 12) -> int:
    """Check a number of decimal places in ``0 .. maximum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= int(value) <= maximum:
        raise ValueError(f"{name} must be an int in 0..{maximum}, got {value!r}")
    return int(value)


def check_network(value: object, name: str = "network") -> IrisNetwork:
    """Check that `value` is an `IrisNetwork`."""
    from .network import IrisNetwork  # the network module itself uses this module's checks

    if not isinstance(value, IrisNetwork):
        raise TypeError(f"{name} must be an IrisNetwork, got {type(value).__name__}")
    return value


def class_index(value: object, name: str) -> int:
    """Accept a class index (0, 1, 2) or a species name; return the index."""
    if isinstance(value, str):
        if value not in SPECIES:
            raise ValueError(f"{name} must be a class index 0..2 or one of {SPECIES}, got {value!r}")
        return SPECIES.index(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a class index (int) or a species name, got {type(value).__name__}")
    if not 0 <= int(value) < len(SPECIES):
        raise ValueError(f"{name} must be a class index in 0..{len(SPECIES) - 1}, got {value}")
    return int(value)


def output_bias(value: object, name: str = "bias") -> int:
    """Check an output bias name ("b3", "b4", "b5"); return the index of the class it shifts."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {OUTPUT_BIASES}, got {type(value).__name__}")
    if value not in OUTPUT_BIASES:
        raise ValueError(f"{name} must be one of the output biases {OUTPUT_BIASES}, got {value!r}")
    return OUTPUT_BIASES.index(value)


def probability_tolerance(dtype: np.dtype[Any], num_classes: int) -> float:
    """How far the sum of `num_classes` softmax outputs of `dtype` may be from 1: a few rounding
    errors per term (softmax rounds each exponential, the sum and each quotient)."""
    return 16.0 * num_classes * float(np.finfo(dtype).eps)


def probabilities(
    value: ArrayLike, name: str, *, ndim: int | None = None, last_dim: int | None = None
) -> NDArray[np.floating[Any]]:
    """Check softmax outputs along the last axis: in [0, 1] and summing to 1 within the rounding
    of the array's own dtype (float32 kept, so a float32 softmax passes; 0 and 1 allowed, so a
    saturated softmax passes)."""
    arr = float_array(value, name, ndim=ndim, min_ndim=1, last_dim=last_dim)
    if np.any(arr < 0) or np.any(arr > 1):
        raise ValueError(f"{name} must hold probabilities in [0, 1] (pass softmax outputs)")
    tol = probability_tolerance(arr.dtype, arr.shape[-1])
    if np.any(np.abs(arr.sum(axis=-1, dtype=np.float64) - 1.0) > tol):
        raise ValueError(
            f"{name} must sum to 1 along its last axis within {tol:.1e} for {arr.dtype} (pass softmax outputs)"
        )
    return arr


def finite_result(value: NDArray[Any] | float, what: str, passed: str | Callable[[], str]) -> None:
    """Raise ValueError if a computed result overflowed: `what` names the result, `passed` (or
    what it returns, computed only on failure) names the caller's arguments it came from."""
    if not np.all(np.isfinite(value)):
        source = passed() if callable(passed) else passed
        raise ValueError(
            f"overflow: {what} computed from {source} exceed the floating-point range; pass values of smaller magnitude"
        )


def network_source(network: IrisNetwork, inputs: NDArray[Any]) -> str:
    """Name what the caller passed to a network computation, with its size, for `finite_result`."""
    largest = max(abs(v) for v in network.params.values())
    return f"these parameters (largest magnitude {largest:.3g}) and inputs (largest {np.max(np.abs(inputs)):.3g})"


def logits_and_labels(
    logits: ArrayLike, labels: ArrayLike
) -> tuple[NDArray[np.floating[Any]], NDArray[np.intp], bool]:
    """Check a batch of logits (N, K) with labels (N,), or one observation (K,) with a scalar
    label; return the logits as (N, K) (float32 kept), the labels as (N,) and whether it was one."""
    z = float_array(logits, "logits", ndim=(1, 2))
    single = z.ndim == 1
    if single:
        z = z[None, :]
    y = class_labels(labels, "labels", num_classes=z.shape[1])
    if single:
        if y.ndim != 0:
            raise ValueError(f"labels must be a single integer when logits is 1-D, got shape {y.shape}")
        y = y.reshape(1)
    elif y.ndim != 1 or y.shape[0] != z.shape[0]:
        raise ValueError(
            f"labels must have shape ({z.shape[0]},) to match logits of shape {z.shape}, got shape {y.shape}"
        )
    return z, y, single


def boolean(value: object, name: str) -> bool:
    """Check a True/False argument."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__}")
    return bool(value)
