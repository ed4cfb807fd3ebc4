r"""The curvature of the loss over the output biases: its Hessian, eigenvalues and what they do to descent.

Each output bias adds to one raw output, so the second derivatives of the total cross entropy
with respect to $(b_3, b_4, b_5)$ are those with respect to the raw outputs, summed over the
flowers. Differentiating $\partial\,\mathrm{CE}/\partial z_j = p_j - y_j$ once more gives the
softmax Jacobian:

$$
H = \sum_{\text{flowers}} \bigl(\operatorname{diag}(p) - p\,p^{\mathsf T}\bigr),
\qquad H_{jk} = \sum_{\text{flowers}} p_j(\delta_{jk} - p_k).
$$

Every row of $\operatorname{diag}(p) - p p^{\mathsf T}$ sums to $p_j - p_j \sum_k p_k = 0$, so
$H\,(1, 1, 1)^{\mathsf T} = 0$: the direction that shifts all three raw outputs equally has zero
curvature (softmax ignores it). Near a minimum, one step of gradient descent with learning rate
$\eta$ multiplies the distance along the eigenvector of eigenvalue $\lambda$ by $1 - \eta\lambda$;
the factor closest to $\pm 1$ sets the pace, and components with different factors die out at
different rates, which is why the path bends.

With $b_5$ fixed the Hessian is the top-left $2 \times 2$ block of $H$; its eigenvalues are not
those of $H$, because moving $(b_3, b_4)$ together is partly a move along the flat direction
$(1, 1, 1)$.

Examples
--------
>>> from crossentropy import IrisNetwork, TRAINING_DATA
>>> from crossentropy.curvature import valley_shape
>>> v = valley_shape(IrisNetwork(), TRAINING_DATA.inputs, TRAINING_DATA.labels)
>>> v.eigenvalues.round(4).tolist(), v.null_directions.round(4).tolist()
([0.0, 0.8648, 0.9127], [[0.5774, 0.5774, 0.5774]])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .chain import OUTPUT_BIASES
from .descent import DescentResult
from .formatting import fmt, md_table
from .network import PARAMETER_NAMES, IrisNetwork

__all__ = [
    "ValleyShape",
    "gradient_components",
    "network_hessian",
    "output_bias_hessian",
    "sharpest_curvature",
    "valley_components_table",
    "valley_shape",
]

#: Eigenvalues below this (relative to the largest) count as zero: the flat direction.
_ZERO = 1e-12


def _biases(params: Sequence[str]) -> list[int]:
    if isinstance(params, str) or not isinstance(params, Sequence):
        raise TypeError(f"params must be a sequence of output-bias names, got {type(params).__name__}")
    names = list(params)
    if not names or len(set(names)) != len(names) or any(n not in OUTPUT_BIASES for n in names):
        raise ValueError(f"params must be distinct names from {OUTPUT_BIASES}, got {tuple(names)}")
    return [OUTPUT_BIASES.index(n) for n in names]


def output_bias_hessian(
    network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike, params: Sequence[str] = OUTPUT_BIASES
) -> NDArray[np.float64]:
    r"""$\partial^2 (\text{total CE}) / \partial b_j \partial b_k$ for the output biases in `params`.

    Parameters
    ----------
    network : IrisNetwork
    inputs : array_like, shape (N, 2)
    labels : array_like of int, shape (N,)
        Not needed by the formula (the curvature of cross entropy does not depend on which
        species was observed) but checked, so that the call reads like the loss it belongs to.
    params : sequence of str, default ("b3", "b4", "b5")

    Returns
    -------
    numpy.ndarray of float64, shape (len(params), len(params))
        Symmetric, positive semi-definite.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> output_bias_hessian(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, ("b3",)).round(
    ...     4
    ... ).tolist()
    [[0.2011]]
    """
    net = _validate.check_network(network)
    x, _ = _validate.check_batch(inputs, labels)
    chosen = _biases(params)
    p = net.forward(x).probabilities  # (N, 3)
    h = np.diag(p.sum(axis=0)) - p.T @ p
    return h[np.ix_(chosen, chosen)].astype(np.float64)


class ValleyShape(NamedTuple):
    """The Hessian over some output biases, its eigen-decomposition and descent's factors."""

    params: tuple[str, ...]
    hessian: NDArray[np.float64]
    eigenvalues: NDArray[np.float64]
    """Ascending; an eigenvalue within rounding of 0 is reported as exactly 0."""
    eigenvectors: NDArray[np.float64]
    """Column ``k`` belongs to ``eigenvalues[k]``; sign fixed so its largest entry is positive."""
    learning_rate: float

    @property
    def curved(self) -> NDArray[np.float64]:
        """The non-zero eigenvalues."""
        return self.eigenvalues[self.eigenvalues > 0.0]

    @property
    def null_directions(self) -> NDArray[np.float64]:
        """Unit vectors (rows) along which the loss has no curvature at all."""
        return self.eigenvectors[:, self.eigenvalues == 0.0].T

    @property
    def condition_number(self) -> float:
        """Largest over smallest non-zero eigenvalue: how elongated the valley is."""
        curved = self.curved
        return float(curved[-1] / curved[0])

    @property
    def factors(self) -> NDArray[np.float64]:
        r"""$1 - \eta\lambda$ for each non-zero eigenvalue: what one step does to that component."""
        return 1.0 - self.learning_rate * self.curved

    @property
    def slowest_factor(self) -> float:
        r"""The factor largest in size: the rate at which descent closes in, near this point."""
        return float(np.max(np.abs(self.factors)))


