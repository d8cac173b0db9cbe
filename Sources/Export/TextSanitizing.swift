/// Escaping and cleaning of text before it goes into XML, HTML or a text file.
///
/// Every writer sends author text through here, so a title with `<script>`, `&` or a stray
/// control character can never break a document or inject markup.
enum TextSanitizing {
    /// Removes the characters XML 1.0 forbids (C0 controls except tab, line feed and carriage
    /// return, and U+FFFE/U+FFFF) and the C1 controls, which Word refuses even though XML allows them.
    static func stripControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isRefused) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { !isRefused($0) })
        return String(scalars)
    }

    static func isRefused(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    /// Text content and attribute values for XML and HTML: escapes `& < > " '` after stripping controls.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars where !isRefused(scalar) {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
