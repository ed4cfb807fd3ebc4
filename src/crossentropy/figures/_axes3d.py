"""A small 3D axes for a `Canvas`: a fixed camera, back panes, ticks and shaded surfaces.

The view is an orthographic projection from a fixed camera (elevation and azimuth in degrees,
as in matplotlib's ``view_init``). The data box ``xlim`` × ``ylim`` × ``zlim`` is scaled to the
proportions ``aspect`` and fitted, with its tick labels and axis labels, into a panel rectangle
of the canvas. The three back panes are light grey with grid lines at the ticks; ticks and tick
labels sit on the outer edges (x and y along the floor's front edges, z on the right-most
vertical edge) and the axis labels run parallel to their edges.

`Axes3D.surface` collects grid surfaces; `Axes3D.draw` paints everything once: the panes, then
the faces of every surface back to front (painter's algorithm), then the axes. Faces are shaded
by Lambert's law from their normals, with the brightness quantised so that coplanar quads get
identical colours. Piecewise-planar surfaces (such as a ReLU network's outputs) come out exact
and small: a grid quad that a fold crosses is cut along the fold between its two neighbouring
planes, and faces that nothing overlaps are merged by colour into a few SVG paths.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from crossentropy.figures._canvas import Canvas, hex_to_rgb, nice_ticks, num, text_width, tick_labels

__all__ = ["Axes3D", "Camera", "shade_color"]

#: Fill of the back panes: the pane at constant x, at constant y, and the floor.
PANE_COLORS: tuple[str, str, str] = ("#EDEDED", "#F3F3F3", "#F7F7F7")
PANE_EDGE = "#C8C8C8"
GRID_COLOR = "#D9D9D9"
AXIS_COLOR = "#555555"
#: Shading levels: faces whose brightness rounds to the same level get the same colour.
SHADE_LEVELS = 40
#: Brightness = AMBIENT + DIFFUSE × max(0, unit normal · light): 1 is the surface's own colour.
AMBIENT = 0.62
DIFFUSE = 0.45
#: Faces are outlined in their own colour, this wide, so that no background shows through the
#: anti-aliased seams between neighbouring faces.
FACE_STROKE = 0.9
#: Most corners of a face: a grid quad cut by a straight fold has at most five.
_MAX_CORNERS = 5


@dataclass(frozen=True)
class Camera:
    """An orthographic camera looking at the origin from ``elev`` degrees above the xy plane and
    ``azim`` degrees around the z axis (counter-clockwise from +x), like matplotlib's ``view_init``.

    Examples
    --------
    >>> right, up, toward = Camera(elev=0.0, azim=-90.0).basis()
    >>> right.round(6).tolist(), up.round(6).tolist(), toward.round(6).tolist()
    ([1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0])
    """

    elev: float = 26.0
    azim: float = -58.0

    def basis(self) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """Unit vectors (screen right, screen up, toward the viewer) in box coordinates."""
        el, az = math.radians(self.elev), math.radians(self.azim)
        toward = np.array([math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el)])
        right = np.array([-math.sin(az), math.cos(az), 0.0])
        up = np.cross(toward, right)
        return right + 0.0, up + 0.0, toward + 0.0

    def light(self) -> NDArray[np.float64]:
        """Unit vector towards the light: above, a little left of and in front of the viewer."""
        right, up, toward = self.basis()
        direction = -0.4 * right + 0.75 * up + 0.55 * toward
        return direction / np.linalg.norm(direction)


def shade_color(color: str, brightness: ArrayLike) -> list[str]:
    """``color`` at each ``brightness``: 1 keeps it, lower darkens it towards black, higher
    lightens it towards white (``1 + t`` moves it the fraction ``t`` of the way to white).

    Examples
    --------
    >>> shade_color("#0072B2", [1.0, 0.5, 1.5])
    ['#0072b2', '#003959', '#80b8d8']
    """
    rgb = np.array(hex_to_rgb(color), dtype=np.float64)
    b = np.atleast_1d(np.asarray(brightness, dtype=np.float64))[:, None]
    mixed = np.where(b <= 1.0, rgb * b, rgb + (255.0 - rgb) * np.minimum(b - 1.0, 1.0))
    values = np.round(np.clip(mixed, 0.0, 255.0)).astype(int).tolist()
    return ["#%02x%02x%02x" % tuple(v) for v in values]


@functools.lru_cache(maxsize=32)
def _palette(color: str) -> list[str]:
    """`shade_color` of ``color`` at every shade level (index = level)."""
    return shade_color(color, np.arange(2 * SHADE_LEVELS + 1) / SHADE_LEVELS)


# -- compact path data ----------------------------------------------------------------------------


def _polygons_data(polygons: NDArray[np.float64], counts: ArrayLike | None = None) -> list[str]:
    """Closed path data of each polygon, ``(n, k, 2)`` canvas points of which the first
    ``counts[i]`` are used: an absolute start, then relative steps (``M x y l dx dy … z``).

    Steps are taken between points already rounded to 0.1, so no rounding error builds up.

    Examples
    --------
    >>> _polygons_data(np.array([[[10.0, 20.0], [15.04, 20.0], [15.04, 30.0], [0, 0]]]), [3])
    ['M10 20l5 0 0 10z']
    """
    pts = np.asarray(polygons, dtype=np.float64)
    n, k = pts.shape[:2]
    if not n:
        return []
    sizes = np.full(n, k) if counts is None else np.asarray(counts, dtype=np.int64)
    q = np.round(pts * 10.0).astype(np.int64)
    steps = np.concatenate([q[:, :1], np.diff(q, axis=1)], axis=1) / 10.0
    flat = steps.reshape(n, -1).tolist()
    templates = {m: "M%g %gl" + " ".join(["%g %g"] * (m - 1)) + "z" for m in set(sizes.tolist())}
    return [(templates[m] % tuple(row[: 2 * m])).replace(" -", "-")
            for row, m in zip(flat, sizes.tolist(), strict=True)]


def _polygon_data(points: ArrayLike) -> str:
    """`_polygons_data` of one polygon ``(k, 2)``.

    Examples
    --------
    >>> _polygon_data([[0.0, 0.0], [2.5, 0.0], [2.5, -1.0]])
    'M0 0l2.5 0 0-1z'
    """
    pts = np.asarray(points, dtype=np.float64)
    return _polygons_data(pts[None])[0]


def _ragged_data(points: NDArray[np.float64], sizes: Sequence[int]) -> list[str]:
    """`_polygons_data` of polygons of different sizes, given one after another in ``points``.

    Examples
    --------
    >>> points = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [5.0, 5.0], [6.0, 5.0], [6.0, 7.0], [5.0, 7.0]])
    >>> _ragged_data(points, [3, 4])
    ['M0 0l1 0 0 1z', 'M5 5l1 0 0 2-1 0z']
    """
    q = np.round(np.asarray(points, dtype=np.float64) * 10.0).astype(np.int64)
    steps = np.empty_like(q)
    steps[1:] = q[1:] - q[:-1]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
    steps[starts] = q[starts]
    flat = (steps / 10.0).ravel().tolist()
    out = []
    for start, m in zip(starts.tolist(), sizes, strict=True):
        template = "M%g %gl" + " ".join(["%g %g"] * (m - 1)) + "z"
        out.append((template % tuple(flat[2 * start: 2 * (start + m)])).replace(" -", "-"))
    return out


# -- geometry helpers -----------------------------------------------------------------------------


def _cross(u: NDArray[np.float64], v: NDArray[np.float64]) -> NDArray[np.float64]:
    """Cross products of 3-vectors along the last axis (`numpy.cross` without its overhead)."""
    return np.stack([u[..., 1] * v[..., 2] - u[..., 2] * v[..., 1],
                     u[..., 2] * v[..., 0] - u[..., 0] * v[..., 2],
                     u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]], axis=-1)


def _box_pairs(
    lo_a: NDArray[np.float64], hi_a: NDArray[np.float64], lo_b: NDArray[np.float64], hi_b: NDArray[np.float64],
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Index pairs (i, k) where box i of a (corners ``lo_a``, ``hi_a``: (n, 2)) meets box k of b
    (0.05 units of slack).

    Examples
    --------
    >>> lo, hi = np.array([[0.0, 0.0], [5.0, 5.0]]), np.array([[2.0, 2.0], [6.0, 6.0]])
    >>> [v.tolist() for v in _box_pairs(lo, hi, lo + 1.5, hi + 1.5)]
    [[0], [0]]
    """
    eps = 0.05
    hit = ((lo_a[:, None, 0] <= hi_b[None, :, 0] + eps) & (hi_a[:, None, 0] >= lo_b[None, :, 0] - eps)
           & (lo_a[:, None, 1] <= hi_b[None, :, 1] + eps) & (hi_a[:, None, 1] >= lo_b[None, :, 1] - eps))
    i, k = np.nonzero(hit)
    return i, k


