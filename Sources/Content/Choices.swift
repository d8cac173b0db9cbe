import Diagnostics
import Foundation

/// A front-matter field whose value must be one of a list the site defines in
/// `content/data/choices.yaml`: a value outside it would silently start a new column, program or
/// statistics category, or drop an organization from the federation's count.
package enum ChoiceField: String, Sendable, CaseIterable {
    case supervisor, eventKind, column, program, status

    /// The folder section and the key under it in `choices.yaml` (and in the entries' front matter).
    var section: String {
        switch self {
        case .supervisor: "organizations";
        case .eventKind: "events";
        case .column: "articles"
        case .program, .status: "projects"
        }
    }
    var key: String {
        switch self {
        case .supervisor: "supervisor";
        case .eventKind: "kind";
        case .column: "column"
        case .program: "program";
        case .status: "status"
        }
    }
}

/// `content/data/choices.yaml`: the allowed values of every field with fixed choices, defined
/// once so that staff add a column or a program on purpose, plus the known short forms
/// (昆山市妇联 → 昆山市妇女联合会) that are refused with the full name as the fix.
package struct Choices: Sendable {
    /// Where the choices are kept, relative to the site folder.
    package static let path = "content/data/choices.yaml"

    /// The allowed values of each field, in the file's order.
    package var values: [ChoiceField: [String]]
    /// Short or old form → the value to write instead.
    package var aliases: [String: String]

    /// Choices from their lists and aliases (tests and empty sites; sites read `choices.yaml`).
    package init(values: [ChoiceField: [String]] = [:], aliases: [String: String] = [:]) {
        self.values = values
        self.aliases = aliases
    }

    /// The values allowed for `field`; empty when the file names none.
    package subscript(field: ChoiceField) -> [String] { values[field] ?? [] }

    /// What to suggest for a value that is not a choice: a known alias first, then the closest
    /// choice by edit distance (a swapped pair of characters counts once: 集市 → 市集).
    package func suggestion(for value: String, in field: ChoiceField) -> String? {
        let allowed = self[field]
        if let target = aliases[value], allowed.contains(target) { return target }
        return closestMatch(to: value, in: allowed, maxDistance: max(1, value.count / 3))
    }

    /// Reads the file; a missing or unreadable file is an error, since without it no choice
    /// could be checked.
    static func read(root: URL, into sink: inout DiagnosticSink) -> Choices? {
        let raw: String
        switch SiteLoader.readText(path, root: root, into: &sink) {
        case .missing:
            sink.error(.missingDataFile(path), at: SourceLocation(file: path))
            return nil
        case .failed: return nil
        case .text(let text): raw = text
        }
        let source = SourceText(path: path, text: raw)
        guard let f = source.fields(yaml: source.text, firstLine: 1, into: &sink) else { return nil }
        var choices = Choices()
        var sections: [String: FieldReader?] = [:]
        for field in ChoiceField.allCases {
            if sections[field.section] == nil { sections[field.section] = f.mapping(field.section, required: true) }
            guard let section = sections[field.section] ?? nil else { continue }
            let list = section.strings(field.key, required: true)
            var seen = Set<String>()
            for (i, value) in list.enumerated() where !seen.insert(value).inserted {
                section.errorAt(section.location(key: field.key, item: i), .duplicateKey(value))
            }
            choices.values[field] = list
        }
        if let m = f.mapping("aliases") {
            let all = Set(choices.values.values.joined())
            for key in m.keys {
                guard let target = m.string(key) else { continue }
                if all.contains(target) {
                    choices.aliases[key] = target
                } else {
                    m.errorAt(m.location(key: key), .aliasTargetUnknown(alias: key, target: target))
                }
            }
            m.markAllUsed()
        }
        f.reportUnknownKeys()
        sink.append(contentsOf: f.diagnostics)
        return choices
    }
}
