"""A small SVG drawing surface and 2D axes for the figure builders.

The figures are drawn straight to SVG markup with numpy and string formatting: a page's figures
take milliseconds instead of the seconds a plotting library needs, the text stays real text
(selectable, searchable, crisp at any zoom, drawn in the reader's own sans-serif font), and the
output is deterministic by construction (no ids or dates to pin down).

Coordinates are SVG user units (1 unit = 1 CSS px at the figure's natural width), with y
growing downwards. Every number written is rounded to 0.1 unit.

`Canvas` holds the elements; `Axes` maps data coordinates onto a rectangle of a canvas and
draws ticks, labels, lines, markers, legends, images and contour lines in them.
"""

from __future__ import annotations

import base64
import html
import math
import re
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "Axes",
    "Canvas",
    "FONT_FAMILY",
    "TEXT_COLOR",
    "contour_lines",
    "contour_segments",
    "nice_ticks",
    "num",
    "png_data_uri",
    "rich_text",
]

#: The readers' own sans-serif system font: no web font is downloaded.
FONT_FAMILY = "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif"
TEXT_COLOR = "#1f1f1f"
AXIS_COLOR = "#444444"
GRID_COLOR = "#e3e3e3"
#: Rough advance width of an average character in em (sans-serif); used only to reserve room.
CHAR_WIDTH_EM = 0.56


def num(value: float) -> str:
    """A coordinate as SVG text: at most one decimal, no ``-0``, no trailing zeros.

    Examples
    --------
    >>> num(12.345), num(-0.04), num(3.0), num(-2.96)
    ('12.3', '0', '3', '-3')
    """
    text = f"{float(value):.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _points(xs: ArrayLike, ys: ArrayLike) -> list[str]:
    x = np.asarray(xs, dtype=np.float64).ravel()
    y = np.asarray(ys, dtype=np.float64).ravel()
    if x.shape != y.shape:
        raise ValueError(f"xs and ys must have the same length, got {x.size} and {y.size}")
    return [f"{num(a)} {num(b)}" for a, b in zip(x, y, strict=True)]


def path_data(xs: ArrayLike, ys: ArrayLike, *, closed: bool = False) -> str:
    """SVG path data joining the points with straight lines; NaN points break the line.

    Examples
    --------
    >>> path_data([0, 1, 2], [0, 1.25, 0])
    'M0 0L1 1.2L2 0'
    >>> path_data([0, 1, float("nan"), 3, 4], [0, 1, 0, 1, 0])
    'M0 0L1 1M3 1L4 0'
    >>> path_data([0, 1, 1], [0, 0, 1], closed=True)
    'M0 0L1 0L1 1Z'
    """
    x = np.asarray(xs, dtype=np.float64).ravel()
    y = np.asarray(ys, dtype=np.float64).ravel()
    parts: list[str] = []
    pen_down = False
    for a, b in zip(x, y, strict=True):
        if not (math.isfinite(a) and math.isfinite(b)):
            pen_down = False
            continue
        parts.append(("L" if pen_down else "M") + f"{num(a)} {num(b)}")
        pen_down = True
    if closed and parts:
        parts.append("Z")
    return "".join(parts)


_MARKUP_RE = re.compile(r"([_^])(\{[^{}]*\}|[^\s{}*])|\*([^*\s][^*]*)\*")


def rich_text(text: str) -> str:
    """Escape ``text`` for SVG; ``_x`` / ``_{xy}`` become subscripts, ``^{…}`` superscripts and
    ``*p*`` italics (a variable, as typeset mathematics sets it).

    Examples
    --------
    >>> rich_text("b_3 = −2 & up")
    'b<tspan baseline-shift="sub" font-size="75%">3</tspan> = −2 &amp; up'
    >>> rich_text("p_{Setosa}")
    'p<tspan baseline-shift="sub" font-size="75%">Setosa</tspan>'
    >>> rich_text("−ln *p*")
    '−ln <tspan font-style="italic">p</tspan>'
    """
    out: list[str] = []
    position = 0
    for match in _MARKUP_RE.finditer(text):
        out.append(html.escape(text[position : match.start()], quote=False))
        if match.group(3) is not None:
            out.append(f'<tspan font-style="italic">{rich_text(match.group(3))}</tspan>')
        else:
            shift = "sub" if match.group(1) == "_" else "super"
            body = match.group(2)
            if body.startswith("{"):
                body = body[1:-1]
            out.append(
                f'<tspan baseline-shift="{shift}" font-size="75%">{html.escape(body, quote=False)}</tspan>'
            )
        position = match.end()
    out.append(html.escape(text[position:], quote=False))
    return "".join(out)


