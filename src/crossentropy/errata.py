r"""Where the series printed something wrong, inconsistent or easy to misread: its errata, as data.

Each [`Erratum`][crossentropy.errata.Erratum] names the articles concerned (keys of
[`ARTICLES`][crossentropy.series.ARTICLES]) and the printed numbers involved (keys of
[`PUBLISHED`][crossentropy.series.PUBLISHED]). Nothing here is computed: the exact values are
computed on the pages, and the tests check that each numeric erratum's printed numbers really
disagree with them.

Examples
--------
>>> from crossentropy import ERRATA, erratum
>>> [e.id for e in ERRATA]
['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8']
>>> erratum("E4").published
('C1.ce_row1', 'C2.ce_rows', 'C2.ce_total')
"""

from __future__ import annotations

from dataclasses import dataclass

from .series import ARTICLES, PUBLISHED

__all__ = ["Erratum", "ERRATA", "erratum"]


@dataclass(frozen=True)
class Erratum:
    """A place where the series printed something wrong, inconsistent or easy to misread.

    Attributes
    ----------
    id : str
        ``"E1"`` … ``"E8"``.
    where : tuple of str
        Ids of the articles concerned (keys of `ARTICLES`).
    printed : str
        What the series printed (the number or the words).
    published : tuple of str
        Keys of `PUBLISHED` involved (empty when the erratum is about words, not numbers).
    series_did : str
        What the series did, in a sentence.
    correction : str
        What is right instead, in words. The exact values are computed on the pages, not stored.
    numeric : bool
        Whether the printed numbers disagree with the exact ones (``False`` for wording,
        rendering or "correct but confusing" items).
    """

    id: str
    where: tuple[str, ...]
    printed: str
    published: tuple[str, ...]
    series_did: str
    correction: str
    numeric: bool

    def __post_init__(self) -> None:
        for w in self.where:
            if w not in ARTICLES:
                raise ValueError(f"where must name articles in {tuple(ARTICLES)}, got {w!r}")
        for key in self.published:
            if key not in PUBLISHED:
                raise ValueError(f"published must name keys of PUBLISHED, got {key!r}")


ERRATA: tuple[Erratum, ...] = (
    Erratum(
        "E1",
        ("P1", "P2"),
        "−0.6",
        ("P1.w2",),
        "Gave the weight from sepal width to the top hidden node as −0.6, in the text and in the code.",
        "The weight is +0.6, as in the third multiple-inputs article, the series' Part 5 code and "
        "StatQuest's network: only +0.6 reproduces the Setosa raw output 1.43 at petal width 0, "
        "sepal width 1 and every cross entropy of Part 5.",
        True,
    ),
    Erratum(
        "E2",
        ("A1", "S1"),
        "−0.4",
        ("A1.versicolor_at_0_1",),
        "Printed the Versicolor raw output at petal width 0, sepal width 1 to one decimal while the "
        "other two raw outputs have two.",
        "To two decimals, like its neighbours, the Versicolor raw output there is −0.44.",
        True,
    ),
    Erratum(
        "E3",
        ("S1",),
        "0.69, 0.10, 0.21",
        ("S1.softmax_at_0_1",),
        "Printed softmax probabilities that do not follow from its own inputs (1.43, −0.4, 0.23): "
        "those give 0.68, 0.11, 0.21. The 0.10 appears chosen so the three sum to 1.00.",
        "From the exact raw outputs (1.43, −0.44, 0.23) the probabilities round to 0.69, 0.11, 0.21; "
        "rounded values need not sum to exactly 1.",
        True,
    ),
    Erratum(
        "E4",
        ("C1", "C2"),
        "Cross entropy article: 0.56; Cross entropy, part 2: 0.56, 0.54, 0.65; total 1.75",
        ("C1.ce_row1", "C2.ce_rows", "C2.ce_total"),
        "Took −ln of probabilities already rounded to two decimals (0.57, 0.58, 0.52), so each "
        "cross entropy, and their total, is off in the second decimal; the cross-entropy article's code "
        "is shown printing 0.56 although it prints 0.5653….",
        "Cross entropy is −ln of the unrounded probability: about 0.57, 0.55 and 0.66, total 1.77.",
        True,
    ),
    Erratum(
        "E5",
        ("C1",),
        "“already transformed into scores (logits)”",
        (),
        "Described the three-flower table as holding logits.",
        "The table holds the inputs (petal and sepal widths); the logits 1.04, 0.00, 0.14 come from "
        "running the network on the first flower with $b_3 = 0$.",
        False,
    ),
    Erratum(
        "E6",
        ("part5",),
        "Total CE} = 2.67",
        ("part5.ce_total",),
        "Rendered the total with a stray brace from broken LaTeX.",
        "The number 2.67 is right; the equation should read Total CE = 2.67.",
        False,
    ),
    Erratum(
        "E7",
        ("part4",),
        r"$b_3$ acts on $p_{\text{Virginica}}$ through the Setosa raw output",
        (),
        "Said, correctly but briefly, that for an observed Virginica $b_3$ reaches the loss through "
        "the Setosa raw output.",
        r"$b_3$ changes only the Setosa raw output, which sits in the softmax denominator of every "
        r"probability; raising $b_3$ lowers $p_{\text{Virginica}}$, so "
        r"$\partial\,\mathrm{CE}/\partial b_3 = p_{\text{Setosa}}$ is positive. The same holds for an "
        "observed Versicolor.",
        False,
    ),
    Erratum(
        "E8",
        ("S2",),
        "the derivative of ArgMax is 0",
        (),
        "Called ArgMax's derivative zero.",
        "It is zero almost everywhere and undefined where the largest raw output changes; either way "
        "it carries no gradient.",
        False,
    ),
)
"""The series' errata, in order."""


def erratum(id: str) -> Erratum:
    """The `Erratum` with this id (``"E1"`` … ``"E8"``).

    Examples
    --------
    >>> from crossentropy import erratum
    >>> erratum("E2").printed
    '−0.4'
    """
    for e in ERRATA:
        if e.id == id:
            return e
    raise ValueError(f"id must be one of {', '.join(e.id for e in ERRATA)}; got {id!r}")
