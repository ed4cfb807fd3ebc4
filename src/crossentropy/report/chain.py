r"""Tables of the chain rule for an output bias: what a bias reaches, the three factors, the nine cases.

Examples
--------
>>> from crossentropy import closed_form
>>> closed_form("b3", "Setosa"), closed_form("b4", "Setosa")
('$p_{\\text{Setosa}} - 1$', '$p_{\\text{Versicolor}}$')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .. import _validate
from ..chain import OUTPUT_BIASES, bias_gradient
from ..data import SPECIES, TRAINING_DATA, Dataset
from ..formatting import compact, fmt, md_table, sci
from ..gradcheck import numerical_gradient, relative_error
from ..loss import cross_entropy
from ..network import IrisNetwork
from ._common import data_or_default, flower_label, network_or_default, p_symbol, row_indices, z_symbol
from .values import flower_values

__all__ = [
    "closed_form",
    "flower_central_difference",
    "bias_reach_table",
    "chain_factors_table",
    "nine_case_check",
    "slope_terms_table",
]


def closed_form(bias: str, observed: int | str) -> str:
    r"""The closed form of $\partial\,\mathrm{CE}/\partial b$ for one flower, as inline math.

    $p_k - 1$ when `bias` shifts the observed class's raw output ($k$ = observed), else $p_k$.

    Examples
    --------
    >>> from crossentropy import closed_form
    >>> closed_form("b3", "Setosa"), closed_form("b3", 2)
    ('$p_{\\text{Setosa}} - 1$', '$p_{\\text{Setosa}}$')
    """
    k = _validate.output_bias(bias)
    c = _validate.class_index(observed, "observed")
    inner = rf"p_{{\text{{{SPECIES[k]}}}}}"
    return f"${inner} - 1$" if k == c else f"${inner}$"


def bias_reach_table(
    network: IrisNetwork | None = None,
    data: Dataset | None = None,
    flower: int = 0,
    bias: str = "b3",
    delta: float = 1.0,
    digits: int = 4,
) -> str:
    r"""What changes, node by node, when one output bias is raised by `delta` at one flower.

    Rows are every intermediate of the forward pass ($u$, $d$, the blue and orange shares, the
    three raw outputs, the three probabilities) and the flower's cross entropy; columns are the
    value before, after, and the change. Only the bias's own raw output moves by exactly
    `delta`; every probability and the loss move with it.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, bias_reach_table
    >>> table = bias_reach_table(IrisNetwork(b3=-2.0), digits=2)
    >>> print("\n".join(table.splitlines()[:2] + table.splitlines()[6:8]))
    | quantity | $b_3$ = −2 | $b_3$ = −1 | change |
    | :--- | ---: | ---: | ---: |
    | $z_{\text{Setosa}}$ (green) | −0.96 | 0.04 | +1.00 |
    | $z_{\text{Versicolor}}$ | 0.00 | 0.00 | 0.00 |
    """
    net, ds, d = network_or_default(network), data_or_default(data), _validate.decimals(digits)
    b = OUTPUT_BIASES[_validate.output_bias(bias)]
    (i,) = row_indices(ds, [flower])
    step = _validate.real_number(delta, "delta")
    if step == 0.0:
        raise ValueError(f"delta must be a finite non-zero number, got {delta!r}")
    before_value = net.params[b]
    after = net.replace(**{b: before_value + step})
    c = int(ds.labels[i])

    def column(n: IrisNetwork) -> list[float]:
        v = flower_values(n, ds.inputs[i], c)
        ce = float(cross_entropy(n.forward(ds.inputs[i]).logits, c, reduction="sum"))  # -ln p_observed
        return [*v.hidden_sums, v.blue, v.orange, *v.logits, *v.probabilities, ce]

    k = OUTPUT_BIASES.index(b)
    names = ["$u$ (top node)", "$d$ (bottom node)", "blue share", "orange share"]
    names += [z_symbol(j) + (" (green)" if j == 0 else "") for j in range(3)]
    names += [p_symbol(j) for j in range(3)]
    names += [rf"$\mathrm{{CE}}$ (observed {SPECIES[c]})"]
    rows = []
    for name, x0, x1 in zip(names, column(net), column(after)):
        rows.append([name, fmt(x0, d), fmt(x1, d), fmt(x1 - x0, d, signed=True)])
    sym = f"$b_{k + 3}$"
    header = [
        "quantity",
        f"{sym} = {compact(before_value)}",
        f"{sym} = {compact(before_value + step)}",
        "change",
    ]
    return md_table(header, rows, align="lrrr")


def _flower_loss(network: IrisNetwork, ds: Dataset, i: int, bias: str) -> Callable[[np.ndarray], float]:
    x, y = ds.inputs[i : i + 1], ds.labels[i : i + 1]

    def loss_at(b: np.ndarray) -> float:
        return network.replace(**{bias: float(b)}).loss(x, y)

    return loss_at


def _central_difference(network: IrisNetwork, ds: Dataset, i: int, bias: str) -> float:
    return float(numerical_gradient(_flower_loss(network, ds, i, bias), network.params[bias]))


def flower_central_difference(
    network: IrisNetwork | None = None, flower: int = 0, bias: str = "b3", data: Dataset | None = None
) -> float:
    r"""The central difference of one flower's cross entropy in an output bias (`numerical_gradient`).

    $[\mathrm{CE}(b + \varepsilon) - \mathrm{CE}(b - \varepsilon)] / 2\varepsilon$ for the flower
    alone, a batch of one: the numerical check of the chain rule's $p_k - [\text{observed} = k]$.

    Parameters
    ----------
    network, data
        ``None`` means ``IrisNetwork()`` and `TRAINING_DATA`.
    flower : int, default 0
        Row index of the flower.
    bias : {"b3", "b4", "b5"}

    Examples
    --------
    >>> from crossentropy import IrisNetwork, flower_central_difference
    >>> round(flower_central_difference(IrisNetwork(b3=-2.0), 0, "b3"), 6)  # p_Setosa - 1
    -0.849121
    """
    net, ds = network_or_default(network), data_or_default(data)
    b = OUTPUT_BIASES[_validate.output_bias(bias)]
    (i,) = row_indices(ds, [flower])
    return _central_difference(net, ds, i, b)


def chain_factors_table(
    network: IrisNetwork | None = None,
    data: Dataset | None = None,
    bias: str = "b3",
    digits: int = 4,
    flowers: Sequence[int] | None = None,
) -> str:
    r"""The three chain-rule factors of $\partial\,\mathrm{CE}/\partial b$ per flower, their product,
    the closed form, and a central-difference check; one column per flower.

    Rows: the observed species' probability; factor 1
    $\partial\,\mathrm{CE}/\partial p_{\text{observed}} = -1/p_{\text{observed}}$; factor 2
    $\partial p_{\text{observed}}/\partial z_k$; factor 3 $\partial z_k/\partial b$; their product
    (`bias_gradient`); the closed form $p_k - [\text{observed} = k]$ and its value (read off the
    forward pass); the central difference of the flower's cross entropy in $b$
    (`numerical_gradient`); and the relative error between product and difference.

    Parameters
    ----------
    network, data
        ``None`` means ``IrisNetwork()`` and `TRAINING_DATA`.
    bias : {"b3", "b4", "b5"}
    digits : int, default 4
    flowers : sequence of int or None
        Row indices of the flowers to show (default all).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, chain_factors_table
    >>> table = chain_factors_table(IrisNetwork(b3=-2.0), flowers=[0]).splitlines()
    >>> print("\n".join(table[:7]))
    | flower, observed | (0.04, 0.42) Setosa |
    | :--- | ---: |
    | $p_{\text{observed}}$ | 0.1509 |
    | factor 1: $\partial\,\mathrm{CE}/\partial p_{\text{observed}}$ | −6.6278 |
    | factor 2: $\partial p_{\text{observed}}/\partial z_{\text{Setosa}}$ | 0.1281 |
    | factor 3: $\partial z_{\text{Setosa}}/\partial b_3$ | 1 |
    | product | −0.8491 |
    >>> print("\n".join(table[7:10]))
    | closed form | $p_{\text{Setosa}} - 1$ |
    | closed form, evaluated | −0.8491 |
    | central difference | −0.8491 |
    """
    net, ds, d = network_or_default(network), data_or_default(data), _validate.decimals(digits)
    b = OUTPUT_BIASES[_validate.output_bias(bias)]
    k = OUTPUT_BIASES.index(b)
    zk = rf"z_{{\text{{{SPECIES[k]}}}}}"
    fp = net.forward(ds.inputs)
    columns = []
    for i in row_indices(ds, flowers):
        c = int(ds.labels[i])
        p = fp.probabilities[i]
        chain = bias_gradient(p, c, b)
        closed = float(p[k]) - (1.0 if c == k else 0.0)
        numeric = _central_difference(net, ds, i, b)
        columns.append(
            [
                f"{flower_label(ds.inputs[i])} {SPECIES[c]}",
                fmt(p[c], d),
                fmt(chain.dce_dp, d),
                fmt(chain.dp_dz, d),
                compact(chain.dz_db),
                fmt(chain.value, d),
                closed_form(b, c),
                fmt(closed, d),
                fmt(numeric, d),
                sci(relative_error(chain.value, numeric)),
            ]
        )
    labels = [
        "flower, observed",
        r"$p_{\text{observed}}$",
        r"factor 1: $\partial\,\mathrm{CE}/\partial p_{\text{observed}}$",
        rf"factor 2: $\partial p_{{\text{{observed}}}}/\partial {zk}$",
        rf"factor 3: $\partial {zk}/\partial b_{k + 3}$",
        "product",
        "closed form",
        "closed form, evaluated",
        "central difference",
        "relative error (product vs. difference)",
    ]
    header = [labels[0]] + [col[0] for col in columns]
    rows = [[label] + [col[j] for col in columns] for j, label in enumerate(labels) if j > 0]
    return md_table(header, rows, align="l" + "r" * len(columns))


def nine_case_check(network: IrisNetwork | None = None, data: Dataset | None = None, digits: int = 4) -> str:
    r"""Every output bias × every flower: closed form, chain-rule value, central difference.

    With the series' three flowers (one of each species) these are the nine cases
    bias × observed class. "chain rule" is the product of the three factors (`bias_gradient`),
    "central difference" the numerical derivative of the flower's cross entropy with respect to
    the bias, and "rel. error" their relative difference.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, nine_case_check
    >>> table = nine_case_check(IrisNetwork(b3=-2.0))
    >>> len(table.splitlines())
    11
    >>> print(table.splitlines()[3])  # doctest: +ELLIPSIS
    | $b_3$ | Virginica | $p_{\text{Setosa}}$ | 0.0351 | 0.0351 | ...e−... |
    """
    net, ds, d = network_or_default(network), data_or_default(data), _validate.decimals(digits)
    fp = net.forward(ds.inputs)
    rows = []
    for k, b in enumerate(OUTPUT_BIASES):
        for i in range(len(ds)):
            c = int(ds.labels[i])
            chain = bias_gradient(fp.probabilities[i], c, b)
            numeric = _central_difference(net, ds, i, b)
            rows.append(
                [
                    f"$b_{k + 3}$",
                    SPECIES[c],
                    closed_form(b, c),
                    fmt(chain.value, d),
                    fmt(numeric, d),
                    sci(relative_error(chain.value, numeric)),
                ]
            )
    header = ["bias", "observed", "closed form", "chain rule", "central difference", "rel. error"]
    return md_table(header, rows, align="lllrrr")


def slope_terms_table(
    network: IrisNetwork, data: Dataset = TRAINING_DATA, bias: str = "b3", digits: int = 4
) -> str:
    r"""Each flower's term of $\partial\,(\text{total CE})/\partial b$ as the product of the three chain-rule factors.

    The last row adds the terms: the slope of the total.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, slope_terms_table
    >>> print(slope_terms_table(IrisNetwork(b3=-2.0)).splitlines()[2])
    | (0.04, 0.42) Setosa | −6.6278 | 0.1281 | 1 | −0.8491 = $p_{\text{Setosa}} - 1$ |
    """
    net = _validate.check_network(network)
    d = _validate.instance(data, Dataset, "data")
    k = _validate.output_bias(bias)
    p = net.forward(d.inputs).probabilities
    rows, total = [], 0.0
    name = SPECIES[k]
    short = f"p_{{\\text{{{name}}}}}"
    for row, c, probs in zip(d.inputs, d.labels, p):
        chain = bias_gradient(probs, int(c), bias=bias)
        total += chain.value
        closed = f"${short} - 1$" if c == k else f"${short}$"
        rows.append(
            [
                f"{flower_label(row)} {SPECIES[c]}",
                fmt(chain.dce_dp, digits),
                fmt(chain.dp_dz, digits),
                fmt(chain.dz_db, 0),
                f"{fmt(chain.value, digits)} = {closed}",
            ]
        )
    rows.append(["**slope of the total**", "", "", "", f"**{fmt(total, digits)}**"])
    z = f"z_{{\\text{{{name}}}}}"
    header = [
        "flower, observed",
        "$\\partial\\mathrm{CE}/\\partial p_{\\text{obs}}$",
        f"$\\partial p_{{\\text{{obs}}}}/\\partial {z}$",
        f"$\\partial {z}/\\partial b_{k + 3}$",
        "product",
    ]
    return md_table(header, rows, align="lrrrr")