def valley_shape(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    params: Sequence[str] = OUTPUT_BIASES,
    learning_rate: float = 1.0,
) -> ValleyShape:
    r"""The Hessian over `params` at `network`, with eigenvalues, eigenvectors and descent factors.

    Examples
    --------
    At the end of Part 7's two descents: with all three biases free the two curved directions
    have almost equal curvature; with $b_5$ fixed, one direction is three times flatter.

    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent
    >>> x, y = TRAINING_DATA.inputs, TRAINING_DATA.labels
    >>> end = gradient_descent(IrisNetwork(b3=-2.0), x, y, params=("b3", "b4")).network
    >>> three, two = valley_shape(end, x, y), valley_shape(end, x, y, ("b3", "b4"))
    >>> three.curved.round(3).tolist(), round(three.slowest_factor, 3)
    ([0.882, 0.898], 0.118)
    >>> two.eigenvalues.round(3).tolist(), round(two.slowest_factor, 3), round(two.condition_number, 2)
    ([0.296, 0.891], 0.704, 3.01)
    """
    eta = _validate.real_number(learning_rate, "learning_rate", positive=True)
    names = tuple(params) if isinstance(params, Sequence) and not isinstance(params, str) else params
    h = output_bias_hessian(network, inputs, labels, names)  # validates the rest
    values, vectors = np.linalg.eigh(h)
    scale = max(float(np.max(np.abs(values))), 1e-300)
    values = np.where(np.abs(values) <= _ZERO * scale, 0.0, values)
    signs = np.sign(vectors[np.argmax(np.abs(vectors), axis=0), np.arange(vectors.shape[1])])
    vectors = vectors * np.where(signs == 0, 1.0, signs)
    return ValleyShape(tuple(names), h, values, vectors, eta)


def gradient_components(result: DescentResult, vectors: ArrayLike) -> NDArray[np.float64]:
    r"""Each step's slope vector expressed along the given directions (the columns of `vectors`).

    Parameters
    ----------
    result : DescentResult
        A descent over some parameters (with its history recorded).
    vectors : array_like, shape (P, M)
        One direction per column, in the order of the descent's parameters (for example
        `ValleyShape.eigenvectors`).

    Returns
    -------
    numpy.ndarray of float64, shape (steps, M)
        Row $i$ is $V^{\mathsf T} g_i$ for the slope $g_i$ at the start of step $i + 1$.

    Examples
    --------
    >>> import numpy as np
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent
    >>> run = gradient_descent(
    ...     IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, params=("b3", "b4")
    ... )
    >>> gradient_components(run, np.eye(2))[0].round(4).tolist()  # the slopes themselves
    [-0.7732, 0.3094]
    """
    run = _validate.instance(result, DescentResult, "result")
    if not run.history:
        raise ValueError("result must hold at least one recorded step")
    names = tuple(run.history[0].slopes)
    v = _validate.float64_array(vectors, "vectors", ndim=2)
    if v.shape[0] != len(names):
        raise ValueError(f"vectors must have {len(names)} rows, one per parameter {names}, got {v.shape[0]}")
    slopes = np.array([[s.slopes[n] for n in names] for s in run.history], dtype=np.float64)
    return slopes @ v


