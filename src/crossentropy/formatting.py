r"""How numbers and tables are written on the site: one formatter for prose, tables and figures.

Every number a page, a table, a figure label or the series' records print goes through
these functions, so the site writes numbers one way: fixed decimals, a true minus sign
(U+2212, not a hyphen), and no ``−0.00``.

* [`fmt`][crossentropy.formatting.fmt]: fixed decimals, ``−0.7732``;
* [`fmt_list`][crossentropy.formatting.fmt_list]: several numbers in a sentence, ``0.57, 0.55, 0.66``;
* [`sci`][crossentropy.formatting.sci]: a small number in scientific notation, ``2.3e−10``;
* [`compact`][crossentropy.formatting.compact]: the shortest form, ``−2`` or ``0.001``;
* [`vector`][crossentropy.formatting.vector]: a short vector, ``(−0.8491, 0.3966, 0.4525)``;
* [`md_table`][crossentropy.formatting.md_table] and
  [`table_block`][crossentropy.formatting.table_block]: a Markdown table, and the same wrapped
  in a ``<div>`` with an id that pages and tests find it by.

Examples
--------
>>> from crossentropy.formatting import compact, fmt, sci
>>> fmt(-0.773201), sci(4.2e-11), compact(-2.0)
('−0.7732', '4.2e−11', '−2')
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["MINUS", "fmt", "fmt_list", "sci", "compact", "vector", "md_table", "table_block"]

MINUS = "\N{MINUS SIGN}"
"""The minus sign every formatter writes (U+2212): it is as wide as a plus sign and never breaks a line."""


def _finite(value: object, name: str = "value") -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x}")
    return x


def _places(digits: object, maximum: int = 17) -> int:
    if (
        isinstance(digits, bool)
        or not isinstance(digits, numbers.Integral)
        or not 0 <= int(digits) <= maximum
    ):
        raise ValueError(f"digits must be an int in 0..{maximum}, got {digits!r}")
    return int(digits)


def fmt(value: float, digits: int = 4, *, signed: bool = False) -> str:
    """A number with a fixed number of decimals and a true minus sign.

    Parameters
    ----------
    value : float
        A finite real number (numpy scalars included).
    digits : int, default 4
        Decimal places, 0 to 17.
    signed : bool, default False
        Write ``+`` before a positive number (for changes: ``+1.00``).

    Returns
    -------
    str
        For example ``"−0.7732"``. A value that rounds to zero is written without a sign,
        ``0.0000``.

    Examples
    --------
    >>> from crossentropy.formatting import fmt
    >>> fmt(-0.77320100, 2), fmt(2.66594, 2), fmt(-0.00001, 3), fmt(0.5, 1, signed=True)
    ('−0.77', '2.67', '0.000', '+0.5')
    """
    x, d = _finite(value), _places(digits)
    text = f"{x:.{d}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    if text.startswith("-"):
        return MINUS + text[1:]
    return ("+" + text) if signed and float(text) != 0.0 else text


def fmt_list(values: Iterable[float], digits: int = 4, *, sep: str = ", ") -> str:
    """Several numbers, each formatted by `fmt`, joined by `sep` (for a sentence or a table cell).

    Examples
    --------
    >>> from crossentropy.formatting import fmt_list
    >>> fmt_list([0.5662, 0.5514, 0.6573], 2), fmt_list((x / 4 for x in range(3)), 1, sep=" < ")
    ('0.57, 0.55, 0.66', '0.0 < 0.2 < 0.5')
    """
    if isinstance(values, (str, bytes)):
        raise TypeError(f"values must be an iterable of real numbers, got {type(values).__name__}")
    if not isinstance(sep, str):
        raise TypeError(f"sep must be a str, got {type(sep).__name__}")
    items = np.asarray(list(values)).reshape(-1).tolist() if isinstance(values, np.ndarray) else list(values)
    return sep.join(fmt(v, digits) for v in items)


def sci(value: float, digits: int = 1) -> str:
    """A number in scientific notation with a true minus sign, for small errors in tables.

    Parameters
    ----------
    value : float
        A finite real number.
    digits : int, default 1
        Decimal places of the mantissa.

    Returns
    -------
    str
        For example ``"2.3e−10"``; zero is ``"0"``.

    Examples
    --------
    >>> from crossentropy.formatting import sci
    >>> sci(2.34e-10), sci(0.0), sci(1e-6, 0), sci(-123456.0)
    ('2.3e−10', '0', '1e−6', '−1.2e5')
    """
    x, d = _finite(value), _places(digits, 12)
    if x == 0.0:
        return "0"
    mantissa, exponent = f"{x:.{d}e}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", MINUS)


def compact(value: float, significant: int = 6) -> str:
    """A number in its shortest form (Python's ``g`` format) with a true minus sign.

    For parameter values and settings such as learning rates, which are written as they are
    (``−2``, ``0.6``, ``0.001``) rather than to a fixed number of decimals.

    Parameters
    ----------
    value : float
        A finite real number.
    significant : int, default 6
        At most this many significant digits, 1 to 17 (trailing zeros are dropped).

    Examples
    --------
    >>> from crossentropy.formatting import compact
    >>> compact(-2.0), compact(0.6), compact(0.001), compact(2.5e-7), compact(-0.0)
    ('−2', '0.6', '0.001', '2.5e−07', '0')
    >>> compact(-0.0316532, significant=3)
    '−0.0317'
    """
    x = _finite(value)
    digits = _places(significant)
    if digits == 0:
        raise ValueError(f"significant must be an int in 1..17, got {significant!r}")
    text = f"{x:.{digits}g}"
    if float(text) == 0.0:
        text = "0"
    return text.replace("-", MINUS)


def vector(values: ArrayLike, digits: int = 4) -> str:
    """A short vector as text, each entry formatted by `fmt`.

    Examples
    --------
    >>> from crossentropy.formatting import vector
    >>> vector([-0.84911, 0.5, 0.0])
    '(−0.8491, 0.5000, 0.0000)'
    """
    if isinstance(values, (str, bytes)):
        raise TypeError(f"values must be an array of real numbers, got {type(values).__name__}")
    arr = np.asarray(values)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"values must hold real numbers, got dtype {arr.dtype}")
    return "(" + fmt_list(arr.reshape(-1).tolist(), digits) + ")"


def md_table(header: Sequence[str], rows: Sequence[Sequence[object]], align: str | None = None) -> str:
    """A Markdown (pipe) table.

    Parameters
    ----------
    header : sequence of str
        The column headings.
    rows : sequence of sequences
        One sequence of cells per row, as many as there are headings; cells are converted with
        ``str`` and pipes inside them are escaped.
    align : str, optional
        One character per column: ``l``, ``r`` or ``c`` (default: all ``l``).

    Examples
    --------
    >>> from crossentropy.formatting import md_table
    >>> print(md_table(["x", "y"], [[1, "a"], [2, "b"]], align="rl"))
    | x | y |
    | ---: | :--- |
    | 1 | a |
    | 2 | b |
    """
    ncol = len(header)
    if ncol == 0:
        raise ValueError("header must name at least one column")
    if align is None:
        align = "l" * ncol
    if len(align) != ncol or any(a not in "lrc" for a in align):
        raise ValueError(f"align must have one of 'l', 'r', 'c' per column ({ncol}), got {align!r}")
    rule = {"l": ":---", "r": "---:", "c": ":---:"}

    def cell(v: object) -> str:
        return str(v).replace("|", r"\|")

    lines = [
        "| " + " | ".join(cell(h) for h in header) + " |",
        "| " + " | ".join(rule[a] for a in align) + " |",
    ]
    for i, row in enumerate(rows):
        if len(row) != ncol:
            raise ValueError(f"rows[{i}] has {len(row)} cells, expected {ncol}")
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return "\n".join(lines)


def table_block(table: str, id: str) -> str:
    r"""Wrap a Markdown table in ``<div class="ce-table" id="…" markdown="1">``.

    Pages and tests find the table by this id. Print it from a block with ``idprefix=""``
    (markdown-exec otherwise prefixes the id).

    Examples
    --------
    >>> from crossentropy.formatting import table_block
    >>> print(table_block("| a |\n| --- |\n| 1 |", "demo"))
    <div class="ce-table" id="demo" markdown="1">
    <BLANKLINE>
    | a |
    | --- |
    | 1 |
    <BLANKLINE>
    </div>
    """
    if not isinstance(id, str) or not id or not all(ch.isalnum() or ch in "-_" for ch in id):
        raise ValueError(f"id must be a non-empty string of letters, digits, '-' and '_', got {id!r}")
    if not isinstance(table, str):
        raise TypeError(f"table must be a str, got {type(table).__name__}")
    return f'<div class="ce-table" id="{id}" markdown="1">\n\n{table.strip()}\n\n</div>'
