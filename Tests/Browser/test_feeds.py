"""The machine-readable files, read by parsers we did not write: the Atom feed by `feedparser`,
each event's calendar by `icalendar`, the sitemap by `xmllint` against the sitemaps.org 0.9
schema (schemas/sitemap-0.9.xsd), robots.txt by Python's `urllib.robotparser`."""
import html
import re
import shutil
import subprocess
import urllib.error
import urllib.request
import urllib.robotparser
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import pytest

from conftest import explain

SCHEMA = Path(__file__).parent / "schemas" / "sitemap-0.9.xsd"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def status_of(url: str | None) -> int:
    """The status the local copy answers for a link (0 for one outside the site)."""
    if url is None:
        return 0
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def public_address(site: Path) -> str:
    """The site's public address, as the home page states it (`<link rel="canonical">`)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    assert match, "the home page has no canonical link"
    return match.group(1)


def locally(url: str, site: Path, server) -> str | None:
    """The local copy's URL for a link to the site's public address; None for any other link."""
    public = public_address(site)
    return server.url("/" + url[len(public):]) if url.startswith(public) else None


def feed_problems(site: Path, server) -> list[str]:
    import feedparser

    feed = feedparser.parse(server.url("/feed.xml"))
    problems = []
    if feed.bozo:
        problems.append(f"feedparser: {feed.bozo_exception}")
    if feed.version != "atom10":
        problems.append(f"read as {feed.version!r}, not Atom 1.0")
    if not feed.feed.get("title"):
        problems.append("the feed has no title")
    if not feed.entries:
        problems.append("the feed has no entries")
    ids = [e.get("id") for e in feed.entries]
    if len(set(ids)) != len(ids):
        problems.append("two entries share an id")
    dates = [e.get("published_parsed") for e in feed.entries]
    if None in dates:
        problems.append("an entry has no readable publication date")
    elif dates != sorted(dates, reverse=True):
        problems.append("entries are not newest first")
    for e in feed.entries:
        for field in ("title", "link", "summary", "content", "updated_parsed"):
            if not e.get(field):
                problems.append(f"{e.get('id')}: no {field}")
        if e.get("link") and status_of(locally(e.link, site, server)) != 200:
            problems.append(f"{e.get('id')}: its link {e.link} is broken")
    self_links = [l.href for l in feed.feed.get("links", []) if l.get("rel") == "self"]
    if not self_links or not self_links[0].endswith("/feed.xml"):
        problems.append(f"self link is {self_links}")
    return problems


def calendar_problems(site: Path, server) -> list[str]:
    import icalendar

    files = sorted(site.glob("events/**/*.ics"))
    if not files:
        return ["the built site has no .ics file"]
    problems, uids = [], {}
    for path in files:
        name = path.relative_to(site).as_posix()
        raw = path.read_bytes()
        lines = raw.split(b"\r\n")
        if lines[-1] != b"" or any(b"\n" in l for l in lines):
            problems.append(f"{name}: lines are not all ended by CRLF")
        long = [i + 1 for i, l in enumerate(lines) if len(l) > 75]
        if long:
            problems.append(f"{name}: lines {long[:5]} are over 75 octets (RFC 5545 3.1)")
        try:
            cal = icalendar.Calendar.from_ical(raw)
        except ValueError as e:
            problems.append(f"{name}: icalendar cannot read it: {e}")
            continue
        for key in ("VERSION", "PRODID"):
            if key not in cal:
                problems.append(f"{name}: no {key}")
        events = [c for c in cal.walk("VEVENT")]
        if len(events) != 1:
            problems.append(f"{name}: {len(events)} events, expected 1")
            continue
        ev = events[0]
        for key in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL"):
            if key not in ev:
                problems.append(f"{name}: no {key}")
        uid = str(ev.get("UID"))
        if uid in uids:
            problems.append(f"{name}: UID {uid} is also {uids[uid]}'s")
        uids[uid] = name
        start = ev.decoded("DTSTART") if "DTSTART" in ev else None
        end = ev.decoded("DTEND") if "DTEND" in ev else None
        if isinstance(start, datetime) and start.tzinfo is None:
            problems.append(f"{name}: DTSTART is a floating time (no zone)")
        if start is not None and end is not None and type(start) is type(end) and end < start:
            problems.append(f"{name}: ends ({end}) before it starts ({start})")
        if not isinstance(start, (date, datetime)):
            problems.append(f"{name}: DTSTART {start!r} is not a date")
        # The decoded SUMMARY is the title the event's page shows: escaping survived the trip.
        page = locally(str(ev.get("URL", "")), site, server)
        if status_of(page) != 200:
            problems.append(f"{name}: URL {ev.get('URL')} is broken")
            continue
        with urllib.request.urlopen(page, timeout=30) as r:
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", r.read().decode("utf-8"), re.S)
        title = html.unescape(re.sub(r"<[^>]+>", "", h1.group(1))).strip() if h1 else None
        if str(ev.get("SUMMARY", "")) != title:
            problems.append(f"{name}: SUMMARY {str(ev.get('SUMMARY', ''))!r} is not the page's "
                            f"title {title!r}")
    return problems


def sitemap_problems(site: Path, server) -> list[str]:
    xmllint = shutil.which("xmllint")
    if not xmllint:
        pytest.fail("`xmllint` is not installed (Debian libxml2-utils): make site-check installs it")
    sitemap = site / "sitemap.xml"
    run = subprocess.run([xmllint, "--noout", "--schema", str(SCHEMA), str(sitemap)],
                         capture_output=True, text=True)
    problems = [] if run.returncode == 0 else [f"xmllint: {l}" for l in run.stderr.splitlines()
                                                if "validates" not in l]
    locs = [u.findtext(f"{SM}loc") for u in ET.parse(sitemap).getroot().iter(f"{SM}url")]
    if len(set(locs)) != len(locs):
        problems.append("a page is listed twice")
    public = public_address(site)
    listed = {loc[len(public) - 1:] for loc in locs if loc.startswith(public)}
    for loc in locs:
        if not loc.startswith(public):
            problems.append(f"{loc} is not under the site's address {public}")
        elif status_of(locally(loc, site, server)) != 200:
            problems.append(f"{loc} is listed but broken")
    # Every page of the site is listed, except the 404 pages (one per edition) and pages kept out of search
    # engines (the search page: it has no content of its own).
    for index in sorted(site.rglob("*.html")):
        rel = "/" + index.relative_to(site).as_posix()
        path = rel[: -len("index.html")] if rel.endswith("/index.html") else rel
        noindex = '<meta name="robots" content="noindex">' in index.read_text(encoding="utf-8", errors="replace")
        if not path.endswith("/404.html") and path not in listed and not index.name.startswith(".") and not noindex:
            problems.append(f"{path} is not in the sitemap")
    return problems


def robots_problems(site: Path, server) -> list[str]:
    robots = urllib.robotparser.RobotFileParser(server.url("/robots.txt"))
    robots.read()
    public = public_address(site)
    problems = []
    if not robots.can_fetch("*", public):
        problems.append("robots.txt keeps crawlers off the home page")
    if robots.site_maps() != [public + "sitemap.xml"]:
        problems.append(f"robots.txt names the sitemaps {robots.site_maps()}, "
                        f"expected {public}sitemap.xml")
    return problems


@pytest.mark.parametrize("name, check", [("feed.xml", feed_problems),
                                         ("calendars", calendar_problems),
                                         ("sitemap.xml", sitemap_problems),
                                         ("robots.txt", robots_problems)])
def test_machine_readable_file(name, check, site, server, findings):
    problems = check(site, server)
    assert not findings.add(name, None, problems), explain(problems)
