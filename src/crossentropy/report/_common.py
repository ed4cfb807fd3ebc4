"""Argument defaults and labels shared by the report modules (private).

The checks themselves live in ``crossentropy._validate``; this module only supplies the
report functions' defaults (``None`` means StatQuest's network or the series' three flowers)
and the labels every table writes the same way (a flower, $p_k$, $z_k$, a parameter).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from .. import _validate
from ..data import SPECIES, TRAINING_DATA, Dataset
from ..network import IrisNetwork


def network_or_default(network: object) -> IrisNetwork:
    """`network`, or ``IrisNetwork()`` when it is None."""
    if network is None:
        return IrisNetwork()
    return _validate.check_network(network)


def data_or_default(data: object) -> Dataset:
    """`data`, or `TRAINING_DATA` when it is None."""
    if data is None:
        return TRAINING_DATA
    return _validate.instance(data, Dataset, "data")


def row_indices(data: Dataset, flowers: Sequence[int] | None) -> list[int]:
    """Row indices of `data` chosen by `flowers` (all when None)."""
    if flowers is None:
        return list(range(len(data)))
    out = []
    for i in flowers:
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)) or not 0 <= int(i) < len(data):
            raise ValueError(f"flowers must hold row indices in 0..{len(data) - 1}, got {i!r}")
        out.append(int(i))
    return out


def flower_label(row: ArrayLike) -> str:
    """A flower as ``"(petal, sepal)"`` to two decimals."""
    petal, sepal = (float(v) for v in np.asarray(row).reshape(-1))
    return f"({petal:.2f}, {sepal:.2f})"


def p_symbol(k: int) -> str:
    r"""``$p_{\text{Setosa}}$`` for class `k`."""
    return rf"$p_{{\text{{{SPECIES[k]}}}}}$"


def z_symbol(k: int) -> str:
    r"""``$z_{\text{Setosa}}$`` for class `k`."""
    return rf"$z_{{\text{{{SPECIES[k]}}}}}$"


def parameter_symbol(name: str) -> str:
    """``$w_{1}$`` for ``"w1"``."""
    return f"${name[0]}_{{{name[1:]}}}$"
