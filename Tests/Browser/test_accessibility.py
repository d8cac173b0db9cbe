"""axe-core on the same pages and widths as test_pages, plus what axe cannot judge alone: the skip
link works from the keyboard, the landmarks are there, each chart has a text alternative."""
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from checks import axe_problems
from conftest import PAGE_NAMES, WIDTHS, by_name, explain


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_axe_finds_nothing_serious(name, width, pages, browser, axe_source, findings):
    browser.open(by_name(pages, name).url, width)
    notes = []
    problems = axe_problems(browser, axe_source, notes)
    findings.note(name, width, notes)
    assert not findings.add(name, width, problems), explain(problems)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_landmarks_and_skip_link(name, pages, browser, findings):
    page = by_name(pages, name)
    browser.open(page.url, 375)
    problems = []
    counts = browser.js("""
        const n = (s) => document.querySelectorAll(s).length;
        return {banner: n("body > header"), nav: n("header nav[aria-label]"), main: n("main#main"),
                contentinfo: n("body > footer"), h1: n("main h1")};""")
    for landmark, expected in (("banner", 1), ("nav", 1), ("main", 1), ("contentinfo", 1),
                               ("h1", 1)):
        if counts[landmark] != expected:
            problems.append(f"{counts[landmark]} {landmark} landmark(s), expected {expected}")

    # The first Tab from the top of the page lands on the skip link, which then shows on screen,
    # and following it moves the focus into <main>.
    browser.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    ActionChains(browser.driver).send_keys(Keys.TAB).perform()
    focused = browser.js("""
        const a = document.activeElement, r = a.getBoundingClientRect();
        return {cls: a.className, href: a.getAttribute("href"), text: a.textContent.trim(),
                visible: r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth};""")
    if focused["cls"] != "skip-link":
        problems.append(f"the first Tab focuses {focused['text']!r}, not the skip link")
    else:
        if not focused["visible"]:
            problems.append("the skip link stays off screen when focused")
        ActionChains(browser.driver).send_keys(Keys.ENTER).perform()
        inside = browser.js("return !!document.activeElement.closest('main');")
        if not inside:
            problems.append(f"following the skip link ({focused['href']}) leaves the focus outside <main>")
    assert not findings.add(name, None, problems), explain(problems)


def test_every_chart_has_a_text_alternative(pages, browser, findings):
    """Each chart is an image with a name and a description Chromium computes, under a caption,
    beside a table holding its figures. Each chart is drawn twice, wide and narrow, and CSS
    shows one of them: the one shown at each width is checked."""
    page = by_name(pages, "statistics")
    problems = []
    for width in (375, 1280):
        browser.open(page.url, width)
        charts = [c for c in browser.driver.find_elements(By.CSS_SELECTOR, "svg") if c.is_displayed()]
        if not charts:
            problems.append(f"{page.path} shows no chart at {width}px")
        for chart in charts:
            cid = f'{chart.get_attribute("id") or "svg"} at {width}px'
            if chart.aria_role != "image" and chart.aria_role != "img":
                problems.append(f"{cid}: role is {chart.aria_role!r}, not an image")
            name = chart.accessible_name.strip()
            if len(name) < 4:
                problems.append(f"{cid}: no accessible name (got {name!r})")
            context = browser.js("""
                const svg = arguments[0], fig = svg.closest("figure");
                const section = svg.closest("section");
                return {caption: fig && fig.querySelector("figcaption") ? fig.querySelector("figcaption").textContent.trim() : "",
                        table: section ? section.querySelectorAll("table td, table th").length : 0};""", chart)
            if not context["caption"]:
                problems.append(f"{cid}: not in a <figure> with a caption")
            if context["table"] == 0:
                problems.append(f"{cid}: no table of its figures in the same section")
    assert not findings.add("statistics", 1280, problems), explain(problems)
