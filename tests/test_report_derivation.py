"""Unit tests of the report modules behind Parts 1–4 and the errata comparison
(``crossentropy.report.values``, ``network``, ``loss``, ``chain``, ``series``; no site build).

Oracles, stated per test:

* the reference values of the series recomputed in float64 (reference notes §3.1–3.3, 4 d.p.:
  the b3 = 0 table, the b3 = −2 forward pass, the chain factors at b3 = −2);
* the numbers the series printed (``crossentropy.series.PUBLISHED``) where they are right;
* independent formulas: the closed form p_k − [observed = k], central differences, and
  ∂z_Setosa/∂b3 = 1.
"""

from __future__ import annotations

import math

import pytest

import crossentropy as ce
from crossentropy import (
    PUBLISHED,
    bias_reach_table,
    chain_factors_table,
    closed_form,
    comparison_table,
    derivation_values,
    exact_values,
    flower_values,
    forward_table,
    nine_case_check,
    observation_table,
    parameter_table,
    rounding_table,
    sci,
    softmax_steps,
)

START = ce.IrisNetwork(b3=-2.0)


def cells(table: str) -> list[list[str]]:
    """Body rows of a Markdown table as lists of stripped cells (true minus -> '-')."""
    lines = table.strip().splitlines()
    assert lines[1].startswith("| :---") or lines[1].startswith("| ---")
    return [
        [c.strip().replace("\N{MINUS SIGN}", "-") for c in line.strip()[1:-1].split(" | ")]
        for line in lines[2:]
    ]


def num(cell: str) -> float:
    return float(cell.strip("*"))


# -- reference values (series-facts §3.1 and §3.3, 4 d.p.) --------------------------------------
B3_0 = {  # p_S, p_Ve, p_Vi, observed p, CE
    "(0.04, 0.42)": ((0.5677, 0.2019, 0.2304), 0.5677, 0.5662),
    "(1.00, 0.54)": ((0.2119, 0.2119, 0.5761), 0.5761, 0.5514),
    "(0.50, 0.37)": ((0.2391, 0.5182, 0.2426), 0.5182, 0.6573),
}
B3_M2_FORWARD = {  # u, ReLU u, d, ReLU d, blue, orange, z x3, p x3
    "(0.04, 0.42)": (
        1.752,
        1.752,
        0.808,
        0.808,
        -0.1752,
        1.212,
        -0.9632,
        0.0032,
        0.1352,
        0.1509,
        0.3966,
        0.4525,
    ),
    "(1.00, 0.54)": (-0.576, 0, -0.584, 0, 0, 0, -2, 0, 1, 0.0351, 0.2595, 0.7054),
    "(0.50, 0.37)": (
        0.572,
        0.572,
        0.098,
        0.098,
        -0.0572,
        0.147,
        -1.9102,
        0.8632,
        0.1042,
        0.0408,
        0.6533,
        0.3059,
    ),
}
B3_M2_CHAIN = {  # -1/p, dp/dz_S, product  (series-facts §3.2)
    "(0.04, 0.42) Setosa": (-6.6278, 0.1281, -0.8491),
    "(1.00, 0.54) Virginica": (-1.4177, -0.0248, 0.0351),
    "(0.50, 0.37) Versicolor": (-1.5306, -0.0267, 0.0408),
}


def test_parameter_table_lists_statquest_values():
    """Oracle: the network's parameters as given in the reference notes §2."""
    rows = cells(parameter_table(START))
    values = {r[0]: num(r[2]) for r in rows}
    expected = {"$w_{1}$": -2.5, "$w_{2}$": 0.6, "$w_{3}$": -1.5, "$w_{4}$": 0.4, "$w_{5}$": -0.1, "$w_{6}$": 1.5,
                "$w_{7}$": 2.4, "$w_{8}$": -5.2, "$w_{9}$": -2.2, "$w_{10}$": 3.7,
                "$b_{1}$": 1.6, "$b_{2}$": 0.7, "$b_{3}$": -2.0, "$b_{4}$": 0.0, "$b_{5}$": 1.0}  # fmt: skip
    assert values == expected
    assert all(r[1] for r in rows)


