r"""The series' printed numbers beside the exact values the package computes.

Examples
--------
>>> from crossentropy import exact_values
>>> round(exact_values()["part5.ce_total"], 4)
2.6659
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .. import _validate
from ..data import TRAINING_DATA
from ..errata import ERRATA
from ..formatting import fmt, md_table
from ..network import IrisNetwork
from ..series import ARTICLES, PUBLISHED
from .values import derivation_values, flower_values

__all__ = [
    "exact_values",
    "comparison_table",
]


def exact_values() -> dict[str, float | tuple[float, ...]]:
    r"""The exact value of every number the series printed (the keys of `series.PUBLISHED`).

    Prequel numbers use StatQuest's trained network ($b_3 = 0$), Parts 5 and 6 the series'
    starting point $b_3 = -2$. Tuples follow the printed tuples' order.

    Examples
    --------
    >>> from crossentropy import exact_values
    >>> exact = exact_values()
    >>> round(exact["C2.ce_total"], 4), round(exact["part6.new_b3"], 4)
    (1.775, -1.2268)
    """
    net0, net2 = IrisNetwork(), IrisNetwork(b3=-2.0)
    x, y = TRAINING_DATA.inputs, TRAINING_DATA.labels
    corner = flower_values(net0, [0.0, 1.0])
    v0, v2 = derivation_values(net0), derivation_values(net2)
    slope = v2.slope
    lr = 1.0
    winner = int(np.argmax(corner.logits))
    out: dict[str, float | tuple[float, ...]] = {
        "P1.top_node_at_0_0": flower_values(net0, [0.0, 0.0]).hidden[0],
        "P1.top_node_at_0.2_0": flower_values(net0, [0.2, 0.0]).hidden[0],
        "P1.w2": net0.w2,
        "P3.setosa_at_0.5_0.37": flower_values(net0, [0.5, 0.37]).logits[0],
        "A1.setosa_at_0_1": corner.logits[0],
        "A1.versicolor_at_0_1": corner.logits[1],
        "A1.virginica_at_0_1": corner.logits[2],
        "A1.argmax_at_0_1": tuple(1.0 if j == winner else 0.0 for j in range(3)),
        "S1.softmax_at_0_1": corner.probabilities,
        "C1.logits_row1": v0.flowers[0].logits,
        "C1.softmax_row1": v0.flowers[0].probabilities,
        "C1.ce_row1": v0.losses[0],
        "C2.ce_rows": v0.losses,
        "C2.ce_total": v0.total_ce,
        "C2.p_setosa_marked": v0.flowers[0].probabilities[0],
        "part5.b3_start": net2.b3,
        "part5.fixed_biases": (net2.b1, net2.b2, net2.b4, net2.b5),
        "part5.p_observed": v2.observed_probabilities,
        "part5.ce_rows": v2.losses,
        "part5.ce_total": net2.loss(x, y),
        "part6.term_setosa_p": v2.flowers[0].probabilities[0],
        "part6.term_virginica": v2.slope_terms[1],
        "part6.term_versicolor": v2.slope_terms[2],
        "part6.slope": slope,
        "part6.learning_rate": lr,
        "part6.step": lr * slope,
        "part6.new_b3": net2.b3 - lr * slope,
    }
    return {key: out[key] for key in PUBLISHED}


def comparison_table(keys: Sequence[str], digits: int = 4, labels: Mapping[str, str] | None = None) -> str:
    r"""The series' printed numbers beside the exact values, with a verdict per row.

    Columns: the article (its short name), the quantity, the printed value, the exact value (to
    `digits` decimals), the exact value at the printed rounding, and whether they agree (naming
    the erratum when they do not).

    Parameters
    ----------
    keys : sequence of str
        Keys of `crossentropy.series.PUBLISHED`.
    digits : int, default 4
    labels : mapping of str to str, optional
        Shorter names for the quantities, by key (default: each record's ``quantity``).

    Examples
    --------
    >>> from crossentropy import comparison_table
    >>> print(comparison_table(["C2.ce_total", "part5.ce_total"], labels={"C2.ce_total": "total CE"}))
    | article | quantity | printed | exact | exact, rounded as printed | verdict |
    | :--- | :--- | ---: | ---: | ---: | :--- |
    | Cross entropy, part 2 | total CE | 1.75 | 1.7750 | 1.77 | differs (E4) |
    | Derivatives, Part 5 | total cross entropy, $b_3 = -2$ | 2.67 | 2.6659 | 2.67 | agrees |
    """
    d = _validate.decimals(digits)
    names = dict(labels or {})
    exact = exact_values()
    rows = []
    for key in keys:
        if key not in PUBLISHED:
            raise ValueError(f"keys must be keys of crossentropy.series.PUBLISHED, got {key!r}")
        rec = PUBLISHED[key]
        value = exact[key]
        values = value if isinstance(value, tuple) else (value,)
        if rec.agrees_with(values):
            verdict = "agrees"
        else:
            ids = [e.id for e in ERRATA if key in e.published]
            verdict = f"differs ({', '.join(ids)})" if ids else "differs"
        rows.append(
            [
                ARTICLES[rec.where].short,
                names.get(key, rec.quantity),
                rec.display,
                ", ".join(fmt(v, d) for v in values),
                ", ".join(fmt(v, rec.digits) for v in values),
                verdict,
            ]
        )
    header = ["article", "quantity", "printed", "exact", "exact, rounded as printed", "verdict"]
    return md_table(header, rows, align="llrrrl")
