/// Where in the site's sources something was found. `file` is relative to the site folder
/// (`content/articles/x.md`), so messages read the same on every machine.
package struct SourceLocation: Sendable, Hashable, Comparable {
    /// Relative to the site folder (`content/articles/x.md`), or an option (`--base-url`).
    package var file: String
    /// From 1.
    package var line: Int
    /// From 1, in characters.
    package var column: Int

    /// A place in `file`; line and column count from 1.
    package init(file: String, line: Int = 1, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// By file, then line, then column: the order messages are printed in.
    package static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// The language of messages for people: Chinese first, English on request (`--lang en`).
package enum MessageLanguage: String, Sendable, CaseIterable {
    case zh, en
}

/// An error stops the build; a warning is printed and the build goes on.
package enum Severity: Sendable, Hashable {
    case error, warning

    /// The word before the message: `错误`, `警告`, `error`, `warning`.
    package func label(in lang: MessageLanguage) -> String {
        switch (self, lang) {
        case (.error, .zh): "错误"
        case (.warning, .zh): "警告"
        case (.error, .en): "error"
        case (.warning, .en): "warning"
        }
    }
}
