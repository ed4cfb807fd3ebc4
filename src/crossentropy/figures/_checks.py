"""Argument checks and figure names shared by the figure builders.

Each builder validates its arguments here, once, before anything is drawn or looked up in the
figure cache; errors name the caller's argument.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from crossentropy._validate import check_network as check_network_argument
from crossentropy._validate import real_number as check_real

__all__ = [
    "check_mapping_of_probabilities",
    "check_name",
    "check_network",
    "check_real",
    "figure_name",
    "network_key",
]

_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def figure_name(base: str, *parts: object) -> str:
    """Element-id friendly figure name: ``base``, plus a short digest when ``parts`` are given.

    The digest makes two figures drawn from different arguments on one page get different ids,
    while the same arguments always give the same name.

    Examples
    --------
    >>> figure_name("softmax-bars")
    'softmax-bars'
    >>> figure_name("softmax-bars", (1.0, 2.0)) == figure_name("softmax-bars", (1.0, 2.0))
    True
    >>> figure_name("softmax-bars", (1.0, 2.0)) == figure_name("softmax-bars", (1.0, 2.5))
    False
    """
    if not parts:
        return base
    digest = hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:8]
    return f"{base}-{digest}"


def check_name(name: object, argument: str = "name") -> str:
    """Validate a figure name (lower-case letters, digits and single hyphens)."""
    if not isinstance(name, str):
        raise TypeError(f"{argument} must be a str, got {type(name).__name__}")
    if not _NAME_RE.fullmatch(name):
        raise ValueError(
            f"{argument} must be lower-case letters/digits joined by single hyphens, got {name!r}"
        )
    return name


def check_network(network: object, argument: str = "network") -> Any:
    """Return ``network`` (an ``IrisNetwork``), or a default ``IrisNetwork()`` for ``None``."""
    from crossentropy import IrisNetwork

    return IrisNetwork() if network is None else check_network_argument(network, argument)


def network_key(network: Any) -> tuple[tuple[str, float], ...] | None:
    """``None`` for the default network, else its parameters (an input to `figure_name`)."""
    from crossentropy import IrisNetwork

    if network == IrisNetwork():
        return None
    return tuple((k, float(v)) for k, v in network.params.items())


def check_mapping_of_probabilities(mark: object, argument: str) -> dict[str, float]:
    """Validate a ``label -> probability`` mapping with probabilities in (0, 1]."""
    if not isinstance(mark, Mapping):
        raise TypeError(f"{argument} must be a mapping of label -> probability, got {type(mark).__name__}")
    out: dict[str, float] = {}
    for label, value in mark.items():
        if not isinstance(label, str):
            raise TypeError(f"{argument} labels must be str, got {type(label).__name__}")
        p = check_real(value, f"{argument}[{label!r}]")
        if not 0.0 < p <= 1.0:
            raise ValueError(f"{argument}[{label!r}] must be a probability in (0, 1], got {p}")
        out[label] = p
    return out
