import Foundation
import Support

/// The site's templates, compiled once and shared by every rendering thread.
///
/// The only place that knows the template language: the rest of the code hands in a template
/// name and the ``TemplateValue`` fields prepared by the view-model layer.
package struct TemplateSet: Sendable {
    private let program: TemplateProgram
    /// Template names (`article`, `partials/header`) with the file each came from.
    package let files: [String: String]
    /// Template names with the text each was compiled from: a preview compares them to know
    /// whether what it rendered with the last build's templates still stands.
    package let texts: [String: String]

    /// A set of compiled templates by name, with the file each came from (for messages) and
    /// their texts. Reading a folder of them, with its problems reported, is the site's
    /// business (`TemplateSet.load` in Sources/Site/TemplateFolder.swift).
    package init(compiled: [String: CompiledTemplate], files: [String: String], texts: [String: String] = [:]) {
        program = TemplateProgram(compiled.mapValues(\.nodes))
        self.files = files
        self.texts = texts
    }

    /// Compiles one template's text; throws where and why it is wrong.
    package static func compile(_ text: String) throws(TemplateSyntaxError) -> CompiledTemplate {
        let (nodes, references) = try TemplateParser.parse(text)
        return CompiledTemplate(nodes: nodes, references: references)
    }

    /// Renders the named template; the name must have been required at load time.
    package func render(_ name: String, _ context: TemplateFields) -> String {
        renderBytes(name, context).string
    }

    /// ``render(_:_:)`` as the UTF-8 bytes to write: pages are rendered into a byte buffer, which
    /// grows with plain copies (a `String` checks and re-validates on every append).
    package func renderBytes(_ name: String, _ context: TemplateFields) -> ByteBuffer {
        var out = ByteBuffer()
        guard let template = program.numbers[name] else { return out }
        var stack: [TemplateValue] = []
        stack.reserveCapacity(8) // sections nest a few deep; growing it one by one reallocated
        stack.append(.object(context))
        TemplateRenderer(program: program).render(template: template, stack: &stack, into: &out)
        return out
    }
}

/// One template compiled, with the partials and parents it names.
package struct CompiledTemplate: Sendable {
    let nodes: [TemplateNode]
    /// The partials and parents the template names, where it names them.
    package let references: [TemplateReference]
}
