r"""The numbers the derivation's sentences quote: every intermediate of the forward pass at each flower.

Examples
--------
>>> from crossentropy import IrisNetwork, derivation_values
>>> v = derivation_values(IrisNetwork(b3=-2.0))
>>> round(v.total_ce, 4), round(v.slope, 4)
(2.6659, -0.7732)
>>> [f.species for f in v.flowers]
['Setosa', 'Virginica', 'Versicolor']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .. import _validate
from ..chain import bias_gradient
from ..data import SPECIES, Dataset
from ..loss import cross_entropy
from ..network import IrisNetwork
from ._common import data_or_default, flower_label, network_or_default

__all__ = [
    "FlowerValues",
    "DerivationValues",
    "flower_values",
    "derivation_values",
]


@dataclass(frozen=True)
class FlowerValues:
    r"""Every intermediate of the forward pass at one flower, as plain floats.

    Attributes
    ----------
    petal, sepal : float
        The inputs (petal width, sepal width).
    hidden_sums : tuple of float
        $u$, $d$ before ReLU.
    hidden : tuple of float
        $\mathrm{ReLU}(u)$, $\mathrm{ReLU}(d)$.
    blue, orange : float
        The Setosa shares $w_5\,\mathrm{ReLU}(u)$ and $w_6\,\mathrm{ReLU}(d)$ (the blue and
        orange bent surfaces at this flower).
    logits : tuple of float
        Raw outputs (Setosa, Versicolor, Virginica).
    exponentials : tuple of float
        $e^{z_k}$ for the three raw outputs.
    probabilities : tuple of float
        Softmax of the raw outputs.
    observed : int or None
        The observed class (None for a point that is not an observation).
    species : str or None
        Its name.
    p_observed, ce : float or None
        The observed class's probability and the cross entropy $-\ln p_{\text{observed}}$.
    """

    petal: float
    sepal: float
    hidden_sums: tuple[float, float]
    hidden: tuple[float, float]
    blue: float
    orange: float
    logits: tuple[float, float, float]
    exponentials: tuple[float, float, float]
    probabilities: tuple[float, float, float]
    observed: int | None = None
    species: str | None = None
    p_observed: float | None = None
    ce: float | None = None

    @property
    def label(self) -> str:
        """The flower as ``"(petal, sepal)"`` to two decimals."""
        return flower_label((self.petal, self.sepal))


def flower_values(
    network: IrisNetwork | None, flower: ArrayLike, observed: int | None = None
) -> FlowerValues:
    r"""The forward pass at one flower as a `FlowerValues` of plain floats.

    Parameters
    ----------
    network : IrisNetwork or None
        ``None`` means ``IrisNetwork()`` (StatQuest's values, $b_3 = 0$).
    flower : array_like, shape (2,)
        Petal width, sepal width.
    observed : int or None
        The observed class, if the flower is an observation (adds ``p_observed`` and ``ce``).

    Examples
    --------
    The point the series uses to introduce softmax, petal width 0 and sepal width 1:

    >>> from crossentropy import flower_values
    >>> v = flower_values(None, [0.0, 1.0])
    >>> [round(z, 2) for z in v.logits], [round(p, 2) for p in v.probabilities]
    ([1.43, -0.44, 0.23], [0.69, 0.11, 0.21])
    """
    net = network_or_default(network)
    x = _validate.float_array(flower, "flower", ndim=1, last_dim=2, keep_float32=False)
    fp = net.forward(x)
    z, e, q = (fp.logits.tolist(), np.exp(fp.logits).tolist(), fp.probabilities.tolist())
    c = None if observed is None else _validate.class_index(observed, "observed")
    return FlowerValues(
        petal=float(x[0]),
        sepal=float(x[1]),
        hidden_sums=(float(fp.hidden_sums[0]), float(fp.hidden_sums[1])),
        hidden=(float(fp.hidden[0]), float(fp.hidden[1])),
        blue=float(fp.contributions[0, 0]),
        orange=float(fp.contributions[0, 1]),
        logits=(z[0], z[1], z[2]),
        exponentials=(e[0], e[1], e[2]),
        probabilities=(q[0], q[1], q[2]),
        observed=c,
        species=None if c is None else SPECIES[c],
        p_observed=None if c is None else q[c],
        ce=None if c is None else float(cross_entropy(fp.logits, c, reduction="sum")),
    )


@dataclass(frozen=True)
class DerivationValues:
    r"""The numbers the derivation's prose quotes, at one setting of the network.

    Attributes
    ----------
    b3 : float
        The network's $b_3$.
    flowers : tuple of FlowerValues
        One per observation, in the data's order.
    total_ce : float
        Total cross entropy over the observations.
    slope_terms : tuple of float
        $\partial\,\mathrm{CE}_i/\partial b_3$ per flower (from `bias_gradient`).
    slope : float
        $\partial\,(\text{total CE})/\partial b_3$ by backpropagation (`IrisNetwork.gradients`).
    observed_probabilities : tuple of float
        $p_{\text{observed}}$ per flower.
    losses : tuple of float
        The cross entropy $-\ln p_{\text{observed}}$ per flower.
    """

    b3: float
    flowers: tuple[FlowerValues, ...]
    total_ce: float
    slope_terms: tuple[float, ...]
    slope: float
    observed_probabilities: tuple[float, ...]
    losses: tuple[float, ...]

    def by_species(self, species: str) -> FlowerValues:
        """The first flower observed as `species`."""
        for f in self.flowers:
            if f.species == species:
                return f
        raise ValueError(
            f"species must be one observed in the data {[f.species for f in self.flowers]}, got {species!r}"
        )


def derivation_values(network: IrisNetwork | None = None, data: Dataset | None = None) -> DerivationValues:
    r"""Already-computed numbers for sentences: per-flower forward passes, losses and slopes.

    Parameters
    ----------
    network : IrisNetwork or None
        ``None`` means ``IrisNetwork()``.
    data : Dataset or None
        ``None`` means the series' three flowers, `TRAINING_DATA`.

    Examples
    --------
    >>> from crossentropy import derivation_values
    >>> v = derivation_values()  # StatQuest's trained network, b3 = 0
    >>> [round(f.ce, 4) for f in v.flowers], round(v.total_ce, 4)
    ([0.5662, 0.5514, 0.6573], 1.775)
    >>> round(v.by_species("Versicolor").p_observed, 4)
    0.5182
    """
    net, ds = network_or_default(network), data_or_default(data)
    labels = [int(c) for c in ds.labels]
    flowers = tuple(flower_values(net, ds.inputs[i], c) for i, c in enumerate(labels))
    fp = net.forward(ds.inputs)
    return DerivationValues(
        b3=net.b3,
        flowers=flowers,
        total_ce=net.loss(ds.inputs, ds.labels),
        slope_terms=tuple(bias_gradient(f.probabilities, c, "b3").value for f, c in zip(flowers, labels)),
        slope=net.gradients(ds.inputs, ds.labels)["b3"],
        observed_probabilities=tuple(float(fp.probabilities[i, c]) for i, c in enumerate(labels)),
        losses=tuple(float(v) for v in cross_entropy(fp.logits, ds.labels, reduction="none")),
    )
