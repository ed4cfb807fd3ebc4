"""Bad input fails loudly, and no call modifies its input arrays.

Oracle: the contract that every public function raises TypeError or ValueError whose message
names the offending argument and what was expected (checked by matching the message).
"""

from typing import Any

import numpy as np
import pytest

import crossentropy

# The table passes wrong types on purpose. It calls the package through an untyped alias, so that
# the type checker lets those calls through to the run-time checks under test.
ce: Any = crossentropy
IrisNetwork: Any = crossentropy.IrisNetwork
TRAINING_DATA = crossentropy.TRAINING_DATA

NET = IrisNetwork(b3=-2.0)
BIG = IrisNetwork(w1=1e200, w5=1e200)  # raw outputs of 1e400: beyond float64
X = np.array(TRAINING_DATA.inputs)
Y = np.array(TRAINING_DATA.labels)
Z = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
P = np.array([0.2, 0.3, 0.5])

CASES = [
    # (id, call, exception, words the message must contain)
    ("softmax str", lambda: ce.softmax("abc"), TypeError, "z"),
    ("softmax 0-d", lambda: ce.softmax(1.0), ValueError, "z must have at least 1"),
    ("softmax empty", lambda: ce.softmax([]), ValueError, "z must not be empty"),
    ("softmax nan", lambda: ce.softmax([1.0, np.nan]), ValueError, "z must be finite"),
    ("softmax inf", lambda: ce.softmax([1.0, np.inf]), ValueError, "z must be finite"),
    ("softmax complex", lambda: ce.softmax([1j, 2.0]), TypeError, "z must hold real numbers"),
    ("softmax ragged", lambda: ce.softmax([[1.0, 2.0], [3.0]]), TypeError, "z must be a rectangular"),
    ("softmax axis", lambda: ce.softmax(Z, axis=2), ValueError, "axis=2 is out of range"),
    ("softmax axis type", lambda: ce.softmax(Z, axis=1.0), TypeError, "axis must be an int"),
    ("log_softmax bool", lambda: ce.log_softmax([True, False]), TypeError, "z must hold real numbers"),
    ("jacobian not prob", lambda: ce.softmax_jacobian([0.5, 0.6]), ValueError, "p must sum to 1"),
    ("jacobian negative", lambda: ce.softmax_jacobian([-0.5, 1.5]), ValueError, "p must hold probabilities"),
    (
        "ce 3-d logits",
        lambda: ce.cross_entropy(np.zeros((2, 2, 3)), [0, 1]),
        ValueError,
        "logits must be 1 or 2-dimensional",
    ),
    ("ce length mismatch", lambda: ce.cross_entropy(Z, [0, 1, 2]), ValueError, "labels must have shape (2,)"),
    ("ce label range", lambda: ce.cross_entropy(Z, [0, 3]), ValueError, "labels must lie in 0 .. 2"),
    ("ce negative label", lambda: ce.cross_entropy(Z, [-1, 0]), ValueError, "labels must lie in 0 .. 2"),
    (
        "ce float labels",
        lambda: ce.cross_entropy(Z, [0.0, 1.0]),
        TypeError,
        "labels must be integer class indices",
    ),
    ("ce bool labels", lambda: ce.cross_entropy(Z, [True, False]), TypeError, "labels must be integer"),
    (
        "ce empty",
        lambda: ce.cross_entropy(np.zeros((0, 3)), np.zeros(0, dtype=int)),
        ValueError,
        "logits must not be empty",
    ),
    (
        "ce reduction",
        lambda: ce.cross_entropy(Z, [0, 1], reduction="avg"),
        ValueError,
        "reduction must be one of",
    ),
    (
        "ce reduction type",
        lambda: ce.cross_entropy(Z, [0, 1], reduction=None),
        TypeError,
        "reduction must be one of",
    ),
    ("ce nan", lambda: ce.cross_entropy([[np.nan, 0.0]], [0]), ValueError, "logits must be finite"),
    ("ce scalar label with batch", lambda: ce.cross_entropy(Z, 1), ValueError, "labels must have shape (2,)"),
    (
        "ce vector label single",
        lambda: ce.cross_entropy([1.0, 2.0], [0, 1]),
        ValueError,
        "labels must be a single integer",
    ),
    ("grad_logits mismatch", lambda: ce.grad_logits(Z, [0]), ValueError, "labels must have shape (2,)"),
    ("grad_logits reduction", lambda: ce.grad_logits(Z, [0, 1], reduction="total"), ValueError, "reduction"),
    ("one_hot classes", lambda: ce.one_hot([0, 1], 0), ValueError, "num_classes must be at least 1"),
    ("one_hot label range", lambda: ce.one_hot([0, 5], 3), ValueError, "labels must lie in 0 .. 2"),
    ("dce_dp zero", lambda: ce.dce_dp(0.0), ValueError, "p_observed must be a probability in (0, 1]"),
    ("dce_dp str", lambda: ce.dce_dp("0.5"), TypeError, "p_observed must be a real number"),
    ("dp_dz shape", lambda: ce.dp_dz([0.5, 0.5], 0, 0), ValueError, "probabilities must have 3 entries"),
    ("dp_dz sums", lambda: ce.dp_dz([0.5, 0.5, 0.5], 0, 0), ValueError, "probabilities must sum to 1"),
    ("dp_dz index", lambda: ce.dp_dz(P, 3, 0), ValueError, "i must be a class index in 0..2"),
    ("dp_dz name", lambda: ce.dp_dz(P, 0, "Rose"), ValueError, "j must be a class index 0..2 or one of"),
    ("dz_db bias", lambda: ce.dz_db(0, "b1"), ValueError, "bias must be one of the output biases"),
    ("dz_db bias type", lambda: ce.dz_db(0, 3), TypeError, "bias must be one of"),
    ("dz_db output", lambda: ce.dz_db(1.5, "b3"), TypeError, "output must be a class index"),
    (
        "bias_gradient observed",
        lambda: ce.bias_gradient(P, 7, "b3"),
        ValueError,
        "observed must be a class index",
    ),
    (
        "bias_gradient bias",
        lambda: ce.bias_gradient(P, 0, "b6"),
        ValueError,
        "bias must be one of the output biases",
    ),
    ("network unknown name", lambda: IrisNetwork(b6=1.0), TypeError, "unexpected keyword argument 'b6'"),
    ("network value type", lambda: IrisNetwork(b3="1"), TypeError, "parameter b3 must be a real number"),
    ("network nan", lambda: IrisNetwork(w1=float("nan")), ValueError, "parameter w1 must be finite"),
    ("replace unknown", lambda: NET.replace(w11=1.0), TypeError, "unexpected keyword argument 'w11'"),
    (
        "to_vector unknown",
        lambda: NET.to_vector(["b3", "bias"]),
        ValueError,
        "names has unknown parameter name 'bias'",
    ),
    (
        "to_vector duplicate",
        lambda: NET.to_vector(["b3", "b3"]),
        ValueError,
        "names a parameter more than once",
    ),
    (
        "with_vector length",
        lambda: NET.with_vector(["b3"], [1.0, 2.0]),
        ValueError,
        "values must have 1 entries",
    ),
    ("random seed", lambda: IrisNetwork.random(-1), ValueError, "seed must be at least 0"),
    ("random scale", lambda: IrisNetwork.random(0, scale=0.0), ValueError, "scale must be positive"),
    (
        "random scale overflow",
        lambda: IrisNetwork.random(0, scale=1e308),
        ValueError,
        "overflow: the drawn parameters computed from scale=1e+308",
    ),
    (
        "forward last dim",
        lambda: NET.forward(np.zeros((3, 3))),
        ValueError,
        "inputs must have 2 entries along its last axis",
    ),
    ("forward nan", lambda: NET.forward([[np.nan, 0.0]]), ValueError, "inputs must be finite"),
    ("forward empty", lambda: NET.forward(np.zeros((0, 2))), ValueError, "inputs must not be empty"),
    ("loss 1-d", lambda: NET.loss([0.1, 0.2], [0]), ValueError, "inputs must be 2-dimensional"),
    ("loss mismatch", lambda: NET.loss(X, [0, 1]), ValueError, "labels must have shape (3,)"),
    ("loss labels", lambda: NET.loss(X, [0, 1, 3]), ValueError, "labels must lie in 0 .. 2"),
    ("loss none", lambda: NET.loss(X, Y, reduction="none"), ValueError, "reduction must be 'sum' or 'mean'"),
    (
        "gradients labels",
        lambda: NET.gradients(X, [0.0, 1.0, 2.0]),
        TypeError,
        "labels must be integer class indices",
    ),
    (
        "gradients reduction",
        lambda: NET.gradients(X, Y, reduction="max"),
        ValueError,
        "reduction must be one of",
    ),
    (
        "descent network",
        lambda: ce.gradient_descent("net", X, Y),
        TypeError,
        "network must be an IrisNetwork",
    ),
    (
        "descent params str",
        lambda: ce.gradient_descent(NET, X, Y, params="b3"),
        TypeError,
        "params must be a sequence",
    ),
    (
        "descent params name",
        lambda: ce.gradient_descent(NET, X, Y, params=("b9",)),
        ValueError,
        "params has unknown parameter name 'b9'",
    ),
    (
        "descent params empty",
        lambda: ce.gradient_descent(NET, X, Y, params=()),
        ValueError,
        "params must name at least one",
    ),
    (
        "descent rate",
        lambda: ce.gradient_descent(NET, X, Y, learning_rate=-1.0),
        ValueError,
        "learning_rate must be positive",
    ),
    (
        "descent rate nan",
        lambda: ce.gradient_descent(NET, X, Y, learning_rate=float("nan")),
        ValueError,
        "learning_rate must be finite",
    ),
    ("descent tol", lambda: ce.gradient_descent(NET, X, Y, tol=-0.1), ValueError, "tol must be non-negative"),
    (
        "descent steps",
        lambda: ce.gradient_descent(NET, X, Y, max_steps=0),
        ValueError,
        "max_steps must be at least 1",
    ),
    (
        "descent steps type",
        lambda: ce.gradient_descent(NET, X, Y, max_steps=2.5),
        TypeError,
        "max_steps must be an int",
    ),
    (
        "descent inputs",
        lambda: ce.gradient_descent(NET, X[:, :1], Y),
        ValueError,
        "inputs must have 2 entries",
    ),
    ("numgrad f", lambda: ce.numerical_gradient(3, [1.0]), TypeError, "f must be callable"),
    ("numgrad eps", lambda: ce.numerical_gradient(np.sum, [1.0], eps=0), ValueError, "eps must be positive"),
    ("numgrad x", lambda: ce.numerical_gradient(np.sum, [np.inf]), ValueError, "x must be finite"),
    (
        "numgrad nonscalar",
        lambda: ce.numerical_gradient(lambda v: v, [1.0, 2.0]),
        ValueError,
        "f must return a scalar",
    ),
    (
        "relerr shapes",
        lambda: ce.relative_error([1.0], [1.0, 2.0]),
        ValueError,
        "a and b must have the same shape",
    ),
    (
        "check network",
        lambda: ce.check_network_gradients(None, X, Y),
        TypeError,
        "network must be an IrisNetwork",
    ),
    (
        "check params",
        lambda: ce.check_network_gradients(NET, X, Y, params=["x"]),
        ValueError,
        "params has unknown parameter name",
    ),
    (
        "grad_logits_reference labels",
        lambda: ce.grad_logits_reference(Z, [0, 5]),
        ValueError,
        "labels must lie in 0 .. 2",
    ),
    (
        "gradients_reference network",
        lambda: ce.gradients_reference("net", X, Y),
        TypeError,
        "network must be an IrisNetwork",
    ),
    (
        "gradients_reference reduction",
        lambda: ce.gradients_reference(NET, X, Y, "none"),
        ValueError,
        "reduction must be 'sum' or 'mean'",
    ),
    (
        "descent record_steps",
        lambda: ce.gradient_descent(NET, X, Y, record_steps="no"),
        TypeError,
        "record_steps must be True or False",
    ),
    (
        "descent tol type",
        lambda: ce.gradient_descent(NET, X, Y, tol="off"),
        TypeError,
        "tol must be a real number",
    ),
    ("network positional", lambda: IrisNetwork(1.0), TypeError, "positional argument"),
    (
        "dataset labels -1",
        lambda: ce.Dataset(inputs=np.zeros((2, 2)), labels=np.array([-1, 0])),
        ValueError,
        "labels must lie in 0 .. 2",
    ),
    (
        "dataset labels 3",
        lambda: ce.Dataset(inputs=np.zeros((2, 2)), labels=np.array([0, 3])),
        ValueError,
        "labels must lie in 0 .. 2",
    ),
    (
        "dataset labels float",
        lambda: ce.Dataset(inputs=np.zeros((2, 2)), labels=np.array([0.0, 1.0])),
        TypeError,
        "labels must be integer class indices",
    ),
    (
        "dataset labels length",
        lambda: ce.Dataset(inputs=np.zeros((2, 2)), labels=np.array([0, 1, 2])),
        ValueError,
        "labels must have shape (2,)",
    ),
    (
        "dataset nan",
        lambda: ce.Dataset(inputs=np.array([[np.nan, 0.0]]), labels=np.array([0])),
        ValueError,
        "inputs must be finite",
    ),
    (
        "dataset inf",
        lambda: ce.Dataset(inputs=np.array([[0.5, np.inf]]), labels=np.array([0])),
        ValueError,
        "inputs must be finite",
    ),
    (
        "dataset empty",
        lambda: ce.Dataset(inputs=np.zeros((0, 2)), labels=np.zeros(0, dtype=int)),
        ValueError,
        "inputs must not be empty",
    ),
    # overflow is reported as overflow, naming what the caller passed
    (
        "forward overflow",
        lambda: BIG.forward(X),
        ValueError,
        "overflow: the raw outputs computed from these parameters",
    ),
    (
        "loss overflow",
        lambda: BIG.loss(X, Y),
        ValueError,
        "overflow: the raw outputs computed from these parameters",
    ),
    (
        "gradients overflow",
        lambda: BIG.gradients(X, Y),
        ValueError,
        "overflow: the gradients computed from these parameters",
    ),
    (
        "gradients_reference overflow",
        lambda: ce.gradients_reference(BIG, X, Y),
        ValueError,
        "overflow: the gradients computed from these parameters",
    ),
    (
        "hidden overflow",
        lambda: IrisNetwork(w1=1e308, w2=1e308).forward([1.0, 1.0]),
        ValueError,
        "overflow: the hidden sums",
    ),
    ("check overflow", lambda: ce.check_network_gradients(BIG, X, Y), ValueError, "overflow"),
    (
        "descent start overflow",
        lambda: ce.gradient_descent(BIG, X, Y),
        ValueError,
        "overflow: the loss and slopes of network",
    ),
    (
        "log_softmax overflow",
        lambda: ce.log_softmax([1e308, -1e308]),
        ValueError,
        "overflow: the log-probabilities computed from z",
    ),
    (
        "ce overflow",
        lambda: ce.cross_entropy([[1e308, -1e308]], [1]),
        ValueError,
        "overflow: the cross entropies computed from logits",
    ),
    (
        "ce sum overflow",
        lambda: ce.cross_entropy([[1.7e308, 0.0], [1.7e308, 0.0]], [1, 1]),
        ValueError,
        "overflow",
    ),
    ("dce_dp overflow", lambda: ce.dce_dp(1e-320), ValueError, "overflow: -1/p_observed"),
    ("load_iris scaled", lambda: ce.load_iris(scaled="yes"), TypeError, "scaled must be True or False"),
    (
        "dataset shape",
        lambda: ce.Dataset(inputs=np.zeros((2, 3)), labels=np.zeros(2, dtype=int)),
        ValueError,
        "inputs must have 2 entries along its last axis",
    ),
]


