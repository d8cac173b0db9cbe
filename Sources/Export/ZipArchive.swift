import Content
import Foundation
import ZIPFoundation

/// The one place that talks to ZIPFoundation: builds a ZIP in memory and reads one back.
struct ZipWriter {
    private let archive: Archive
    /// Entry dates: the article's date rather than "now", so the same content gives the same bytes.
    /// Shifted by the site's offset from UTC; see ``init(date:timeZone:)``.
    let date: Date

    /// ZIP (MS-DOS) times have no zone: every unzipper shows them as the clock on the wall.
    /// ZIPFoundation fills them in with `gmtime`, which would stamp an article of 20 May in
    /// Kunshan “19 May 16:00”; adding the zone's offset first makes them the site's own time.
    init(date: Date, timeZone: TimeZone) throws {
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw ExportError.zip(String(describing: error))
        }
        self.date = date.addingTimeInterval(TimeInterval(timeZone.secondsFromGMT(for: date)))
    }

    /// The zone of `site.yaml` (`Asia/Shanghai` when it names none the system knows, as the loader does).
    static func timeZone(of site: SiteContent) -> TimeZone {
        TimeZone(identifier: site.config.timeZoneIdentifier) ?? TimeZone(identifier: "Asia/Shanghai")!
    }

    /// ZIPFoundation turns each entry's date into MS-DOS fields with `gmtime`, which returns a
    /// buffer shared by every thread: two documents zipped at once could swap their dates (seen
    /// once as a non-deterministic download under ThreadSanitizer). Entries are added one at a time.
    private static let gmtimeLock = NSLock()

    /// Adds a file; `compress: false` for data that is already compressed (PNG, JPEG, DOCX).
    func add(_ path: String, _ data: Data, compress: Bool = true) throws {
        Self.gmtimeLock.lock()
        defer { Self.gmtimeLock.unlock() }
        do {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                 compressionMethod: compress ? .deflate : .none) { position, size in
                data.subdata(in: Data.Index(position)..<Data.Index(position) + size)
            }
        } catch {
            throw ExportError.zip("\(path): \(error)")
        }
    }

    func add(_ path: String, _ text: String) throws { try add(path, Data(text.utf8)) }

    /// The finished archive.
    func finish() -> Data { archive.data ?? Data() }
}

/// Reads every file of a ZIP (tests and the bundle check use it).
package enum ZipReader {
    /// Entry paths in archive order with their contents.
    package static func entries(of data: Data) throws -> [(path: String, data: Data)] {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw ExportError.zip(String(describing: error))
        }
        var out: [(path: String, data: Data)] = []
        for entry in archive where entry.type == .file {
            var content = Data()
            do {
                _ = try archive.extract(entry) { content.append($0) }
            } catch {
                throw ExportError.zip("\(entry.path): \(error)")
            }
            out.append((entry.path, content))
        }
        return out
    }
}
