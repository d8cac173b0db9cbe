import Content
import Foundation

/// One figure the public reads, by the label it is shown under.
package struct KeyFigure: Sendable, Hashable {
    /// What the figure counts.
    package var label: String
    /// The figure as text, compared as text.
    package var value: String

    /// A figure as kept in `key-figures.json`.
    package init(label: String, value: String) {
        self.label = label
        self.value = value
    }
}

/// A key figure that differs from the last successful build. `old` is nil for a figure the last
/// build did not have, `new` nil for one it had and this build has not.
package struct FigureChange: Sendable, Hashable {
    /// The figure that changed.
    package var label: String
    /// Its value at the last build; nil when it is new.
    package var old: String?
    /// Its value now; nil when it is gone.
    package var new: String?
}

extension Statistics {
    /// Where each successful build keeps its key figures, for the next build to compare.
    package static let keyFiguresPath = "statistics/key-figures.json"

    /// The headline figures (home page and overview), each program's share of its citywide
    /// total and the organizations of each kind: the numbers a one-character typo in the
    /// content would change without anyone noticing.
    package func keyFigures(urls: SiteURLs) -> [KeyFigure] {
        var out = headlines(urls: urls).map { KeyFigure(label: $0.label, value: $0.value) }
        for s in shares {
            // Exact, where the headlines round (217.29万元, 近10万人次).
            out.append(KeyFigure(label: "\(s.label)本平台组织项目数", value: "\(s.group.count)个"))
            out.append(KeyFigure(label: "\(s.label)资助金额", value: "\(s.group.funding.yuanString)元"))
            out.append(KeyFigure(label: "\(s.label)服务人次", value: "\(NumberText.grouped(s.group.beneficiaries))人次"))
            if let share = s.share { out.append(KeyFigure(label: "\(s.label)占全市项目的比例", value: share.display)) }
        }
        for (kind, entries) in organizationsByKind {
            out.append(KeyFigure(label: "\(kind.chinese)组织", value: "\(entries.count)家"))
        }
        return out
    }

    /// `{"figures": [{"label": …, "value": …}, …]}`, the file ``keyFiguresPath`` holds.
    package static func keyFiguresJSON(_ figures: [KeyFigure]) -> Data {
        let list = figures.map { JSONText.object([("label", .string($0.label)), ("value", .string($0.value))]) }
        return Data(JSONText.object([("figures", .array(list))]).utf8() + [0x0A])
    }

    /// The figures of a file written by ``keyFiguresJSON(_:)``; nil when it is missing or unreadable
    /// (the first build, or an output made by an older version), which means nothing to compare.
    package static func readKeyFigures(_ data: Data?) -> [KeyFigure]? {
        guard let data, let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let list = root["figures"] as? [[String: Any]]
        else { return nil }
        return list.compactMap { item in
            guard let label = item["label"] as? String, let value = item["value"] as? String else { return nil }
            return KeyFigure(label: label, value: value)
        }
    }

    /// Every figure whose value differs, in the order of the new build, then the figures the new
    /// build no longer has.
    package static func changes(from old: [KeyFigure], to new: [KeyFigure]) -> [FigureChange] {
        var before: [String: String] = [:]
        for f in old where before[f.label] == nil { before[f.label] = f.value }
        let labels = Set(new.map(\.label))
        var out: [FigureChange] = []
        for f in new where before[f.label] != f.value {
            out.append(FigureChange(label: f.label, old: before[f.label], new: f.value))
        }
        for f in old where !labels.contains(f.label) {
            out.append(FigureChange(label: f.label, old: f.value, new: nil))
        }
        return out
    }
}
