"""The checks can fail: run on a page built to be broken (fixtures/broken/), each reports the
fault it exists for. Without this, a check that silently stopped looking would pass forever."""
import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from checks import Crawl, axe_problems, page_problems
from conftest import Server, StaticHost, start_browser
from test_feeds import calendar_problems, feed_problems, robots_problems, sitemap_problems

BROKEN = Path(__file__).parent / "fixtures" / "broken"


@pytest.fixture(scope="module")
def broken():
    handler = functools.partial(StaticHost, directory=str(BROKEN))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield Server(BROKEN, f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.shutdown()
    httpd.server_close()


def reported(problems, *words):
    return any(all(w in p for w in words) for p in problems)


def test_page_checks_report_each_fault(broken, browser):
    problems = page_problems(browser, broken.url("/index.html"), 375)
    expected = {
        "the script error": ("console error", "notDefinedAnywhere"),
        "the missing stylesheet": ("stylesheet did not load", "missing.css"),
        "the missing image": ("image did not load", "missing.png"),
        "the missing icon": ("site icon", "favicon.ico", "404"),
        "the sideways scrolling": ("scrolls sideways", "div.wide"),
        "the text out of its box": ("text runs", "div.narrow"),
    }
    missed = [fault for fault, words in expected.items() if not reported(problems, *words)]
    assert not missed, f"not reported: {missed}; reported: {problems}"
    # The Chinese itself is fine, and the check says so.
    assert not reported(problems, "CJK font"), problems


@pytest.fixture(scope="module")
def browser_without_cjk_fonts(tmp_path_factory):
    """Chromium on a machine that has only DejaVu, as a fresh machine without fonts-noto-cjk."""
    folder = tmp_path_factory.mktemp("fonts")
    config = folder / "fonts.conf"
    config.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                      f"<dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{folder}</cachedir>"
                      "</fontconfig>", encoding="utf-8")
    started = start_browser(env={**os.environ, "FONTCONFIG_FILE": str(config)})
    yield started
    started.driver.quit()


def test_cjk_check_reports_tofu(broken, browser_without_cjk_fonts):
    problems = page_problems(browser_without_cjk_fonts, broken.url("/index.html"), 1280)
    assert reported(problems, "h1: 6 Chinese characters but only 0 drawn with a CJK font"), problems


def test_page_checks_expect_the_status(broken, browser):
    assert reported(page_problems(browser, broken.url("/good.html"), 1280, status=404),
                    "answered 200, expected 404")


def test_axe_reports_low_contrast(broken, browser, axe_source):
    browser.open(broken.url("/index.html"), 1280)
    problems = axe_problems(browser, axe_source)
    assert reported(problems, "serious color-contrast", ".faint"), problems


def test_crawl_reports_broken_links_and_fragments(broken):
    crawl = Crawl(broken.base)
    problems = crawl.problems(broken.url("/index.html"), depth=2)
    assert reported(problems, "missing/", "answered 404"), problems
    assert reported(problems, "#no-such-id", "no element"), problems
    assert not reported(problems, "good.html#here"), problems
    assert (broken.url("/good.html"), "here") in crawl.checked


def test_feed_check_reports_a_malformed_feed(broken):
    problems = feed_problems(BROKEN, broken)
    assert reported(problems, "feedparser:"), problems


def test_calendar_check_reports_each_fault(broken):
    problems = calendar_problems(BROKEN, broken)
    for words in (("over 75 octets",), ("no UID",), ("ends", "before it starts"),
                  ("SUMMARY", "is not the page's title")):
        assert reported(problems, *words), (words, problems)


def test_sitemap_check_reports_each_fault(broken):
    problems = sitemap_problems(BROKEN, broken)
    for words in (("xmllint", "lastmod"), ("gone/", "listed but broken"),
                  ("/good.html", "not in the sitemap")):
        assert reported(problems, *words), (words, problems)


def test_robots_check_reports_a_closed_site(broken):
    problems = robots_problems(BROKEN, broken)
    assert reported(problems, "keeps crawlers off"), problems
    assert reported(problems, "names the sitemaps None"), problems
