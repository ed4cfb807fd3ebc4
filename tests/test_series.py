"""The series' published numbers against the package.

Oracle: the numbers the original articles printed (``crossentropy.series.PUBLISHED``, transcribed
from the articles; see the reference notes §3). Where the notes call a printed number correct, the
package's exact value must round to it at the printed number of decimals; where the notes list an
erratum (E1–E4), the package's value must *differ* at that rounding — otherwise the erratum would
not be real. Rounding is compared as text (``f"{x:.{d}f}"``), independently of
``Published.agrees_with``, which is tested against the same comparison.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import crossentropy as ce
from crossentropy import ARTICLES, ERRATA, PUBLISHED, Published, erratum, published

X, Y = ce.TRAINING_DATA.inputs, ce.TRAINING_DATA.labels
CORNER = [0.0, 1.0]  # petal width 0, sepal width 1


def rounded(values, digits):
    """Values as text at `digits` decimals, with -0 shown as 0 (the oracle's comparison)."""
    vals = [values] if np.ndim(values) == 0 else list(np.ravel(values))
    out = []
    for v in vals:
        t = f"{float(v):.{digits}f}"
        out.append(t.lstrip("-") if float(t) == 0 else t)
    return out


def same_at_print(key, exact):
    rec = PUBLISHED[key]
    return rounded(exact, rec.digits) == rounded(rec.values, rec.digits)


def _exact_values():
    """The package's exact value for every published key."""
    net0, net2 = ce.IrisNetwork(), ce.IrisNetwork(b3=-2.0)
    corner = net0.forward(CORNER)
    fp0, fp2 = net0.forward(X), net2.forward(X)
    ce0 = ce.cross_entropy(fp0.logits, Y, reduction="none")
    ce2 = ce.cross_entropy(fp2.logits, Y, reduction="none")
    rows = np.arange(len(Y))
    slope = net2.gradients(X, Y)["b3"]
    first = ce.gradient_descent(net2, X, Y, params=("b3",), learning_rate=1.0, max_steps=1).history[0]
    argmax = [1.0 if k == int(np.argmax(corner.logits)) else 0.0 for k in range(3)]
    return {
        "P1.top_node_at_0_0": net0.forward([0.0, 0.0]).hidden[0],
        "P1.top_node_at_0.2_0": net0.forward([0.2, 0.0]).hidden[0],
        "P1.w2": net0.w2,
        "P3.setosa_at_0.5_0.37": net0.forward([0.5, 0.37]).logits[0],
        "A1.setosa_at_0_1": corner.logits[0],
        "A1.versicolor_at_0_1": corner.logits[1],
        "A1.virginica_at_0_1": corner.logits[2],
        "A1.argmax_at_0_1": argmax,
        "S1.softmax_at_0_1": corner.probabilities,
        "C1.logits_row1": fp0.logits[0],
        "C1.softmax_row1": fp0.probabilities[0],
        "C1.ce_row1": ce0[0],
        "C2.ce_rows": ce0,
        "C2.ce_total": net0.loss(X, Y),
        "C2.p_setosa_marked": fp0.probabilities[0, 0],
        "part5.b3_start": net2.b3,
        "part5.fixed_biases": [net2.b1, net2.b2, net2.b4, net2.b5],
        "part5.p_observed": fp2.probabilities[rows, Y],
        "part5.ce_rows": ce2,
        "part5.ce_total": net2.loss(X, Y),
        "part6.term_setosa_p": ce.bias_gradient(fp2.probabilities[0], Y[0]).value + 1.0,
        "part6.term_virginica": ce.bias_gradient(fp2.probabilities[1], Y[1]).value,
        "part6.term_versicolor": ce.bias_gradient(fp2.probabilities[2], Y[2]).value,
        "part6.slope": slope,
        "part6.learning_rate": 1.0,
        "part6.step": first.steps["b3"],
        "part6.new_b3": first.new_values["b3"],
    }


EXACT = _exact_values()

#: Published keys that the reference notes list as errors, by erratum.
WRONG = {
    "P1.w2": "E1",
    "S1.softmax_at_0_1": "E3",
    "C1.ce_row1": "E4",
    "C2.ce_rows": "E4",
    "C2.ce_total": "E4",
}


def test_every_published_key_has_an_exact_value():
    assert set(EXACT) == set(PUBLISHED)


@pytest.mark.parametrize("key", sorted(set(PUBLISHED) - set(WRONG)))
def test_published_number_agrees_at_printed_rounding(key):
    assert same_at_print(key, EXACT[key]), (key, PUBLISHED[key].display, EXACT[key])


@pytest.mark.parametrize("key", sorted(WRONG))
def test_erratum_number_differs_at_printed_rounding(key):
    assert not same_at_print(key, EXACT[key]), (key, PUBLISHED[key].display, EXACT[key])
    assert key in erratum(WRONG[key]).published


def test_e1_only_the_positive_sepal_weight_reproduces_the_series():
    """With the printed −0.6 the Setosa raw output at (0, 1) would be 1.55, not the published 1.43,
    and the Part 5 total would not be 2.67 (reference notes, E1)."""
    wrong = ce.IrisNetwork(w2=PUBLISHED["P1.w2"].values[0])
    assert not same_at_print("A1.setosa_at_0_1", wrong.forward(CORNER).logits[0])
    assert not same_at_print("part5.ce_total", wrong.replace(b3=-2.0).loss(X, Y))
    assert same_at_print("A1.setosa_at_0_1", EXACT["A1.setosa_at_0_1"])


def test_e2_versicolor_is_right_to_one_decimal_but_not_to_two():
    """The printed −0.4 is the exact −0.44 rounded to one decimal; its neighbours have two."""
    exact = EXACT["A1.versicolor_at_0_1"]
    assert rounded(exact, 1) == ["-0.4"]
    assert rounded(exact, 2) != rounded(PUBLISHED["A1.versicolor_at_0_1"].printed, 2)
    assert {PUBLISHED["A1.setosa_at_0_1"].digits, PUBLISHED["A1.virginica_at_0_1"].digits} == {2}


def test_e3_printed_softmax_follows_from_neither_input():
    """Softmax of the printed raw outputs gives 0.68/0.11/0.21, of the exact ones 0.69/0.11/0.21;
    the printed 0.69/0.10/0.21 matches neither."""
    printed_logits = [PUBLISHED[f"A1.{k}_at_0_1"].printed for k in ("setosa", "versicolor", "virginica")]
    from_printed = ce.softmax(printed_logits)
    assert rounded(from_printed, 2) == ["0.68", "0.11", "0.21"]
    assert not same_at_print("S1.softmax_at_0_1", from_printed)
    assert rounded(EXACT["S1.softmax_at_0_1"], 2) == ["0.69", "0.11", "0.21"]


def test_e4_printed_cross_entropies_are_logs_of_rounded_probabilities():
    """−ln of the probabilities rounded to two decimals reproduces every printed cross entropy."""
    p_obs = ce.IrisNetwork().forward(X).probabilities[np.arange(3), Y]
    p_rounded = [round(float(p), 2) for p in p_obs]
    assert p_rounded == [0.57, 0.58, 0.52]
    assert same_at_print("C2.ce_rows", [-math.log(p) for p in p_rounded])
    assert same_at_print("C2.ce_total", sum(round(-math.log(p), 2) for p in p_rounded))


def test_agrees_with_matches_the_oracle_comparison():
    for key, rec in PUBLISHED.items():
        assert rec.agrees_with(EXACT[key]) == same_at_print(key, EXACT[key]), key


def test_records_are_well_formed():
    for key, rec in PUBLISHED.items():
        assert key.split(".")[0] == rec.where and rec.where in ARTICLES
        assert rec.quantity and rec.display
    assert [e.id for e in ERRATA] == [f"E{i}" for i in range(1, 9)]
    for e in ERRATA:
        assert e.where and e.printed and e.series_did and e.correction
    numeric = {e.id for e in ERRATA if e.numeric}
    assert numeric == {"E1", "E2", "E3", "E4"}


def test_lookup_and_validation_errors():
    assert published("part6.slope") is PUBLISHED["part6.slope"]
    with pytest.raises(ValueError, match="key must be one of"):
        published("part9.nothing")
    with pytest.raises(ValueError, match="id must be one of"):
        erratum("E9")
    with pytest.raises(ValueError, match="where"):
        Published("nowhere", "x", 1.0, 1)
    with pytest.raises(ValueError, match="digits"):
        Published("P1", "x", 1.0, -1)
    with pytest.raises(TypeError, match="printed"):
        Published("P1", "x", float("nan"), 1)
    with pytest.raises(ValueError, match="exact must hold 3"):
        PUBLISHED["part5.ce_rows"].agrees_with(2.0)