def text_width(text: str, size: float) -> float:
    """Estimated width of ``text`` (markup removed) at font ``size``, for reserving room."""
    plain = _MARKUP_RE.sub(lambda m: m.group(3) if m.group(3) is not None else m.group(2).strip("{}"), text)
    return len(plain) * size * CHAR_WIDTH_EM


def _attrs(**attributes: object) -> str:
    out = []
    for key, value in attributes.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = num(value)
        out.append(f' {name}="{html.escape(str(value), quote=True)}"')
    return "".join(out)


def png_data_uri(rgb: ArrayLike) -> str:
    """A ``data:image/png;base64,…`` URI of an ``(rows, cols, 3)`` uint8 RGB array (row 0 on top).

    Deterministic: the same pixels always give the same text.

    Examples
    --------
    >>> uri = png_data_uri(np.zeros((2, 3, 3), dtype=np.uint8))
    >>> uri.startswith("data:image/png;base64,iVBORw0KGgo")
    True
    """
    pixels = np.asarray(rgb)
    if pixels.ndim != 3 or pixels.shape[2] != 3 or pixels.dtype != np.uint8:
        raise ValueError(f"rgb must be a (rows, cols, 3) uint8 array, got {pixels.dtype} {pixels.shape}")
    rows, cols, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[r].tobytes() for r in range(rows))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", cols, rows, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``"#0072B2"`` → ``(0, 114, 178)``."""
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if not re.fullmatch(r"[0-9a-fA-F]{6}", value):
        raise ValueError(f"color must be a #rrggbb hex colour, got {color!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def mix(color: str, other: str, t: float) -> str:
    """The colour ``t`` of the way from ``color`` to ``other`` (both ``#rrggbb``)."""
    a, b = hex_to_rgb(color), hex_to_rgb(other)
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))


