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

followed by softmax and cross entropy. The defaults are StatQuest's trained network ($b_3 = 0$;
the series starts its optimisation from $b_3 = -2$). The fields of `IrisNetwork` list every
parameter with what it connects and its default (`PARAMETER_ROLES`, `DEFAULT_PARAMETERS`).

The derivative of ReLU is taken as 1 where its input is positive and 0 elsewhere (at the kink
itself either choice is a valid subgradient; 0 is used).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _names, _softmax, _validate
from ._backprop import gradient_vector

__all__ = [
    "PARAMETER_NAMES", "DEFAULT_PARAMETERS", "PARAMETER_ROLES", "ForwardPass", "IrisNetwork", "gradients_reference",
]  # fmt: skip

PARAMETER_NAMES: tuple[str, ...] = _names.PARAMETER_NAMES
"""The 15 parameters, weights first (the order of `IrisNetwork`'s fields and of its vectors)."""

PARAMETER_ROLES: Mapping[str, str] = MappingProxyType({
    "w1": "petal width → top node", "w2": "sepal width → top node",
    "w3": "petal width → bottom node", "w4": "sepal width → bottom node",
    "w5": "top node → Setosa", "w6": "bottom node → Setosa",
    "w7": "top node → Versicolor", "w8": "bottom node → Versicolor",
    "w9": "top node → Virginica", "w10": "bottom node → Virginica",
    "b1": "top node bias", "b2": "bottom node bias",
    "b3": "Setosa output bias", "b4": "Versicolor output bias", "b5": "Virginica output bias",
})  # fmt: skip
"""What each parameter connects, in words (read-only)."""

_OUTPUTS = (("w5", "w6", "b3"), ("w7", "w8", "b4"), ("w9", "w10", "b5"))  # weights from u, d; bias


def _blame(network: IrisNetwork, x: NDArray[np.float64]) -> Callable[[], str]:
    """What an overflow message names: these parameters and inputs (described only if needed)."""
    return functools.partial(_validate.network_source, network, x)


@dataclasses.dataclass(frozen=True)
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
        ``contributions[..., k, j]`` is hidden node $j$'s share of raw output $k$ (weight times ReLU
        output); for Setosa (``k = 0``) node 0 gives the blue bent surface, node 1 the orange one.
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


