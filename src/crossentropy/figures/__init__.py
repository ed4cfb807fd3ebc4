"""Figure builders: each returns an inline-SVG ``<figure>`` element as a string.

Every number drawn comes from the package (``IrisNetwork.forward``, ``softmax`` …); the
builders only arrange and label it. Pages print the returned text with markdown-exec
(``html="true"``).
"""

from crossentropy.figures._svg import render_figure
from crossentropy.figures.curves import neg_log_curve_svg, softmax_bars_svg
from crossentropy.figures.descent import bias_contour_svg, descent_path_svg, learning_rates_svg, pink_curve_svg
from crossentropy.figures.network import network_diagram_svg
from crossentropy.figures.surfaces import b3_shift_svg, bent_surfaces_svg, output_surfaces_svg
from crossentropy.figures.training import decision_regions_svg, training_curves_svg

__all__ = [
    "network_diagram_svg",
    "bent_surfaces_svg",
    "output_surfaces_svg",
    "b3_shift_svg",
    "neg_log_curve_svg",
    "softmax_bars_svg",
    "pink_curve_svg",
    "descent_path_svg",
    "learning_rates_svg",
    "bias_contour_svg",
    "training_curves_svg",
    "decision_regions_svg",
    "render_figure",
]