@dataclass
class Canvas:
    """An SVG drawing of ``width`` × ``height`` user units; elements are drawn in call order.

    Examples
    --------
    >>> c = Canvas(100, 50)
    >>> c.line(0, 0, 100, 50, stroke="#000")
    >>> c.text(50, 25, "b_3", anchor="middle")
    >>> c.body()
    '<path d="M0 0L100 50" fill="none" stroke="#000" stroke-width="1"/><text x="50" y="25" text-anchor="middle">b<tspan baseline-shift="sub" font-size="75%">3</tspan></text>'
    """

    width: float
    height: float
    _parts: list[str] = field(default_factory=list, repr=False)
    _ids: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        for argument, value in (("width", self.width), ("height", self.height)):
            if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
                raise ValueError(f"{argument} must be a positive number, got {value!r}")

    # -- raw elements ------------------------------------------------------------------------

    def raw(self, markup: str) -> None:
        """Append trusted SVG markup."""
        self._parts.append(markup)

    def new_id(self, stem: str = "c") -> str:
        """A new element id, unique in this canvas (``render_figure`` prefixes it per figure)."""
        self._ids += 1
        return f"{stem}{self._ids}"

    def clip_rect(self, x: float, y: float, width: float, height: float) -> str:
        """Define a rectangular clip path; returns the value for a ``clip-path`` attribute."""
        ident = self.new_id("clip")
        self._parts.append(
            f'<clipPath id="{ident}"><rect{_attrs(x=float(x), y=float(y), width=float(width), height=float(height))}/></clipPath>'
        )
        return f"url(#{ident})"

    def path(
        self,
        d: str,
        *,
        fill: str = "none",
        stroke: str | None = None,
        width: float | None = None,
        dash: str | None = None,
        opacity: float | None = None,
        linejoin: str | None = None,
        linecap: str | None = None,
        clip: str | None = None,
    ) -> None:
        """A ``<path>`` with the given data (see `path_data`)."""
        if not d:
            return
        self._parts.append(
            f'<path d="{d}"'
            + _attrs(
                fill=fill,
                stroke=stroke,
                stroke_width=None if width is None else float(width),
                stroke_dasharray=dash,
                opacity=opacity,
                stroke_linejoin=linejoin,
                stroke_linecap=linecap,
                clip_path=clip,
            )
            + "/>"
        )

    def polyline(
        self,
        xs: ArrayLike,
        ys: ArrayLike,
        *,
        stroke: str,
        width: float = 1.8,
        dash: str | None = None,
        opacity: float | None = None,
        clip: str | None = None,
    ) -> None:
        """An open line through the points (NaN points break it)."""
        self.path(path_data(xs, ys), stroke=stroke, width=width, dash=dash, opacity=opacity,
                  linejoin="round", linecap="round" if dash is None else None, clip=clip)

    def polygon(
        self,
        xs: ArrayLike,
        ys: ArrayLike,
        *,
        fill: str,
        stroke: str | None = None,
        width: float | None = None,
        opacity: float | None = None,
        clip: str | None = None,
    ) -> None:
        """A closed, filled shape through the points."""
        self.path(path_data(xs, ys, closed=True), fill=fill, stroke=stroke, width=width,
                  opacity=opacity, linejoin="round" if stroke else None, clip=clip)

    def line(
        self, x1: float, y1: float, x2: float, y2: float, *, stroke: str, width: float = 1.0,
        dash: str | None = None, clip: str | None = None,
    ) -> None:
        """A straight segment."""
        self.path(path_data([x1, x2], [y1, y2]), stroke=stroke, width=width, dash=dash, clip=clip)

    def rect(
        self, x: float, y: float, width: float, height: float, *, fill: str = "none",
        stroke: str | None = None, stroke_width: float | None = None, rx: float | None = None,
        dash: str | None = None, opacity: float | None = None,
    ) -> None:
        """An axis-aligned rectangle (``rx`` rounds its corners)."""
        self._parts.append(
            "<rect"
            + _attrs(x=float(x), y=float(y), width=float(width), height=float(height),
                     rx=None if rx is None else float(rx), fill=fill, stroke=stroke,
                     stroke_width=None if stroke_width is None else float(stroke_width),
                     stroke_dasharray=dash, opacity=opacity)
            + "/>"
        )

    def circle(
        self, cx: float, cy: float, r: float, *, fill: str, stroke: str | None = None,
        width: float | None = None, clip: str | None = None,
    ) -> None:
        """A circle."""
        self._parts.append(
            "<circle"
            + _attrs(cx=float(cx), cy=float(cy), r=float(r), fill=fill, stroke=stroke,
                     stroke_width=None if width is None else float(width), clip_path=clip)
            + "/>"
        )

    def marker(
        self, x: float, y: float, shape: str = "o", size: float = 7.0, *, fill: str,
        stroke: str = "white", width: float = 1.0, clip: str | None = None,
    ) -> None:
        """A point marker centred at (x, y), ``size`` units across.

        ``shape``: ``o`` circle, ``s`` square, ``^`` / ``v`` triangles, ``D`` diamond,
        ``P`` plus (filled).
        """
        h = size / 2.0
        if shape == "o":
            self.circle(x, y, h, fill=fill, stroke=stroke, width=width, clip=clip)
            return
        shapes = {
            "s": ([-h, h, h, -h], [-h, -h, h, h]),
            "^": ([0.0, h * 1.1, -h * 1.1], [-h * 1.15, h * 0.75, h * 0.75]),
            "v": ([0.0, h * 1.1, -h * 1.1], [h * 1.15, -h * 0.75, -h * 0.75]),
            "D": ([0.0, h * 1.2, 0.0, -h * 1.2], [-h * 1.2, 0.0, h * 1.2, 0.0]),
            "P": (
                [-h / 3, h / 3, h / 3, h, h, h / 3, h / 3, -h / 3, -h / 3, -h, -h, -h / 3],
                [-h, -h, -h / 3, -h / 3, h / 3, h / 3, h, h, h / 3, h / 3, -h / 3, -h / 3],
            ),
        }
        if shape not in shapes:
            raise ValueError(f"shape must be one of 'o', {', '.join(map(repr, shapes))}; got {shape!r}")
        dx, dy = shapes[shape]
        self.polygon(np.add(dx, x), np.add(dy, y), fill=fill, stroke=stroke, width=width, clip=clip)

    def arrow(
        self, x1: float, y1: float, x2: float, y2: float, *, stroke: str, width: float = 1.2,
        head: float = 7.0, dash: str | None = None,
    ) -> None:
        """A segment from (x1, y1) to (x2, y2) ending in a filled arrowhead ``head`` units long."""
        length = math.hypot(x2 - x1, y2 - y1)
        if length == 0:
            return
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        bx, by = x2 - ux * head, y2 - uy * head
        self.line(x1, y1, bx + ux * 0.5, by + uy * 0.5, stroke=stroke, width=width, dash=dash)
        half = head * 0.45
        self.polygon([x2, bx - uy * half, bx + uy * half], [y2, by + ux * half, by - ux * half], fill=stroke)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float | None = None,
        anchor: str = "start",
        valign: str = "baseline",
        fill: str | None = None,
        weight: str | None = None,
        italic: bool = False,
        rotate: float | None = None,
        halo: bool = False,
    ) -> None:
        """Text at (x, y); ``_x`` / ``_{…}`` in ``text`` become subscripts and ``*p*`` italics
        (see `rich_text`).

        ``anchor``: ``start``, ``middle`` or ``end`` (horizontal); ``valign``: ``baseline``,
        ``middle``, ``top`` or ``bottom`` (vertical, relative to the text's own size);
        ``rotate``: degrees clockwise about (x, y); ``halo``: a white outline behind the glyphs,
        for labels drawn over lines.
        """
        if anchor not in ("start", "middle", "end"):
            raise ValueError(f"anchor must be 'start', 'middle' or 'end', got {anchor!r}")
        shifts = {"baseline": None, "middle": "0.35em", "top": "0.8em", "bottom": "-0.25em"}
        if valign not in shifts:
            raise ValueError(f"valign must be one of {', '.join(map(repr, shifts))}; got {valign!r}")
        transform = None if rotate is None else f"rotate({num(rotate)} {num(x)} {num(y)})"
        attributes = _attrs(
            x=float(x), y=float(y), dy=shifts[valign],
            text_anchor=None if anchor == "start" else anchor,
            font_size=None if size is None else float(size), fill=fill, font_weight=weight,
            font_style="italic" if italic else None, transform=transform,
            stroke="white" if halo else None, stroke_width=3.0 if halo else None,
            paint_order="stroke" if halo else None, stroke_linejoin="round" if halo else None,
        )
        self._parts.append(f"<text{attributes}>{rich_text(text)}</text>")

    def image(self, x: float, y: float, width: float, height: float, rgb: ArrayLike, *, smooth: bool = True) -> None:
        """An RGB array stretched over a rectangle (row 0 at the top), as an embedded PNG."""
        style = None if smooth else "image-rendering:pixelated"
        self._parts.append(
            "<image"
            + _attrs(x=float(x), y=float(y), width=float(width), height=float(height),
                     preserveAspectRatio="none", style=style)
            + f' xlink:href="{png_data_uri(rgb)}"/>'
        )

    def body(self) -> str:
        """The elements drawn so far, as SVG markup."""
        return "".join(self._parts)


