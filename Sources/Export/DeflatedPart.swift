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

    /// Deflated with the settings of `streams`.
    init(deflating input: UnsafeRawBufferPointer, with streams: DeflateStreams = .shared) {
        bytes = streams.withStream { stream in
            let bound = Int(deflateBound(stream, uLong(input.count)))
            return [UInt8](unsafeUninitializedCapacity: bound) { buffer, written in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
                stream.pointee.avail_in = uInt(input.count)
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(bound)
                // deflateBound is enough for one call with Z_FINISH: the stream always ends here.
                let status = deflate(stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "zlib's deflate did not finish within deflateBound")
                written = bound - Int(stream.pointee.avail_out)
            }
        }
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

    init(deflating text: String, with streams: DeflateStreams = .shared) {
        var text = text
        self = text.withUTF8 { Self(deflating: UnsafeRawBufferPointer($0), with: streams) }
    }

    private static func checksum(_ input: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = input.baseAddress else { return 0 }
        return UInt32(CDeflate.crc32(0, base.assumingMemoryBound(to: Bytef.self), uInt(input.count)))
    }
}

/// Parts that come out the same in many Word files (content types, the numbering of the usual
/// lists, relationships, the site's properties) compressed once per process rather than once
/// per file. Bounded: parts unique to one document (a list of its links) are simply compressed
/// each time once the memo is full. Parts that never change are ``DocxPackage``'s constants.
final class DeflateMemo: Sendable {
    static let shared = DeflateMemo(limit: 256)

    private let limit: Int
    private let parts = Mutex<[PartText: DeflatedPart]>([:])

    init(limit: Int) { self.limit = limit }

    func part(_ text: String) -> DeflatedPart {
        let key = PartText(bytes: Array(text.utf8))
        if let known = parts.withLock({ $0[key] }) { return known }
        let made = key.bytes.withUnsafeBytes { DeflatedPart(deflating: $0) }
        parts.withLock { if $0.count < limit { $0[key] = made } }
        return made
    }

    /// A part's bytes, hashed in one pass: hashing them as a `String` normalizes the Chinese
    /// text first, and `[UInt8]` hashes byte by byte.
    private struct PartText: Hashable, Sendable {
        let bytes: [UInt8]
        func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }
}

/// zlib deflate streams, set up once and reset for each part. Setting one up allocates a few
/// hundred kilobytes of tables, which the kernel then maps and zeroes page by page: for a Word
/// file's 10 KB body that cost about as much as compressing it. Reset, a stream clears only its
/// hash table.
final class DeflateStreams: Sendable {
    /// Level 1 with zlib's default `memLevel` 8: a Word file's body (about 10 KB of XML)
    /// compresses in about a third of the time of the default level 6 with `memLevel` 9, which
    /// ZIPFoundation used, and comes out 8 % larger (about 2.6 KB instead of 2.4 KB); see
    /// BENCHMARKS.md, "Downloads".
    static let shared = DeflateStreams(level: 1, memLevel: 8)

    let level: Int32
    let memLevel: Int32
    /// Streams not in use; as many as threads have compressed at once.
    private let idle = Mutex<[StreamPointer]>([])

    init(level: Int32, memLevel: Int32) {
        self.level = level
        self.memLevel = memLevel
    }

    /// A `z_stream` lives at a fixed address (zlib keeps a pointer back to it), so it is
    /// allocated, and only the pointer moves between threads, one thread at a time.
    private struct StreamPointer: @unchecked Sendable {
        let stream: UnsafeMutablePointer<z_stream>
    }

    func withStream<T>(_ body: (UnsafeMutablePointer<z_stream>) -> T) -> T {
        let taken = idle.withLock { $0.popLast() } ?? makeStream()
        defer {
            deflateReset(taken.stream)
            idle.withLock { $0.append(taken) }
        }
        return body(taken.stream)
    }

    private func makeStream() -> StreamPointer {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = deflateInit2_(stream, level, Z_DEFLATED, -MAX_WBITS, memLevel, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib could not set up a deflate stream (out of memory)")
        return StreamPointer(stream: stream)
    }

    deinit {
        for taken in idle.withLock({ $0 }) {
            deflateEnd(taken.stream)
            taken.stream.deallocate()
        }
    }
}