@dataclasses.dataclass(frozen=True, kw_only=True, repr=False)
class IrisNetwork:
    r"""The series' Iris network with named parameters w1 … w10 and b1 … b5.

    A frozen dataclass: each parameter is a field, given by keyword (any subset; the others keep
    StatQuest's values). Every value must be a finite real number and is stored as a float;
    unknown names raise ``TypeError``. Use `replace` for a changed copy.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> net = IrisNetwork(b3=-2.0)
    >>> net.b3, net.b5
    (-2.0, 1.0)
    >>> net.forward([0.0, 1.0]).logits.round(2).tolist()  # at petal width 0, sepal width 1
    [-0.57, -0.44, 0.23]
    """

    w1: float = -2.5
    """Petal width → top node."""
    w2: float = 0.6
    """Sepal width → top node."""
    w3: float = -1.5
    """Petal width → bottom node."""
    w4: float = 0.4
    """Sepal width → bottom node."""
    w5: float = -0.1
    """Top node → Setosa."""
    w6: float = 1.5
    """Bottom node → Setosa."""
    w7: float = 2.4
    """Top node → Versicolor."""
    w8: float = -5.2
    """Bottom node → Versicolor."""
    w9: float = -2.2
    """Top node → Virginica."""
    w10: float = 3.7
    """Bottom node → Virginica."""
    b1: float = 1.6
    """Top node bias."""
    b2: float = 0.7
    """Bottom node bias."""
    b3: float = 0.0
    """Setosa output bias (the series starts its optimisation from −2)."""
    b4: float = 0.0
    """Versicolor output bias."""
    b5: float = 1.0
    """Virginica output bias."""

    def __post_init__(self) -> None:
        for name in PARAMETER_NAMES:
            value = _validate.real_number(getattr(self, name), f"parameter {name}")
            object.__setattr__(self, name, value)  # the one write, while the instance is being made

    def __repr__(self) -> str:
        changed = {k: v for k, v in self.params.items() if v != DEFAULT_PARAMETERS[k]}
        return "IrisNetwork(" + ", ".join(f"{k}={v!r}" for k, v in changed.items()) + ")"

    @property
    def params(self) -> dict[str, float]:
        """All 15 parameters as a new ``{name: value}`` dict, in the order of `PARAMETER_NAMES`."""
        return {name: getattr(self, name) for name in PARAMETER_NAMES}

    def replace(self, **parameters: float) -> IrisNetwork:
        """A copy with some parameters changed (``dataclasses.replace``).

        Examples
        --------
        >>> from crossentropy import IrisNetwork
        >>> IrisNetwork().replace(b3=-2.0) == IrisNetwork(b3=-2.0)
        True
        """
        return dataclasses.replace(self, **parameters)

    def to_vector(self, names: Sequence[str] = PARAMETER_NAMES) -> NDArray[np.float64]:
        """The values of `names` as a float64 vector (for optimisers and gradient checks).

        Examples
        --------
        >>> from crossentropy import IrisNetwork
        >>> IrisNetwork().to_vector(["b3", "b4", "b5"]).tolist()
        [0.0, 0.0, 1.0]
        """
        chosen = names if names is PARAMETER_NAMES else _validate.check_parameter_names(names, "names")
        return np.array([getattr(self, n) for n in chosen], dtype=np.float64)

    def with_vector(self, names: Sequence[str], values: ArrayLike) -> IrisNetwork:
        """A copy with the parameters `names` set to `values` (the inverse of `to_vector`).

        Examples
        --------
        >>> from crossentropy import IrisNetwork
        >>> IrisNetwork().with_vector(["b3"], [-2.0]).b3
        -2.0
        """
        chosen = _validate.check_parameter_names(names, "names")
        vec = _validate.float64_array(values, "values", ndim=1)
        if vec.shape[0] != len(chosen):
            raise ValueError(f"values must have {len(chosen)} entries to match names, got {vec.shape[0]}")
        return self.replace(**dict(zip(chosen, vec.tolist())))

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
        _validate.finite_result(values, "the drawn parameters", f"scale={scale!r}")
        return cls(**dict(zip(PARAMETER_NAMES, values.tolist())))

    def _logits(self, x: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
        """The forward pass node by node, as in the series, for any leading shape; reports overflow."""
        petal, sepal = x[..., 0], x[..., 1]
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below
            u = self.w1 * petal + self.w2 * sepal + self.b1
            d = self.w3 * petal + self.w4 * sepal + self.b2
            sums = np.stack([u, d], axis=-1)
            hidden = np.maximum(sums, 0.0)
            shares = [hidden * (self.w5, self.w6), hidden * (self.w7, self.w8), hidden * (self.w9, self.w10)]
            contributions = np.stack(shares, axis=-2)  # [..., k, j]: node j's share of output k
            logits = contributions.sum(axis=-1) + np.array([self.b3, self.b4, self.b5])
        _validate.finite_result(sums, "the hidden sums", _blame(self, x))
        _validate.finite_result(logits, "the raw outputs", _blame(self, x))  # so the contributions too
        return sums, hidden, contributions, logits

    def forward(self, inputs: ArrayLike) -> ForwardPass:
        """Run the network on flowers of shape ``(..., 2)`` (petal width, sepal width).

        Parameters
        ----------
        inputs : array_like, shape (..., 2)
            One flower ``(2,)``, a batch ``(N, 2)``, or a grid ``(ny, nx, 2)``.

        Returns
        -------
        ForwardPass
            Every intermediate with the same leading shape as `inputs`, all finite float64.

        Raises
        ------
        ValueError
            Bad `inputs`, or overflow: parameters and inputs so large that a hidden sum or raw
            output exceeds the floating-point range.

        Examples
        --------
        >>> from crossentropy import IrisNetwork, TRAINING_DATA
        >>> fp = IrisNetwork(b3=-2.0).forward(TRAINING_DATA.inputs)
        >>> fp.hidden_sums[1].round(3).tolist()  # both nodes negative for (1.00, 0.54)
        [-0.576, -0.584]
        >>> fp.probabilities.round(4).tolist()[0]
        [0.1509, 0.3966, 0.4525]
        """
        x = _validate.float64_array(inputs, "inputs", min_ndim=1, last_dim=2)
        sums, hidden, contributions, logits = self._logits(x)
        probabilities = _softmax.softmax(logits, -1).astype(np.float64, copy=False)
        return ForwardPass(x.copy(), sums, hidden, contributions, logits, probabilities)

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

        Raises
        ------
        ValueError
            Bad arguments, or overflow (as for `forward`, or a loss beyond the floating-point range).

        Examples
        --------
        >>> from crossentropy import IrisNetwork, TRAINING_DATA
        >>> round(IrisNetwork(b3=-2.0).loss(TRAINING_DATA.inputs, TRAINING_DATA.labels), 2)
        2.67
        """
        how = _validate.sum_or_mean(reduction, "IrisNetwork.loss")
        x, y = _validate.check_batch(inputs, labels)
        logits = self._logits(x)[3]
        with np.errstate(over="ignore"):
            losses = -_softmax.log_softmax(logits, axis=-1)[np.arange(y.shape[0]), y]
            total = float(np.sum(losses) if how == "sum" else np.mean(losses))
        _validate.finite_result(total, "the cross entropy", _blame(self, x))
        return total

    def gradients(self, inputs: ArrayLike, labels: ArrayLike, reduction: str = "sum") -> dict[str, float]:
        r"""$\partial\,\mathrm{CE} / \partial\theta$ for all 15 parameters, by backpropagation.

        The output layer gets $\delta_k = p_k - y_k$ per flower; each output weight's derivative is
        $\delta_k$ times the ReLU output it multiplies; the hidden nodes receive
        $\sum_k w_{k} \delta_k$, gated by the ReLU's 0/1 derivative, and pass it on to their own
        weights (times the input) and biases. Sums run over the flowers (divided by $N$ for
        ``"mean"``). This is the fast form, on whole arrays; the same computation flower by flower
        is [gradients_reference][crossentropy.network.gradients_reference].

        Parameters
        ----------
        inputs : array_like, shape (N, 2)
        labels : array_like of int, shape (N,)
        reduction : {"sum", "mean"}, default "sum"

        Returns
        -------
        dict
            ``{name: derivative}`` for every name in `PARAMETER_NAMES`, all finite.

        Raises
        ------
        ValueError
            Bad arguments, or overflow: parameters and inputs so large that the forward pass or a
            derivative exceeds the floating-point range.

        Examples
        --------
        >>> from crossentropy import IrisNetwork, TRAINING_DATA
        >>> g = IrisNetwork(b3=-2.0).gradients(TRAINING_DATA.inputs, TRAINING_DATA.labels)
        >>> round(g["b3"], 4)  # (0.1509 - 1) + 0.0351 + 0.0408
        -0.7732
        """
        how = _validate.sum_or_mean(reduction, "IrisNetwork.gradients")
        x, y = _validate.check_batch(inputs, labels)
        grad, _ = gradient_vector(self.to_vector(), np.ascontiguousarray(x.T), y, how)
        _validate.finite_result(grad, "the gradients", _blame(self, x))
        return dict(zip(PARAMETER_NAMES, grad.tolist()))


DEFAULT_PARAMETERS: Mapping[str, float] = MappingProxyType(IrisNetwork().params)
"""StatQuest's trained values (b3 = 0), the defaults of `IrisNetwork`'s fields (read-only)."""


def gradients_reference(
    network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike, reduction: str = "sum"
) -> dict[str, float]:
    r"""Backpropagation written out flower by flower, one scalar at a time: the readable form of
    [IrisNetwork.gradients][crossentropy.network.IrisNetwork.gradients].

    For each flower: the forward pass node by node; $\delta_k = p_k - y_k$ at the outputs; each
    output weight collects $\delta_k$ times the ReLU output it multiplies, each output bias
    $\delta_k$; each hidden node whose sum is positive receives $\sum_k w_k \delta_k$ and passes
    it to its weights (times the input) and its bias. `IrisNetwork.gradients` computes the same
    sums on whole arrays and is tested against this function.

    Parameters
    ----------
    network : IrisNetwork
    inputs : array_like, shape (N, 2)
    labels : array_like of int, shape (N,)
    reduction : {"sum", "mean"}, default "sum"

    Returns
    -------
    dict
        ``{name: derivative}`` for every name in `PARAMETER_NAMES`.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradients_reference
    >>> net, x, y = IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels
    >>> g = gradients_reference(net, x, y)
    >>> round(g["b3"], 4), round(g["w5"], 4)
    (-0.7732, -1.4643)
    >>> fast = net.gradients(x, y)
    >>> max(abs(g[name] - fast[name]) for name in g) < 1e-12
    True
    """
    net = _validate.check_network(network)
    how = _validate.sum_or_mean(reduction, "gradients_reference")
    x, y = _validate.check_batch(inputs, labels)
    w = net.params
    g = dict.fromkeys(PARAMETER_NAMES, 0.0)
    for (petal, sepal), observed in zip(x.tolist(), y.tolist()):
        u = w["w1"] * petal + w["w2"] * sepal + w["b1"]
        d = w["w3"] * petal + w["w4"] * sepal + w["b2"]
        relu_u, relu_d = max(u, 0.0), max(d, 0.0)
        logits = [w[wu] * relu_u + w[wd] * relu_d + w[b] for wu, wd, b in _OUTPUTS]
        top = max(logits)
        e = [math.exp(z - top) for z in logits]
        delta = [ek / sum(e) - (1.0 if k == observed else 0.0) for k, ek in enumerate(e)]
        for dk, (wu, wd, b) in zip(delta, _OUTPUTS):
            g[wu] += dk * relu_u
            g[wd] += dk * relu_d
            g[b] += dk
        grad_u = sum(w[wu] * dk for dk, (wu, _, _) in zip(delta, _OUTPUTS)) if u > 0 else 0.0
        grad_d = sum(w[wd] * dk for dk, (_, wd, _) in zip(delta, _OUTPUTS)) if d > 0 else 0.0
        g["w1"] += grad_u * petal
        g["w2"] += grad_u * sepal
        g["b1"] += grad_u
        g["w3"] += grad_d * petal
        g["w4"] += grad_d * sepal
        g["b2"] += grad_d
    if how == "mean":
        g = {name: value / x.shape[0] for name, value in g.items()}
    _validate.finite_result(np.array(list(g.values())), "the gradients", _blame(net, x))
    return g
