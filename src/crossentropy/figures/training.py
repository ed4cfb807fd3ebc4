r"""Figures of the full-data training in Part 8: loss curves and decision regions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from crossentropy.data import SPECIES, Dataset
from crossentropy.figures._canvas import Axes, Canvas, mix, nice_ticks, num
from crossentropy.figures._svg import (
    BLUE,
    GREY,
    SPECIES_COLORS,
    check_name,
    check_network,
    format_number,
    render_figure,
)
from crossentropy.training import TrainingRun, accuracy, decision_regions, predict

__all__ = ["training_curves_svg", "decision_regions_svg"]

_INK = "#222222"
_LINE_COLOURS = ("#B0306E", BLUE, "#E69F00", GREY)
_MARKERS = ("o", "s", "^")
# Light tints of the species colours for the regions (the points keep the full colours): light
# enough for the markers and black text to stand out on them.
_REGION_TINTS = tuple(mix(SPECIES_COLORS[s], "#ffffff", 0.84) for s in SPECIES)


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
    ln3 = float(np.log(3.0))
    top = max(ln3, *(float(r.losses.max()) for r in checked.values()))

    canvas = Canvas(560, 326)
    ax = Axes(canvas, 62, 34, 452, 240, xlim=(0.0, float(max(max(r.steps for r in checked.values()), 1))),
              ylim=(0.0, top * 1.08))
    ax.frame(yticks=nice_ticks(*ax.ylim, count=7))
    ax.hline(ln3, color=GREY, width=1.0, dash="5 4")
    ax.text(ax.xlim[1], ln3, "ln 3", dx=6, size=11, valign="middle", fill=GREY)
    descriptions = []
    entries: list[tuple[str, dict[str, object]]] = []
    for colour, (label, run) in zip(_LINE_COLOURS, checked.items()):
        ax.plot(run.recorded_steps, run.losses, color=colour, width=2.0)
        entries.append((label, {"color": colour, "width": 2.4}))
        descriptions.append(
            f"{label}: {run.reduction} cross entropy {format_number(run.initial_loss)} at step 0, "
            f"{format_number(run.final_loss, 4)} after {run.steps} steps"
        )
    what = next(iter(checked.values())).reduction
    ax.xlabel("step", offset=42)
    ax.ylabel(f"{what} cross entropy", offset=46)
    ax.title("Training all 15 parameters", offset=14)
    ax.legend(entries, corner="upper right")

    alt = (
        "Loss curves of gradient descent on all 15 parameters, the loss against the step number, with a "
        f"dashed line at ln 3 = {format_number(np.log(3.0), 4)}: " + "; ".join(descriptions) + "."
    )
    caption = (
        "The loss during training. The dashed line, ln 3, is what a network scores when it gives every "
        "species probability 1/3 for every flower."
    )
    return render_figure(canvas, name=name, alt=alt, caption=caption)


# -- decision regions as exact polygons ---------------------------------------------------------

_Polygon = list[tuple[float, float, object]]  # vertices (x, y, tag of the edge arriving at the vertex)


def _clip(polygon: _Polygon, a: float, b: float, c: float, tag: object) -> _Polygon:
    """The part of a convex polygon where ``a·x + b·y + c >= 0`` (Sutherland–Hodgman); the new
    edge along the line gets ``tag``."""
    out: _Polygon = []
    n = len(polygon)
    for i in range(n):
        px, py, _ = polygon[i - 1]
        qx, qy, q_tag = polygon[i]
        fp, fq = a * px + b * py + c, a * qx + b * qy + c
        if fp >= 0.0 and fq >= 0.0:
            out.append((qx, qy, q_tag))
        elif fp >= 0.0 > fq:
            t = fp / (fp - fq)
            out.append((px + t * (qx - px), py + t * (qy - py), q_tag))
        elif fq >= 0.0 > fp:
            t = fp / (fp - fq)
            out.append((px + t * (qx - px), py + t * (qy - py), tag))
            out.append((qx, qy, q_tag))
    return out if len(out) >= 3 else []


def _region_polygons(network: Any) -> list[list[_Polygon]]:
    """For each species, the convex pieces of the unit square where the network predicts it.

    The raw outputs are affine on each of the (up to) four pieces of the square cut by the
    lines where a hidden node's weighted sum crosses 0 (ReLU), so each species' region in a
    piece is that piece cut by the half-planes where its raw output beats each other one.
    An edge tagged with an int ``j`` runs along the boundary with species ``j``.
    """
    w = network.params
    # Rows: the two hidden nodes' weighted sums as (petal, sepal, constant) coefficients.
    hidden = np.array([[w["w1"], w["w2"], w["b1"]], [w["w3"], w["w4"], w["b2"]]])
    weights = np.array([[w["w5"], w["w6"]], [w["w7"], w["w8"]], [w["w9"], w["w10"]]])
    biases = np.array([w["b3"], w["b4"], w["b5"]])
    square: _Polygon = [(0.0, 0.0, "edge"), (1.0, 0.0, "edge"), (1.0, 1.0, "edge"), (0.0, 1.0, "edge")]
    regions: list[list[_Polygon]] = [[] for _ in SPECIES]
    for on in ((True, True), (True, False), (False, True), (False, False)):
        piece = square
        for (a, b, c), active in zip(hidden.tolist(), on, strict=True):
            sign = 1.0 if active else -1.0
            piece = _clip(piece, sign * a, sign * b, sign * c, "hinge") if piece else []
        if not piece:
            continue
        # Raw output k on this piece: coef[k] · (petal, sepal, 1); a switched-off node adds exactly 0.
        coef = (weights * np.array(on, dtype=np.float64)) @ hidden
        coef[:, 2] += biases
        for k in range(len(SPECIES)):
            mine = piece
            for j in range(len(SPECIES)):
                if j == k or not mine:
                    continue
                diff = coef[k] - coef[j]
                if not np.any(diff):
                    # The same raw output everywhere on the piece: the tie goes to the lower index.
                    mine = mine if k < j else []
                    continue
                mine = _clip(mine, float(diff[0]), float(diff[1]), float(diff[2]), j)
            if mine:
                regions[k].append(mine)
    return regions


def _marker_path(xs: NDArray[np.float64], ys: NDArray[np.float64], shape: str, size: float) -> str:
    """Path data drawing one marker (``o``, ``s`` or ``^``, ``size`` units across) at every point."""
    h = size / 2.0
    if shape == "o":
        template = "M{x0} {y}a{r} {r} 0 1 0 {d} 0a{r} {r} 0 1 0 -{d} 0Z"
        return "".join(template.format(x0=num(x - h), y=num(y), r=num(h), d=num(size)) for x, y in zip(xs, ys))
    if shape == "s":
        s = h * 0.9
        return "".join(f"M{num(x - s)} {num(y - s)}h{num(2 * s)}v{num(2 * s)}h-{num(2 * s)}Z" for x, y in zip(xs, ys))
    if shape == "^":
        up, down, half = h * 1.15, h * 0.8, h * 1.1
        return "".join(
            f"M{num(x)} {num(y - up)}L{num(x + half)} {num(y + down)}H{num(x - half)}Z" for x, y in zip(xs, ys)
        )
    raise ValueError(f"unknown marker shape {shape!r}")


def decision_regions_svg(
    network: Any,
    data: Dataset,
    *,
    resolution: int = 161,
    name: str = "decision-regions",
) -> str:
    r"""The species the network predicts over (petal width, sepal width), with the flowers on top.

    Regions are tinted by predicted species; each flower is drawn in its observed species' colour
    and marker, and flowers the network gets wrong are ringed in black. The regions are drawn
    exactly, as polygons: the raw outputs are piecewise linear in the inputs.

    Parameters
    ----------
    network : IrisNetwork
    data : Dataset
        The flowers to draw (for example ``load_iris()``).
    resolution : int, default 161
        Grid points per side of the unit square on which the share of the square predicted
        as each species (in the alt text) is counted.
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

    canvas = Canvas(580, 432)
    ax = Axes(canvas, 62, 12, 370, 370, xlim=(0.0, 1.0), ylim=(0.0, 1.0))
    boundaries = []
    for k, pieces in enumerate(_region_polygons(net)):
        d = ""
        for polygon in pieces:
            xs = ax.sx([v[0] for v in polygon])
            ys = ax.sy([v[1] for v in polygon])
            d += "M" + "L".join(f"{num(x)} {num(y)}" for x, y in zip(xs, ys)) + "Z"
            for i, (_, _, tag) in enumerate(polygon):
                if isinstance(tag, int) and tag > k:  # each boundary once, from its lower species
                    boundaries.append(f"M{num(xs[i - 1])} {num(ys[i - 1])}L{num(xs[i])} {num(ys[i])}")
        # A hairline stroke in the same tint closes the seams between the pieces of one region.
        canvas.path(d, fill=_REGION_TINTS[k], stroke=_REGION_TINTS[k], width=0.6, linejoin="round", clip=ax.clip)
    ax.frame(grid=False, box=True)
    canvas.path("".join(boundaries), stroke=GREY, width=1.0, linecap="round", clip=ax.clip)

    # Many flowers share their (petal width, sepal width, species): draw each combination once,
    # one path per species.
    unique = np.unique(np.column_stack([data.inputs, data.labels]), axis=0)
    legend_rows: list[tuple[str, str, str]] = []
    for k, species in enumerate(SPECIES):
        mine = unique[unique[:, 2] == k]
        colour = SPECIES_COLORS[species]
        canvas.path(_marker_path(ax.sx(mine[:, 0]), ax.sy(mine[:, 1]), _MARKERS[k], 8.0),
                    fill=colour, stroke="white", width=0.6, linejoin="round")
        legend_rows.append((species, colour, _MARKERS[k]))
    if wrong.any():
        ring = np.unique(data.inputs[wrong], axis=0)
        canvas.path(_marker_path(ax.sx(ring[:, 0]), ax.sy(ring[:, 1]), "o", 14.0), stroke=_INK, width=1.2)
    ax.xlabel("petal width", offset=40)
    ax.ylabel("sepal width", offset=44)

    # Legend, right of the square: observed species, then the ring, then the region tints.
    lx, ly, row = ax.x + ax.width + 18, ax.y + 10, 19.0
    canvas.text(lx, ly, "flowers", size=11, valign="top", weight="600")
    for i, (species, colour, shape) in enumerate(legend_rows):
        cy = ly + 24 + i * row
        canvas.path(_marker_path(np.array([lx + 6]), np.array([cy]), shape, 8.0), fill=colour, stroke="white",
                    width=0.7)
        canvas.text(lx + 18, cy, species, size=11, valign="middle")
    if wrong.any():
        cy = ly + 24 + 3 * row
        canvas.path(_marker_path(np.array([lx + 6]), np.array([cy]), "o", 12.0), stroke=_INK, width=1.2)
        canvas.text(lx + 18, cy, "misclassified", size=11, valign="middle")
    ry = ly + 24 + 4 * row + 18
    canvas.text(lx, ry, "predicted", size=11, valign="top", weight="600")
    for k, species in enumerate(SPECIES):
        cy = ry + 24 + k * row
        canvas.rect(lx, cy - 6, 12, 12, fill=_REGION_TINTS[k], stroke=GREY, stroke_width=0.6)
        canvas.text(lx + 18, cy, species, size=11, valign="middle")

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
    return render_figure(canvas, name=name, alt=alt, caption=caption)
