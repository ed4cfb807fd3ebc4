r"""The same descent on b3 at several learning rates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from crossentropy import (
    DescentResult,
    crossings,
)
from crossentropy.figures._cache import cached_figure
from crossentropy.figures._checks import check_name, check_real
from crossentropy.figures._render import figure_style, new_figure, render_figure
from crossentropy.figures._runs import check_result, minimum_b3, visited
from crossentropy.figures._style import INK, MUTED, PINK, format_number

__all__ = ["learning_rates_svg"]


@cached_figure
def learning_rates_svg(
    runs: Mapping[float, DescentResult],
    show: Sequence[float] | None = None,
    *,
    name: str | None = None,
) -> str:
    r"""The same descent on $b_3$ at several learning rates, one panel each (up to 4).

    Each panel follows $b_3$ over the first 30 steps, titled with what happened: settled after
    $n$ steps, or still bouncing. The panels wrap: two by two on a wide page, one under another
    on a phone.

    Parameters
    ----------
    runs : mapping of float to DescentResult
        Descents over ``("b3",)`` from the same start, keyed by learning rate.
    show : sequence of float or None
        The learning rates to draw (keys of `runs`), in order; ``None`` draws all of them.
    name : str or None
        Figure name; ``learning-rates`` by default.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, compare_learning_rates
    >>> runs = compare_learning_rates(
    ...     IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, [1.0, 4.0]
    ... )
    >>> "learning rate 4: still bouncing" in learning_rates_svg(runs)
    True
    """
    if not isinstance(runs, Mapping):
        raise TypeError(
            f"runs must be a mapping of learning rates to DescentResult, got {type(runs).__name__}"
        )
    if show is not None:
        if isinstance(show, (str, bytes)) or not isinstance(show, Sequence):
            raise TypeError(f"show must be a sequence of learning rates, got {type(show).__name__}")
        missing = [r for r in show if r not in runs]
        if missing:
            raise ValueError(f"show names learning rates that runs does not hold: {missing}")
        runs = {r: runs[r] for r in show}
    if not 1 <= len(runs) <= 4:
        raise ValueError(f"learning_rates_svg draws 1 to 4 learning rates, got {len(runs)}")
    checked = {check_real(r, "learning rate"): check_result(res, f"runs[{r}]") for r, res in runs.items()}
    if name is None:
        name = "learning-rates"
    check_name(name)
    first = next(iter(checked.values()))
    minimum, _ = minimum_b3(first.network)
    shown = 30

    def outcome(res: DescentResult) -> str:
        if res.converged:
            return f"settled after {res.steps_taken} steps"
        return f"still bouncing after {res.steps_taken} steps"

    paths = {rate: visited(res)[0][: shown + 1] for rate, res in checked.items()}
    visible = np.concatenate([p[np.isfinite(p)] for p in paths.values()] + [np.array([minimum])])
    ylo, yhi = (
        min(-3.0, float(visible.min()) - 0.3),
        max(2.0, float(visible.max()) + 0.3),
    )

    with figure_style():
        panels, descriptions = [], []
        for rate, res in checked.items():
            fig = new_figure(2.9, 2.2)
            ax = fig.add_subplot()
            ax.axhline(minimum, color=MUTED, linewidth=1.0, linestyle="--")
            b3s = paths[rate]
            ax.plot(
                np.arange(len(b3s)),
                b3s,
                "o-",
                color=INK,
                markerfacecolor=PINK,
                markersize=4,
                linewidth=1.1,
            )
            ax.set_xlim(-0.5, shown + 0.5)
            ax.set_ylim(ylo, yhi)
            ax.set_xticks([0, 10, 20, 30])
            ax.set_xlabel("step")
            ax.set_ylabel("$b_3$")
            ax.set_title(f"learning rate {rate:g}\n{outcome(res)}", linespacing=1.3)
            panels.append(fig)
            descriptions.append(
                f"learning rate {rate:g}: {outcome(res)}, ending at b3 = "
                f"{format_number(res.network.b3)} (jumped over the minimum {crossings(res)} times)"
            )
        alt = (
            f"One panel per learning rate: b3 against the step number for the first {shown} steps of gradient "
            f"descent from b3 = {format_number(first.history[0].values['b3'])}, with the minimum "
            f"(b3 = {format_number(minimum)}) as a dashed line. " + "; ".join(descriptions) + "."
        )
        caption = (
            "Too small a learning rate crawls; a moderate one walks straight down; a larger one jumps over the "
            "minimum and zig-zags in; too large a rate never settles. Each panel follows b₃ step by step (first "
            f"{shown} steps); the dashed line is the minimum."
        )
        return render_figure(panels, name=name, alt=alt, caption=caption)
