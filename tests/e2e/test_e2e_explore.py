"""The explorable figures in a real browser: the b3 slider of Part 5 and the learning-rate
control of Part 6, moved by mouse and by keyboard, at 1280 and 375 px, light and dark, without
JavaScript, and after instant navigation.

Oracles: the package's functions called here, at the setting the control shows (b3 = −4 +
0.05·k: ``IrisNetwork.forward``, ``IrisNetwork.loss``, ``IrisNetwork.gradients``, ``cross_entropy``;
learning rate 0.1·k: ``gradient_descent`` with the series' rule), formatted here to the digits
shown; for the moved marks, the figure's own x-axis tick labels (a marker sits where its value
lies between them) and the tangent's geometry (it is centred on the marker).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import site_browser as sb
from crossentropy import TRAINING_DATA, IrisNetwork, cross_entropy, gradient_descent

pytestmark = pytest.mark.e2e

X, Y = TRAINING_DATA.inputs, TRAINING_DATA.labels
PART5 = "part-5-optimising-b3/"
PART6 = "part-6-gradient-descent/"
B3 = "figure#fig-b3-explorer"
RATE = "figure#fig-learning-rate-explorer"
MINUS = "\u2212"


def shown(value: float, digits: int = 4) -> str:
    text = f"{value:.{digits}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def expected_b3(index: int) -> dict[str, str]:
    b3 = -4.0 + 0.05 * index
    net = IrisNetwork(b3=b3)
    fp = net.forward(X)
    terms = np.asarray(cross_entropy(fp.logits, Y, reduction="none"))
    values = {
        "valuetext": f"b3 = {shown(b3, 2)}",
        "total": shown(net.loss(X, Y)),
        "slope": shown(net.gradients(X, Y)["b3"]),
    }
    for i, label in enumerate(Y):
        values[f"p-setosa-{i}"] = shown(fp.probabilities[i, 0])
        values[f"p-observed-{i}"] = shown(fp.probabilities[i, label])
        values[f"ce-{i}"] = shown(terms[i])
    return values


def expected_rate(index: int) -> dict[str, str]:
    rate = 0.1 * (index + 1)
    run = gradient_descent(IrisNetwork(b3=-2.0), X, Y, learning_rate=rate, tol=1e-3, max_steps=200)
    slopes = np.sign([s.slopes["b3"] for s in run.history] + [run.final_slopes["b3"]])  # the last step too
    return {
        "valuetext": f"learning rate {rate:.1f}".removesuffix(".0"),
        "steps": str(run.steps_taken),
        "end-b3": shown(run.network.b3),
        "end-loss": shown(run.final_loss),
        "crossings": str(int(np.sum(slopes[1:] != slopes[:-1]))),
        "outcome": f"{'settled' if run.converged else 'still bouncing'} after {run.steps_taken} steps",
    }


#: What the figure shows: every data-field's text (the first element of each), the slider's
#: state, and the geometry of the marks, in the SVG's user units and on the screen.
STATE = r"""
(figure) => {
  const input = figure.querySelector('input[type=range]');
  const data = JSON.parse(figure.querySelector('template.ce-explore-data').content.textContent);
  const fields = {};
  figure.querySelectorAll('[data-field]').forEach((el) => {
    const name = el.getAttribute('data-field');
    if (!(name in fields)) fields[name] = el.textContent;
  });
  const svg = figure.querySelector('svg');
  const marks = data.marks.map((id) => {
    const group = figure.querySelector(`[id='${id}']`);
    const line = group.querySelector(':scope > path');
    const uses = [...group.querySelectorAll('use')].map((use) => {
      const r = use.getBoundingClientRect();
      return {x: +use.getAttribute('x'), y: +use.getAttribute('y'), cx: r.left + r.width / 2};
    });
    return {hidden: group.getAttribute('visibility') === 'hidden', d: line ? line.getAttribute('d') : null, uses};
  });
  const ticks = {};
  [...svg.querySelectorAll('text')].filter((t) => /text-anchor: middle/.test(t.getAttribute('style') || ''))
    .forEach((t) => {
      const r = t.getBoundingClientRect();
      const key = t.textContent.replace('\u2212', '-');
      if (/^-?\d+$/.test(key) && !(key in ticks)) ticks[key] = r.left + r.width / 2;
    });
  return {value: +input.value, max: +input.max, disabled: input.disabled,
          valuetext: input.getAttribute('aria-valuetext'),
          output: figure.querySelector('output').textContent, fields, marks, ticks};
}
"""


def state(page: Any, selector: str) -> dict[str, Any]:
    return page.locator(selector).evaluate(STATE)


def screen_x(ticks: dict[str, float], value: float, lo: int, hi: int) -> float:
    """Where ``value`` lies on the x axis: between the tick labels ``lo`` and ``hi``."""
    left, right = ticks[str(lo)], ticks[str(hi)]
    return left + (value - lo) / (hi - lo) * (right - left)


def readout_problems(where: str, now: dict[str, Any], want: dict[str, str]) -> list[str]:
    """The readout's fields and the slider's aria-valuetext against what the package gives."""
    problems = [
        f"{where}: {name} shows {now['fields'].get(name)!r}, the package gives {text!r}"
        for name, text in want.items()
        if now["fields"].get(name) != text
    ]
    if now["valuetext"] != want["valuetext"]:
        problems.append(f"{where}: aria-valuetext {now['valuetext']!r}, expected {want['valuetext']!r}")
    return problems


def check_b3(page: Any) -> list[str]:
    """The numbers shown against the package at the slider's setting, and the marks' places."""
    now = state(page, B3)
    k = now["value"]
    want = expected_b3(k)
    problems = readout_problems(f"b3 stop {k}", now, want)
    if want["total"] not in now["output"] or want["valuetext"] not in now["output"]:
        problems.append(f"b3 stop {k}: the output says {now['output']!r}")
    marker, tangent = now["marks"]
    (use,) = marker["uses"]
    x_expected = screen_x(now["ticks"], -4.0 + 0.05 * k, -4, 4)
    if abs(use["cx"] - x_expected) > 1.5:
        problems.append(
            f"b3 stop {k}: the marker is at x = {use['cx']:.1f} px, b3 lies at {x_expected:.1f} px"
        )
    ends = [float(v) for v in tangent["d"].replace("M", " ").replace("L", " ").split()]
    middle = ((ends[0] + ends[2]) / 2, (ends[1] + ends[3]) / 2)
    if abs(middle[0] - use["x"]) > 0.02 or abs(middle[1] - use["y"]) > 0.02:
        problems.append(
            f"b3 stop {k}: the tangent is centred at {middle}, the marker at ({use['x']}, {use['y']})"
        )
    return problems


def check_rate(page: Any) -> list[str]:
    now = state(page, RATE)
    k = now["value"]
    want = expected_rate(k)
    problems = readout_problems(f"rate stop {k}", now, want)
    path, end = now["marks"]
    steps = int(want["steps"])
    if len(path["uses"]) != min(steps, 40) + 1:
        problems.append(f"rate stop {k}: {len(path['uses'])} points drawn for {steps} steps")
    if end["hidden"] != (steps > 40):
        problems.append(f"rate stop {k}: end marker hidden={end['hidden']} for {steps} steps")
    if not end["hidden"]:
        x_expected = screen_x(now["ticks"], steps, 0, 40)
        if abs(end["uses"][0]["cx"] - x_expected) > 1.5:
            problems.append(
                f"rate stop {k}: end marker at x = {end['uses'][0]['cx']:.1f} px, step {steps} "
                f"lies at {x_expected:.1f} px"
            )
    return problems


def open_page(new_session: Any, path: str, viewport: dict[str, int], scheme: str, **options: Any) -> Any:
    phone = viewport == sb.PHONE
    session = new_session(
        viewport=viewport, color_scheme="light", is_mobile=phone, has_touch=phone, **options
    )
    page = session.open(path)
    if scheme == "dark":
        assert sb.switch_to_dark(page), "could not switch to the dark scheme"
    return session, page


def move_by_mouse(page: Any, selector: str, fraction: float) -> None:
    box = page.locator(f"{selector} input[type=range]").bounding_box()
    page.mouse.click(box["x"] + fraction * box["width"], box["y"] + box["height"] / 2)


def output_contrast(page: Any, selector: str) -> float:
    """Contrast of the <output>'s text colour with the page (both as the browser computes them)."""
    colours = page.locator(f"{selector} output").evaluate(
        """(el) => {
          const rgb = (c) => { const cv = document.createElement('canvas'); cv.width = cv.height = 1;
            const x = cv.getContext('2d'); x.fillStyle = '#fff'; x.fillRect(0, 0, 1, 1); x.fillStyle = c;
            x.fillRect(0, 0, 1, 1); return [...x.getImageData(0, 0, 1, 1).data].slice(0, 3); };
          return [rgb(getComputedStyle(el).color), rgb(getComputedStyle(document.body).backgroundColor)];
        }"""
    )
    return sb.contrast_ratio(tuple(colours[0]), tuple(colours[1]))


