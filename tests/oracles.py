"""Independent reference computations the tests compare the package against.

Nothing here imports the package: these are the oracles.
"""

from decimal import Decimal, getcontext

getcontext().prec = 60

EXTREME_ROWS = [
    [1e4, 0.0, -1e4],
    [-1e4, -1e4 + 1.0, -1e4 + 2.0],
    [1e4, 1e4 - 0.5, 1e4 - 30.0],
    [1e-300, 0.0, -1e-300],
    [5e3, -3.0, 1e-8],
    [-1e4, 1e4, 0.1],
    [1.43, -0.44, 0.23],
]
"""Logits at +-1e4 and at mixed scales."""


def softmax_decimal(z):
    """Softmax in 60-digit decimal arithmetic, no tricks: exp(z_i) / sum_j exp(z_j)."""
    e = [Decimal(repr(float(v))).exp() for v in z]
    total = sum(e)
    return [x / total for x in e]


def log_softmax_decimal(z):
    """ln softmax in 60-digit decimal arithmetic: z_i - ln sum_j exp(z_j)."""
    e = [Decimal(repr(float(v))).exp() for v in z]
    log_total = sum(e, Decimal(0)).ln()
    return [Decimal(repr(float(v))) - log_total for v in z]


def relu(x):
    return x if x > 0 else 0.0


def series_forward(petal, sepal, params):
    """The series' own per-flower forward pass (its Part 5 script), scalar Python arithmetic."""
    import math

    w = params
    upper = petal * w["w1"] + sepal * w["w2"] + w["b1"]
    bottom = petal * w["w3"] + sepal * w["w4"] + w["b2"]
    raw = [
        relu(upper) * w["w5"] + relu(bottom) * w["w6"] + w["b3"],
        relu(upper) * w["w7"] + relu(bottom) * w["w8"] + w["b4"],
        relu(upper) * w["w9"] + relu(bottom) * w["w10"] + w["b5"],
    ]
    m = max(raw)
    e = [math.exp(r - m) for r in raw]
    return upper, bottom, raw, [v / sum(e) for v in e]
