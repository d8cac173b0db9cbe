"""Chromium's print to PDF of an article and a statistics page, read back with poppler's
`pdftotext`: the title and the figures are on paper, the site's navigation is not."""
import re
import shutil
import subprocess

import pytest

from conftest import ARTIFACTS, by_name, explain


def squeeze(text: str) -> str:
    """pdftotext breaks lines and may space out Chinese; compare without any whitespace."""
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: bytes) -> str:
    tool = shutil.which("pdftotext")
    if not tool:
        pytest.fail("`pdftotext` is not installed (Debian poppler-utils): make site-check installs it")
    run = subprocess.run([tool, "-layout", "-enc", "UTF-8", "-", "-"], input=pdf,
                         capture_output=True, check=True)
    return run.stdout.decode("utf-8")


@pytest.mark.parametrize("name", ["article", "statistics"])
def test_printed_page(name, pages, browser, findings):
    page = by_name(pages, name)
    browser.open(page.url, 1280)
    # What must reach paper, read from the screen version of the page.
    expected = browser.js("""
        const text = (el) => el.textContent.replace(/\\s+/g, "");
        const main = document.querySelector("main");
        return {
          title: text(main.querySelector("h1")),
          // A table row's cells in order (the figure beside its label), and headline figures.
          figures: [...main.querySelectorAll("table tr, .stats-figures strong, .figure .value")]
                     .map(text).filter(t => /\\d/.test(t)),
          chrome: [...document.querySelectorAll("header nav a")].map(text),
          skip: text(document.querySelector(".skip-link")),
        };""")
    # In print media nothing that is only for moving around the site is laid out.
    shown = browser.js("""
        return [...document.querySelectorAll("nav, .skip-link, .pagination, .prev-next")]
          .filter(el => el.getClientRects().length > 0)
          .map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));""")
    assert shown, "the screen version shows no navigation at all: the check would prove nothing"

    pdf = browser.print_pdf()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"print-{name}.pdf").write_bytes(pdf)
    text = squeeze(pdf_text(pdf))

    problems = []
    if expected["title"] not in text:
        problems.append(f"the title {expected['title']!r} is not in the PDF")
    if name == "statistics" and not expected["figures"]:
        problems.append("the statistics page shows no figures to look for")
    missing = [f for f in expected["figures"] if f not in text]
    if missing:
        problems.append(f"{len(missing)} of {len(expected['figures'])} figures not in the PDF: "
                        f"{', '.join(missing[:8])}")
    menu = "".join(expected["chrome"])
    if menu and menu in text:
        problems.append(f"the site menu is printed ({menu})")
    if expected["skip"] and expected["skip"] in text:
        problems.append(f"the skip link is printed ({expected['skip']})")

    browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        printed = browser.js("""
            return [...document.querySelectorAll("nav, .skip-link, .pagination, .prev-next")]
              .filter(el => el.getClientRects().length > 0)
              .map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));""")
    finally:
        browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    problems += [f"navigation laid out in print: {p}" for p in printed]
    assert not findings.add(f"print-{name}", None, problems), explain(problems)