class _Convex:
    """Convex polygons ((n, k, 2), repeated last corners allowed) prepared for overlap tests:
    the unit normal of every edge and each polygon's extent along its own normals."""

    def __init__(self, polygons: NDArray[np.float64]) -> None:
        self.points = polygons
        edges = np.roll(polygons, -1, axis=1) - polygons
        normals = np.stack([-edges[..., 1], edges[..., 0]], axis=-1)
        length = np.hypot(normals[..., 0], normals[..., 1])
        self.valid = length > 1e-9
        self.axes = normals / np.where(self.valid, length, 1.0)[..., None]
        on = np.einsum("nvk,nak->nav", polygons, self.axes)
        self.low, self.high = on.min(axis=-1), on.max(axis=-1)

    def overlap(self, i: NDArray[np.intp], j: NDArray[np.intp]) -> NDArray[np.bool_]:
        """Whether polygons ``i`` and ``j`` overlap by more than a touch (separating-axis test,
        0.05 units of slack).

        Examples
        --------
        >>> square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
        >>> shapes = _Convex(np.stack([square, square + 0.5, square + [1.0, 0.0]]))
        >>> shapes.overlap(np.array([0, 0]), np.array([1, 2])).tolist()
        [True, False]
        """
        apart = np.zeros(len(i), dtype=bool)
        for a, b in ((i, j), (j, i)):
            ax_x, ax_y = self.axes[a, :, 0], self.axes[a, :, 1]  # (pairs, edges)
            px, py = self.points[b, :, 0], self.points[b, :, 1]  # (pairs, corners)
            low = high = px[:, :1] * ax_x + py[:, :1] * ax_y
            for k in range(1, px.shape[1]):
                on = px[:, k:k + 1] * ax_x + py[:, k:k + 1] * ax_y
                low, high = np.minimum(low, on), np.maximum(high, on)
            gap = (high <= self.low[a] + 0.05) | (low >= self.high[a] - 0.05)
            apart |= np.any(gap & self.valid[a], axis=1)
        return ~apart


def _staircase(runs: list[tuple[int, int, int]], first: int) -> list[tuple[int, int]]:
    """Outline, as grid points (row, column), of quads ``runs[k] = (level, j0, j1)`` on rows
    ``first + k`` (each run overlapping the next): every grid point on the boundary, in order.

    Examples
    --------
    >>> _staircase([(0, 0, 1), (0, 1, 1)], 0)
    [(0, 0), (0, 1), (0, 2), (1, 2), (2, 2), (2, 1), (1, 1), (1, 0)]
    """
    out: list[tuple[int, int]] = []
    last = first + len(runs) - 1

    def walk(row: int, c0: int, c1: int) -> None:
        step = 1 if c1 >= c0 else -1
        for col in range(c0, c1 + step, step):
            if not out or out[-1] != (row, col):
                out.append((row, col))

    _, j0, j1 = runs[0]
    walk(first, j0, j1 + 1)
    for k, (_, _, b) in enumerate(runs):
        row = first + k
        walk(row + 1, b + 1, b + 1)
        if row < last:
            walk(row + 1, b + 1, runs[k + 1][2] + 1)
    walk(last + 1, runs[-1][2] + 1, runs[-1][1])
    for k in range(len(runs) - 1, -1, -1):
        row = first + k
        a = runs[k][1]
        walk(row, a, a)
        if k > 0:
            walk(row, a, runs[k - 1][1])
    if out[-1] == out[0]:
        out.pop()
    return out


# -- the axes -------------------------------------------------------------------------------------


@dataclass
class _Surface:
    xs: NDArray[np.float64]
    ys: NDArray[np.float64]
    z: NDArray[np.float64]
    color: str


@dataclass
class _Faces:
    """One surface cut into convex faces: strips of coplanar grid quads along a row, pieces of
    quads cut along a fold, and the other quads whole."""

    grid: NDArray[np.float64]  # canvas position of every grid point, (rows, cols, 2)
    surface: _Surface
    polygons: NDArray[np.float64]  # (n, _MAX_CORNERS, 2) canvas corners, last one repeated
    counts: NDArray[np.int64]  # corners used
    level: NDArray[np.int64]  # shade level
    back: NDArray[np.bool_]  # turned away from the viewer
    order: NDArray[np.intp]  # face indices back to front (painter's order)
    strips: NDArray[np.int64]  # (n, 3): row, first and last column of a strip; row -1 for the others
    plane: NDArray[np.int64]  # which plane the face lies in (a negative id for a non-planar quad)
    depth: NDArray[np.float64]  # distance of the centre towards the viewer


