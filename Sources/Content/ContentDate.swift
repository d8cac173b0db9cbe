import Diagnostics
import Foundation

/// A date from front matter: an instant, plus its calendar fields in the site's time zone.
///
/// Parsed by hand rather than by Yams' `Date` decoding, which rejects `2014-05-20 14:30` and
/// gives no reason for a date that does not exist.
package struct ContentDate: Sendable, Hashable, Comparable {
    /// The moment, in seconds since 1970 (UTC).
    package let epochSeconds: Int64
    /// The date and time as written, in the site's time zone.
    package let year: Int, month: Int, day: Int, hour: Int, minute: Int
    /// False when the author wrote a date without a time.
    package let hasTime: Bool

    /// Earlier first.
    package static func < (a: ContentDate, b: ContentDate) -> Bool { a.epochSeconds < b.epochSeconds }

    /// `2014-05-20`
    package var isoDate: String {
        // Ten ASCII bytes written in place (a small string, no allocation): dates are printed on
        // every card, related list and feed entry.
        guard (1000...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        }
        return String(unsafeUninitializedCapacity: 10) { out in
            func put(_ n: Int, at i: Int, width: Int) {
                var n = n
                for k in stride(from: i + width - 1, through: i, by: -1) {
                    out[k] = UInt8(0x30 + n % 10)
                    n /= 10
                }
            }
            put(year, at: 0, width: 4)
            out[4] = 0x2D
            put(month, at: 5, width: 2)
            out[7] = 0x2D
            put(day, at: 8, width: 2)
            return 10
        }
    }
    /// `2014-05-21` for `2014-05-20`: where an all-day event that ends on this day stops
    /// (iCalendar's `DTEND;VALUE=DATE` is exclusive).
    package var isoDateOfNextDay: String {
        let (y, m, d) = DateParser.civilFromDays(DateParser.daysFromCivil(year, month, day) + 1)
        return String(y).leftPadded(to: 4) + "-" + String(m).leftPadded(to: 2) + "-" + String(d).leftPadded(to: 2)
    }
    /// `2014年5月20日`
    package var chinese: String { String(year) + "年" + String(month) + "月" + String(day) + "日" }
    /// `14:30`
    package var time: String { Self.pad(hour, 2) + ":" + Self.pad(minute, 2) }

    /// `String(format: "%0*d")` without Foundation's formatter (dates are formatted for every card).
    private static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count - (n < 0 ? 1 : 0)))
        return (n < 0 ? "-" : "") + zeros + digits
    }
}

/// Why a date string was refused.
package enum DateParseError: Error, Equatable {
    case unreadable
    case impossible(DateProblem)
}

/// Why a well-formed date does not exist, in words for both languages.
package enum DateProblem: Sendable, Hashable {
    case noSuchMonth(Int)
    case dayOutOfRange(year: Int, month: Int, days: Int)
    case yearOutOfRange(Int)
    case noSuchTime(hour: Int, minute: Int)
    /// Seconds of 60 or more (`23:59:60`: leap seconds are not dates people write).
    case noSuchSecond(Int)

    /// Why the date does not exist, in words for `lang`.
    package func text(in lang: MessageLanguage) -> String {
        switch (self, lang) {
        case (.noSuchMonth(let m), .zh): "没有\(m)月"
        case (.noSuchMonth(let m), .en): "there is no month \(m)"
        case (.dayOutOfRange(let y, let m, let d), .zh): "\(y)年\(m)月只有\(d)天"
        case (.dayOutOfRange(let y, let m, let d), .en): "\(y)-\(String(m).leftPadded(to: 2)) has only \(d) days"
        case (.yearOutOfRange(let y), .zh): "年份\(y)超出 1900–2200"
        case (.yearOutOfRange(let y), .en): "the year \(y) is outside 1900–2200"
        case (.noSuchTime(let h, let m), .zh): "时间 \(h):\(String(m).leftPadded(to: 2)) 不存在"
        case (.noSuchTime(let h, let m), .en): "there is no time \(h):\(String(m).leftPadded(to: 2))"
        case (.noSuchSecond(let s), .zh): "没有第 \(s) 秒（秒数应为 00–59）"
        case (.noSuchSecond(let s), .en): "there is no second \(s) (seconds are 00–59)"
        }
    }
}

