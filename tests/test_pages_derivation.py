"""The built Home page and Parts 1–4: the numbers they print are the package's numbers.

Oracle: the package itself, called here directly (forward pass, loss, ``bias_gradient``,
``numerical_gradient``, gradient descent) and formatted the way the pages format them; the
product of the chain-rule factors must equal the closed form p_Setosa − [observed Setosa] read
from the forward pass; and the series' published numbers (``crossentropy.series``) where the
pages quote them. Tables are found by the ids of their ``<div class="ce-table">`` wrappers.
"""

from __future__ import annotations

import gzip
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

import crossentropy as ce
from crossentropy import PUBLISHED, fmt

pytestmark = pytest.mark.site

PAGES = {
    "home": "index.html",
    "part1": "part-1-network-softmax-cross-entropy/index.html",
    "part2": "part-2-setting-up-the-derivative/index.html",
    "part3": "part-3-observed-setosa/index.html",
    "part4": "part-4-other-classes/index.html",
}
X, Y = ce.TRAINING_DATA.inputs, ce.TRAINING_DATA.labels
B3_0, B3_M2 = ce.IrisNetwork(), ce.IrisNetwork(b3=-2.0)
FLOWERS = ["(0.04, 0.42)", "(1.00, 0.54)", "(0.50, 0.37)"]


class _TableGrabber(HTMLParser):
    """Collect the rows (lists of cell texts) of the tables inside the element with a given id."""

    def __init__(self, target: str) -> None:
        super().__init__(convert_charrefs=True)
        self.target, self.depth, self.found = target, 0, False
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if self.depth == 0 and dict(attrs).get("id") == self.target:
            self.depth, self.found = 1, True
            return
        if self.depth:
            if tag == "div":
                self.depth += 1
            elif tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self._cell = []

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "div":
            self.depth -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table(page_html: str, table_id: str) -> list[list[str]]:
    """All rows (header first) of the table wrapped in ``<div id=table_id>``."""
    grabber = _TableGrabber(table_id)
    grabber.feed(page_html)
    assert grabber.found, f"no element with id {table_id!r}"
    assert grabber.rows, f"no table inside #{table_id}"
    return grabber.rows


def body(rows: list[list[str]]) -> list[list[str]]:
    return rows[1:]


def by_first_cell(rows: list[list[str]]) -> dict[str, list[str]]:
    return {r[0]: r[1:] for r in body(rows)}


def text_of(page_html: str) -> str:
    """The page's visible text, roughly: tags removed, entities decoded, spaces collapsed."""
    main = page_html.split("<article", 1)[-1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, str]:
    return {key: (built_site / rel).read_text(encoding="utf-8") for key, rel in PAGES.items()}


def _f4(values) -> list[str]:
    return [fmt(float(v), 4) for v in np.ravel(values)]


# -- every page -----------------------------------------------------------------------------------
@pytest.mark.parametrize("key", list(PAGES))
def test_page_has_no_traceback_or_warning(pages, key):
    text = text_of(pages[key])
    for bad in ("Traceback", "RuntimeWarning", "Exception"):
        assert bad not in text, (key, bad)
    assert not re.search(r"\b(nan|inf)\b", text), key  # a silent NaN/overflow in a printed number


@pytest.mark.parametrize("key", list(PAGES))
def test_page_size_within_budget(built_site, key):
    """Oracle: the page-weight budget as readers receive a page: its HTML gzipped <= 120 KB."""
    assert len(gzip.compress((built_site / PAGES[key]).read_bytes(), 9)) <= 120 * 1024


# -- Home -----------------------------------------------------------------------------------------
def test_home_numbers(pages):
    text = text_of(pages["home"])
    run = ce.gradient_descent(B3_M2, X, Y, params=("b3",), learning_rate=1.0)
    assert f"total cross entropy is {fmt(B3_M2.loss(X, Y), 4)}" in text
    assert f"after {run.steps_taken} steps" in text
    assert fmt(run.network.b3, 4) in text and fmt(run.final_loss, 4) in text
    assert repr(B3_M2.loss(X, Y)) in text  # the shown block's printed output
    for target in ("part-1-network-softmax-cross-entropy/", "part-5-optimising-b3/", "part-8-backpropagation/",
                   "errata/"):  # fmt: skip
        assert f'href="{target}"' in pages["home"], target
    assert 'id="fig-network-diagram"' in pages["home"]


# -- Part 1 (b3 = 0) ------------------------------------------------------------------------------
def test_part1_hidden_and_outputs_tables(pages):
    fp = B3_0.forward(X)
    hidden = by_first_cell(table(pages["part1"], "part1-hidden"))
    outputs = table(pages["part1"], "part1-outputs")  # one column per flower
    for i, flower in enumerate(FLOWERS):
        key = f"{flower} {ce.SPECIES[Y[i]]}"
        u, d = fp.hidden_sums[i]
        ru, rd = fp.hidden[i]
        blue, orange = fp.contributions[i, 0]
        assert hidden[key] == _f4([u, ru, d, rd, blue, orange])
        assert outputs[0][i + 1] == key
        assert [r[i + 1] for r in body(outputs)] == _f4(fp.logits[i]) + _f4(fp.probabilities[i])


