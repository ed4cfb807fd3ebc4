"""The site as a reader uses it: the footer's "Next" link through the series, search, and the
copy button of a code block.

Oracles: the reading order of mkdocs.yml's nav (Home, Parts 1-8, Errata, API reference); the
small tables of search words below, which state which parts discuss what and which part
explains a word (its first result); the TeX sources and MathML text of the site's own formulas,
read from the built pages, for the search index; and, for the copy button, the code block's own
text with its ``>>>``/``...`` prompts removed and its output lines dropped.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

import site_browser as sb

pytestmark = pytest.mark.e2e

#: Search words, and the parts (by number) whose page must be among the results.
EXPECTED_SEARCH_HITS: dict[str, tuple[int, ...]] = {
    "softmax": (1,),
    "b3": (2, 3, 4),
}

#: Search words, and the part (by number) that explains the word: the first result.
FIRST_SEARCH_HIT: dict[str, int] = {
    "softmax": 1,
}

NEXT_LINK = "a.md-footer__link--next"

#: True once the content container present when it was called has been replaced by another.
CONTAINER_REPLACED = """
() => {
  const container = document.querySelector('[data-md-component=container]');
  return Boolean(container) && !container.__ceSeen;
}
"""


def part_page(number: int) -> sb.NavPage:
    """The nav page of part ``number``: its title starts with it ("3. …" or "Part 3 …")."""
    pattern = re.compile(rf"^(?:Part\s*)?{number}(?:\b|\.)", re.IGNORECASE)
    for page in sb.nav_pages():
        if pattern.match(page.title):
            return page
    raise LookupError(f"no page titled like part {number} in mkdocs.yml's nav")


def page_path(base_url: str, href: str) -> str:
    """The site-relative path (no query, no fragment) of a link resolved on ``base_url``."""
    absolute = urlsplit(urljoin(base_url, href))
    return absolute.path.lstrip("/") if absolute.path != "/" else ""


def _math_settled_count(page: Any) -> dict[str, Any]:
    sb.wait_for_math(page)
    return page.evaluate(sb.MATH_STATE)


def test_next_link_walks_the_nav_with_math_typeset(new_session: Any) -> None:
    """From Home, clicking "Next" reaches every nav page in order; each arrives with its math
    typeset, and with instant navigation on, without a full page load."""
    nav = sb.nav_pages()
    assert len(nav) > 1, "the nav has fewer than two pages"
    instant = "navigation.instant" in (sb.load_config().get("theme", {}).get("features") or [])
    session = new_session(viewport=sb.DESKTOP)
    page = session.open(nav[0].path)
    page.evaluate("() => { window.__ceNoReload = true; }")
    problems = []
    for previous, expected in itertools.pairwise(nav):
        link = page.locator(NEXT_LINK)
        if link.count() == 0:
            problems.append(f"{previous.title}: no footer Next link (expected {expected.title})")
            break
        page.evaluate("() => { document.querySelector('[data-md-component=container]').__ceSeen = true; }")
        link.first.click()
        target = session.url(expected.path)
        # navigation.tracking may add the heading in view as a fragment: compare without it.
        page.wait_for_url(lambda url, target=target: url.split("#", 1)[0] == target)
        page.wait_for_function(CONTAINER_REPLACED)
        state = _math_settled_count(page)
        if state["rendered"] != state["total"]:
            problems.append(
                f"{expected.title}: after Next from {previous.title}, {state['rendered']} of "
                f"{state['total']} math elements typeset"
            )
        if instant and not page.evaluate("() => window.__ceNoReload === true"):
            problems.append(f"{expected.title}: reached by a full page load, not instantly")
            page.evaluate("() => { window.__ceNoReload = true; }")
    if not problems and page.locator(NEXT_LINK).count():
        problems.append(f"{nav[-1].title} (last nav page) still has a Next link")
    problems = session.guard.problems() + problems
    assert not problems, sb.format_problems("footer Next navigation", problems)


def search(page: Any, word: str) -> list[str]:
    """Type ``word`` into Material's search box; return the page paths of the results."""
    opener = page.locator('label.md-header__button[for="__search"]').first
    if opener.is_visible():  # narrow screens: the magnifier opens the search overlay
        opener.click()
    box = page.locator(".md-search__input")
    box.wait_for(state="visible")
    box.click()
    box.fill("")
    box.press_sequentially(word)
    page.wait_for_function(
        """(word) => {
          const input = document.querySelector('.md-search__input');
          const meta = document.querySelector('.md-search-result__meta');
          return input.value === word && meta && /match/i.test(meta.textContent);
        }""",
        arg=word,
    )
    # The search worker answers every keystroke; results of an earlier prefix can still be on
    # screen (and be replaced) after the box holds the whole word. Read the list in one call and
    # until two reads a quarter second apart agree, instead of element by element.
    links = page.locator(".md-search-result__item a.md-search-result__link")

    def read() -> list[str]:
        return links.evaluate_all("els => els.map(e => e.getAttribute('href') || '')")

    hrefs = read()
    for _ in range(40):
        page.wait_for_timeout(250)
        again = read()
        if again == hrefs:
            break
        hrefs = again
    paths = []
    for href in hrefs:
        path = page_path(page.url, href)
        if path not in paths:
            paths.append(path)
    return paths