@pytest.mark.parametrize("call, exc, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_raises_a_clear_error(call, exc, words):
    with pytest.raises(exc) as info:
        call()
    assert words in str(info.value)


CORE_MODULES = {
    f"crossentropy.{m}" for m in ("softmax", "loss", "chain", "data", "network", "descent", "gradcheck")
}


def test_every_public_callable_has_a_bad_input_case():
    """The table above reaches every public function and class of the numerical core."""
    from pathlib import Path

    source = Path(__file__).read_text(encoding="utf-8")
    core = [n for n in ce.__all__ if getattr(getattr(ce, n), "__module__", None) in CORE_MODULES]
    public = [
        n
        for n in core
        if (callable(getattr(ce, n)) and not n[0].isupper()) or n in ("IrisNetwork", "Dataset")
    ]
    assert len(public) >= 19
    missing = [n for n in public if f"ce.{n}(" not in source and f"{n}(" not in source]
    assert missing == []


def _arrays():
    rng = np.random.default_rng(7)
    return {
        "z": rng.normal(size=(6, 3)),
        "z32": rng.normal(size=(6, 3)).astype(np.float32),
        "y": rng.integers(0, 3, size=6),
        "x": rng.uniform(size=(6, 2)),
        "p": ce.softmax(rng.normal(size=3)),
    }


def test_no_call_modifies_its_inputs():
    a = _arrays()
    before = {k: v.copy() for k, v in a.items()}
    ce.softmax(a["z"]), ce.log_softmax(a["z32"]), ce.softmax_jacobian(a["p"])
    for red in ("sum", "mean", "none"):
        (
            ce.cross_entropy(a["z"], a["y"], red),
            ce.grad_logits(a["z"], a["y"], red),
            ce.grad_logits(a["z32"], a["y"], red),
        )
    ce.one_hot(a["y"], 3)
    ce.dp_dz(a["p"], 0, 1), ce.bias_gradient(a["p"], 1, "b4")
    NET.forward(a["x"]), NET.loss(a["x"], a["y"]), NET.gradients(a["x"], a["y"], "mean")
    NET.with_vector(["b3", "b4", "b5"], a["p"])
    ce.gradient_descent(NET, a["x"], a["y"], params=("b3", "w1"), max_steps=3)
    ce.numerical_gradient(lambda v: float(np.sum(v**2)), a["z"])
    ce.relative_error(a["z"], a["z"] + 1e-9)
    ce.check_network_gradients(NET, a["x"], a["y"], params=("w5", "b1"))
    for k in a:
        np.testing.assert_array_equal(a[k], before[k], err_msg=f"{k} was modified")
        assert a[k].dtype == before[k].dtype


def test_results_do_not_alias_inputs():
    """Writing into a returned array must not reach back into the caller's data."""
    a = _arrays()
    fp = NET.forward(a["x"])
    fp.inputs[...] = -1.0
    assert np.all(a["x"] >= 0)
    g = ce.grad_logits(a["z"], a["y"])
    g[...] = 0.0
    assert np.any(a["z"] != 0)


def test_core_public_api_is_unique_and_documented():
    """Read as griffe (mkdocstrings' loader) reads the source: every name a core module exports
    has a docstring, every exported function and method shows a runnable example, and no name is
    exported by two modules or twice by the package."""
    import griffe

    package = griffe.load("crossentropy", search_paths=["src"])
    owners: dict[str, list[str]] = {}
    undocumented, without_example = [], []
    for module in sorted(m.rsplit(".", 1)[1] for m in CORE_MODULES):
        exports = list(package[module].exports or [])
        assert exports, module
        for name in exports:
            owners.setdefault(name, []).append(module)
            obj = package[module][name]
            doc = obj.docstring.value if obj.docstring else ""
            if not doc.strip():
                undocumented.append(f"{module}.{name}")
            members = (
                [obj]
                if obj.is_function
                else [m for m in obj.members.values() if m.is_function]
                if obj.is_class
                else []
            )
            for fn in members:
                if not fn.name.startswith("_") and ">>>" not in (fn.docstring.value if fn.docstring else ""):
                    without_example.append(f"{module}.{fn.path.split('.', 2)[2]}")
    assert undocumented == []
    assert without_example == []
    assert {name: mods for name, mods in owners.items() if len(mods) > 1} == {}
    assert len(ce.__all__) == len(set(ce.__all__))
