r"""Tables of backpropagation weight by weight: an output weight's and a hidden parameter's
derivative, flower by flower.

Examples
--------
>>> from crossentropy import IrisNetwork, output_weight_table
>>> print(output_weight_table(IrisNetwork(b3=-2.0), "w5").splitlines()[-1])
| **total** |  |  | **−1.4643** |
"""

from __future__ import annotations

import numpy as np

from .. import _validate
from ..data import SPECIES, TRAINING_DATA, Dataset
from ..formatting import fmt, md_table, vector
from ..loss import grad_logits
from ..network import IrisNetwork
from ._common import flower_label

__all__ = [
    "output_weight_table",
    "hidden_weight_table",
]


_OUTPUT_WEIGHTS = {"w5": (0, 0), "w6": (0, 1), "w7": (1, 0), "w8": (1, 1), "w9": (2, 0), "w10": (2, 1)}
_HIDDEN_WEIGHTS = {"w1": (0, 0), "w2": (0, 1), "b1": (0, None), "w3": (1, 0), "w4": (1, 1), "b2": (1, None)}
_NODE = ("top", "bottom")
_FEATURE = ("petal width", "sepal width")


def output_weight_table(
    network: IrisNetwork, weight: str = "w5", data: Dataset = TRAINING_DATA, digits: int = 4
) -> str:
    r"""$\partial\,\mathrm{CE}/\partial w$ for an output weight, flower by flower: $\delta_k \times \mathrm{ReLU}$.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, output_weight_table
    >>> print(output_weight_table(IrisNetwork(b3=-2.0)).splitlines()[-1])
    | **total** |  |  | **−1.4643** |
    """
    net = _validate.check_network(network)
    d = _validate.instance(data, Dataset, "data")
    if weight not in _OUTPUT_WEIGHTS:
        raise ValueError(f"weight must be one of {tuple(_OUTPUT_WEIGHTS)}, got {weight!r}")
    k, j = _OUTPUT_WEIGHTS[weight]
    fp = net.forward(d.inputs)
    delta = np.asarray(grad_logits(fp.logits, d.labels, reduction="none"))[:, k]
    act = fp.hidden[:, j]
    rows = [
        [f"{flower_label(row)} {SPECIES[c]}", fmt(dk, digits), fmt(a, digits), fmt(dk * a, digits)]
        for row, c, dk, a in zip(d.inputs, d.labels, delta, act)
    ]
    rows.append(["**total**", "", "", f"**{fmt(float(delta @ act), digits)}**"])
    s = SPECIES[k]
    header = [
        "flower",
        f"$\\delta_{{\\text{{{s[:2]}}}}} = p_{{\\text{{{s[:2]}}}}} - y_{{\\text{{{s[:2]}}}}}$",
        f"$\\mathrm{{ReLU}}({'u' if j == 0 else 'd'})$ ({_NODE[j]} node)",
        "product",
    ]
    return md_table(header, rows, align="lrrr")


def hidden_weight_table(
    network: IrisNetwork, weight: str = "w1", data: Dataset = TRAINING_DATA, digits: int = 4
) -> str:
    r"""$\partial\,\mathrm{CE}/\partial w$ for a hidden-layer parameter, flower by flower.

    Columns: the signal arriving at the hidden node, $\sum_k w_{k}\delta_k$ over its three
    outgoing weights; the ReLU's derivative (1 if the node was positive, else 0); the input the
    parameter multiplies (1 for a bias); their product.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, hidden_weight_table
    >>> print(hidden_weight_table(IrisNetwork(b3=-2.0)).splitlines()[3])
    | (1.00, 0.54) Virginica | (0.0351, 0.2595, −0.2946) | 1.2674 | 0 | 1.0000 | 0.0000 |
    """
    net = _validate.check_network(network)
    d = _validate.instance(data, Dataset, "data")
    if weight not in _HIDDEN_WEIGHTS:
        raise ValueError(f"weight must be one of {tuple(_HIDDEN_WEIGHTS)}, got {weight!r}")
    j, feature = _HIDDEN_WEIGHTS[weight]
    fp = net.forward(d.inputs)
    delta = np.asarray(grad_logits(fp.logits, d.labels, reduction="none"))
    outgoing = ("w5", "w7", "w9") if j == 0 else ("w6", "w8", "w10")
    w = np.array([net.params[n] for n in outgoing])
    signal = delta @ w
    gate = (fp.hidden_sums[:, j] > 0).astype(np.float64)
    inputs = np.ones(len(d)) if feature is None else d.inputs[:, feature]
    product = signal * gate * inputs
    rows = [
        [
            f"{flower_label(row)} {SPECIES[c]}",
            vector(delta[i], digits),
            fmt(signal[i], digits),
            str(int(gate[i])),
            fmt(inputs[i], digits),
            fmt(product[i], digits),
        ]
        for i, (row, c) in enumerate(zip(d.inputs, d.labels))
    ]
    rows.append(["**total**", "", "", "", "", f"**{fmt(float(product.sum()), digits)}**"])
    node = "u" if j == 0 else "d"
    ws = " + ".join(f"w_{{{n[1:]}}}\\delta_{{\\text{{{s[:2]}}}}}" for n, s in zip(outgoing, SPECIES))
    header = [
        "flower",
        "$\\delta = p - y$",
        f"signal ${ws}$",
        f"$\\mathrm{{ReLU}}'({node})$",
        "1 (bias)" if feature is None else _FEATURE[feature],
        "product",
    ]
    return md_table(header, rows, align="lrrcrr")
