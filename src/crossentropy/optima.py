r"""Where gradient descent on one output bias ends, and why: the minimum, its curvature, safe learning rates.

* [`bias_optimum`][crossentropy.optima.bias_optimum] runs the series' descent and the same
  descent to convergence, and gathers the numbers that explain the result
  ([`BiasOptimum`][crossentropy.optima.BiasOptimum]);
* [`rounded_descent`][crossentropy.optima.rounded_descent] repeats the descent "by hand", rounding
  to two decimals at every step, as the series rounds its first step.

Examples
--------
>>> from crossentropy import IrisNetwork, TRAINING_DATA, bias_optimum
>>> opt = bias_optimum(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
>>> round(opt.limit, 4), round(opt.curvature, 4)
(-0.0317, 0.5893)
"""

from __future__ import annotations

from dataclasses import dataclass

from numpy.typing import ArrayLike

from . import _validate
from .descent import DescentResult, gradient_descent
from .network import DEFAULT_PARAMETERS, IrisNetwork
from .sweeps import bias_curvature

__all__ = [
    "BiasOptimum",
    "bias_optimum",
    "rounded_descent",
]


@dataclass(frozen=True)
class BiasOptimum:
    r"""Gradient descent on one output bias, with what is needed to discuss where and how it ends.

    Attributes
    ----------
    bias : str
        ``"b3"``, ``"b4"`` or ``"b5"``.
    run : DescentResult
        The descent with the given stopping rule.
    limit : float
        Where the descent converges: the bias at the minimum (the same descent continued until
        its step is below $10^{-12}$).
    limit_loss : float
        The total loss there, the lowest reachable by moving this bias alone.
    reference : float
        StatQuest's trained value of the bias (``DEFAULT_PARAMETERS``).
    reference_loss : float
        The total loss with the bias at `reference`.
    curvature : float
        Second derivative of the total loss at `limit`, $\sum_n p_{k,n}(1 - p_{k,n})$.
    curvature_bound : float
        $N/4$, the largest the curvature can be anywhere ($p(1-p) \le 1/4$).
    learning_rate : float
        The learning rate of `run`.
    """

    bias: str
    run: DescentResult
    limit: float
    limit_loss: float
    reference: float
    reference_loss: float
    curvature: float
    curvature_bound: float
    learning_rate: float

    @property
    def gap(self) -> float:
        """How much higher the loss is at `reference` than at the minimum."""
        return self.reference_loss - self.limit_loss

    @property
    def contraction(self) -> float:
        r"""$1 - \eta\,c$: near the minimum each step is about this fraction of the previous one."""
        return 1.0 - self.learning_rate * self.curvature

    @property
    def last_ratio(self) -> float:
        """The last step of `run` divided by the one before (compare with `contraction`)."""
        steps = [s.steps[self.bias] for s in self.run.history]
        if len(steps) < 2:
            raise ValueError("the run took fewer than two steps")
        return steps[-1] / steps[-2]

    @property
    def fastest_rate(self) -> float:
        r"""$1/c$: the learning rate that would jump straight to the minimum if the curve were a parabola."""
        return 1.0 / self.curvature

    @property
    def unstable_rate(self) -> float:
        r"""$2/c$: above it, steps near the minimum overshoot by more than they started with."""
        return 2.0 / self.curvature

    @property
    def safe_rate(self) -> float:
        r"""$2/(N/4)$: below it every step lowers the loss, wherever it starts."""
        return 2.0 / self.curvature_bound


def bias_optimum(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    bias: str = "b3",
    learning_rate: float = 1.0,
    tol: float = 1e-3,
) -> BiasOptimum:
    """Run gradient descent on one output bias and gather the numbers that explain its result.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, bias_optimum
    >>> opt = bias_optimum(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    >>> opt.run.steps_taken, round(opt.limit, 4), round(opt.limit_loss, 4), round(opt.gap, 4)
    (10, -0.0317, 1.7747, 0.0003)
    """
    net = _validate.check_network(network)
    _validate.output_bias(bias)
    x, y = _validate.check_batch(inputs, labels)
    run = gradient_descent(net, x, y, params=(bias,), learning_rate=learning_rate, tol=tol)
    precise = gradient_descent(
        net, x, y, params=(bias,), learning_rate=learning_rate, tol=1e-12, max_steps=10_000
    )
    if not precise.converged:
        raise ValueError(f"the descent on {bias} does not settle at learning_rate={learning_rate}")
    at_limit = precise.network
    reference = float(DEFAULT_PARAMETERS[bias])
    return BiasOptimum(
        bias=bias,
        run=run,
        limit=at_limit.params[bias],
        limit_loss=precise.final_loss,
        reference=reference,
        reference_loss=net.replace(**{bias: reference}).loss(x, y),
        curvature=bias_curvature(at_limit, x, y, bias),
        curvature_bound=x.shape[0] / 4.0,
        learning_rate=float(learning_rate),
    )


def rounded_descent(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    bias: str = "b3",
    decimals: int = 2,
    learning_rate: float = 1.0,
    max_steps: int = 100,
) -> list[float]:
    """Gradient descent on one bias done "by hand": the bias and the slope rounded at every step.

    Returns the bias after each step (starting value first). Stops when the rounded slope is 0 —
    the hand calculation can go no further — or after `max_steps` steps.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, rounded_descent
    >>> rounded_descent(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels)[:3]
    [-2.0, -1.23, -0.66]
    """
    net = _validate.check_network(network)
    _validate.output_bias(bias)
    places = _validate.integer(decimals, "decimals", minimum=0)
    eta = _validate.real_number(learning_rate, "learning_rate", positive=True)
    limit = _validate.integer(max_steps, "max_steps", minimum=1)
    x, y = _validate.check_batch(inputs, labels)
    value = round(net.params[bias], places)
    path = [value]
    for _ in range(limit):
        slope = round(net.replace(**{bias: value}).gradients(x, y)[bias], places)
        if slope == 0.0:
            break
        value = round(value - eta * slope, places)
        path.append(value)
    return path
