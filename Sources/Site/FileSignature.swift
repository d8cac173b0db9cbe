import CIsal

/// What a file of the output folder holds, in 16 bytes: its size and a CRC-64 of its bytes, or,
/// for a download linked from the download cache, the path of the file it links to.
///
/// Two builds compare signatures to write only the files whose bytes changed: a preview in the
/// same process (`LiveOutput`), and a build against the last build's (`OutputLedger`, which
/// keeps them on disk — so the hash must be the same in every process, which Swift's `Hasher`
/// is not). ISA-L's CRC-64 reads several gigabytes a second: the 236 MB of a 10,000-article
/// site's pages and index cost about 25 ms of one core. A CRC finds every accidental change;
/// it is not meant to stand against bytes made to collide (a page written that way would keep
/// its old bytes until `--clean`).
struct FileSignature: Equatable, Sendable {
    /// The file's size in bytes; -1 for a link to a cached download.
    var size: Int
    var hash: UInt64

    init(size: Int, hash: UInt64) {
        self.size = size
        self.hash = hash
    }

    init(_ bytes: UnsafeRawBufferPointer) {
        size = bytes.count
        hash = Self.crc(bytes)
    }

    /// A download hard-linked from the cache: the cached file's name is a digest of everything
    /// the download is made from, so the same name means the same bytes.
    init(linkTo existing: String) {
        var path = existing
        size = -1
        hash = path.withUTF8 { Self.crc(UnsafeRawBufferPointer($0)) }
    }

    private static func crc(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        return crc64_ecma_refl(0, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }
}