def test_forward_table_matches_reference_at_b3_minus_2():
    """Oracle: reference notes §3.3 forward pass at b3 = −2."""
    rows = cells(forward_table(START, digits=4))
    flowers = [r[0].rsplit(" ", 1) for r in rows]  # "(0.04, 0.42) Setosa" -> flower, species
    assert [species for _, species in flowers] == ["Setosa", "Virginica", "Versicolor"]
    for (flower, _), r in zip(flowers, rows):
        assert [num(c) for c in r[1:]] == pytest.approx(B3_M2_FORWARD[flower], abs=5e-5)


def test_forward_table_transposed_is_the_same_numbers():
    rows = cells(forward_table(START, columns="outputs"))
    cols = cells(forward_table(START, columns="outputs", transpose=True))
    assert [[r[j] for r in rows] for j in range(1, 7)] == [c[1:] for c in cols]


@pytest.mark.parametrize("columns, width", [("hidden", 7), ("outputs", 7), ("probabilities", 4), ("all", 13)])
def test_forward_table_column_sets(columns, width):
    rows = cells(forward_table(START, columns=columns))
    assert {len(r) for r in rows} == {width}


def test_observation_table_matches_reference_at_b3_0_and_minus_2():
    """Oracle: reference notes §3.1 (b3 = 0, total 1.7750) and the Part 5 numbers the series
    printed at b3 = −2 (0.15/1.89, 0.71/0.35, 0.65/0.43, total 2.67), which are correct."""
    rows = cells(observation_table(ce.IrisNetwork(), digits=4))
    for r in rows[:3]:
        _, p_obs, ce_value = B3_0[r[0]]
        assert (num(r[2]), num(r[3])) == pytest.approx((p_obs, ce_value), abs=5e-5)
    assert rows[3][0] == "**total**" and num(rows[3][3]) == pytest.approx(1.7750, abs=5e-5)
    rows2 = cells(observation_table(START, digits=2))
    assert [r[2] for r in rows2[:3]] == ["0.15", "0.71", "0.65"]
    assert [r[3] for r in rows2[:3]] == ["1.89", "0.35", "0.43"]
    assert rows2[3][3] == "**2.67**"


def test_softmax_steps_reference_exponentials():
    """Oracle: reference notes §3.1 — e^1.43, e^−0.4, e^0.23 and their sum: 4.1787, 0.6703,
    1.2586, 6.1076; softmax of the printed inputs 0.6842/0.1098/0.2061."""
    rows = cells(softmax_steps([1.43, -0.4, 0.23], digits=4))
    assert [num(r[2]) for r in rows] == pytest.approx([4.1787, 0.6703, 1.2586, 6.1076], abs=5e-5)
    assert [num(r[3]) for r in rows[:3]] == pytest.approx([0.6842, 0.1098, 0.2061], abs=5e-5)
    assert rows[3][3] == "1.0000"


def test_rounding_table_reproduces_the_series_printed_cross_entropies():
    """Oracle: the series' printed (erroneous, E4) 0.56/0.54/0.65 and 1.75, and the exact
    0.5662/0.5514/0.6573, 1.7750 of the reference notes."""
    rows = cells(rounding_table(ce.IrisNetwork()))
    assert [r[3] for r in rows[:3]] == ["0.57", "0.58", "0.52"]
    assert [r[4] for r in rows[:3]] == [f"{v:.2f}" for v in PUBLISHED["C2.ce_rows"].values]
    assert rows[3][4] == f"**{PUBLISHED['C2.ce_total'].printed:.2f}**"
    assert [num(r[5]) for r in rows] == pytest.approx([0.5662, 0.5514, 0.6573, 1.7750], abs=5e-5)


def test_bias_reach_only_the_own_raw_output_moves_by_delta():
    """Oracle: ∂z_Setosa/∂b3 = 1 and ∂(u, d, blue, orange, z_Ve, z_Vi)/∂b3 = 0, exactly, for
    any step; the probabilities still sum to 1 after the step."""
    for flower in range(3):
        rows = cells(bias_reach_table(START, flower=flower, delta=0.5))
        change = {r[0]: num(r[3]) for r in rows}
        assert change[r"$z_{\text{Setosa}}$ (green)"] == 0.5
        for name in ("$u$ (top node)", "$d$ (bottom node)", "blue share", "orange share",
                     r"$z_{\text{Versicolor}}$", r"$z_{\text{Virginica}}$"):  # fmt: skip
            assert change[name] == 0.0
        after = [num(r[2]) for r in rows[7:10]]
        assert sum(after) == pytest.approx(1.0, abs=2e-4)
    rows = cells(bias_reach_table(START, flower=1))
    assert num(rows[-1][3]) > 0  # observed Virginica: raising b3 raises its cross entropy


