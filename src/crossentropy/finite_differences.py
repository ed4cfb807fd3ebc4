r"""Gradient checking done right: the step size of a difference quotient, and ReLU's kink.

A difference quotient has two errors that pull the step $\varepsilon$ in opposite directions:

* **truncation**, from the Taylor series: $\frac{f(x+\varepsilon) - f(x-\varepsilon)}{2\varepsilon}
  = f'(x) + \frac{f'''(x)}{6}\varepsilon^2 + \dots$ for the central difference, and
  $\frac{f(x+\varepsilon) - f(x)}{\varepsilon} = f'(x) + \frac{f''(x)}{2}\varepsilon + \dots$ for
  the forward one; it shrinks with $\varepsilon$;
* **rounding**: each value of $f$ carries an error of about $u\,|f|$ ($u = 2^{-53} \approx 1.1
  \times 10^{-16}$, float64's unit roundoff), and dividing the difference by $\varepsilon$ magnifies it
  to about $u\,|f| / \varepsilon$; it grows as $\varepsilon$ shrinks.

Their sum is smallest at $\varepsilon^\ast = (3u|f|/|f'''|)^{1/3}$ for the central difference
(around $10^{-5}$ to $10^{-6}$ for functions of order 1, error about $10^{-11}$) and
$\varepsilon^\ast = 2\sqrt{u|f|/|f''|}$ for the forward one (around $10^{-8}$, error about
$10^{-8}$). Smaller is not better.

At a kink the derivative does not exist, and a difference quotient straddling it returns neither
one-sided slope: the central difference gives their average. The package takes
$\mathrm{ReLU}'(0) = 0$ (`IrisNetwork.gradients`, `gradients_reference`: a hidden node passes
its error signal back only where its sum is $> 0$), the left derivative; any value between 0 and
1 would be a valid subgradient.

Examples
--------
>>> from crossentropy.finite_differences import setosa_step_errors
>>> errors = setosa_step_errors([1e-2, 1e-5, 1e-12])  # too large, about right, too small
>>> bool(errors.central[1] < 1e-10 < 1e-7 < errors.central[0]), bool(errors.central[2] > 1e-7)
(True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .data import TRAINING_DATA
from .network import IrisNetwork

__all__ = [
    "STEP_GRID",
    "UNIT_ROUNDOFF",
    "KinkCheck",
    "StepErrors",
    "kink_check",
    "kink_flowers",
    "optimal_step",
    "predicted_error",
    "setosa_step_errors",
    "step_errors",
]

UNIT_ROUNDOFF = float(np.finfo(np.float64).eps) / 2.0
"""$u = 2^{-53}$: the largest relative error of rounding one real number to float64."""

STEP_GRID = np.logspace(-13.0, -1.0, 49)
"""Step sizes from $10^{-13}$ to $10^{-1}$, four per decade: the default of `setosa_step_errors`."""
STEP_GRID.setflags(write=False)

_SCHEMES = ("central", "forward")


class StepErrors(NamedTuple):
    """Absolute errors of the central and forward differences at each step size."""

    eps: NDArray[np.float64]
    central: NDArray[np.float64]
    forward: NDArray[np.float64]

    def best(self, scheme: str = "central") -> tuple[float, float]:
        """The step size with the smallest error for `scheme`, and that error.

        Examples
        --------
        >>> e = setosa_step_errors([1e-3, 1e-6, 1e-8, 1e-11])
        >>> e.best("central")[0], e.best("forward")[0]
        (1e-06, 1e-08)
        """
        errors = self.central if _scheme(scheme) == "central" else self.forward
        i = int(np.argmin(errors))
        return float(self.eps[i]), float(errors[i])


def _scheme(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"scheme must be one of {_SCHEMES}, got {type(value).__name__}")
    if value not in _SCHEMES:
        raise ValueError(f"scheme must be one of {_SCHEMES}, got {value!r}")
    return value


def _steps(eps: ArrayLike) -> NDArray[np.float64]:
    steps = _validate.float64_array(eps, "eps", ndim=1)
    if np.any(steps <= 0.0):
        raise ValueError("eps must hold positive step sizes")
    return steps


def step_errors(f: Callable[[float], float], x: float, exact: float, eps: ArrayLike) -> StepErrors:
    r"""$|$difference quotient $- f'(x)|$ of both schemes at each step size in `eps`.

    Parameters
    ----------
    f : callable
        A real function of one real variable.
    x : float
        The point.
    exact : float
        The true derivative $f'(x)$ (from a closed form).
    eps : array_like, shape (M,)
        Positive step sizes.

    Returns
    -------
    StepErrors

    Examples
    --------
    >>> import math
    >>> e = step_errors(math.exp, 0.0, 1.0, [1e-4])  # central: e^0 * eps^2 / 6
    >>> f"{e.central[0]:.2e}", f"{e.forward[0]:.2e}"
    ('1.67e-09', '5.00e-05')
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    x0 = _validate.real_number(x, "x")
    d = _validate.real_number(exact, "exact")
    steps = _steps(eps)
    f0 = float(f(x0))
    central, forward = [], []
    for h in steps.tolist():
        plus, minus = float(f(x0 + h)), float(f(x0 - h))
        central.append(abs((plus - minus) / (2.0 * h) - d))
        forward.append(abs((plus - f0) / h - d))
    out = StepErrors(steps.copy(), np.array(central), np.array(forward))
    _validate.finite_result(
        np.concatenate([out.central, out.forward]), "the difference quotients", "f, x and eps"
    )
    return out


