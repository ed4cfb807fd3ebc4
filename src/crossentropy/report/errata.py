r"""The errata page: what the original series printed, the exact values computed live, and why they differ.

The printed numbers and the list of errata are data in [`crossentropy.series`][crossentropy.series]
and [`crossentropy.errata`][crossentropy.errata]; the exact values come from the network at build
time (through [`exact_values`][crossentropy.report.series.exact_values] and the functions below).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import _validate
from ..data import SPECIES, TRAINING_DATA
from ..errata import ERRATA, Erratum, erratum
from ..formatting import fmt, md_table
from ..loss import cross_entropy
from ..network import IrisNetwork
from ..series import ARTICLES, PUBLISHED
from ..softmax import softmax
from .series import exact_values

__all__ = [
    "article_link",
    "errata_table",
    "erratum_text",
    "sign_consequences_table",
    "softmax_inputs_table",
    "rounded_probability_table",
    "c1_snippet_value",
]


def article_link(article_id: str) -> str:
    """The article's short name as a Markdown link (plain text when its address is unknown).

    Examples
    --------
    >>> from crossentropy import article_link
    >>> article_link("part5")
    '[Derivatives, Part 5](https://dev.to/rijultp/cross-entropy-derivatives-part-5-optimizing-bias-with-backpropagation-4l59)'
    >>> article_link("part6")
    'Derivatives, Part 6'
    """
    _validate.choice(article_id, tuple(ARTICLES), "article_id")
    a = ARTICLES[article_id]
    return f"[{a.short}]({a.url})" if a.url else a.short


def _numbers_text(e: Erratum, text_of: Callable[[str], str]) -> str:
    """An erratum's numbers, one group per key of `Erratum.published`, in that order, "; " between
    groups, a total marked as such and, when the keys come from several articles, each article's
    first group led by its short name: the layout a numeric erratum's `Erratum.printed` follows, so
    that the "printed" and "exact" columns of `errata_table` name the same numbers in the same order."""
    if not e.published:
        return "—"
    several = len({PUBLISHED[key].where for key in e.published}) > 1
    parts, previous = [], None
    for key in e.published:
        rec = PUBLISHED[key]
        lead = f"{ARTICLES[rec.where].short}: " if several and rec.where != previous else ""
        parts.append(lead + ("total " if rec.quantity.startswith("total") else "") + text_of(key))
        previous = rec.where
    return "; ".join(parts)


def _exact_text(e: Erratum, digits: int) -> str:
    """The exact value(s) behind an erratum's printed numbers, as text, laid out like the printed ones."""
    exact = exact_values()

    def text_of(key: str) -> str:
        value = exact[key]
        values = value if isinstance(value, tuple) else (value,)
        return ", ".join(fmt(float(v), digits) for v in values)

    return _numbers_text(e, text_of)


def _kind(e: Erratum) -> str:
    if e.numeric:
        return "number"
    return "rendering (the number is right)" if e.published else "wording"


def errata_table(digits: int = 4) -> str:
    """One row per erratum: where, what was printed, the exact value computed here, and the kind.

    Examples
    --------
    >>> from crossentropy import errata_table
    >>> print(errata_table().splitlines()[3])  # doctest: +ELLIPSIS
    | [E2](#e2) | ... | −0.4 | −0.4400 | number |
    """
    rows = []
    for e in ERRATA:
        rows.append(
            [
                f"[{e.id}](#{e.id.lower()})",
                ", ".join(article_link(w) for w in e.where),
                e.printed,
                _exact_text(e, digits),
                _kind(e),
            ]
        )
    return md_table(["erratum", "article", "printed", "exact, computed here", "kind"], rows, align="lllrl")


def erratum_text(id: str) -> str:
    """What the series did and what is right, as two short paragraphs for the erratum's section.

    Examples
    --------
    >>> from crossentropy import erratum_text
    >>> print(erratum_text("E8"))  # doctest: +ELLIPSIS
    **Printed** ([Softmax, part 2](...)): Called ArgMax's derivative zero.
    <BLANKLINE>
    **Correct:** ...
    """
    e = erratum(id)
    where = ", ".join(article_link(w) for w in e.where)
    return f"**Printed** ({where}): {e.series_did}\n\n**Correct:** {e.correction}"


