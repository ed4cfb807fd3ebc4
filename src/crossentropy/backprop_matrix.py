r"""Backpropagation in matrix form, next to the per-parameter chain rule.

Stack the $N$ flowers as rows: inputs $X$ ($N \times 2$), hidden sums
$S = X W_1^{\mathsf T} + b_{\text{hid}}$ with $W_1 = \begin{pmatrix} w_1 & w_2\\ w_3 & w_4\end{pmatrix}$,
hidden outputs $A = \mathrm{ReLU}(S)$, raw outputs $Z = A W_2^{\mathsf T} + b_{\text{out}}$ with
$W_2 = \begin{pmatrix} w_5 & w_6\\ w_7 & w_8\\ w_9 & w_{10}\end{pmatrix}$, probabilities
$P = \mathrm{softmax}(Z)$ row by row and the one-hot observations $Y$. For the total cross
entropy:

$$
\begin{aligned}
\Delta_{\text{out}} &= P - Y && (N \times 3)\\
\nabla W_2 &= \Delta_{\text{out}}^{\mathsf T} A,
  \quad \nabla b_{\text{out}} = \mathbf 1^{\mathsf T}\Delta_{\text{out}}\\
\Delta_{\text{hid}} &= (\Delta_{\text{out}} W_2) \odot [S > 0] && (N \times 2)\\
\nabla W_1 &= \Delta_{\text{hid}}^{\mathsf T} X, \quad \nabla b_{\text{hid}} = \mathbf 1^{\mathsf T}\Delta_{\text{hid}}
\end{aligned}
$$

Each weight gradient is a sum of outer products, one per flower: the error signal $\delta$ at a
layer's outputs times the values that entered the layer. The entry $(\nabla W_2)_{11}$ is
$\sum_i \delta_{\text{Se},i}\,\mathrm{ReLU}(u_i) = \partial(\text{total CE})/\partial w_5$, the
per-parameter chain rule of Part 8; $[S > 0]$ is the ReLU mask ($\mathrm{ReLU}'(0) = 0$).

Examples
--------
>>> from crossentropy import IrisNetwork, TRAINING_DATA
>>> from crossentropy.backprop_matrix import backprop_matrices
>>> m = backprop_matrices(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
>>> m.delta_out.round(4).tolist()[0]  # the Setosa flower: p - y
[-0.8491, 0.3966, 0.4525]
>>> m.mask.tolist()  # (1.00, 0.54) switches both hidden nodes off
[[True, True], [False, False], [True, True]]
>>> round(m.gradients()["w5"], 4), round(m.gradients()["b3"], 4)
(-1.4643, -0.7732)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .loss import one_hot
from .network import PARAMETER_NAMES, IrisNetwork

__all__ = ["BackpropMatrices", "backprop_matrices", "flower_deltas"]


@dataclass(frozen=True)
class BackpropMatrices:
    """Every matrix of one forward and one backward pass over a batch (rows are flowers)."""

    inputs: NDArray[np.float64]
    """$X$, (N, 2)."""
    w_hidden: NDArray[np.float64]
    """$W_1$, (2, 2): row 0 feeds the top node ($w_1, w_2$), row 1 the bottom node ($w_3, w_4$)."""
    w_out: NDArray[np.float64]
    """$W_2$, (3, 2): row k feeds raw output k ($w_5, w_6$ / $w_7, w_8$ / $w_9, w_{10}$)."""
    sums: NDArray[np.float64]
    """$S$, (N, 2): $u$ and $d$."""
    hidden: NDArray[np.float64]
    """$A = \\mathrm{ReLU}(S)$, (N, 2)."""
    probabilities: NDArray[np.float64]
    """$P$, (N, 3)."""
    targets: NDArray[np.float64]
    """$Y$, (N, 3), one-hot."""
    delta_out: NDArray[np.float64]
    """$\\Delta_{\\text{out}} = P - Y$, (N, 3)."""
    mask: NDArray[np.bool_]
    """$[S > 0]$, (N, 2)."""
    delta_hidden: NDArray[np.float64]
    """$\\Delta_{\\text{hid}} = (\\Delta_{\\text{out}} W_2) \\odot [S > 0]$, (N, 2)."""
    grad_w_out: NDArray[np.float64]
    """$\\Delta_{\\text{out}}^{\\mathsf T} A$, (3, 2)."""
    grad_w_hidden: NDArray[np.float64]
    """$\\Delta_{\\text{hid}}^{\\mathsf T} X$, (2, 2)."""

    def gradients(self) -> dict[str, float]:
        """The 15 derivatives of the total cross entropy, named as in `PARAMETER_NAMES`."""
        values = np.concatenate([
            self.grad_w_hidden.ravel(), self.grad_w_out.ravel(),
            self.delta_hidden.sum(axis=0), self.delta_out.sum(axis=0),
        ])  # fmt: skip
        return dict(zip(PARAMETER_NAMES, values.tolist()))

    def outer_products(self, layer: str = "out") -> NDArray[np.float64]:
        r"""The per-flower terms whose sum is a weight gradient: $\delta_i a_i^{\mathsf T}$, $\delta_i x_i^{\mathsf T}$.

        Parameters
        ----------
        layer : {"out", "hidden"}, default "out"

        Returns
        -------
        numpy.ndarray of float64, shape (N, 3, 2) or (N, 2, 2)

        Examples
        --------
        >>> from crossentropy import IrisNetwork, TRAINING_DATA
        >>> m = backprop_matrices(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
        >>> m.outer_products("out")[1].tolist()  # the flower whose hidden nodes are off adds nothing
        [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]
        """
        if layer == "out":
            return np.asarray(np.einsum("nk,nj->nkj", self.delta_out, self.hidden), dtype=np.float64)
        if layer == "hidden":
            return np.asarray(np.einsum("nj,ni->nji", self.delta_hidden, self.inputs), dtype=np.float64)
        raise ValueError(f"layer must be 'out' or 'hidden', got {layer!r}")


def backprop_matrices(network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike) -> BackpropMatrices:
    r"""One forward and backward pass written as the matrix products above (total cross entropy).

    Parameters
    ----------
    network : IrisNetwork
    inputs : array_like, shape (N, 2)
    labels : array_like of int, shape (N,)

    Returns
    -------
    BackpropMatrices

    Raises
    ------
    ValueError
        Bad arguments, or overflow (as for `IrisNetwork.forward`).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> m = backprop_matrices(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> m.grad_w_out.round(4).tolist()  # rows: Setosa, Versicolor, Virginica; columns: top, bottom node
    [[-1.4643, -0.6821], [0.4965, 0.2865], [0.9678, 0.3956]]
    """
    net = _validate.check_network(network)
    x, y = _validate.check_batch(inputs, labels)
    w = net.params
    w1 = np.array([[w["w1"], w["w2"]], [w["w3"], w["w4"]]])
    w2 = np.array([[w["w5"], w["w6"]], [w["w7"], w["w8"]], [w["w9"], w["w10"]]])
    fp = net.forward(x)  # the forward pass (validated, overflow reported)
    targets = one_hot(y, 3)
    delta_out = fp.probabilities - targets
    mask = fp.hidden_sums > 0.0
    delta_hidden = (delta_out @ w2) * mask
    grad_w_out = delta_out.T @ fp.hidden
    grad_w_hidden = delta_hidden.T @ x
    _validate.finite_result(
        np.concatenate([grad_w_out.ravel(), grad_w_hidden.ravel()]), "the gradients", "network and inputs"
    )
    return BackpropMatrices(
        x.copy(), w1, w2, fp.hidden_sums, fp.hidden, fp.probabilities, targets,
        delta_out, mask, delta_hidden, grad_w_out, grad_w_hidden,
    )  # fmt: skip


def flower_deltas(network: IrisNetwork, inputs: ArrayLike, label: int) -> BackpropMatrices:
    """`backprop_matrices` for one flower (``inputs`` of shape (2,), ``label`` an int).

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> m = flower_deltas(IrisNetwork(b3=-2.0), [0.04, 0.42], 0)
    >>> m.delta_hidden.round(4).tolist()
    [[0.0411, -1.6615]]
    """
    x = _validate.float64_array(inputs, "inputs", ndim=1, last_dim=2)
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)):
        raise TypeError(f"label must be a class index (int), got {type(label).__name__}")
    return backprop_matrices(network, x[None, :], np.array([int(label)]))
