"""The SVG drawing layer behind every figure (``crossentropy.figures._canvas``).

Oracles, stated per test: exact circles (contour lines of x² + y²), the PNG specification
(decoded here with zlib and struct, independently of the encoder), the arithmetic of the
data-to-canvas mapping, and the tick rules (round steps of 1, 2 or 5 × 10^k inside the range).
"""

from __future__ import annotations

import base64
import math
import re
import struct
import zlib

import numpy as np
import pytest

from crossentropy.figures._canvas import (
    Axes,
    Canvas,
    contour_segments,
    nice_ticks,
    num,
    path_data,
    png_data_uri,
    rich_text,
    tick_labels,
)


def test_contour_of_a_paraboloid_lies_on_its_circle():
    """Oracle: the level set x² + y² = r² is the circle of radius r; linear interpolation on a
    0.02 grid puts every segment end within 1e-3 of it, and the segments go all the way round."""
    axis = np.linspace(-1.0, 1.0, 101)
    z = axis[None, :] ** 2 + axis[:, None] ** 2
    for radius in (0.3, 0.55, 0.9):
        segments = contour_segments(axis, axis, z, radius**2)
        ends = np.array(segments).reshape(-1, 2)
        assert np.abs(np.hypot(ends[:, 0], ends[:, 1]) - radius).max() < 1e-3
        angles = np.sort(np.arctan2(ends[:, 1], ends[:, 0]))
        assert np.diff(angles).max() < 0.1  # no gap in the ring
        length = sum(math.hypot(x1 - x0, y1 - y0) for x0, y0, x1, y1 in segments)
        assert length == pytest.approx(2 * math.pi * radius, rel=2e-3)


def test_contour_saddle_cells_keep_the_lines_apart():
    """Oracle: z = x·y has the level set of 0.01 on two hyperbola branches in opposite
    quadrants; no segment may cross between them (both ends in the same quadrant)."""
    axis = np.linspace(-1.0, 1.0, 41)
    z = axis[None, :] * axis[:, None]
    for x0, y0, x1, y1 in contour_segments(axis, axis, z, 0.01):
        assert np.sign(x0) == np.sign(x1) and np.sign(y0) == np.sign(y1)
        assert x0 * y0 == pytest.approx(0.01, abs=2e-3)


def test_contour_rejects_a_misshapen_grid():
    with pytest.raises(ValueError, match="z must have shape"):
        contour_segments([0, 1, 2], [0, 1], np.zeros((3, 2)), 0.5)


def test_png_decodes_to_the_same_pixels():
    """Oracle: the PNG format (signature, IHDR, zlib-compressed rows with filter byte 0), parsed
    here without the encoder's code."""
    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, size=(5, 7, 3), dtype=np.uint8)
    uri = png_data_uri(pixels)
    assert uri.startswith("data:image/png;base64,")
    data = base64.b64decode(uri.split(",", 1)[1])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = {}, 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        chunks[kind] = body
        position += 12 + length
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (width, height, depth, colour) == (7, 5, 8, 2)
    raw = zlib.decompress(chunks[b"IDAT"])
    rows = [raw[r * (1 + 21) : (r + 1) * (1 + 21)] for r in range(5)]
    assert all(row[0] == 0 for row in rows)
    decoded = np.frombuffer(b"".join(row[1:] for row in rows), dtype=np.uint8).reshape(5, 7, 3)
    assert np.array_equal(decoded, pixels)
    assert png_data_uri(pixels) == uri  # deterministic


@pytest.mark.parametrize("bad", [np.zeros((2, 2), np.uint8), np.zeros((2, 2, 4), np.uint8), np.zeros((2, 2, 3))])
def test_png_rejects_what_is_not_rgb_bytes(bad):
    with pytest.raises(ValueError, match="rgb must be"):
        png_data_uri(bad)


def test_axes_map_data_linearly_with_y_up():
    """Oracle: the affine map sending xlim onto [x, x + width] and ylim onto [y + height, y]."""
    ax = Axes(Canvas(300, 200), 40, 20, 200, 150, xlim=(-2.0, 2.0), ylim=(0.0, 3.0))
    assert ax.sx([-2.0, 0.0, 2.0]).tolist() == [40.0, 140.0, 240.0]
    assert ax.sy([0.0, 1.5, 3.0]).tolist() == [170.0, 95.0, 20.0]
    with pytest.raises(ValueError, match="xlim"):
        Axes(Canvas(10, 10), 0, 0, 10, 10, xlim=(1.0, 1.0), ylim=(0.0, 1.0))


