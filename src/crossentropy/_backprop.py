"""The array core of backpropagation, shared by `loss.grad_logits`, `IrisNetwork.gradients` and
`descent.gradient_descent`: plain, already validated arrays in, plain arrays out.

Nothing here validates or warns. Overflow (parameters or inputs so large that a product leaves
the floating-point range) is not trapped either: it shows up as inf or NaN in the results, and
the public callers check their results and report it (`_validate.finite_result`).

No state lives at module level: a long batch is split across threads that are started for that
call and joined before it returns, so the functions are safe to call from several threads at
once and in a child process created by ``fork`` (where a pool inherited from the parent would
have no live threads).
"""

from __future__ import annotations

import itertools
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from numpy.typing import NDArray

#: Batches with at least this many observations are split across threads: numpy's ufuncs release
#: the GIL, and the exponential, which dominates, runs at about 1e8 values per second per core,
#: so a block of 2**15 columns takes about a millisecond, far more than starting a thread.
THREADED_MIN_COLUMNS = 1 << 16


def cores() -> int:
    """The CPU cores this process may run on (at most 8)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, min(len(os.sched_getaffinity(0)), 8))
    return max(1, min(os.cpu_count() or 1, 8))


def _block(cols: NDArray[Any], labels: NDArray[np.intp], start: int, stop: int, with_loss: bool) -> float:
    """softmax(z) - one_hot(y) in place for the observations ``start:stop`` of `cols`; returns
    the sum of their cross entropies if `with_loss`, else 0."""
    with np.errstate(over="ignore", invalid="ignore"):  # overflow becomes inf/NaN, checked by callers
        block = cols[:, start:stop]  # a view: each class's row stays contiguous
        block -= np.max(block, axis=0)
        columns = np.arange(stop - start)
        observed = block[labels[start:stop], columns] if with_loss else None  # z_c - max z
        np.exp(block, out=block)
        total = np.sum(block, axis=0)
        block /= total
        block[labels[start:stop], columns] -= 1.0
        # cross entropy of each column: ln(sum_k e^(z_k - max z)) - (z_c - max z)
        return 0.0 if observed is None else float(np.sum(np.log(total)) - np.sum(observed))


def softmax_minus_onehot_columns(
    cols: NDArray[Any], labels: NDArray[np.intp], *, with_loss: bool = False, workers: int | None = None
) -> float | None:
    """Overwrite `cols` (logits laid out class by class, shape (K, N), C-contiguous, owned by the
    caller) with softmax(z) - one_hot(y), column by column.

    Returns the total cross entropy of the N columns if `with_loss` (from the same exponentials,
    so it costs one logarithm per column), else None. `workers` threads share the columns
    (default: one per core for batches of at least `THREADED_MIN_COLUMNS`, else one). Every column
    is computed on its own, so any number of workers gives bit-for-bit the same gradient; the
    loss is summed block by block and may differ in the last bits."""
    n = cols.shape[1]
    count = workers if workers is not None else (cores() if n >= THREADED_MIN_COLUMNS else 1)
    count = max(1, min(count, n))
    if count == 1:
        total = _block(cols, labels, 0, n, with_loss)
    else:
        bounds = np.linspace(0, n, count + 1).astype(int).tolist()
        with ThreadPoolExecutor(max_workers=count - 1, thread_name_prefix="crossentropy") as pool:
            jobs = [
                pool.submit(_block, cols, labels, a, b, with_loss) for a, b in itertools.pairwise(bounds[1:])
            ]
            first = _block(cols, labels, bounds[0], bounds[1], with_loss)  # this thread takes a block too
            total = first + sum(job.result() for job in jobs)
    return total if with_loss else None


def gradient_vector(
    vector: NDArray[np.float64],
    features: NDArray[np.float64],
    y: NDArray[np.intp],
    how: str,
    with_loss: bool = False,
) -> tuple[NDArray[np.float64], float | None]:
    """The backpropagation behind `IrisNetwork.gradients` on plain arrays, for loops that take
    many steps: the 15 parameters in `PARAMETER_NAMES` order, the flowers as ``features`` of shape
    (2, N) and validated labels ``y``; ``how`` is "sum" or "mean".

    Returns the gradient in the same order and, if ``with_loss``, the loss at ``vector`` (from the
    same forward pass), else None. Either may hold inf or NaN after an overflow."""
    with np.errstate(over="ignore", invalid="ignore"):  # overflow becomes inf/NaN, checked by callers
        # The network as matrices: row j of w_hidden feeds hidden node j (top u, bottom d), row k
        # of w_out feeds raw output k (Setosa, Versicolor, Virginica). Every array below is laid
        # out node by node, (nodes, N), so each product runs over long contiguous rows.
        w_hidden = vector[0:4].reshape(2, 2)  # w1 w2 / w3 w4
        w_out = vector[4:10].reshape(3, 2)  # w5 w6 / w7 w8 / w9 w10
        sums = w_hidden @ features  # u and d, (2, N)
        sums += vector[10:12, None]  # b1, b2
        hidden = np.maximum(sums, 0.0)  # ReLU(u) and ReLU(d)
        delta = w_out @ hidden  # the raw outputs (3, N), a fresh array overwritten in place below
        delta += vector[12:15, None]  # b3, b4, b5
        n = features.shape[1]
        # delta[k] = dCE/dz_k = p_k - y_k for every flower
        loss = softmax_minus_onehot_columns(delta, y, with_loss=with_loss)
        if how == "mean":
            delta /= n
            loss = None if loss is None else loss / n
        # Output weights: delta_k times the ReLU output each weight multiplies, summed over flowers.
        d_out = delta @ hidden.T  # (3, 2): [k, j] = sum_n delta[k, n] * hidden[j, n]
        d_out_bias = delta.sum(axis=1)
        # Back through the hidden layer: each node collects w * delta from the three outputs, and
        # the ReLU lets it through only where the node was positive.
        back = w_out.T @ delta  # (2, N)
        back *= sums > 0
        d_hidden = back @ features.T  # (2, 2): [j, i] = sum_n back[j, n] * input i of flower n
        d_hidden_bias = back.sum(axis=1)
    grad = np.concatenate([d_hidden.ravel(), d_out.ravel(), d_hidden_bias, d_out_bias])
    return grad, loss
