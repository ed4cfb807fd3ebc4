"""Train/test split, training and held-out accuracy, and cross entropy falling at constant accuracy.

Oracles: counting (a stratified split of 50/50/50 flowers with test_fraction 0.3 holds out
exactly 15 of each species and every flower lands in exactly one part), determinism (the same
seed gives the same split and run), an independent accuracy count (argmax of the probabilities
compared with the labels), and one long `gradient_descent` run, which the run in pieces must
reproduce.
"""

from __future__ import annotations

import numpy as np
import pytest

from crossentropy import (
    PARAMETER_NAMES,
    IrisNetwork,
    climbs,
    gradient_descent,
    load_iris,
    stratified_split,
    train_on_split,
)


@pytest.fixture(scope="module")
def split():
    return stratified_split(load_iris())


@pytest.fixture(scope="module")
def run(split):
    return train_on_split(*split)


def test_split_is_stratified_and_a_partition(split):
    train, test = split
    iris = load_iris()
    assert [int((test.labels == k).sum()) for k in range(3)] == [15, 15, 15]
    assert [int((train.labels == k).sum()) for k in range(3)] == [35, 35, 35]
    rows = sorted(map(tuple, np.column_stack([iris.inputs, iris.labels]).tolist()))
    parts = sorted(map(tuple, np.vstack([np.column_stack([d.inputs, d.labels]) for d in split]).tolist()))
    assert rows == parts


def test_split_is_deterministic_and_depends_on_the_seed(split):
    again = stratified_split(load_iris())
    other = stratified_split(load_iris(), seed=1)
    assert np.array_equal(again[1].inputs, split[1].inputs)
    assert not np.array_equal(other[1].inputs, split[1].inputs)


def test_pieces_reproduce_one_long_descent(split):
    train, test = split
    short = train_on_split(train, test, steps=30, record_every=7)
    whole = gradient_descent(
        IrisNetwork.random(1),
        train.inputs,
        train.labels,
        params=PARAMETER_NAMES,
        tol=None,
        max_steps=30,
        reduction="mean",
        record_steps=False,
    )
    assert short.steps.tolist() == [0, 7, 14, 21, 28, 30]
    np.testing.assert_allclose(short.network.to_vector(), whole.network.to_vector(), rtol=1e-12, atol=1e-14)


def test_accuracies_and_losses(run):
    def count(net, data):
        return int(np.sum(np.argmax(net.forward(data.inputs).probabilities, axis=1) == data.labels))

    assert run.train_accuracy[-1] == count(run.network, run.train) / len(run.train)
    assert run.test_accuracy[-1] == count(run.network, run.test) / len(run.test)
    assert run.train_accuracy[-1] > 0.9 and run.test_accuracy[-1] > 0.85
    assert run.train_loss[-1] < run.train_loss[0] and run.test_loss[-1] < run.test_loss[0]
    assert run.train_loss[-1] == pytest.approx(
        run.network.loss(run.train.inputs, run.train.labels, reduction="mean")
    )


def test_cross_entropy_keeps_falling_while_accuracy_stays_put(run):
    first, last, fall = run.longest_plateau()
    inside = (run.steps >= first) & (run.steps <= last)
    assert last - first >= 500
    assert len(set(run.train_accuracy[inside].tolist())) == 1
    assert fall > 0 and fall == pytest.approx(run.train_loss[inside][0] - run.train_loss[inside][-1])


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: stratified_split("iris"), TypeError, "dataset"),  # type: ignore[arg-type]
        (lambda: stratified_split(load_iris(), test_fraction=1.0), ValueError, "test_fraction"),
        (lambda: stratified_split(load_iris(), test_fraction=0.001), ValueError, "test_fraction"),
        (lambda: train_on_split(load_iris(), "test"), TypeError, "test"),  # type: ignore[arg-type]
        (lambda: train_on_split(load_iris(), load_iris(), steps=0), ValueError, "steps"),
    ],
)
def test_bad_arguments_are_named(call, error, name):
    with pytest.raises(error, match=name):
        call()


def test_the_full_iris_loss_climbs_for_nine_steps_in_a_row():
    """Oracle: the loss after every single step of Part 8's run (seed 1, learning rate 1, mean
    cross entropy), compared step by step here; the five-step record would show 80 -> 85."""
    iris = load_iris()
    curve = gradient_descent(
        IrisNetwork.random(1),
        iris.inputs,
        iris.labels,
        params=PARAMETER_NAMES,
        tol=None,
        max_steps=1000,
        reduction="mean",
        record_steps=False,
    ).loss_curve
    first, last, rise = climbs(curve)[0]
    assert all(curve[k + 1] > curve[k] for k in range(first, last))
    assert curve[first] <= curve[first - 1] and curve[last + 1] <= curve[last]
    assert (first, last) == (75, 84) and rise == pytest.approx(curve[84] - curve[75])
    assert climbs([1.0, 0.5, 0.25]) == []
