r"""Tables of the loss along $b_3$ (the pink curve): samples of the loss, its slope and its curvature.

Examples
--------
>>> from crossentropy import IrisNetwork, pink_curve_table
>>> print(pink_curve_table(IrisNetwork(), [-2.0]).splitlines()[-1])
| −2 | 2.6659 | −0.7732 | 0.2011 |
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import _validate
from ..data import TRAINING_DATA, Dataset
from ..formatting import compact, fmt, md_table
from ..network import IrisNetwork
from ..sweeps import bias_curvature, sweep_parameter

__all__ = [
    "pink_curve_table",
]


def pink_curve_table(
    network: IrisNetwork, b3_values: Sequence[float], data: Dataset = TRAINING_DATA, digits: int = 4
) -> str:
    r"""Samples of the pink curve: total cross entropy, slope and curvature at each $b_3$.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, pink_curve_table
    >>> print(pink_curve_table(IrisNetwork(), [0.0]).splitlines()[-1])
    | 0 | 1.7750 | 0.0187 | 0.5944 |
    """
    net = _validate.check_network(network)
    d = _validate.instance(data, Dataset, "data")
    sweep = sweep_parameter(net, d.inputs, d.labels, "b3", list(b3_values))
    rows = []
    for b, loss, slope in zip(sweep.values, sweep.losses, sweep.slopes):
        curvature = bias_curvature(net.replace(b3=float(b)), d.inputs, d.labels, "b3")
        rows.append([compact(float(b)), fmt(loss, digits), fmt(slope, digits), fmt(curvature, digits)])
    header = [
        "$b_3$",
        "total cross entropy",
        "slope $\\sum (p_{\\text{Setosa}} - [\\text{obs} = \\text{Setosa}])$",
        "curvature $\\sum p_{\\text{Setosa}}(1 - p_{\\text{Setosa}})$",
    ]
    return md_table(header, rows, align="rrrr")