/// Reads `2014-05-20`, `2014-05-20 14:30[:00]` and ISO 8601 with `T`, optional seconds and
/// an optional `Z` or `±HH:MM` offset, plus the forms staff type or paste from documents:
/// `2015-4-20`, `2015/4/18` and `2015年4月18日`, each optionally followed by a time.
/// A time without an offset is in `timeZone`.
package struct DateParser: Sendable {
    /// The zone dates without an offset are read in.
    package let timeZone: TimeZone

    /// A parser for dates written in `timeZone` (the site's, `Asia/Shanghai` by default).
    package init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// 年, 月 and 日 in UTF-8.
    private static let nian: [UInt8] = [0xE5, 0xB9, 0xB4], yue: [UInt8] = [0xE6, 0x9C, 0x88], ri: [UInt8] = [0xE6, 0x97, 0xA5]

    /// The date `text` stands for, or why it is none (unreadable, or a date that does not exist).
    package func parse(_ text: String) -> Result<ContentDate, DateParseError> {
        let s = Array(text.trimmingSpaces().utf8)
        var i = 0
        func number(_ count: Int) -> Int? {
            guard i + count <= s.count else { return nil }
            var v = 0
            for k in i..<(i + count) {
                guard s[k] >= UInt8(ascii: "0"), s[k] <= UInt8(ascii: "9") else { return nil }
                v = v * 10 + Int(s[k] - UInt8(ascii: "0"))
            }
            i += count
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        /// One or two digits (`4` or `04`).
        func shortNumber() -> Int? {
            guard let first = number(1) else { return nil }
            guard let second = number(1) else { return first }
            return first * 10 + second
        }
        /// The three bytes of a Chinese character.
        func expect(_ c: [UInt8]) -> Bool {
            guard i + 3 <= s.count, s[i] == c[0], s[i + 1] == c[1], s[i + 2] == c[2] else { return false }
            i += 3
            return true
        }
        guard let year = number(4) else { return .failure(.unreadable) }
        let month: Int, day: Int
        if expect(Self.nian) {
            // 2015年4月18日 (the 日 may be left out before a time or at the end).
            guard let m = shortNumber(), expect(Self.yue), let d = shortNumber() else { return .failure(.unreadable) }
            _ = expect(Self.ri)
            (month, day) = (m, d)
        } else {
            // 2015-04-18, 2015-4-18 or 2015/4/18: the same separator twice.
            guard i < s.count, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "/") else { return .failure(.unreadable) }
            let separator = s[i]
            i += 1
            guard let m = shortNumber(), expect(separator), let d = shortNumber() else { return .failure(.unreadable) }
            (month, day) = (m, d)
        }
        var hour = 0, minute = 0, second = 0, hasTime = false
        var offset: Int?
        if i < s.count {
            guard expect(UInt8(ascii: " ")) || expect(UInt8(ascii: "T")) || expect(UInt8(ascii: "t")) else { return .failure(.unreadable) }
            while i < s.count, s[i] == UInt8(ascii: " ") { i += 1 }
            guard let h = shortNumber(), expect(UInt8(ascii: ":")), let m = number(2) else { return .failure(.unreadable) }
            hour = h; minute = m; hasTime = true
            if expect(UInt8(ascii: ":")) {
                guard let sec = number(2) else { return .failure(.unreadable) }
                second = sec
                if expect(UInt8(ascii: ".")) { while i < s.count, s[i] >= UInt8(ascii: "0"), s[i] <= UInt8(ascii: "9") { i += 1 } }
            }
            while i < s.count, s[i] == UInt8(ascii: " ") { i += 1 }
            if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) {
                offset = 0
            } else if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = number(2) else { return .failure(.unreadable) }
                _ = expect(UInt8(ascii: ":"))
                guard let om = number(2), oh <= 14, om < 60 else { return .failure(.unreadable) }
                offset = sign * (oh * 3600 + om * 60)
            }
            guard i == s.count else { return .failure(.unreadable) }
        }
        guard (1...12).contains(month) else { return .failure(.impossible(.noSuchMonth(month))) }
        let days = Self.daysIn(month: month, year: year)
        guard (1...days).contains(day) else {
            return .failure(.impossible(.dayOutOfRange(year: year, month: month, days: days)))
        }
        guard year >= 1900, year <= 2200 else { return .failure(.impossible(.yearOutOfRange(year))) }
        guard hour < 24, minute < 60 else { return .failure(.impossible(.noSuchTime(hour: hour, minute: minute))) }
        guard second < 60 else { return .failure(.impossible(.noSuchSecond(second))) }

        let localSeconds = Int64(Self.daysFromCivil(year, month, day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        let epoch: Int64
        if let offset {
            epoch = localSeconds - Int64(offset)
        } else {
            // The zone's offset at (approximately) that local time; exact for zones without DST.
            let guess = Date(timeIntervalSince1970: TimeInterval(localSeconds))
            epoch = localSeconds - Int64(timeZone.secondsFromGMT(for: guess))
        }
        // Calendar fields as the site's readers see them.
        let siteLocal = epoch + Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(epoch))))
        let (y, mo, d) = Self.civilFromDays(Int(siteLocal.floorDiv(86_400)))
        let secondsOfDay = Int(siteLocal - siteLocal.floorDiv(86_400) * 86_400)
        return .success(
            ContentDate(
                epochSeconds: epoch, year: y, month: mo, day: d,
                hour: secondsOfDay / 3600, minute: secondsOfDay % 3600 / 60, hasTime: hasTime))
    }

    /// The date of an instant in this time zone (used for "today" when sorting upcoming events).
    package func date(at instant: Date) -> ContentDate {
        let epoch = Int64(instant.timeIntervalSince1970.rounded(.down))
        let local = epoch + Int64(timeZone.secondsFromGMT(for: instant))
        let (y, m, d) = Self.civilFromDays(Int(local.floorDiv(86_400)))
        let sod = Int(local - local.floorDiv(86_400) * 86_400)
        return ContentDate(epochSeconds: epoch, year: y, month: m, day: d, hour: sod / 3600, minute: sod % 3600 / 60, hasTime: true)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    package static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Year, month and day of the day `z0` days after 1970-01-01 (Howard Hinnant's algorithm).
    package static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

extension Int64 {
    func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : -((-self + d - 1) / d) }
}
