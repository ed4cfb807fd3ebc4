"""Long pages lay out only what is near the screen, and nothing a reader does notices it.

The site's stylesheet gives the page's blocks (paragraphs, formulas, figures, tables, code)
``content-visibility: auto``: the browser skips their layout and painting until they come near
the screen. These tests load Part 1 (the page with the most elements) as a reader would, without
the suite's usual "lay out everything first" step, and check

* that the mechanism works: most blocks of the page are skipped on a phone's first screen
  (oracle: the page is many screens long, and a block counts as skipped when the browser's own
  ``checkVisibility({contentVisibilityAuto: true})`` says its content is hidden);
* that a link to a heading far down the page lands with the heading at the top of the window,
  and that it stays there once the blocks around it are laid out (oracle: the heading's top lies
  between the top of the window and Material's header height plus a margin, twice, half a
  second apart);
* that every box that scrolls sideways, once the reader has scrolled to it, can be reached with
  the keyboard (oracle: the box's own ``scrollWidth > clientWidth`` decides whether it must have
  ``tabindex="0"``, as for boxes on the first screen).
"""

from __future__ import annotations

from typing import Any

import pytest

import site_browser as sb

pytestmark = pytest.mark.e2e

PART_1 = "part-1-network-softmax-cross-entropy/"

BLOCKS_STATE = r"""
() => {
  const blocks = [...document.querySelectorAll('.md-content__inner *')]
    .filter((el) => getComputedStyle(el).contentVisibility === 'auto');
  const skipped = blocks.filter((el) => el.firstElementChild
    && !el.firstElementChild.checkVisibility({contentVisibilityAuto: true}));
  return {blocks: blocks.length, skipped: skipped.length,
          screens: document.documentElement.scrollHeight / window.innerHeight};
}
"""

HEADING_TOP = "(id) => document.getElementById(id).getBoundingClientRect().top"

LAST_HEADING = r"""
() => [...document.querySelectorAll('.md-content__inner h2[id]')].pop().id
"""

HEADER_HEIGHT = "() => document.querySelector('.md-header').getBoundingClientRect().height"

#: Scroll each sideways-scrolling candidate into view, one after another, and report for each
#: whether it scrolls and whether it can be focused.
SCROLLERS_STATE = r"""
async () => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const boxes = [...document.querySelectorAll(
    '.md-typeset .md-typeset__scrollwrap, .md-typeset table, .md-typeset div.arithmatex')];
  const found = [];
  for (const box of boxes) {
    box.scrollIntoView({block: 'center'});
    await frame();
    await new Promise((done) => setTimeout(done, 50));
    found.push({scrolls: box.scrollWidth > box.clientWidth + 1,
                focusable: box.getAttribute('tabindex') === '0',
                text: box.textContent.trim().slice(0, 50)});
  }
  return found;
}
"""


def open_as_reader(new_session: Any, viewport: dict[str, int]) -> Any:
    session = new_session(viewport=viewport, color_scheme="light")
    return session.open(PART_1, render_everything=False)


def test_most_of_a_long_page_is_left_for_later(new_session: Any) -> None:
    page = open_as_reader(new_session, sb.PHONE)
    state = page.evaluate(BLOCKS_STATE)
    assert state["screens"] > 10, state
    assert state["blocks"] > 30, state
    assert state["skipped"] > state["blocks"] / 2, state


def test_a_link_to_a_heading_far_down_lands_on_it(new_session: Any) -> None:
    page = open_as_reader(new_session, sb.PHONE)
    heading = page.evaluate(LAST_HEADING)
    header = page.evaluate(HEADER_HEIGHT)
    page.goto(page.url.split("#")[0] + "#" + heading, wait_until="load")
    page.wait_for_timeout(300)
    first = page.evaluate(HEADING_TOP, heading)
    page.wait_for_timeout(500)
    second = page.evaluate(HEADING_TOP, heading)
    for top in (first, second):
        assert 0 <= top <= header + 40, (
            f"#{heading} sits at {first:.0f}, then {second:.0f} px (header {header:.0f} px)"
        )
    assert abs(second - first) <= 2, f"#{heading} moved from {first:.0f} to {second:.0f} px"


def test_boxes_that_scroll_sideways_are_focusable_once_shown(new_session: Any) -> None:
    page = open_as_reader(new_session, sb.PHONE)
    boxes = page.evaluate(SCROLLERS_STATE)
    scrolling = [box for box in boxes if box["scrolls"]]
    assert scrolling, "no box scrolls sideways on Part 1 at 375 px: the check would be empty"
    wrong = [box for box in boxes if box["scrolls"] != box["focusable"]]
    assert not wrong, wrong