VIEWS = [
    pytest.param(sb.DESKTOP, "light", id="1280-light"),
    pytest.param(sb.DESKTOP, "dark", id="1280-dark"),
    pytest.param(sb.PHONE, "light", id="375-light"),
    pytest.param(sb.PHONE, "dark", id="375-dark"),
]


@pytest.mark.parametrize(("viewport", "scheme"), VIEWS)
def test_b3_slider_by_mouse_and_keyboard(
    viewport: dict[str, int], scheme: str, new_session: Any, screenshots_dir: Path
) -> None:
    session, page = open_page(new_session, PART5, viewport, scheme)
    figure = page.locator(B3)
    figure.scroll_into_view_if_needed()
    start = state(page, B3)
    assert not start["disabled"], "the script did not enable the b3 slider"
    assert start["value"] == 40
    problems = check_b3(page)
    move_by_mouse(page, B3, 0.8)
    moved = state(page, B3)["value"]
    if not 110 <= moved <= 145:
        problems.append(f"a click at 80 % of the slider set stop {moved}")
    problems += check_b3(page)
    page.locator(f"{B3} input[type=range]").focus()
    for key, expected in (
        ("Home", 0),
        ("ArrowRight", 1),
        ("ArrowRight", 2),
        ("End", 160),
        ("ArrowLeft", 159),
    ):
        page.keyboard.press(key)
        now = state(page, B3)["value"]
        if now != expected:
            problems.append(f"after {key} the slider is at stop {now}, expected {expected}")
        problems += check_b3(page)
    ratio = output_contrast(page, B3)
    if ratio < 4.5:
        problems.append(f"the output's text has contrast {ratio:.2f}:1 with the page")
    problems += sb.layout_problems(page)
    figure.screenshot(
        path=screenshots_dir / f"explore-b3-{viewport['width']}-{scheme}.png", animations="disabled"
    )
    problems = session.guard.problems() + problems
    assert not problems, sb.format_problems("b3 slider", problems)


