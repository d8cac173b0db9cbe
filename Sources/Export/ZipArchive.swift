import Content
import Foundation

/// A ZIP archive built in memory (Word files, issue bundles): local headers and data, then the
/// central directory. Written here rather than through ZIPFoundation so that a part shared by
/// every Word file is compressed once (``DeflatedPart``, ``DeflateMemo``) instead of once per
/// article, and the rest by ISA-L (``DeflatedPart/Compressors``): the downloads were most
/// of a build's time (BENCHMARKS.md). The headers are the ones ZIPFoundation wrote (a test
/// compares the two writers byte for byte on stored entries); the tests read the files back
/// with ZIPFoundation, LibreOffice and python-docx.
struct ZipWriter {
    private var data: [UInt8] = []
    private var directory: [UInt8] = []
    private var entries = 0
    /// MS-DOS date and time fields of every entry.
    private let dosDate: UInt16
    private let dosTime: UInt16

    /// Entry dates: the article's date rather than "now", so the same content gives the same
    /// bytes. ZIP (MS-DOS) times have no zone: every unzipper shows them as the clock on the
    /// wall, so they are the site's own time (an article of 20 May in Kunshan is stamped
    /// 20 May, not 19 May 16:00 UTC).
    init(date: Date, timeZone: TimeZone) {
        let local = Int(date.timeIntervalSince1970) + timeZone.secondsFromGMT(for: date)
        let (days, seconds) = local.quotientAndRemainder(dividingBy: 86_400)
        // Arithmetic rather than `gmtime`, whose one buffer is shared by every thread.
        let (civilYear, month, day) = DateParser.civilFromDays(seconds < 0 ? days - 1 : days)
        let second = (seconds + 86_400) % 86_400
        // MS-DOS dates run from 1980 to 2099.
        let year = min(max(civilYear, 1980), 2099)
        dosDate = UInt16((year - 1980) * 512 + month * 32 + day)
        dosTime = UInt16(second / 3600 * 2048 + second % 3600 / 60 * 32 + second % 60 / 2)
        // Room for a usual Word file (about 7.5 KB) without growing on the way.
        data.reserveCapacity(16 * 1024)
        directory.reserveCapacity(1024)
    }

    /// The zone of `site.yaml` (`Asia/Shanghai` when it names none the system knows, as the loader does).
    static func timeZone(of site: SiteContent) -> TimeZone {
        timeZone(of: site.config)
    }

    static func timeZone(of config: SiteConfig) -> TimeZone {
        TimeZone(identifier: config.timeZoneIdentifier) ?? TimeZone(identifier: "Asia/Shanghai")!
    }

    /// Adds a file; `compress: false` for data that is already compressed (PNG, JPEG, DOCX).
    mutating func add(_ path: String, _ bytes: Data, compress: Bool = true) throws {
        try add(path, bytes.withUnsafeBytes { compress ? DeflatedPart(deflating: $0) : DeflatedPart(storing: $0) })
    }

    mutating func add(_ path: String, _ text: String) throws { try add(path, DeflatedPart(deflating: text)) }

    /// Adds a part compressed beforehand (see ``DeflateMemo``).
    mutating func add(_ path: String, _ part: DeflatedPart) throws {
        // The name's UTF-8 read where it is (the names are literals): an array of it was an
        // allocation an entry.
        let name = path.utf8
        // Without ZIP64 records, sizes and offsets have 32 bits and names and counts 16.
        guard data.count + 30 + name.count + part.bytes.count < Int(UInt32.max), part.size < Int(UInt32.max),
            name.count <= Int(UInt16.max), entries < Int(UInt16.max)
        else {
            throw ExportError.zip("\(path): 文件超过 ZIP 格式不分卷时的上限（4 GB 或 65535 个文件）")
        }
        let offset = UInt32(data.count)
        func common(_ out: inout [UInt8]) {
            out.appendLittleEndian(UInt16(20)) // version needed to extract: 2.0
            out.appendLittleEndian(UInt16(0x0800)) // the name is UTF-8
            out.appendLittleEndian(part.method)
            out.appendLittleEndian(dosTime)
            out.appendLittleEndian(dosDate)
            out.appendLittleEndian(part.crc32)
            out.appendLittleEndian(UInt32(part.bytes.count))
            out.appendLittleEndian(UInt32(part.size))
            out.appendLittleEndian(UInt16(name.count))
            out.appendLittleEndian(UInt16(0)) // extra field length
        }
        data.appendLittleEndian(UInt32(0x0403_4b50))
        common(&data)
        data.append(contentsOf: name)
        data += part.bytes

        directory.appendLittleEndian(UInt32(0x0201_4b50))
        directory.appendLittleEndian(UInt16(789)) // made by: Unix, ZIP 2.1
        common(&directory)
        directory.appendLittleEndian(UInt16(0)) // comment length
        directory.appendLittleEndian(UInt16(0)) // disk number
        directory.appendLittleEndian(UInt16(0)) // internal attributes
        directory.appendLittleEndian(UInt32(0o100644) << 16) // a regular file, rw-r--r--
        directory.appendLittleEndian(offset)
        directory.append(contentsOf: name)
        entries += 1
    }

    /// The finished archive.
    func finish() -> Data {
        var archive = Data(capacity: data.count + directory.count + 22)
        archive.append(contentsOf: data)
        archive.append(contentsOf: directory)
        // The end of central directory record.
        archive.appendLittleEndian(UInt32(0x0605_4b50))
        archive.appendLittleEndian(UInt16(0)) // this disk
        archive.appendLittleEndian(UInt16(0)) // the disk the directory starts on
        archive.appendLittleEndian(UInt16(entries))
        archive.appendLittleEndian(UInt16(entries))
        archive.appendLittleEndian(UInt32(directory.count))
        archive.appendLittleEndian(UInt32(data.count))
        archive.appendLittleEndian(UInt16(0)) // comment length
        return archive
    }
}

private extension RangeReplaceableCollection<UInt8> {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
