"""Figures of the lessons: |dL/dz| against p, the step-size error plot, and delta flowing back.

Oracles: the closed forms 1 - p and 2p(1 - p)^2 evaluated by hand (p = 0.01: 0.99 and 0.0196;
peak 8/27 at p = 1/3), Taylor plus rounding for the best step of a central difference (between
1e-6 and 1e-4 for a function of order 1), the delta values p - y of the Setosa flower at b3 = -2
from series-facts (p = 0.1509, 0.3966, 0.4525), and the inline-figure rules shared with
tests/test_figures.py: one <figure> with an accessible <svg>, text as <text> at 9.5 pt or more,
the theme's colour variables, no date, identical output for identical calls.
"""

from __future__ import annotations

import os
import re

import pytest

from crossentropy import IrisNetwork
from crossentropy.figures import delta_flow_svg, gradient_vs_probability_svg, step_error_svg


@pytest.fixture(scope="module")
def drawn():
    before = os.environ.get("CROSSENTROPY_FIGURE_CACHE")
    os.environ["CROSSENTROPY_FIGURE_CACHE"] = "off"
    try:
        return {
            "gradient": gradient_vs_probability_svg(0.1509),
            "step": step_error_svg(),
            "delta": delta_flow_svg(IrisNetwork(b3=-2.0)),
        }
    finally:
        if before is None:
            del os.environ["CROSSENTROPY_FIGURE_CACHE"]
        else:
            os.environ["CROSSENTROPY_FIGURE_CACHE"] = before


def _search(pattern: str, text: str) -> re.Match[str]:
    found = re.search(pattern, text)
    assert found, pattern
    return found


def _alt(html_text: str) -> str:
    return _search(r'aria-label="([^"]*)"', html_text).group(1)


@pytest.mark.parametrize("key", ["gradient", "step", "delta"])
def test_inline_figure_rules(drawn, key):
    text = drawn[key]
    assert text.startswith('<figure class="ce-figure" id="fig-') and text.endswith("</figcaption></figure>")
    assert text.count("<svg") == 1 and 'role="img"' in text and "<title>" in text
    assert "\n" not in text and "dc:date" not in text.lower()
    assert "var(--ce-ink" in text
    sizes = [float(s) for s in re.findall(r"font[:-]\s*(?:size:\s*)?([\d.]+)px", text)]
    sizes += [float(s) for s in re.findall(r"font-size[:=]\s*\"?([\d.]+)", text)]
    assert sizes and min(sizes) >= 9.5
    width_pt = float(_search(r'viewBox="0 0 ([\d.]+) ', text).group(1))
    assert width_pt <= 4.3 * 72 + 0.5  # at most 4.3 in wide: readable on a 375 px phone


def test_gradient_alt_text_has_the_closed_form_values(drawn):
    alt = _alt(drawn["gradient"])
    assert "at p = 0.01 cross entropy pulls with 0.99, squared error with 0.020" in alt
    assert "peaks at 0.30 near p = 0.33" in alt  # 8/27 = 0.296 at p = 1/3
    p = 0.1509
    assert f"cross entropy pulls with {1 - p:.2f}, squared error with {2 * p * (1 - p) ** 2:.3f}" in alt


def test_step_alt_text_reports_a_best_step_where_theory_puts_it(drawn):
    alt = _alt(drawn["step"])
    m = _search(r"central difference is best near epsilon = (\d(?:\.\d)?)e−(\d+)", alt)
    best = float(m.group(1)) * 10.0 ** -int(m.group(2))
    assert 1e-6 <= best <= 1e-4
    m = _search(r"forward difference near (\d(?:\.\d)?)e−(\d+)", alt)
    assert 1e-9 <= float(m.group(1)) * 10.0 ** -int(m.group(2)) <= 1e-7


def test_delta_alt_text_lists_p_minus_y(drawn):
    alt = _alt(drawn["delta"])
    assert "Setosa −0.85, Versicolor 0.40, Virginica 0.45" in alt  # 0.1509 - 1, 0.3966, 0.4525
    off = _alt(delta_flow_svg(IrisNetwork(b3=-2.0), flower=1))
    assert "top node (off): 0.000" in off and "bottom node (off): 0.000" in off


def test_same_call_same_text():
    os.environ.setdefault("CROSSENTROPY_FIGURE_CACHE", "off")
    assert gradient_vs_probability_svg.uncached() == gradient_vs_probability_svg.uncached()


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: gradient_vs_probability_svg(1.5), ValueError, "marked"),
        (lambda: gradient_vs_probability_svg("p"), TypeError, "marked"),  # type: ignore[arg-type]
        (lambda: delta_flow_svg(IrisNetwork(), flower=5), ValueError, "flower"),
        (lambda: delta_flow_svg("net"), TypeError, "network"),
        (lambda: step_error_svg(name="Bad Name"), ValueError, "name"),
    ],
)
def test_bad_arguments_are_named(call, error, name):
    with pytest.raises(error, match=name):
        call()