def setosa_step_errors(eps: ArrayLike = STEP_GRID, b3: float = -2.0) -> StepErrors:
    r"""`step_errors` for the Setosa flower's cross entropy as a function of $b_3$ (Part 3's check).

    The exact derivative is $p_{\text{Setosa}} - 1$.

    Parameters
    ----------
    eps : array_like, shape (M,), default `STEP_GRID`
        Positive step sizes.
    b3 : float, default -2.0
        Where to differentiate.

    Returns
    -------
    StepErrors

    Examples
    --------
    >>> e = setosa_step_errors([1e-1, 1e-2])  # truncation: each tenth of the step, a hundredth of the error
    >>> round(float(e.central[0] / e.central[1]))
    100
    """
    b = _validate.real_number(b3, "b3")
    net = IrisNetwork(b3=b)
    x, y = TRAINING_DATA.inputs[:1], TRAINING_DATA.labels[:1]
    exact = float(net.forward(x[0]).probabilities[0]) - 1.0
    return step_errors(lambda v: net.replace(b3=v).loss(x, y), b, exact, eps)


def predicted_error(
    eps: ArrayLike, value: float, derivative: float, scheme: str = "central"
) -> NDArray[np.float64]:
    r"""The error model: truncation plus rounding, $\frac{|f'''|}{6}\varepsilon^2 + \frac{u|f|}{\varepsilon}$ (central)
    or $\frac{|f''|}{2}\varepsilon + \frac{2u|f|}{\varepsilon}$ (forward).

    Parameters
    ----------
    eps : array_like, shape (M,)
    value : float
        $f(x)$.
    derivative : float
        $f'''(x)$ for ``"central"``, $f''(x)$ for ``"forward"``.
    scheme : {"central", "forward"}, default "central"

    Examples
    --------
    >>> f"{predicted_error([1e-5], 1.0, 1.0)[0]:.2e}"
    '2.78e-11'
    """
    steps = _steps(eps)
    f = abs(_validate.real_number(value, "value"))
    d = abs(_validate.real_number(derivative, "derivative"))
    if _scheme(scheme) == "central":
        return d / 6.0 * steps**2 + UNIT_ROUNDOFF * f / steps
    return d / 2.0 * steps + 2.0 * UNIT_ROUNDOFF * f / steps


def optimal_step(value: float, derivative: float, scheme: str = "central") -> float:
    r"""Where `predicted_error` is smallest: $(3u|f|/|f'''|)^{1/3}$ or $2\sqrt{u|f|/|f''|}$.

    Examples
    --------
    >>> f"{optimal_step(1.0, 1.0):.1e}", f"{optimal_step(1.0, 1.0, 'forward'):.1e}"
    ('6.9e-06', '2.1e-08')
    """
    f = abs(_validate.real_number(value, "value"))
    d = abs(_validate.real_number(derivative, "derivative"))
    if f == 0.0 or d == 0.0:
        raise ValueError("value and derivative must be non-zero for the error model to have a minimum")
    if _scheme(scheme) == "central":
        return float((3.0 * UNIT_ROUNDOFF * f / d) ** (1.0 / 3.0))
    return float(2.0 * np.sqrt(UNIT_ROUNDOFF * f / d))


