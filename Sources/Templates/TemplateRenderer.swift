import Content

/// Renders compiled templates against ``TemplateValue``s.
///
/// Why not a general Mustache engine: looking a name up in one costs a chain of dynamic
/// protocol casts for every object on the context stack, and that was 40 % of a whole build.
/// Here a value's kind is one `switch`.
struct TemplateRenderer {
    let templates: [String: [TemplateNode]]

    func render(_ nodes: [TemplateNode], stack: inout [TemplateValue], blocks: [String: [TemplateNode]], into out: inout ByteBuffer) {
        for node in nodes {
            switch node {
            case .text(let text):
                out.append(text)
            case .value(let path, let escaped):
                guard let value = resolve(path, in: stack) else { continue }
                Self.append(value, escaped: escaped, to: &out)
            case .section(let path, let body, let inverted):
                let value = resolve(path, in: stack)
                if inverted {
                    if Self.isFalsy(value) { render(body, stack: &stack, blocks: blocks, into: &out) }
                    continue
                }
                switch value {
                case nil, .bool(false)?:
                    continue
                case .bool(true)?:
                    render(body, stack: &stack, blocks: blocks, into: &out)
                case .list(let items)?:
                    for item in items {
                        stack.append(item)
                        render(body, stack: &stack, blocks: blocks, into: &out)
                        stack.removeLast()
                    }
                case let value?:
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
    private func resolve(_ path: TemplatePath, in stack: [TemplateValue]) -> TemplateValue? {
        var value: TemplateValue?
        if let first = path.names.first {
            var k = stack.count - 1
            while k >= 0 {
                if case .object(let fields) = stack[k], let found = fields[first] {
                    value = found
                    break
                }
                k -= 1
            }
            var n = 1
            while n < path.names.count, let current = value {
                value = current[path.names[n]]
                n += 1
            }
        } else {
            value = stack.last
        }
        for function in path.functions { value = Self.apply(function, to: value) }
        return value
    }

    /// Strings, numbers and booleans print; a list or an object prints nothing.
    private static func append(_ value: TemplateValue, escaped: Bool, to out: inout ByteBuffer) {
        switch value {
        case .string(let text):
            if escaped { Escape.appendXML(text, to: &out) } else { out.append(text) }
        case .utf8(let bytes):
            if escaped { Escape.appendXML(String(decoding: bytes, as: UTF8.self), to: &out) } else { out.append(bytes) }
        case .int(let n): out.append(String(n))
        case .bool(let flag): out.append(flag ? "true" : "false" as StaticString)
        case .list, .object: break
        }
    }

    private static func isFalsy(_ value: TemplateValue?) -> Bool {
        switch value {
        case nil, .bool(false)?: true
        case .list(let items)?: items.isEmpty
        default: false
        }
    }

    private static func apply(_ function: TemplateFunction, to value: TemplateValue?) -> TemplateValue? {
        switch function {
        case .empty:
            if let s = value?.string { return .bool(s.isEmpty) }
            return .bool(isFalsy(value))
        case .count:
            if let s = value?.string { return .int(s.count) }
            return value?.items.map { .int($0.count) }
        case .first:
            return value?.items?.first
        case .last:
            return value?.items?.last
        case .reversed:
            if let s = value?.string { return .string(String(s.reversed())) }
            return value?.items.map { .list($0.reversed()) }
        case .uppercased:
            return value?.string.map { .string($0.uppercased()) }
        case .lowercased:
            return value?.string.map { .string($0.lowercased()) }
        }
    }
}
