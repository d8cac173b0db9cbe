import Content

/// Renders compiled templates against the view-model layer's values: dictionaries
/// (`[String: Any]`, `[String: String]`), arrays of them, strings, numbers and booleans.
///
/// Why not a general Mustache engine: looking a name up in one costs a chain of dynamic
/// protocol casts for every object on the context stack, and that was 40 % of a whole build.
/// Here each value's kind is found with casts to concrete types, which are cheap, in the
/// order pages use them most.
struct TemplateRenderer {
    let templates: [String: [TemplateNode]]

    func render(_ nodes: [TemplateNode], stack: inout [Any], blocks: [String: [TemplateNode]], into out: inout String) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .value(let path, let escaped):
                guard let value = resolve(path, in: stack), let text = Self.text(value) else { continue }
                out += escaped ? Escape.xml(text) : text
            case .section(let path, let body, let inverted):
                let value = resolve(path, in: stack)
                if inverted {
                    if Self.isFalsy(value) { render(body, stack: &stack, blocks: blocks, into: &out) }
                    continue
                }
                guard let value else { continue }
                if let flag = value as? Bool {
                    if flag { render(body, stack: &stack, blocks: blocks, into: &out) }
                } else if let items = Self.list(value) {
                    for item in items {
                        stack.append(item)
                        render(body, stack: &stack, blocks: blocks, into: &out)
                        stack.removeLast()
                    }
                } else {
                    stack.append(value)
                    render(body, stack: &stack, blocks: blocks, into: &out)
                    stack.removeLast()
                }
            case .partial(let name):
                if let partial = templates[name] { render(partial, stack: &stack, blocks: [:], into: &out) }
            case .parent(let name, let overrides):
                // The outermost child's block wins: a page's `{{$main}}` beats a layout's default.
                let merged = blocks.isEmpty ? overrides : overrides.merging(blocks) { _, outer in outer }
                if let parent = templates[name] { render(parent, stack: &stack, blocks: merged, into: &out) }
            case .block(let name, let fallback):
                render(blocks[name] ?? fallback, stack: &stack, blocks: blocks, into: &out)
            }
        }
    }

    /// The first name is looked up from the innermost context outwards; the rest of a dotted
    /// name only inside what the first found (Mustache's rule).
    private func resolve(_ path: TemplatePath, in stack: [Any]) -> Any? {
        var value: Any?
        if let first = path.names.first {
            var k = stack.count - 1
            while k >= 0 {
                if let found = Self.child(first, of: stack[k]) {
                    value = found
                    break
                }
                k -= 1
            }
            var n = 1
            while n < path.names.count, let current = value {
                value = Self.child(path.names[n], of: current)
                n += 1
            }
        } else {
            value = stack.last
        }
        for function in path.functions { value = Self.apply(function, to: value) }
        return value
    }

    private static func child(_ name: String, of object: Any) -> Any? {
        if let fields = exactly(object, as: [String: Any].self) { return fields[name] }
        if let fields = exactly(object, as: [String: String].self) { return fields[name] }
        return (object as? [String: Any])?[name]
    }

    /// The items of an array value, whatever its element type.
    private static func list(_ value: Any) -> [Any]? {
        if let items = exactly(value, as: [[String: Any]].self) { return items }
        if let items = exactly(value, as: [Any].self) { return items }
        return value as? [Any]
    }

    /// `value as? T` only when `value` is exactly a `T`. A plain `as?` between collection types
    /// converts element by element when the types differ (`[String: String]` into
    /// `[String: Any]`), which for a lookup in a hundred-entry table on every tag is ruinous.
    @inline(__always)
    private static func exactly<T>(_ value: Any, as type: T.Type) -> T? {
        Swift.type(of: value) == type ? (value as! T) : nil
    }

    private static func isFalsy(_ value: Any?) -> Bool {
        guard let value else { return true }
        if let flag = value as? Bool { return !flag }
        if let items = list(value) { return items.isEmpty }
        return false
    }

    static func text(_ value: Any) -> String? {
        switch value {
        case let s as String: return s
        case let n as Int: return String(n)
        case let b as Bool: return b ? "true" : "false"
        case let s as Substring: return String(s)
        case let o as any OptionalValue: return o.wrapped.flatMap(text)
        default: return String(describing: value)
        }
    }

    private static func apply(_ function: TemplateFunction, to value: Any?) -> Any? {
        switch function {
        case .empty:
            guard let value else { return true }
            if let s = value as? String { return s.isEmpty }
            return isFalsy(value)
        case .count:
            guard let value else { return nil }
            if let s = value as? String { return s.count }
            return list(value)?.count
        case .first:
            return value.flatMap(list)?.first
        case .last:
            return value.flatMap(list)?.last
        case .reversed:
            guard let value else { return nil }
            if let s = value as? String { return String(s.reversed()) }
            return list(value).map { Array($0.reversed()) }
        case .uppercased:
            return (value as? String)?.uppercased()
        case .lowercased:
            return (value as? String)?.lowercased()
        }
    }
}

/// `Optional` seen through `Any`, so that an optional that slipped into a dictionary prints
/// its value (or nothing) rather than `Optional("…")`.
protocol OptionalValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalValue {
    var wrapped: Any? { self.map { $0 as Any } }
}
