r"""The Iris network of the series: two inputs, two ReLU hidden nodes, three raw outputs.

With petal width $x_p$ and sepal width $x_s$ (both scaled to 0..1):

$$
\begin{aligned}
u &= w_1 x_p + w_2 x_s + b_1 && \text{top hidden node (blue)}\\
d &= w_3 x_p + w_4 x_s + b_2 && \text{bottom hidden node (orange)}\\
z_{\text{Setosa}} &= w_5\,\mathrm{ReLU}(u) + w_6\,\mathrm{ReLU}(d) + b_3\\
z_{\text{Versicolor}} &= w_7\,\mathrm{ReLU}(u) + w_8\,\mathrm{ReLU}(d) + b_4\\
z_{\text{Virginica}} &= w_9\,\mathrm{ReLU}(u) + w_{10}\,\mathrm{ReLU}(d) + b_5
\end{aligned}
$$

followed by softmax and cross entropy. The default values are those of StatQuest's trained
network ($b_3 = 0$); the series starts its optimisation from $b_3 = -2$.

| name | connects | default |
| --- | --- | --- |
| w1, w2 | petal width, sepal width → top node | −2.5, 0.6 |
| w3, w4 | petal width, sepal width → bottom node | −1.5, 0.4 |
| w5, w6 | top, bottom node → Setosa | −0.1, 1.5 |
| w7, w8 | top, bottom node → Versicolor | 2.4, −5.2 |
| w9, w10 | top, bottom node → Virginica | −2.2, 3.7 |
| b1, b2 | bias of the top, bottom node | 1.6, 0.7 |
| b3, b4, b5 | bias of the Setosa, Versicolor, Virginica output | 0, 0, 1 |

The derivative of ReLU is taken as 1 where its input is positive and 0 elsewhere (at the kink
itself either choice is a valid subgradient; 0 is used).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .loss import _softmax_minus_onehot_columns, cross_entropy
from .softmax import log_softmax, softmax

__all__ = ["PARAMETER_NAMES", "DEFAULT_PARAMETERS", "PARAMETER_ROLES", "ForwardPass", "IrisNetwork"]

PARAMETER_NAMES: tuple[str, ...] = (
    "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "w10",
    "b1", "b2", "b3", "b4", "b5",
)  # fmt: skip
"""The 15 parameters, weights first."""

DEFAULT_PARAMETERS: Mapping[str, float] = {
    "w1": -2.5, "w2": 0.6, "w3": -1.5, "w4": 0.4,
    "w5": -0.1, "w6": 1.5, "w7": 2.4, "w8": -5.2, "w9": -2.2, "w10": 3.7,
    "b1": 1.6, "b2": 0.7, "b3": 0.0, "b4": 0.0, "b5": 1.0,
}  # fmt: skip
"""StatQuest's trained values (b3 = 0)."""

PARAMETER_ROLES: Mapping[str, str] = {
    "w1": "petal width → top node",
    "w2": "sepal width → top node",
    "w3": "petal width → bottom node",
    "w4": "sepal width → bottom node",
    "w5": "top node → Setosa",
    "w6": "bottom node → Setosa",
    "w7": "top node → Versicolor",
    "w8": "bottom node → Versicolor",
    "w9": "top node → Virginica",
    "w10": "bottom node → Virginica",
    "b1": "top node bias",
    "b2": "bottom node bias",
    "b3": "Setosa output bias",
    "b4": "Versicolor output bias",
    "b5": "Virginica output bias",
}
"""What each parameter connects, in words."""


def _check_names(names: Iterable[str], argument: str) -> tuple[str, ...]:
    out = tuple(names)
    for name in out:
        if not isinstance(name, str):
            raise TypeError(f"{argument} must hold parameter names (str), got {type(name).__name__}")
        if name not in DEFAULT_PARAMETERS:
            raise ValueError(
                f"{argument} has unknown parameter name {name!r}; expected one of {', '.join(PARAMETER_NAMES)}"
            )
    if len(set(out)) != len(out):
        raise ValueError(f"{argument} names a parameter more than once: {out}")
    return out


