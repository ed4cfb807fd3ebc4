r"""Gradient descent on any chosen subset of the network's parameters.

Each step evaluates the total cross entropy and its slope with respect to the chosen
parameters at the current values, and moves every parameter against its slope:

$$\theta \leftarrow \theta - \eta\,\frac{\partial\,\mathrm{CE}}{\partial \theta},
\qquad \text{step size} = \eta\,\frac{\partial\,\mathrm{CE}}{\partial \theta}.$$

It stops after the first step whose largest step size is below the tolerance (this package's
rule, which can be switched off; how the series' own run ends is not known), after a fixed
number of steps, or when the next step would leave the floating-point range (a diverging run).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from ._backprop import gradient_vector
from .network import PARAMETER_NAMES, IrisNetwork

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
        The network after the last step (the last recorded step's `new_values`). After a
        ``"non-finite"`` stop it is the last network whose loss and slopes were finite.
    history : tuple of DescentStep
        Every step in order (empty when the run was made with ``record_steps=False``).
    converged : bool
        True if it stopped because a step fell below the tolerance.
    stop_reason : str
        ``"tolerance"`` (a step fell below `tol`), ``"max_steps"`` (the step limit was reached),
        or ``"non-finite"`` (the next step would have left the floating-point range: its
        parameters, loss or slopes overflowed, as a far too large learning rate makes them).
    final_loss : float
        The loss of `network` on the training data (from the same forward pass as its slopes).
    losses : numpy.ndarray of float64, shape (steps_taken,)
        The loss at the start of each step (read-only); recorded even without `history`.
    final_slopes : dict
        ``name -> slope`` of each descended parameter at `network`, after the last step (so the
        last step's effect on the slope can be read too, e.g. whether it jumped over the minimum).
    """

    network: IrisNetwork
    history: tuple[DescentStep, ...] = field(repr=False)
    converged: bool
    stop_reason: str
    final_loss: float
    losses: NDArray[np.float64] = field(repr=False, compare=False)  # an array: == compares the rest
    final_slopes: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def steps_taken(self) -> int:
        """Number of steps taken."""
        return int(self.losses.shape[0])

    @property
    def loss_curve(self) -> NDArray[np.float64]:
        """The loss after 0, 1, …, `steps_taken` steps: `losses` followed by `final_loss`."""
        return np.append(self.losses, self.final_loss)