def columns_of(table: str) -> dict[str, dict[str, str]]:
    """A flowers-as-columns table as {flower column: {row label: cell}}."""
    lines = table.strip().splitlines()
    header = [c.strip() for c in lines[0].strip()[1:-1].split(" | ")]
    rows = cells(table)
    return {h: {r[0]: r[j] for r in rows} for j, h in enumerate(header) if j > 0}


def test_chain_factors_match_reference_and_closed_form():
    """Oracle: reference notes §3.2 chain factors at b3 = −2; the product must equal the closed
    form p_Setosa − [observed Setosa] (independent: read from the forward pass) and the central
    difference."""
    p = START.forward(ce.TRAINING_DATA.inputs).probabilities
    cols = columns_of(chain_factors_table(START, digits=4))
    assert list(cols) == list(B3_M2_CHAIN)
    for i, (flower, col) in enumerate(cols.items()):
        first, second, product = B3_M2_CHAIN[flower]
        got = [num(col[label]) for label in col if label.startswith("factor")] + [num(col["product"])]
        assert got == pytest.approx((first, second, 1.0, product), abs=5e-5)
        closed = float(p[i, 0]) - (1.0 if i == 0 else 0.0)
        assert num(col["closed form, evaluated"]) == pytest.approx(closed, abs=5e-5)
        assert col["product"] == col["closed form, evaluated"] == col["central difference"]
        assert float(col["relative error (product vs. difference)"]) < 1e-6
        assert col["closed form"] == (r"$p_{\text{Setosa}} - 1$" if i == 0 else r"$p_{\text{Setosa}}$")


def test_chain_factors_for_other_biases_and_subsets():
    cols = columns_of(chain_factors_table(START, bias="b5", flowers=[1]))
    assert list(cols) == ["(1.00, 0.54) Virginica"]
    col = cols["(1.00, 0.54) Virginica"]
    assert col["closed form"] == r"$p_{\text{Virginica}} - 1$"
    p_vi = float(START.forward(ce.TRAINING_DATA.inputs[1]).probabilities[2])
    assert num(col["product"]) == pytest.approx(p_vi - 1, abs=5e-5)


def test_nine_case_check_closed_forms_and_numerics():
    """Oracle: closed form p_k − [observed = k] from the forward pass (independent of
    bias_gradient), and the central difference in each row."""
    p = START.forward(ce.TRAINING_DATA.inputs).probabilities
    rows = cells(nine_case_check(START))
    assert len(rows) == 9
    order = [(k, i) for k in range(3) for i in range(3)]
    for (k, i), r in zip(order, rows):
        observed = int(ce.TRAINING_DATA.labels[i])
        expected = float(p[i, k]) - (1.0 if observed == k else 0.0)
        assert r[0] == f"$b_{k + 3}$" and r[1] == ce.SPECIES[observed]
        assert r[2] == closed_form(f"b{k + 3}", observed)
        assert num(r[3]) == pytest.approx(expected, abs=5e-5)
        assert r[3] == r[4]
        assert float(r[5]) < 1e-6


def test_derivation_values_reference():
    """Oracle: Part 5/6 numbers (reference notes §3.3): total 2.6659, slope −0.7732, terms
    −0.8491, 0.0351, 0.0408."""
    v = derivation_values(START)
    assert v.b3 == -2.0
    assert v.total_ce == pytest.approx(2.6659, abs=5e-5)
    assert v.slope == pytest.approx(-0.7732, abs=5e-5)
    assert v.slope_terms == pytest.approx((-0.8491, 0.0351, 0.0408), abs=5e-5)
    assert sum(v.slope_terms) == pytest.approx(v.slope, abs=1e-12)
    setosa = v.by_species("Setosa")
    assert setosa.p_observed is not None
    assert setosa.label == "(0.04, 0.42)" and setosa.ce == pytest.approx(-math.log(setosa.p_observed))
    with pytest.raises(ValueError, match="species"):
        v.by_species("Rose")


