import Foundation

extension ContentDate {
    /// `2014-05-20T06:30:00Z`: the instant in UTC, for feeds, calendars and document properties.
    package var utcTimestamp: String { Self.utcTimestamp(epochSeconds) }

    /// The instant a day after this one, for an end written without a time: the whole of
    /// that day is meant, so it ends at the following midnight.
    package var nextMidnightUTCTimestamp: String { Self.utcTimestamp(epochSeconds + 86_400) }

    private static func utcTimestamp(_ epochSeconds: Int64) -> String {
        let days = epochSeconds.floorDiv(86_400)
        let seconds = Int(epochSeconds - days * 86_400)
        let (y, m, d) = DateParser.civilFromDays(Int(days))
        if y < 0 { return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, seconds / 3600, seconds % 3600 / 60, seconds % 60) }
        // Digits by hand: `String(format:)` goes through Foundation's formatter, a tenth of a
        // Word file's time when every download stamped its properties with it.
        func digits(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return
            "\(digits(y, 4))-\(digits(m, 2))-\(digits(d, 2))T\(digits(seconds / 3600, 2)):\(digits(seconds % 3600 / 60, 2)):\(digits(seconds % 60, 2))Z"
    }
}
