import COpenCC
import Foundation

/// One OpenCC converter (`opencc_open`), opened once per build and shared by every worker.
///
/// `opencc_convert_utf8` only reads the converter's dictionaries (OpenCC's `Converter::Convert`
/// is `const` and keeps no state between calls), so concurrent calls on one handle are safe;
/// `EditionTests` converts on many threads at once and compares with one thread's result.
package final class OpenCC: @unchecked Sendable {
    private let handle: opencc_t

    /// Where Debian's `libopencc-dev` (through `opencc-data`) puts the configurations.
    package static let configFolder = "/usr/share/opencc"

    /// nil when the configuration cannot be opened (OpenCC's data not installed).
    package init?(config name: String) {
        let path = "\(Self.configFolder)/\(name).json"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let h = opencc_open(path)
        // `(opencc_t)-1` on failure.
        guard let h, Int(bitPattern: h) != -1 else { return nil }
        handle = h
    }

    deinit { opencc_close(handle) }

    /// Converts UTF-8 text (without NUL bytes, which end OpenCC's input).
    package func convert(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard let base = text.baseAddress, text.count > 0 else { return [] }
        let out = base.withMemoryRebound(to: CChar.self, capacity: text.count) { opencc_convert_utf8(handle, $0, text.count) }
        guard let out else { return Array(text) }
        defer { opencc_convert_utf8_free(out) }
        return Array(UnsafeRawBufferPointer(start: out, count: strlen(out)).bindMemory(to: UInt8.self))
    }
}
