r"""What the network predicts: classes, accuracy, confusion matrix, active hidden nodes, decision regions.

Examples
--------
>>> from crossentropy import IrisNetwork, TRAINING_DATA, accuracy, predict
>>> (
...     predict(IrisNetwork(), TRAINING_DATA.inputs).tolist(),
...     accuracy(IrisNetwork(), TRAINING_DATA.inputs, TRAINING_DATA.labels),
... )
([0, 2, 1], 1.0)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .data import SPECIES
from .network import IrisNetwork

__all__ = [
    "predict",
    "accuracy",
    "confusion_matrix",
    "active_counts",
    "decision_regions",
    "decision_margins",
    "RegionSummary",
    "region_summary",
    "unavoidable_errors",
]


def predict(network: IrisNetwork, inputs: ArrayLike) -> NDArray[np.intp]:
    """The predicted class of each flower: the largest probability (ties go to the lower index).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, predict
    >>> predict(IrisNetwork(), TRAINING_DATA.inputs).tolist()
    [0, 2, 1]
    """
    net = _validate.check_network(network)
    classes: NDArray[np.intp] = np.argmax(net.forward(inputs).probabilities, axis=-1).astype(np.intp)
    return classes


def accuracy(network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike) -> float:
    """Fraction of flowers whose predicted class is the observed one.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, accuracy
    >>> accuracy(IrisNetwork(), TRAINING_DATA.inputs, TRAINING_DATA.labels)
    1.0
    """
    net = _validate.check_network(network)
    x, y = _validate.check_batch(inputs, labels)
    return float(np.mean(predict(net, x) == y))


def confusion_matrix(network: IrisNetwork, inputs: ArrayLike, labels: ArrayLike) -> NDArray[np.intp]:
    """Counts of (observed, predicted) pairs: row = observed species, column = predicted species.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, confusion_matrix
    >>> confusion_matrix(IrisNetwork(), TRAINING_DATA.inputs, TRAINING_DATA.labels).tolist()
    [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    """
    net = _validate.check_network(network)
    x, y = _validate.check_batch(inputs, labels)
    out = np.zeros((len(SPECIES), len(SPECIES)), dtype=np.intp)
    np.add.at(out, (y, predict(net, x)), 1)
    return out


def active_counts(network: IrisNetwork, inputs: ArrayLike) -> tuple[int, int]:
    """On how many flowers the top and the bottom hidden node are positive (ReLU passes a gradient).

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, active_counts
    >>> active_counts(IrisNetwork(), TRAINING_DATA.inputs)  # (1.00, 0.54) switches both off
    (2, 2)
    """
    net = _validate.check_network(network)
    x = _validate.float_array(inputs, "inputs", ndim=2, last_dim=2, keep_float32=False)
    on = net.forward(x).hidden_sums > 0
    return int(np.count_nonzero(on[:, 0])), int(np.count_nonzero(on[:, 1]))


def decision_regions(
    network: IrisNetwork, resolution: int = 201
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.intp]]:
    """The predicted class over the unit square of (petal width, sepal width).

    Returns
    -------
    petal : numpy.ndarray, shape (resolution,)
    sepal : numpy.ndarray, shape (resolution,)
    classes : numpy.ndarray of int, shape (resolution, resolution)
        ``classes[j, i]`` is the prediction at ``petal[i]``, ``sepal[j]``.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, decision_regions
    >>> petal, sepal, classes = decision_regions(IrisNetwork(), resolution=3)
    >>> classes.tolist()  # rows: sepal width 0, 0.5, 1; columns: petal width 0, 0.5, 1
    [[0, 1, 2], [0, 1, 2], [0, 1, 2]]
    """
    net = _validate.check_network(network)
    res = _validate.integer(resolution, "resolution", minimum=2)
    axis = np.linspace(0.0, 1.0, res)
    petal, sepal = np.meshgrid(axis, axis)
    classes = predict(net, np.stack([petal, sepal], axis=-1))
    return axis, axis.copy(), classes


def decision_margins(
    network: IrisNetwork, resolution: int = 101
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    r"""How far each species' raw output is ahead of the best other one, over the unit square.

    ``margins[k] = z_k - max_{j != k} z_j``: positive exactly where species $k$ is predicted, and
    0 on the boundary. The raw outputs are piecewise linear in the inputs (ReLU), so contouring
    the margins at 0 traces the decision boundaries as straight pieces, without the staircase of
    a grid of class labels.

    Returns
    -------
    petal : numpy.ndarray, shape (resolution,)
    sepal : numpy.ndarray, shape (resolution,)
    margins : numpy.ndarray, shape (3, resolution, resolution)
        ``margins[k, j, i]`` at ``petal[i]``, ``sepal[j]``.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, decision_margins
    >>> petal, sepal, margins = decision_margins(IrisNetwork(), resolution=3)
    >>> (margins > 0).argmax(axis=0).tolist()  # the same as decision_regions
    [[0, 1, 2], [0, 1, 2], [0, 1, 2]]
    """
    net = _validate.check_network(network)
    res = _validate.integer(resolution, "resolution", minimum=2)
    axis = np.linspace(0.0, 1.0, res)
    petal, sepal = np.meshgrid(axis, axis)
    logits = net.forward(np.stack([petal, sepal], axis=-1)).logits
    margins = np.empty((len(SPECIES), res, res))
    for k in range(len(SPECIES)):
        others = np.delete(logits, k, axis=-1)
        margins[k] = logits[..., k] - others.max(axis=-1)
    return axis, axis.copy(), margins


@dataclass(frozen=True)
class RegionSummary:
    """Where one species is predicted over the unit square (see `region_summary`).

    Attributes
    ----------
    species : str
    share : float
        The fraction of the unit square's area predicted as this species.
    petal_low, petal_high : float
        The smallest and largest petal width at which the species is predicted somewhere
        (both not-a-number if it is predicted nowhere).
    """

    species: str
    share: float
    petal_low: float
    petal_high: float


def _lengths(net: IrisNetwork, petal: NDArray[np.float64], k: int) -> NDArray[np.float64]:
    """For each petal width, the exact length of the sepal widths in [0, 1] predicted as ``k``.

    Along a line of fixed petal width the raw outputs are linear between the (at most two)
    sepal widths where a hidden node switches on or off, so on each such piece the species wins
    on one interval, cut out by the linear inequalities ``z_k > z_j``.
    """
    p = net.params
    cuts = [np.zeros_like(petal), np.ones_like(petal)]
    for w_petal, w_sepal, bias in (("w1", "w2", "b1"), ("w3", "w4", "b2")):
        if p[w_sepal] != 0.0:
            cuts.append(np.clip(-(p[w_petal] * petal + p[bias]) / p[w_sepal], 0.0, 1.0))
    edges = np.sort(np.stack(cuts), axis=0)  # (pieces + 1, n)
    total = np.zeros_like(petal)
    for lo, hi in itertools.pairwise(edges):
        z_lo = net.forward(np.stack([petal, lo], axis=-1)).logits
        z_hi = net.forward(np.stack([petal, hi], axis=-1)).logits
        start, stop = lo.copy(), hi.copy()
        for j in range(len(SPECIES)):
            if j == k:
                continue
            a, b = z_lo[:, k] - z_lo[:, j], z_hi[:, k] - z_hi[:, j]  # the margin at the piece's ends
            with np.errstate(divide="ignore", invalid="ignore"):
                root = lo + (hi - lo) * a / (a - b)
            rising, falling = (a <= 0) & (b > 0), (a > 0) & (b <= 0)
            start = np.where(rising, np.maximum(start, root), start)
            stop = np.where(falling, np.minimum(stop, root), stop)
            never = (a <= 0) & (b <= 0)
            stop = np.where(never, start, stop)
        total += np.maximum(stop - start, 0.0)
    return total


def region_summary(network: IrisNetwork, samples: int = 4001) -> list[RegionSummary]:
    r"""Each species' share of the unit square and the range of petal widths it is predicted at.

    Along every line of fixed petal width the predicted interval is found exactly (the raw
    outputs are piecewise linear); the share integrates those lengths over ``samples`` petal
    widths (trapezoid rule; its error shrinks as $1/\text{samples}^2$), and each end of the
    petal range is found by bisection to $10^{-12}$. No grid of class labels is involved.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, region_summary
    >>> [
    ...     (r.species, round(r.share, 3), round(r.petal_low, 4), round(r.petal_high, 4))
    ...     for r in region_summary(IrisNetwork())
    ... ]
    [('Setosa', 0.337, 0.0, 0.4921), ('Versicolor', 0.336, 0.1816, 0.793), ('Virginica', 0.327, 0.553, 1.0)]
    """
    net = _validate.check_network(network)
    n = _validate.integer(samples, "samples", minimum=3)
    petal = np.linspace(0.0, 1.0, n)
    out = []
    for k, species in enumerate(SPECIES):
        lengths = _lengths(net, petal, k)
        share = float(np.sum((lengths[1:] + lengths[:-1]) / 2.0) / (n - 1))
        inside = np.flatnonzero(lengths > 0.0)
        if inside.size == 0:
            out.append(RegionSummary(species, share, float("nan"), float("nan")))
            continue
        ends = []
        for index, step in ((int(inside[0]), -1), (int(inside[-1]), 1)):
            if not 0 <= index + step < n:
                ends.append(float(petal[index]))
                continue
            good, bad = float(petal[index]), float(petal[index + step])
            for _ in range(60):
                mid = (good + bad) / 2.0
                if _lengths(net, np.array([mid]), k)[0] > 0.0:
                    good = mid
                else:
                    bad = mid
            ends.append(good)
        out.append(RegionSummary(species, share, ends[0], ends[1]))
    return out


def unavoidable_errors(inputs: ArrayLike, labels: ArrayLike) -> int:
    """How many flowers every classifier of these inputs must get wrong.

    Flowers with identical inputs get the same prediction, so where such a group mixes species
    only its most common species can be right: the rest are errors for any classifier.

    Examples
    --------
    >>> from crossentropy import load_iris, unavoidable_errors
    >>> iris = load_iris()
    >>> unavoidable_errors(iris.inputs, iris.labels)  # 3 pairs of Versicolor/Virginica twins
    3
    """
    x, y = _validate.check_batch(inputs, labels)
    _, group = np.unique(x, axis=0, return_inverse=True)
    counts = np.zeros((int(group.max()) + 1, len(SPECIES)), dtype=np.intp)
    np.add.at(counts, (group.reshape(-1), y), 1)
    return int(np.sum(counts.sum(axis=1) - counts.max(axis=1)))
