import Foundation

extension String {
    /// `trimmingCharacters(in: .whitespaces)`, without Foundation when neither end is a space,
    /// as for nearly every value: the set holds only spaces and tab, so no other scalar is trimmed.
    package func trimmingSpaces() -> String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        // No space separator comes after U+3000, so CJK text never needs Foundation's answer.
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            s.isASCII ? s == " " || s == "\t" : s.value <= 0x3000 && CharacterSet.whitespaces.contains(s)
        }
        return isSpace(first) || isSpace(last) ? trimmingCharacters(in: .whitespaces) : self
    }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, without Foundation's bridging when
    /// neither end needs trimming (the usual case for a paragraph's text).
    package func trimmingSpacesAndNewlines() -> String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        let set = CharacterSet.whitespacesAndNewlines
        return set.contains(first) || set.contains(last) ? trimmingCharacters(in: set) : self
    }

    /// Line endings as line feeds; a string without a carriage return is returned as it is.
    package func normalizingLineEndings() -> String {
        containsByte(0x0D) ? replacingOccurrences(of: "\r\n", with: "\n") : self
    }

    /// Whether the UTF-8 of the string holds `byte`, with `memchr` rather than a walk of `utf8`.
    package func containsByte(_ byte: UInt8) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ bytes in
            bytes.baseAddress.map { memchr($0, Int32(byte), bytes.count) != nil } ?? false
        }) {
            return found
        }
        return utf8.contains(byte)
    }
}
