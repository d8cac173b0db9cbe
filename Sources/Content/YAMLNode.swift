internal import CYaml
import Yams

/// A composed YAML value as the field readers use it: text, list or mapping, each with the
/// place it starts (1-based line and column within the YAML text).
///
/// Why not Yams' `Node`: building one costs a `Tag` object, a Foundation string conversion
/// and a duplicate check that hashes whole nodes, for every scalar of every file, and that
/// was a tenth of a build. Front matter is read from libyaml's events instead (the libyaml
/// that Yams builds), and Yams composes only the documents that need its full treatment.
indirect enum YAMLNode {
    /// `plain` is false for quoted and block scalars (`"null"` is text, `null` is nothing).
    case scalar(String, plain: Bool, mark: YAMLMark?)
    case sequence([YAMLNode], mark: YAMLMark?)
    case mapping([YAMLPair], mark: YAMLMark?)

    var mark: YAMLMark? {
        switch self {
        case .scalar(_, _, let mark), .sequence(_, let mark), .mapping(_, let mark): mark
        }
    }

    var scalar: String? {
        if case .scalar(let s, _, _) = self { return s }
        return nil
    }

    var items: [YAMLNode]? {
        if case .sequence(let items, _) = self { return items }
        return nil
    }

    var pairs: [YAMLPair]? {
        if case .mapping(let pairs, _) = self { return pairs }
        return nil
    }
}

struct YAMLPair {
    var key: YAMLNode
    var value: YAMLNode
}

struct YAMLMark: Equatable {
    var line: Int
    var column: Int
}

extension YAMLNode {
    /// The same value from a node Yams composed. A key that Yams reads as text through a
    /// mapping (`{=: x}` under the default resolver) becomes that text.
    init(_ node: Node, asKey: Bool = false) {
        let mark = node.mark.map { YAMLMark(line: $0.line, column: $0.column) }
        if asKey, node.scalar == nil, let text = node.string {
            self = .scalar(text, plain: false, mark: mark)
            return
        }
        switch node {
        case .scalar(let s): self = .scalar(s.string, plain: s.style == .plain, mark: mark)
        case .sequence(let items): self = .sequence(items.map { YAMLNode($0) }, mark: mark)
        case .mapping(let pairs): self = .mapping(pairs.map { YAMLPair(key: YAMLNode($0.key, asKey: true), value: YAMLNode($0.value)) }, mark: mark)
        case .alias: self = .scalar("*", plain: false, mark: mark)
        }
    }
}

/// Composes plain front matter straight from libyaml's events.
///
/// Returns `nil` for anything it leaves to Yams, which then gives the exact result or error
/// the loader always gave: a syntax error, more than one document, an anchor, an alias, an
/// explicit tag, a key that is not text, or a key written twice.
enum YAMLEvents {
    enum Result {
        /// An empty document.
        case empty
        case node(YAMLNode)
    }

    static func compose(_ yaml: String) -> Result? {
        withLibYAMLParser(yaml, ifEmpty: .empty) { parser -> Result? in
            var reader = EventReader(parser: parser)
            return reader.document()
        } ?? nil
    }

    /// Walks the events of one document. Each event is deleted as soon as it is read.
    private struct EventReader {
        let parser: UnsafeMutablePointer<yaml_parser_t>
        var event = yaml_event_t()

        mutating func next() -> yaml_event_type_t? {
            yaml_event_delete(&event)
            guard yaml_parser_parse(parser, &event) == 1 else { return nil }
            return event.type
        }

        mutating func document() -> Result? {
            defer { yaml_event_delete(&event) }
            guard next() == YAML_STREAM_START_EVENT else { return nil }
            switch next() {
            case YAML_STREAM_END_EVENT?: return .empty
            case YAML_DOCUMENT_START_EVENT?: break
            default: return nil
            }
            guard let start = next(), let root = node(start), next() == YAML_DOCUMENT_END_EVENT,
                next() == YAML_STREAM_END_EVENT
            else { return nil }
            return .node(root)
        }

        private var mark: YAMLMark {
            YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        }

        /// Nesting this deep is left to Yams (front matter is two or three levels deep).
        static let maxDepth = 32

