"""Numerics benchmark: the two hot functions against a per-sample loop and against PyTorch.

Times `crossentropy.grad_logits` (softmax minus one-hot of a batch of logits) and
`IrisNetwork.gradients` (all 15 derivatives of the total cross entropy) at N = 150, 10^4 and
10^6 float64 samples, beside

* a per-sample Python loop written in the style of the series' own scripts (one flower at a
  time, ``np.exp(raws) / np.sum(np.exp(raws))``); above ``--loop-max`` samples the loop is
  timed on the first ``--loop-max`` samples and scaled linearly, and the table says so;
* PyTorch autograd on the same data, when torch is installed (optional): cross entropy with
  ``reduction="sum"`` of the same logits, backward to the logits; and the same 2-2-3 network
  with the same parameters, backward to all 15 parameters. Torch's gradients are checked to
  equal ours before anything is timed, so both sides compute the same numbers.

Target: at N = 10^6 each of our functions takes at most 1.0x torch's time.

Threads: `grad_logits` splits batches of at least 65,536 observations across threads started for
the call. For every such N the benchmark also times the same computation in one pass (the
package's own column kernel with one worker, after the same validation and transposed copy), in
alternation with `grad_logits`, so the table shows what the threads gain.

Timing: ``time.perf_counter``, warm-up calls first, then the median of repeats. Within one size
our function and torch's are called in alternation, repeat by repeat, so that a busy machine slows
both alike. All data come from one seeded generator.

Run: ``make bench`` or ``.venv/bin/python benchmarks/numerics.py [--sizes 150 10000 1000000]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from crossentropy import IrisNetwork, grad_logits
from crossentropy._backprop import THREADED_MIN_COLUMNS, softmax_minus_onehot_columns
from crossentropy._validate import logits_and_labels
from crossentropy.network import PARAMETER_NAMES

DEFAULT_SIZES = (150, 10_000, 1_000_000)
TARGET = 1.0  # ours / torch at the largest size
TARGET_SIZE = 1_000_000
ENV_VARS = (
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
)


# -- machine --------------------------------------------------------------------------------------
def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _blas() -> list[str]:
    lines = []
    try:
        deps = np.show_config(mode="dicts").get("Build Dependencies", {})
        blas = deps.get("blas", {})
        config = blas.get("openblas configuration", "")
        lines.append(
            f"{blas.get('name', '?')} {blas.get('version', '?')}" + (f" ({config})" if config else "")
        )
    except Exception as exc:  # show_config's layout is not a stable API
        lines.append(f"unknown ({type(exc).__name__})")
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        pass
    else:
        for pool in threadpool_info():
            lines.append(
                f"threadpoolctl: {pool.get('internal_api')} {pool.get('version')}, "
                f"{pool.get('num_threads')} threads, {pool.get('architecture', '?')}"
            )
    return lines


def machine_info(torch: Any) -> list[str]:
    """Lines describing the machine and the libraries the numbers were measured with."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    lines = [
        f"CPU: {_cpu_model()}",
        f"cores: {os.cpu_count()} logical, {usable} usable by this process",
        f"python {platform.python_version()}, numpy {np.__version__}",
        "BLAS: " + "; ".join(_blas()),
    ]
    if torch is None:
        lines.append("torch: not installed")
    else:
        lines.append(f"torch {torch.__version__}, {torch.get_num_threads()} intra-op threads")
    env = ", ".join(f"{name}={os.environ.get(name, '(unset)')}" for name in ENV_VARS)
    lines.append(f"environment: {env}")
    if hasattr(os, "getloadavg"):
        lines.append("load average at start: " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    return lines


# -- data -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Data:
    logits: np.ndarray  # (N, 3) float64
    labels: np.ndarray  # (N,) int
    inputs: np.ndarray  # (N, 2) float64, petal and sepal widths in 0..1

    def head(self, n: int) -> Data:
        return Data(self.logits[:n], self.labels[:n], self.inputs[:n])


def make_data(n: int, seed: int) -> Data:
    rng = np.random.default_rng(seed)
    return Data(
        logits=rng.normal(0.0, 3.0, size=(n, 3)),
        labels=rng.integers(0, 3, size=n),
        inputs=rng.random((n, 2)),
    )


# -- the per-sample loops, in the series' style ---------------------------------------------------
def loop_grad_logits(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """softmax(raws) - one_hot(target), one observation at a time."""
    out = np.empty_like(logits)
    for i, (raws, target) in enumerate(zip(logits, labels)):
        probs = np.exp(raws) / np.sum(np.exp(raws))
        probs[target] -= 1.0
        out[i] = probs
    return out


def loop_network_gradients(
    params: dict[str, float], inputs: np.ndarray, labels: np.ndarray
) -> dict[str, float]:
    """Forward pass as in the series' Part 5 script, then backpropagation by hand, flower by flower."""

    def relu(x: Any) -> Any:
        return np.maximum(0, x)

    w = params
    g = dict.fromkeys(PARAMETER_NAMES, 0.0)
    for (petal, sepal), target in zip(inputs, labels):
        upper = petal * w["w1"] + sepal * w["w2"] + w["b1"]
        bottom = petal * w["w3"] + sepal * w["w4"] + w["b2"]
        raw_setosa = relu(upper) * w["w5"] + relu(bottom) * w["w6"] + w["b3"]
        raw_versi = relu(upper) * w["w7"] + relu(bottom) * w["w8"] + w["b4"]
        raw_virg = relu(upper) * w["w9"] + relu(bottom) * w["w10"] + w["b5"]
        raws = np.array([raw_setosa, raw_versi, raw_virg])
        delta = np.exp(raws) / np.sum(np.exp(raws))
        delta[target] -= 1.0
        for k, (wu, wd, b) in enumerate((("w5", "w6", "b3"), ("w7", "w8", "b4"), ("w9", "w10", "b5"))):
            g[wu] += delta[k] * relu(upper)
            g[wd] += delta[k] * relu(bottom)
            g[b] += delta[k]
        if upper > 0:
            grad_upper = w["w5"] * delta[0] + w["w7"] * delta[1] + w["w9"] * delta[2]
            g["w1"] += grad_upper * petal
            g["w2"] += grad_upper * sepal
            g["b1"] += grad_upper
        if bottom > 0:
            grad_bottom = w["w6"] * delta[0] + w["w8"] * delta[1] + w["w10"] * delta[2]
            g["w3"] += grad_bottom * petal
            g["w4"] += grad_bottom * sepal
            g["b2"] += grad_bottom
    return {name: float(v) for name, v in g.items()}


def one_pass_grad_logits(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """`grad_logits` (reduction "sum") with its column kernel forced to a single thread."""
    z, y, _ = logits_and_labels(logits, labels)
    cols = np.array(z.T, order="C")
    softmax_minus_onehot_columns(cols, y, workers=1)
    return cols.T


def measure_threads(n: int, args: argparse.Namespace) -> tuple[float, float, bool]:
    """Median times of grad_logits and of its one-pass form at size n, and whether they agree."""
    data = make_data(n, args.seed)
    same = bool(
        np.array_equal(grad_logits(data.logits, data.labels), one_pass_grad_logits(data.logits, data.labels))
    )
    t = median_times(
        {
            "threads": lambda: grad_logits(data.logits, data.labels),
            "one pass": lambda: one_pass_grad_logits(data.logits, data.labels),
        },
        args.repeats,
        args.warmup,
    )
    return t["threads"], t["one pass"], same


# -- torch ----------------------------------------------------------------------------------------
def import_torch() -> Any:
    try:
        import torch
    except ImportError:
        return None
    return torch


def torch_grad_logits(torch: Any, logits: np.ndarray, labels: np.ndarray) -> Callable[[], np.ndarray]:
    """A callable: cross entropy (sum) of the same logits, backward to the logits."""
    z = torch.from_numpy(logits).requires_grad_(True)
    y = torch.from_numpy(labels.astype(np.int64, copy=False))

    def run() -> np.ndarray:
        z.grad = None
        torch.nn.functional.cross_entropy(z, y, reduction="sum").backward()
        return z.grad.numpy()

    return run


def torch_network_gradients(
    torch: Any, network: IrisNetwork, inputs: np.ndarray, labels: np.ndarray
) -> Callable[[], dict[str, float]]:
    """A callable: the 2-2-3 network in torch with the same parameters, backward to all 15."""
    w = network.params

    def leaf(rows: list[list[float]] | list[float]) -> Any:
        return torch.tensor(rows, dtype=torch.float64, requires_grad=True)

    w_hidden = leaf([[w["w1"], w["w2"]], [w["w3"], w["w4"]]])
    b_hidden = leaf([w["b1"], w["b2"]])
    w_out = leaf([[w["w5"], w["w6"]], [w["w7"], w["w8"]], [w["w9"], w["w10"]]])
    b_out = leaf([w["b3"], w["b4"], w["b5"]])
    leaves = (w_hidden, b_hidden, w_out, b_out)
    names = (
        ("w1", "w2", "w3", "w4"),
        ("b1", "b2"),
        ("w5", "w6", "w7", "w8", "w9", "w10"),
        ("b3", "b4", "b5"),
    )
    x = torch.from_numpy(inputs)
    y = torch.from_numpy(labels.astype(np.int64, copy=False))

    def run() -> dict[str, float]:
        for p in leaves:
            p.grad = None
        hidden = torch.relu(x @ w_hidden.T + b_hidden)
        logits = hidden @ w_out.T + b_out
        torch.nn.functional.cross_entropy(logits, y, reduction="sum").backward()
        g: dict[str, float] = {}
        for p, ns in zip(leaves, names):
            g.update(zip(ns, p.grad.reshape(-1).tolist()))
        return g

    return run


# -- timing ---------------------------------------------------------------------------------------
def median_times(funcs: dict[str, Callable[[], object]], repeats: int, warmup: int) -> dict[str, float]:
    """Median wall time (s) of each callable; the callables take turns within every repeat."""
    for _ in range(warmup):
        for f in funcs.values():
            f()
    times: dict[str, list[float]] = {name: [] for name in funcs}
    order = list(funcs)
    for r in range(repeats):
        for name in order[r % len(order) :] + order[: r % len(order)]:  # rotate who goes first
            start = time.perf_counter()
            funcs[name]()
            times[name].append(time.perf_counter() - start)
    return {name: float(np.median(t)) for name, t in times.items()}


def _as_vector(g: dict[str, float]) -> np.ndarray:
    return np.array([g[name] for name in PARAMETER_NAMES])


def _agree(ours: np.ndarray, theirs: np.ndarray, n: int) -> bool:
    # Sums over n samples of terms of order 1: allow rounding that grows with n.
    return bool(np.allclose(ours, theirs, rtol=1e-9, atol=1e-12 * max(n, 1)))


class Case(NamedTuple):
    """One function to time: our call, the loop, and (optionally) how to build torch's call."""

    ours: Callable[[], Any]
    loop: Callable[[], Any]
    ours_on_loop_sample: Callable[[], Any]  # ours on the samples the loop runs on, to compare
    make_torch: Callable[[], Callable[[], Any]] | None
    as_vector: Callable[[Any], np.ndarray]


@dataclass
class Row:
    function: str
    n: int
    ours: float
    loop: float
    loop_n: int  # how many samples the loop actually ran on
    torch: float | None

    @property
    def ratio(self) -> float | None:
        return None if self.torch is None else self.ours / self.torch

    @property
    def verdict(self) -> str:
        if self.ratio is None:
            return "n/a"
        return "PASS" if self.ratio <= TARGET else "OVER"


def measure(n: int, args: argparse.Namespace, torch: Any) -> tuple[list[Row], list[str]]:
    """Time both functions at size n; return the rows and any disagreement found."""
    data = make_data(n, args.seed)
    network = IrisNetwork()  # the series' trained network
    problems: list[str] = []
    loop_n = min(n, args.loop_max)
    sub = data.head(loop_n)
    rows = []

    cases = {
        "grad_logits": Case(
            ours=lambda: grad_logits(data.logits, data.labels),
            loop=lambda: loop_grad_logits(sub.logits, sub.labels),
            ours_on_loop_sample=lambda: grad_logits(sub.logits, sub.labels),
            make_torch=(lambda: torch_grad_logits(torch, data.logits, data.labels)) if torch else None,
            as_vector=np.ravel,
        ),
        "IrisNetwork.gradients": Case(
            ours=lambda: network.gradients(data.inputs, data.labels),
            loop=lambda: loop_network_gradients(network.params, sub.inputs, sub.labels),
            ours_on_loop_sample=lambda: network.gradients(sub.inputs, sub.labels),
            make_torch=(
                (lambda: torch_network_gradients(torch, network, data.inputs, data.labels)) if torch else None
            ),
            as_vector=_as_vector,
        ),
    }
    for name, case in cases.items():
        vec = case.as_vector
        if not _agree(vec(case.ours_on_loop_sample()), vec(case.loop()), loop_n):
            problems.append(f"{name} at N={n}: the per-sample loop disagrees with ours")
        funcs: dict[str, Callable[[], Any]] = {"ours": case.ours}
        if case.make_torch is not None:
            funcs["torch"] = case.make_torch()
            if not _agree(vec(case.ours()), vec(funcs["torch"]()), n):
                problems.append(f"{name} at N={n}: torch's gradients differ from ours")
        t = median_times(funcs, args.repeats, args.warmup)
        t_loop = median_times({"loop": case.loop}, args.loop_repeats, 0)["loop"]
        rows.append(Row(name, n, t["ours"], t_loop * n / loop_n, loop_n, t.get("torch")))
    return rows, problems


# -- report ---------------------------------------------------------------------------------------
def _ms(seconds: float) -> str:
    ms = seconds * 1e3
    return f"{ms:,.3f}" if ms < 10 else f"{ms:,.1f}" if ms < 1000 else f"{ms:,.0f}"


def _times(factor: float) -> str:
    return f"{factor:,.1f}x" if factor < 10 else f"{factor:,.0f}x"


def format_table(rows: Sequence[Row]) -> list[str]:
    header = [
        "function",
        "N",
        "ours ms",
        "loop ms",
        "torch ms",
        "loop/ours",
        "ours/torch",
        f"vs {TARGET:.1f}x",
    ]
    body = []
    for r in rows:
        loop = _ms(r.loop) + ("" if r.loop_n == r.n else " *")
        body.append([
            r.function,
            f"{r.n:,}",
            _ms(r.ours),
            loop,
            "—" if r.torch is None else _ms(r.torch),
            _times(r.loop / r.ours),
            "—" if r.ratio is None else f"{r.ratio:.2f}",
            r.verdict,
        ])  # fmt: skip
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    left = {0}

    def fmt(cells: list[str]) -> str:
        padded = (c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join("-" * (w + 2) if i in left else "-" * (w + 1) + ":" for i, w in enumerate(widths))
        + "|"
    )
    return [fmt(header), rule, *(fmt(b) for b in body)]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="batch sizes N")
    parser.add_argument(
        "--repeats", type=int, default=11, help="timed repeats per function (median reported)"
    )
    parser.add_argument("--warmup", type=int, default=2, help="untimed calls before the repeats")
    parser.add_argument(
        "--loop-max", type=int, default=10_000, help="largest N the per-sample loop runs in full"
    )
    parser.add_argument("--loop-repeats", type=int, default=3, help="timed repeats of the per-sample loop")
    parser.add_argument("--seed", type=int, default=0, help="seed of the data generator")
    parser.add_argument("--no-torch", action="store_true", help="do not compare with torch even if installed")
    parser.add_argument(
        "--torch-threads", type=int, help="torch.set_num_threads (default: torch's own choice)"
    )
    args = parser.parse_args(argv)
    positive = [*args.sizes, args.repeats, args.loop_max, args.loop_repeats]
    if args.torch_threads is not None:
        positive.append(args.torch_threads)
    if min(positive) < 1 or args.warmup < 0:
        parser.error("sizes, repeats, loop-max, loop-repeats and torch-threads must be >= 1, warmup >= 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    torch = None if args.no_torch else import_torch()
    if torch is not None and args.torch_threads is not None:
        torch.set_num_threads(args.torch_threads)
    print("Numerics benchmark: grad_logits and IrisNetwork.gradients, float64, reduction='sum'")
    print()
    for line in machine_info(torch):
        print("  " + line)
    print()
    if torch is None:
        print(
            "torch comparison switched off (--no-torch)" if args.no_torch else "torch not installed — skipped"
        )
        print()

    rows: list[Row] = []
    problems: list[str] = []
    for n in args.sizes:
        r, p = measure(n, args, torch)
        rows.extend(r)
        problems.extend(p)
    rows.sort(key=lambda r: (r.function != "grad_logits", r.n))

    print(f"Median of {args.repeats} repeats after {args.warmup} warm-up call(s); times in milliseconds.")
    for line in format_table(rows):
        print(line)
    if any(r.loop_n != r.n for r in rows):
        print(
            f"* loop timed on the first {args.loop_max:,} samples ({args.loop_repeats} repeats) and scaled "
            "linearly to N: an extrapolation, not a measurement."
        )
    long_sizes = [n for n in args.sizes if n >= THREADED_MIN_COLUMNS]
    if long_sizes:
        print()
        print("grad_logits on long batches: threads started per call against the same kernel in one pass")
        for n in long_sizes:
            threads, one, same = measure_threads(n, args)
            if not same:
                problems.append(f"grad_logits at N={n}: the one-pass form differs from the threaded one")
            print(
                f"  N = {n:,}: threads {_ms(threads)} ms, one pass {_ms(one)} ms, "
                f"one pass / threads = {one / threads:.2f} (results bit-for-bit equal: {same})"
            )
    if torch is not None:
        print("Gradients checked equal to torch's (numpy.allclose) at every N before timing.")
        verdicts = [f"{r.function} {r.verdict} ({r.ratio:.2f}x)" for r in rows if r.n == TARGET_SIZE]
        print(
            f"Target: ours <= {TARGET:.1f}x torch's time at N = {TARGET_SIZE:,}: "
            + (", ".join(verdicts) if verdicts else "not measured in this run")
        )
    if hasattr(os, "getloadavg"):
        print("load average at end: " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    for problem in problems:
        print("MISMATCH: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
