"""The series' three training flowers and the full Iris data set.

Both inputs of the network are widths scaled to 0..1: petal width first, sepal width second.
Class indices follow the order of the network's raw outputs: 0 Setosa, 1 Versicolor,
2 Virginica.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from . import _names, _validate

__all__ = ["SPECIES", "FEATURES", "Dataset", "TRAINING_DATA", "load_iris"]

SPECIES: tuple[str, str, str] = _names.SPECIES
"""Names of the three classes, indexed by class label (0, 1, 2)."""

FEATURES: tuple[str, str] = ("petal width", "sepal width")
"""Names of the two input columns, in order."""


@dataclass(frozen=True)
class Dataset:
    """Observations for the Iris network.

    Both arrays are checked like the arguments of a function: `inputs` must be finite reals of
    shape (N, 2) with N at least 1, `labels` integer class indices 0..2 of shape (N,); anything
    else raises TypeError or ValueError naming the field. Both are copied and made read-only.

    Attributes
    ----------
    inputs : numpy.ndarray of float64, shape (N, 2)
        Column 0 is petal width, column 1 sepal width, both scaled to 0..1. Read-only.
    labels : numpy.ndarray of int, shape (N,)
        Observed species as class indices (0 Setosa, 1 Versicolor, 2 Virginica). Read-only.

    Examples
    --------
    >>> from crossentropy import TRAINING_DATA
    >>> TRAINING_DATA.species
    ('Setosa', 'Virginica', 'Versicolor')
    >>> len(TRAINING_DATA)
    3
    """

    inputs: NDArray[np.float64]
    labels: NDArray[np.intp]

    def __post_init__(self) -> None:
        inputs, labels = _validate.check_batch(self.inputs, self.labels)
        inputs, labels = inputs.copy(), labels.copy()  # the caller's arrays stay the caller's
        inputs.setflags(write=False)
        labels.setflags(write=False)
        object.__setattr__(self, "inputs", inputs)
        object.__setattr__(self, "labels", labels)

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    @property
    def species(self) -> tuple[str, ...]:
        """The observed species' names, row by row."""
        return tuple(SPECIES[i] for i in self.labels)


TRAINING_DATA = Dataset(
    inputs=np.array([[0.04, 0.42], [1.00, 0.54], [0.50, 0.37]]),
    labels=np.array([0, 2, 1]),
)
"""The series' three observations (petal width, sepal width; species), in the series' order:
(0.04, 0.42) Setosa, (1.00, 0.54) Virginica, (0.50, 0.37) Versicolor."""


def _read_iris_csv() -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    text = resources.files("crossentropy").joinpath("iris.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    names = [s.lower() for s in SPECIES]
    rows = list(reader)
    measurements = np.array(
        [
            [
                float(r["sepal_length"]),
                float(r["sepal_width"]),
                float(r["petal_length"]),
                float(r["petal_width"]),
            ]
            for r in rows
        ]
    )
    labels = np.array([names.index(r["species"]) for r in rows], dtype=np.intp)
    return measurements, labels


def load_iris(scaled: bool = True) -> Dataset:
    """Load Fisher's 150 Iris flowers with the two features the series uses.

    The data ship inside the package (``iris.csv``, following Fisher's 1936 paper; the UCI copy
    differs from it in rows 35 and 38). The network's inputs are petal width and sepal width;
    with ``scaled=True`` each is min–max scaled over the 150 flowers to 0..1, which reproduces
    the series' three scaled flowers.

    Parameters
    ----------
    scaled : bool, default True
        Min–max scale both features to 0..1. ``False`` returns the widths in centimetres.

    Returns
    -------
    Dataset
        ``inputs`` of shape (150, 2) (petal width, sepal width) and ``labels`` of shape (150,),
        50 flowers of each species in the order Setosa, Versicolor, Virginica.

    Examples
    --------
    >>> from crossentropy import load_iris
    >>> iris = load_iris()
    >>> iris.inputs.shape, iris.labels.tolist().count(2)
    ((150, 2), 50)
    >>> iris.inputs.min(axis=0).tolist(), iris.inputs.max(axis=0).tolist()
    ([0.0, 0.0], [1.0, 1.0])
    >>> load_iris(scaled=False).inputs[0].tolist()  # petal width, sepal width in cm
    [0.2, 3.5]
    """
    _validate.boolean(scaled, "scaled")
    measurements, labels = _read_iris_csv()
    widths = measurements[:, [3, 1]]  # petal width, sepal width
    if scaled:
        low, high = widths.min(axis=0), widths.max(axis=0)
        widths = (widths - low) / (high - low)
    return Dataset(inputs=widths, labels=labels)