@dataclass
class _Label:
    """A text to place: centre = scale × ``anchor`` + ``offset`` (canvas units)."""

    text: str
    size: float
    anchor: tuple[float, float]
    offset: tuple[float, float]
    rotate: float = 0.0

    def half_extent(self) -> tuple[float, float]:
        w, h = text_width(self.text, self.size), self.size
        a = math.radians(self.rotate)
        return (w / 2 * abs(math.cos(a)) + h / 2 * abs(math.sin(a)),
                w / 2 * abs(math.sin(a)) + h / 2 * abs(math.cos(a)))


#: Layouts by configuration, see `Axes3D.__post_init__`: (labels, tick marks), and with the
#: panel size appended to the key, (scale, extent).
_LAYOUTS: dict[tuple[object, ...], tuple[object, object]] = {}


@dataclass
class Axes3D:
    """3D axes fitted into the panel ``x``, ``y``, ``width`` × ``height`` of ``canvas``.

    Parameters
    ----------
    canvas : Canvas
        Where to draw.
    x, y, width, height : float
        The panel rectangle; the box, its ticks and its labels are fitted inside and centred.
    zlim : (float, float)
        The vertical range; ``xlim`` and ``ylim`` default to ``(0, 1)``.
    xticks, yticks, zticks : sequence of float or None
        Tick positions (``None``: `nice_ticks` of the limits, about 4 of them).
    xlabel, ylabel, zlabel : str or None
        Axis labels, drawn along their edges (``None``: no label).
    camera : Camera
        The viewpoint (above the floor: ``elev > 0``); the default is the 3D view matplotlib's
        versions of these figures used (26°, −58°).
    aspect : (float, float, float)
        Proportions of the drawn box (x, y, z).
    tick_size, label_size : float
        Font sizes of tick labels and axis labels.

    Attributes
    ----------
    bounds : (float, float, float, float)
        The canvas rectangle (left, top, right, bottom) that the box and its labels take up.

    Examples
    --------
    >>> c = Canvas(240, 200)
    >>> ax = Axes3D(c, 0, 0, 240, 200, zlim=(-1.0, 1.0), xlabel="petal width")
    >>> sx, sy = ax.project([0.0, 1.0], [0.0, 0.0], [-1.0, -1.0])
    >>> bool(sx[1] > sx[0] and sy[1] > sy[0])  # the front x edge runs right and down
    True
    >>> ax.surface([0.0, 0.5, 1.0], [0.0, 1.0], [[0.0, 0.5, 1.0], [0.0, 0.5, 1.0]], "#0072B2")
    >>> ax.draw()
    >>> body = c.body()
    >>> body.count("<path") - body.count('fill="none"')  # three panes and one merged plane
    4
    >>> "petal width" in body
    True
    """

    canvas: Canvas
    x: float
    y: float
    width: float
    height: float
    zlim: tuple[float, float]
    xlim: tuple[float, float] = (0.0, 1.0)
    ylim: tuple[float, float] = (0.0, 1.0)
    xticks: Sequence[float] | None = None
    yticks: Sequence[float] | None = None
    zticks: Sequence[float] | None = None
    xlabel: str | None = None
    ylabel: str | None = None
    zlabel: str | None = None
    camera: Camera = field(default_factory=Camera)
    aspect: tuple[float, float, float] = (1.0, 1.0, 0.78)
    tick_size: float = 11.0
    label_size: float = 12.0
    _surfaces: list[_Surface] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        for argument in ("xlim", "ylim", "zlim"):
            lo, hi = (float(v) for v in getattr(self, argument))
            if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
                raise ValueError(f"{argument} must be finite with lo < hi, got {(lo, hi)}")
            setattr(self, argument, (lo, hi))
        self._right, self._up, self._toward = self.camera.basis()
        self._light = self.camera.light()
        limits = (self.xlim, self.ylim, self.zlim)
        # the back pane of each axis is at the limit away from the viewer
        self._back = tuple(lim[0] if t > 0 else lim[1] for lim, t in zip(limits, self._toward, strict=True))
        self._front = tuple(lim[1] if b == lim[0] else lim[0] for lim, b in zip(limits, self._back, strict=True))
        self._ticks = [
            np.asarray(nice_ticks(*lim, 4) if ticks is None else list(ticks), dtype=np.float64)
            for lim, ticks in zip(limits, (self.xticks, self.yticks, self.zticks), strict=True)
        ]
        corners = [(cx, cy) for cx in self.xlim for cy in self.ylim]
        self._zcorner = max(corners, key=lambda c: float(self._unscaled(c[0], c[1], self.zlim[0])[0]))
        # panels that differ only in position share their layout (the figures' rows of panels)
        key = (limits, tuple(tuple(t.tolist()) for t in self._ticks), self.xlabel, self.ylabel, self.zlabel,
               self.camera, tuple(self.aspect), self.tick_size, self.label_size)
        if len(_LAYOUTS) > 64:
            _LAYOUTS.clear()
        if key not in _LAYOUTS:
            _LAYOUTS[key] = self._layout()
        self._labels, self._tick_marks = _LAYOUTS[key]
        fit_key = (*key, self.width, self.height)
        if fit_key not in _LAYOUTS:
            _LAYOUTS[fit_key] = self._fit(self._labels)
        self._scale, (left, top, right, bottom) = _LAYOUTS[fit_key]
        self._ox = self.x + (self.width - (right - left)) / 2 - left
        self._oy = self.y + (self.height - (bottom - top)) / 2 - top
        self.bounds = (self._ox + left, self._oy + top, self._ox + right, self._oy + bottom)

    # -- coordinates ----------------------------------------------------------------------------

    def _box(self, x: ArrayLike, y: ArrayLike, z: ArrayLike) -> NDArray[np.float64]:
        """Data → box coordinates (centred on 0, proportions ``aspect``), shape (..., 3)."""
        out = []
        for value, (lo, hi), a in zip((x, y, z), (self.xlim, self.ylim, self.zlim), self.aspect, strict=True):
            out.append((np.asarray(value, dtype=np.float64) - (lo + hi) / 2) / (hi - lo) * a)
        return np.stack(np.broadcast_arrays(*out), axis=-1)

    def _unscaled(self, x: ArrayLike, y: ArrayLike, z: ArrayLike) -> NDArray[np.float64]:
        """Canvas offset (right, down) at scale 1 from the box centre, shape (..., 2)."""
        p = self._box(x, y, z)
        return np.stack([p @ self._right, -(p @ self._up)], axis=-1)

    def project(self, x: ArrayLike, y: ArrayLike, z: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Data (x, y, z) → canvas (x, y)."""
        s = self._unscaled(x, y, z)
        return self._ox + self._scale * s[..., 0], self._oy + self._scale * s[..., 1]

    def depth(self, x: ArrayLike, y: ArrayLike, z: ArrayLike) -> NDArray[np.float64]:
        """Distance towards the viewer (larger is nearer), in box units."""
        return self._box(x, y, z) @ self._toward

    def _screen_dir(self, vector: Sequence[float]) -> tuple[float, float]:
        """Unit canvas direction of a box-space direction."""
        v = np.asarray(vector, dtype=np.float64)
        d = np.array([v @ self._right, -(v @ self._up)])
        d /= np.linalg.norm(d)
        return float(d[0]), float(d[1])

    # -- layout of ticks and labels --------------------------------------------------------------

    def _axis_edges(self) -> list[tuple[NDArray[np.float64], NDArray[np.float64], tuple[float, float, float]]]:
        """For x, y, z: the two data end points of the tick edge and its outward box direction."""
        (x0, x1), (y0, y1), (z0, z1) = self.xlim, self.ylim, self.zlim
        fx, fy, floor = self._front[0], self._front[1], self._back[2]
        cx, cy = self._zcorner

        def sign(v: float, lim: tuple[float, float]) -> float:
            return 1.0 if v == lim[1] else -1.0

        down = 0.8 * sign(floor, self.zlim)  # x and y labels sit out from and below the floor's edges
        return [
            (np.array([x0, fy, floor]), np.array([x1, fy, floor]), (0.0, sign(fy, self.ylim), down)),
            (np.array([fx, y0, floor]), np.array([fx, y1, floor]), (sign(fx, self.xlim), 0.0, down)),
            (np.array([cx, cy, z0]), np.array([cx, cy, z1]), (sign(cx, self.xlim), sign(cy, self.ylim), 0.0)),
        ]

    def _layout(self) -> tuple[list[_Label], list[tuple[tuple[float, float], tuple[float, float]]]]:
        """Tick labels, axis labels and tick marks as (anchor at scale 1, offset in units)."""
        gap, tick_len = 4.0, 4.0
        labels: list[_Label] = []
        marks: list[tuple[tuple[float, float], tuple[float, float]]] = []
        names = (self.xlabel, self.ylabel, self.zlabel)
        for axis, (start, end, outward) in enumerate(self._axis_edges()):
            dx, dy = self._screen_dir(outward)
            ticks = self._ticks[axis]
            placed: list[_Label] = []
            points = np.repeat(start[None, :], len(ticks), axis=0)
            points[:, axis] = ticks
            anchors = self._unscaled(points[:, 0], points[:, 1], points[:, 2]).tolist()
            for anchor, text in zip(anchors, tick_labels(ticks), strict=True):
                w, h = text_width(text, self.tick_size), self.tick_size * 0.8
                reach = gap + tick_len + abs(dx) * w / 2 + abs(dy) * h / 2
                at = (float(anchor[0]), float(anchor[1]))
                placed.append(_Label(text, self.tick_size, at, (dx * reach, dy * reach)))
                marks.append((at, (dx * tick_len, dy * tick_len)))
            labels.extend(placed)
            if names[axis] is None:
                continue
            a, b = self._unscaled(*start), self._unscaled(*end)
            t = (b - a) / np.linalg.norm(b - a)
            n = np.array([-t[1], t[0]])
            if n @ np.array([dx, dy]) < 0:
                n = -n
            # clear the tick labels along the edge's normal
            clear = max(
                float(np.dot(lab.offset, n)) + text_width(lab.text, lab.size) / 2 * abs(n[0])
                + lab.size * 0.4 * abs(n[1])
                for lab in placed
            ) if placed else gap + tick_len
            reach = clear + 2.0 + self.label_size * 0.45
            angle = math.degrees(math.atan2(t[1], t[0]))
            if angle > 90.0:
                angle -= 180.0
            elif angle <= -90.0:
                angle += 180.0
            mid = (a + b) / 2
            labels.append(_Label(str(names[axis]), self.label_size, (float(mid[0]), float(mid[1])),
                                 (float(n[0] * reach), float(n[1] * reach)), angle))
        return labels, marks

    def _fit(self, labels: list[_Label]) -> tuple[float, tuple[float, float, float, float]]:
        """The largest scale at which box and labels fit the panel, and their extent (left, top,
        right, bottom) at that scale around the box centre.

        Each item (box corner or label) spans ``scale × anchor + offset ± half`` on each axis, so
        the total width and height are convex, piecewise-linear, increasing functions of the
        scale: Newton's method from above (the scale of the bare box) finds where they fit."""
        corners = self._unscaled(*np.meshgrid(self.xlim, self.ylim, self.zlim, indexing="ij")).reshape(-1, 2)
        anchor = np.concatenate([corners, np.array([lab.anchor for lab in labels]).reshape(-1, 2)])
        offset = np.concatenate([np.zeros_like(corners), np.array([lab.offset for lab in labels]).reshape(-1, 2)])
        half = np.concatenate([np.zeros_like(corners), np.array([lab.half_extent() for lab in labels]).reshape(-1, 2)])
        room = np.array([self.width, self.height])

        def extent(scale: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
            centre = anchor * scale + offset
            return centre - half, centre + half

        span = corners.max(axis=0) - corners.min(axis=0)
        scale = float(np.min(room / span))
        for _ in range(50):
            low, high = extent(scale)
            first, last = low.argmin(axis=0), high.argmax(axis=0)  # the items at the edges, per axis
            size = high[last, [0, 1]] - low[first, [0, 1]]
            if np.all(size <= room + 1e-9):
                break
            slope = anchor[last, [0, 1]] - anchor[first, [0, 1]]
            scale = float(np.min(np.where(size > room, scale - (size - room) / np.maximum(slope, 1e-12), scale)))
            if scale <= 0.0:  # the labels alone are too big for the panel
                scale = 0.0
                break
        low, high = extent(scale)
        left, top = low.min(axis=0).tolist()
        right, bottom = high.max(axis=0).tolist()
        return scale, (left, top, right, bottom)

    # -- surfaces -------------------------------------------------------------------------------

    def surface(self, xs: ArrayLike, ys: ArrayLike, z: ArrayLike, color: str) -> None:
        """Add the surface ``z[i, j]`` over (``xs[j]``, ``ys[i]``) (increasing ``xs`` and ``ys``),
        to be drawn by `draw` as shaded faces of ``color`` (``#rrggbb``)."""
        xv = np.asarray(xs, dtype=np.float64).ravel()
        yv = np.asarray(ys, dtype=np.float64).ravel()
        zv = np.asarray(z, dtype=np.float64)
        if xv.size < 2 or yv.size < 2 or zv.shape != (yv.size, xv.size):
            raise ValueError(f"z must have shape (len(ys), len(xs)) with both ≥ 2, got {zv.shape}")
        if not (np.all(np.diff(xv) > 0) and np.all(np.diff(yv) > 0)):
            raise ValueError("xs and ys must be increasing")
        if not np.all(np.isfinite(zv)):
            raise ValueError("z must be finite")
        hex_to_rgb(color)
        self._surfaces.append(_Surface(xv, yv, zv, color))

    def _shade(self, normal: NDArray[np.float64]) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Shade level (brightness × `SHADE_LEVELS`) and facing (unit normal · toward the viewer)
        of box-space normals (..., 3); the side turned to the viewer is the one lit."""
        unit = normal / np.linalg.norm(normal, axis=-1, keepdims=True)
        facing = unit @ self._toward
        seen = np.where(facing[..., None] < 0, -unit, unit)
        lambert = np.clip(np.round(seen @ self._light, 9), 0.0, 1.0)
        return np.round((AMBIENT + DIFFUSE * lambert) * SHADE_LEVELS).astype(np.int64), facing

    def _plane_normals(self, a: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
        """Box-space upward normals of the planes z = a x + b y + c (data units)."""
        kx, ky, kz = (s / (hi - lo) for s, (lo, hi) in zip(self.aspect, (self.xlim, self.ylim, self.zlim), strict=True))
        av, bv = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        return np.stack([-av * kz / kx, -bv * kz / ky, np.ones_like(av)], axis=-1)

    def _faces(self, surf: _Surface) -> _Faces:
        """Cut one surface into convex faces: runs of coplanar quads along a row become one strip;
        a quad that a fold crosses is cut along it when two neighbouring planes explain its
        corners, else kept whole.

        For a height field seen from above, painting the grid's rows from the farthest to the
        nearest, and each row from its far end, is a correct back-to-front order: a ray from the
        eye meets rows and columns in the order of their distance."""
        xs, ys, z = surf.xs, surf.ys, surf.z
        gx, gy = np.meshgrid(xs, ys)
        sx, sy = self.project(gx, gy, z)
        grid = np.stack([sx, sy], axis=-1)
        tol = 1e-9 * (1.0 + float(np.abs(z).max()))
        x0, x1 = xs[None, :-1], xs[None, 1:]
        y0, y1 = ys[:-1, None], ys[1:, None]
        z00, z01, z10, z11 = z[:-1, :-1], z[:-1, 1:], z[1:, :-1], z[1:, 1:]
        planar = np.abs(z00 + z11 - z01 - z10) <= tol
        a = (z01 - z00) / (x1 - x0)
        b = (z10 - z00) / (y1 - y0)
        c = z00 - a * x0 - b * y0
        level, facing = self._shade(self._plane_normals(a, b))
        hx, hy = float(self._toward[0]), float(self._toward[1])
        near_col = 1 if hx >= 0 else -1  # the column index grows towards the viewer (or away)
        near_row = 1 if hy >= 0 else -1
        rows, cols = a.shape

        # plane of each planar quad, as an integer id; -1 elsewhere
        scale = 1.0 + float(np.abs(z).max())
        plane_id = np.full(a.shape, -1, dtype=np.int64)
        coefficients = np.stack([a, b, c], axis=-1)[planar]
        params = np.zeros((0, 3))  # (a, b, c) of each plane id
        if coefficients.size:
            rounded = np.round(coefficients / scale, 9)
            by_plane = np.lexsort(rounded.T[::-1])
            new = np.ones(len(by_plane), dtype=bool)
            new[1:] = np.any(rounded[by_plane[1:]] != rounded[by_plane[:-1]], axis=1)
            group = np.empty(len(by_plane), dtype=np.int64)
            group[by_plane] = np.cumsum(new) - 1
            plane_id[planar] = group
            params = coefficients[by_plane[new]]

        polygons: list[NDArray[np.float64]] = []
        counts: list[NDArray[np.int64]] = []
        levels: list[NDArray[np.int64]] = []
        backs: list[NDArray[np.bool_]] = []
        sort_keys: list[NDArray[np.float64]] = []  # (n, 3): row, column, within a cell
        strips: list[NDArray[np.int64]] = []
        depths: list[NDArray[np.float64]] = []
        plane_ids: list[NDArray[np.int64]] = []

        # strips: runs of one plane along each row
        change = np.ones((rows, cols), dtype=bool)
        change[:, 1:] = plane_id[:, 1:] != plane_id[:, :-1]
        si, sj = np.nonzero(change & (plane_id >= 0))
        ends = np.ones((rows, cols), dtype=bool)
        ends[:, :-1] = plane_id[:, :-1] != plane_id[:, 1:]
        ei, ej = np.nonzero(ends & (plane_id >= 0))
        if si.size:
            corners = np.stack([grid[si, sj], grid[si, ej + 1], grid[si + 1, ej + 1], grid[si + 1, sj],
                                grid[si + 1, sj]], axis=1)
            polygons.append(corners)
            counts.append(np.full(si.size, 4))
            levels.append(level[si, sj])
            backs.append(facing[si, sj] <= 0.0)
            sort_keys.append(np.stack([si * near_row, (sj if near_col > 0 else -ej), 0.0 * si], axis=-1))
            strips.append(np.stack([si, sj, ej], axis=-1))
            plane_ids.append(plane_id[si, sj])
            mid_x, mid_y = (xs[sj] + xs[ej + 1]) / 2, (ys[si] + ys[si + 1]) / 2
            depths.append(self.depth(mid_x, mid_y, a[si, sj] * mid_x + b[si, sj] * mid_y + c[si, sj]))

        # the other quads: cut along a fold, or whole
        whole_i, whole_j = np.nonzero(~planar)
        pieces = self._fold_pieces(xs, ys, z, plane_id, params, tol)
        if pieces is not None:
            cell_i, cell_j, points, sizes, piece_plane, cut = pieces
            keep = np.ones(whole_i.size, dtype=bool)
            keep[cut] = False
            whole_i, whole_j = whole_i[keep], whole_j[keep]
            planes = params[piece_plane]
            px, py = points[..., 0], points[..., 1]
            pz = planes[:, 0:1] * px + planes[:, 1:2] * py + planes[:, 2:3]
            qx, qy = self.project(px, py, pz)
            polygons.append(np.stack([qx, qy], axis=-1))
            counts.append(sizes)
            lev, fac = self._shade(self._plane_normals(planes[:, 0], planes[:, 1]))
            levels.append(lev)
            backs.append(fac <= 0.0)
            used = np.arange(_MAX_CORNERS)[None, :] < sizes[:, None]
            mx, my, mz = ((v * used).sum(axis=1) / sizes for v in (px, py, pz))
            sort_keys.append(np.stack([cell_i * near_row, cell_j * near_col, mx * hx + my * hy], axis=-1))
            strips.append(np.stack([np.full(cell_i.size, -1), cell_j, cell_j], axis=-1))
            plane_ids.append(piece_plane)
            depths.append(self.depth(mx, my, mz))
        whole = list(zip(whole_i.tolist(), whole_j.tolist(), strict=True))
        if whole:
            wi, wj = np.array(whole).T
            p = self._box(gx, gy, z)
            qa, qb, qc, qd = p[wi, wj], p[wi, wj + 1], p[wi + 1, wj + 1], p[wi + 1, wj]

            def upward(v: NDArray[np.float64]) -> NDArray[np.float64]:
                return np.where(v[..., 2:3] < 0, -v, v)

            lev, _ = self._shade(upward(_cross(qc - qa, qd - qb)))
            corner_facing = np.stack([upward(_cross(q1 - q0, q2 - q0)) @ self._toward for q0, q1, q2 in
                                      ((qa, qb, qd), (qb, qc, qa), (qc, qd, qb), (qd, qa, qc))])
            polygons.append(np.stack([grid[wi, wj], grid[wi, wj + 1], grid[wi + 1, wj + 1], grid[wi + 1, wj],
                                      grid[wi + 1, wj]], axis=1))
            counts.append(np.full(wi.size, 4))
            levels.append(lev)
            backs.append(np.any(corner_facing <= 0.0, axis=0))  # a fold may hide in it
            sort_keys.append(np.stack([wi * near_row, wj * near_col, 0.0 * wi], axis=-1))
            strips.append(np.stack([np.full(wi.size, -1), wj, wj], axis=-1))
            plane_ids.append(-1 - np.arange(wi.size))
            depths.append(((qa + qb + qc + qd) / 4) @ self._toward)
        order_keys = np.concatenate(sort_keys).astype(np.float64)
        order = np.lexsort((order_keys[:, 2], order_keys[:, 1], order_keys[:, 0]))
        return _Faces(
            grid=grid, surface=surf, polygons=np.concatenate(polygons), counts=np.concatenate(counts),
            level=np.concatenate(levels), back=np.concatenate(backs), order=order,
            strips=np.concatenate(strips), depth=np.concatenate(depths), plane=np.concatenate(plane_ids),
        )

    @staticmethod
    def _fold_pieces(
        xs: NDArray[np.float64], ys: NDArray[np.float64], z: NDArray[np.float64],
        plane_id: NDArray[np.int64], params: NDArray[np.float64], tol: float,
    ) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64], NDArray[np.int64], NDArray[np.int64],
               NDArray[np.intp]] | None:
        """Cut the non-planar quads (``plane_id < 0``) that a single fold crosses: where the
        corners lie on max(P, Q) or on min(P, Q) of two planes P, Q of the neighbouring quads
        (first such pair in id order) and the line P = Q cuts the quad, the quad becomes two
        pieces along it. Returns per piece its cell (row, column), corners (x, y) padded to
        `_MAX_CORNERS`, corner count and plane id, and the positions (among the non-planar
        quads in row-major order) of the quads cut; None when no quad is cut.

        Examples
        --------
        A fold along x + y = 2.5 between the planes z = 0 (id 0) and z = x + y − 2.5 (id 1):

        >>> xs = ys = np.arange(4.0)
        >>> z = np.maximum(0.0, xs[None, :] + ys[:, None] - 2.5)
        >>> plane_id = np.array([[0, -1, -1], [-1, -1, 1], [-1, 1, 1]])
        >>> params = np.array([[0.0, 0.0, 0.0], [1.0, 1.0, -2.5]])
        >>> rows, cols, points, sizes, planes, cut = Axes3D._fold_pieces(xs, ys, z, plane_id, params, 1e-9)
        >>> cut.tolist(), sizes.tolist(), planes.tolist()
        ([0, 2, 3], [5, 5, 3, 3, 3, 5], [0, 0, 0, 1, 1, 1])
        >>> points[0].tolist()  # the piece of quad (0, 1) on z = 0
        [[1.0, 0.0], [2.0, 0.0], [2.0, 0.5], [1.5, 1.0], [1.0, 1.0]]
        """
        rows, cols = plane_id.shape
        fi, fj = np.nonzero(plane_id < 0)
        if not fi.size or not len(params):
            return None
        padded = np.pad(plane_id, 1, constant_values=-1)
        near = np.stack([padded[di:di + rows, dj:dj + cols] for di in range(3) for dj in range(3)], axis=-1)[fi, fj]
        near = np.sort(near, axis=1)
        near[:, 1:][near[:, 1:] == near[:, :-1]] = -1  # each plane once
        first, second = np.triu_indices(9, 1)
        pp, qq = near[:, first], near[:, second]  # (folds, 36) candidate pairs, in id order
        cell, combo = np.nonzero((pp >= 0) & (qq >= 0))
        if not cell.size:
            return None
        p_id, q_id = pp[cell, combo], qq[cell, combo]
        i, j = fi[cell], fj[cell]
        cx = np.stack([xs[j], xs[j + 1], xs[j + 1], xs[j]], axis=1)
        cy = np.stack([ys[i], ys[i], ys[i + 1], ys[i + 1]], axis=1)
        cz = np.stack([z[i, j], z[i, j + 1], z[i + 1, j + 1], z[i + 1, j]], axis=1)
        on_p = params[p_id, 0:1] * cx + params[p_id, 1:2] * cy + params[p_id, 2:3]
        on_q = params[q_id, 0:1] * cx + params[q_id, 1:2] * cy + params[q_id, 2:3]
        diff = on_p - on_q
        crosses = (diff.max(axis=1) > tol) & (diff.min(axis=1) < -tol)
        upper = np.all(np.abs(cz - np.maximum(on_p, on_q)) <= tol, axis=1)
        lower = np.all(np.abs(cz - np.minimum(on_p, on_q)) <= tol, axis=1)
        good = np.flatnonzero(crosses & (upper | lower))
        if not good.size:
            return None
        first_good = np.ones(good.size, dtype=bool)  # good is sorted by quad: keep each quad's first
        first_good[1:] = cell[good[1:]] != cell[good[:-1]]
        pick = good[first_good]  # one pair per quad
        sign = np.where(upper[pick], 1.0, -1.0)[:, None]
        corners = np.stack([cx[pick], cy[pick]], axis=-1)  # (cut, 4, 2)
        following = np.roll(corners, -1, axis=1)
        out_points, out_sizes, out_plane = [], [], []
        for plane, values in ((p_id[pick], sign * diff[pick]), (q_id[pick], -sign * diff[pick])):
            nxt = np.roll(values, -1, axis=1)
            t = np.where(values != nxt, values / np.where(values != nxt, values - nxt, 1.0), 0.0)
            crossing = corners + t[..., None] * (following - corners)
            slots = np.stack([corners, crossing], axis=2).reshape(-1, 8, 2)
            sign_change = ((values > 0) & (nxt < 0)) | ((values < 0) & (nxt > 0))
            mask = np.stack([values >= 0, sign_change], axis=2).reshape(-1, 8)
            order = np.argsort(~mask, axis=1, kind="stable")[:, :_MAX_CORNERS]
            size = mask.sum(axis=1)
            order = np.where(np.arange(_MAX_CORNERS)[None, :] < size[:, None], order,
                             np.take_along_axis(order, size[:, None] - 1, axis=1))
            out_points.append(np.take_along_axis(slots, order[..., None], axis=1))
            out_sizes.append(size)
            out_plane.append(plane)
        cut_cells = cell[pick]
        return (np.concatenate([fi[cut_cells]] * 2), np.concatenate([fj[cut_cells]] * 2),
                np.concatenate(out_points), np.concatenate(out_sizes), np.concatenate(out_plane), cut_cells)

    def _fill(self, d: str, color: str) -> None:
        # a stroke in the fill colour closes the hairline seams anti-aliasing leaves between faces
        self.canvas.path(d, fill=color, stroke=color, width=FACE_STROKE, linejoin="round")

    @staticmethod
    def _palette(color: str) -> list[str]:
        return _palette(color)

    def _draw_height_field(self, f: _Faces) -> None:
        """Paint one surface. A height field overlaps itself on the canvas only where it folds
        away from the viewer, so faces that overlap no back-facing face of another colour can be
        painted first, in any order (the order of two overlapping faces of one colour does not
        show): merged by colour, strips into staircase polygons. The rest are painted back to
        front in layers: a face goes one layer above every earlier face of another colour that
        it overlaps (and no lower than those of its own colour), and each layer paints one path
        per colour."""
        palette = self._palette(f.surface.color)
        n = len(f.level)
        lo, hi = f.polygons.min(axis=1), f.polygons.max(axis=1)
        contested = np.zeros(n, dtype=bool)
        backs = np.flatnonzero(f.back)
        shapes = _Convex(f.polygons)
        back_pairs = (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp))
        if backs.size:
            i, k = _box_pairs(lo, hi, lo[backs], hi[backs])
            other = backs[k]
            keep = f.plane[i] != f.plane[other]  # a plane never overlaps itself
            i, other = i[keep], other[keep]
            hit = shapes.overlap(i, other)
            back_pairs = (i[hit], other[hit])  # every overlap that involves a back face
            contested[back_pairs[0]] = True
            contested[back_pairs[1]] = True

        # faces nothing overlaps: strips merged into staircases, the others added to their colour
        rows, cols = (s - 1 for s in f.grid.shape[:2])
        grid_level = np.full((rows, cols), -1, dtype=np.int64)
        free_strips = np.flatnonzero(~contested & (f.strips[:, 0] >= 0))
        for k, (r, j0, j1) in zip(free_strips.tolist(), f.strips[free_strips].tolist(), strict=True):
            grid_level[r, j0:j1 + 1] = f.level[k]
        by_level = self._staircases(f, grid_level)
        rest = np.flatnonzero(~contested & (f.strips[:, 0] < 0))
        for k, d in zip(rest.tolist(), _polygons_data(f.polygons[rest], f.counts[rest]), strict=True):
            by_level.setdefault(int(f.level[k]), []).append(d)
        # the others: back to front, in layers (the free faces join layer 0)
        groups: dict[tuple[int, int], list[str]] = {(0, lev): paths for lev, paths in by_level.items()}
        order = f.order[contested[f.order]]
        if not order.size:
            for lay, lev in sorted(groups):
                self._fill("".join(groups[(lay, lev)]), palette[lev])
            return
        # Only the overlaps with a back face are needed: where two front faces overlap, the
        # nearer one hides a back face that overlaps both and lies between them in the painting
        # order, so the layers of that chain already put the nearer one on top.
        position = np.full(n, -1)
        position[order] = np.arange(order.size)
        pa, pb = position[back_pairs[0]], position[back_pairs[1]]
        earlier: list[list[int]] = [[] for _ in order]
        for a, b in sorted(set(zip(np.minimum(pa, pb).tolist(), np.maximum(pa, pb).tolist(), strict=True))):
            earlier[b].append(a)
        levels = f.level[order].tolist()
        layer = [0] * len(order)
        for b in range(len(order)):
            for a in earlier[b]:
                layer[b] = max(layer[b], layer[a] + (levels[a] != levels[b]))
        data = _polygons_data(f.polygons[order], f.counts[order])
        for b in range(len(order)):
            groups.setdefault((layer[b], levels[b]), []).append(data[b])
        for lay, lev in sorted(groups):
            self._fill("".join(groups[(lay, lev)]), palette[lev])

    def _draw_sorted(self, faces: list[_Faces]) -> None:
        """Paint several surfaces: every face on its own, sorted by depth (consecutive faces of
        one colour share a path)."""
        items: list[tuple[float, str, str]] = []
        for f in faces:
            palette = self._palette(f.surface.color)
            data = _polygons_data(f.polygons, f.counts)
            items.extend(zip(f.depth.tolist(), (palette[v] for v in f.level.tolist()), data, strict=True))
        items.sort(key=lambda item: item[0])
        run: list[str] = []
        current = ""
        for _, color, d in items:
            if color != current and run:
                self._fill("".join(run), current)
                run = []
            current = color
            run.append(d)
        if run:
            self._fill("".join(run), current)

    def _staircases(self, f: _Faces, level: NDArray[np.int64]) -> dict[int, list[str]]:
        """Path data per shade level of the quads with ``level >= 0``, merged into staircase
        polygons: runs of one level along a row, chained over consecutive rows while each run
        overlaps exactly one run of the next row. Boundary points where the surface runs
        straight on are dropped."""
        z, xs, ys, grid = f.surface.z, f.surface.xs, f.surface.ys, f.grid
        rows, cols = level.shape
        tol = 1e-9 * (1.0 + float(np.abs(z).max()))
        slope_x = np.diff(z, axis=1) / np.diff(xs)[None, :]
        slope_y = np.diff(z, axis=0) / np.diff(ys)[:, None]
        straight_row = np.zeros(z.shape, dtype=bool)
        straight_col = np.zeros(z.shape, dtype=bool)
        straight_row[:, 1:-1] = np.abs(np.diff(slope_x, axis=1)) * (xs[-1] - xs[0]) <= tol
        straight_col[1:-1, :] = np.abs(np.diff(slope_y, axis=0)) * (ys[-1] - ys[0]) <= tol

        start = np.ones((rows, cols), dtype=bool)
        start[:, 1:] = level[:, 1:] != level[:, :-1]
        end = np.ones((rows, cols), dtype=bool)
        end[:, :-1] = level[:, :-1] != level[:, 1:]
        si, sj = np.nonzero(start & (level >= 0))
        _, ej = np.nonzero(end & (level >= 0))
        row_runs: list[list[tuple[int, int, int]]] = [[] for _ in range(rows)]
        for i, lev, j0, j1 in zip(si.tolist(), level[si, sj].tolist(), sj.tolist(), ej.tolist(), strict=True):
            row_runs[i].append((lev, j0, j1))

        chains: list[tuple[int, list[tuple[int, int, int]], int]] = []  # (level, runs, first row)
        open_runs: dict[tuple[int, int, int], int] = {}
        for i, runs in enumerate(row_runs):
            next_open: dict[tuple[int, int, int], int] = {}
            for run in runs:
                lev, j0, j1 = run
                above = [r for r in open_runs if r[0] == lev and r[1] <= j1 and j0 <= r[2]]
                below = [] if len(above) != 1 else [
                    r for r in runs if r[0] == lev and above[0][1] <= r[2] and r[1] <= above[0][2]]
                if len(above) == 1 and len(below) == 1:
                    k = open_runs[above[0]]
                    chains[k][1].append(run)
                else:
                    k = len(chains)
                    chains.append((lev, [run], i))
                next_open[run] = k
            open_runs = next_open

        outlines: list[NDArray[np.intp]] = []
        for lev, runs, first in chains:
            outline = np.array(_staircase(runs, first))
            r, c = outline[:, 0], outline[:, 1]
            before = np.arange(-1, len(r) - 1)
            after = np.arange(1, len(r) + 1) % len(r)
            pr, pc, nr, nc = r[before], c[before], r[after], c[after]
            through_row = (pr == r) & (nr == r) & ((pc - c) * (nc - c) < 0) & straight_row[r, c]
            through_col = (pc == c) & (nc == c) & ((pr - r) * (nr - r) < 0) & straight_col[r, c]
            outlines.append(outline[~(through_row | through_col)])
        by_level: dict[int, list[str]] = {}
        if outlines:
            idx = np.concatenate(outlines)
            data = _ragged_data(grid[idx[:, 0], idx[:, 1]], [len(o) for o in outlines])
            for (lev, _, _), d in zip(chains, data, strict=True):
                by_level.setdefault(lev, []).append(d)
        return by_level

    # -- drawing ---------------------------------------------------------------------------------

    def _panes(self) -> None:
        c = self.canvas
        (x0, x1), (y0, y1), (z0, z1) = self.xlim, self.ylim, self.zlim
        bx, by, bz = self._back
        panes = (
            ([bx] * 4, [y0, y1, y1, y0], [z0, z0, z1, z1]),
            ([x0, x1, x1, x0], [by] * 4, [z0, z0, z1, z1]),
            ([x0, x1, x1, x0], [y0, y0, y1, y1], [bz] * 4),
        )
        for (px, py, pz), fill in zip(panes, PANE_COLORS, strict=True):
            sx, sy = self.project(px, py, pz)
            c.path(_polygon_data(np.stack([sx, sy], axis=-1)), fill=fill, stroke=PANE_EDGE, width=0.8,
                   linejoin="round")
        xt, yt, zt = self._ticks
        segments = []
        for t in yt:
            segments += [((bx, t, z0), (bx, t, z1)), ((x0, t, bz), (x1, t, bz))]
        for t in xt:
            segments += [((t, by, z0), (t, by, z1)), ((t, y0, bz), (t, y1, bz))]
        for t in zt:
            segments += [((bx, y0, t), (bx, y1, t)), ((x0, by, t), (x1, by, t))]
        ends = np.array(segments)  # (n, 2, 3)
        sx, sy = self.project(ends[..., 0], ends[..., 1], ends[..., 2])
        c.path("".join(f"M{num(a)} {num(b)}L{num(p)} {num(q)}" for a, b, p, q in
                       zip(sx[:, 0], sy[:, 0], sx[:, 1], sy[:, 1], strict=True)), stroke=GRID_COLOR, width=0.8)

    def _axes(self) -> None:
        c = self.canvas
        d = []
        for start, end, _ in self._axis_edges():
            sx, sy = self.project(*np.stack([start, end], axis=1))
            d.append(f"M{num(sx[0])} {num(sy[0])}L{num(sx[1])} {num(sy[1])}")
        for (ax_, ay_), (dx, dy) in self._tick_marks:
            x0, y0 = self._ox + self._scale * ax_, self._oy + self._scale * ay_
            d.append(f"M{num(x0)} {num(y0)}l{num(dx)} {num(dy)}")
        c.path("".join(d), stroke=AXIS_COLOR, width=1.0, linecap="round")
        for lab in self._labels:
            cx = self._ox + self._scale * lab.anchor[0] + lab.offset[0]
            cy = self._oy + self._scale * lab.anchor[1] + lab.offset[1]
            c.text(cx, cy, lab.text, size=lab.size, anchor="middle", valign="middle",
                   rotate=lab.rotate if abs(lab.rotate) > 0.05 else None)

    def draw(self) -> None:
        """Paint panes and grid, the surfaces back to front, then axis lines, ticks and labels."""
        self._panes()
        faces = [self._faces(s) for s in self._surfaces]
        if len(faces) == 1:
            self._draw_height_field(faces[0])
        elif faces:
            self._draw_sorted(faces)
        self._axes()