# -- ticks and axes ---------------------------------------------------------------------------


def nice_ticks(lo: float, hi: float, count: int = 5) -> NDArray[np.float64]:
    """Round tick positions (steps of 1, 2 or 5 × 10^k) covering ``[lo, hi]`` with about
    ``count`` ticks, all inside the interval.

    Examples
    --------
    >>> nice_ticks(0, 1).tolist()
    [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    >>> nice_ticks(-2.3, 0.4).tolist()
    [-2.0, -1.5, -1.0, -0.5, 0.0]
    """
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        raise ValueError(f"nice_ticks needs finite lo < hi, got {lo}, {hi}")
    raw = (hi - lo) / max(count, 1)
    base = 10.0 ** math.floor(math.log10(raw))
    best: NDArray[np.float64] | None = None
    for step in (m * p for p in (base / 10, base, base * 10) for m in (1.0, 2.0, 5.0)):
        first = math.ceil(lo / step - 1e-9)
        last = math.floor(hi / step + 1e-9)
        if last - first > 60:
            continue
        candidate = np.arange(first, last + 1) * step
        if best is None or abs(candidate.size - count - 1) < abs(best.size - count - 1):
            best = candidate
    ticks = best if best is not None else np.array([lo, hi])
    return np.round(ticks, 12) + 0.0


