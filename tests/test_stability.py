"""Numerical stability: the naive softmax and cross entropy fail where the package's forms do not.

Oracles: IEEE double limits (exp overflows above ln(max float) = 709.78..., underflows to 0
below about -745.13), softmax's invariance under adding a constant to every raw output (so the
shifted flower must give the unshifted probabilities, published 0.6871, 0.1059, 0.2070 for
(1.43, -0.44, 0.23)), and -log_softmax of (0, 800) = 800 + ln(1 + e^-800) = 800 exactly in float64.
"""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest

from crossentropy import compare_forms, forms_table, naive_cross_entropy, naive_softmax


def test_naive_softmax_agrees_where_nothing_overflows():
    r = naive_softmax([1.43, -0.44, 0.23])
    assert r.events == () and r.finite
    np.testing.assert_allclose(r.values, [0.6871, 0.1059, 0.2070], atol=5e-5)


def test_overflow_threshold_is_ln_of_the_largest_double():
    limit = math.log(np.finfo(np.float64).max)  # 709.782...
    below = naive_softmax([limit - 1e-9, 0.0])
    assert below.finite and below.events == ("underflow in divide",)  # 1 / 1.8e308 is subnormal: harmless
    assert naive_softmax([limit + 1e-6, 0.0]).events[0] == "overflow in exp"


def test_overflow_gives_not_a_number_and_underflow_zero():
    big = naive_softmax([1000.0, 0.0, 0.0])
    assert big.events == ("overflow in exp", "invalid value in divide")
    assert np.isnan(big.values[0]) and not big.finite
    small = naive_softmax([-800.0, -801.0])
    assert "underflow in exp" in small.events and np.all(np.isnan(small.values))


def test_nothing_is_warned_and_no_global_state_changes():
    before = np.geterr()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        naive_softmax([1000.0, 0.0])
        naive_cross_entropy([-800.0, 0.0], 0)
    assert np.geterr() == before


def test_stable_forms_survive_a_shift_of_every_raw_output():
    for shift in (0.0, 1000.0, -1000.0, 1e6):
        r = compare_forms(np.array([1.43, -0.44, 0.23]) + shift, 0)
        np.testing.assert_allclose(r.probabilities, [0.6871, 0.1059, 0.2070], atol=5e-5)
        assert r.cross_entropy == pytest.approx(-math.log(0.68710), abs=1e-4)
        assert r.naive_probabilities.finite == (shift == 0.0)


def test_log_of_zero_is_reported_and_the_log_sum_exp_form_is_exact():
    naive = naive_cross_entropy([0.0, 800.0], 0)
    assert naive.events[-1] == "divide by zero in log" and naive.values[0] == np.inf
    assert compare_forms([0.0, 800.0], 0).cross_entropy == 800.0
    assert compare_forms([-800.0, 0.0], 0).cross_entropy == 800.0


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: naive_softmax([1.0]), ValueError),
        (lambda: naive_softmax([[1.0, 2.0]]), ValueError),
        (lambda: naive_softmax([1.0, np.inf]), ValueError),
        (lambda: naive_cross_entropy([1.0, 2.0], 3), ValueError),
        (lambda: compare_forms([1.0, 2.0], "Setosa"), TypeError),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_are_named(call, error):
    with pytest.raises(error, match=r"logits|observed"):
        call()


def test_forms_table_shows_non_finite_results_in_words():
    """Oracle: the rows of the other tests, as text; no 'nan'/'inf' token reaches a page."""
    table = forms_table([([1.43, -0.44, 0.23], 0), ([1001.43, 999.56, 1000.23], 0), ([-800.0, 0.0, 0.0], 0)])
    rows = table.splitlines()[2:]
    assert rows[0].endswith("| nothing | 0.6871, 0.1059, 0.2070 | 0.3752 |")
    assert "not a number" in rows[1] and "overflow in exp" in rows[1] and rows[1].endswith("| 0.3752 |")
    assert "| ∞ |" in rows[2] and rows[2].endswith(
        f"| {800 + math.log(2):.4f} |"
    )  # -ln(1/(1 + 2e^-800)) ≈ 800 + ln 2
    assert not re.search(r"(?<![\w.])(nan|inf)(?!\w)", table, re.IGNORECASE)


def test_float64_limits_are_where_exp_overflows_and_underflows() -> None:
    """Oracle: Python's own float limits (``sys.float_info``, the C double) and ``math.exp``,
    which raises OverflowError just above ln(max) and returns 0.0 below ln(smallest subnormal)."""
    import math
    import sys

    from crossentropy import float64_limits

    lim = float64_limits()
    assert lim.largest == sys.float_info.max
    assert lim.largest_mantissa * 10.0**lim.largest_exponent == pytest.approx(sys.float_info.max, rel=1e-15)
    assert 1.0 <= lim.largest_mantissa < 10.0
    assert math.isfinite(math.exp(lim.exp_overflow - 1e-9))
    with pytest.raises(OverflowError):
        math.exp(lim.exp_overflow + 1e-9)
    assert math.exp(lim.exp_underflow + 1e-3) > 0.0
    assert math.exp(lim.exp_underflow - 1.0) == 0.0
