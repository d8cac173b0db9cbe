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
    case object(TemplateFields)

    /// A text that may be absent. Absent or empty becomes `false`, because Mustache treats an
    /// empty string as true and looks a missing name up in the enclosing context (a related
    /// article would show the page's own author).
    package static func text(_ value: String?) -> TemplateValue {
        guard let value, !value.isEmpty else { return .bool(false) }
        return .string(value)
    }

    /// The field `name` of an object; `nil` for anything else.
    package subscript(name: String) -> TemplateValue? {
        self[TemplateName(name)]
    }

    /// The field `name` of an object, by a name looked up once; `nil` for anything else.
    package subscript(name: TemplateName) -> TemplateValue? {
        if case .object(let fields) = self { return fields[name] }
        return nil
    }

    /// The text of a string (held as text or as UTF-8 bytes); nil for anything else.
    package var string: String? {
        switch self {
        case .string(let s): s
        case .utf8(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The items of a list; nil for anything else.
    package var items: [TemplateValue]? {
        if case .list(let items) = self { return items }
        return nil
    }
}

/// A field name with its hash, computed once: by the parser for every name a template uses,
/// and once per key when a context is built.
package struct TemplateName: Sendable {
    /// The name as written.
    package let string: String
    let key: UInt64

    /// A name, with the key it is compared by made once.
    package init(_ string: String) {
        self.string = string
        // FNV-1a over the UTF-8 bytes: a handful of instructions for a short ASCII name.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in string.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        key = hash
    }
}

/// The named fields of an object value, as context builders assemble them.
///
/// Why not `[String: TemplateValue]`: an object has a dozen fields and is built for one page
/// and read a few times. A dictionary hashes every key with SipHash on every insertion and
/// every lookup, and that was most of the cost of both building contexts and looking names
/// up. Here the fields sit in one array, and a lookup compares precomputed 64-bit hashes
/// (the names too, once the hashes agree).
package struct TemplateFields: Sendable, ExpressibleByDictionaryLiteral {
    private struct Field: Sendable {
        let key: UInt64
        let name: String
        var value: TemplateValue
    }

    private var fields: [Field] = []

    /// No fields.
    package init() {}

    /// Fields written as a literal; a repeated name keeps its last value.
    package init(dictionaryLiteral elements: (String, TemplateValue)...) {
        fields.reserveCapacity(elements.count)
        for (name, value) in elements { self[name] = value }
    }

    /// Builds fields from names and values; a repeated name keeps its last value.
    package init<S: Sequence>(_ pairs: S) where S.Element == (String, TemplateValue) {
        fields.reserveCapacity(pairs.underestimatedCount)
        for (name, value) in pairs { self[name] = value }
    }

    /// How many fields.
    package var count: Int { fields.count }

    /// The field `name`; setting nil removes it, setting a new name appends it.
    package subscript(name: String) -> TemplateValue? {
        get { self[TemplateName(name)] }
        set {
            let name = TemplateName(name)
            if let i = index(of: name) {
                if let newValue { fields[i].value = newValue } else { fields.remove(at: i) }
            } else if let newValue {
                fields.append(Field(key: name.key, name: name.string, value: newValue))
            }
        }
    }

    /// The field `name`, by a name looked up once.
    package subscript(name: TemplateName) -> TemplateValue? {
        index(of: name).map { fields[$0].value }
    }

    private func index(of name: TemplateName) -> Int? {
        for i in fields.indices where fields[i].key == name.key && fields[i].name == name.string { return i }
        return nil
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    /// A string written as a literal.
    package init(stringLiteral value: String) { self = .string(value) }
}

extension TemplateValue: ExpressibleByIntegerLiteral {
    /// A number written as a literal.
    package init(integerLiteral value: Int) { self = .int(value) }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    /// A flag written as a literal.
    package init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    /// A list written as a literal.
    package init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    /// An object written as a literal.
    package init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateFields(elements))
    }
}
