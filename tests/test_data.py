"""Training rows and the Iris data set.

Oracles: the series' three rows as printed; Fisher's table (50 flowers per species, the
published extremes of petal and sepal width in cm, rows 35 and 38 as in the paper).
"""

import numpy as np

from crossentropy import SPECIES, TRAINING_DATA, load_iris


def test_training_rows_in_series_order():
    assert TRAINING_DATA.inputs.tolist() == [[0.04, 0.42], [1.00, 0.54], [0.50, 0.37]]
    assert TRAINING_DATA.species == ("Setosa", "Virginica", "Versicolor")
    assert not TRAINING_DATA.inputs.flags.writeable


def test_iris_raw_widths_follow_fishers_paper():
    raw = load_iris(scaled=False)
    assert raw.inputs.shape == (150, 2)
    assert np.bincount(raw.labels).tolist() == [50, 50, 50]
    # petal width ranges 0.1..2.5 cm, sepal width 2.0..4.4 cm
    assert raw.inputs.min(axis=0).tolist() == [0.1, 2.0]
    assert raw.inputs.max(axis=0).tolist() == [2.5, 4.4]
    # the two rows where the UCI copy differs from the paper (1-based rows 35 and 38)
    assert raw.inputs[34].tolist() == [0.2, 3.1]
    assert raw.inputs[37].tolist() == [0.1, 3.6]
    assert [SPECIES[i] for i in raw.labels[[0, 50, 100]]] == ["Setosa", "Versicolor", "Virginica"]


def test_scaling_is_min_max_over_the_data_set():
    raw, scaled = load_iris(scaled=False), load_iris()
    lo, hi = raw.inputs.min(axis=0), raw.inputs.max(axis=0)
    np.testing.assert_allclose(scaled.inputs, (raw.inputs - lo) / (hi - lo))
    assert scaled.labels.tolist() == raw.labels.tolist()


def test_dataset_validates_copies_and_freezes_its_arrays():
    """A Dataset checks its arrays like a function checks its arguments (labels 0..2, finite
    inputs; see test_validation.py for the rejected cases), and keeps copies of its own."""
    import pytest

    from crossentropy import Dataset

    inputs, labels = np.array([[0.1, 0.2], [0.3, 0.4]]), np.array([2, 0])
    data = Dataset(inputs=inputs, labels=labels)
    inputs[0, 0], labels[0] = 9.0, 1
    assert data.inputs.tolist() == [[0.1, 0.2], [0.3, 0.4]] and data.labels.tolist() == [2, 0]
    assert not data.inputs.flags.writeable and not data.labels.flags.writeable
    assert data.inputs.dtype == np.float64 and data.labels.dtype == np.intp
    for bad in ([-1, 0], [0, 3]):
        with pytest.raises(ValueError, match=r"labels must lie in 0 \.\. 2"):
            Dataset(inputs=inputs, labels=np.array(bad))
    with pytest.raises(ValueError, match="inputs must be finite"):
        Dataset(inputs=np.array([[np.nan, 0.2], [0.3, 0.4]]), labels=labels)
