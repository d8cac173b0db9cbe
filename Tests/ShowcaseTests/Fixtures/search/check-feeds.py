"""Reads every Atom feed and iCalendar file of a built site with real readers, for FeedTests.

    python3 check-feeds.py SITE_DIR  →  JSON on stdout:
    {"feeds": {path: {"bozo": str|null, "title": …, "entries": [{"title", "link", "published"}]}},
     "calendars": {path: {"events": [{"uid", "summary", "location", "url", "start", "end", "allDay", "tzid"}],
                          "timezones": [tzid, …], "longest_line": n}}}
Times are ISO 8601 with their offset, converted to Asia/Shanghai when they have a zone.
"""
import json
import os
import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

import feedparser
import icalendar

root = sys.argv[1]
shanghai = ZoneInfo("Asia/Shanghai")
out = {"feeds": {}, "calendars": {}}


def when(value):
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.isoformat() + " (floating)"
        return value.astimezone(shanghai).isoformat()
    return value.isoformat()


def utf8(line):
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


for folder, _, files in os.walk(root):
    for name in sorted(files):
        path = os.path.join(folder, name)
        rel = os.path.relpath(path, root)
        if name.endswith(".xml") and name != "sitemap.xml":
            d = feedparser.parse(path)
            out["feeds"][rel] = {
                "bozo": str(d.bozo_exception) if d.bozo else None,
                "title": d.feed.get("title"),
                "entries": [{"title": e.get("title"), "link": e.get("link"), "published": e.get("published")} for e in d.entries],
            }
        elif name.endswith(".ics"):
            raw = open(path, "rb").read()
            cal = icalendar.Calendar.from_ical(raw)
            events = []
            for ev in cal.walk("VEVENT"):
                start = ev.get("DTSTART")
                end = ev.get("DTEND")
                events.append({
                    "uid": str(ev.get("UID")), "summary": str(ev.get("SUMMARY")), "location": str(ev.get("LOCATION", "")),
                    "url": str(ev.get("URL", "")), "description": str(ev.get("DESCRIPTION", "")),
                    "start": when(start.dt), "end": when(end.dt) if end is not None else None,
                    "allDay": not isinstance(start.dt, datetime),
                    "tzid": start.params.get("TZID"),
                })
            lines = raw.split(b"\r\n")
            out["calendars"][rel] = {
                "events": events,
                "timezones": [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")],
                "longest_line": max(len(line) for line in lines),
                "bare_newlines": raw.replace(b"\r\n", b"").count(b"\n"),
                "lines_valid_utf8": all(utf8(line) for line in lines),
            }
json.dump(out, sys.stdout, ensure_ascii=False)
