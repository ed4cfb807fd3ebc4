r"""Backpropagation's derivatives beside central differences, as sentences and tables.

Examples
--------
>>> from crossentropy import IrisNetwork, TRAINING_DATA, check_network_gradients, gradient_check_summary
>>> rows = check_network_gradients(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
>>> gradient_check_summary(rows).split(":")[0]
'All 15 derivatives agree with their central differences'
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import _validate
from ..data import TRAINING_DATA, Dataset
from ..formatting import fmt, md_table, sci
from ..gradcheck import GradientCheck, check_network_gradients
from ..network import PARAMETER_ROLES, IrisNetwork
from ._common import parameter_symbol

__all__ = [
    "derivative_check",
    "gradient_check_table",
    "gradient_check_summary",
]


def derivative_check(
    network: IrisNetwork, params: Sequence[str] = ("b3",), data: Dataset = TRAINING_DATA, eps: float = 1e-6
) -> str:
    r"""One sentence per parameter: backpropagation's derivative beside a central difference of the total loss.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, derivative_check
    >>> print(derivative_check(IrisNetwork(b3=-2.0)))  # doctest: +ELLIPSIS
    Backpropagation gives $\partial(\text{total CE})/\partial b_{3}$ = −0.77320100; ... gives −0.77320100 ...
    """
    net = _validate.check_network(network)
    d = _validate.instance(data, Dataset, "data")
    rows = check_network_gradients(net, d.inputs, d.labels, params=tuple(params), eps=eps)
    out = []
    for r in rows:
        v = parameter_symbol(r.name)[1:-1]  # the TeX inside $…$
        out.append(
            f"Backpropagation gives $\\partial(\\text{{total CE}})/\\partial {v}$ = {fmt(r.analytic, 8)}; the "
            f"central difference $[L({v} + \\varepsilon) - L({v} - \\varepsilon)] / 2\\varepsilon$ with "
            f"$\\varepsilon$ = {sci(eps, 0)} gives {fmt(r.numerical, 8)} (relative difference {sci(r.relative_error)})."
        )
    return "\n\n".join(out)


def gradient_check_table(rows: Sequence[GradientCheck], digits: int = 6) -> str:
    """The 15 derivatives by backpropagation beside central differences, with their relative error.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, check_network_gradients, gradient_check_table
    >>> rows = check_network_gradients(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> print(gradient_check_table(rows).splitlines()[2])  # doctest: +ELLIPSIS
    | $w_{1}$ | petal width → top node | −0.752820 | −0.752820 | ... |
    """
    out = []
    for i, r in enumerate(rows):
        _validate.instance(r, GradientCheck, f"rows[{i}]")
        out.append(
            [
                parameter_symbol(r.name),
                PARAMETER_ROLES[r.name],
                fmt(r.analytic, digits),
                fmt(r.numerical, digits),
                sci(r.relative_error),
            ]
        )
    header = ["parameter", "connects", "backpropagation", "central difference", "relative error"]
    return md_table(header, out, align="llrrr")


def gradient_check_summary(rows: Sequence[GradientCheck]) -> str:
    """One sentence: how many derivatives were checked and the largest relative error among them.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, check_network_gradients, gradient_check_summary
    >>> rows = check_network_gradients(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> gradient_check_summary(rows).startswith("All 15 derivatives agree")
    True
    """
    checked = list(rows)
    if not checked:
        raise ValueError("rows must hold at least one GradientCheck")
    worst = max(checked, key=lambda r: r.relative_error)
    symbol = parameter_symbol(worst.name)
    verdict = "agree" if worst.relative_error < 1e-6 else "do not all agree"
    return (
        f"All {len(checked)} derivatives {verdict} with their central differences: the largest relative "
        f"error is {sci(worst.relative_error)} (for {symbol})."
        if verdict == "agree"
        else f"The derivatives {verdict} with their central differences: {symbol} is off by a relative "
        f"{sci(worst.relative_error)}."
    )
