import CDeflate
import Synchronization

/// One file of a ZIP archive, compressed and checksummed: everything an entry needs besides
/// its name and date. Made once and copied into every archive that holds the same bytes.
struct DeflatedPart: Sendable {
    /// ZIP's compression method: 8 deflate, 0 stored.
    let method: UInt16
    let crc32: UInt32
    /// The uncompressed size.
    let size: Int
    /// The raw deflate stream (no zlib header), or the bytes themselves when stored.
    let bytes: [UInt8]

    /// Deflated with zlib's default level, a 32 KB window and `memLevel` 9: the settings
    /// ZIPFoundation used before, so the Word files are byte-for-byte what they were
    /// (ExportTests compares the two writers). Level 1 would save about a third of the
    /// compression time and make the files a tenth larger; see BENCHMARKS.md.
    init(deflating input: UnsafeRawBufferPointer) {
        var stream = z_stream()
        var status = deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib could not start a deflate stream (out of memory)")
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        let source = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        bytes = [UInt8](unsafeUninitializedCapacity: bound) { buffer, written in
            stream.next_in = source
            stream.avail_in = uInt(input.count)
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(bound)
            // deflateBound is enough for one call with Z_FINISH: the stream always ends here.
            status = deflate(&stream, Z_FINISH)
            written = bound - Int(stream.avail_out)
        }
        precondition(status == Z_STREAM_END, "zlib's deflate did not finish within deflateBound")
        method = 8
        size = input.count
        crc32 = Self.checksum(input)
    }

    /// Stored as it is (images: already compressed).
    init(storing input: UnsafeRawBufferPointer) {
        method = 0
        size = input.count
        bytes = Array(input)
        crc32 = Self.checksum(input)
    }

    init(deflating text: String) {
        var text = text
        self = text.withUTF8 { Self(deflating: UnsafeRawBufferPointer($0)) }
    }

    private static func checksum(_ input: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = input.baseAddress else { return 0 }
        return UInt32(CDeflate.crc32(0, base.assumingMemoryBound(to: Bytef.self), uInt(input.count)))
    }
}

/// Parts that come out the same in many Word files (styles, settings, relationships, the
/// numbering of the usual lists) compressed once per process rather than once per file.
/// Bounded: parts unique to one document (a list of its links) are simply compressed each time
/// once the memo is full.
final class DeflateMemo: Sendable {
    static let shared = DeflateMemo(limit: 256)

    private let limit: Int
    private let parts = Mutex<[String: DeflatedPart]>([:])

    init(limit: Int) { self.limit = limit }

    func part(_ text: String) -> DeflatedPart {
        if let known = parts.withLock({ $0[text] }) { return known }
        let made = DeflatedPart(deflating: text)
        parts.withLock { if $0.count < limit { $0[text] = made } }
        return made
    }
}
