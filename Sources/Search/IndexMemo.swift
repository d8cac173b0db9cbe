import CIsal
import Support

/// What an index was made from, beyond the files themselves: kept by the build beside the
/// output ledger, so that the next build can patch the index where a few pages changed
/// (``SearchIndexer/patch(_:memo:read:keep:to:)``) instead of making all of it again.
package struct IndexMemo: Sendable, Equatable {
    /// Per document, ``digest(_:)`` of what the index holds of it.
    package var digests: [UInt64]
    /// How often each UTF-16 unit occurs in the texts, URLs and dates: the ``CharTable``'s counts.
    package var counts: [UInt32]
    /// How many shards the index has.
    package var shards: Int
    /// The first document of each text chunk.
    package var starts: [Int]

    static let header = Array("showcase-search-memo 1\n".utf8)

    /// A digest of a document's kind, title, URL, date and text: the same digest, the same
    /// postings, text chunk row and units.
    package static func digest(_ doc: SearchDocument) -> UInt64 {
        var crc = crc64_ecma_refl(0, [UInt8(doc.kind.rawValue)], 1)
        for field in [doc.title, doc.url, doc.date] {
            var field = field
            crc = field.withUTF8 { crc64_ecma_refl(crc, $0.baseAddress, UInt64($0.count)) }
            crc = crc64_ecma_refl(crc, [0], 1)
        }
        return doc.utf8.withUnsafeBufferPointer { crc64_ecma_refl(crc, $0.baseAddress, UInt64($0.count)) }
    }

    /// The memo as bytes: the header, then varints — the counts of documents, shards and
    /// chunks, each digest (eight bytes, little-endian), each chunk's first document, and the
    /// units that occur with their counts.
    package var bytes: [UInt8] {
        var out = ByteBuffer(capacity: 64 + digests.count * 12 + starts.count * 3)
        out.append(Self.header)
        for v in [digests.count, shards, starts.count] { out.appendVarInt(v) }
        for d in digests { out.append(Self.littleEndian(d)) }
        for s in starts { out.appendVarInt(s) }
        let used = counts.indices.filter { counts[$0] > 0 }
        out.appendVarInt(used.count)
        for u in used {
            out.appendVarInt(u)
            out.appendVarInt(Int(counts[u]))
        }
        return out.array
    }

    /// The memo of an index just made (``SearchIndexer/write(_:stop:to:)``) or patched.
    package init(digests: [UInt64], counts: [UInt32], shards: Int, starts: [Int]) {
        self.digests = digests
        self.counts = counts
        self.shards = shards
        self.starts = starts
    }

    /// The memo ``bytes`` wrote; nil for anything else (a damaged or older file is not trusted).
    package init?(bytes: [UInt8]) {
        guard bytes.starts(with: Self.header) else { return nil }
        var at = Self.header.count
        guard let n = VarInt.checked(bytes, at: &at), let shards = VarInt.checked(bytes, at: &at),
            let chunks = VarInt.checked(bytes, at: &at), n < 1 << 20, shards <= 1 << 20, chunks <= n, bytes.count - at >= n * 8
        else { return nil }
        let digests = (0..<n).map { Self.uint64(bytes, at: at + $0 * 8) }
        at += n * 8
        var starts: [Int] = []
        for _ in 0..<chunks {
            guard let s = VarInt.checked(bytes, at: &at), s < n else { return nil }
            starts.append(s)
        }
        var counts = [UInt32](repeating: 0, count: 0x10000)
        guard let used = VarInt.checked(bytes, at: &at), used <= 0x10000 else { return nil }
        for _ in 0..<used {
            guard let u = VarInt.checked(bytes, at: &at), u < 0x10000, let c = VarInt.checked(bytes, at: &at), c <= UInt32.max
            else { return nil }
            counts[u] = UInt32(c)
        }
        guard at == bytes.count else { return nil }
        self.init(digests: digests, counts: counts, shards: shards, starts: starts)
    }

    /// `value`'s eight bytes, little-endian (the memo's digests, and the build's digest before it).
    package static func littleEndian(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    /// The eight bytes at `offset`, little-endian (``littleEndian(_:)``'s inverse); the caller
    /// has checked that they are there.
    package static func uint64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }
}
