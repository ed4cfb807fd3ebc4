r"""Gradient descent from one start at several learning rates, and how often each jumps over the minimum.

Examples
--------
>>> from crossentropy import IrisNetwork, TRAINING_DATA, compare_learning_rates, crossings
>>> runs = compare_learning_rates(
...     IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, [0.5, 1.0]
... )
>>> [(rate, run.steps_taken, crossings(run)) for rate, run in runs.items()]
[(0.5, 21, 0), (1.0, 10, 0)]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from . import _validate
from .descent import DescentResult, gradient_descent
from .network import IrisNetwork

__all__ = [
    "compare_learning_rates",
    "crossings",
]


def compare_learning_rates(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    rates: Sequence[float],
    params: Sequence[str] = ("b3",),
    tol: float = 1e-3,
    max_steps: int = 200,
) -> dict[float, DescentResult]:
    r"""Run `gradient_descent` from the same start at each learning rate.

    Returns
    -------
    dict
        ``{learning_rate: DescentResult}`` in the order of `rates`.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, compare_learning_rates
    >>> runs = compare_learning_rates(
    ...     IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, [1.0, 4.0]
    ... )
    >>> [(r.steps_taken, r.stop_reason) for r in runs.values()]
    [(10, 'tolerance'), (200, 'max_steps')]
    """
    if isinstance(rates, (str, bytes)) or not isinstance(rates, (Sequence, np.ndarray)):
        raise TypeError(f"rates must be a sequence of learning rates, got {type(rates).__name__}")
    checked = [_validate.real_number(r, f"rates[{i}]", positive=True) for i, r in enumerate(rates)]
    if not checked:
        raise ValueError("rates must hold at least one learning rate")
    if len(set(checked)) != len(checked):
        raise ValueError(f"rates must be distinct, got {checked}")
    net = _validate.check_network(network)
    return {
        r: gradient_descent(net, inputs, labels, params=params, learning_rate=r, tol=tol, max_steps=max_steps)
        for r in checked
    }


def crossings(result: DescentResult, name: str = "b3") -> int:
    """How many steps of a descent jumped over the minimum: the slope after the step has the
    opposite sign of the slope before it (the last step included, through
    ``result.final_slopes``).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent, crossings
    >>> data = (TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> (
    ...     crossings(gradient_descent(IrisNetwork(b3=-2.0), *data)),
    ...     crossings(gradient_descent(IrisNetwork(b3=-2.0), *data, learning_rate=3.0)) > 5,
    ... )
    (0, True)
    """
    _validate.instance(result, DescentResult, "result")
    signs = np.sign([step.slopes[name] for step in result.history] + [result.final_slopes[name]])
    return int(np.count_nonzero(signs[1:] * signs[:-1] < 0))