def valley_components_table(
    result: DescentResult, inputs: ArrayLike, labels: ArrayLike, digits: int = 4
) -> str:
    r"""A Markdown table of a two-bias descent's slopes along the eigenvectors of the Hessian at its end.

    One row per step: the slope vector, its component along the shallow and along the steep
    eigenvector, and the direction of the step in degrees (the angle of $-$slope in the plane of
    the two parameters, measured from the first parameter's axis).

    Parameters
    ----------
    result : DescentResult
        A descent over two output biases, with its history.
    inputs, labels : array_like
        The flowers the descent was run on.
    digits : int, default 4

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent
    >>> x, y = TRAINING_DATA.inputs, TRAINING_DATA.labels
    >>> run = gradient_descent(IrisNetwork(b3=-2.0), x, y, params=("b3", "b4"))
    >>> print(valley_components_table(run, x, y).splitlines()[2])
    | 1 | (−0.7732, 0.3094) | −0.3336 | 0.7631 | −22 |
    """
    run = _validate.instance(result, DescentResult, "result")
    names = tuple(run.history[0].slopes) if run.history else ()
    if len(names) != 2:
        raise ValueError("result must be a descent over two output biases, with its history recorded")
    shape = valley_shape(run.network, inputs, labels, names)
    parts = gradient_components(run, shape.eigenvectors)
    rows = []
    for step, (shallow, steep) in zip(run.history, parts.tolist()):
        g = [step.slopes[n] for n in names]
        angle = float(np.degrees(np.arctan2(-g[1], -g[0])))
        rows.append([step.index, "(" + ", ".join(fmt(v, digits) for v in g) + ")", fmt(shallow, digits),
                     fmt(steep, digits), fmt(angle, 0)])  # fmt: skip
    a, b = (f"$b_{n[1:]}$" for n in names)
    header = ["step", f"slope ({a}, {b})", "along the shallow direction", "along the steep direction",
              "direction of the step (°)"]  # fmt: skip
    return md_table(header, rows, align="rrrrr")


def network_hessian(
    network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike, reduction: str = "mean", eps: float = 1e-5
) -> NDArray[np.float64]:
    r"""The 15 × 15 Hessian of the cross entropy over all parameters, by central differences of the gradient.

    Column $j$ is $[\nabla L(\theta + \varepsilon e_j) - \nabla L(\theta - \varepsilon e_j)] / 2\varepsilon$
    with the exact (backpropagated) gradient, symmetrised. Where no flower sits within
    $\varepsilon$ of a ReLU kink the loss is smooth and the error is of order $\varepsilon^2$.

    Parameters
    ----------
    network : IrisNetwork
    inputs : array_like, shape (N, 2)
    labels : array_like of int, shape (N,)
    reduction : {"mean", "sum"}, default "mean"
    eps : float, default 1e-5

    Returns
    -------
    numpy.ndarray of float64, shape (15, 15)
        Rows and columns in the order of `PARAMETER_NAMES`.

    Examples
    --------
    The output-bias block is the closed form of `output_bias_hessian`:

    >>> import numpy as np
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> x, y = TRAINING_DATA.inputs, TRAINING_DATA.labels
    >>> h = network_hessian(IrisNetwork(b3=-2.0), x, y, reduction="sum")
    >>> bool(np.allclose(h[12:, 12:], output_bias_hessian(IrisNetwork(b3=-2.0), x, y), atol=1e-8))
    True
    """
    net = _validate.check_network(network)
    how = _validate.sum_or_mean(reduction, "network_hessian")
    h = _validate.real_number(eps, "eps", positive=True)
    x, y = _validate.check_batch(inputs, labels)
    theta = net.to_vector()
    columns = []
    for j in range(theta.shape[0]):
        step = np.zeros_like(theta)
        step[j] = h
        up = net.with_vector(PARAMETER_NAMES, theta + step).gradients(x, y, reduction=how)
        down = net.with_vector(PARAMETER_NAMES, theta - step).gradients(x, y, reduction=how)
        columns.append([(up[n] - down[n]) / (2.0 * h) for n in PARAMETER_NAMES])
    hessian = np.array(columns, dtype=np.float64).T
    return (hessian + hessian.T) / 2.0


def sharpest_curvature(
    network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike, reduction: str = "mean"
) -> float:
    r"""The largest eigenvalue of `network_hessian`: the curvature of the steepest direction of the valley.

    Gradient descent with learning rate $\eta$ can only settle where this is below $2/\eta$
    (Part 6's condition $\eta c < 2$, in the steepest direction).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> round(sharpest_curvature(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, "sum"), 2)
    55.17
    """
    return float(np.linalg.eigvalsh(network_hessian(network, inputs, labels, reduction))[-1])
