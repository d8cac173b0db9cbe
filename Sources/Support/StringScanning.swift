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
        // The set holds ASCII tab to carriage return and space, and otherwise only space and
        // line separators, none above U+3000: a Chinese character or full-width punctuation at
        // either end is answered without asking Foundation.
        func isTrimmed(_ s: Unicode.Scalar) -> Bool {
            if s.isASCII { return s == " " || (s.value >= 0x09 && s.value <= 0x0D) }
            return s.value <= 0x3000 && CharacterSet.whitespacesAndNewlines.contains(s)
        }
        return isTrimmed(first) || isTrimmed(last) ? trimmingCharacters(in: .whitespacesAndNewlines) : self
    }

    /// Calls `body` with the string's UTF-8, read in place when the string is stored contiguously
    /// (a native Swift string); otherwise from a contiguous copy.
    package func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
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
