r"""Tables and sentences for Parts 5–8: optimising $b_3$, gradient descent, all output biases, every weight.

Each function takes the objects the package computes (networks, descent results, training runs)
and returns Markdown; the pages print what these functions return.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

from crossentropy.chain import OUTPUT_BIASES, bias_gradient
from crossentropy.data import SPECIES, TRAINING_DATA, Dataset
from crossentropy.descent import DescentResult
from crossentropy.gradcheck import GradientCheck, check_network_gradients, numerical_gradient
from crossentropy.loss import cross_entropy, grad_logits, one_hot
from crossentropy.network import PARAMETER_ROLES, IrisNetwork
from crossentropy.report._format import fmt, md_table
from crossentropy.report.derivation import sci
from crossentropy.softmax import softmax_jacobian
from crossentropy.training import (
    TrainingRun,
    accuracy,
    active_counts,
    bias_curvature,
    bias_sums,
    crossings,
    jacobian_route,
    sweep_parameter,
)

__all__ = [
    "vector",
    "observed_table",
    "pink_curve_table",
    "slope_terms_table",
    "derivative_check",
    "descent_table",
    "learning_rate_table",
    "jacobian_route_table",
    "bias_gradient_table",
    "multi_bias_descent_table",
    "gradient_check_table",
    "output_weight_table",
    "hidden_weight_table",
    "training_table",
    "confusion_table",
    "gradient_check_summary",
    "accuracy_text",
]

_OUTPUT_WEIGHTS = {"w5": (0, 0), "w6": (0, 1), "w7": (1, 0), "w8": (1, 1), "w9": (2, 0), "w10": (2, 1)}
_HIDDEN_WEIGHTS = {"w1": (0, 0), "w2": (0, 1), "b1": (0, None), "w3": (1, 0), "w4": (1, 1), "b2": (1, None)}
_NODE = ("top", "bottom")
_FEATURE = ("petal width", "sepal width")


def _network(network: object) -> IrisNetwork:
    if not isinstance(network, IrisNetwork):
        raise TypeError(f"network must be an IrisNetwork, got {type(network).__name__}")
    return network


def _data(data: object) -> Dataset:
    if not isinstance(data, Dataset):
        raise TypeError(f"data must be a Dataset, got {type(data).__name__}")
    return data


def _result(result: object) -> DescentResult:
    if not isinstance(result, DescentResult):
        raise TypeError(f"result must be a DescentResult, got {type(result).__name__}")
    if not result.history:
        raise ValueError("result must hold at least one step")
    return result


def vector(values: ArrayLike, digits: int = 4) -> str:
    """A short vector as text: ``(−0.8491, 0.3966, 0.4525)``.

    Examples
    --------
    >>> vector([-0.84911, 0.5, 0.0])
    '(−0.8491, 0.5000, 0.0000)'
    """
    arr = np.asarray(values, dtype=np.float64).reshape(-1)
    return "(" + ", ".join(fmt(float(v), digits) for v in arr) + ")"


def _flower(row: ArrayLike) -> str:
    petal, sepal = (float(v) for v in np.asarray(row).reshape(-1))
    return f"({petal:.2f}, {sepal:.2f})"


# -- Part 5 -------------------------------------------------------------------------------------


def observed_table(network: IrisNetwork, data: Dataset = TRAINING_DATA, digits: int = 4) -> str:
    r"""Per flower: the Setosa raw output and probability, the observed class's probability and the cross entropy.

    The last row is the total cross entropy.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> print(observed_table(IrisNetwork(b3=-2.0)).splitlines()[-1])
    | **total** |  |  |  |  | **2.6659** |
    """
    net, d = _network(network), _data(data)
    fp = net.forward(d.inputs)
    ce = np.asarray(cross_entropy(fp.logits, d.labels, reduction="none"))
    rows = []
    for i, (row, c) in enumerate(zip(d.inputs, d.labels)):
        rows.append([
            _flower(row), SPECIES[c], fmt(fp.logits[i, 0], digits), fmt(fp.probabilities[i, 0], digits),
            fmt(fp.probabilities[i, c], digits), fmt(ce[i], digits),
        ])
    rows.append(["**total**", "", "", "", "", f"**{fmt(float(ce.sum()), digits)}**"])
    header = ["flower (petal, sepal)", "observed", "$z_{\\text{Setosa}}$", "$p_{\\text{Setosa}}$",
              "$p_{\\text{observed}}$", "cross entropy $-\\ln p_{\\text{observed}}$"]
    return md_table(header, rows, align="llrrrr")


def pink_curve_table(
    network: IrisNetwork, b3_values: Sequence[float], data: Dataset = TRAINING_DATA, digits: int = 4
) -> str:
    r"""Samples of the pink curve: total cross entropy, slope and curvature at each $b_3$.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> print(pink_curve_table(IrisNetwork(), [0.0]).splitlines()[-1])
    | 0 | 1.7750 | 0.0187 | 0.5944 |
    """
    net, d = _network(network), _data(data)
    sweep = sweep_parameter(net, d.inputs, d.labels, "b3", list(b3_values))
    rows = []
    for b, loss, slope in zip(sweep.values, sweep.losses, sweep.slopes):
        curvature = bias_curvature(net.replace(b3=float(b)), d.inputs, d.labels, "b3")
        rows.append([f"{float(b):g}".replace("-", "\N{MINUS SIGN}"), fmt(loss, digits), fmt(slope, digits),
                     fmt(curvature, digits)])
    header = ["$b_3$", "total cross entropy", "slope $\\sum (p_S - [\\text{obs} = S])$",
              "curvature $\\sum p_S(1 - p_S)$"]
    return md_table(header, rows, align="rrrr")


def slope_terms_table(network: IrisNetwork, data: Dataset = TRAINING_DATA, bias: str = "b3", digits: int = 4) -> str:
    r"""Each flower's term of $\partial\,(\text{total CE})/\partial b$ as the product of the three chain-rule factors.

    The last row adds the terms: the slope of the total.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> print(slope_terms_table(IrisNetwork(b3=-2.0)).splitlines()[2])
    | (0.04, 0.42) Setosa | −6.6278 | 0.1281 | 1 | −0.8491 = $p_{\text{Setosa}} - 1$ |
    """
    net, d = _network(network), _data(data)
    k = OUTPUT_BIASES.index(bias) if bias in OUTPUT_BIASES else None
    if k is None:
        raise ValueError(f"bias must be one of {OUTPUT_BIASES}, got {bias!r}")
    p = net.forward(d.inputs).probabilities
    rows, total = [], 0.0
    name = SPECIES[k]
    short = f"p_{{\\text{{{name}}}}}"
    for row, c, probs in zip(d.inputs, d.labels, p):
        chain = bias_gradient(probs, int(c), bias=bias)
        total += chain.value
        closed = f"${short} - 1$" if c == k else f"${short}$"
        rows.append([f"{_flower(row)} {SPECIES[c]}", fmt(chain.dce_dp, digits), fmt(chain.dp_dz, digits),
                     fmt(chain.dz_db, 0), f"{fmt(chain.value, digits)} = {closed}"])
    rows.append(["**slope of the total**", "", "", "", f"**{fmt(total, digits)}**"])
    z = f"z_{{\\text{{{name}}}}}"
    header = ["flower, observed", "$\\partial\\mathrm{CE}/\\partial p_{\\text{obs}}$",
              f"$\\partial p_{{\\text{{obs}}}}/\\partial {z}$", f"$\\partial {z}/\\partial b_{k + 3}$",
              "product"]
    return md_table(header, rows, align="lrrrr")


def derivative_check(network: IrisNetwork, params: Sequence[str] = ("b3",), data: Dataset = TRAINING_DATA,
                     eps: float = 1e-6) -> str:
    r"""One sentence per parameter: backpropagation's derivative beside a central difference of the total loss.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> print(derivative_check(IrisNetwork(b3=-2.0)))  # doctest: +ELLIPSIS
    Backpropagation gives ∂(total CE)/∂b3 = −0.77320100; the central difference ... gives −0.77320100 (relative difference ...).
    """
    net, d = _network(network), _data(data)
    rows = check_network_gradients(net, d.inputs, d.labels, params=tuple(params), eps=eps)
    return "\n\n".join(
        f"Backpropagation gives ∂(total CE)/∂{r.name} = {fmt(r.analytic, 8)}; the central difference "
        f"[L({r.name} + ε) − L({r.name} − ε)] / 2ε with ε = {sci(eps, 0)} gives {fmt(r.numerical, 8)} "
        f"(relative difference {sci(r.relative_error)})."
        for r in rows
    )


# -- Part 6 -------------------------------------------------------------------------------------


def descent_table(result: DescentResult, param: str = "b3", digits: int = 4) -> str:
    r"""The series' step table: value, total CE, slope, step size and new value, one row per step.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent
    >>> run = gradient_descent(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> print(descent_table(run).splitlines()[2])
    | 1 | −2.0000 | 2.6659 | −0.7732 | −0.7732 | −1.2268 |
    """
    run = _result(result)
    rows = [
        [s.index, fmt(s.values[param], digits), fmt(s.loss, digits), fmt(s.slopes[param], digits),
         fmt(s.steps[param], digits), fmt(s.new_values[param], digits)]
        for s in run.history
    ]
    b = f"$b_{param[1:]}$" if param[0] == "b" else f"$w_{{{param[1:]}}}$"
    header = ["step", b, "total cross entropy", "slope", "step size = rate × slope", f"new {b}"]
    return md_table(header, rows, align="rrrrrr")


def learning_rate_table(runs: Mapping[float, DescentResult], param: str = "b3", digits: int = 4) -> str:
    """One row per learning rate: steps, outcome, jumps over the minimum, final value and loss.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import compare_learning_rates
    >>> runs = compare_learning_rates(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, [1.0])
    >>> print(learning_rate_table(runs).splitlines()[-1])
    | 1 | 10 | settled: step below 0.001 | 0 | −0.0323 | 1.7747 |
    """
    rows = []
    for rate, res in runs.items():
        run = _result(res)
        if run.converged:
            outcome = "settled: step below 0.001" if run.history else "settled"
        else:
            last = [s.values[param] for s in run.history[-2:]]
            outcome = f"not settled: still jumping between {fmt(last[0], 2)} and {fmt(last[1], 2)}"
        rows.append([f"{rate:g}", run.steps_taken, outcome, crossings(run, param),
                     fmt(run.network.params[param], digits), fmt(run.final_loss, digits)])
    header = ["learning rate", "steps", "outcome", "jumps over the minimum", f"final {param}", "total cross entropy"]
    return md_table(header, rows, align="rrlrrr")


# -- Part 7 -------------------------------------------------------------------------------------


def jacobian_route_table(network: IrisNetwork, data: Dataset = TRAINING_DATA, digits: int = 4) -> str:
    r"""$\partial\,\mathrm{CE}/\partial z_k$ three ways, for every flower and raw output.

    Columns: the Jacobian entry $J_{ck} = \partial p_c/\partial z_k$ of the observed class $c$,
    the chain-rule product $(-1/p_c)\,J_{ck}$ (summed over the softmax outputs, only the observed
    one contributes), $p_k - y_k$ from ``grad_logits`` and a central difference of $-\ln p_c$.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> print(jacobian_route_table(IrisNetwork(b3=-2.0)).splitlines()[2])
    | (0.04, 0.42) Setosa | Setosa | 0.1281 | −0.8491 | −0.8491 | −0.8491 |
    """
    net, d = _network(network), _data(data)
    fp = net.forward(d.inputs)
    direct = np.asarray(grad_logits(fp.logits, d.labels, reduction="none"))
    rows = []
    for i, (row, c) in enumerate(zip(d.inputs, d.labels)):
        p = fp.probabilities[i]
        jac = softmax_jacobian(p)
        route = jacobian_route(p, int(c))
        numeric = numerical_gradient(lambda z, c=int(c): float(cross_entropy(z, c)), fp.logits[i])
        for k in range(len(SPECIES)):
            rows.append([
                f"{_flower(row)} {SPECIES[c]}" if k == 0 else "", SPECIES[k],
                fmt(jac[c, k], digits), fmt(route[k], digits), fmt(direct[i, k], digits), fmt(numeric[k], digits),
            ])
    header = ["flower, observed $c$", "raw output $k$", "$J_{ck}$", "$(-1/p_c)\\,J_{ck}$", "$p_k - y_k$",
              "central difference"]
    return md_table(header, rows, align="llrrrr")


def bias_gradient_table(network: IrisNetwork, data: Dataset = TRAINING_DATA, digits: int = 4) -> str:
    r"""The gradient with respect to $(b_3, b_4, b_5)$: each flower's $p - y$, their sum, and two checks.

    The last column adds across the three biases: every row sums to 0.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> print(bias_gradient_table(IrisNetwork(b3=-2.0)).splitlines()[5])
    | **sum over the flowers** | **−0.7732** | **0.3094** | **0.4638** | **0.0000** |
    """
    net, d = _network(network), _data(data)
    fp = net.forward(d.inputs)
    per_flower = fp.probabilities - one_hot(d.labels, len(SPECIES))
    rows = []
    for row, c, g in zip(d.inputs, d.labels, per_flower):
        rows.append([f"{_flower(row)} {SPECIES[c]}: $p - y$"] + [fmt(v, digits) for v in g] + [fmt(float(g.sum()), digits)])
    total = per_flower.sum(axis=0)
    rows.append(["**sum over the flowers**"] + [f"**{fmt(v, digits)}**" for v in total]
                + [f"**{fmt(float(total.sum()), digits)}**"])
    backprop = net.gradients(d.inputs, d.labels)
    bp = [backprop[b] for b in OUTPUT_BIASES]
    rows.append(["backpropagation (`IrisNetwork.gradients`)"] + [fmt(v, digits) for v in bp] + [fmt(sum(bp), digits)])
    checks = check_network_gradients(net, d.inputs, d.labels, params=OUTPUT_BIASES)
    num = [r.numerical for r in checks]
    rows.append(["central difference of the total loss"] + [fmt(v, digits) for v in num] + [fmt(sum(num), digits)])
    return md_table(["", "$b_3$ (Setosa)", "$b_4$ (Versicolor)", "$b_5$ (Virginica)", "sum"], rows, align="lrrrr")


def multi_bias_descent_table(result: DescentResult, digits: int = 4) -> str:
    r"""Gradient descent on all three output biases, with their sum after every step.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent
    >>> run = gradient_descent(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, params=("b3", "b4", "b5"))
    >>> print(multi_bias_descent_table(run).splitlines()[2])
    | 0 | −2.0000 | 0.0000 | 1.0000 | −1.0000 | 2.6659 |
    """
    run = _result(result)
    names = tuple(run.history[0].values)
    if set(names) != set(OUTPUT_BIASES):
        raise ValueError("result must be a descent over b3, b4 and b5")
    sums = bias_sums(run)
    states = [run.history[0].values] + [s.new_values for s in run.history]
    losses = [s.loss for s in run.history] + [run.final_loss]
    rows = [
        [i] + [fmt(state[b], digits) for b in OUTPUT_BIASES] + [fmt(total, digits), fmt(loss, digits)]
        for i, (state, total, loss) in enumerate(zip(states, sums, losses))
    ]
    header = ["after step", "$b_3$", "$b_4$", "$b_5$", "$b_3 + b_4 + b_5$", "total cross entropy"]
    return md_table(header, rows, align="rrrrrr")


# -- Part 8 -------------------------------------------------------------------------------------


def gradient_check_table(rows: Sequence[GradientCheck], digits: int = 6) -> str:
    """The 15 derivatives by backpropagation beside central differences, with their relative error.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, check_network_gradients
    >>> rows = check_network_gradients(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> print(gradient_check_table(rows).splitlines()[2])  # doctest: +ELLIPSIS
    | $w_{1}$ | petal width → top node | −0.752820 | −0.752820 | ... |
    """
    out = []
    for r in rows:
        if not isinstance(r, GradientCheck):
            raise TypeError(f"rows must hold GradientCheck records, got {type(r).__name__}")
        out.append([f"${r.name[0]}_{{{r.name[1:]}}}$", PARAMETER_ROLES[r.name], fmt(r.analytic, digits),
                    fmt(r.numerical, digits), sci(r.relative_error)])
    header = ["parameter", "connects", "backpropagation", "central difference", "relative error"]
    return md_table(header, out, align="llrrr")


def output_weight_table(network: IrisNetwork, weight: str = "w5", data: Dataset = TRAINING_DATA, digits: int = 4) -> str:
    r"""$\partial\,\mathrm{CE}/\partial w$ for an output weight, flower by flower: $\delta_k \times \mathrm{ReLU}$.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> print(output_weight_table(IrisNetwork(b3=-2.0)).splitlines()[-1])
    | **total** |  |  | **−1.4643** |
    """
    net, d = _network(network), _data(data)
    if weight not in _OUTPUT_WEIGHTS:
        raise ValueError(f"weight must be one of {tuple(_OUTPUT_WEIGHTS)}, got {weight!r}")
    k, j = _OUTPUT_WEIGHTS[weight]
    fp = net.forward(d.inputs)
    delta = np.asarray(grad_logits(fp.logits, d.labels, reduction="none"))[:, k]
    act = fp.hidden[:, j]
    rows = [[f"{_flower(row)} {SPECIES[c]}", fmt(dk, digits), fmt(a, digits), fmt(dk * a, digits)]
            for row, c, dk, a in zip(d.inputs, d.labels, delta, act)]
    rows.append(["**total**", "", "", f"**{fmt(float(delta @ act), digits)}**"])
    s = SPECIES[k]
    header = ["flower", f"$\\delta_{{\\text{{{s}}}}} = p - y$", f"ReLU({'u' if j == 0 else 'd'}) ({_NODE[j]} node)",
              "product"]
    return md_table(header, rows, align="lrrr")


def hidden_weight_table(network: IrisNetwork, weight: str = "w1", data: Dataset = TRAINING_DATA, digits: int = 4) -> str:
    r"""$\partial\,\mathrm{CE}/\partial w$ for a hidden-layer parameter, flower by flower.

    Columns: the signal arriving at the hidden node, $\sum_k w_{k}\delta_k$ over its three
    outgoing weights; the ReLU's derivative (1 if the node was positive, else 0); the input the
    parameter multiplies (1 for a bias); their product.

    Examples
    --------
    >>> from crossentropy import IrisNetwork
    >>> print(hidden_weight_table(IrisNetwork(b3=-2.0)).splitlines()[3])
    | (1.00, 0.54) Virginica | (0.0351, 0.2595, −0.2946) | 1.2674 | 0 | 1.0000 | 0.0000 |
    """
    net, d = _network(network), _data(data)
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
        [f"{_flower(row)} {SPECIES[c]}", vector(delta[i], digits), fmt(signal[i], digits), str(int(gate[i])),
         fmt(inputs[i], digits), fmt(product[i], digits)]
        for i, (row, c) in enumerate(zip(d.inputs, d.labels))
    ]
    rows.append(["**total**", "", "", "", "", f"**{fmt(float(product.sum()), digits)}**"])
    node = "u" if j == 0 else "d"
    ws = " + ".join(f"w_{{{n[1:]}}}\\delta_{{\\text{{{s[:2]}}}}}" for n, s in zip(outgoing, SPECIES))
    header = ["flower", "$\\delta = p - y$", f"signal ${ws}$", f"ReLU′({node})",
              "1 (bias)" if feature is None else _FEATURE[feature], "product"]
    return md_table(header, rows, align="lrrcrr")


def training_table(runs: Mapping[str, TrainingRun], data: Dataset, digits: int = 4) -> str:
    """Before and after each training run: mean cross entropy, accuracy and active hidden nodes.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import train
    >>> run = train(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, steps=10)
    >>> print(training_table({"example": run}, TRAINING_DATA).splitlines()[2])  # doctest: +ELLIPSIS
    | example | start | 0.8886 | 2 of 3 (66.7...%) | 2 / 2 |
    """
    d = _data(data)
    rows = []
    for label, run in runs.items():
        if not isinstance(run, TrainingRun):
            raise TypeError(f"runs[{label!r}] must be a TrainingRun, got {type(run).__name__}")
        for when, net, loss in (("start", run.start, run.initial_loss), (f"after {run.steps} steps", run.network, run.final_loss)):
            top, bottom = active_counts(net, d.inputs)
            rows.append([label if when == "start" else "", when, fmt(loss, digits), accuracy_text(net, d),
                         f"{top} / {bottom}"])
    header = ["start", "", f"{next(iter(runs.values())).reduction} cross entropy", "correct",
              "flowers on which the top / bottom node is active"]
    return md_table(header, rows, align="llrrr")


def confusion_table(matrix: ArrayLike) -> str:
    """A 3 × 3 confusion matrix: rows observed species, columns predicted species.

    Examples
    --------
    >>> print(confusion_table([[50, 0, 0], [0, 46, 4], [0, 3, 47]]).splitlines()[3])
    | **Versicolor** | 0 | **46** | 4 |
    """
    m = np.asarray(matrix)
    if m.shape != (len(SPECIES), len(SPECIES)):
        raise ValueError(f"matrix must have shape (3, 3), got {m.shape}")
    rows = [[f"**{s}**"] + [f"**{int(m[i, j])}**" if i == j else str(int(m[i, j])) for j in range(len(SPECIES))]
            for i, s in enumerate(SPECIES)]
    return md_table(["observed ↓ / predicted →", *SPECIES], rows, align="lrrr")



def gradient_check_summary(rows: Sequence[GradientCheck]) -> str:
    """One sentence: how many derivatives were checked and the largest relative error among them.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, check_network_gradients
    >>> rows = check_network_gradients(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> gradient_check_summary(rows).startswith("All 15 derivatives agree")
    True
    """
    checked = list(rows)
    if not checked:
        raise ValueError("rows must hold at least one GradientCheck")
    worst = max(checked, key=lambda r: r.relative_error)
    verdict = "agree" if worst.relative_error < 1e-6 else "do not all agree"
    return (
        f"All {len(checked)} derivatives {verdict} with their central differences: the largest relative "
        f"error is {sci(worst.relative_error)} (for {worst.name})."
        if verdict == "agree"
        else f"The derivatives {verdict} with their central differences: {worst.name} is off by a relative "
        f"{sci(worst.relative_error)}."
    )


def accuracy_text(network: IrisNetwork, data: Dataset) -> str:
    """How many flowers the network classifies correctly, as ``"143 of 150 (95.3 %)"``.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> accuracy_text(IrisNetwork(), TRAINING_DATA).replace("\N{NO-BREAK SPACE}", " ")  # no line break before %
    '3 of 3 (100.0 %)'
    """
    net, d = _network(network), _data(data)
    score = accuracy(net, d.inputs, d.labels)
    return f"{int(round(score * len(d)))} of {len(d)} ({100 * score:.1f}\N{NO-BREAK SPACE}%)"