def sign_consequences_table(digits: int = 4) -> str:
    r"""Erratum E1 in numbers: what the network gives with $w_2 = +0.6$ and with the misprinted $-0.6$.

    Examples
    --------
    >>> from crossentropy import sign_consequences_table
    >>> print(sign_consequences_table(2).splitlines()[2])
    | Setosa raw output at petal width 0, sepal width 1 ($b_3 = 0$) | 1.43 | 1.43 | 1.55 |
    """
    plus, minus = IrisNetwork(w2=0.6), IrisNetwork(w2=-0.6)
    x, y = TRAINING_DATA.inputs, TRAINING_DATA.labels
    rows = [
        [
            "Setosa raw output at petal width 0, sepal width 1 ($b_3 = 0$)",
            PUBLISHED["A1.setosa_at_0_1"].display,
            fmt(float(plus.forward([0.0, 1.0]).logits[0]), digits),
            fmt(float(minus.forward([0.0, 1.0]).logits[0]), digits),
        ],
        [
            "total cross entropy of the three flowers, $b_3 = 0$",
            PUBLISHED["C2.ce_total"].display,
            fmt(plus.loss(x, y), digits),
            fmt(minus.loss(x, y), digits),
        ],
        [
            "total cross entropy of the three flowers, $b_3 = -2$",
            PUBLISHED["part5.ce_total"].display,
            fmt(plus.replace(b3=-2.0).loss(x, y), digits),
            fmt(minus.replace(b3=-2.0).loss(x, y), digits),
        ],
    ]
    return md_table(
        ["quantity", "series printed", "with $w_2$ = +0.6", "with $w_2$ = −0.6"], rows, align="lrrr"
    )


def softmax_inputs_table(digits: int = 2) -> str:
    """Erratum E3 in numbers: the softmax of the printed raw outputs and of the exact ones.

    Examples
    --------
    >>> from crossentropy import softmax_inputs_table
    >>> print(softmax_inputs_table().splitlines()[2])
    | raw outputs as printed: 1.43, −0.40, 0.23 | 0.68, 0.11, 0.21 | 1.00 |
    """
    printed_logits = (
        PUBLISHED["A1.setosa_at_0_1"].values[0],
        PUBLISHED["A1.versicolor_at_0_1"].values[0],
        PUBLISHED["A1.virginica_at_0_1"].values[0],
    )
    exact_logits = IrisNetwork().forward([0.0, 1.0]).logits
    rows = []
    for label, z in (
        ("raw outputs as printed", np.array(printed_logits)),
        ("exact raw outputs", exact_logits),
    ):
        p = softmax(z)
        rounded = [float(f"{v:.{digits}f}") for v in p]
        rows.append(
            [
                f"{label}: {', '.join(fmt(float(v), 2) for v in z)}",
                ", ".join(fmt(float(v), digits) for v in p),
                fmt(sum(rounded), digits),
            ]
        )
    rows.append(
        [
            "the series printed",
            PUBLISHED["S1.softmax_at_0_1"].display,
            fmt(sum(PUBLISHED["S1.softmax_at_0_1"].values), digits),
        ]
    )
    header = ["softmax of", "Setosa, Versicolor, Virginica", "sum of the rounded values"]
    return md_table(header, rows, align="lrr")


def rounded_probability_table(digits: int = 4) -> str:
    r"""Erratum E4 in numbers: $-\ln$ of the exact probability beside $-\ln$ of the probability rounded to 2 decimals.

    Examples
    --------
    >>> from crossentropy import rounded_probability_table
    >>> print(rounded_probability_table().splitlines()[2])
    | (0.04, 0.42) Setosa | 0.5677 | 0.5662 | 0.57 | 0.5621 | 0.56 |
    """
    fp = IrisNetwork().forward(TRAINING_DATA.inputs)
    printed = PUBLISHED["C2.ce_rows"].values
    rows = []
    for i, (row, c) in enumerate(zip(TRAINING_DATA.inputs, TRAINING_DATA.labels)):
        p = float(fp.probabilities[i, c])
        p2 = float(f"{p:.2f}")
        rows.append(
            [
                f"({row[0]:.2f}, {row[1]:.2f}) {SPECIES[c]}",
                fmt(p, digits),
                fmt(-np.log(p), digits),
                fmt(p2, 2),
                fmt(-np.log(p2), digits),
                fmt(printed[i], 2),
            ]
        )
    header = [
        "flower",
        "$p_{\\text{observed}}$",
        "$-\\ln p$",
        "$p$ rounded",
        "$-\\ln$ (rounded $p$)",
        "series printed",
    ]
    return md_table(header, rows, align="lrrrrr")


def c1_snippet_value() -> float:
    r"""What the cross-entropy article's code really prints: $-\ln$ softmax of its logits
    (1.04, 0.00, 0.14), first entry.

    Examples
    --------
    >>> from crossentropy import c1_snippet_value
    >>> round(c1_snippet_value(), 4)
    0.5653
    """
    logits = PUBLISHED["C1.logits_row1"].values
    return float(cross_entropy(list(logits), 0))
