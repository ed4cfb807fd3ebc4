"""Names shared by the network, the data and the input checks (one definition each).

Their public, documented homes are [crossentropy.network.PARAMETER_NAMES][],
[crossentropy.data.SPECIES][] and [crossentropy.chain.OUTPUT_BIASES][].
"""

from __future__ import annotations

PARAMETER_NAMES: tuple[str, ...] = (
    "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "w10",
    "b1", "b2", "b3", "b4", "b5",
)  # fmt: skip
SPECIES: tuple[str, str, str] = ("Setosa", "Versicolor", "Virginica")
OUTPUT_BIASES: tuple[str, str, str] = ("b3", "b4", "b5")
