import Content

/// How dates, ranges and amounts read in Chinese.
enum Format {
    static func eventWhen(_ e: Event) -> String {
        var text = e.start.chinese
        if e.start.hasTime { text += " " + e.start.time }
        guard let end = e.end else { return text }
        if (end.year, end.month, end.day) == (e.start.year, e.start.month, e.start.day) {
            return end.hasTime ? text + "–" + end.time : text
        }
        return text + " 至 " + end.chinese + (end.hasTime ? " " + end.time : "")
    }
}
