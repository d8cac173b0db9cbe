/// What a template can show: the view-model layer's whole vocabulary.
///
/// Why a closed enum rather than `Any`: with `Any`, every name a page looks up and every value
/// it prints asks the runtime what the value is (dynamic casts, boxed existentials, copies
/// through value witnesses), and that was a third of rendering. A `switch` over five cases
/// costs nothing, the values are `Sendable`, and a context is checkable by the compiler.
///
/// Literals build values directly (`["title": "标题", "count": 3, "items": [["a": true]]]`);
/// values from variables say what they are (`.string(article.title)`).
package enum TemplateValue: Sendable {
    case string(String)
    /// Text already in UTF-8 bytes (a rendered Markdown body): printed like a string, copied
    /// into the page without being turned into a `String` and back.
    case utf8([UInt8])
    case int(Int)
    case bool(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])

    /// A text that may be absent. Absent or empty becomes `false`, because Mustache treats an
    /// empty string as true and looks a missing name up in the enclosing context (a related
    /// article would show the page's own author).
    package static func text(_ value: String?) -> TemplateValue {
        guard let value, !value.isEmpty else { return .bool(false) }
        return .string(value)
    }

    /// The field `name` of an object; `nil` for anything else.
    package subscript(name: String) -> TemplateValue? {
        if case .object(let fields) = self { return fields[name] }
        return nil
    }

    package var string: String? {
        switch self {
        case .string(let s): s
        case .utf8(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    package var items: [TemplateValue]? {
        if case .list(let items) = self { return items }
        return nil
    }
}

/// The fields of an object value, as context builders assemble them.
package typealias TemplateFields = [String: TemplateValue]

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    package init(stringLiteral value: String) { self = .string(value) }
}

extension TemplateValue: ExpressibleByIntegerLiteral {
    package init(integerLiteral value: Int) { self = .int(value) }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    package init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    package init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    package init(dictionaryLiteral elements: (String, TemplateValue)...) {
        var fields = TemplateFields(minimumCapacity: elements.count)
        for (name, value) in elements { fields[name] = value }
        self = .object(fields)
    }
}
