r"""Numerical stability: softmax and cross entropy computed naively, and the way the package does it.

Written straight from the formulas, $p_k = e^{z_k} / \sum_j e^{z_j}$ and $\mathrm{CE} = -\ln p_c$
fail for raw outputs that are merely large: $e^{z}$ exceeds the largest float64 (about
$1.8 \times 10^{308}$) once $z > 709.78$, and the quotient becomes $\infty/\infty$, not a number.
For very negative raw outputs every $e^{z}$ underflows to 0, and $-\ln 0 = \infty$.

Softmax does not change when the same number is subtracted from every raw output, so the package
subtracts the largest one: every exponent is then $\le 0$, every $e^{z_k - \max z} \le 1$, and
the denominator is at least 1. Cross entropy is computed from the log-softmax
$\ln p_c = (z_c - \max z) - \ln \sum_j e^{z_j - \max z}$ (the *log-sum-exp* form), which never
takes the logarithm of a rounded-off 0.

`naive_softmax` and `naive_cross_entropy` are the two formulas as written. They report what
numpy's floating-point error flags saw (overflow, underflow, an invalid or divide-by-zero
operation) as data instead of as warnings; they exist to show the failure, and are the
package's only public functions whose results may be non-finite.

Examples
--------
>>> from crossentropy.stability import naive_softmax
>>> out = naive_softmax([1000.0, 0.0, 0.0])
>>> out.events
('overflow in exp', 'invalid value in divide')
>>> out.finite
False
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .formatting import fmt, md_table
from .softmax import log_softmax, softmax

__all__ = [
    "Float64Limits",
    "FormComparison",
    "NaiveResult",
    "compare_forms",
    "float64_limits",
    "forms_table",
    "naive_cross_entropy",
    "naive_softmax",
]

#: numpy's floating-point error flags (`numpy.errstate` keywords) and how an event is named.
_FLAGS = {"over": "overflow", "under": "underflow", "invalid": "invalid value", "divide": "divide by zero"}


class NaiveResult(NamedTuple):
    """What a formula computed as written produced, and which floating-point events it raised."""

    values: NDArray[np.float64]
    """The result exactly as IEEE arithmetic gives it (may hold infinities and not-a-number values)."""
    events: tuple[str, ...]
    """Each event in the order it happened, e.g. ``"overflow in exp"``."""

    @property
    def finite(self) -> bool:
        """True if every value is a finite number."""
        return bool(np.all(np.isfinite(self.values)))


def _step(events: list[str], what: str, op: Callable[[], NDArray[np.float64]]) -> NDArray[np.float64]:
    """Run one numpy operation, recording each floating-point flag it raises (and its result)."""
    for flag, word in _FLAGS.items():
        settings: dict[str, Any] = {"all": "ignore", flag: "raise"}
        with np.errstate(**settings):
            try:
                op()
            except FloatingPointError:
                events.append(f"{word} in {what}")
    with np.errstate(all="ignore"):
        return op()


def _logits(logits: ArrayLike) -> NDArray[np.float64]:
    z = _validate.float64_array(logits, "logits", ndim=1)
    if z.shape[0] < 2:
        raise ValueError(f"logits must hold at least 2 raw outputs, got {z.shape[0]}")
    return z


class Float64Limits(NamedTuple):
    """Where float64 arithmetic runs out, for $e^{z}$ written as it stands."""

    largest: float
    r"""The largest finite float64, about $1.8 \times 10^{308}$."""
    exp_overflow: float
    r"""$\ln$ of `largest`: $e^{z}$ overflows to infinity for every $z$ above it (about 709.78)."""
    exp_underflow: float
    r"""$\ln$ of the smallest positive (subnormal) float64: below it $e^{z}$ rounds to 0 (about
    −744.44)."""

    @property
    def largest_mantissa(self) -> float:
        r"""`largest` as $m \times 10^{e}$: the $m$ (about 1.797)."""
        return self.largest / 10.0**self.largest_exponent

    @property
    def largest_exponent(self) -> int:
        r"""`largest` as $m \times 10^{e}$: the $e$ (308)."""
        return int(np.floor(np.log10(self.largest)))


def float64_limits() -> Float64Limits:
    r"""The float64 limits that decide when the formulas written as they stand fail.

    Returns
    -------
    Float64Limits
        From `numpy.finfo`: the largest float64 and the raw outputs beyond which $e^{z}$ overflows
        or underflows.

    Examples
    --------
    >>> lim = float64_limits()
    >>> round(lim.largest_mantissa, 1), lim.largest_exponent, round(lim.exp_overflow, 2)
    (1.8, 308, 709.78)
    >>> round(lim.exp_underflow, 2)
    -744.44
    """
    info = np.finfo(np.float64)
    return Float64Limits(
        largest=float(info.max),
        exp_overflow=float(np.log(info.max)),
        exp_underflow=float(np.log(info.smallest_subnormal)),
    )


def naive_softmax(logits: ArrayLike) -> NaiveResult:
    r"""$e^{z_k} / \sum_j e^{z_j}$ exactly as written, with no max subtracted.

    Parameters
    ----------
    logits : array_like, shape (K,)
        Finite raw outputs.

    Returns
    -------
    NaiveResult
        The probabilities as computed, and the events: ``"overflow in exp"`` once a raw output
        exceeds about 709.78, then ``"invalid value in divide"`` ($\infty/\infty$);
        ``"underflow in exp"`` and ``"invalid value in divide"`` ($0/0$) when all are below
        about −745.

    Examples
    --------
    >>> r = naive_softmax([1.43, -0.44, 0.23])
    >>> r.values.round(4).tolist(), r.events
    ([0.6871, 0.1059, 0.207], ())
    >>> naive_softmax([-800.0, -801.0]).events
    ('underflow in exp', 'invalid value in divide')
    """
    z = _logits(logits)
    events: list[str] = []
    e = _step(events, "exp", lambda: np.exp(z))
    total = _step(events, "the sum", lambda: np.sum(e, keepdims=True))
    p = _step(events, "divide", lambda: e / total)
    return NaiveResult(p, tuple(dict.fromkeys(events)))


def naive_cross_entropy(logits: ArrayLike, observed: int) -> NaiveResult:
    r"""$-\ln$ of the naive softmax's observed entry, as written.

    Parameters
    ----------
    logits : array_like, shape (K,)
    observed : int
        Index of the observed class.

    Returns
    -------
    NaiveResult
        ``values`` has one entry, the cross entropy as computed.

    Examples
    --------
    >>> r = naive_cross_entropy([0.0, 800.0], 0)  # exp(800) overflows, so p_0 = 1/∞ = 0
    >>> r.events
    ('overflow in exp', 'invalid value in divide', 'divide by zero in log')
    >>> r = naive_cross_entropy([-800.0, 0.0], 0)  # exp(-800) underflows: p_0 = 0, ln 0
    >>> r.events, r.finite
    (('underflow in exp', 'divide by zero in log'), False)
    """
    z = _logits(logits)
    c = _observed(observed, z.shape[0])
    soft = naive_softmax(z)
    events = list(soft.events)
    ce = _step(events, "log", lambda: -np.log(soft.values[c : c + 1]))
    return NaiveResult(ce, tuple(dict.fromkeys(events)))


def _observed(value: object, k: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"observed must be a class index (int), got {type(value).__name__}")
    if not 0 <= int(value) < k:
        raise ValueError(f"observed must lie in 0 .. {k - 1}, got {value}")
    return int(value)


class FormComparison(NamedTuple):
    """One flower's softmax and cross entropy, naive and stable, side by side."""

    logits: NDArray[np.float64]
    observed: int
    naive_probabilities: NaiveResult
    naive_cross_entropy: NaiveResult
    probabilities: NDArray[np.float64]
    """``crossentropy.softmax`` (max subtracted): always finite."""
    cross_entropy: float
    """$-$``log_softmax``$[c]$ (log-sum-exp): always finite."""