def test_part1_observations_at_b3_0(pages):
    rows = body(table(pages["part1"], "part1-observations"))
    fp = B3_0.forward(X)
    losses = ce.cross_entropy(fp.logits, Y, reduction="none")
    for i, row in enumerate(rows[:3]):
        assert row[:2] == [FLOWERS[i], ce.SPECIES[Y[i]]]
        assert row[2:] == _f4([fp.probabilities[i, Y[i]], losses[i]])
    assert rows[3][0] == "total" and rows[3][3] == fmt(B3_0.loss(X, Y), 4)


def test_part1_softmax_steps_at_petal_0_sepal_1(pages):
    rows = by_first_cell(table(pages["part1"], "part1-softmax"))
    z = B3_0.forward([0.0, 1.0]).logits
    p = ce.softmax(z)
    for k, name in enumerate(ce.SPECIES):
        assert rows[name] == _f4([z[k], np.exp(z[k]), p[k]])
    assert rows["sum"][1:] == _f4([np.exp(z).sum(), 1.0])


def test_part1_parameter_table(pages):
    rows = body(table(pages["part1"], "part1-parameters"))
    assert len(rows) == 15
    for row, name in zip(rows, ce.PARAMETER_NAMES):
        assert float(row[2].replace("\N{MINUS SIGN}", "-")) == B3_0.params[name]


def test_part1_errata_notes(pages):
    """The notes quote the series' printed numbers and the exact values beside them, and link to the
    errata (whose page carries the comparison tables: tests/test_pages_optimisation.py)."""
    text = text_of(pages["part1"])
    corner = B3_0.forward([0.0, 1.0])
    wrong = ce.IrisNetwork(w2=PUBLISHED["P1.w2"].values[0])
    assert f"would give {fmt(float(wrong.forward([0.0, 1.0]).logits[0]), 2)}" in text
    assert f"would be {fmt(wrong.replace(b3=-2.0).loss(X, Y), 2)} instead of the printed 2.67" in text
    assert f"to two decimals it is {fmt(float(corner.logits[1]), 2)}" in text
    assert PUBLISHED["S1.softmax_at_0_1"].display in text
    printed_z = [PUBLISHED[f"A1.{k}_at_0_1"].values[0] for k in ("setosa", "versicolor", "virginica")]
    own = ce.fmt_list(ce.softmax(printed_z), 2)
    assert own != PUBLISHED["S1.softmax_at_0_1"].display and f"its own inputs give {own}" in text
    assert f"exact raw outputs {ce.fmt_list(corner.probabilities, 2)}" in text
    assert PUBLISHED["C2.ce_rows"].display in text and PUBLISHED["C2.ce_total"].display in text
    exact = ce.cross_entropy(B3_0.forward(X).logits, Y, reduction="none")
    assert f"entropies are {ce.fmt_list(exact, 4)}, and the total is {fmt(B3_0.loss(X, Y), 4)}" in text
    assert [round(float(v), 2) for v in exact] != list(PUBLISHED["C2.ce_rows"].values)  # erratum E4
    for anchor in ("e1", "e2", "e3", "e4"):
        assert f'href="../errata/#{anchor}"' in pages["part1"], anchor


def test_part1_figures_present(pages):
    for fig in ("fig-bent-surfaces-setosa", "fig-neg-log-curve", "fig-softmax-bars", "fig-output-surfaces"):
        assert f'id="{fig}' in pages["part1"], fig


# -- Part 2 (b3 = -2) -----------------------------------------------------------------------------
def test_part2_starting_point_tables(pages):
    fp = B3_M2.forward(X)
    outputs = table(pages["part2"], "part2-outputs")  # one column per flower
    for i, flower in enumerate(FLOWERS):
        assert outputs[0][i + 1] == f"{flower} {ce.SPECIES[Y[i]]}"
        assert [r[i + 1] for r in body(outputs)] == _f4(fp.logits[i]) + _f4(fp.probabilities[i])
    rows = body(table(pages["part2"], "part2-observations"))
    assert rows[3][3] == fmt(B3_M2.loss(X, Y), 4)
    assert fmt(B3_M2.loss(X, Y), 2) == PUBLISHED["part5.ce_total"].display  # the series' 2.67 agrees
    text = text_of(pages["part2"])
    assert f"(the series prints {PUBLISHED['part5.ce_total'].display})" in text