def test_flower_values_at_petal_0_sepal_1():
    """Oracle: reference notes §3.1 — raw outputs 1.43, −0.44, 0.23; exponentials of the exact
    raw outputs; probabilities 0.6871, 0.1059, 0.2070."""
    v = flower_values(None, [0.0, 1.0])
    assert v.logits == pytest.approx((1.43, -0.44, 0.23), abs=1e-12)
    assert v.exponentials == pytest.approx(tuple(math.exp(z) for z in (1.43, -0.44, 0.23)))
    assert v.probabilities == pytest.approx((0.6871, 0.1059, 0.2070), abs=5e-5)
    assert v.observed is None and v.ce is None


def test_exact_values_reference():
    """Oracle: the 'exact' column of reference notes §3.1 and §3.3."""
    exact = exact_values()
    assert set(exact) == set(PUBLISHED)
    assert exact["C2.ce_rows"] == pytest.approx((0.5662, 0.5514, 0.6573), abs=5e-5)
    assert exact["S1.softmax_at_0_1"] == pytest.approx((0.6871, 0.1059, 0.2070), abs=5e-5)
    assert exact["P3.setosa_at_0.5_0.37"] == pytest.approx(0.0898, abs=5e-5)
    assert exact["part6.new_b3"] == pytest.approx(-1.2268, abs=5e-5)
    assert exact["part6.term_setosa_p"] == pytest.approx(0.1509, abs=5e-5)


def test_comparison_table_verdicts():
    """Oracle: reference notes §3.4 — E1, E3, E4 numbers differ, Part 5's agree."""
    rows = cells(comparison_table(["P1.w2", "S1.softmax_at_0_1", "C2.ce_total", "part5.ce_total"]))
    assert [r[-1] for r in rows] == ["differs (E1)", "differs (E3)", "differs (E4)", "agrees"]
    assert [r[0] for r in rows] == [
        "Multiple inputs, part 1",
        "Softmax article",
        "Cross entropy, part 2",
        "Derivatives, Part 5",
    ]
    assert rows[2][2:5] == ["1.75", "1.7750", "1.77"]


def test_closed_form_and_sci():
    assert closed_form("b4", "Versicolor") == r"$p_{\text{Versicolor}} - 1$"
    assert closed_form("b4", 0) == r"$p_{\text{Versicolor}}$"
    assert sci(1.24e-9) == "1.2e\N{MINUS SIGN}9"
    assert sci(3.0e12) == "3.0e12"


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: forward_table(network="net"), TypeError, "network"),  # type: ignore[arg-type]
        (lambda: forward_table(data=[1, 2]), TypeError, "data"),  # type: ignore[arg-type]
        (lambda: forward_table(columns="some"), ValueError, "columns"),
        (lambda: forward_table(digits=-1), ValueError, "digits"),
        (lambda: forward_table(transpose="yes"), TypeError, "transpose"),  # type: ignore[arg-type]
        (lambda: chain_factors_table(bias="b1"), ValueError, "bias"),
        (lambda: chain_factors_table(flowers=[3]), ValueError, "flowers"),
        (lambda: bias_reach_table(delta=0.0), ValueError, "delta"),
        (lambda: softmax_steps([1.0, 2.0]), ValueError, "logits"),
        (lambda: flower_values(None, [0.0, 1.0, 2.0]), ValueError, "flower"),
        (lambda: flower_values(None, [0.0, 1.0], observed=3), ValueError, "observed"),
        (lambda: parameter_table(names=["w11"]), ValueError, "names"),
        (lambda: comparison_table(["nothing"]), ValueError, "keys"),
        (lambda: closed_form("b3", 5), ValueError, "observed"),
        (lambda: sci(float("inf")), ValueError, "finite"),
    ],
)
def test_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_prose_names_follow_a_reloaded_package():
    """Oracle: Python's import system. After the package is dropped from ``sys.modules`` (as the serve
    hook does before a rebuild), the names the pages' sentences use are the newly imported ones."""
    import sys

    from crossentropy import prose_namespace

    saved = {
        name: mod
        for name, mod in sys.modules.items()
        if name == "crossentropy" or name.startswith("crossentropy.")
    }
    try:
        for name in saved:
            del sys.modules[name]
        names = prose_namespace()
        assert names["fmt"] is not ce.fmt and names["IrisNetwork"] is not ce.IrisNetwork
        assert names["fmt"](names["derivation_values"](names["IrisNetwork"](b3=-2.0)).total_ce, 4) == "2.6659"
    finally:
        for name in [n for n in sys.modules if n == "crossentropy" or n.startswith("crossentropy.")]:
            del sys.modules[name]
        sys.modules.update(saved)