def compare_forms(logits: ArrayLike, observed: int) -> FormComparison:
    r"""The naive formulas beside the package's max-subtracted softmax and log-softmax cross entropy.

    Parameters
    ----------
    logits : array_like, shape (K,)
    observed : int

    Returns
    -------
    FormComparison

    Examples
    --------
    Shifting the corner flower's raw outputs (1.43, −0.44, 0.23) up by 1000 changes no
    probability; the naive form breaks, the stable one does not:

    >>> r = compare_forms([1001.43, 999.56, 1000.23], 0)
    >>> r.naive_probabilities.finite, r.probabilities.round(4).tolist(), round(r.cross_entropy, 4)
    (False, [0.6871, 0.1059, 0.207], 0.3752)
    """
    z = _logits(logits)
    c = _observed(observed, z.shape[0])
    return FormComparison(
        z.copy(),
        c,
        naive_softmax(z),
        naive_cross_entropy(z, c),
        softmax(z).astype(np.float64),
        float(-log_softmax(z)[c]),
    )


def _shown(value: float, digits: int) -> str:
    """A computed value as a page shows it: numbers by `fmt`, an infinity as ∞, NaN in words."""
    if np.isnan(value):
        return "not a number"
    if np.isinf(value):
        return "∞" if value > 0 else "−∞"
    return fmt(value, digits)