@pytest.mark.parametrize(("viewport", "scheme"), VIEWS)
def test_learning_rate_control_by_mouse_and_keyboard(
    viewport: dict[str, int], scheme: str, new_session: Any, screenshots_dir: Path
) -> None:
    session, page = open_page(new_session, PART6, viewport, scheme)
    figure = page.locator(RATE)
    figure.scroll_into_view_if_needed()
    start = state(page, RATE)
    assert not start["disabled"], "the script did not enable the learning-rate control"
    assert start["value"] == 9 and start["valuetext"] == "learning rate 1"
    problems = check_rate(page)
    move_by_mouse(page, RATE, 0.05)
    if state(page, RATE)["value"] > 5:
        problems.append(f"a click at 5 % of the control set stop {state(page, RATE)['value']}")
    problems += check_rate(page)
    page.locator(f"{RATE} input[type=range]").focus()
    for key, expected in (("End", 39), ("Home", 0), ("ArrowRight", 1), ("End", 39), ("ArrowLeft", 38)):
        page.keyboard.press(key)
        now = state(page, RATE)["value"]
        if now != expected:
            problems.append(f"after {key} the control is at stop {now}, expected {expected}")
        problems += check_rate(page)
    for stop in (19, 29):  # the study's rates 2 and 3 through the keyboard from 1 (stop 9)
        page.keyboard.press("Home")
        for _ in range(stop):
            page.keyboard.press("ArrowRight")
        problems += check_rate(page)
    ratio = output_contrast(page, RATE)
    if ratio < 4.5:
        problems.append(f"the output's text has contrast {ratio:.2f}:1 with the page")
    problems += sb.layout_problems(page)
    figure.screenshot(
        path=screenshots_dir / f"explore-rate-{viewport['width']}-{scheme}.png", animations="disabled"
    )
    problems = session.guard.problems() + problems
    assert not problems, sb.format_problems("learning-rate control", problems)


