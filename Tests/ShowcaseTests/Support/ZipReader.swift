import Foundation
import ZIPFoundation

/// Reads every file of a ZIP with ZIPFoundation, a reader the writer under test shares no code
/// with (Showcase writes its archives through zlib directly, `Sources/Export/ZipArchive.swift`).
enum ZipReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Entry paths in archive order with their contents; every entry's CRC-32 is checked.
    static func entries(of data: Data) throws -> [(path: String, data: Data)] {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw Failure(description: "not a ZIP archive: \(error)")
        }
        var out: [(path: String, data: Data)] = []
        for entry in archive where entry.type == .file {
            var content = Data()
            _ = try archive.extract(entry) { content.append($0) }
            out.append((entry.path, content))
        }
        return out
    }
}
