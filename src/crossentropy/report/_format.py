"""Number and table formatting shared by the report modules."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

__all__ = ["fmt", "md_table"]

MINUS = "\N{MINUS SIGN}"


def fmt(value: float, digits: int = 4, *, signed: bool = False) -> str:
    """Format a number for prose and tables: fixed decimals and a true minus sign.

    ``-0.0000`` is printed as ``0.0000``.

    Examples
    --------
    >>> from crossentropy.report import fmt
    >>> fmt(-0.77320100, 2), fmt(2.66594, 2), fmt(-0.00001, 3), fmt(0.5, 1, signed=True)
    ('−0.77', '2.67', '0.000', '+0.5')
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"value must be a real number, got {type(value).__name__}")
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise ValueError(f"digits must be a non-negative int, got {digits!r}")
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"value must be finite, got {x}")
    text = f"{x:.{digits}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    if text.startswith("-"):
        return MINUS + text[1:]
    return ("+" + text) if signed and float(text) != 0.0 else text


def md_table(header: Sequence[str], rows: Sequence[Sequence[object]], align: str | None = None) -> str:
    """A Markdown (pipe) table. `align` is one character per column: ``l``, ``r`` or ``c``.

    Cells are converted with ``str``; pipes inside cells are escaped.

    Examples
    --------
    >>> from crossentropy.report import md_table
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

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "| " + " | ".join(rule[a] for a in align) + " |"]
    for i, row in enumerate(rows):
        if len(row) != ncol:
            raise ValueError(f"rows[{i}] has {len(row)} cells, expected {ncol}")
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return "\n".join(lines)
