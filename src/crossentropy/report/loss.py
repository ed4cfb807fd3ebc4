r"""Tables of softmax and cross entropy: softmax step by step, each flower's loss, rounding's effect.

Examples
--------
>>> from crossentropy import observation_table
>>> print(observation_table().splitlines()[-1])  # b3 = 0
| **total** |  |  | **1.7750** |
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from .. import _validate
from ..data import SPECIES, TRAINING_DATA, Dataset
from ..formatting import fmt, md_table
from ..loss import cross_entropy
from ..network import IrisNetwork
from ..softmax import softmax
from ._common import data_or_default, flower_label, network_or_default

__all__ = [
    "softmax_steps",
    "observation_table",
    "rounding_table",
    "observed_table",
]


def softmax_steps(logits: ArrayLike, digits: int = 4) -> str:
    r"""Softmax worked out step by step: each raw output, its exponential, its share of the sum.

    Parameters
    ----------
    logits : array_like, shape (3,)
        Raw outputs (Setosa, Versicolor, Virginica).
    digits : int, default 4

    Examples
    --------
    >>> from crossentropy import softmax_steps
    >>> print(softmax_steps([1.43, -0.44, 0.23], digits=2))
    | species | raw output $z$ | $e^{z}$ | $p = e^{z} / \sum e^{z}$ |
    | :--- | ---: | ---: | ---: |
    | Setosa | 1.43 | 4.18 | 0.69 |
    | Versicolor | −0.44 | 0.64 | 0.11 |
    | Virginica | 0.23 | 1.26 | 0.21 |
    | **sum** |  | 6.08 | 1.00 |
    """
    d = _validate.decimals(digits)
    z = _validate.float_array(logits, "logits", ndim=1, last_dim=len(SPECIES), keep_float32=False)
    e = np.exp(z)
    p = softmax(z)
    rows = [[SPECIES[k], fmt(z[k], d), fmt(e[k], d), fmt(p[k], d)] for k in range(3)]
    rows.append(["**sum**", "", fmt(float(e.sum()), d), fmt(float(p.sum()), d)])
    return md_table(["species", "raw output $z$", "$e^{z}$", r"$p = e^{z} / \sum e^{z}$"], rows, align="lrrr")


def observation_table(
    network: IrisNetwork | None = None, data: Dataset | None = None, digits: int = 4
) -> str:
    r"""Per flower: observed species, the observed class's probability and the cross entropy; a
    total row.

    Examples
    --------
    >>> from crossentropy import observation_table
    >>> print(observation_table(digits=4))  # b3 = 0
    | flower | observed | $p_{\text{observed}}$ | $\mathrm{CE} = -\ln p_{\text{observed}}$ |
    | :--- | :--- | ---: | ---: |
    | (0.04, 0.42) | Setosa | 0.5677 | 0.5662 |
    | (1.00, 0.54) | Virginica | 0.5761 | 0.5514 |
    | (0.50, 0.37) | Versicolor | 0.5182 | 0.6573 |
    | **total** |  |  | **1.7750** |
    """
    net, ds, d = network_or_default(network), data_or_default(data), _validate.decimals(digits)
    fp = net.forward(ds.inputs)
    losses = cross_entropy(fp.logits, ds.labels, reduction="none")
    rows = []
    for i in range(len(ds)):
        c = int(ds.labels[i])
        rows.append(
            [flower_label(ds.inputs[i]), SPECIES[c], fmt(fp.probabilities[i, c], d), fmt(losses[i], d)]
        )
    rows.append(["**total**", "", "", f"**{fmt(net.loss(ds.inputs, ds.labels), d)}**"])
    header = ["flower", "observed", r"$p_{\text{observed}}$", r"$\mathrm{CE} = -\ln p_{\text{observed}}$"]
    return md_table(header, rows, align="llrr")


def rounding_table(network: IrisNetwork | None = None, data: Dataset | None = None, digits: int = 2) -> str:
    r"""Cross entropy from probabilities rounded to `digits` decimals beside the exact one.

    Shows how rounding the probability first (as the series' cross-entropy articles did) shifts
    the cross entropy and its total.

    Examples
    --------
    >>> from crossentropy import rounding_table
    >>> print(rounding_table())  # b3 = 0
    | flower | observed | $p_{\text{observed}}$ | rounded $p$ | $-\ln$(rounded $p$) | exact $\mathrm{CE}$ |
    | :--- | :--- | ---: | ---: | ---: | ---: |
    | (0.04, 0.42) | Setosa | 0.5677 | 0.57 | 0.56 | 0.5662 |
    | (1.00, 0.54) | Virginica | 0.5761 | 0.58 | 0.54 | 0.5514 |
    | (0.50, 0.37) | Versicolor | 0.5182 | 0.52 | 0.65 | 0.6573 |
    | **total** |  |  |  | **1.75** | **1.7750** |
    """
    net, ds, d = network_or_default(network), data_or_default(data), _validate.decimals(digits)
    fp = net.forward(ds.inputs)
    losses = cross_entropy(fp.logits, ds.labels, reduction="none")
    rows = []
    total_rounded = 0.0
    for i in range(len(ds)):
        c = int(ds.labels[i])
        p = float(fp.probabilities[i, c])
        p_rounded = round(p, d)
        ce_rounded = round(-math.log(p_rounded), d)
        total_rounded += ce_rounded
        rows.append(
            [
                flower_label(ds.inputs[i]),
                SPECIES[c],
                fmt(p, 4),
                fmt(p_rounded, d),
                fmt(ce_rounded, d),
                fmt(losses[i], 4),
            ]
        )
    rows.append(
        [
            "**total**",
            "",
            "",
            "",
            f"**{fmt(total_rounded, d)}**",
            f"**{fmt(net.loss(ds.inputs, ds.labels), 4)}**",
        ]
    )
    header = [
        "flower",
        "observed",
        r"$p_{\text{observed}}$",
        "rounded $p$",
        r"$-\ln$(rounded $p$)",
        r"exact $\mathrm{CE}$",
    ]
    return md_table(header, rows, align="llrrrr")


def observed_table(network: IrisNetwork, data: Dataset = TRAINING_DATA, digits: int = 4) -> str:
    r"""Per flower: the Setosa raw output and probability, the observed class's probability and the cross entropy.

    The last row is the total cross entropy.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, observed_table
    >>> print(observed_table(IrisNetwork(b3=-2.0)).splitlines()[-1])
    | **total** |  |  |  |  | **2.6659** |
    """
    net = _validate.check_network(network)
    d = _validate.instance(data, Dataset, "data")
    fp = net.forward(d.inputs)
    ce = np.asarray(cross_entropy(fp.logits, d.labels, reduction="none"))
    rows = []
    for i, (row, c) in enumerate(zip(d.inputs, d.labels)):
        rows.append(
            [
                flower_label(row),
                SPECIES[c],
                fmt(fp.logits[i, 0], digits),
                fmt(fp.probabilities[i, 0], digits),
                fmt(fp.probabilities[i, c], digits),
                fmt(ce[i], digits),
            ]
        )
    rows.append(["**total**", "", "", "", "", f"**{fmt(float(ce.sum()), digits)}**"])
    header = [
        "flower (petal, sepal)",
        "observed",
        "$z_{\\text{Setosa}}$",
        "$p_{\\text{Setosa}}$",
        "$p_{\\text{observed}}$",
        "cross entropy $-\\ln p_{\\text{observed}}$",
    ]
    return md_table(header, rows, align="llrrrr")
