"""The pages in Chromium at a phone's width and a desktop's: what a visitor would see go wrong
(checks.page_problems), with a full-page screenshot of each in .ci/artifacts/screenshots/."""
import pytest

from checks import page_problems
from conftest import ARTIFACTS, PAGE_NAMES, WIDTHS, by_name, explain


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_looks_right(name, width, pages, browser, findings):
    page = by_name(pages, name)
    problems = page_problems(browser, page.url, width, page.status)
    browser.screenshot(ARTIFACTS / "screenshots" / f"{name}-{width}.png")
    assert not findings.add(name, width, problems), explain(problems)
