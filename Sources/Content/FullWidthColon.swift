import Diagnostics

extension SourceText {
    /// Reports every line of the YAML text (which starts at `firstLine` of the file) written as
    /// `key：value`, with a full-width colon where YAML needs `: `. Chinese input methods type
    /// "：" after a key; YAML then reads the whole line as text, and its own message points at
    /// some other line. Called once the YAML failed to parse, so text that merely contains "："
    /// is never taken for a key. Returns whether any line was reported.
    func reportFullWidthColons(yaml: String, firstLine: Int, into sink: inout DiagnosticSink) -> Bool {
        var found = false
        for (offset, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let (key, column) = Self.fullWidthColonKey(line) else { continue }
            let fileLine = firstLine + offset
            sink.error(.fullWidthColon(key: key), at: location(fileLine, column), line: self.line(fileLine))
            found = true
        }
        return found
    }

    /// The key and the colon's column (in characters, from 1) of `  - key：…`: an ASCII key,
    /// as every key of the content is, after optional indentation and list dash.
    static func fullWidthColonKey(_ line: Substring) -> (key: String, column: Int)? {
        var rest = line.drop { $0 == " " }
        if rest.hasPrefix("- ") { rest = rest.dropFirst(2).drop { $0 == " " } }
        let key = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard let first = key.first, first.isLetter else { return nil }
        let afterKey = rest[key.endIndex...].drop { $0 == " " }
        guard afterKey.first == "：" else { return nil }
        return (String(key), line.distance(from: line.startIndex, to: afterKey.startIndex) + 1)
    }
}
