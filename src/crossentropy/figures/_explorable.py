r"""What every explorable figure shares: its data-to-SVG map, its embedded data and its control.

An explorable figure (`crossentropy.figures.explore`) is `render_figure`'s ``<figure>`` with,
before its caption,

* a labelled ``<input type="range">`` over the indices of its stops (disabled until the page's
  script takes it over), the control's end values beside it, an ``<output>`` that announces the
  setting and a readout (a table or a list) of the values at the drawn stop;
* a ``<template class="ce-explore-data">`` holding, as JSON, at every stop the texts to show and
  the data points of the marks to move (a ``<template>``, not a ``<script type="application/json">``:
  Material's instant navigation re-creates every ``<script>`` of a page it loads without its
  ``type`` and runs it, which would run the JSON as a script)::

      {
          "affine": [a, b, c, d, e, f],
          "marks": [gid, ...],
          "fields": [name, ...],
          "start": index,
          "stops": [{"valuetext": str, "text": [str, ...], "points": [[x0, y0, x1, y1, ...], ...]}, ...],
      }

The page's script (``docs/assets/javascripts/explore.js``) computes nothing: at stop ``i`` it
writes ``stops[i].text`` into the elements marked ``data-field`` (in the order of ``fields``),
sets the input's ``aria-valuetext`` and moves each artist named in ``marks`` (its matplotlib
``gid``, kept by `render_figure`'s ``keep_ids``) to the stop's points: a line's path runs through
them, a marker is placed on each (none: the mark is hidden). Data coordinates become SVG user
units through ``affine``, in SVG's ``matrix()`` order (``x' = a x + c y + e``, ``y' = b x + d y +
f``), which `svg_affine` takes from the axes' own ``transData``.
"""

from __future__ import annotations

import html
import json
from typing import Any

__all__ = ["coords", "explorable", "field", "svg_affine"]

#: Decimals of the data coordinates the browser maps (far below a pixel).
COORD_DECIMALS = 5


def svg_affine(figure: Any, axes: Any) -> list[float]:
    """The map from `axes`' data coordinates to the SVG user units of `figure`, once it was saved.

    matplotlib writes SVG in points with y pointing down, ``y_svg = height_pt − y_display · 72 /
    dpi``; the result is ``[a, b, c, d, e, f]`` as in SVG's ``matrix(a b c d e f)``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2.0, 1.0))
    >>> ax = fig.add_axes((0.0, 0.0, 1.0, 1.0), xlim=(0.0, 1.0), ylim=(0.0, 1.0))
    >>> svg_affine(fig, ax)  # 144 × 72 pt, y flipped
    [144.0, 0.0, 0.0, -72.0, 0.0, 72.0]
    """
    from matplotlib.transforms import Affine2D

    transform = axes.transData
    if not transform.is_affine:
        raise ValueError("axes must have linear scales: their data-to-SVG map is then an affine")
    scale = 72.0 / figure.dpi
    to_svg = transform + Affine2D().scale(scale, -scale).translate(0.0, figure.bbox.height * scale)
    m = to_svg.get_matrix()
    return [round(float(v), 6) + 0.0 for v in (m[0, 0], m[1, 0], m[0, 1], m[1, 1], m[0, 2], m[1, 2])]


def coords(*values: float) -> list[float]:
    """Data coordinates for the embedded data, to `COORD_DECIMALS` decimals.

    >>> coords(-2.0, 2.665943211, -0.0)
    [-2.0, 2.66594, 0.0]
    """
    return [round(float(v), COORD_DECIMALS) + 0.0 for v in values]


def field(name: str, text: str, tag: str = "span") -> str:
    """An element whose text the page's script replaces with the field `name` of a stop.

    >>> field("total", "2.6659", "td")
    '<td data-field="total">2.6659</td>'
    """
    return f'<{tag} data-field="{name}">{html.escape(text)}</{tag}>'


def _json_template(data: dict[str, Any]) -> str:
    """`data` as JSON in an inert ``<template>``, with ``<``, ``>`` and ``&`` escaped as JSON
    escapes (so the HTML parser keeps it as one text node), left out of the search index."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<template class="ce-explore-data" data-search-exclude>{text}</template>'


def explorable(
    figure_html: str,
    *,
    name: str,
    kind: str,
    label: str,
    ends: tuple[str, str],
    output: str,
    readout: str,
    noscript: str,
    data: dict[str, Any],
) -> str:
    """`render_figure`'s ``<figure>`` made explorable: the control, the readout and `data`.

    Parameters
    ----------
    figure_html : str
        What `render_figure` returned for the figure `name`.
    name : str
        The figure name; the input is ``fig-{name}-input``, the output ``fig-{name}-output``.
    kind : str
        The figure's ``data-explore`` attribute (what the control sets).
    label, output, readout : str
        HTML of the input's label, of the output's content and of the readout.
    ends : tuple of str
        The control's end values, shown beside it.
    noscript : str
        A sentence shown when scripts are off (plain text).
    data : dict
        The embedded data (module docstring); its ``start`` stop is the one drawn.
    """
    head = f'<figure class="ce-figure" id="fig-{name}">'
    body, mark, caption = figure_html.partition("<figcaption>")
    if not body.startswith(head) or not mark:  # pragma: no cover - render_figure's contract
        raise RuntimeError("render_figure returned an unexpected <figure>")
    ident = f"fig-{name}"
    valuetext = html.escape(data["stops"][data["start"]]["valuetext"])
    control = (
        f'<div class="ce-explore-panel" data-search-exclude><div class="ce-explore-control">'
        f'<label for="{ident}-input">{label}</label>'
        f'<span class="ce-explore-end" aria-hidden="true">{ends[0]}</span>'
        f'<input type="range" id="{ident}-input" min="0" max="{len(data["stops"]) - 1}" step="1"'
        f' value="{data["start"]}" aria-valuetext="{valuetext}" disabled>'
        f'<span class="ce-explore-end" aria-hidden="true">{ends[1]}</span></div>'
        f'<output id="{ident}-output" for="{ident}-input" aria-live="polite">{output}</output>'
        f'{readout}<noscript><p class="ce-explore-note">{html.escape(noscript)}</p></noscript></div>'
    )
    opening = f'<figure class="ce-figure ce-explore" id="{ident}" data-explore="{kind}">'
    return opening + body[len(head) :] + control + _json_template(data) + mark + caption
