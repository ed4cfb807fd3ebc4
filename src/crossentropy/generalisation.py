r"""Training accuracy, held-out accuracy, and a loss that falls while the accuracy stays put.

The accuracy a network reaches on the flowers it was trained on is its *training accuracy*: it
says how well the network fits those flowers, not how well it does on new ones. To measure that,
hold some flowers out: `stratified_split` puts a fixed share of each species aside (the same
share of each, so both parts keep the 50/50/50 balance), the network is trained on the rest,
and its accuracy on the held-out flowers is the *held-out* (test) accuracy.

Cross entropy and accuracy measure different things. Accuracy only asks whether the largest
probability belongs to the observed species; cross entropy keeps rewarding a *more confident*
right answer. So during training the cross entropy can keep falling for hundreds of steps while
not a single prediction changes (`SplitRun.longest_plateau`).

Examples
--------
>>> from crossentropy import load_iris
>>> from crossentropy.generalisation import stratified_split
>>> train, test = stratified_split(load_iris())
>>> len(train), len(test), [int((test.labels == k).sum()) for k in range(3)]
(105, 45, [15, 15, 15])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .classification import accuracy
from .data import Dataset
from .descent import gradient_descent
from .network import PARAMETER_NAMES, IrisNetwork

__all__ = ["SplitRun", "climbs", "stratified_split", "train_on_split"]


def stratified_split(dataset: Dataset, test_fraction: float = 0.3, seed: int = 0) -> tuple[Dataset, Dataset]:
    r"""Split flowers into a training and a held-out part, the same fraction of every species.

    Deterministic: the flowers of each species are shuffled with
    ``numpy.random.default_rng(seed)`` and the first ``round(test_fraction × n)`` of them are
    held out. Both parts keep the original order of the flowers.

    Parameters
    ----------
    dataset : Dataset
    test_fraction : float, default 0.3
        Strictly between 0 and 1; each part must keep at least one flower of every species
        present.
    seed : int, default 0

    Returns
    -------
    (Dataset, Dataset)
        The training part and the held-out part.

    Examples
    --------
    >>> from crossentropy import load_iris
    >>> a, b = stratified_split(load_iris(), seed=3)
    >>> c, d = stratified_split(load_iris(), seed=3)
    >>> bool((a.inputs == c.inputs).all() and (b.labels == d.labels).all())
    True
    """
    data = _validate.instance(dataset, Dataset, "dataset")
    share = _validate.real_number(test_fraction, "test_fraction")
    if not 0.0 < share < 1.0:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {share}")
    rng = np.random.default_rng(_validate.integer(seed, "seed", minimum=0))
    held = np.zeros(len(data), dtype=bool)
    for k in np.unique(data.labels).tolist():
        members = np.flatnonzero(data.labels == k)
        count = round(share * members.shape[0])
        if not 0 < count < members.shape[0]:
            raise ValueError(
                f"test_fraction={share} leaves one part without species {k} ({members.shape[0]} flowers)"
            )
        held[rng.permutation(members)[:count]] = True
    return Dataset(data.inputs[~held], data.labels[~held]), Dataset(data.inputs[held], data.labels[held])


@dataclass(frozen=True)
class SplitRun:
    """Training on one part of a split, measured on both parts as it goes.

    Attributes
    ----------
    train, test : Dataset
    start, network : IrisNetwork
        Before the first step and after the last.
    learning_rate : float
    steps : numpy.ndarray of int
        Step counts at which the measurements were taken (0 first, the last step last).
    train_loss, test_loss : numpy.ndarray
        Mean cross entropy on each part.
    train_accuracy, test_accuracy : numpy.ndarray
        Fraction classified correctly on each part.
    """

    train: Dataset
    test: Dataset
    start: IrisNetwork
    network: IrisNetwork
    learning_rate: float
    steps: NDArray[np.intp]
    train_loss: NDArray[np.float64]
    test_loss: NDArray[np.float64]
    train_accuracy: NDArray[np.float64]
    test_accuracy: NDArray[np.float64]

    def longest_plateau(self) -> tuple[int, int, float]:
        """The longest stretch of recorded steps with the same training accuracy throughout.

        Returns
        -------
        (int, int, float)
            First step, last step, and how much the training cross entropy fell over it.
        """
        acc = self.train_accuracy
        best = (0, 0)
        start = 0
        for i in range(1, acc.shape[0] + 1):
            if i == acc.shape[0] or acc[i] != acc[start]:
                if i - 1 - start > best[1] - best[0]:
                    best = (start, i - 1)
                start = i
        a, b = best
        return int(self.steps[a]), int(self.steps[b]), float(self.train_loss[a] - self.train_loss[b])


def train_on_split(
    train: Dataset,
    test: Dataset,
    *,
    seed: int = 1,
    learning_rate: float = 1.0,
    steps: int = 1000,
    record_every: int = 10,
) -> SplitRun:
    r"""Gradient descent on all 15 parameters over `train` (mean cross entropy) from ``IrisNetwork.random(seed)``.

    Every `record_every` steps both parts are measured. The descent is run in pieces of
    `record_every` steps, each starting where the last one stopped, which is the same descent
    as one long run (each step depends only on the current parameters).

    Examples
    --------
    >>> from crossentropy import load_iris
    >>> run = train_on_split(*stratified_split(load_iris()), steps=20)
    >>> run.steps.tolist(), bool(run.train_loss[-1] < run.train_loss[0])
    ([0, 10, 20], True)
    """
    tr = _validate.instance(train, Dataset, "train")
    te = _validate.instance(test, Dataset, "test")
    start = IrisNetwork.random(_validate.integer(seed, "seed", minimum=0))
    eta = _validate.real_number(learning_rate, "learning_rate", positive=True)
    total = _validate.integer(steps, "steps", minimum=1)
    every = _validate.integer(record_every, "record_every", minimum=1)
    marks = [0]
    nets = [start]
    net = start
    while marks[-1] < total:
        chunk = min(every, total - marks[-1])
        run = gradient_descent(
            net, tr.inputs, tr.labels, params=PARAMETER_NAMES, learning_rate=eta, tol=None,
            max_steps=chunk, reduction="mean", record_steps=False,
        )  # fmt: skip
        if run.stop_reason == "non-finite":
            near = marks[-1] + run.steps_taken + 1
            raise ValueError(f"training diverged near step {near}; use a smaller learning_rate")
        net = run.network
        marks.append(marks[-1] + chunk)
        nets.append(net)
    return SplitRun(
        tr, te, start, net, eta, np.array(marks, dtype=np.intp),
        np.array([n.loss(tr.inputs, tr.labels, reduction="mean") for n in nets]),
        np.array([n.loss(te.inputs, te.labels, reduction="mean") for n in nets]),
        np.array([accuracy(n, tr.inputs, tr.labels) for n in nets]),
        np.array([accuracy(n, te.inputs, te.labels) for n in nets]),
    )  # fmt: skip


def climbs(losses: ArrayLike) -> list[tuple[int, int, float]]:
    r"""Every stretch of consecutive steps over which a loss curve went up, largest rise first.

    Parameters
    ----------
    losses : array_like, shape (steps + 1,)
        The loss after 0, 1, 2, … steps, one entry per step (for example
        `DescentResult.loss_curve`); a curve recorded only every few steps would hide how long
        a climb lasts.

    Returns
    -------
    list of (int, int, float)
        ``(first step, last step, rise)``: the loss rose at every step from ``first`` to
        ``last``, by ``rise`` in all; sorted by rise, largest first.

    Examples
    --------
    >>> climbs([3.0, 2.0, 2.5, 2.7, 1.0, 1.1, 0.5])
    [(1, 3, 0.7000000000000002), (4, 5, 0.10000000000000009)]
    """
    curve = _validate.float64_array(losses, "losses", ndim=1)
    up = np.diff(curve) > 0
    out = []
    i = 0
    while i < up.shape[0]:
        if up[i]:
            j = i
            while j + 1 < up.shape[0] and up[j + 1]:
                j += 1
            out.append((i, j + 1, float(curve[j + 1] - curve[i])))
            i = j + 1
        else:
            i += 1
    return sorted(out, key=lambda c: -c[2])
