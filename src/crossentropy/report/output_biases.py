r"""Tables of the three output biases together: $\partial\,\mathrm{CE}/\partial z$ three ways, and
the gradient over $(b_3, b_4, b_5)$.

Examples
--------
>>> from crossentropy import IrisNetwork, bias_gradient_table
>>> print(bias_gradient_table(IrisNetwork(b3=-2.0)).splitlines()[5])
| **sum over the flowers** | **−0.7732** | **0.3094** | **0.4638** | **0.0000** |
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from .. import _validate
from ..chain import OUTPUT_BIASES
from ..data import SPECIES, TRAINING_DATA, Dataset
from ..formatting import fmt, md_table
from ..gradcheck import check_network_gradients, numerical_gradient
from ..loss import cross_entropy, grad_logits, one_hot
from ..network import IrisNetwork
from ..output_biases import jacobian_route
from ..softmax import softmax_jacobian
from ._common import flower_label

__all__ = [
    "jacobian_route_table",
    "bias_gradient_table",
]


def _flower_ce(observed: int) -> Callable[[NDArray[np.float64]], float]:
    def ce_of(z: NDArray[np.float64]) -> float:
        return float(cross_entropy(z, observed))

    return ce_of


def jacobian_route_table(
    network: IrisNetwork, data: Dataset = TRAINING_DATA, digits: int = 4, *, central: bool = True
) -> str:
    r"""$\partial\,\mathrm{CE}/\partial z_k$ three ways, for every flower and raw output.

    Columns: the Jacobian entry $J_{ck} = \partial p_c/\partial z_k$ of the observed class $c$,
    the chain-rule product $(-1/p_c)\,J_{ck}$ (summed over the softmax outputs, only the observed
    one contributes), $p_k - y_k$ from ``grad_logits`` and, unless `central` is false, a central
    difference of $-\ln p_c$.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, jacobian_route_table
    >>> print(jacobian_route_table(IrisNetwork(b3=-2.0)).splitlines()[2])
    | (0.04, 0.42) Setosa | Setosa | 0.1281 | −0.8491 | −0.8491 | −0.8491 |
    """
    net = _validate.check_network(network)
    d = _validate.instance(data, Dataset, "data")
    with_central = _validate.boolean(central, "central")
    fp = net.forward(d.inputs)
    direct = np.asarray(grad_logits(fp.logits, d.labels, reduction="none"))
    rows = []
    for i, (row, c) in enumerate(zip(d.inputs, d.labels)):
        p = fp.probabilities[i]
        jac = softmax_jacobian(p)
        route = jacobian_route(p, int(c))
        numeric = numerical_gradient(_flower_ce(int(c)), fp.logits[i])
        for k in range(len(SPECIES)):
            rows.append(
                [
                    f"{flower_label(row)} {SPECIES[c]}" if k == 0 else "",
                    SPECIES[k],
                    fmt(jac[c, k], digits),
                    fmt(route[k], digits),
                    fmt(direct[i, k], digits),
                ]
                + ([fmt(numeric[k], digits)] if with_central else [])
            )
    header = ["flower, observed $c$", "raw output $k$", "$J_{ck}$", "$(-1/p_c)\\,J_{ck}$", "$p_k - y_k$"]
    if with_central:
        header.append("central difference")
    return md_table(header, rows, align="llrrr" + "r" * with_central)


def bias_gradient_table(
    network: IrisNetwork, data: Dataset = TRAINING_DATA, digits: int = 4, *, checks: bool = True
) -> str:
    r"""The gradient with respect to $(b_3, b_4, b_5)$: each flower's $p - y$, their sum, and two checks.

    The last column adds across the three biases: every row sums to 0. With `checks` (the default)
    two more rows follow: backpropagation's gradient and a central difference of the total loss.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, bias_gradient_table
    >>> print(bias_gradient_table(IrisNetwork(b3=-2.0)).splitlines()[5])
    | **sum over the flowers** | **−0.7732** | **0.3094** | **0.4638** | **0.0000** |
    """
    net = _validate.check_network(network)
    d = _validate.instance(data, Dataset, "data")
    with_checks = _validate.boolean(checks, "checks")
    fp = net.forward(d.inputs)
    per_flower = fp.probabilities - one_hot(d.labels, len(SPECIES))
    rows = []
    for row, c, g in zip(d.inputs, d.labels, per_flower):
        rows.append(
            [f"{flower_label(row)} {SPECIES[c]}: $p - y$"]
            + [fmt(v, digits) for v in g]
            + [fmt(float(g.sum()), digits)]
        )
    total = per_flower.sum(axis=0)
    rows.append(
        ["**sum over the flowers**"]
        + [f"**{fmt(v, digits)}**" for v in total]
        + [f"**{fmt(float(total.sum()), digits)}**"]
    )
    if with_checks:
        backprop = net.gradients(d.inputs, d.labels)
        bp = [backprop[b] for b in OUTPUT_BIASES]
        rows.append(
            ["backpropagation (`IrisNetwork.gradients`)"]
            + [fmt(v, digits) for v in bp]
            + [fmt(sum(bp), digits)]
        )
        numerical = check_network_gradients(net, d.inputs, d.labels, params=OUTPUT_BIASES)
        num = [r.numerical for r in numerical]
        rows.append(
            ["central difference of the total loss"] + [fmt(v, digits) for v in num] + [fmt(sum(num), digits)]
        )
    return md_table(
        ["quantity", "$b_3$ (Setosa)", "$b_4$ (Versicolor)", "$b_5$ (Virginica)", "sum"], rows, align="lrrrr"
    )
