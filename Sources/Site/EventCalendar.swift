import Content
import Support

/// iCalendar (RFC 5545) files: one per event, and `events.ics` with every upcoming event.
///
/// Times are written in the site's zone with a `VTIMEZONE` when that zone is Asia/Shanghai
/// (UTC+8 without daylight saving since 1991, so one fixed `STANDARD` rule is the whole truth);
/// a site in any other zone gets UTC times, which every calendar reads correctly. Nothing
/// depends on the build's clock, so builds stay byte-identical and `UID`s stable.
struct EventCalendar {
    let site: SiteContent
    let urls: SiteURLs
    let absolute: (String) -> String

    static let shanghai = "Asia/Shanghai"
    private var zoned: Bool { site.config.timeZoneIdentifier == Self.shanghai }

    /// One event's calendar file.
    func file(for e: Event) -> String { document(events: [e], name: e.title) }

    /// Every event that has not ended by `today`, soonest first.
    func upcoming(today: ContentDate) -> String {
        let events = site.events.filter { ($0.end ?? $0.start) >= today || Self.sameDay($0.end ?? $0.start, today) }
            .sorted { $0.start < $1.start }
        return document(events: events, name: site.config.title + " · 活动")
    }

    private static func sameDay(_ a: ContentDate, _ b: ContentDate) -> Bool { a.year == b.year && a.month == b.month && a.day == b.day }

    private func document(events: [Event], name: String) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Showcase//\(Escape.ics(site.config.title))//ZH", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:\(Escape.ics(name))",
        ]
        if zoned {
            lines += [
                "X-WR-TIMEZONE:\(Self.shanghai)", "BEGIN:VTIMEZONE", "TZID:\(Self.shanghai)", "X-LIC-LOCATION:\(Self.shanghai)",
                "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST",
                "END:STANDARD", "END:VTIMEZONE",
            ]
        }
        for e in events { lines += event(e) }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    private func event(_ e: Event) -> [String] {
        let host = site.config.baseURL.split(separator: "/").dropFirst().first.map(String.init) ?? "showcase.local"
        var lines = ["BEGIN:VEVENT", "UID:\(e.slug)@\(host)", "DTSTAMP:\(Self.utc(e.start))"]
        if e.start.hasTime {
            lines.append("DTSTART\(dateTime(e.start))")
            if let end = e.end {
                // An end given as a day only: the event runs to the end of that day.
                lines.append(
                    "DTEND"
                        + (end.hasTime
                            ? dateTime(end)
                            : zoned
                                ? ";TZID=\(Self.shanghai):\(Self.dayAfter(end))T000000"
                                : ":" + Self.utc(epoch: end.epochSeconds + 86_400)))
            }
        } else {
            // All-day: DATE values, and DTEND is exclusive: the day after the last day.
            lines.append("DTSTART;VALUE=DATE:\(Self.day(e.start))")
            lines.append("DTEND;VALUE=DATE:\(Self.dayAfter(e.end ?? e.start))")
        }
        lines += ["SUMMARY:\(Escape.ics(e.title))"]
        if !e.location.isEmpty { lines.append("LOCATION:\(Escape.ics(e.location))") }
        if !e.kind.isEmpty { lines.append("CATEGORIES:\(Escape.ics(e.kind))") }
        lines += ["URL:\(Self.uri(absolute(urls.event(e.slug))))", "DESCRIPTION:\(Escape.ics(Summary.of(e.source.body)))", "END:VEVENT"]
        return lines
    }

    /// `;TZID=Asia/Shanghai:20140520T143000` in the site's zone, or `:20140520T063000Z`.
    private func dateTime(_ d: ContentDate) -> String {
        guard zoned else { return ":" + Self.utc(d) }
        let seconds = Int(((d.epochSeconds % 60) + 60) % 60)
        return ";TZID=\(Self.shanghai):\(Self.day(d))T\(Self.two(d.hour))\(Self.two(d.minute))\(Self.two(seconds))"
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    /// `20140520`
    private static func day(_ d: ContentDate) -> String { ymd(d.year, d.month, d.day) }
    private static func ymd(_ y: Int, _ m: Int, _ d: Int) -> String { String(y) + two(m) + two(d) }
    /// `20140520T063000Z`
    private static func utc(_ d: ContentDate) -> String { utc(epoch: d.epochSeconds) }
    private static func utc(epoch: Int64) -> String {
        let days = Int((epoch - ((epoch % 86_400) + 86_400) % 86_400) / 86_400)
        let seconds = Int(epoch - Int64(days) * 86_400)
        let (y, m, d) = DateParser.civilFromDays(days)
        return ymd(y, m, d) + "T" + two(seconds / 3600) + two(seconds % 3600 / 60) + two(seconds % 60) + "Z"
    }

    /// `20140521` for the calendar day after `d`, in the site's calendar.
    private static func dayAfter(_ d: ContentDate) -> String {
        let (y, m, day) = DateParser.civilFromDays(DateParser.daysFromCivil(d.year, d.month, d.day) + 1)
        return ymd(y, m, day)
    }

    /// A URI value: not TEXT-escaped (a `,` or `;` stays), but no line break or control can get in.
    private static func uri(_ s: String) -> String { String(s.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }.map(Character.init)) }

    /// Folds a content line into lines of at most 75 octets (the continuation's leading space
    /// included) without splitting a UTF-8 character (RFC 5545 §3.1).
    static func fold(_ line: String) -> String {
        if line.utf8.count <= 75 { return line }
        var out = "", count = 0
        for s in line.unicodeScalars {
            let n = String(s).utf8.count
            if count + n > 75 {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(s)
            count += n
        }
        return out
    }
}