def test_part2_quotes_the_series_and_the_trade_off(pages):
    """Oracle: the series' Part 5 numbers at b3 = −2 (all agree at the printed rounding) and the
    forward pass at b3 = 0 and b3 = −2: lowering b3 hurts the Setosa flower and helps the other two."""
    text = text_of(pages["part2"])
    compare = body(table(pages["part2"], "part2-published"))
    assert [r[-1] for r in compare] == ["agrees"] * 3
    for key in ("part5.p_observed", "part5.ce_rows", "part5.ce_total"):
        assert PUBLISHED[key].display in text
    p0, p2 = B3_0.forward(X).probabilities, B3_M2.forward(X).probabilities
    observed0, observed2 = [p0[i, c] for i, c in enumerate(Y)], [p2[i, c] for i, c in enumerate(Y)]
    assert observed2[0] < observed0[0] and observed2[1] > observed0[1] and observed2[2] > observed0[2]
    assert f"(it was {fmt(float(observed0[0]), 4)} at" in text
    assert f"get {fmt(float(observed2[1]), 2)} and {fmt(float(observed2[2]), 2)}" in text
    assert f"(instead of {fmt(float(observed0[1]), 2)} and {fmt(float(observed0[2]), 2)})" in text


def test_part2_raising_b3_moves_only_the_setosa_raw_output(pages):
    rows = body(table(pages["part2"], "part2-reach"))
    before = B3_M2.forward(X[0])
    after = B3_M2.replace(b3=-1.0).forward(X[0])
    z_row = next(r for r in rows if "(green)" in r[0])
    assert z_row[1:] == [*_f4([before.logits[0], after.logits[0]]), "+1.0000"]
    changes = [r[3] for r in rows]
    assert changes[:4] == ["0.0000"] * 4 and changes[5:7] == ["0.0000"] * 2


# -- Part 3 ---------------------------------------------------------------------------------------
def test_part3_chain_factors_product_is_p_setosa_minus_1(pages):
    col = by_first_cell(table(pages["part3"], "part3-chain"))
    p = B3_M2.forward(X[0]).probabilities
    rule = ce.bias_gradient(p, 0, "b3")
    assert col["product"] == [fmt(rule.value, 4)] == [fmt(float(p[0]) - 1.0, 4)]
    assert col["closed form, evaluated"] == col["product"] == col["central difference"]
    factor_rows = [v for k, v in col.items() if k.startswith("factor")]
    assert factor_rows == [[fmt(rule.dce_dp, 4)], [fmt(rule.dp_dz, 4)], ["1"]]


def test_part3_sentences(pages):
    text = text_of(pages["part3"])
    p = B3_M2.forward(X[0]).probabilities
    slope = float(ce.numerical_gradient(lambda b: B3_M2.replace(b3=float(b)).loss(X[:1], Y[:1]), -2.0))
    assert f"The central difference gives {fmt(slope, 8)}" in text
    assert f"gives {fmt(float(p[0]) - 1, 8)}" in text
    assert f"their product is {fmt(float(p[0]) - 1, 4)}" in text


# -- Part 4 ---------------------------------------------------------------------------------------
def test_part4_chain_factors_for_all_three_flowers(pages):
    rows = table(pages["part4"], "part4-chain")
    header = rows[0][1:]
    col = by_first_cell(rows)
    probs = B3_M2.forward(X).probabilities
    for j, flower in enumerate(FLOWERS):
        assert header[j] == f"{flower} {ce.SPECIES[Y[j]]}"
        expected = float(probs[j, 0]) - (1.0 if Y[j] == 0 else 0.0)
        assert col["product"][j] == fmt(expected, 4) == col["central difference"][j]
    text = text_of(pages["part4"])
    slope = B3_M2.gradients(X, Y)["b3"]
    assert f"= {fmt(slope, 4)}" in text and fmt(slope, 2) == PUBLISHED["part6.slope"].display


def test_part4_quotes_the_series_slope_terms(pages):
    """Oracle: the series' Part 6 terms 0.15 − 1, 0.04, 0.04 and slope −0.77 (all agree when rounded)."""
    compare = body(table(pages["part4"], "part4-published-slope"))
    assert [r[-1] for r in compare] == ["agrees"] * 4
    text = text_of(pages["part4"])
    for key in ("part6.term_setosa_p", "part6.term_virginica", "part6.term_versicolor", "part6.slope"):
        assert PUBLISHED[key].display in text


def test_part4_nine_cases(pages):
    rows = body(table(pages["part4"], "part4-nine"))
    probs = B3_M2.forward(X).probabilities
    assert len(rows) == 9
    for n, row in enumerate(rows):
        k, i = divmod(n, 3)
        expected = float(probs[i, k]) - (1.0 if Y[i] == k else 0.0)
        assert row[1] == ce.SPECIES[Y[i]]
        assert row[3] == row[4] == fmt(expected, 4)
        assert float(row[5].replace("\N{MINUS SIGN}", "-")) < 1e-6


def test_part4_virginica_reach_sign(pages):
    rows = body(table(pages["part4"], "part4-reach"))
    assert rows[-1][0].endswith("(observed Virginica)") and rows[-1][3].startswith("+")
    assert 'id="fig-b3-shift' in pages["part4"]
