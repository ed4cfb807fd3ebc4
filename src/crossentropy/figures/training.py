r"""Figures of the full-data training in Part 8: loss curves and decision regions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from crossentropy import (
    SPECIES,
    Dataset,
    RegionSummary,
    TrainingRun,
    accuracy,
    decision_margins,
    predict,
    region_summary,
)
from crossentropy.figures._cache import cached_figure
from crossentropy.figures._checks import check_name, check_network
from crossentropy.figures._render import figure_style, new_figure, render_figure
from crossentropy.figures._style import GRID, INK, MUTED, SPECIES_COLORS, format_number

__all__ = ["decision_regions_svg", "training_curves_svg"]

#: How each run is drawn, in the order given: ink in different widths and dashes, so that no run
#: borrows a colour that means something else on the site (a species, a hidden node, the loss).
#: The second is a wide pale band: a run that settles on the ln 3 line stays visible around it.
_RUN_STYLES: tuple[dict[str, Any], ...] = (
    {"color": INK, "linewidth": 1.8},
    {"color": INK, "linewidth": 6.0, "alpha": 0.26, "solid_capstyle": "butt"},
    {"color": INK, "linewidth": 1.8, "linestyle": (0, (1, 1.6))},
    {"color": INK, "linewidth": 1.5, "linestyle": (0, (6, 2, 1.5, 2))},
)
#: Below this many steps the step axis is linear; beyond it, logarithmic past step 10.
_LOG_STEPS = 100
_MARKERS = ("o", "s", "^")
#: Opacity of the species tints under the flowers: light in both colour schemes, with the
#: species colour itself left to the CSS theme.
_TINT = 0.2
#: Points per side of the grid on which the margins are contoured. The margins are linear on
#: each grid cell that no hidden node's crease crosses, so the zero lines (the boundaries) come
#: out straight, and exact there, even on this coarse grid, which keeps the SVG small.
_DRAW_RESOLUTION = 41


def _check_runs(runs: object) -> dict[str, TrainingRun]:
    if not isinstance(runs, Mapping) or not 1 <= len(runs) <= len(_RUN_STYLES):
        raise TypeError(f"runs must be a mapping of 1 to {len(_RUN_STYLES)} labels (str) to TrainingRun")
    out: dict[str, TrainingRun] = {}
    for label, run in runs.items():
        if not isinstance(label, str) or not label.strip():
            raise TypeError(f"runs must be keyed by non-empty labels (str), got {label!r}")
        if not isinstance(run, TrainingRun):
            raise TypeError(f"runs[{label!r}] must be a TrainingRun, got {type(run).__name__}")
        out[label] = run
    return out


@cached_figure
def training_curves_svg(runs: Mapping[str, TrainingRun], *, name: str = "training-curves") -> str:
    r"""The loss of one or more training runs against the step number.

    The horizontal dashed line is $\ln 3$, the mean cross entropy of a network that gives every
    flower probability 1/3 for each species; it is drawn over the curves, so a run that gets
    stuck there does not hide it. Runs of 100 steps or more get a step axis that is logarithmic
    beyond step 10, where most of the fall happens early.

    Parameters
    ----------
    runs : mapping of str to TrainingRun
        Up to four runs, keyed by the label to show in the legend.
    name : str, default "training-curves"

    Returns
    -------
    str
        An inline-SVG ``<figure>``; the alt text gives each run's first and last loss.

    Raises
    ------
    TypeError, ValueError
        If ``runs`` is not a mapping of 1 to 4 labels to `TrainingRun`, or ``name`` is invalid.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA, train
    >>> run = train(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, steps=50)
    >>> "start: mean cross entropy 0.89" in training_curves_svg({"start": run})
    True
    """
    checked = _check_runs(runs)
    check_name(name)
    ln3 = float(np.log(3.0))
    top = max(ln3, *(float(r.losses.max()) for r in checked.values()))
    last = max(max(r.steps for r in checked.values()), 1)

    with figure_style():
        from matplotlib.ticker import FixedLocator, NullFormatter, StrMethodFormatter

        fig = new_figure(4.2, 3.3 + 0.2 * len(checked))
        ax = fig.add_subplot()
        descriptions = []
        for style, (label, run) in zip(_RUN_STYLES, checked.items()):
            ax.plot(run.recorded_steps, run.losses, label=label, zorder=2, **style)
            descriptions.append(
                f"{label}: {run.reduction} cross entropy {format_number(run.initial_loss)} at step 0, "
                f"{format_number(run.final_loss, 4)} after {run.steps} steps"
            )
        ax.axhline(ln3, color=MUTED, linewidth=1.3, linestyle=(0, (4, 3)), zorder=3)
        ax.set_xlim(0.0, float(last))
        if last >= _LOG_STEPS:
            ax.set_xscale("symlog", linthresh=10.0, linscale=0.4)
            decades = 10.0 ** np.arange(1, int(np.log10(last)) + 1)
            ax.xaxis.set_major_locator(FixedLocator([0.0, *decades.tolist()]))
            ax.xaxis.set_major_formatter(StrMethodFormatter("{x:g}"))
            minor = [m * d for d in decades for m in range(2, 10) if m * d <= last]
            ax.xaxis.set_minor_locator(FixedLocator(minor))
            ax.xaxis.set_minor_formatter(NullFormatter())
            ax.set_xlabel("step (logarithmic beyond 10)")
        else:
            ax.set_xlabel("step")
        ax.set_ylim(0.0, max(top * 1.1, ln3 * 1.25))  # room above the line for its label
        ax.grid(True, axis="y", color=GRID)
        ax.set_axisbelow(True)
        ax.annotate(
            "ln 3 (uniform guess)",
            (1.0, ln3),
            xycoords=("axes fraction", "data"),
            xytext=(-2, 5),
            textcoords="offset points",
            ha="right",
            va="bottom",
            color=MUTED,
            fontsize=9.5,
        )
        what = next(iter(checked.values())).reduction
        ax.set_ylabel(f"{what} cross entropy")
        ax.set_title("Training all 15 parameters")
        fig.legend(loc="outside lower center", handlelength=2.4)

        alt = (
            "Loss curves of gradient descent on all 15 parameters, the loss against the step number, with a "
            f"dashed line at ln 3 = {format_number(ln3, 4)}: " + "; ".join(descriptions) + "."
        )
        caption = (
            "The loss during training. The dashed line, ln 3, is what a network scores when it gives every "
            "species probability 1/3 for every flower."
        )
        return render_figure(fig, name=name, alt=alt, caption=caption)


@cached_figure
def decision_regions_svg(
    network: Any,
    data: Dataset,
    *,
    name: str = "decision-regions",
) -> str:
    r"""The species the network predicts over (petal width, sepal width), with the flowers on top.

    Regions are tinted by predicted species; each flower is drawn in its observed species' colour
    and marker, and flowers the network gets wrong are ringed. The regions are the filled
    contours of `crossentropy.decision_margins` above 0, and the boundaries its zero lines:
    the margins are piecewise linear in the inputs, so the boundaries are straight, as they are.

    Parameters
    ----------
    network : IrisNetwork
    data : Dataset
        The flowers to draw (for example ``load_iris()``).
    name : str, default "decision-regions"

    Returns
    -------
    str
        An inline-SVG ``<figure>``; the alt text gives each species' share of the square and the
        range of petal widths it is predicted at (exact, from `crossentropy.region_summary`), the
        accuracy and every misclassified flower.

    Raises
    ------
    TypeError, ValueError
        If ``network`` is not an `IrisNetwork`, ``data`` not a `Dataset`, or ``name`` is invalid.

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> "3 of 3 flowers (100.0 %) correct" in decision_regions_svg(IrisNetwork(), TRAINING_DATA)
    True
    """
    net = check_network(network)
    if not isinstance(data, Dataset):
        raise TypeError(f"data must be a Dataset, got {type(data).__name__}")
    check_name(name)
    predicted = predict(net, data.inputs)
    wrong = predicted != data.labels
    score = accuracy(net, data.inputs, data.labels)
    n = len(data)
    grid_petal, grid_sepal, margins = decision_margins(net, _DRAW_RESOLUTION)

    with figure_style():
        from matplotlib.legend_handler import HandlerTuple
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        fig = new_figure(3.9, 4.75)
        ax = fig.add_subplot()
        for k, species in enumerate(SPECIES):
            high = float(margins[k].max())
            if high <= 0.0:
                continue  # never predicted: nothing to fill
            ax.contourf(
                grid_petal,
                grid_sepal,
                margins[k],
                levels=[0.0, high + 1.0],
                colors=[SPECIES_COLORS[species]],
                alpha=_TINT,
                antialiased=True,
                zorder=0,
            )
            # Every boundary separates two species, one of them Setosa or Versicolor: the zero lines
            # of their margins draw each boundary (Setosa–Versicolor twice, in the same place).
            if k < 2 and float(margins[k].min()) < 0.0:
                ax.contour(
                    grid_petal,
                    grid_sepal,
                    margins[k],
                    levels=[0.0],
                    colors=[MUTED],
                    linewidths=0.9,
                    zorder=1,
                )
        # Many flowers share their (petal width, sepal width, species): draw each combination once.
        unique = np.unique(np.column_stack([data.inputs, data.labels]), axis=0)
        handles: list[Any] = []
        for k, species in enumerate(SPECIES):
            mine = unique[unique[:, 2] == k]
            # No marker edge: each marker's style is written once per flower, and an edge would
            # add a tenth to the figure's size.
            style: dict[str, Any] = {
                "marker": _MARKERS[k],
                "color": SPECIES_COLORS[species],
                "markeredgewidth": 0.0,
                "markersize": 6.4 if _MARKERS[k] == "s" else 7.2,
            }
            ax.plot(
                mine[:, 0],
                mine[:, 1],
                linestyle="none",
                clip_on=False,
                zorder=3,
                **style,
            )
            tint = Patch(facecolor=SPECIES_COLORS[species], alpha=_TINT, edgecolor="none")
            handles.append((tint, Line2D([], [], linestyle="none", **style)))
        labels = list(SPECIES)
        if wrong.any():
            ring = np.unique(data.inputs[wrong], axis=0)
            ring_style: dict[str, Any] = {
                "marker": "o",
                "markersize": 11.0,
                "markerfacecolor": "none",
                "markeredgecolor": INK,
                "markeredgewidth": 1.2,
                "linestyle": "none",
            }
            ax.plot(ring[:, 0], ring[:, 1], clip_on=False, zorder=4, **ring_style)
            handles.append(Line2D([], [], **ring_style))
            labels.append("misclassified")
        ax.set_xlim(0.0, 1.0)
        ax.set_ylim(0.0, 1.0)
        ax.set_aspect("equal")
        ax.spines[["top", "right"]].set_visible(True)
        ax.set_xlabel("petal width (scaled)")
        ax.set_ylabel("sepal width (scaled)")
        fig.legend(
            handles,
            labels,
            loc="outside lower center",
            ncols=2,
            handler_map={tuple: HandlerTuple(ndivide=1)},
            title="tint: predicted · marker: observed",
            title_fontsize=9.5,
            handlelength=1.6,
            handleheight=1.3,
            columnspacing=1.4,
        )

        wrong_list = ", ".join(
            f"a {SPECIES[int(t)]} at ({format_number(p)}, {format_number(s)}) taken for {SPECIES[int(q)]}"
            for (p, s), t, q in zip(data.inputs[wrong], data.labels[wrong], predicted[wrong])
        )
        alt = (
            "Decision regions of the network over petal width (horizontal) and sepal width (vertical), both "
            "scaled to 0..1: "
            + ", ".join(_where(region) for region in region_summary(net))
            + f". {int(n - wrong.sum())} of {n} flowers ({100 * score:.1f} %) correct."
            + (f" Misclassified: {wrong_list}." if wrong.any() else "")
        )
        caption = (
            f"Where the network predicts each species (tinted regions) over the scaled petal and sepal widths, "
            f"and the {n} flowers (markers: observed species; flowers with identical measurements overlap). "
            f"{int(n - wrong.sum())} of {n} are classified correctly; ringed flowers are misclassified."
        )
        return render_figure(fig, name=name, alt=alt, caption=caption)


def _where(region: RegionSummary) -> str:
    """``"Setosa is predicted on 34% of the square (petal widths 0.00 to 0.49)"``, from the exact
    `crossentropy.region_summary`."""
    text = f"{region.species} is predicted on {region.share:.0%} of the square"
    if region.share > 0.0:
        text += f" (petal widths {format_number(region.petal_low)} to {format_number(region.petal_high)})"
    return text
