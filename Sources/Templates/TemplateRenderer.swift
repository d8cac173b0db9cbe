import Support

/// Renders a ``TemplateProgram`` against ``TemplateValue``s.
///
/// Why not a general Mustache engine: looking a name up in one costs a chain of dynamic
/// protocol casts for every object on the context stack, and that was 40 % of a whole build.
/// Here a value's kind is one `switch`, and the templates are plain instructions.
struct TemplateRenderer {
    let program: TemplateProgram

    /// Renders template number `template` with `stack` as its context.
    func render(template: Int32, stack: inout [TemplateValue], into out: inout ByteBuffer) {
        guard template >= 0 else { return }
        run(program.ranges[Int(template)], stack: &stack, blocks: [], into: &out)
    }

    private func run(_ range: Range<Int32>, stack: inout [TemplateValue], blocks: [TemplateProgram.Block], into out: inout ByteBuffer) {
        var i = Int(range.lowerBound)
        let end = Int(range.upperBound)
        while i < end {
            let instruction = program.instructions[i]
            switch instruction.kind {
            case .text:
                out.append(program.text[instruction.textRange])
                i += 1
            case .value:
                if let value = resolve(program.paths[instruction.path], in: stack) {
                    Self.append(value, escaped: instruction.flag, to: &out)
                }
                i += 1
            case .section:
                let body = Int32(i + 1)..<instruction.bodyEnd
                let value = resolve(program.paths[instruction.path], in: stack)
                if instruction.flag {
                    if Self.isFalsy(value) { run(body, stack: &stack, blocks: blocks, into: &out) }
                } else {
                    switch value {
                    case nil, .bool(false)?:
                        break
                    case .bool(true)?:
                        run(body, stack: &stack, blocks: blocks, into: &out)
                    case .list(let items)?:
                        for item in items {
                            stack.append(item)
                            run(body, stack: &stack, blocks: blocks, into: &out)
                            stack.removeLast()
                        }
                    case let value?:
                        stack.append(value)
                        run(body, stack: &stack, blocks: blocks, into: &out)
                        stack.removeLast()
                    }
                }
                i = Int(instruction.bodyEnd)
            case .partial:
                if instruction.template >= 0 { run(program.ranges[Int(instruction.template)], stack: &stack, blocks: [], into: &out) }
                i += 1
            case .parent:
                // The outermost child's block wins: a page's `{{$main}}` beats a layout's default.
                var merged = blocks
                for block in program.overrides[Int(instruction.overrides)] where !blocks.contains(where: { $0.name == block.name }) {
                    merged.append(block)
                }
                if instruction.template >= 0 { run(program.ranges[Int(instruction.template)], stack: &stack, blocks: merged, into: &out) }
                i = Int(instruction.parentEnd)
            case .block:
                let body = blocks.first { $0.name == instruction.blockName }?.body ?? Int32(i + 1)..<instruction.bodyEnd
                run(body, stack: &stack, blocks: blocks, into: &out)
                i = Int(instruction.bodyEnd)
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
