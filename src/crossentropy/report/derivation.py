r"""Tables and values for the derivation pages (the network, softmax, cross entropy, and
$\partial\,\mathrm{CE}/\partial b$ for the output biases).

Every function returns text (a Markdown table) or already-computed numbers; the pages print them
at build time. All numbers come from the package: `IrisNetwork.forward`, `IrisNetwork.loss`,
`softmax`, `cross_entropy`, `bias_gradient` and `numerical_gradient`. Tables are Markdown with
inline `$…$` math in headers and a true minus sign in numbers.

Examples
--------
>>> from crossentropy import IrisNetwork
>>> from crossentropy.report.derivation import derivation_values
>>> v = derivation_values(IrisNetwork(b3=-2.0))
>>> round(v.total_ce, 4), round(v.slope, 4)
(2.6659, -0.7732)
>>> [f.species for f in v.flowers]
['Setosa', 'Virginica', 'Versicolor']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..chain import OUTPUT_BIASES, bias_gradient
from ..data import SPECIES, TRAINING_DATA, Dataset
from ..gradcheck import numerical_gradient, relative_error
from ..loss import cross_entropy
from ..network import PARAMETER_NAMES, PARAMETER_ROLES, IrisNetwork
from ..series import ARTICLES, ERRATA, PUBLISHED
from ..softmax import softmax
from ._format import MINUS, fmt, md_table

__all__ = [
    "FlowerValues",
    "DerivationValues",
    "flower_values",
    "derivation_values",
    "parameter_table",
    "forward_table",
    "softmax_steps",
    "observation_table",
    "rounding_table",
    "bias_reach_table",
    "chain_factors_table",
    "nine_case_check",
    "exact_values",
    "comparison_table",
    "closed_form",
    "sci",
    "training_table",
    "network_equations",
    "table_block",
]

_SHORT = {"Setosa": "S", "Versicolor": "Ve", "Virginica": "Vi"}


# -- argument checks ---------------------------------------------------------------------------
def _network(network: object) -> IrisNetwork:
    if network is None:
        return IrisNetwork()
    if not isinstance(network, IrisNetwork):
        raise TypeError(f"network must be an IrisNetwork or None, got {type(network).__name__}")
    return network


def _data(data: object) -> Dataset:
    if data is None:
        return TRAINING_DATA
    if not isinstance(data, Dataset):
        raise TypeError(f"data must be a Dataset or None, got {type(data).__name__}")
    return data


def _digits(digits: object) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 12:
        raise ValueError(f"digits must be an int in 0..12, got {digits!r}")
    return digits


def _bias(bias: object) -> str:
    if not isinstance(bias, str) or bias not in OUTPUT_BIASES:
        raise ValueError(f"bias must be one of {OUTPUT_BIASES}, got {bias!r}")
    return bias


def _rows(data: Dataset, flowers: Sequence[int] | None) -> list[int]:
    if flowers is None:
        return list(range(len(data)))
    out = []
    for i in flowers:
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)) or not 0 <= int(i) < len(data):
            raise ValueError(f"flowers must hold row indices in 0..{len(data) - 1}, got {i!r}")
        out.append(int(i))
    return out


# -- small formatting helpers ------------------------------------------------------------------
def sci(value: float, digits: int = 1) -> str:
    r"""A small number in scientific notation for tables, e.g. ``2.3e−10`` (true minus sign).

    Examples
    --------
    >>> from crossentropy.report.derivation import sci
    >>> sci(2.34e-10), sci(0.0)
    ('2.3e−10', '0')
    """
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"value must be finite, got {x}")
    if x == 0.0:
        return "0"
    return f"{x:.{_digits(digits)}e}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e").replace("-", MINUS)


def _flower(petal: float, sepal: float) -> str:
    return f"({petal:.2f}, {sepal:.2f})"


def _p(k: int) -> str:
    return rf"$p_{{\text{{{SPECIES[k]}}}}}$"


def _z(k: int) -> str:
    return rf"$z_{{\text{{{SPECIES[k]}}}}}$"


def closed_form(bias: str, observed: int | str) -> str:
    r"""The closed form of $\partial\,\mathrm{CE}/\partial b$ for one flower, as inline math.

    $p_k - 1$ when `bias` shifts the observed class's raw output ($k$ = observed), else $p_k$.

    Examples
    --------
    >>> from crossentropy.report.derivation import closed_form
    >>> closed_form("b3", "Setosa"), closed_form("b3", 2)
    ('$p_{\\text{Setosa}} - 1$', '$p_{\\text{Setosa}}$')
    """
    k = OUTPUT_BIASES.index(_bias(bias))
    c = SPECIES.index(observed) if isinstance(observed, str) else int(observed)
    if not 0 <= c < len(SPECIES):
        raise ValueError(f"observed must be a class index 0..2 or a species name, got {observed!r}")
    inner = rf"p_{{\text{{{SPECIES[k]}}}}}"
    return f"${inner} - 1$" if k == c else f"${inner}$"


# -- values for sentences ----------------------------------------------------------------------
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
        return _flower(self.petal, self.sepal)


def flower_values(network: IrisNetwork | None, flower: ArrayLike, observed: int | None = None) -> FlowerValues:
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

    >>> from crossentropy.report.derivation import flower_values
    >>> v = flower_values(None, [0.0, 1.0])
    >>> [round(z, 2) for z in v.logits], [round(p, 2) for p in v.probabilities]
    ([1.43, -0.44, 0.23], [0.69, 0.11, 0.21])
    """
    net = _network(network)
    x = np.asarray(flower, dtype=np.float64)
    if x.shape != (2,):
        raise ValueError(f"flower must be (petal width, sepal width), got shape {x.shape}")
    fp = net.forward(x)
    p = tuple(float(v) for v in fp.probabilities)
    extra: dict[str, object] = {}
    if observed is not None:
        if isinstance(observed, bool) or not isinstance(observed, (int, np.integer)) or not 0 <= observed < 3:
            raise ValueError(f"observed must be a class index 0..2 or None, got {observed!r}")
        c = int(observed)
        extra = {
            "observed": c,
            "species": SPECIES[c],
            "p_observed": p[c],
            "ce": float(cross_entropy(fp.logits, c, reduction="sum")),
        }
    return FlowerValues(
        petal=float(x[0]),
        sepal=float(x[1]),
        hidden_sums=(float(fp.hidden_sums[0]), float(fp.hidden_sums[1])),
        hidden=(float(fp.hidden[0]), float(fp.hidden[1])),
        blue=float(fp.contributions[0, 0]),
        orange=float(fp.contributions[0, 1]),
        logits=tuple(float(v) for v in fp.logits),  # type: ignore[arg-type]
        exponentials=tuple(float(v) for v in np.exp(fp.logits)),  # type: ignore[arg-type]
        probabilities=p,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
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
    """

    b3: float
    flowers: tuple[FlowerValues, ...]
    total_ce: float
    slope_terms: tuple[float, ...]
    slope: float

    def by_species(self, species: str) -> FlowerValues:
        """The first flower observed as `species`."""
        for f in self.flowers:
            if f.species == species:
                return f
        raise ValueError(f"species must be one observed in the data {[f.species for f in self.flowers]}, got {species!r}")


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
    >>> from crossentropy.report.derivation import derivation_values
    >>> v = derivation_values()  # StatQuest's trained network, b3 = 0
    >>> [round(f.ce, 4) for f in v.flowers], round(v.total_ce, 4)
    ([0.5662, 0.5514, 0.6573], 1.775)
    >>> round(v.by_species("Versicolor").p_observed, 4)
    0.5182
    """
    net, ds = _network(network), _data(data)
    flowers = tuple(flower_values(net, ds.inputs[i], int(ds.labels[i])) for i in range(len(ds)))
    terms = tuple(bias_gradient(f.probabilities, f.observed, "b3").value for f in flowers)  # type: ignore[arg-type]
    return DerivationValues(
        b3=net.b3,
        flowers=flowers,
        total_ce=net.loss(ds.inputs, ds.labels),
        slope_terms=terms,
        slope=net.gradients(ds.inputs, ds.labels)["b3"],
    )


# -- tables ------------------------------------------------------------------------------------
def table_block(table: str, id: str) -> str:
    r"""Wrap a Markdown table in ``<div class="ce-table" id="…" markdown="1">`` so that pages and
    tests can find it by id.

    Print it from a block with ``idprefix=""`` (markdown-exec otherwise prefixes the id).

    Examples
    --------
    >>> from crossentropy.report.derivation import table_block
    >>> print(table_block("| a |\n| --- |\n| 1 |", "demo"))
    <div class="ce-table" id="demo" markdown="1">
    <BLANKLINE>
    | a |
    | --- |
    | 1 |
    <BLANKLINE>
    </div>
    """
    if not isinstance(id, str) or not id or not all(ch.isalnum() or ch in "-_" for ch in id):
        raise ValueError(f"id must be a non-empty string of letters, digits, '-' and '_', got {id!r}")
    if not isinstance(table, str):
        raise TypeError(f"table must be a str, got {type(table).__name__}")
    return f'<div class="ce-table" id="{id}" markdown="1">\n\n{table.strip()}\n\n</div>'


def training_table(data: Dataset | None = None) -> str:
    r"""The observations: petal width, sepal width (both scaled to 0..1) and observed species.

    Examples
    --------
    >>> from crossentropy.report.derivation import training_table
    >>> print(training_table())
    | flower | petal width | sepal width | observed species |
    | ---: | ---: | ---: | :--- |
    | 1 | 0.04 | 0.42 | Setosa |
    | 2 | 1.00 | 0.54 | Virginica |
    | 3 | 0.50 | 0.37 | Versicolor |
    """
    ds = _data(data)
    rows = [[i + 1, f"{ds.inputs[i, 0]:.2f}", f"{ds.inputs[i, 1]:.2f}", SPECIES[int(ds.labels[i])]] for i in range(len(ds))]
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
    >>> from crossentropy.report.derivation import network_equations
    >>> print(network_equations().splitlines()[2])
    u &= -2.5\,p + 0.6\,s + 1.6\\
    """
    w = _network(network).params
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


def _symbol(name: str) -> str:
    return f"${name[0]}_{{{name[1:]}}}$"


def _value(v: float) -> str:
    text = f"{v:g}"
    return text.replace("-", MINUS)


def parameter_table(network: IrisNetwork | None = None, names: Sequence[str] = PARAMETER_NAMES) -> str:
    r"""The network's parameters: symbol, what each connects, value.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> from crossentropy.report.derivation import parameter_table
    >>> print(parameter_table(IrisNetwork(b3=-2.0), names=["w1", "b3"]))
    | parameter | connects | value |
    | :--- | :--- | ---: |
    | $w_{1}$ | petal width → top node | −2.5 |
    | $b_{3}$ | Setosa output bias | −2 |
    """
    net = _network(network)
    params = net.params
    rows = []
    for name in names:
        if name not in params:
            raise ValueError(f"names must hold parameter names {PARAMETER_NAMES}, got {name!r}")
        rows.append([_symbol(name), PARAMETER_ROLES[name], _value(params[name])])
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
    >>> from crossentropy import IrisNetwork
    >>> from crossentropy.report.derivation import forward_table
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
    net, ds, d = _network(network), _data(data), _digits(digits)
    if columns not in _FORWARD_COLUMNS:
        raise ValueError(f"columns must be one of {_FORWARD_COLUMNS}, got {columns!r}")
    fp = net.forward(ds.inputs)
    header = ["flower, observed"]
    if columns in ("all", "hidden"):
        header += ["$u$", r"$\mathrm{ReLU}(u)$", "$d$", r"$\mathrm{ReLU}(d)$", "blue", "orange"]
    if columns in ("all", "outputs"):
        header += [_z(k) for k in range(3)]
    if columns in ("all", "outputs", "probabilities"):
        header += [_p(k) for k in range(3)]
    rows = []
    for i in range(len(ds)):
        row = [f"{_flower(*ds.inputs[i])} {SPECIES[int(ds.labels[i])]}"]
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
    if not isinstance(transpose, bool):
        raise TypeError(f"transpose must be True or False, got {type(transpose).__name__}")
    if transpose:
        header, rows = [header[0]] + [r[0] for r in rows], [[h] + [r[j] for r in rows] for j, h in enumerate(header) if j]
    return md_table(header, rows, align="l" + "r" * (len(header) - 1))


def softmax_steps(logits: ArrayLike, digits: int = 4) -> str:
    r"""Softmax worked out step by step: each raw output, its exponential, its share of the sum.

    Parameters
    ----------
    logits : array_like, shape (3,)
        Raw outputs (Setosa, Versicolor, Virginica).
    digits : int, default 4

    Examples
    --------
    >>> from crossentropy.report.derivation import softmax_steps
    >>> print(softmax_steps([1.43, -0.44, 0.23], digits=2))
    | species | raw output $z$ | $e^{z}$ | $p = e^{z} / \sum e^{z}$ |
    | :--- | ---: | ---: | ---: |
    | Setosa | 1.43 | 4.18 | 0.69 |
    | Versicolor | −0.44 | 0.64 | 0.11 |
    | Virginica | 0.23 | 1.26 | 0.21 |
    | **sum** |  | 6.08 | 1.00 |
    """
    d = _digits(digits)
    z = np.asarray(logits, dtype=np.float64)
    if z.shape != (3,) or not np.all(np.isfinite(z)):
        raise ValueError(f"logits must be 3 finite raw outputs, got {logits!r}")
    e = np.exp(z)
    p = softmax(z)
    rows = [[SPECIES[k], fmt(z[k], d), fmt(e[k], d), fmt(p[k], d)] for k in range(3)]
    rows.append(["**sum**", "", fmt(float(e.sum()), d), fmt(float(p.sum()), d)])
    return md_table(["species", "raw output $z$", "$e^{z}$", r"$p = e^{z} / \sum e^{z}$"], rows, align="lrrr")


def observation_table(network: IrisNetwork | None = None, data: Dataset | None = None, digits: int = 4) -> str:
    r"""Per flower: observed species, the observed class's probability and the cross entropy; a
    total row.

    Examples
    --------
    >>> from crossentropy.report.derivation import observation_table
    >>> print(observation_table(digits=4))  # b3 = 0
    | flower | observed | $p_{\text{observed}}$ | $\mathrm{CE} = -\ln p_{\text{observed}}$ |
    | :--- | :--- | ---: | ---: |
    | (0.04, 0.42) | Setosa | 0.5677 | 0.5662 |
    | (1.00, 0.54) | Virginica | 0.5761 | 0.5514 |
    | (0.50, 0.37) | Versicolor | 0.5182 | 0.6573 |
    | **total** |  |  | **1.7750** |
    """
    net, ds, d = _network(network), _data(data), _digits(digits)
    fp = net.forward(ds.inputs)
    losses = cross_entropy(fp.logits, ds.labels, reduction="none")
    rows = []
    for i in range(len(ds)):
        c = int(ds.labels[i])
        rows.append([_flower(*ds.inputs[i]), SPECIES[c], fmt(fp.probabilities[i, c], d), fmt(losses[i], d)])
    rows.append(["**total**", "", "", f"**{fmt(net.loss(ds.inputs, ds.labels), d)}**"])
    header = ["flower", "observed", r"$p_{\text{observed}}$", r"$\mathrm{CE} = -\ln p_{\text{observed}}$"]
    return md_table(header, rows, align="llrr")


def rounding_table(network: IrisNetwork | None = None, data: Dataset | None = None, digits: int = 2) -> str:
    r"""Cross entropy from probabilities rounded to `digits` decimals beside the exact one.

    Shows how rounding the probability first (as the series' cross-entropy articles did) shifts
    the cross entropy and its total.

    Examples
    --------
    >>> from crossentropy.report.derivation import rounding_table
    >>> print(rounding_table())  # b3 = 0
    | flower | observed | $p_{\text{observed}}$ | rounded $p$ | $-\ln$(rounded $p$) | exact $\mathrm{CE}$ |
    | :--- | :--- | ---: | ---: | ---: | ---: |
    | (0.04, 0.42) | Setosa | 0.5677 | 0.57 | 0.56 | 0.5662 |
    | (1.00, 0.54) | Virginica | 0.5761 | 0.58 | 0.54 | 0.5514 |
    | (0.50, 0.37) | Versicolor | 0.5182 | 0.52 | 0.65 | 0.6573 |
    | **total** |  |  |  | **1.75** | **1.7750** |
    """
    net, ds, d = _network(network), _data(data), _digits(digits)
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
        rows.append([_flower(*ds.inputs[i]), SPECIES[c], fmt(p, 4), fmt(p_rounded, d), fmt(ce_rounded, d), fmt(losses[i], 4)])
    rows.append(["**total**", "", "", "", f"**{fmt(total_rounded, d)}**", f"**{fmt(net.loss(ds.inputs, ds.labels), 4)}**"])
    header = ["flower", "observed", r"$p_{\text{observed}}$", "rounded $p$", r"$-\ln$(rounded $p$)", r"exact $\mathrm{CE}$"]
    return md_table(header, rows, align="llrrrr")


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
    >>> from crossentropy import IrisNetwork
    >>> from crossentropy.report.derivation import bias_reach_table
    >>> table = bias_reach_table(IrisNetwork(b3=-2.0), digits=2)
    >>> print("\n".join(table.splitlines()[:2] + table.splitlines()[6:8]))
    | quantity | $b_3$ = −2 | $b_3$ = −1 | change |
    | :--- | ---: | ---: | ---: |
    | $z_{\text{Setosa}}$ (green) | −0.96 | 0.04 | +1.00 |
    | $z_{\text{Versicolor}}$ | 0.00 | 0.00 | 0.00 |
    """
    net, ds, d, b = _network(network), _data(data), _digits(digits), _bias(bias)
    (i,) = _rows(ds, [flower])
    step = float(delta)
    if not math.isfinite(step) or step == 0.0:
        raise ValueError(f"delta must be a finite non-zero number, got {delta!r}")
    before_value = net.params[b]
    after = net.replace(**{b: before_value + step})
    c = int(ds.labels[i])

    def column(n: IrisNetwork) -> list[float]:
        v = flower_values(n, ds.inputs[i], c)
        return [*v.hidden_sums, v.blue, v.orange, *v.logits, *v.probabilities, v.ce]  # type: ignore[list-item]

    k = OUTPUT_BIASES.index(b)
    names = ["$u$ (top node)", "$d$ (bottom node)", "blue share", "orange share"]
    names += [_z(j) + (" (green)" if j == 0 else "") for j in range(3)]
    names += [_p(j) for j in range(3)]
    names += [rf"$\mathrm{{CE}}$ (observed {SPECIES[c]})"]
    rows = []
    for name, x0, x1 in zip(names, column(net), column(after)):
        rows.append([name, fmt(x0, d), fmt(x1, d), fmt(x1 - x0, d, signed=True)])
    sym = f"$b_{k + 3}$"
    header = ["quantity", f"{sym} = {_value(before_value)}", f"{sym} = {_value(before_value + step)}", "change"]
    return md_table(header, rows, align="lrrr")


def _flower_loss(network: IrisNetwork, ds: Dataset, i: int, bias: str):  # noqa: ANN202
    x, y = ds.inputs[i : i + 1], ds.labels[i : i + 1]

    def loss_at(b: np.ndarray) -> float:
        return network.replace(**{bias: float(b)}).loss(x, y)

    return loss_at


def _central_difference(network: IrisNetwork, ds: Dataset, i: int, bias: str) -> float:
    return float(numerical_gradient(_flower_loss(network, ds, i, bias), network.params[bias]))


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
    >>> from crossentropy import IrisNetwork
    >>> from crossentropy.report.derivation import chain_factors_table
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
    net, ds, d, b = _network(network), _data(data), _digits(digits), _bias(bias)
    k = OUTPUT_BIASES.index(b)
    zk = rf"z_{{\text{{{SPECIES[k]}}}}}"
    fp = net.forward(ds.inputs)
    columns = []
    for i in _rows(ds, flowers):
        c = int(ds.labels[i])
        p = fp.probabilities[i]
        chain = bias_gradient(p, c, b)
        closed = float(p[k]) - (1.0 if c == k else 0.0)
        numeric = _central_difference(net, ds, i, b)
        columns.append(
            [
                f"{_flower(*ds.inputs[i])} {SPECIES[c]}",
                fmt(p[c], d),
                fmt(chain.dce_dp, d),
                fmt(chain.dp_dz, d),
                _value(chain.dz_db),
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
    >>> from crossentropy import IrisNetwork
    >>> from crossentropy.report.derivation import nine_case_check
    >>> table = nine_case_check(IrisNetwork(b3=-2.0))
    >>> len(table.splitlines())
    11
    >>> print(table.splitlines()[3])  # doctest: +ELLIPSIS
    | $b_3$ | Virginica | $p_{\text{Setosa}}$ | 0.0351 | 0.0351 | ...e−... |
    """
    net, ds, d = _network(network), _data(data), _digits(digits)
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


# -- the series' printed numbers beside the exact ones -----------------------------------------
def exact_values() -> dict[str, float | tuple[float, ...]]:
    r"""The exact value of every number the series printed (the keys of `series.PUBLISHED`).

    Prequel numbers use StatQuest's trained network ($b_3 = 0$), Parts 5 and 6 the series'
    starting point $b_3 = -2$. Tuples follow the printed tuples' order.

    Examples
    --------
    >>> from crossentropy.report.derivation import exact_values
    >>> exact = exact_values()
    >>> round(exact["C2.ce_total"], 4), round(exact["part6.new_b3"], 4)
    (1.775, -1.2268)
    """
    net0, net2 = IrisNetwork(), IrisNetwork(b3=-2.0)
    x, y = TRAINING_DATA.inputs, TRAINING_DATA.labels
    corner = flower_values(net0, [0.0, 1.0])
    v0, v2 = derivation_values(net0), derivation_values(net2)
    slope = v2.slope
    lr = 1.0
    winner = int(np.argmax(corner.logits))
    out: dict[str, float | tuple[float, ...]] = {
        "P1.top_node_at_0_0": flower_values(net0, [0.0, 0.0]).hidden[0],
        "P1.top_node_at_0.2_0": flower_values(net0, [0.2, 0.0]).hidden[0],
        "P1.w2": net0.w2,
        "P3.setosa_at_0.5_0.37": flower_values(net0, [0.5, 0.37]).logits[0],
        "A1.setosa_at_0_1": corner.logits[0],
        "A1.versicolor_at_0_1": corner.logits[1],
        "A1.virginica_at_0_1": corner.logits[2],
        "A1.argmax_at_0_1": tuple(1.0 if j == winner else 0.0 for j in range(3)),
        "S1.softmax_at_0_1": corner.probabilities,
        "C1.logits_row1": v0.flowers[0].logits,
        "C1.softmax_row1": v0.flowers[0].probabilities,
        "C1.ce_row1": v0.flowers[0].ce,  # type: ignore[dict-item]
        "C2.ce_rows": tuple(f.ce for f in v0.flowers),  # type: ignore[misc]
        "C2.ce_total": v0.total_ce,
        "C2.p_setosa_marked": v0.flowers[0].probabilities[0],
        "part5.b3_start": net2.b3,
        "part5.fixed_biases": (net2.b1, net2.b2, net2.b4, net2.b5),
        "part5.p_observed": tuple(f.p_observed for f in v2.flowers),  # type: ignore[misc]
        "part5.ce_rows": tuple(f.ce for f in v2.flowers),  # type: ignore[misc]
        "part5.ce_total": net2.loss(x, y),
        "part6.term_setosa_p": v2.flowers[0].probabilities[0],
        "part6.term_virginica": v2.slope_terms[1],
        "part6.term_versicolor": v2.slope_terms[2],
        "part6.slope": slope,
        "part6.learning_rate": lr,
        "part6.step": lr * slope,
        "part6.new_b3": net2.b3 - lr * slope,
    }
    return {key: out[key] for key in PUBLISHED}


def comparison_table(keys: Sequence[str], digits: int = 4, labels: Mapping[str, str] | None = None) -> str:
    r"""The series' printed numbers beside the exact values, with a verdict per row.

    Columns: the article (its short name), the quantity, the printed value, the exact value (to
    `digits` decimals), the exact value at the printed rounding, and whether they agree (naming
    the erratum when they do not).

    Parameters
    ----------
    keys : sequence of str
        Keys of `crossentropy.series.PUBLISHED`.
    digits : int, default 4
    labels : mapping of str to str, optional
        Shorter names for the quantities, by key (default: each record's ``quantity``).

    Examples
    --------
    >>> from crossentropy.report.derivation import comparison_table
    >>> print(comparison_table(["C2.ce_total", "part5.ce_total"], labels={"C2.ce_total": "total CE"}))
    | article | quantity | printed | exact | exact, rounded as printed | verdict |
    | :--- | :--- | ---: | ---: | ---: | :--- |
    | Cross entropy, part 2 | total CE | 1.75 | 1.7750 | 1.77 | differs (E4) |
    | Derivatives, Part 5 | total cross entropy, b3 = −2 | 2.67 | 2.6659 | 2.67 | agrees |
    """
    d = _digits(digits)
    names = dict(labels or {})
    exact = exact_values()
    rows = []
    for key in keys:
        if key not in PUBLISHED:
            raise ValueError(f"keys must be keys of crossentropy.series.PUBLISHED, got {key!r}")
        rec = PUBLISHED[key]
        value = exact[key]
        values = value if isinstance(value, tuple) else (value,)
        if rec.agrees_with(values):
            verdict = "agrees"
        else:
            ids = [e.id for e in ERRATA if key in e.published]
            verdict = f"differs ({', '.join(ids)})" if ids else "differs"
        rows.append(
            [
                ARTICLES[rec.where].short,
                names.get(key, rec.quantity),
                rec.display,
                ", ".join(fmt(v, d) for v in values),
                ", ".join(fmt(v, rec.digits) for v in values),
                verdict,
            ]
        )
    header = ["article", "quantity", "printed", "exact", "exact, rounded as printed", "verdict"]
    return md_table(header, rows, align="llrrrl")
