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
    /// The raw deflate stream, or the bytes themselves when stored.
    let bytes: [UInt8]

    /// Deflated by one of `compressors`.
    init(deflating input: UnsafeRawBufferPointer, with compressors: Compressors = .shared) {
        bytes = compressors.withCompressor { compressor in
            let bound = libdeflate_deflate_compress_bound(compressor, input.count)
            return [UInt8](unsafeUninitializedCapacity: bound) { buffer, written in
                written = libdeflate_deflate_compress(compressor, input.baseAddress, input.count, buffer.baseAddress, bound)
                // Zero means "did not fit", which the bound rules out.
                precondition(written > 0 || input.isEmpty, "libdeflate's output exceeded its own bound")
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

    init(deflating text: String, with compressors: Compressors = .shared) {
        var text = text
        self = text.withUTF8 { Self(deflating: UnsafeRawBufferPointer($0), with: compressors) }
    }

    private static func checksum(_ input: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(libdeflate_crc32(0, input.baseAddress, input.count))
    }

    /// libdeflate compressors of one level. A compressor holds its tables (a few hundred KB,
    /// which the kernel maps and zeroes page by page on first use) and may serve one thread at
    /// a time, so each is made once and handed from thread to thread.
    final class Compressors: Sendable {
        /// Level 1: a Word file's body (about 10 KB of XML) compresses in about a third of the
        /// time of zlib's default level, which ZIPFoundation used, and comes out 9 % larger
        /// (2.6 KB instead of 2.4 KB; the whole `.docx` 6 %); libdeflate's level 6 would take
        /// twice level 1's time for ZIPFoundation's size. Figures in BENCHMARKS.md, "Downloads".
        static let shared = Compressors(level: 1)

        let level: Int32
        /// Compressors not in use: as many as threads have compressed at once.
        private let idle = Mutex<[Compressor]>([])

        init(level: Int32) { self.level = level }

        /// Moves between threads, one at a time.
        private struct Compressor: @unchecked Sendable {
            let pointer: OpaquePointer
        }

        func withCompressor<T>(_ body: (OpaquePointer) -> T) -> T {
            let taken = idle.withLock { $0.popLast() } ?? Compressor(pointer: Self.make(level))
            defer { idle.withLock { $0.append(taken) } }
            return body(taken.pointer)
        }

        private static func make(_ level: Int32) -> OpaquePointer {
            guard let made = libdeflate_alloc_compressor(level) else {
                fatalError("libdeflate could not allocate a compressor (out of memory)")
            }
            return made
        }

        deinit {
            for compressor in idle.withLock({ $0 }) { libdeflate_free_compressor(compressor.pointer) }
        }
    }
}

/// Parts that come out the same in many Word files (content types, the numbering of the usual
/// lists, the site's properties) compressed once per process rather than once per file, found
/// by what their text is made from (`Key`), so that a known part's text is not made again.
/// Bounded: once full, a form not yet met is simply made and compressed each time. Parts that
/// never change are ``DocxPackage``'s constants.
final class DeflateMemo<Key: Hashable & Sendable>: Sendable {
    private let limit: Int
    private let parts = Mutex<[Key: DeflatedPart]>([:])

    init(limit: Int) { self.limit = limit }

    /// The part for `key`, made from `text()` the first time.
    func part(_ key: Key, _ text: () -> String) -> DeflatedPart {
        if let known = parts.withLock({ $0[key] }) { return known }
        let made = DeflatedPart(deflating: text())
        parts.withLock { if $0.count < limit { $0[key] = made } }
        return made
    }
}
