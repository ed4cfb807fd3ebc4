r"""What the original article series printed: its articles and their published, rounded numbers.

The site follows Rijul Rajesh's *Cross Entropy Derivatives* series (DEV Community) and the
prequels it builds on, which in turn follow StatQuest's *Neural Networks* videos. This module
holds, as plain data, every number those articles **printed**, with the article and the rounding
each appeared in. The places where the printed numbers are wrong or inconsistent are listed in
[`crossentropy.errata`][crossentropy.errata].

Nothing here is computed. The exact values are computed by the rest of the package when a page
is built; the tests compare them with the records below at each record's printed rounding (they
agree everywhere except at the errata, which is how the errata are known to be real).

Articles are named by short ids (see `ARTICLES`): ``P1``–``P3`` (multiple inputs), ``A1``
(ArgMax), ``S1``, ``S2`` (softmax), ``C1``, ``C2`` (cross entropy) and ``part1``–``part6``
(the *Cross Entropy Derivatives* series proper).

Examples
--------
>>> from crossentropy import PUBLISHED
>>> total = PUBLISHED["part5.ce_total"]
>>> total.where, total.printed, total.digits
('part5', 2.67, 2)
>>> total.agrees_with(2.665942)
True
>>> PUBLISHED["C2.ce_total"].agrees_with(1.774992)  # erratum E4: the series printed 1.75
False
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .formatting import fmt

__all__ = ["Article", "ARTICLES", "Published", "PUBLISHED", "published"]


@dataclass(frozen=True)
class Article:
    """One article of the series or its prequels.

    Attributes
    ----------
    id : str
        Short id used by `Published.where` and `Erratum.where` (``"P1"``, ``"part5"`` …).
    title : str
        The article's title.
    short : str
        A short name for tables ("ArgMax article", "Derivatives, Part 5").
    url : str
        Its address on DEV Community (empty when it is not known).
    """

    id: str
    title: str
    short: str
    url: str = ""


_ARTICLE_LIST: tuple[Article, ...] = (
    Article(
        "P1",
        "Understanding Multiple Inputs in Neural Networks - With Python Examples",
        "Multiple inputs, part 1",
        "https://dev.to/rijultp/understanding-multiple-inputs-in-neural-networks-with-python-examples-1ng9",
    ),
    Article(
        "P2",
        "Understanding Multiple Inputs in Neural Networks (With Python Examples) — Part 2",
        "Multiple inputs, part 2",
    ),
    Article(
        "P3",
        "Understanding Multiple Inputs in Neural Networks (With Python Examples) — Part 3",
        "Multiple inputs, part 3",
        "https://dev.to/rijultp/understanding-multiple-inputs-in-neural-networks-with-python-examples-part-3-1enm",
    ),
    Article(
        "A1",
        "Understanding the ArgMax Function in Neural Networks: A Handy Simplification for Prediction",
        "ArgMax article",
        "https://dev.to/rijultp/understanding-the-argmax-function-in-neural-networks-a-handy-simplification-for-prediction-5809",
    ),
    Article(
        "S1",
        "Exploring the Softmax Function: The Better Way to Interpret Neural Network Outputs",
        "Softmax article",
        "https://dev.to/rijultp/exploring-the-softmax-function-the-better-way-to-interpret-neural-network-outputs-5p8",
    ),
    Article(
        "S2",
        "Exploring the Softmax Function (Part 2): Formula, Derivatives, and Why Argmax Fails in Backpropagation",
        "Softmax, part 2",
        "https://dev.to/rijultp/exploring-the-softmax-function-part-2-formula-derivatives-and-why-argmax-fails-in-262g",
    ),
    Article(
        "C1",
        "Exploring Cross Entropy: The Essential Component for Softmax Backpropagation",
        "Cross entropy article",
        "https://dev.to/rijultp/exploring-cross-entropy-the-essential-component-for-softmax-backpropagation-465i",
    ),
    Article(
        "C2",
        "Exploring Cross Entropy (Part 2): Understanding Total Cross Entropy and Loss with a Python Example",
        "Cross entropy, part 2",
        "https://dev.to/rijultp/exploring-cross-entropy-part-2-understanding-total-cross-entropy-and-loss-with-a-python-example-5o3",
    ),
    Article("part1", "Cross Entropy Derivatives, Part 1", "Derivatives, Part 1"),
    Article(
        "part2",
        "Cross Entropy Derivatives, Part 2: Setting Up the Derivative with Respect to a Bias",
        "Derivatives, Part 2",
        "https://dev.to/rijultp/cross-entropy-derivatives-part-2-setting-up-the-derivative-with-respect-to-a-bias-32gh",
    ),
    Article(
        "part3",
        "Cross Entropy Derivatives, Part 3: Chain Rule for a Single Output Class",
        "Derivatives, Part 3",
        "https://dev.to/rijultp/cross-entropy-derivatives-part-3-chain-rule-for-a-single-output-class-181f",
    ),
    Article(
        "part4",
        "Cross Entropy Derivatives, Part 4: Solving for other output classes",
        "Derivatives, Part 4",
        "https://dev.to/rijultp/cross-entropy-derivatives-part-4-solving-for-other-output-classes-3gce",
    ),
    Article(
        "part5",
        "Cross Entropy Derivatives, Part 5: Optimizing bias with backpropagation",
        "Derivatives, Part 5",
        "https://dev.to/rijultp/cross-entropy-derivatives-part-5-optimizing-bias-with-backpropagation-4l59",
    ),
    Article(
        "part6",
        "Cross Entropy Derivatives, Part 6: Using gradient descent to reach the final result",
        "Derivatives, Part 6",
    ),
)

ARTICLES: Mapping[str, Article] = MappingProxyType({a.id: a for a in _ARTICLE_LIST})
"""The articles by id, in reading order."""


@dataclass(frozen=True)
class Published:
    r"""One number (or tuple of numbers) as an article printed it.

    Attributes
    ----------
    where : str
        Id of the article that printed it (a key of `ARTICLES`).
    quantity : str
        What the number is, in words (which flower, which $b_3$ …).
    printed : float or tuple of float
        The printed value(s), as printed (already rounded).
    digits : int
        The number of decimals printed.
    text : str
        How it was printed, when that was not a plain number (``"0.15 − 1"``); otherwise empty.

    Examples
    --------
    >>> from crossentropy import Published
    >>> rec = Published("A1", "raw outputs", (1.43, -0.44, 0.23), 2)
    >>> rec.display
    '1.43, −0.44, 0.23'
    >>> rec.agrees_with([1.4300001, -0.4401, 0.2299])
    True
    """

    where: str
    quantity: str
    printed: float | tuple[float, ...]
    digits: int
    text: str = ""

    def __post_init__(self) -> None:
        if self.where not in ARTICLES:
            raise ValueError(f"where must be one of {tuple(ARTICLES)}, got {self.where!r}")
        if isinstance(self.digits, bool) or not isinstance(self.digits, int) or self.digits < 0:
            raise ValueError(f"digits must be a non-negative int, got {self.digits!r}")
        values = self.printed if isinstance(self.printed, tuple) else (self.printed,)
        for v in values:
            if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(float(v)):
                raise TypeError(f"printed must hold finite real numbers, got {self.printed!r}")

    @property
    def values(self) -> tuple[float, ...]:
        """The printed value(s) as a tuple of floats (one element for a single number)."""
        raw = self.printed if isinstance(self.printed, tuple) else (self.printed,)
        return tuple(float(v) for v in raw)

    @property
    def display(self) -> str:
        """The printed value(s) as text, with a true minus sign (or `text` when given)."""
        if self.text:
            return self.text
        return ", ".join(fmt(v, self.digits) for v in self.values)

    def agrees_with(self, exact: float | Iterable[float]) -> bool:
        """Whether `exact` rounds to the printed value(s) at the printed number of decimals.

        Parameters
        ----------
        exact : float or sequence of float
            The exactly computed value(s), as many as were printed.
        """
        if isinstance(exact, Iterable):
            got: tuple[float, ...] = tuple(float(v) for v in exact)
        else:
            got = (float(exact),)
        if not all(math.isfinite(g) for g in got):
            raise ValueError(f"exact must hold finite numbers, got {exact!r}")
        if len(got) != len(self.values):
            raise ValueError(
                f"exact must hold {len(self.values)} value(s) to match {self.display!r}, got {len(got)}"
            )
        return all(fmt(g, self.digits) == fmt(p, self.digits) for g, p in zip(got, self.values))


def _p(
    where: str, quantity: str, printed: float | tuple[float, ...], digits: int, text: str = ""
) -> Published:
    return Published(where, quantity, printed, digits, text)


PUBLISHED: Mapping[str, Published] = MappingProxyType(
    {
        # -- prequels: the network, built at b3 = 0 -------------------------------------------
        "P1.top_node_at_0_0": _p(
            "P1", "top hidden node at petal width 0, sepal width 0 (before and after ReLU)", 1.6, 1
        ),
        "P1.top_node_at_0.2_0": _p("P1", "top hidden node at petal width 0.2, sepal width 0", 1.1, 1),
        "P1.w2": _p(
            "P1",
            "weight from sepal width to the top hidden node ($w_2$; also in Multiple inputs, part 2)",
            -0.6,
            1,
        ),
        "P3.setosa_at_0.5_0.37": _p(
            "P3", "Setosa raw output at petal width 0.5, sepal width 0.37 ($b_3 = 0$)", 0.09, 2
        ),
        "A1.setosa_at_0_1": _p(
            "A1", "Setosa raw output at petal width 0, sepal width 1 ($b_3 = 0$)", 1.43, 2
        ),
        "A1.versicolor_at_0_1": _p("A1", "Versicolor raw output at petal width 0, sepal width 1", -0.4, 1),
        "A1.virginica_at_0_1": _p("A1", "Virginica raw output at petal width 0, sepal width 1", 0.23, 2),
        "A1.argmax_at_0_1": _p(
            "A1", "ArgMax of the three raw outputs at petal width 0, sepal width 1", (1, 0, 0), 0
        ),
        "S1.softmax_at_0_1": _p(
            "S1",
            "softmax of the raw outputs at petal width 0, sepal width 1 (Setosa, Versicolor, Virginica)",
            (0.69, 0.10, 0.21),
            2,
        ),
        "C1.logits_row1": _p(
            "C1", "raw outputs of the first flower (0.04, 0.42), $b_3 = 0$", (1.04, 0.00, 0.14), 2
        ),
        "C1.softmax_row1": _p(
            "C1", "probabilities of the first flower (0.04, 0.42), $b_3 = 0$", (0.57, 0.20, 0.23), 2
        ),
        "C1.ce_row1": _p("C1", "cross entropy of the first flower (observed Setosa), $b_3 = 0$", 0.56, 2),
        "C2.ce_rows": _p(
            "C2",
            "cross entropy of the three flowers (Setosa, Virginica, Versicolor), $b_3 = 0$",
            (0.56, 0.54, 0.65),
            2,
        ),
        "C2.ce_total": _p("C2", "total cross entropy of the three flowers, $b_3 = 0$", 1.75, 2),
        "C2.p_setosa_marked": _p(
            "C2", r"Setosa probability marked on the $-\ln p$ curve (first flower, $b_3 = 0$)", 0.57, 2
        ),
        # -- Part 5: the starting point b3 = -2 -----------------------------------------------
        "part5.b3_start": _p("part5", "starting value of $b_3$", -2.0, 0),
        "part5.fixed_biases": _p(
            "part5", "the biases held fixed: $b_1$, $b_2$, $b_4$, $b_5$", (1.6, 0.7, 0.0, 1.0), 1
        ),
        "part5.p_observed": _p(
            "part5",
            "observed-class probability of the three flowers (Setosa, Virginica, Versicolor), $b_3 = -2$",
            (0.15, 0.71, 0.65),
            2,
        ),
        "part5.ce_rows": _p(
            "part5",
            "cross entropy of the three flowers (Setosa, Virginica, Versicolor), $b_3 = -2$",
            (1.89, 0.35, 0.43),
            2,
        ),
        "part5.ce_total": _p("part5", "total cross entropy, $b_3 = -2$", 2.67, 2),
        # -- Part 6: one step of gradient descent ---------------------------------------------
        "part6.term_setosa_p": _p(
            "part6",
            r"$p_{\text{Setosa}}$ in the Setosa flower's term $p_{\text{Setosa}} - 1$ of the slope, $b_3 = -2$",
            0.15,
            2,
            "0.15 − 1",
        ),
        "part6.term_virginica": _p(
            "part6", r"Virginica flower's term $p_{\text{Setosa}}$ of the slope, $b_3 = -2$", 0.04, 2
        ),
        "part6.term_versicolor": _p(
            "part6", r"Versicolor flower's term $p_{\text{Setosa}}$ of the slope, $b_3 = -2$", 0.04, 2
        ),
        "part6.slope": _p("part6", r"slope $\partial(\text{total CE})/\partial b_3$ at $b_3 = -2$", -0.77, 2),
        "part6.learning_rate": _p("part6", "learning rate", 1.0, 0),
        "part6.step": _p("part6", "step size (slope × learning rate) at $b_3 = -2$", -0.77, 2),
        "part6.new_b3": _p("part6", "new $b_3$ after the first step", -1.23, 2),
    }
)
"""Every number the series printed, keyed by ``"<article id>.<quantity>"``.

Per-flower tuples are in the series' order of the training flowers (Setosa, Virginica,
Versicolor); per-class tuples in class order (Setosa, Versicolor, Virginica).
"""


def published(key: str) -> Published:
    """The `Published` record for `key`, with a helpful error for an unknown key.

    Examples
    --------
    >>> from crossentropy import published
    >>> published("part6.new_b3").display
    '−1.23'
    """
    if not isinstance(key, str):
        raise TypeError(f"key must be a str, got {type(key).__name__}")
    try:
        return PUBLISHED[key]
    except KeyError:
        raise ValueError(f"key must be one of {', '.join(PUBLISHED)}; got {key!r}") from None
