/// What is wrong at a place in the sources, in words for people. Each domain has its own
/// enum of problems next to the code that finds them (`ContentProblem` in Content,
/// `TemplateProblem` in Templates, `BuildProblem` in Site, `OptionProblem` in the command
/// line); a ``Diagnostic`` carries any of them, and every one says itself the same way.
package protocol Problem: Sendable, Hashable {
    /// The message and the fix, in the language asked for. The fix may be empty.
    func text(in lang: MessageLanguage) -> (message: String, hint: String)
}

extension Problem {
    /// A value from the sources as a message quotes it: control characters as their visible
    /// symbols (`␀`), and a long value cut in the middle, so that a 200 kB date or a NUL
    /// pasted into a slug never reaches the terminal whole.
    package static func shown(_ text: String, limit: Int = 60) -> String {
        Quoted.shown(text, limit: limit)
    }
}

/// How messages quote values from the sources (``Problem/shown(_:limit:)``).
package enum Quoted {
    /// See ``Problem/shown(_:limit:)``.
    package static func shown(_ text: String, limit: Int = 60) -> String {
        let clean = !text.utf8.contains { $0 < 0x20 || $0 == 0x7F }
        if clean, text.utf8.count <= limit { return text }
        var characters = Array(text)
        if characters.count > limit {
            characters = Array(characters[..<(limit / 2)]) + ["…"] + Array(characters[(characters.count - limit / 2 + 1)...])
        }
        return String(
            characters.map { ch -> Character in
                guard let v = ch.unicodeScalars.first?.value, v < 0x20 || v == 0x7F else { return ch }
                return Character(Unicode.Scalar(v == 0x7F ? 0x2421 : 0x2400 + v)!)
            })
    }
}