@pytest.mark.parametrize("word", sorted(set(EXPECTED_SEARCH_HITS) | set(FIRST_SEARCH_HIT)))
def test_search_finds_the_parts_that_discuss_a_word(word: str, new_session: Any) -> None:
    session = new_session(viewport=sb.DESKTOP)
    page = session.open("")
    found = search(page, word)
    expected = {number: part_page(number) for number in EXPECTED_SEARCH_HITS.get(word, ())}
    missing = [f"Part {n} ({p.path})" for n, p in expected.items() if p.path not in found]
    problems = session.guard.problems()
    if missing:
        problems.append(f"search for {word!r} misses {missing}; results: {found}")
    if word in FIRST_SEARCH_HIT:
        first = part_page(FIRST_SEARCH_HIT[word])
        if found[:1] != [first.path]:
            problems.append(
                f"search for {word!r}: the first result is not Part {FIRST_SEARCH_HIT[word]} "
                f"({first.path}); results: {found}"
            )
    assert not problems, sb.format_problems(f"search for {word!r}", problems)


def test_search_index_holds_math_as_text_not_tex(site_dir: Path) -> None:
    """Every formula of every page is in the search index as the text of its MathML (``b3 = 0``),
    and neither its TeX source nor any math delimiter or TeX control word is."""
    problems, checked = sb.search_index_problems(site_dir)
    assert checked > 0, "no typeset formula (KaTeX MathML) found in the built pages"
    assert not problems, sb.format_problems(f"search index ({checked} formulas)", problems)


# --------------------------------------------------------------------------------------------
# Copy button


def _first_page_with(site_dir: Path, needle: str) -> sb.NavPage | None:
    for page in sb.nav_pages():
        html_file = site_dir / page.path / "index.html"
        if html_file.is_file() and needle in html_file.read_text(encoding="utf-8"):
            return page
    return None


#: Text of the first code block that has REPL prompts: its lines as shown, and whether each
#: line carries a prompt (``.gp``).
CODE_BLOCK_LINES = """
(code) => code.textContent.replace(/\\n$/, '').split('\\n')
"""


def expected_copy(lines: list[str]) -> list[str]:
    """What copying a pycon block should give: the source without prompts, no output lines.

    >>> expected_copy([">>> x = 1", ">>> for i in range(2):", "...     print(i)", "0", "1"])
    ['x = 1', 'for i in range(2):', '    print(i)']
    """
    kept = []
    for line in lines:
        for prompt in (">>> ", "... "):
            if line.startswith(prompt):
                kept.append(line[len(prompt) :])
                break
        else:
            if line in (">>>", "..."):
                kept.append("")
    return kept


def test_copy_button_copies_code_without_prompts_or_output(site_dir: Path, new_session: Any) -> None:
    target = _first_page_with(site_dir, 'class="gp"')
    if target is None:
        pytest.skip("no page has a pycon code block (with >>> prompts) to copy from yet")
    session = new_session(viewport=sb.DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    page = session.open(target.path)
    block = page.locator("pre:has(code .gp)").first
    code = block.locator("code").first
    shown = code.evaluate(CODE_BLOCK_LINES)
    button = block.locator('button.md-clipboard, button[data-md-type="copy"]').first
    assert button.count() == 1, f"{target.title}: the code block has no copy button"
    block.hover()
    button.click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    copied_lines = copied.split("\n")
    problems = session.guard.problems()
    prompted = [line for line in copied_lines if line.startswith((">>> ", "... "))]
    if prompted:
        problems.append(f"copied text keeps REPL prompts: {prompted}")
    expected = expected_copy(shown)
    nonblank = [line for line in copied_lines if line.strip()]
    if nonblank != [line for line in expected if line.strip()]:
        problems.append(
            "copied text is not the block's code without prompts and output:\n"
            f"    shown:    {shown}\n    copied:   {copied_lines}\n    expected: {expected}"
        )
    assert not problems, sb.format_problems(f"copy button on {target.title}", problems)
