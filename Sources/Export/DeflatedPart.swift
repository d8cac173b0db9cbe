import CIsal
import Support
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

    /// Deflated by one of `compressors`; stored when empty, or when its deflate stream would be
    /// more than a kilobyte larger than the bytes (data compressed already).
    init(deflating input: UnsafeRawBufferPointer, with compressors: Compressors = .perFile) {
        if input.isEmpty {
            self.init(storing: input)
            return
        }
        // Room for what deflate makes of text; data that does not fit is not worth deflating.
        let capacity = input.count + 1024
        let deflated = compressors.withCompressor { compressor in
            [UInt8](unsafeUninitializedCapacity: capacity) { buffer, written in
                written = compressor.deflate(input, into: buffer)
            }
        }
        if deflated.isEmpty {
            self.init(storing: input)
            return
        }
        self.init(method: 8, crc32: Self.checksum(input), size: input.count, bytes: deflated)
    }

    /// Stored as it is (images: already compressed).
    init(storing input: UnsafeRawBufferPointer) {
        self.init(method: 0, crc32: Self.checksum(input), size: input.count, bytes: Array(input))
    }

    private init(method: UInt16, crc32: UInt32, size: Int, bytes: [UInt8]) {
        self.method = method
        self.crc32 = crc32
        self.size = size
        self.bytes = bytes
    }

    init(deflating bytes: borrowing ByteBuffer, with compressors: Compressors = .perFile) {
        self = bytes.withUnsafeBytes { Self(deflating: $0, with: compressors) }
    }

    init(deflating text: String, with compressors: Compressors = .perFile) {
        var text = text
        self = text.withUTF8 { Self(deflating: UnsafeRawBufferPointer($0), with: compressors) }
    }

    /// ZIP's CRC-32 (the reflected IEEE polynomial, as gzip's).
    static func checksum(_ input: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = input.baseAddress else { return 0 }
        return crc32_gzip_refl(0, base.assumingMemoryBound(to: UInt8.self), UInt64(input.count))
    }

    /// ISA-L deflate streams of one level. A stream and its level buffer (up to a few hundred
    /// KB) are made once and handed from thread to thread, one thread at a time.
    final class Compressors: Sendable {
        /// What every Word file's own parts (the body, its links, its properties) are deflated
        /// with: ISA-L's level 0, the fastest deflate we measured. On the Word bodies of the
        /// benchmark corpus (10 KB of XML each, one thread): 15.5 µs a body, 3.4 KB out;
        /// libdeflate's level 1, used before, 38.6 µs and 2.6 KB; ISA-L's level 1 29.3 µs and
        /// 2.7 KB; ZIPFoundation's zlib level 6 116 µs and 2.4 KB. The Word files come out a
        /// sixth larger (8.8 KB a `.docx` instead of 7.5 KB; BENCHMARKS.md, seventh session).
        static let perFile = Compressors(level: 0)
        /// What a part made once per process is deflated with (styles, settings, the usual
        /// numbering and content types): the smallest ISA-L makes, at no cost per file.
        static let once = Compressors(level: 3)

        let level: Int32
        /// Compressors not in use: as many as threads have compressed at once.
        private let idle = Mutex<[Compressor]>([])

        init(level: Int32) { self.level = level }

        /// One ISA-L stream and its level buffer; moves between threads, one at a time.
        struct Compressor: @unchecked Sendable {
            let stream: UnsafeMutablePointer<isal_zstream>
            let levelBuffer: UnsafeMutablePointer<UInt8>
            let levelBufferSize: Int
            let level: Int32

            /// Deflates `input` into `output`; the compressed size, or 0 when it did not fit.
            func deflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
                guard let base = input.baseAddress, let out = output.baseAddress, input.count > 0 else { return 0 }
                return showcase_isal_deflate(
                    stream, level, levelBuffer, levelBufferSize,
                    base.assumingMemoryBound(to: UInt8.self), input.count, out, output.count)
            }
        }

        func withCompressor<T>(_ body: (Compressor) -> T) -> T {
            let taken = idle.withLock { $0.popLast() } ?? Self.make(level)
            defer { idle.withLock { $0.append(taken) } }
            return body(taken)
        }

        private static func make(_ level: Int32) -> Compressor {
            let size = showcase_isal_level_buffer_size(level)
            let stream = UnsafeMutablePointer<isal_zstream>.allocate(capacity: 1)
            stream.initialize(to: isal_zstream())
            return Compressor(stream: stream, levelBuffer: .allocate(capacity: max(size, 1)), levelBufferSize: size, level: level)
        }

        deinit {
            for compressor in idle.withLock({ $0 }) {
                compressor.stream.deallocate()
                compressor.levelBuffer.deallocate()
            }
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
        let made = DeflatedPart(deflating: text(), with: .once)
        parts.withLock { if $0.count < limit { $0[key] = made } }
        return made
    }
}
