"""Types queries into the site's search box in a real headless Chromium and checks the results
against a plain substring scan of the page texts the build wrote.

Self-contained: builds the sample site with `.build/debug/showcase build --output <tmp>` (run
`swift build` first), serves it with `python3 -m http.server` on a free port, and drives Debian's
`chromium` with `chromium-driver` through selenium (`pip install selenium pytest`). Skips, saying
why, when Chromium, its driver, selenium or the showcase binary is missing.

    pytest Tests/Browser/test_search.py
"""
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHOWCASE = os.path.join(REPO, ".build", "debug", "showcase")

selenium = pytest.importorskip("selenium", reason="selenium is not installed: pip install selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
pytestmark = pytest.mark.skipif(not CHROMIUM or not DRIVER,
                                reason="Chromium is not installed: apt-get install chromium chromium-driver fonts-noto-cjk")


# ---- The same folding as Sources/Search/SearchFold.swift, written again from its description.
def fold(ch):
    v = ord(ch)
    if 0xFF01 <= v <= 0xFF5E:
        v -= 0xFEE0
    elif v == 0x3000:
        return " "
    if 0x41 <= v <= 0x5A or (0xC0 <= v <= 0xDE and v != 0xD7):
        v += 0x20
    return chr(v)


def is_cjk(v):
    return (0x4E00 <= v <= 0x9FFF or 0x3400 <= v <= 0x4DBF or 0x3005 <= v <= 0x3007 or 0x3040 <= v <= 0x30FF
            or 0xAC00 <= v <= 0xD7AF or 0xF900 <= v <= 0xFAFF or 0x20000 <= v <= 0x3FFFF)


def kind(ch):
    v = ord(ch)
    if v < 0x80:
        return "word" if ch.isdigit() or "a" <= ch <= "z" else "sep"
    if 0xC0 <= v <= 0x24F and v not in (0xD7, 0xF7):
        return "word"
    return "cjk" if is_cjk(v) else "sep"


def folded(text):
    return "".join(c if kind(c) != "sep" else " " for c in map(fold, text))


def tokens(query):
    out, cur, cur_kind = [], "", None
    for c in map(fold, query):
        k = kind(c)
        if k == "sep" or k != cur_kind:
            if cur:
                out.append((cur_kind, cur))
            cur, cur_kind = ("", None) if k == "sep" else (c, k)
        else:
            cur += c
    if cur:
        out.append((cur_kind, cur))
    return out


def contains(text, query, f=None):
    """CJK runs anywhere; words only where a word starts. `f`: the text already folded."""
    f = folded(text) if f is None else f
    for k, t in tokens(query):
        at = f.find(t)
        if k == "word":
            while at > 0 and kind(f[at - 1]) == "word":
                at = f.find(t, at + 1)
        if at < 0:
            return False
    return True


def read_texts(folder):
    """Every searchable page's URL → text, read from the index's text chunks (search/t/*.bin,
    Sources/Search/TextChunk.swift): per page a kind byte and four strings, each a varint count
    of UTF-16 units coded with meta.json's table (one byte below 192, two up to 254, else 255
    and the unit)."""
    with open(os.path.join(folder, "search", "meta.json"), encoding="utf-8") as f:
        table = [ord(c) for c in json.load(f)["chars"]]  # no surrogates: those are coded as 255 + unit
    out = {}
    for path in glob.glob(os.path.join(folder, "search", "t", "*.bin")):
        data = open(path, "rb").read()
        i = 0

        def varint():
            nonlocal i
            v, shift = 0, 0
            while True:
                b = data[i]
                i += 1
                v |= (b & 0x7F) << shift
                if b < 0x80:
                    return v
                shift += 7

        def string():
            nonlocal i
            units = []
            for _ in range(varint()):
                b = data[i]
                if b < 192:
                    units.append(table[b])
                    i += 1
                elif b < 255:
                    units.append(table[192 + ((b - 192) << 8) + data[i + 1]])
                    i += 2
                else:
                    units.append(data[i + 1] | data[i + 2] << 8)
                    i += 3
            return b"".join(u.to_bytes(2, "little") for u in units).decode("utf-16-le")

        while i < len(data):
            i += 1  # the kind
            _title, url, _date, text = string(), string(), string(), string()
            out[url] = text
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(source, output):
    if not os.path.exists(SHOWCASE):
        pytest.skip(f"{SHOWCASE} is missing: run `swift build` first")
    subprocess.run([SHOWCASE, "build", "--source", source, "--output", output], check=True, capture_output=True)


class Site:
    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.server = subprocess.Popen([sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1",
                                        "--directory", folder], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        self.url = f"http://127.0.0.1:{self.port}/"

    def texts(self):
        """Every searchable page's URL and text, as the build wrote them."""
        return read_texts(self.folder)

    def close(self):
        self.server.terminate()
        self.server.wait()


@pytest.fixture(scope="module")
def sample():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        build(REPO, out)
        site = Site(out)
        yield site
        site.close()


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=zh-CN"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def wait_done(driver):
    """Waits for the search to settle and returns the status text."""
    def settled(d):
        page = d.find_element(By.ID, "search-page")
        status = d.find_element(By.ID, "search-status").text
        return status if page.get_attribute("aria-busy") != "true" and status and status != "正在搜索…" else False
    return WebDriverWait(driver, 20).until(settled)


def all_results(driver):
    """Every result URL, pressing “more” until it is gone."""
    wait_done(driver)
    for _ in range(500):
        more = driver.find_element(By.ID, "search-more")
        if not more.is_displayed():
            break
        count = len(driver.find_elements(By.CSS_SELECTOR, "#search-results a.search-title"))
        more.click()
        WebDriverWait(driver, 20).until(
            lambda d: d.find_element(By.ID, "search-page").get_attribute("aria-busy") != "true"
            and (len(d.find_elements(By.CSS_SELECTOR, "#search-results a.search-title")) > count
                 or not d.find_element(By.ID, "search-more").is_displayed()
                 or "暂未找到" in d.find_element(By.ID, "search-status").text))
        wait_done(driver)
    links = driver.find_elements(By.CSS_SELECTOR, "#search-results a.search-title")
    return [a.get_attribute("href") for a in links]


def type_query(driver, site, query):
    driver.get(site.url + "search/")
    box = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "search-q"))
    box.clear()
    box.send_keys(query)
    box.send_keys(Keys.ENTER)
    return all_results(driver)