def test_without_javascript_the_static_figures_and_numbers_remain(new_session: Any) -> None:
    """Oracle: the package's values at the drawn settings (b3 = −2; learning rate 1)."""
    session = new_session(viewport=sb.DESKTOP, java_script_enabled=False)
    problems = []
    for path, selector, want in ((PART5, B3, expected_b3(40)), (PART6, RATE, expected_rate(9))):
        page = session.page
        page.goto(session.url(path), wait_until="load")
        figure = page.locator(selector)
        if not figure.locator("svg").first.is_visible():
            problems.append(f"{path}: the static figure is not shown")
        now = figure.evaluate(STATE)
        problems += [
            f"{path}: {name} shows {now['fields'].get(name)!r}, expected {text!r}"
            for name, text in want.items()
            if now["fields"].get(name) != text
        ]
        if not now["disabled"]:
            problems.append(f"{path}: the control is enabled but nothing would follow it")
        label = figure.locator("svg").first.get_attribute("aria-label") or ""
        number = want.get("total") or want.get("end-b3")
        if number not in label:
            problems.append(f"{path}: the text alternative lacks {number}: {label!r}")
        if not figure.locator(".ce-explore-note").is_visible():
            problems.append(f"{path}: no note saying what JavaScript would add")
    problems = session.guard.problems() + problems
    assert not problems, sb.format_problems("explorables without JavaScript", problems)


def test_controls_work_after_instant_navigation(new_session: Any) -> None:
    """From the page before Part 5 in the nav, to Part 5 and on to Part 6 by the footer's Next
    link, without a full page load; each control is then moved by keyboard and its numbers
    checked."""
    paths = [page.path for page in sb.nav_pages()]
    assert paths[paths.index(PART5) + 1] == PART6, "Part 6 does not follow Part 5 in the nav"
    session = new_session(viewport=sb.DESKTOP)
    page = session.open(paths[paths.index(PART5) - 1])
    page.evaluate("() => { window.__ceNoReload = true; }")
    problems = []
    for path, selector, check, key in ((PART5, B3, check_b3, "End"), (PART6, RATE, check_rate, "Home")):
        page.locator("a.md-footer__link--next").first.click()
        page.wait_for_url(lambda url, path=path: url.split("#", 1)[0] == session.url(path))
        page.locator(f"{selector} input[type=range]:not([disabled])").wait_for()
        if not page.evaluate("() => window.__ceNoReload === true"):
            problems.append(f"{path}: reached by a full page load, not instantly")
        page.locator(f"{selector} input[type=range]").focus()
        page.keyboard.press(key)
        page.keyboard.press("ArrowRight" if key == "Home" else "ArrowLeft")
        problems += check(page)
    problems = session.guard.problems() + problems
    assert not problems, sb.format_problems("explorables after instant navigation", problems)
