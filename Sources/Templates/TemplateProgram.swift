/// Every template of a set compiled into one flat list of instructions, for rendering.
///
/// Why not render the ``TemplateNode`` trees: a node is an enum whose payloads are strings and
/// arrays, and reading one retains and releases each of them; on every page, for every piece
/// of text and every name. Here an instruction is a few integers, text is a range of one byte
/// array, and a section's body is a range of the instruction list: printing text costs no
/// reference counting at all, and a name only what looking it up and printing it costs.
final class TemplateProgram: Sendable {
    struct Instruction {
        enum Kind: UInt8 {
            /// `text[a..<b]`.
            case text
            /// The value of `paths[a]`; `flag`: escaped.
            case value
            /// `paths[a]` as a section over the instructions `i+1..<b`; `flag`: inverted.
            case section
            /// The template numbered `a`, with no blocks.
            case partial
            /// The template numbered `a`, with the blocks of `overrides[b]` (their bodies are
            /// the instructions `i+1..<c`).
            case parent
            /// The block named `a` if one was passed, else the instructions `i+1..<b`.
            case block
        }
        var kind: Kind
        var flag = false
        /// Three integers whose meaning depends on `kind` (above), kept in one small value so
        /// that a page's instructions are one flat array; made by the named constructors and
        /// read through the named accessors below, which compile to the same loads and stores.
        private var a: Int32 = 0
        private var b: Int32 = 0
        private var c: Int32 = 0

        private init(kind: Kind, flag: Bool = false, a: Int32, b: Int32 = 0) {
            self.kind = kind
            self.flag = flag
            self.a = a
            self.b = b
        }

        /// Prints `text[range]`.
        static func text(_ range: Range<Int32>) -> Instruction { Instruction(kind: .text, a: range.lowerBound, b: range.upperBound) }
        /// Prints the value of `paths[path]`, escaped when `escaped`.
        static func value(path: Int, escaped: Bool) -> Instruction { Instruction(kind: .value, flag: escaped, a: Int32(path)) }
        /// A section over `paths[path]` (its body's end set once parsed), inverted when `inverted`.
        static func section(path: Int, inverted: Bool) -> Instruction { Instruction(kind: .section, flag: inverted, a: Int32(path)) }
        /// Includes template number `template` (-1: none).
        static func partial(template: Int32) -> Instruction { Instruction(kind: .partial, a: template) }
        /// Renders template number `template` (-1: none) with blocks (set once parsed).
        static func parent(template: Int32) -> Instruction { Instruction(kind: .parent, a: template) }
        /// The block whose name is number `name` (its body's end set once parsed).
        static func block(name: Int32) -> Instruction { Instruction(kind: .block, a: name) }

        /// `.text`: the bytes of `text` it prints.
        var textRange: Range<Int> { Int(a)..<Int(b) }
        /// `.value`, `.section`: the index of its name in `paths`.
        var path: Int { Int(a) }
        /// `.partial`, `.parent`: the number of the template it includes; -1 for none.
        var template: Int32 { a }
        /// `.block`: the number of its name.
        var blockName: Int32 { a }
        /// `.section`, `.block`: where its body ends, the instruction to go on with after it.
        var bodyEnd: Int32 {
            get { b }
            set { b = newValue }
        }
        /// `.parent`: the index of the blocks it passes in `overrides`.
        var overrides: Int32 {
            get { b }
            set { b = newValue }
        }
        /// `.parent`: the instruction after its blocks.
        var parentEnd: Int32 {
            get { c }
            set { c = newValue }
        }
    }

    /// A block a child template passes to its parent: its name's number and its instructions.
    struct Block {
        var name: Int32
        var body: Range<Int32>
    }

    let instructions: [Instruction]
    let text: [UInt8]
    let paths: [TemplatePath]
    let overrides: [[Block]]
    /// Each template's instructions, by its number.
    let ranges: [Range<Int32>]
    /// Template names to numbers.
    let numbers: [String: Int32]

    init(_ templates: [String: [TemplateNode]]) {
        var numbers: [String: Int32] = [:]
        for name in templates.keys.sorted() { numbers[name] = Int32(numbers.count) }
        var blockNames: [String: Int32] = [:]
        var instructions: [Instruction] = []
        var text: [UInt8] = []
        var paths: [TemplatePath] = []
        var overrides: [[Block]] = []

        func blockNumber(_ name: String) -> Int32 {
            if let n = blockNames[name] { return n }
            let n = Int32(blockNames.count)
            blockNames[name] = n
            return n
        }
        func emit(_ nodes: [TemplateNode]) {
            for node in nodes {
                switch node {
                case .text(let string):
                    let start = Int32(text.count)
                    text.append(contentsOf: string.utf8)
                    instructions.append(.text(start..<Int32(text.count)))
                case .value(let path, let escaped):
                    paths.append(path)
                    instructions.append(.value(path: paths.count - 1, escaped: escaped))
                case .section(let path, let body, let inverted):
                    paths.append(path)
                    let at = instructions.count
                    instructions.append(.section(path: paths.count - 1, inverted: inverted))
                    emit(body)
                    instructions[at].bodyEnd = Int32(instructions.count)
                case .partial(let name):
                    instructions.append(.partial(template: numbers[name] ?? -1))
                case .parent(let name, let blocks):
                    let at = instructions.count
                    instructions.append(.parent(template: numbers[name] ?? -1))
                    var list: [Block] = []
                    for (block, body) in blocks.sorted(by: { $0.key < $1.key }) {
                        let start = Int32(instructions.count)
                        emit(body)
                        list.append(Block(name: blockNumber(block), body: start..<Int32(instructions.count)))
                    }
                    overrides.append(list)
                    instructions[at].overrides = Int32(overrides.count - 1)
                    instructions[at].parentEnd = Int32(instructions.count)
                case .block(let name, let fallback):
                    let at = instructions.count
                    instructions.append(.block(name: blockNumber(name)))
                    emit(fallback)
                    instructions[at].bodyEnd = Int32(instructions.count)
                }
            }
        }
        var ranges = [Range<Int32>](repeating: 0..<0, count: numbers.count)
        for (name, number) in numbers.sorted(by: { $0.value < $1.value }) {
            let start = Int32(instructions.count)
            emit(templates[name] ?? [])
            ranges[Int(number)] = start..<Int32(instructions.count)
        }
        self.instructions = instructions
        self.text = text
        self.paths = paths
        self.overrides = overrides
        self.ranges = ranges
        self.numbers = numbers
    }
}