def expected(site, query):
    return sorted(site.url.rstrip("/") + url for url, text in site.texts().items() if contains(text, query))


def test_two_characters_across_a_word(sample, browser):
    # 昆山市|妇女联合会: “市妇” is no word, and a segmenting index would not find it.
    want = expected(sample, "市妇")
    assert len(want) >= 5
    assert sorted(type_query(browser, sample, "市妇")) == want


def test_one_character(sample, browser):
    want = expected(sample, "联")
    assert len(want) > 10
    got = type_query(browser, sample, "联")
    assert sorted(got) == want
    assert len(got) == len(set(got))


def test_full_width_letters(sample, browser):
    # A word of the sample typed in full-width capitals (ＥＸＡＭＰＬＥ) finds the pages with it.
    word = "example"
    query = "".join(chr(ord(c) - 0x20 + 0xFEE0) for c in word)
    assert unicodedata.east_asian_width(query[0]) == "F"
    want = expected(sample, word)
    assert want, "the sample has pages with the word"
    assert sorted(type_query(browser, sample, query)) == want


def test_punctuation_is_ignored_and_titles_come_first(sample, browser):
    got = type_query(browser, sample, "妇女，儿童！")
    assert sorted(got) == expected(sample, "妇女 儿童")
    first_title = browser.find_element(By.CSS_SELECTOR, "#search-results a.search-title").text
    assert "妇女" in first_title and "儿童" in first_title


def test_header_box_leads_to_results_and_the_link_works(sample, browser):
    browser.get(sample.url)
    box = browser.find_element(By.ID, "site-search-q")
    box.send_keys("集市")
    box.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: "/search/" in d.current_url)
    assert sorted(all_results(browser)) == expected(sample, "集市")
    # The results page is a link that can be shared.
    browser.get(sample.url + "search/?q=%E9%9B%86%E5%B8%82&kind=event")
    got = all_results(browser)
    assert got and all("/events/" in u for u in got)
    assert sorted(got) == [u for u in expected(sample, "集市") if "/events/" in u]
    snippet_marks = browser.find_elements(By.CSS_SELECTOR, "#search-results .search-snippet mark")
    assert snippet_marks and all(m.text == "集市" for m in snippet_marks)


def test_keyboard(sample, browser):
    type_query(browser, sample, "联盟")
    box = browser.find_element(By.ID, "search-q")
    box.click()
    box.send_keys(Keys.ARROW_DOWN)
    first = browser.find_element(By.CSS_SELECTOR, "#search-results a.search-title")
    assert browser.switch_to.active_element == first
    first.send_keys(Keys.ARROW_UP)
    assert browser.switch_to.active_element == box
    assert browser.find_element(By.ID, "search-status").get_attribute("aria-live") == "polite"


def test_hostile_titles_stay_text():
    if not CHROMIUM or not DRIVER:
        pytest.skip("no Chromium")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "site")
        os.makedirs(os.path.join(src, "content", "articles"))
        shutil.copytree(os.path.join(REPO, "templates"), os.path.join(src, "templates"))
        with open(os.path.join(src, "content", "site.yaml"), "w", encoding="utf-8") as f:
            f.write("title: 测试\ndescription: 测试\nbase_url: https://example.org/\nlanguage: zh-CN\n"
                    "federation:\n  name: 测试市妇女联合会\nmenu:\n  - title: 首页\n    url: /\ndomains: []\n")
        os.makedirs(os.path.join(src, "content", "data"))
        with open(os.path.join(src, "content", "data", "choices.yaml"), "w", encoding="utf-8") as f:
            f.write("organizations:\n  supervisor: [测试市妇女联合会]\nevents:\n  kind: [交流]\n"
                    "articles:\n  column: [工作动态]\nprojects:\n  program: [公益创投]\n  status: [已结项]\n")
        with open(os.path.join(src, "content", "articles", "evil.md"), "w", encoding="utf-8") as f:
            f.write('---\ntitle: "<img src=x onerror=window.__xss=1>恶意标题"\ndate: 2014-05-20\nauthor: 示例作者\ncolumn: 工作动态\n---\n'
                    "正文 &lt;b onclick=window.__xss=2&gt;恶意&lt;/b&gt; 与 `<script>window.__xss=3</script>` 恶意内容。\n")
        out = os.path.join(tmp, "out")
        build(src, out)
        site = Site(out)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service(DRIVER), options=options)
        try:
            got = type_query(driver, site, "恶意")
            assert len(got) == 1
            results = driver.find_element(By.ID, "search-results")
            assert results.find_elements(By.TAG_NAME, "img") == []
            assert results.find_elements(By.TAG_NAME, "script") == []
            assert results.find_elements(By.TAG_NAME, "b") == []
            assert "<img src=x onerror=window.__xss=1>恶意标题" in results.text
            assert driver.execute_script("return window.__xss === undefined")
        finally:
            driver.quit()
            site.close()
