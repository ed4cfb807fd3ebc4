r"""Gradient descent on any chosen subset of the network's parameters.

Each step evaluates the total cross entropy and its slope with respect to the chosen
parameters at the current values, and moves every parameter against its slope:

$$\theta \leftarrow \theta - \eta\,\frac{\partial\,\mathrm{CE}}{\partial \theta},
\qquad \text{step size} = \eta\,\frac{\partial\,\mathrm{CE}}{\partial \theta}.$$

It stops after the first step whose largest step size is below the tolerance (the series'
rule), or after a fixed number of steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from . import _validate
from .network import PARAMETER_NAMES, IrisNetwork, _check_names, _gradient_vector

__all__ = ["DescentStep", "DescentResult", "gradient_descent"]


@dataclass(frozen=True)
class DescentStep:
    """One iteration of gradient descent.

    Attributes
    ----------
    index : int
        1 for the first step.
    values : dict
        The chosen parameters before the step.
    loss : float
        The loss at `values` (total cross entropy unless ``reduction="mean"``).
    slopes : dict
        The derivative of the loss with respect to each chosen parameter at `values`.
    steps : dict
        Step size of each parameter: learning rate times slope.
    new_values : dict
        ``values - steps``.
    """

    index: int
    values: dict[str, float]
    loss: float
    slopes: dict[str, float]
    steps: dict[str, float]
    new_values: dict[str, float]

    @property
    def largest_step(self) -> float:
        """The largest absolute step size of this iteration."""
        return max(abs(v) for v in self.steps.values())


@dataclass(frozen=True)
class DescentResult:
    """What [gradient_descent][crossentropy.descent.gradient_descent] returns.

    Attributes
    ----------
    network : IrisNetwork
        The network after the last step.
    history : list of DescentStep
        Every step in order.
    converged : bool
        True if it stopped because a step fell below the tolerance.
    stop_reason : str
        ``"tolerance"``, ``"max_steps"`` or ``"non-finite"`` (the loss overflowed).
    final_loss : float
        The loss of `network` on the training data.
    """

    network: IrisNetwork
    history: list[DescentStep] = field(repr=False)
    converged: bool
    stop_reason: str
    final_loss: float

    @property
    def steps_taken(self) -> int:
        """Number of steps taken."""
        return len(self.history)


def gradient_descent(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    params: Sequence[str] = ("b3",),
    learning_rate: float = 1.0,
    tol: float = 1e-3,
    max_steps: int = 1000,
    reduction: str = "sum",
) -> DescentResult:
    r"""Minimise the cross entropy over the parameters `params` by gradient descent.

    Parameters
    ----------
    network : IrisNetwork
        The starting point; parameters not in `params` stay fixed.
    inputs : array_like, shape (N, 2)
        Petal width and sepal width of each flower.
    labels : array_like of int, shape (N,)
        Observed species.
    params : sequence of str, default ("b3",)
        Names of the parameters to optimise (any of w1 … w10, b1 … b5).
    learning_rate : float, default 1.0
        $\eta$, positive.
    tol : float, default 1e-3
        Stop after the first step whose largest $|\text{step size}|$ is below `tol`.
    max_steps : int, default 1000
        Stop after this many steps at the latest.
    reduction : {"sum", "mean"}, default "sum"
        Minimise the total cross entropy (the series) or its mean over the flowers.

    Returns
    -------
    DescentResult

    Examples
    --------
    The series' run: b3 from −2 at learning rate 1.

    >>> from crossentropy import IrisNetwork, TRAINING_DATA, gradient_descent
    >>> run = gradient_descent(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> first = run.history[0]
    >>> round(first.loss, 2), round(first.slopes["b3"], 2), round(first.new_values["b3"], 2)
    (2.67, -0.77, -1.23)
    >>> run.steps_taken, round(run.network.b3, 4), round(run.final_loss, 4)
    (10, -0.0323, 1.7747)
    """
    if not isinstance(network, IrisNetwork):
        raise TypeError(f"network must be an IrisNetwork, got {type(network).__name__}")
    if isinstance(params, str):
        raise TypeError(f"params must be a sequence of parameter names such as ('b3',), got the string {params!r}")
    names = _check_names(params, "params")
    if not names:
        raise ValueError("params must name at least one parameter")
    eta = _validate.real_number(learning_rate, "learning_rate", positive=True)
    tolerance = _validate.real_number(tol, "tol", nonnegative=True)
    limit = _validate.integer(max_steps, "max_steps", minimum=1)
    how = _validate.reduction(reduction)
    if how == "none":
        raise ValueError("reduction must be 'sum' or 'mean' for gradient_descent, got 'none'")
    x, y = network._batch(inputs, labels)
    features = np.ascontiguousarray(x.T)
    positions = [PARAMETER_NAMES.index(n) for n in names]

    history: list[DescentStep] = []
    vector = network.to_vector()
    stop_reason = "max_steps"
    for index in range(1, limit + 1):
        grad, loss = _gradient_vector(vector, features, y, how, with_loss=True)
        if not np.isfinite(loss):
            stop_reason = "non-finite"
            break
        values = {n: float(vector[i]) for n, i in zip(names, positions)}
        slopes = {n: float(grad[i]) for n, i in zip(names, positions)}
        steps = {n: eta * slopes[n] for n in names}
        new_values = {n: values[n] - steps[n] for n in names}
        if not all(np.isfinite(v) for v in new_values.values()):
            stop_reason = "non-finite"
            break
        step = DescentStep(index, values, float(loss), slopes, steps, new_values)
        history.append(step)
        vector = vector.copy()
        vector[positions] = [new_values[n] for n in names]
        if step.largest_step < tolerance:
            stop_reason = "tolerance"
            break
    current = network.replace(**{n: float(vector[i]) for n, i in zip(names, positions)})
    return DescentResult(
        network=current,
        history=history,
        converged=stop_reason == "tolerance",
        stop_reason=stop_reason,
        final_loss=current.loss(x, y, reduction=how),
    )
