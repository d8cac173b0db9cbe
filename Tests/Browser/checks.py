"""The checks themselves, each returning a list of problems as sentences (empty: all well), so the
tests over the sample site and the tests that prove each check catches a broken page
(test_checks_catch_faults.py) run the very same code."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

PAGE_CHECKS = (Path(__file__).parent / "page_checks.js").read_text(encoding="utf-8")

# Fonts that hold Chinese glyphs: the theme's own stacks (site.css) and what Debian installs.
CJK_FONT = re.compile(r"CJK|Source Han|WenQuanYi|PingFang|Hiragino|YaHei|SimSun|Songti|Heiti|"
                      r"Droid Sans Fallback|AR PL", re.I)
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


# --- One page in the browser ---------------------------------------------------------------------

def page_problems(browser, url: str, width: int, status: int = 200) -> list[str]:
    """Loads `url` at `width` and returns what a visitor would see go wrong: the wrong status,
    console errors, failed images, stylesheets or icon, sideways scrolling, text out of its box,
    Chinese not drawn with a CJK font."""
    errors = browser.open(url, width)
    problems = []
    got = browser.js("return performance.getEntriesByType('navigation')[0].responseStatus")
    if got != status:
        problems.append(f"{urlsplit(url).path} answered {got}, expected {status}")
    if status == 404:
        # Chromium logs the page's own 404 as an error; that is the point of this page.
        errors = [e for e in errors if not (url in e and " 404 " in e)]
    problems += [f"console error: {e}" for e in errors]
    problems += browser.driver.execute_async_script(PAGE_CHECKS)
    problems += cjk_problems(browser)
    return problems


def cjk_problems(browser) -> list[str]:
    """Chinese is drawn with a font that has Chinese glyphs, not as tofu boxes from a fallback:
    the fonts Chromium used for the page's title, first paragraph and site title are read back
    from it (DevTools' "rendered fonts")."""
    problems = []
    for selector in ("h1", "main p", ".site-title"):
        text = browser.js(
            "const el = document.querySelector(arguments[0]);"
            "return el ? [...el.childNodes].filter(n => n.nodeType === 3)"
            ".map(n => n.textContent).join('') : '';", selector)
        han = len(HAN.findall(text))
        if han == 0:
            continue
        fonts = browser.platform_fonts(selector)
        drawn = sum(f["glyphCount"] for f in fonts if CJK_FONT.search(f["familyName"]))
        if drawn < han:
            used = ", ".join(f"{f['familyName']} ({f['glyphCount']})" for f in fonts) or "none"
            problems.append(f"{selector}: {han} Chinese characters but only {drawn} drawn with a "
                            f"CJK font; fonts used: {used}")
    return problems


# axe's own grading. Colour contrast ("color-contrast", serious) is among the rules it runs.
FAILING_IMPACTS = ("serious", "critical")

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]})
  .then(r => done(JSON.stringify({version: axe.version, violations: r.violations})))
  .catch(e => done(JSON.stringify({error: String(e)})));
"""


def axe_problems(browser, axe_source: str, notes: list[str] | None = None) -> list[str]:
    """axe-core's serious and critical violations on the open page, with where they are; the
    moderate and minor ones go to `notes`, to be shown without failing."""
    browser.js(axe_source)
    result = json.loads(browser.driver.execute_async_script(RUN_AXE))
    if "error" in result:
        return [f"axe failed: {result['error']}"]
    if not result["version"].startswith("4."):
        return [f"axe {result['version']} is not 4.x"]
    problems = []
    for v in result["violations"]:
        if v["impact"] not in FAILING_IMPACTS:
            if notes is not None:
                notes.append(f"axe {v['impact']} {v['id']}: {v['help']} "
                             f"({len(v['nodes'])} element(s))")
            continue
        targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
        detail = v["nodes"][0].get("failureSummary", "").replace("\n", " ")[:200]
        problems.append(f"axe {v['impact']} {v['id']}: {v['help']} at {targets}{more}. {detail}")
    return problems


# --- Links ---------------------------------------------------------------------------------------

LINKING = {"a": "href", "area": "href", "link": "href", "img": "src", "source": "src",
           "script": "src", "iframe": "src", "form": "action"}


class Outline(HTMLParser):
    """The links and element ids of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.canonical = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        target = a.get(LINKING.get(tag, ""))
        if target is not None and a.get("rel") not in ("preconnect", "dns-prefetch"):
            self.links.append(target)


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers.get_content_type(), r.read()
    except urllib.error.HTTPError as e:
        return e.code, "", b""


class Crawl:
    """Follows every internal link from a start page, `depth` levels deep. Absolute links to the
    site's public address (the start page's canonical URL: og:url, the feed's links, …) count as
    internal and are checked against the local copy."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")  # http://127.0.0.1:PORT
        self.public = None
        self.outlines: dict[str, tuple[int, Outline | None]] = {}
        self.checked: set[tuple[str, str]] = set()
        self.external: set[str] = set()

    def local(self, url: str) -> str | None:
        if url.startswith(self.base + "/"):
            return url
        if self.public and url.startswith(self.public):
            return self.base + "/" + url[len(self.public):]
        return None

    def get(self, url: str) -> tuple[int, Outline | None]:
        if url not in self.outlines:
            status, kind, body = fetch(url)
            outline = None
            if kind == "text/html":
                outline = Outline()
                outline.feed(body.decode("utf-8"))
            self.outlines[url] = (status, outline)
        return self.outlines[url]

    def problems(self, start: str, depth: int = 2) -> list[str]:
        status, outline = self.get(start)
        if status != 200 or outline is None:
            return [f"{start} answered {status}"]
        if outline.canonical and outline.canonical.endswith("/"):
            self.public = outline.canonical
        problems = []
        level = [(start, outline)]
        for d in range(1, depth + 1):
            next_level = []
            for source, page in level:
                for raw in page.links:
                    if raw.startswith(("mailto:", "tel:", "data:", "javascript:")):
                        continue
                    url, fragment = urldefrag(urljoin(source, raw))
                    target = self.local(url)
                    if target is None:
                        self.external.add(urlsplit(url).netloc)
                        continue
                    if (target, fragment) in self.checked:
                        continue
                    self.checked.add((target, fragment))
                    status, linked = self.get(target)
                    where = f"{urlsplit(source).path} → {raw}"
                    if status != 200:
                        problems.append(f"{where}: answered {status}")
                    elif fragment and (linked is None or fragment not in linked.ids):
                        problems.append(f"{where}: no element with id {fragment!r} there")
                    elif d < depth and linked is not None:
                        next_level.append((target, linked))
            level = next_level
        return problems
