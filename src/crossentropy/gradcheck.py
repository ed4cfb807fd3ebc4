r"""Numerical gradient checks by central differences.

A derivative worked out by hand is checked against

$$\frac{\partial f}{\partial x_i} \approx \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon},$$

whose error shrinks like $\varepsilon^2$ until rounding error, about $10^{-16}/\varepsilon$,
takes over. The two balance at $\varepsilon^\ast = (3u|f|/|f'''|)^{1/3} \approx 7 \cdot 10^{-6}$
for the unit roundoff $u \approx 1.1 \cdot 10^{-16}$ and $f$, $f'''$ of order 1
(`crossentropy.finite_differences.optimal_step`), so an $\varepsilon$ of about $10^{-5}$ to
$10^{-6}$ balances the two; on the Setosa flower's cross entropy as a function of $b_3$ the
smallest measured error, four steps per decade, is at $\varepsilon \approx 1.8 \cdot 10^{-5}$
(`crossentropy.finite_differences.setosa_step_errors`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .network import PARAMETER_NAMES, IrisNetwork

__all__ = ["numerical_gradient", "relative_error", "GradientCheck", "check_network_gradients"]


def numerical_gradient(
    f: Callable[[NDArray[np.float64]], float], x: ArrayLike, eps: float = 1e-6
) -> NDArray[np.float64]:
    r"""Central-difference gradient of a scalar function `f` at `x`.

    Parameters
    ----------
    f : callable
        Takes a float64 array shaped like `x` and returns a real scalar. It receives a fresh
        array each call; `x` itself is never modified.
    x : array_like
        The point (a scalar or an array of any shape).
    eps : float, default 1e-6
        Half the difference step, positive.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as `x`.

    Examples
    --------
    >>> import numpy as np
    >>> from crossentropy import numerical_gradient
    >>> numerical_gradient(lambda v: float(np.sum(v**2)), [1.0, -2.0]).round(6).tolist()
    [2.0, -4.0]
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    point = _validate.float64_array(x, "x")
    h = _validate.real_number(eps, "eps", positive=True)
    grad = np.empty(point.shape, dtype=np.float64)
    for i in np.ndindex(point.shape):
        plus, minus = point.copy(), point.copy()
        with np.errstate(over="ignore"):
            plus[i] += h
            minus[i] -= h
        _validate.finite_result(np.array([plus[i], minus[i]]), "x + eps and x - eps", f"x and eps={h!r}")
        f_plus, f_minus = f(plus), f(minus)
        for name, value in (("f(x + eps)", f_plus), ("f(x - eps)", f_minus)):
            if np.ndim(value) != 0:
                raise ValueError(f"f must return a scalar, but {name} has shape {np.shape(value)}")
        with np.errstate(over="ignore", invalid="ignore"):
            grad[i] = (float(f_plus) - float(f_minus)) / 2.0 / h
    if not np.all(np.isfinite(grad)):
        raise ValueError("f returned a non-finite value near x; cannot difference it")
    return grad


def relative_error(a: ArrayLike, b: ArrayLike, floor: float = 1e-8) -> float:
    r"""Norm-wise relative error $\max_i |a_i - b_i| \,/\, \max(\max_i |a_i|, \max_i |b_i|, \text{floor})$.

    For two scalars this is the familiar $|a - b| / \max(|a|, |b|)$. For arrays the difference is
    measured against the largest entry, not entry by entry: a central difference carries an
    absolute rounding error of about $10^{-16} f / \varepsilon$, which would look huge beside a
    gradient entry of $10^{-7}$ although the gradient as a whole is right to ten digits. The
    floor keeps two tiny numbers (0 analytically, $10^{-12}$ numerically) from counting as
    100 % apart.

    Examples
    --------
    >>> from crossentropy import relative_error
    >>> f"{relative_error(1.0, 1.000001):.3e}"
    '1.000e-06'
    >>> f"{relative_error([2.0, 1e-7], [2.0, 1.1e-7]):.1e}"  # 1e-8 against the largest entry, 2
    '5.0e-09'
    """
    xa = _validate.float64_array(a, "a")
    xb = _validate.float64_array(b, "b")
    if xa.shape != xb.shape:
        raise ValueError(f"a and b must have the same shape, got {xa.shape} and {xb.shape}")
    fl = _validate.real_number(floor, "floor", positive=True)
    scale = max(float(np.max(np.abs(xa))), float(np.max(np.abs(xb))), fl)
    return float(np.max(np.abs(xa / scale - xb / scale)))  # scaled first: a - b could overflow


class GradientCheck(NamedTuple):
    """One parameter's analytic derivative beside its central difference."""

    name: str
    analytic: float
    numerical: float
    relative_error: float


def check_network_gradients(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    params: Sequence[str] = PARAMETER_NAMES,
    eps: float = 1e-6,
    reduction: str = "sum",
) -> list[GradientCheck]:
    """Compare `IrisNetwork.gradients` with central differences of `IrisNetwork.loss`.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, check_network_gradients
    >>> rows = check_network_gradients(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> len(rows), max(r.relative_error for r in rows) < 1e-6
    (15, True)
    """
    network = _validate.check_network(network)
    names = _validate.check_parameter_names(params, "params")
    analytic = network.gradients(inputs, labels, reduction=reduction)
    rows = []
    for name in names:

        def loss_at(v: NDArray[np.float64], name: str = name) -> float:
            return network.replace(**{name: float(v)}).loss(inputs, labels, reduction=reduction)

        num = float(numerical_gradient(loss_at, network.params[name], eps=eps))
        rows.append(GradientCheck(name, analytic[name], num, relative_error(analytic[name], num)))
    return rows
