import Content
import Foundation

/// The character encodings a layout desk may ask for.
package enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    /// Older Chinese layout systems read GB18030 (a superset of GBK and GB2312).
    case gb18030

    /// Foundation's encoding. On Linux `CFStringEncodings` is not available, so the value of
    /// `CFStringConvertEncodingToNSStringEncoding(kCFStringEncodingGB_18030_2000)` is spelt
    /// out: the CF encoding 0x0632 with the "CF encoding" bit 0x8000_0000 — the same number
    /// Darwin's function returns.
    package var stringEncoding: String.Encoding {
        switch self {
        case .utf8: .utf8
        case .gb18030: String.Encoding(rawValue: 0x8000_0632)
        }
    }

    /// Added to a file name in this encoding (`-gb18030`); none for UTF-8.
    package var fileSuffix: String { self == .utf8 ? "" : "-gb18030" }
}

extension ArticleExport {
    /// Line endings normalised to LF (or CRLF on request), then encoded. GB18030 covers all of
    /// Unicode, so it only fails if the platform lacks the converter.
    package static func encode(_ text: String, encoding: TextEncoding, crlf: Bool) throws -> Data {
        var text = text.normalizingLineEndings()
        if crlf { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
        if encoding == .utf8 { return Data(text.utf8) }
        guard let data = text.data(using: encoding.stringEncoding, allowLossyConversion: false) else {
            throw ExportError.unencodable(encoding: encoding.rawValue)
        }
        return data
    }

    /// Decodes what ``encode(_:encoding:crlf:)`` wrote (used to check the round trip).
    package static func decode(_ data: Data, encoding: TextEncoding) -> String? {
        String(data: data, encoding: encoding.stringEncoding)
    }
}