@dataclass(frozen=True)
class ForwardPass:
    r"""Every intermediate of one forward pass, for inputs of shape ``(..., 2)``.

    Attributes
    ----------
    inputs : numpy.ndarray, shape (..., 2)
        Petal width, sepal width.
    hidden_sums : numpy.ndarray, shape (..., 2)
        $u$ and $d$, the top and bottom hidden nodes before ReLU.
    hidden : numpy.ndarray, shape (..., 2)
        $\mathrm{ReLU}(u)$ and $\mathrm{ReLU}(d)$.
    contributions : numpy.ndarray, shape (..., 3, 2)
        ``contributions[..., k, j]`` is hidden node $j$'s share of raw output $k$ (weight times
        ReLU output). For Setosa (``k = 0``) node 0 gives the blue bent surface and node 1 the
        orange bent surface.
    logits : numpy.ndarray, shape (..., 3)
        Raw outputs: contributions summed, plus the output biases (the green crinkled surface is
        ``logits[..., 0]``).
    probabilities : numpy.ndarray, shape (..., 3)
        Softmax of the raw outputs.
    """

    inputs: NDArray[np.float64]
    hidden_sums: NDArray[np.float64]
    hidden: NDArray[np.float64]
    contributions: NDArray[np.float64]
    logits: NDArray[np.float64]
    probabilities: NDArray[np.float64]