@pytest.mark.parametrize(("lo", "hi"), [(0, 1), (-2.3, 0.4), (0.001, 1), (-4, 4), (1.7, 2.8), (0, 150), (-1e-3, 2e-3)])
def test_nice_ticks_are_round_and_inside(lo, hi):
    """Oracle: the tick rules: evenly spaced by 1, 2 or 5 × 10^k, within [lo, hi], 3 to 9 of them."""
    ticks = nice_ticks(lo, hi)
    assert 3 <= ticks.size <= 9
    assert ticks[0] >= lo - 1e-12 and ticks[-1] <= hi + 1e-12
    steps = np.diff(ticks)
    assert np.allclose(steps, steps[0])
    mantissa = steps[0] / 10 ** math.floor(math.log10(steps[0]))
    assert min(abs(mantissa - m) for m in (1, 2, 5)) < 1e-9


def test_tick_labels_share_decimals_and_use_true_minus():
    assert tick_labels([-1.0, -0.5, 0.0, 0.5]) == ["\u22121.0", "\u22120.5", "0.0", "0.5"]
    assert tick_labels([0.0, 0.25, 0.5]) == ["0.00", "0.25", "0.50"]
    assert tick_labels([-0.0, 100.0]) == ["0", "100"]


def test_numbers_paths_and_text_markup():
    """Oracle: SVG syntax by hand: one decimal, NaN breaks a path, markup is escaped."""
    assert [num(v) for v in (0.04, -0.04, 2.25, -7.0)] == ["0", "0", "2.2", "-7"]
    assert path_data([0, 1, np.nan, 2], [0, 1, 1, 2]) == "M0 0L1 1M2 2"
    assert path_data([], []) == ""
    assert rich_text("<p_1>") == '&lt;p<tspan baseline-shift="sub" font-size="75%">1</tspan>&gt;'


def test_canvas_elements_and_errors():
    canvas = Canvas(100, 60)
    canvas.marker(10, 10, "D", 6, fill="#000")
    canvas.arrow(0, 0, 50, 0, stroke="#123456")
    clip = canvas.clip_rect(0, 0, 10, 10)
    assert re.fullmatch(r"url\(#clip\d+\)", clip)
    body = canvas.body()
    assert body.count("<path") == 3 and "<clipPath" in body
    with pytest.raises(ValueError, match="shape"):
        canvas.marker(0, 0, "x", fill="#000")
    with pytest.raises(ValueError, match="anchor"):
        canvas.text(0, 0, "a", anchor="left")
    with pytest.raises(ValueError, match="width"):
        Canvas(0, 10)
    ax = Axes(canvas, 10, 10, 80, 40, xlim=(0, 1), ylim=(0, 1))
    with pytest.raises(ValueError, match="corner"):
        ax.legend([("a", {"color": "#000"})], corner="middle")


def test_3d_axes_project_orthographically_from_the_camera():
    """Oracle: the geometry of an orthographic view (independent of how the axes fit the box):
    points on one line of sight project to the same screen point and differ only in depth; the
    up axis of the data points up the screen; parallel segments keep their length ratio."""
    from crossentropy.figures._axes3d import Axes3D, Camera

    camera = Camera(elev=26.0, azim=-58.0)
    ax = Axes3D(Canvas(240, 220), 0, 0, 240, 220, zlim=(0.0, 1.0), aspect=(1.0, 1.0, 1.0), camera=camera)
    right, up, toward = camera.basis()
    assert np.allclose([right @ up, right @ toward, up @ toward], 0.0)  # an orthonormal basis
    base = np.array([0.3, 0.6, 0.2])
    along = np.array([base + t * toward * 0.1 for t in (0.0, 1.0, 2.0)])
    sx, sy = ax.project(along[:, 0], along[:, 1], along[:, 2])
    assert np.allclose(sx, sx[0]) and np.allclose(sy, sy[0])
    depth = ax.depth(along[:, 0], along[:, 1], along[:, 2])
    assert depth[0] != depth[1] and np.all(np.diff(depth) * np.sign(depth[1] - depth[0]) > 0)
    sx, sy = ax.project([0.5, 0.5], [0.5, 0.5], [0.0, 1.0])
    assert sy[1] < sy[0]  # higher z is higher on the screen (smaller canvas y)
    a = np.hypot(*np.diff(ax.project([0.0, 0.2], [0.0, 0.1], [0.0, 0.3]), axis=1).ravel())
    b = np.hypot(*np.diff(ax.project([0.5, 0.9], [0.2, 0.4], [0.1, 0.7]), axis=1).ravel())
    assert b == pytest.approx(2 * a, rel=1e-9)
