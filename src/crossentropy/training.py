r"""Training all 15 parameters by gradient descent for a fixed number of steps, and Part 8's run on
the 150 Iris flowers.

Examples
--------
>>> from crossentropy import train_full_iris
>>> run = train_full_iris(steps=10)
>>> run.steps, run.recorded_steps.tolist(), run.final_loss < run.initial_loss
(10, [0, 5, 10], True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .data import load_iris
from .descent import gradient_descent
from .network import PARAMETER_NAMES, IrisNetwork

__all__ = [
    "FULL_IRIS_SEED",
    "FULL_IRIS_LEARNING_RATE",
    "FULL_IRIS_STEPS",
    "TrainingRun",
    "train",
    "train_full_iris",
    "loss_rises",
    "largest_rise",
]


FULL_IRIS_SEED = 1
"""Seed of `IrisNetwork.random` for the full-data training run of Part 8."""
FULL_IRIS_LEARNING_RATE = 1.0
"""Learning rate of that run (on the mean cross entropy)."""
FULL_IRIS_STEPS = 1000
"""Number of gradient-descent steps of that run."""


@dataclass(frozen=True)
class TrainingRun:
    """A plain gradient-descent run on all 15 parameters.

    Attributes
    ----------
    start : IrisNetwork
        The network before the first step.
    network : IrisNetwork
        The network after the last step.
    learning_rate : float
    steps : int
        Number of steps taken.
    reduction : str
        ``"mean"`` or ``"sum"``: which cross entropy was minimised.
    recorded_steps : numpy.ndarray of int
        Step counts at which the loss was recorded (0 is the start, the last is `steps`).
    losses : numpy.ndarray
        The loss at each recorded step.
    """

    start: IrisNetwork
    network: IrisNetwork
    learning_rate: float
    steps: int
    reduction: str
    recorded_steps: NDArray[np.intp]
    losses: NDArray[np.float64]

    @property
    def initial_loss(self) -> float:
        """The loss before training."""
        return float(self.losses[0])

    @property
    def final_loss(self) -> float:
        """The loss after the last step."""
        return float(self.losses[-1])


def train(
    network: IrisNetwork,
    inputs: ArrayLike,
    labels: ArrayLike,
    *,
    learning_rate: float = 1.0,
    steps: int = 1000,
    reduction: str = "mean",
    record_every: int = 5,
) -> TrainingRun:
    r"""Gradient descent on all 15 parameters for a fixed number of steps.

    This is [`gradient_descent`][crossentropy.descent.gradient_descent] on all 15 parameters
    with its stopping rule switched off: each step computes every derivative by
    backpropagation and moves all parameters at once,
    $\theta \leftarrow \theta - \eta\,\nabla_\theta \mathrm{CE}$. Deterministic: the same start
    gives the same run.

    Parameters
    ----------
    network : IrisNetwork
        The starting point.
    inputs, labels : array_like
        The flowers.
    learning_rate : float, default 1.0
    steps : int, default 1000
    reduction : {"mean", "sum"}, default "mean"
        The mean suits a data set of any size: its gradient does not grow with the number of
        flowers, so one learning rate fits all.
    record_every : int, default 5
        Record the loss every this many steps (and always after the last one).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, train
    >>> run = train(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, steps=20)
    >>> run.recorded_steps.tolist()[:3], run.final_loss < run.initial_loss
    ([0, 5, 10], True)
    """
    net = _validate.check_network(network)
    eta = _validate.real_number(learning_rate, "learning_rate", positive=True)
    total = _validate.integer(steps, "steps", minimum=1)
    every = _validate.integer(record_every, "record_every", minimum=1)
    how = _validate.sum_or_mean(reduction, "train")
    run = gradient_descent(
        net,
        inputs,
        labels,
        params=PARAMETER_NAMES,
        learning_rate=eta,
        tol=None,
        max_steps=total,
        reduction=how,
        record_steps=False,
    )
    if run.stop_reason == "non-finite":
        raise ValueError(
            f"training diverged at step {run.steps_taken + 1}; use a smaller learning_rate than {eta}"
        )
    recorded = np.array(sorted({*range(0, total, every), total}), dtype=np.intp)
    losses = np.array(run.loss_curve[recorded], dtype=np.float64)  # loss_curve[k]: the loss after k steps
    return TrainingRun(
        start=net,
        network=run.network,
        learning_rate=eta,
        steps=total,
        reduction=how,
        recorded_steps=recorded,
        losses=losses,
    )


def train_full_iris(
    seed: int = FULL_IRIS_SEED,
    learning_rate: float = FULL_IRIS_LEARNING_RATE,
    steps: int = FULL_IRIS_STEPS,
) -> TrainingRun:
    """Part 8's run: all 15 parameters on the 150 scaled Iris flowers from ``IrisNetwork.random(seed)``.

    Minimises the mean cross entropy. See [`train`][crossentropy.training.train].

    Examples
    --------
    >>> from crossentropy import train_full_iris
    >>> run = train_full_iris(steps=10)
    >>> run.steps, run.final_loss < run.initial_loss
    (10, True)
    """
    iris = load_iris()
    return train(
        IrisNetwork.random(seed),
        iris.inputs,
        iris.labels,
        learning_rate=learning_rate,
        steps=steps,
        reduction="mean",
    )


def loss_rises(run: TrainingRun) -> list[tuple[int, int, float]]:
    """Where the recorded loss of a training run went up: ``(from step, to step, rise)``.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, loss_rises, train
    >>> loss_rises(train(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, steps=20))
    []
    """
    _validate.instance(run, TrainingRun, "run")
    rises = np.diff(run.losses)
    return [
        (int(run.recorded_steps[i]), int(run.recorded_steps[i + 1]), float(rises[i]))
        for i in np.flatnonzero(rises > 0)
    ]


def largest_rise(run: TrainingRun) -> tuple[int, int, float] | None:
    """The largest of `loss_rises`, or ``None`` if the recorded loss never went up.

    Examples
    --------
    >>> from crossentropy import largest_rise, train_full_iris
    >>> largest_rise(train_full_iris(steps=10)) is None
    True
    """
    rises = loss_rises(run)
    return max(rises, key=lambda r: r[2]) if rises else None
