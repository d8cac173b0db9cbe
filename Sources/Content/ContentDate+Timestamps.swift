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
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, seconds / 3600, seconds % 3600 / 60, seconds % 60)
    }
}
