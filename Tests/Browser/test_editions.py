"""The two editions in Chromium: the header's switch leads from an article to the same article
in Traditional Chinese and back, each page says its language, and each names the other as its
`hreflang` alternate."""
from urllib.parse import urlparse

from conftest import by_name


def _edition(browser):
    return browser.js("""
        const link = document.querySelector('a.edition-switch');
        return {lang: document.documentElement.lang,
                switchHref: link && link.href, switchLang: link && link.getAttribute('lang'),
                alternates: [...document.querySelectorAll('link[rel=alternate][hreflang]')]
                    .map(l => [l.hreflang, new URL(l.href).pathname]),
                h1: document.querySelector('h1') && document.querySelector('h1').textContent};
    """)


def test_switch_leads_to_the_same_page_in_the_other_edition(pages, browser):
    article = by_name(pages, "article")
    traditional = by_name(pages, "article-zh-hant")
    assert browser.open(article.url, 1280) == []
    simplified = _edition(browser)
    assert simplified["lang"] == "zh-CN"
    assert simplified["switchLang"] == "zh-Hant"
    assert urlparse(simplified["switchHref"]).path == traditional.path
    assert simplified["alternates"] == [["zh-Hans", article.path], ["zh-Hant", traditional.path]]

    browser.driver.find_element("css selector", "a.edition-switch").click()
    assert urlparse(browser.driver.current_url).path == traditional.path
    hant = _edition(browser)
    assert hant["lang"] == "zh-Hant"
    assert hant["switchLang"] == "zh-Hans"
    assert hant["alternates"] == simplified["alternates"]
    # The same article, its title in Traditional characters (never identical for this sample).
    assert hant["h1"] and hant["h1"] != simplified["h1"]

    browser.driver.find_element("css selector", "a.edition-switch").click()
    assert urlparse(browser.driver.current_url).path == article.path
