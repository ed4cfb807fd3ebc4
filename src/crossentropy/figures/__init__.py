"""Figure builders: each returns an inline-SVG ``<figure>`` element as a string.

Every number drawn comes from the package (``IrisNetwork.forward``, ``softmax`` …); the
builders only arrange and label it, with matplotlib's object API. Each figure is drawn once and
kept in a content-addressed cache (`crossentropy.figures._cache`), so a build that finds its
figures there never imports matplotlib. Pages print the returned text with markdown-exec
(``html="true"``). Every builder wraps its drawing with the same ``render_figure``
(`crossentropy.figures._render`): an inline ``<figure>`` with an accessible name, a caption and a
text alternative computed from the package's numbers.
"""

from crossentropy.figures.contour import bias_contour_svg
from crossentropy.figures.curves import neg_log_curve_svg, softmax_bars_svg
from crossentropy.figures.descent import descent_path_svg, pink_curve_svg
from crossentropy.figures.explore import (
    B3_STOPS,
    LEARNING_RATE_STOPS,
    b3_explorer_svg,
    learning_rate_explorer_svg,
)
from crossentropy.figures.learning_rates import learning_rates_svg
from crossentropy.figures.lessons import delta_flow_svg, gradient_vs_probability_svg, step_error_svg
from crossentropy.figures.network import network_diagram_svg, parameter_label
from crossentropy.figures.shift import b3_shift_svg
from crossentropy.figures.surfaces import bent_surfaces_svg, output_surfaces_svg, surface_extremes
from crossentropy.figures.training import decision_regions_svg, training_curves_svg

__all__ = [
    "B3_STOPS",
    "LEARNING_RATE_STOPS",
    "b3_explorer_svg",
    "learning_rate_explorer_svg",
    "b3_shift_svg",
    "bent_surfaces_svg",
    "bias_contour_svg",
    "decision_regions_svg",
    "delta_flow_svg",
    "descent_path_svg",
    "gradient_vs_probability_svg",
    "learning_rates_svg",
    "neg_log_curve_svg",
    "network_diagram_svg",
    "output_surfaces_svg",
    "parameter_label",
    "pink_curve_svg",
    "softmax_bars_svg",
    "step_error_svg",
    "surface_extremes",
    "training_curves_svg",
]