def _shown_all(values: NDArray[np.float64], digits: int) -> str:
    """Several values as `_shown` writes them, or one phrase when none is a number."""
    if np.all(np.isnan(values)):
        return "not a number, all of them"
    return ", ".join(_shown(v, digits) for v in values.tolist())


def forms_table(cases: Sequence[tuple[ArrayLike, int]], digits: int = 4) -> str:
    r"""A Markdown table: for each flower's raw outputs, the naive and the stable softmax and cross entropy.

    Parameters
    ----------
    cases : sequence of (array_like, int)
        Raw outputs and the observed class of each row.
    digits : int, default 4

    Returns
    -------
    str
        Columns: raw outputs, naive probabilities, naive cross entropy, what the floating-point
        flags reported, stable probabilities, stable cross entropy. Non-finite results are
        written ∞ or "not a number".

    Examples
    --------
    >>> print(forms_table([([1000.0, 0.0], 0)], digits=2).splitlines()[-1])
    | 1000.00, 0.00 | not a number, 0.00 | not a number | overflow in exp; invalid value in divide | 1.00, 0.00 | 0.00 |
    >>> print(forms_table([([1000.0, 999.0], 0)], digits=2).splitlines()[-1].split(" | ")[1])
    not a number, all of them
    """
    if isinstance(cases, (str, bytes)) or not isinstance(cases, Sequence) or not cases:
        raise TypeError("cases must be a non-empty sequence of (logits, observed) pairs")
    rows = []
    for i, case in enumerate(cases):
        if not isinstance(case, tuple) or len(case) != 2:
            raise TypeError(f"cases[{i}] must be a (logits, observed) pair")
        r = compare_forms(*case)
        rows.append([
            ", ".join(fmt(v, 2) for v in r.logits.tolist()),
            _shown_all(r.naive_probabilities.values, digits),
            _shown(float(r.naive_cross_entropy.values[0]), digits),
            "; ".join(r.naive_cross_entropy.events) or "nothing",
            ", ".join(fmt(v, digits) for v in r.probabilities.tolist()),
            fmt(r.cross_entropy, digits),
        ])  # fmt: skip
    header = [
        "raw outputs $z$", "naive $e^{z}/\\sum e^{z}$", "naive $-\\ln p_c$", "floating-point events",
        "softmax (max subtracted)", "cross entropy (log-sum-exp)",
    ]  # fmt: skip
    return md_table(header, rows, align="llllll")