def _decimals(step: float) -> int:
    """Decimals needed to write multiples of ``step`` exactly (0.25 → 2, 5 → 0)."""
    text = f"{abs(step):.10f}".rstrip("0")
    return len(text.split(".")[1])


def tick_labels(ticks: Sequence[float]) -> list[str]:
    """Labels for evenly spaced ticks, all with the decimals the step needs, true minus signs.

    Examples
    --------
    >>> tick_labels([-1.0, -0.5, 0.0, 0.5])
    ['−1.0', '−0.5', '0.0', '0.5']
    >>> tick_labels([0, 25, 50])
    ['0', '25', '50']
    """
    values = [float(t) for t in ticks]
    decimals = max((_decimals(v) for v in values), default=0)
    labels = []
    for value in values:
        text = f"{value:.{decimals}f}"
        if float(text) == 0.0:
            text = text.lstrip("-")
        labels.append(text.replace("-", "\u2212"))
    return labels


@dataclass
class Axes:
    """A data rectangle on a canvas: ``xlim`` × ``ylim`` drawn into the box at (``x``, ``y``),
    ``width`` × ``height`` units (y of the data grows upwards).

    Examples
    --------
    >>> c = Canvas(200, 100)
    >>> ax = Axes(c, 20, 10, 160, 80, xlim=(0, 1), ylim=(0, 2))
    >>> float(ax.sx(0.5)), float(ax.sy(2.0))
    (100.0, 10.0)
    """

    canvas: Canvas
    x: float
    y: float
    width: float
    height: float
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    _clip: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for argument, (lo, hi) in (("xlim", self.xlim), ("ylim", self.ylim)):
            if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
                raise ValueError(f"{argument} must be finite with lo < hi, got {(lo, hi)}")
        self.xlim = (float(self.xlim[0]), float(self.xlim[1]))
        self.ylim = (float(self.ylim[0]), float(self.ylim[1]))

    # -- coordinates ---------------------------------------------------------------------------

    def sx(self, value: ArrayLike) -> NDArray[np.float64]:
        """Data x → canvas x."""
        lo, hi = self.xlim
        return self.x + (np.asarray(value, dtype=np.float64) - lo) / (hi - lo) * self.width

    def sy(self, value: ArrayLike) -> NDArray[np.float64]:
        """Data y → canvas y."""
        lo, hi = self.ylim
        return self.y + self.height - (np.asarray(value, dtype=np.float64) - lo) / (hi - lo) * self.height

    @property
    def clip(self) -> str:
        """A clip path of the data rectangle (defined on first use)."""
        if self._clip is None:
            self._clip = self.canvas.clip_rect(self.x, self.y, self.width, self.height)
        return self._clip

    # -- frame, ticks and labels ----------------------------------------------------------------

    def frame(
        self,
        xticks: Iterable[float] | None = None,
        yticks: Iterable[float] | None = None,
        *,
        xlabels: Sequence[str] | None = None,
        ylabels: Sequence[str] | None = None,
        grid: bool = True,
        box: bool = False,
        size: float = 11.0,
    ) -> None:
        """Left and bottom axis lines (all four with ``box``), ticks with labels, light grid lines.

        Ticks default to `nice_ticks` of the limits; labels default to `tick_labels`; an empty
        label leaves its tick unlabelled.
        """
        xt = np.asarray(nice_ticks(*self.xlim) if xticks is None else list(xticks), dtype=np.float64)
        yt = np.asarray(nice_ticks(*self.ylim) if yticks is None else list(yticks), dtype=np.float64)
        xl = tick_labels(xt) if xlabels is None else list(xlabels)
        yl = tick_labels(yt) if ylabels is None else list(ylabels)
        if len(xl) != len(xt) or len(yl) != len(yt):
            raise ValueError("xlabels/ylabels must have one label per tick")
        c = self.canvas
        left, right, top, bottom = self.x, self.x + self.width, self.y, self.y + self.height
        if grid:
            d = "".join(f"M{num(px)} {num(top)}V{num(bottom)}" for px in self.sx(xt))
            d += "".join(f"M{num(left)} {num(py)}H{num(right)}" for py in self.sy(yt))
            c.path(d, stroke=GRID_COLOR, width=0.8)
        ticks = "".join(f"M{num(px)} {num(bottom)}v4" for px in self.sx(xt))
        ticks += "".join(f"M{num(left)} {num(py)}h-4" for py in self.sy(yt))
        c.path(ticks, stroke=AXIS_COLOR, width=1.0)
        if box:
            c.rect(left, top, self.width, self.height, stroke=AXIS_COLOR, stroke_width=1.0)
        else:
            c.path(f"M{num(left)} {num(top)}V{num(bottom)}H{num(right)}", stroke=AXIS_COLOR, width=1.0)
        for px, label in zip(self.sx(xt), xl, strict=True):
            if label:
                c.text(px, bottom + 7, label, size=size, anchor="middle", valign="top")
        for py, label in zip(self.sy(yt), yl, strict=True):
            if label:
                c.text(left - 7, py, label, size=size, anchor="end", valign="middle")

    def xlabel(self, text: str, *, size: float = 12.0, offset: float = 34.0) -> None:
        """A label centred under the x axis."""
        self.canvas.text(self.x + self.width / 2, self.y + self.height + offset, text, size=size,
                         anchor="middle", valign="bottom")

    def ylabel(self, text: str, *, size: float = 12.0, offset: float = 44.0) -> None:
        """A label rotated along the y axis, ``offset`` units left of it."""
        cx, cy = self.x - offset, self.y + self.height / 2
        self.canvas.text(cx, cy, text, size=size, anchor="middle", valign="middle", rotate=-90)

    def title(self, text: str, *, size: float = 12.5, offset: float = 10.0, weight: str | None = "600") -> None:
        """A title centred above the box."""
        self.canvas.text(self.x + self.width / 2, self.y - offset, text, size=size, anchor="middle",
                         weight=weight)

    # -- data ---------------------------------------------------------------------------------

    def plot(self, xs: ArrayLike, ys: ArrayLike, *, color: str, width: float = 2.0,
             dash: str | None = None, opacity: float | None = None, clip: bool = True) -> None:
        """A line through data points (clipped to the box unless ``clip=False``)."""
        self.canvas.polyline(self.sx(xs), self.sy(ys), stroke=color, width=width, dash=dash,
                             opacity=opacity, clip=self.clip if clip else None)

    def fill(self, xs: ArrayLike, ys: ArrayLike, *, color: str, opacity: float | None = None) -> None:
        """A filled polygon in data coordinates, clipped to the box."""
        self.canvas.polygon(self.sx(xs), self.sy(ys), fill=color, opacity=opacity, clip=self.clip)

    def scatter(self, xs: ArrayLike, ys: ArrayLike, *, color: str, shape: str = "o", size: float = 7.0,
                edge: str = "white", edge_width: float = 1.0, clip: bool = False) -> None:
        """Markers at data points."""
        for px, py in zip(np.atleast_1d(self.sx(xs)), np.atleast_1d(self.sy(ys)), strict=True):
            self.canvas.marker(px, py, shape, size, fill=color, stroke=edge, width=edge_width,
                               clip=self.clip if clip else None)

    def hline(self, y: float, *, color: str = AXIS_COLOR, width: float = 1.0, dash: str | None = "4 3") -> None:
        """A horizontal line across the box at data ``y``."""
        py = float(self.sy(y))
        self.canvas.line(self.x, py, self.x + self.width, py, stroke=color, width=width, dash=dash)

    def vline(self, x: float, *, color: str = AXIS_COLOR, width: float = 1.0, dash: str | None = "4 3") -> None:
        """A vertical line across the box at data ``x``."""
        px = float(self.sx(x))
        self.canvas.line(px, self.y, px, self.y + self.height, stroke=color, width=width, dash=dash)

    def text(self, x: float, y: float, text: str, *, dx: float = 0.0, dy: float = 0.0, **kwargs: object) -> None:
        """Text at a data point, shifted by (``dx``, ``dy``) canvas units; see `Canvas.text`."""
        self.canvas.text(float(self.sx(x)) + dx, float(self.sy(y)) + dy, text, **kwargs)  # type: ignore[arg-type]

    def image(self, rgb: ArrayLike, *, smooth: bool = True) -> None:
        """An RGB array filling the whole box (row 0 at the top of the box)."""
        self.canvas.image(self.x, self.y, self.width, self.height, rgb, smooth=smooth)

    def contour(self, xs: ArrayLike, ys: ArrayLike, z: ArrayLike, level: float, *, color: str,
                width: float = 1.0, dash: str | None = None) -> None:
        """The line where ``z`` (shape ``(len(ys), len(xs))``) crosses ``level``."""
        d = "".join(path_data(self.sx(line[:, 0]), self.sy(line[:, 1])) for line in contour_lines(xs, ys, z, level))
        self.canvas.path(d, stroke=color, width=width, dash=dash, linecap="round", clip=self.clip)

    def legend(
        self,
        entries: Sequence[tuple[str, dict[str, object]]],
        *,
        corner: str = "upper right",
        size: float = 11.0,
        pad: float = 8.0,
    ) -> None:
        """A legend in a corner of the box on a white, slightly transparent panel.

        Each entry is ``(label, style)`` where style has ``color`` and optionally ``dash``,
        ``width`` (a line sample), ``shape`` (a marker sample) or ``patch`` (a filled square).
        """
        if not entries:
            return
        row = size * 1.45
        sample = 22.0
        label_w = max(text_width(label, size) for label, _ in entries)
        box_w = pad * 2 + sample + 6 + label_w
        box_h = pad * 2 + row * len(entries) - (row - size)
        vertical, _, horizontal = corner.partition(" ")
        if vertical not in ("upper", "lower") or horizontal not in ("left", "center", "right"):
            raise ValueError(f"corner must be '(upper|lower) (left|center|right)', got {corner!r}")
        bx = {"left": self.x + 4, "center": self.x + (self.width - box_w) / 2,
              "right": self.x + self.width - box_w - 4}[horizontal]
        by = self.y + 4 if vertical == "upper" else self.y + self.height - box_h - 4
        c = self.canvas
        c.rect(bx, by, box_w, box_h, fill="white", stroke="#cccccc", stroke_width=0.8, rx=3, opacity=0.92)
        for i, (label, style) in enumerate(entries):
            cy = by + pad + size / 2 + i * row
            color = str(style["color"])
            if style.get("patch"):
                c.rect(bx + pad + 5, cy - 5, 12, 10, fill=color)
            if "shape" in style:
                c.marker(bx + pad + sample / 2, cy, str(style["shape"]), 7.0, fill=color)
            if style.get("width", 2.0) and not style.get("patch") and style.get("line", True):
                c.line(bx + pad, cy, bx + pad + sample, cy, stroke=color,
                       width=float(style.get("width", 2.0)), dash=style.get("dash"))  # type: ignore[arg-type]
            c.text(bx + pad + sample + 6, cy, label, size=size, valign="middle")