        /// The node that starts with the current event.
        mutating func node(_ type: yaml_event_type_t, depth: Int = 0) -> YAMLNode? {
            guard depth < Self.maxDepth else { return nil }
            switch type {
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                guard scalar.anchor == nil, scalar.tag == nil else { return nil }
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                return .scalar(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE, mark: mark)
            case YAML_SEQUENCE_START_EVENT:
                let start = event.data.sequence_start
                guard start.anchor == nil, start.tag == nil else { return nil }
                let mark = self.mark
                var items: [YAMLNode] = []
                while let type = next(), type != YAML_SEQUENCE_END_EVENT {
                    guard let item = node(type, depth: depth + 1) else { return nil }
                    items.append(item)
                }
                return event.type == YAML_SEQUENCE_END_EVENT ? .sequence(items, mark: mark) : nil
            case YAML_MAPPING_START_EVENT:
                let start = event.data.mapping_start
                guard start.anchor == nil, start.tag == nil else { return nil }
                let mark = self.mark
                var pairs: [YAMLPair] = []
                // A repeated key is looked for among the pairs so far while they are few (front
                // matter has a dozen, and hashing each key into a set cost more than comparing),
                // in a set once there are many.
                var keys: Set<String>?
                while let type = next(), type != YAML_MAPPING_END_EVENT {
                    guard let key = node(type, depth: depth + 1), let name = key.scalar else { return nil }
                    if pairs.count == 16 { keys = Set(pairs.lazy.compactMap(\.key.scalar)) }
                    if keys != nil {
                        guard keys!.insert(name).inserted else { return nil }
                    } else if pairs.contains(where: { $0.key.scalar == name }) {
                        return nil
                    }
                    guard let valueType = next(), let value = node(valueType, depth: depth + 1) else { return nil }
                    pairs.append(YAMLPair(key: key, value: value))
                }
                return event.type == YAML_MAPPING_END_EVENT ? .mapping(pairs, mark: mark) : nil
            default:
                return nil
            }
        }
    }
}

/// Counts what a YAML text's aliases would expand to, from libyaml's events, without
/// expanding anything: about 500 bytes of nested anchors (`&a [*b, *b, …]`, the "billion
/// laughs") expand to millions of values, which took Yams and the readers seconds and gigabytes.
enum YAMLAliasBudget {
    /// Values that aliases may add to a document. A site's files use a handful of aliases at most.
    static let limit = 10_000

    /// The first alias that takes the document past ``limit``, with its name and place; `nil`
    /// when the expanded document stays within it (or libyaml stops at a syntax error, which
    /// the composer then reports).
    static func firstOverflow(in yaml: String) -> (alias: String, mark: YAMLMark)? {
        withLibYAMLParser(yaml, ifEmpty: nil) { parser -> (alias: String, mark: YAMLMark)? in
            var event = yaml_event_t()
            defer { yaml_event_delete(&event) }
            // The expanded size of each anchored value, and of each collection still open
            // (with its anchor). Sizes never pass the limit: counting stops there.
            var anchors: [String: Int] = [:]
            var open: [(anchor: String?, size: Int)] = []
            var added = 0
            func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            }
            func close(_ size: Int, anchor: String?) {
                if let anchor { anchors[anchor] = size }
                if !open.isEmpty { open[open.count - 1].size += size }
            }
            while true {
                yaml_event_delete(&event)
                guard yaml_parser_parse(parser, &event) == 1 else { return nil }
                switch event.type {
                case YAML_STREAM_END_EVENT: return nil
                case YAML_DOCUMENT_START_EVENT: anchors = [:]
                case YAML_SCALAR_EVENT: close(1, anchor: name(event.data.scalar.anchor))
                case YAML_SEQUENCE_START_EVENT: open.append((name(event.data.sequence_start.anchor), 1))
                case YAML_MAPPING_START_EVENT: open.append((name(event.data.mapping_start.anchor), 1))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let collection = open.popLast() else { return nil }
                    close(collection.size, anchor: collection.anchor)
                case YAML_ALIAS_EVENT:
                    let alias = name(event.data.alias.anchor) ?? ""
                    let size = anchors[alias] ?? 1
                    added += size
                    if added > limit {
                        return (alias, YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1))
                    }
                    close(size, anchor: nil)
                default: break
                }
            }
        } ?? nil
    }
}

/// libyaml's parser over `yaml`, set up and torn down in one place for the composer and the
/// alias budget. An empty text gives `ifEmpty` (libyaml asserts on a null input); nil when the
/// parser cannot start.
func withLibYAMLParser<T>(_ yaml: String, ifEmpty: T, _ body: (UnsafeMutablePointer<yaml_parser_t>) -> T) -> T? {
    // The parser stays at one address: libyaml's string input keeps a pointer to it.
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    defer { parser.deallocate() }
    guard yaml_parser_initialize(parser) == 1 else { return nil }
    defer { yaml_parser_delete(parser) }
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    var yaml = yaml
    return yaml.withUTF8 { bytes -> T in
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return ifEmpty }
        yaml_parser_set_input_string(parser, base, bytes.count)
        return body(parser)
    }
}
