r"""Tables of gradient-descent runs: Part 6's step table, learning rates side by side, three biases at once.

Examples
--------
>>> from crossentropy import IrisNetwork, TRAINING_DATA, descent_table, gradient_descent
>>> run = gradient_descent(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
>>> print(descent_table(run).splitlines()[-1])
| 10 | −0.0332 | 1.7747 | −0.0009 | −0.0009 | −0.0323 |
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import _validate
from ..chain import OUTPUT_BIASES
from ..descent import DescentResult
from ..formatting import compact, fmt, md_table
from ..learning_rates import crossings
from ..output_biases import bias_sums
from ._common import parameter_symbol

__all__ = [
    "descent_table",
    "learning_rate_table",
    "multi_bias_descent_table",
]


def _descent_result(result: object) -> DescentResult:
    run = _validate.instance(result, DescentResult, "result")
    if not run.history:
        raise ValueError("result must hold at least one step")
    return run


def descent_table(result: DescentResult, param: str = "b3", digits: int = 4) -> str:
    r"""Part 6's step table (the series works through the first step in this form): value, total CE,
    slope, step size and new value, one row per step.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent, descent_table
    >>> run = gradient_descent(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> print(descent_table(run).splitlines()[2])
    | 1 | −2.0000 | 2.6659 | −0.7732 | −0.7732 | −1.2268 |
    """
    run = _descent_result(result)
    rows = [
        [
            s.index,
            fmt(s.values[param], digits),
            fmt(s.loss, digits),
            fmt(s.slopes[param], digits),
            fmt(s.steps[param], digits),
            fmt(s.new_values[param], digits),
        ]
        for s in run.history
    ]
    b = f"$b_{param[1:]}$" if param[0] == "b" else f"$w_{{{param[1:]}}}$"
    header = ["step", b, "total cross entropy", "slope", "step size = rate × slope", f"new {b}"]
    return md_table(header, rows, align="rrrrrr")


def learning_rate_table(runs: Mapping[float, DescentResult], param: str = "b3", digits: int = 4) -> str:
    """One row per learning rate: steps, outcome, jumps over the minimum, final value and loss.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, compare_learning_rates, learning_rate_table
    >>> runs = compare_learning_rates(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, [1.0])
    >>> print(learning_rate_table(runs).splitlines()[-1])
    | 1 | 10 | settled: step below 0.001 | 0 | −0.0323 | 1.7747 |
    """
    rows = []
    for rate, res in runs.items():
        run = _descent_result(res)
        if run.converged:
            outcome = "settled: step below 0.001" if run.history else "settled"
        else:
            last = [s.values[param] for s in run.history[-2:]]
            outcome = f"not settled: still jumping between {fmt(last[0], 2)} and {fmt(last[1], 2)}"
        rows.append(
            [
                compact(rate),
                run.steps_taken,
                outcome,
                crossings(run, param),
                fmt(run.network.params[param], digits),
                fmt(run.final_loss, digits),
            ]
        )
    header = [
        "learning rate",
        "steps",
        "outcome",
        "jumps over the minimum",
        f"final {parameter_symbol(param)}",
        "total cross entropy",
    ]
    return md_table(header, rows, align="rrlrrr")


def multi_bias_descent_table(result: DescentResult, digits: int = 4) -> str:
    r"""Gradient descent on all three output biases, with their sum after every step.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent, multi_bias_descent_table
    >>> run = gradient_descent(
    ...     IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, params=("b3", "b4", "b5")
    ... )
    >>> print(multi_bias_descent_table(run).splitlines()[2])
    | 0 | −2.0000 | 0.0000 | 1.0000 | −1.0000 | 2.6659 |
    """
    run = _descent_result(result)
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
