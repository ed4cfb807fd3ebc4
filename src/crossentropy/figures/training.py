r"""Figures of the full-data training in Part 8: loss curves and decision regions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D

from crossentropy.data import SPECIES, Dataset
from crossentropy.figures._cache import cached_figure
from crossentropy.figures._svg import (
    BLUE,
    GREY,
    SPECIES_COLORS,
    check_name,
    check_network,
    figure_style,
    format_number,
    render_figure,
)
from crossentropy.training import TrainingRun, accuracy, decision_margins, decision_regions, predict

__all__ = ["training_curves_svg", "decision_regions_svg"]

_INK = "#222222"
_LINE_COLOURS = ("#B0306E", BLUE, "#E69F00", GREY)
_MARKERS = ("o", "s", "^")
# Light tints of the species colours for the regions (the points keep the full colours).
_REGION_TINTS = ("#CDEDE4", "#F6D9C6", "#F2DDE9")


def _check_runs(runs: object) -> dict[str, TrainingRun]:
    if not isinstance(runs, Mapping) or not 1 <= len(runs) <= 4:
        raise TypeError("runs must be a mapping of 1 to 4 labels (str) to TrainingRun")
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
    flower probability 1/3 for each species.

    Parameters
    ----------
    runs : mapping of str to TrainingRun
        Up to four runs, keyed by the label to show in the legend.
    name : str, default "training-curves"

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> from crossentropy.training import train
    >>> run = train(IrisNetwork(b3=-2.0), TRAINING_DATA.inputs, TRAINING_DATA.labels, steps=50)
    >>> "start: mean cross entropy 0.89" in training_curves_svg({"start": run})
    True
    """
    checked = _check_runs(runs)
    check_name(name)
    with figure_style():
        fig, ax = plt.subplots(figsize=(6.4, 3.2))
        ax.axhline(float(np.log(3.0)), color=GREY, linestyle="--", linewidth=0.9)
        top = max(float(np.log(3.0)), *(float(r.losses.max()) for r in checked.values()))
        ax.annotate("ln 3", xy=(1.0, float(np.log(3.0))), xycoords=("axes fraction", "data"),
                    xytext=(3, 0), textcoords="offset points", ha="left", va="center", fontsize=9, color=GREY)
        descriptions = []
        for colour, (label, run) in zip(_LINE_COLOURS, checked.items()):
            ax.plot(run.recorded_steps, run.losses, color=colour, linewidth=1.8, label=label)
            descriptions.append(
                f"{label}: {run.reduction} cross entropy {format_number(run.initial_loss)} at step 0, "
                f"{format_number(run.final_loss, 4)} after {run.steps} steps"
            )
        ax.set_xlim(0, max(r.steps for r in checked.values()))
        ax.set_ylim(0.0, top * 1.08)
        ax.set_xlabel("step")
        what = next(iter(checked.values())).reduction
        ax.set_ylabel(f"{what} cross entropy")
        ax.set_title("Training all 15 parameters")
        ax.legend(loc="upper right", bbox_to_anchor=(1.0, 0.9))
        alt = (
            "Loss curves of gradient descent on all 15 parameters, the loss against the step number, with a "
            f"dashed line at ln 3 = {format_number(np.log(3.0), 4)}: " + "; ".join(descriptions) + "."
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
    resolution: int = 161,
    name: str = "decision-regions",
) -> str:
    r"""The species the network predicts over (petal width, sepal width), with the flowers on top.

    Regions are tinted by predicted species; each flower is drawn in its observed species' colour
    and marker, and flowers the network gets wrong are ringed in black.

    Parameters
    ----------
    network : IrisNetwork
    data : Dataset
        The flowers to draw (for example ``load_iris()``).
    resolution : int, default 161
        Grid points per side of the unit square.
    name : str, default "decision-regions"

    Examples
    --------
    >>> from crossentropy import IrisNetwork, TRAINING_DATA
    >>> "3 of 3 flowers (100.0 %) correct" in decision_regions_svg(IrisNetwork(), TRAINING_DATA, resolution=21)
    True
    """
    net = check_network(network)
    if not isinstance(data, Dataset):
        raise TypeError(f"data must be a Dataset, got {type(data).__name__}")
    check_name(name)
    petal, sepal, classes = decision_regions(net, resolution)
    predicted = predict(net, data.inputs)
    wrong = predicted != data.labels
    score = accuracy(net, data.inputs, data.labels)
    n = len(data)

    with figure_style():
        fig, ax = plt.subplots(figsize=(5.6, 4.6))
        _, _, margins = decision_margins(net, resolution)
        for k in range(len(SPECIES)):
            ax.contourf(petal, sepal, margins[k], levels=[0.0, np.inf], colors=[_REGION_TINTS[k]], rasterized=True)
            ax.contour(petal, sepal, margins[k], levels=[0.0], colors=GREY, linewidths=0.8)
        handles = []
        # Many flowers share their (petal width, sepal width, species): draw each combination once.
        unique = np.unique(np.column_stack([data.inputs, data.labels]), axis=0)
        for k, species in enumerate(SPECIES):
            mine = unique[unique[:, 2] == k]
            colour = SPECIES_COLORS[species]
            ax.plot(mine[:, 0], mine[:, 1], linestyle="none", marker=_MARKERS[k], markersize=4.2,
                    color=colour, markeredgecolor="white", markeredgewidth=0.4, zorder=3, clip_on=False)
            handles.append(Line2D([], [], color=colour, marker=_MARKERS[k], linestyle="", label=species))
        if wrong.any():
            ax.plot(data.inputs[wrong, 0], data.inputs[wrong, 1], linestyle="none", marker="o", markersize=8.5,
                    markerfacecolor="none", markeredgecolor=_INK, markeredgewidth=1.0, zorder=4, clip_on=False)
            handles.append(Line2D([], [], color=_INK, marker="o", markerfacecolor="none", linestyle="",
                                  markersize=8, label="misclassified"))
        ax.set_xlim(0.0, 1.0)
        ax.set_ylim(0.0, 1.0)
        ax.set_aspect("equal")
        ax.set_xlabel("petal width")
        ax.set_ylabel("sepal width")
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)

        share = {SPECIES[k]: float(np.mean(classes == k)) for k in range(len(SPECIES))}
        wrong_list = ", ".join(
            f"a {SPECIES[int(t)]} at ({format_number(p)}, {format_number(s)}) taken for {SPECIES[int(q)]}"
            for (p, s), t, q in zip(data.inputs[wrong], data.labels[wrong], predicted[wrong])
        )
        alt = (
            f"Decision regions of the network over petal width (horizontal) and sepal width (vertical), both "
            f"scaled to 0..1: Setosa is predicted on {share['Setosa']:.0%} of the square (small petal widths), "
            f"Versicolor on {share['Versicolor']:.0%} (middle) and Virginica on {share['Virginica']:.0%} "
            f"(large petal widths). {int(n - wrong.sum())} of {n} flowers ({100 * score:.1f} %) correct."
            + (f" Misclassified: {wrong_list}." if wrong.any() else "")
        )
        caption = (
            f"Where the network predicts each species (tinted regions) over the scaled petal and sepal widths, "
            f"and the {n} flowers (markers: observed species; flowers with identical measurements overlap). "
            f"{int(n - wrong.sum())} of {n} are classified correctly; ringed flowers are misclassified."
        )
        # The tinted fills are the only raster part; flat colours need little resolution.
        return render_figure(fig, name=name, alt=alt, caption=caption, dpi=60)