class IrisNetwork:
    r"""The series' Iris network with named parameters w1 … w10 and b1 … b5.

    Parameters
    ----------
    **parameters : float
        Any of the 15 parameters by name, overriding StatQuest's values (see the module
        documentation for which weight is which). Unknown names raise ``TypeError``.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> net = IrisNetwork(b3=-2.0)
    >>> net.b3, net.b5
    (-2.0, 1.0)
    >>> net.forward([0.0, 1.0]).logits.round(2).tolist()  # at petal width 0, sepal width 1
    [-0.57, -0.44, 0.23]
    """

    __slots__ = ("_params",)

    def __init__(self, **parameters: float) -> None:
        for name, value in parameters.items():
            if name not in DEFAULT_PARAMETERS:
                raise TypeError(
                    f"IrisNetwork got an unknown parameter name {name!r}; "
                    f"expected some of {', '.join(PARAMETER_NAMES)}"
                )
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise TypeError(f"parameter {name} must be a real number, got {type(value).__name__}")
            if not np.isfinite(float(value)):
                raise ValueError(f"parameter {name} must be finite, got {value}")
        merged = {**DEFAULT_PARAMETERS, **{k: float(v) for k, v in parameters.items()}}
        object.__setattr__(self, "_params", {name: merged[name] for name in PARAMETER_NAMES})

    # -- parameters ---------------------------------------------------------------------------
    def __getattr__(self, name: str) -> float:
        params = object.__getattribute__(self, "_params")
        if name in params:
            return params[name]
        raise AttributeError(f"IrisNetwork has no attribute {name!r}")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("IrisNetwork is immutable; use .replace(...) to get a changed copy")

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._params.items() if v != DEFAULT_PARAMETERS[k]}
        return "IrisNetwork(" + ", ".join(f"{k}={v!r}" for k, v in changed.items()) + ")"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IrisNetwork) and other._params == self._params

    def __hash__(self) -> int:
        return hash(tuple(self._params.values()))

    @property
    def params(self) -> dict[str, float]:
        """All 15 parameters as a new ``{name: value}`` dict, in the order of `PARAMETER_NAMES`."""
        return dict(self._params)

    def replace(self, **parameters: float) -> IrisNetwork:
        """A copy with some parameters changed.

        Examples
        --------
        >>> from crossentropy import IrisNetwork
        >>> IrisNetwork().replace(b3=-2.0) == IrisNetwork(b3=-2.0)
        True
        """
        return IrisNetwork(**{**self._params, **parameters})

    def to_vector(self, names: Sequence[str] = PARAMETER_NAMES) -> NDArray[np.float64]:
        """The values of `names` as a float64 vector (for optimisers and gradient checks).

        Examples
        --------
        >>> from crossentropy import IrisNetwork
        >>> IrisNetwork().to_vector(["b3", "b4", "b5"]).tolist()
        [0.0, 0.0, 1.0]
        """
        chosen = _check_names(names, "names")
        return np.array([self._params[n] for n in chosen], dtype=np.float64)

    def with_vector(self, names: Sequence[str], values: ArrayLike) -> IrisNetwork:
        """A copy with the parameters `names` set to `values` (the inverse of `to_vector`).

        Examples
        --------
        >>> from crossentropy import IrisNetwork
        >>> IrisNetwork().with_vector(["b3"], [-2.0]).b3
        -2.0
        """
        chosen = _check_names(names, "names")
        vec = _validate.float_array(values, "values", ndim=1, keep_float32=False)
        if vec.shape[0] != len(chosen):
            raise ValueError(f"values must have {len(chosen)} entries to match names, got {vec.shape[0]}")
        return self.replace(**{n: float(v) for n, v in zip(chosen, vec)})

    @classmethod
    def random(cls, seed: int, scale: float = 1.0) -> IrisNetwork:
        r"""A network with every parameter drawn from a normal distribution $N(0, \text{scale}^2)$.

        Deterministic for a given `seed` (``numpy.random.default_rng(seed)``).

        Examples
        --------
        >>> from crossentropy import IrisNetwork
        >>> IrisNetwork.random(0) == IrisNetwork.random(0)
        True
        """
        seed = _validate.integer(seed, "seed", minimum=0)
        scale = _validate.real_number(scale, "scale", positive=True)
        values = np.random.default_rng(seed).normal(0.0, scale, size=len(PARAMETER_NAMES))
        return cls(**{n: float(v) for n, v in zip(PARAMETER_NAMES, values)})

    # -- forward pass ------------------------------------------------------------------------
    def _columns(self, x: NDArray[np.float64]) -> dict[str, Any]:
        """The forward pass written node by node, as in the series: each quantity is an array
        over all flowers (any leading shape)."""
        w = self._params
        petal, sepal = x[..., 0], x[..., 1]
        u = w["w1"] * petal + w["w2"] * sepal + w["b1"]
        d = w["w3"] * petal + w["w4"] * sepal + w["b2"]
        relu_u = np.maximum(u, 0.0)
        relu_d = np.maximum(d, 0.0)
        out_weights = (("w5", "w6", "b3"), ("w7", "w8", "b4"), ("w9", "w10", "b5"))
        shares = [(w[wu] * relu_u, w[wd] * relu_d) for wu, wd, _ in out_weights]
        logits = [top + bottom + w[b] for (top, bottom), (_, _, b) in zip(shares, out_weights)]
        return {"u": u, "d": d, "relu_u": relu_u, "relu_d": relu_d, "shares": shares, "logits": logits}

    def forward(self, inputs: ArrayLike) -> ForwardPass:
        """Run the network on flowers of shape ``(..., 2)`` (petal width, sepal width).

        Parameters
        ----------
        inputs : array_like, shape (..., 2)
            One flower ``(2,)``, a batch ``(N, 2)``, or a grid ``(ny, nx, 2)``.

        Returns
        -------
        ForwardPass
            Every intermediate with the same leading shape as `inputs`.

        Examples
        --------
        >>> from crossentropy import IrisNetwork, TRAINING_DATA
        >>> fp = IrisNetwork(b3=-2.0).forward(TRAINING_DATA.inputs)
        >>> fp.hidden_sums[1].round(3).tolist()  # both nodes negative for (1.00, 0.54)
        [-0.576, -0.584]
        >>> fp.probabilities.round(4).tolist()[0]
        [0.1509, 0.3966, 0.4525]
        """
        x = _validate.float_array(inputs, "inputs", min_ndim=1, last_dim=2, keep_float32=False)
        c = self._columns(x)
        contributions = np.stack([np.stack(pair, axis=-1) for pair in c["shares"]], axis=-2)
        logits = np.stack(c["logits"], axis=-1)
        return ForwardPass(
            inputs=x.copy(),
            hidden_sums=np.stack([c["u"], c["d"]], axis=-1),
            hidden=np.stack([c["relu_u"], c["relu_d"]], axis=-1),
            contributions=contributions,
            logits=logits,
            probabilities=softmax(logits, axis=-1),
        )

    def _batch(self, inputs: ArrayLike, labels: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
        x = _validate.float_array(inputs, "inputs", ndim=2, last_dim=2, keep_float32=False)
        y = _validate.class_labels(labels, "labels", num_classes=3)
        if y.shape != (x.shape[0],):
            raise ValueError(f"labels must have shape ({x.shape[0]},) to match inputs, got shape {y.shape}")
        return x, y

    def loss(self, inputs: ArrayLike, labels: ArrayLike, reduction: str = "sum") -> float:
        """Cross entropy of the network's predictions (the total over all flowers by default).

        Parameters
        ----------
        inputs : array_like, shape (N, 2)
            Petal width, sepal width of each flower.
        labels : array_like of int, shape (N,)
            Observed species (0 Setosa, 1 Versicolor, 2 Virginica).
        reduction : {"sum", "mean"}, default "sum"
            Total cross entropy (the series' choice) or its mean over the flowers.

        Examples
        --------
        >>> from crossentropy import IrisNetwork, TRAINING_DATA
        >>> round(IrisNetwork(b3=-2.0).loss(TRAINING_DATA.inputs, TRAINING_DATA.labels), 2)
        2.67
        """
        how = _validate.reduction(reduction)
        if how == "none":
            raise ValueError("reduction must be 'sum' or 'mean' for IrisNetwork.loss, got 'none'")
        x, y = self._batch(inputs, labels)
        logits = np.stack(self._columns(x)["logits"], axis=-1)
        return float(cross_entropy(logits, y, reduction=how))

    def gradients(self, inputs: ArrayLike, labels: ArrayLike, reduction: str = "sum") -> dict[str, float]:
        r"""$\partial\,\mathrm{CE} / \partial\theta$ for all 15 parameters, by backpropagation.

        The output layer gets $\delta_k = p_k - y_k$ per flower; each output weight's derivative is
        $\delta_k$ times the ReLU output it multiplies; the hidden nodes receive
        $\sum_k w_{k} \delta_k$, gated by the ReLU's 0/1 derivative, and pass it on to their own
        weights (times the input) and biases. Sums run over the flowers (divided by $N$ for
        ``"mean"``).

        Parameters
        ----------
        inputs : array_like, shape (N, 2)
        labels : array_like of int, shape (N,)
        reduction : {"sum", "mean"}, default "sum"

        Returns
        -------
        dict
            ``{name: derivative}`` for every name in `PARAMETER_NAMES`.

        Examples
        --------
        >>> from crossentropy import IrisNetwork, TRAINING_DATA
        >>> g = IrisNetwork(b3=-2.0).gradients(TRAINING_DATA.inputs, TRAINING_DATA.labels)
        >>> round(g["b3"], 4)  # (0.1509 - 1) + 0.0351 + 0.0408
        -0.7732
        """
        how = _validate.reduction(reduction)
        if how == "none":
            raise ValueError("reduction must be 'sum' or 'mean' for IrisNetwork.gradients, got 'none'")
        x, y = self._batch(inputs, labels)
        vector = np.array([self._params[name] for name in PARAMETER_NAMES], dtype=np.float64)
        grad, _ = _gradient_vector(vector, np.ascontiguousarray(x.T), y, how)
        return dict(zip(PARAMETER_NAMES, grad.tolist()))


def _gradient_vector(
    vector: NDArray[np.float64],
    features: NDArray[np.float64],
    y: NDArray[np.intp],
    how: str,
    with_loss: bool = False,
) -> tuple[NDArray[np.float64], float | None]:
    """The backpropagation behind `IrisNetwork.gradients` on plain arrays, for loops that take
    many steps (``crossentropy.training.train``): the 15 parameters in `PARAMETER_NAMES` order,
    the flowers as ``features`` of shape (2, N) and validated labels ``y``; ``how`` is "sum" or
    "mean". Returns the gradient in the same order and, if ``with_loss``, the loss at ``vector``
    (from the log-softmax), else None."""
    # The network as matrices: row j of w_hidden feeds hidden node j (top u, bottom d), row k of
    # w_out feeds raw output k (Setosa, Versicolor, Virginica). Every array below is laid out
    # node by node, (nodes, N), so each product runs over long contiguous rows.
    w_hidden = vector[0:4].reshape(2, 2)  # w1 w2 / w3 w4
    w_out = vector[4:10].reshape(3, 2)  # w5 w6 / w7 w8 / w9 w10
    sums = w_hidden @ features  # u and d, (2, N)
    sums += vector[10:12, None]  # b1, b2
    hidden = np.maximum(sums, 0.0)  # ReLU(u) and ReLU(d)
    logits = w_out @ hidden  # (3, N), a fresh array that is overwritten in place below
    logits += vector[12:15, None]  # b3, b4, b5
    n = features.shape[1]
    loss = None
    if with_loss:
        loss = -float(np.sum(log_softmax(logits, axis=0)[y, np.arange(n)]))
    # delta[k] = dCE/dz_k = p_k - y_k for every flower
    delta = _softmax_minus_onehot_columns(logits, y)
    if how == "mean":
        delta /= n
        loss = None if loss is None else loss / n
    # Output weights: delta_k times the ReLU output each weight multiplies, summed over flowers.
    d_out = delta @ hidden.T  # (3, 2): [k, j] = sum_n delta[k, n] * hidden[j, n]
    d_out_bias = delta.sum(axis=1)
    # Back through the hidden layer: each node collects w * delta from the three outputs, and
    # the ReLU lets it through only where the node was positive.
    back = w_out.T @ delta  # (2, N)
    back *= sums > 0
    d_hidden = back @ features.T  # (2, 2): [j, i] = sum_n back[j, n] * input i of flower n
    d_hidden_bias = back.sum(axis=1)
    grad = np.concatenate([d_hidden.ravel(), d_out.ravel(), d_hidden_bias, d_out_bias])
    return grad, loss


def _gradients_reference(
    network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike, reduction: str = "sum"
) -> dict[str, float]:
    """The teaching form of [IrisNetwork.gradients][crossentropy.network.IrisNetwork.gradients],
    kept to test it against: backpropagation flower by flower, one scalar at a time."""
    how = _validate.reduction(reduction)
    if how == "none":
        raise ValueError("reduction must be 'sum' or 'mean', got 'none'")
    x, y = network._batch(inputs, labels)
    w = network.params
    outputs = (("w5", "w6", "b3"), ("w7", "w8", "b4"), ("w9", "w10", "b5"))
    g = dict.fromkeys(PARAMETER_NAMES, 0.0)
    for (petal, sepal), observed in zip(x.tolist(), y.tolist()):
        u = w["w1"] * petal + w["w2"] * sepal + w["b1"]
        d = w["w3"] * petal + w["w4"] * sepal + w["b2"]
        relu_u, relu_d = max(u, 0.0), max(d, 0.0)
        logits = [w[wu] * relu_u + w[wd] * relu_d + w[b] for wu, wd, b in outputs]
        top = max(logits)
        e = [math.exp(z - top) for z in logits]
        delta = [ek / sum(e) - (1.0 if k == observed else 0.0) for k, ek in enumerate(e)]
        for dk, (wu, wd, b) in zip(delta, outputs):
            g[wu] += dk * relu_u
            g[wd] += dk * relu_d
            g[b] += dk
        grad_u = sum(w[wu] * dk for dk, (wu, _, _) in zip(delta, outputs)) if u > 0 else 0.0
        grad_d = sum(w[wd] * dk for dk, (_, wd, _) in zip(delta, outputs)) if d > 0 else 0.0
        g["w1"] += grad_u * petal
        g["w2"] += grad_u * sepal
        g["b1"] += grad_u
        g["w3"] += grad_d * petal
        g["w4"] += grad_d * sepal
        g["b2"] += grad_d
    if how == "mean":
        g = {name: value / x.shape[0] for name, value in g.items()}
    return g