class KinkCheck(NamedTuple):
    """One flower's derivative with respect to a hidden bias placed exactly at the ReLU's kink."""

    bias: str
    """``"b1"`` (top node) or ``"b2"`` (bottom node)."""
    value: float
    """The bias value that puts the node's sum exactly at 0 for the flower."""
    analytic: float
    """`IrisNetwork.gradients` there: the convention $\\mathrm{ReLU}'(0) = 0$."""
    left: float
    """Backward difference: the slope with the node switched off (0)."""
    right: float
    """Forward difference: the slope with the node switched on."""
    central: float
    """Central difference: it straddles the kink and gives about the average of the two."""


def kink_check(
    network: IrisNetwork | None = None, flower: int = 0, bias: str = "b1", eps: float = 1e-6
) -> KinkCheck:
    r"""Put one training flower exactly on a hidden node's kink and difference the loss there.

    Sets `bias` so that the node's sum is exactly 0 at the flower, then compares the package's
    derivative with the backward, forward and central differences of that flower's cross
    entropy with respect to the bias.

    Parameters
    ----------
    network : IrisNetwork or None, default None
        The other parameters (StatQuest's values by default).
    flower : int, default 0
        Index into `TRAINING_DATA`.
    bias : {"b1", "b2"}, default "b1"
        The top or bottom node's bias.
    eps : float, default 1e-6

    Returns
    -------
    KinkCheck

    Examples
    --------
    >>> k = kink_check()
    >>> k.analytic, round(k.left, 6), round(k.right, 4), round(k.central, 4)
    (0.0, 0.0, -1.9759, -0.9879)
    """
    net = IrisNetwork() if network is None else _validate.check_network(network)
    i = _validate.integer(flower, "flower", minimum=0)
    if i >= len(TRAINING_DATA):
        raise ValueError(f"flower must lie in 0 .. {len(TRAINING_DATA) - 1}, got {i}")
    if bias not in ("b1", "b2"):
        raise ValueError(f"bias must be 'b1' or 'b2', got {bias!r}")
    h = _validate.real_number(eps, "eps", positive=True)
    x, y = TRAINING_DATA.inputs[i : i + 1], TRAINING_DATA.labels[i : i + 1]
    petal, sepal = x[0].tolist()
    w = net.params
    wp, ws = (w["w1"], w["w2"]) if bias == "b1" else (w["w3"], w["w4"])
    at = -(wp * petal + ws * sepal)  # the node's sum is then exactly 0 (same rounding as the forward pass)
    kinked = net.replace(**{bias: at})
    node = 0 if bias == "b1" else 1
    if kinked.forward(x).hidden_sums[0, node] != 0.0:  # pragma: no cover - guards the rounding argument
        raise ValueError(f"could not place flower {i} exactly on the kink of {bias}")

    def loss(v: float) -> float:
        return kinked.replace(**{bias: v}).loss(x, y)

    f0, plus, minus = loss(at), loss(at + h), loss(at - h)
    return KinkCheck(
        bias, at, kinked.gradients(x, y)[bias], (f0 - minus) / h, (plus - f0) / h, (plus - minus) / (2.0 * h)
    )


def kink_flowers(network: IrisNetwork, inputs: ArrayLike, eps: float = 1e-6) -> list[tuple[int, int]]:
    r"""The flowers whose hidden sum lies within `eps` of a ReLU kink: ``(flower index, node)`` pairs.

    A central difference with step `eps` in a parameter of that node straddles the kink for such
    a flower (if the parameter moves the sum by about `eps` or more), and then disagrees with
    backpropagation. Node 0 is the top node ($u$), node 1 the bottom node ($d$).

    Examples
    --------
    Two Versicolor flowers of the Iris data, both at petal width 0.5 and sepal width 0.125, sit
    on the bottom node's kink of StatQuest's network: $-1.5 \cdot 0.5 + 0.4 \cdot 0.125 + 0.7 = 0$.

    >>> from crossentropy import IrisNetwork, load_iris
    >>> iris = load_iris()
    >>> found = kink_flowers(IrisNetwork(), iris.inputs)
    >>> [(iris.inputs[i].round(6).tolist(), node) for i, node in found]
    [([0.5, 0.125], 1), ([0.5, 0.125], 1)]
    """
    net = _validate.check_network(network)
    x = _validate.float64_array(inputs, "inputs", ndim=2, last_dim=2)
    h = _validate.real_number(eps, "eps", positive=True)
    rows, nodes = np.nonzero(np.abs(net.forward(x).hidden_sums) < h)
    return [(int(i), int(j)) for i, j in zip(rows, nodes)]