# -- contour lines ----------------------------------------------------------------------------


# the two crossed edges of a marching-squares cell, by corner code (bit 1: (i, j), 2: (i, j+1),
# 4: (i+1, j+1), 8: (i+1, j) above the level); edges 0 bottom, 1 right, 2 top, 3 left. The
# saddles 5 and 10 cross all four edges: [pairs if the centre is below, pairs if above].
_FIRST = np.array([0, 3, 0, 3, 1, 0, 0, 3, 2, 0, 0, 1, 1, 0, 3, 0])
_SECOND = np.array([0, 0, 1, 1, 2, 0, 2, 2, 3, 2, 0, 2, 3, 1, 0, 0])
_SADDLES = {5: ([(3, 0), (1, 2)], [(3, 2), (0, 1)]), 10: ([(0, 1), (2, 3)], [(0, 3), (1, 2)])}


def contour_lines(
    xs: ArrayLike, ys: ArrayLike, z: ArrayLike, level: float
) -> list[NDArray[np.float64]]:
    """The ``level`` set of ``z`` (``z[i, j]`` at ``(xs[j], ys[i])``) as polylines of shape (n, 2).

    Marching squares with linear interpolation, vectorised over the grid's cells, and with the
    cells' segments joined into lines: a closed line repeats its first point.

    Examples
    --------
    >>> z = np.array([[2.0, 2.0, 2.0], [2.0, 0.0, 2.0], [2.0, 2.0, 2.0]])
    >>> line, = contour_lines(np.arange(3.0), np.arange(3.0), z, 1.0)
    >>> line.tolist()
    [[1.0, 0.5], [0.5, 1.0], [1.0, 1.5], [1.5, 1.0], [1.0, 0.5]]
    """
    xs = np.asarray(xs, dtype=np.float64)
    ys = np.asarray(ys, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    if z.shape != (ys.size, xs.size):
        raise ValueError(f"z must have shape (len(ys), len(xs)) = {(ys.size, xs.size)}, got {z.shape}")
    level = float(level)
    ny, nx = z.shape
    above = z > level
    n_h = ny * (nx - 1)
    px = np.full(n_h + (ny - 1) * nx, np.nan)
    py = np.full_like(px, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (level - z[:, :-1]) / (z[:, 1:] - z[:, :-1])  # horizontal edges (i, j)-(i, j+1)
        px[:n_h] = (xs[:-1] + t * (xs[1:] - xs[:-1])[None, :]).ravel()
        py[:n_h] = np.broadcast_to(ys[:, None], t.shape).ravel()
        t = (level - z[:-1, :]) / (z[1:, :] - z[:-1, :])  # vertical edges (i, j)-(i+1, j)
        px[n_h:] = np.broadcast_to(xs[None, :], t.shape).ravel()
        py[n_h:] = (ys[:-1, None] + t * (ys[1:] - ys[:-1])[:, None]).ravel()
    code = (above[:-1, :-1] * 1 + above[:-1, 1:] * 2 + above[1:, 1:] * 4 + above[1:, :-1] * 8)
    rows, cols = np.nonzero((code != 0) & (code != 15))
    # edge ids of every cell: bottom, right, top, left
    cell = np.stack([rows * (nx - 1) + cols, n_h + rows * nx + cols + 1, (rows + 1) * (nx - 1) + cols,
                     n_h + rows * nx + cols])
    codes = code[rows, cols]
    plain = (codes != 5) & (codes != 10)
    index = np.nonzero(plain)[0]
    pairs: list[tuple[int, int]] = list(zip(cell[_FIRST[codes[plain]], index].tolist(),
                                            cell[_SECOND[codes[plain]], index].tolist(), strict=True))
    for k in np.nonzero(~plain)[0].tolist():
        i, j = int(rows[k]), int(cols[k])
        up = bool(z[i : i + 2, j : j + 2].mean() > level)
        pairs.extend((int(cell[a, k]), int(cell[b, k])) for a, b in _SADDLES[int(codes[k])][up])
    # join the segments at shared edges (every edge belongs to at most two cells)
    ends: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(pairs):
        ends.setdefault(a, []).append(i)
        ends.setdefault(b, []).append(i)
    used = [False] * len(pairs)

    def walk(edge: int) -> list[int]:
        out = []
        while True:
            for nxt in ends[edge]:
                if not used[nxt]:
                    break
            else:
                return out
            used[nxt] = True
            a, b = pairs[nxt]
            edge = a + b - edge
            out.append(edge)

    lines = []
    for i, (a, b) in enumerate(pairs):
        if used[i]:
            continue
        used[i] = True
        forward = walk(b)
        backward = walk(a)
        ids = np.array(backward[::-1] + [a, b] + forward)
        lines.append(np.column_stack([px[ids], py[ids]]))
    return lines


def contour_segments(
    xs: ArrayLike, ys: ArrayLike, z: ArrayLike, level: float
) -> list[tuple[float, float, float, float]]:
    """The `contour_lines` of ``level`` cut into their straight segments (x0, y0, x1, y1).

    Examples
    --------
    >>> z = np.array([[0.0, 1.0], [1.0, 2.0]])
    >>> contour_segments([0, 1], [0, 1], z, 0.5)
    [(0.0, 0.5, 0.5, 0.0)]
    """
    return [
        (float(a[0]), float(a[1]), float(b[0]), float(b[1]))
        for line in contour_lines(xs, ys, z, level)
        for a, b in zip(line[:-1], line[1:], strict=True)
    ]
