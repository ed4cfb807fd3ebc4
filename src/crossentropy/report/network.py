r"""Tables of the network: its data, its equations, its parameters and the forward pass at each flower.

Examples
--------
>>> from crossentropy import dataset_table
>>> print(dataset_table().splitlines()[2])
| 1 | 0.04 | 0.42 | Setosa |
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import _validate
from ..data import SPECIES, Dataset
from ..formatting import compact, fmt, md_table
from ..network import PARAMETER_NAMES, PARAMETER_ROLES, IrisNetwork
from ._common import data_or_default, flower_label, network_or_default, p_symbol, parameter_symbol, z_symbol

__all__ = [
    "dataset_table",
    "network_equations",
    "parameter_table",
    "forward_table",
]


def dataset_table(data: Dataset | None = None) -> str:
    r"""The observations: petal width, sepal width (both scaled to 0..1) and observed species.

    Examples
    --------
    >>> from crossentropy import dataset_table
    >>> print(dataset_table())
    | flower | petal width | sepal width | observed species |
    | ---: | ---: | ---: | :--- |
    | 1 | 0.04 | 0.42 | Setosa |
    | 2 | 1.00 | 0.54 | Virginica |
    | 3 | 0.50 | 0.37 | Versicolor |
    """
    ds = data_or_default(data)
    rows = [
        [i + 1, f"{ds.inputs[i, 0]:.2f}", f"{ds.inputs[i, 1]:.2f}", SPECIES[int(ds.labels[i])]]
        for i in range(len(ds))
    ]
    return md_table(["flower", "petal width", "sepal width", "observed species"], rows, align="rrrl")


def _tex_number(v: float) -> str:
    return f"{v:g}"


def _term(weight: float, symbol: str, first: bool = False) -> str:
    w = _tex_number(abs(weight))
    body = f"{w}\\,{symbol}"
    if first:
        return ("-" if weight < 0 else "") + body
    return (" - " if weight < 0 else " + ") + body


def network_equations(network: IrisNetwork | None = None) -> str:
    r"""The network's equations with its parameter values filled in, as a display-math block.

    $p$ is petal width, $s$ sepal width; every parameter is shown, zeros included.

    Examples
    --------
    >>> from crossentropy import network_equations
    >>> print(network_equations().splitlines()[2])
    u &= -2.5\,p + 0.6\,s + 1.6\\
    """
    w = network_or_default(network).params
    relu_u, relu_d = r"\mathrm{ReLU}(u)", r"\mathrm{ReLU}(d)"

    def affine(a: float, x: str, b: float, y: str, c: float) -> str:
        text = _term(a, x, True) + _term(b, y)
        return text + (" - " if c < 0 else " + ") + _tex_number(abs(c))

    rows = [
        ("u", affine(w["w1"], "p", w["w2"], "s", w["b1"])),
        ("d", affine(w["w3"], "p", w["w4"], "s", w["b2"])),
        (r"z_{\text{Setosa}}", affine(w["w5"], relu_u, w["w6"], relu_d, w["b3"])),
        (r"z_{\text{Versicolor}}", affine(w["w7"], relu_u, w["w8"], relu_d, w["b4"])),
        (r"z_{\text{Virginica}}", affine(w["w9"], relu_u, w["w10"], relu_d, w["b5"])),
    ]
    body = "\\\\\n".join(f"{lhs} &= {rhs}" for lhs, rhs in rows)
    return "$$\n\\begin{aligned}\n" + body + "\n\\end{aligned}\n$$"


def parameter_table(network: IrisNetwork | None = None, names: Sequence[str] = PARAMETER_NAMES) -> str:
    r"""The network's parameters: symbol, what each connects, value.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, parameter_table
    >>> print(parameter_table(IrisNetwork(b3=-2.0), names=["w1", "b3"]))
    | parameter | connects | value |
    | :--- | :--- | ---: |
    | $w_{1}$ | petal width → top node | −2.5 |
    | $b_{3}$ | Setosa output bias | −2 |
    """
    net = network_or_default(network)
    params = net.params
    rows = []
    for name in names:
        if name not in params:
            raise ValueError(f"names must hold parameter names {PARAMETER_NAMES}, got {name!r}")
        rows.append([parameter_symbol(name), PARAMETER_ROLES[name], compact(params[name])])
    return md_table(["parameter", "connects", "value"], rows, align="llr")


_FORWARD_COLUMNS = ("all", "hidden", "outputs", "probabilities")


def forward_table(
    network: IrisNetwork | None = None,
    data: Dataset | None = None,
    digits: int = 4,
    columns: str = "all",
    transpose: bool = False,
) -> str:
    r"""The forward pass at each flower, one row per flower (or one column, with `transpose`).

    Parameters
    ----------
    network : IrisNetwork or None
        ``None`` means ``IrisNetwork()``.
    data : Dataset or None
        ``None`` means `TRAINING_DATA`.
    digits : int, default 4
        Decimals shown.
    columns : {"all", "hidden", "outputs", "probabilities"}
        ``"hidden"``: $u$, $\mathrm{ReLU}(u)$, $d$, $\mathrm{ReLU}(d)$ and the blue and orange
        shares of the Setosa raw output; ``"outputs"``: the three raw outputs and the three
        probabilities; ``"probabilities"``: the probabilities only; ``"all"``: everything.
    transpose : bool, default False
        One column per flower and one row per quantity instead (narrower for few flowers).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, forward_table
    >>> print(forward_table(IrisNetwork(b3=-2.0), digits=2, columns="probabilities"))
    | flower, observed | $p_{\text{Setosa}}$ | $p_{\text{Versicolor}}$ | $p_{\text{Virginica}}$ |
    | :--- | ---: | ---: | ---: |
    | (0.04, 0.42) Setosa | 0.15 | 0.40 | 0.45 |
    | (1.00, 0.54) Virginica | 0.04 | 0.26 | 0.71 |
    | (0.50, 0.37) Versicolor | 0.04 | 0.65 | 0.31 |
    >>> print(forward_table(IrisNetwork(b3=-2.0), digits=2, columns="probabilities", transpose=True))
    | flower, observed | (0.04, 0.42) Setosa | (1.00, 0.54) Virginica | (0.50, 0.37) Versicolor |
    | :--- | ---: | ---: | ---: |
    | $p_{\text{Setosa}}$ | 0.15 | 0.04 | 0.04 |
    | $p_{\text{Versicolor}}$ | 0.40 | 0.26 | 0.65 |
    | $p_{\text{Virginica}}$ | 0.45 | 0.71 | 0.31 |
    """
    net, ds, d = network_or_default(network), data_or_default(data), _validate.decimals(digits)
    _validate.choice(columns, _FORWARD_COLUMNS, "columns")
    flip = _validate.boolean(transpose, "transpose")
    fp = net.forward(ds.inputs)
    header = ["flower, observed"]
    if columns in ("all", "hidden"):
        header += ["$u$", r"$\mathrm{ReLU}(u)$", "$d$", r"$\mathrm{ReLU}(d)$", "blue", "orange"]
    if columns in ("all", "outputs"):
        header += [z_symbol(k) for k in range(3)]
    if columns in ("all", "outputs", "probabilities"):
        header += [p_symbol(k) for k in range(3)]
    rows = []
    for i in range(len(ds)):
        row = [f"{flower_label(ds.inputs[i])} {SPECIES[int(ds.labels[i])]}"]
        if columns in ("all", "hidden"):
            u, dd = fp.hidden_sums[i]
            ru, rd = fp.hidden[i]
            blue, orange = fp.contributions[i, 0]
            row += [fmt(v, d) for v in (u, ru, dd, rd, blue, orange)]
        if columns in ("all", "outputs"):
            row += [fmt(v, d) for v in fp.logits[i]]
        if columns in ("all", "outputs", "probabilities"):
            row += [fmt(v, d) for v in fp.probabilities[i]]
        rows.append(row)
    if flip:
        header, rows = (
            [header[0]] + [r[0] for r in rows],
            [[h] + [r[j] for r in rows] for j, h in enumerate(header) if j],
        )
    return md_table(header, rows, align="l" + "r" * (len(header) - 1))