def gradient_descent(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    params: Sequence[str] = ("b3",),
    learning_rate: float = 1.0,
    tol: float | None = 1e-3,
    max_steps: int = 1000,
    reduction: str = "sum",
    *,
    record_steps: bool = True,
) -> DescentResult:
    r"""Minimise the cross entropy over the parameters `params` by gradient descent.

    This is the package's one descent loop: the series' run on b3, and the runs on the three
    output biases and on all 15 parameters, are all this function with different arguments.

    Each step costs one forward and one backward pass over the flowers, which give the loss and
    the slopes at the same parameters; the loss is recorded at every step at no extra cost.

    Parameters
    ----------
    network : IrisNetwork
        The starting point (any network); parameters not in `params` stay fixed.
    inputs : array_like, shape (N, 2)
        Petal width and sepal width of each flower.
    labels : array_like of int, shape (N,)
        Observed species.
    params : sequence of str, default ("b3",)
        Names of the parameters to optimise: any non-empty subset of `PARAMETER_NAMES`, all 15
        included (``params=PARAMETER_NAMES`` trains the whole network).
    learning_rate : float, default 1.0
        $\eta$, positive.
    tol : float or None, default 1e-3
        Stop after the first step whose largest $|\text{step size}|$ is below `tol` (this
        package's rule; how the series' own run ends is not known). ``None`` switches the
        rule off: the run takes exactly `max_steps` steps
        (unless it diverges).
    max_steps : int, default 1000
        Stop after this many steps at the latest.
    reduction : {"sum", "mean"}, default "sum"
        Minimise the total cross entropy (the series) or its mean over the flowers.
    record_steps : bool, default True
        Keep a [DescentStep][crossentropy.descent.DescentStep] per step in `history`. Long runs
        that need only the loss curve (`DescentResult.losses`) can switch it off.

    Returns
    -------
    DescentResult

    Raises
    ------
    TypeError, ValueError
        Bad arguments; ValueError (overflow) also if the loss or slopes of the starting network
        already exceed the floating-point range. A run that diverges later is not an error: it
        stops with ``stop_reason="non-finite"`` and returns the last finite network.

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

    All 15 parameters for a fixed number of steps, keeping only the loss curve:

    >>> from crossentropy import PARAMETER_NAMES
    >>> run = gradient_descent(
    ...     IrisNetwork(),
    ...     TRAINING_DATA.inputs,
    ...     TRAINING_DATA.labels,
    ...     params=PARAMETER_NAMES,
    ...     learning_rate=0.1,
    ...     tol=None,
    ...     max_steps=200,
    ...     record_steps=False,
    ... )
    >>> run.stop_reason, run.steps_taken, len(run.history), bool(run.final_loss < run.losses[0])
    ('max_steps', 200, 0, True)
    """
    start = _validate.check_network(network)
    names = _validate.check_parameter_names(params, "params", allow_empty=False)
    eta = _validate.real_number(learning_rate, "learning_rate", positive=True)
    tolerance = None if tol is None else _validate.real_number(tol, "tol", nonnegative=True)
    limit = _validate.integer(max_steps, "max_steps", minimum=1)
    how = _validate.sum_or_mean(reduction, "gradient_descent")
    keep = _validate.boolean(record_steps, "record_steps")
    x, y = _validate.check_batch(inputs, labels)
    features = np.ascontiguousarray(x.T)
    positions = [PARAMETER_NAMES.index(n) for n in names]

    def evaluate(vector: NDArray[np.float64]) -> tuple[NDArray[np.float64], float, bool]:
        """Slopes of the chosen parameters and loss at `vector`, and whether both are finite."""
        grad, loss = gradient_vector(vector, features, y, how, with_loss=True)
        slopes, value = grad[positions], float(np.nan if loss is None else loss)
        return slopes, value, bool(np.isfinite(value) and np.all(np.isfinite(slopes)))

    vector = start.to_vector()
    slopes, loss, finite = evaluate(vector)
    if not finite:
        where = _validate.network_source(start, x)
        _validate.finite_result(np.append(slopes, loss), "the loss and slopes of network", where)
    history: list[DescentStep] = []
    losses: list[float] = []
    stop_reason = "max_steps"
    for index in range(1, limit + 1):
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is detected below
            steps = eta * slopes
            moved = vector.copy()
            moved[positions] -= steps
        finite = bool(np.all(np.isfinite(moved)))
        if finite:
            after_slopes, after_loss, finite = evaluate(moved)
        if not finite:
            stop_reason = "non-finite"
            break
        if keep:
            history.append(DescentStep(
                index,
                dict(zip(names, vector[positions].tolist())),
                loss,
                dict(zip(names, slopes.tolist())),
                dict(zip(names, steps.tolist())),
                dict(zip(names, moved[positions].tolist())),
            ))  # fmt: skip
        losses.append(loss)
        vector, slopes, loss = moved, after_slopes, after_loss
        if tolerance is not None and float(np.max(np.abs(steps))) < tolerance:
            stop_reason = "tolerance"
            break
    curve = np.array(losses, dtype=np.float64)
    curve.setflags(write=False)
    return DescentResult(
        network=start.with_vector(names, vector[positions]),
        history=tuple(history),
        converged=stop_reason == "tolerance",
        stop_reason=stop_reason,
        final_loss=loss,
        losses=curve,
        final_slopes=dict(zip(names, slopes.tolist(), strict=True)),
    )
