"""What the descent figures share: the training flowers, a checked descent, its path and the
exact minimum over b3."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from crossentropy import TRAINING_DATA, DescentResult, bias_optimum

__all__ = ["check_result", "minimum_b3", "training_data", "visited"]


def training_data() -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    return TRAINING_DATA.inputs, TRAINING_DATA.labels


def check_result(result: object, argument: str = "result", param: str = "b3") -> DescentResult:
    if not isinstance(result, DescentResult):
        raise TypeError(f"{argument} must be a DescentResult, got {type(result).__name__}")
    if not result.history or param not in result.history[0].values:
        raise ValueError(f"{argument} must be a descent over {param!r} with at least one step")
    return result


def visited(result: DescentResult, param: str = "b3") -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The parameter values visited (start, after each step) and the loss at each."""
    values = [s.values[param] for s in result.history] + [result.network.params[param]]
    losses = [s.loss for s in result.history] + [result.final_loss]
    return np.array(values), np.array(losses)


def minimum_b3(network: Any) -> tuple[float, float]:
    """Where the total loss over b3 alone is lowest, and that loss (gradient descent run to a
    step below 1e-12, `crossentropy.bias_optimum`)."""
    x, y = training_data()
    optimum = bias_optimum(network, x, y, "b3")
    return optimum.limit, optimum.limit_loss
