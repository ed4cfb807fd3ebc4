r"""Tables and sentences of training runs: before and after, the confusion matrix, accuracy in words.

Examples
--------
>>> from crossentropy import confusion_table
>>> print(confusion_table([[1, 0, 0], [0, 1, 0], [0, 0, 1]]).splitlines()[2])
| **Setosa** | **1** | 0 | 0 |
"""

from __future__ import annotations

from collections.abc import Mapping

from numpy.typing import ArrayLike

from .. import _validate
from ..classification import accuracy, active_counts
from ..data import SPECIES, Dataset
from ..formatting import fmt, md_table
from ..network import IrisNetwork
from ..training import TrainingRun

__all__ = [
    "training_table",
    "confusion_table",
    "accuracy_text",
]


def training_table(runs: Mapping[str, TrainingRun], data: Dataset, digits: int = 4) -> str:
    """Before and after each training run: mean cross entropy, accuracy and active hidden nodes.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, train, training_table
    >>> run = train(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, steps=10)
    >>> print(training_table({"example": run}, TRAINING_DATA).splitlines()[2])  # doctest: +ELLIPSIS
    | example | start | 0.8886 | 2 of 3 (66.7...%) | 2 / 2 |
    """
    d = _validate.instance(data, Dataset, "data")
    rows = []
    for label, run in runs.items():
        _validate.instance(run, TrainingRun, f"runs[{label!r}]")
        for when, net, loss in (
            ("start", run.start, run.initial_loss),
            (f"after {run.steps} steps", run.network, run.final_loss),
        ):
            top, bottom = active_counts(net, d.inputs)
            rows.append(
                [
                    label if when == "start" else "",
                    when,
                    fmt(loss, digits),
                    accuracy_text(net, d),
                    f"{top} / {bottom}",
                ]
            )
    header = [
        "start",
        "when",
        f"{next(iter(runs.values())).reduction} cross entropy",
        "correct",
        "flowers on which the top / bottom node is active",
    ]
    return md_table(header, rows, align="llrrr")


def confusion_table(matrix: ArrayLike) -> str:
    """A 3 × 3 confusion matrix: rows observed species, columns predicted species.

    Examples
    --------
    >>> from crossentropy import confusion_table
    >>> print(confusion_table([[50, 0, 0], [0, 46, 4], [0, 3, 47]]).splitlines()[3])
    | **Versicolor** | 0 | **46** | 4 |
    """
    m = _validate.float_array(matrix, "matrix", ndim=2, last_dim=len(SPECIES))
    if m.shape != (len(SPECIES), len(SPECIES)):
        raise ValueError(f"matrix must have shape (3, 3), got {m.shape}")
    rows = [
        [f"**{s}**"] + [f"**{int(m[i, j])}**" if i == j else str(int(m[i, j])) for j in range(len(SPECIES))]
        for i, s in enumerate(SPECIES)
    ]
    return md_table(["observed ↓ / predicted →", *SPECIES], rows, align="lrrr")


def accuracy_text(network: IrisNetwork, data: Dataset) -> str:
    """How many flowers the network classifies correctly, as ``"143 of 150 (95.3 %)"``.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, accuracy_text
    >>> accuracy_text(IrisNetwork(), TRAINING_DATA).replace(
    ...     "\N{NO-BREAK SPACE}", " "
    ... )  # no line break before %
    '3 of 3 (100.0 %)'
    """
    net = _validate.check_network(network)
    d = _validate.instance(data, Dataset, "data")
    score = accuracy(net, d.inputs, d.labels)
    return f"{round(score * len(d))} of {len(d)} ({100 * score:.1f}\N{NO-BREAK SPACE}%)"
