import Support

/// How one term's documents are written in a shard: ascending numbers (document numbers, or
/// positions in another list) as bytes, a first byte saying which of two forms follows —
/// `0` and variable-length gaps, or `1` and a bitmap over the `universe` — whichever is shorter.
/// A character on nearly every page costs N/8 bytes instead of one or two per page.
package enum PostingList {
    /// Encodes `docs` (ascending); for tests, as the index writes its lists through ``write(_:shift:universe:to:)``.
    package static func encode(_ docs: [UInt32], universe: Int) -> [UInt8] {
        var out = ByteBuffer(capacity: 16)
        docs.withUnsafeBufferPointer { write($0, shift: 0, universe: universe, to: &out) }
        return out.array
    }

    /// How many bytes the list of `values >> shift` takes, and in which form: both forms are
    /// sized before either is written, because the shard writes the length first.
    @inline(__always)
    static func size(_ values: UnsafeBufferPointer<UInt32>, shift: UInt32, universe: Int) -> (bytes: Int, bitmap: Bool) {
        let bitmapBytes = (universe + 7) / 8
        var gaps = 0
        var previous: Int64 = -1
        for v in values {
            let d = Int64(v >> shift)
            let gap = UInt64(d - previous - 1)
            previous = d
            gaps += gap < 1 << 7 ? 1 : gap < 1 << 14 ? 2 : gap < 1 << 21 ? 3 : gap < 1 << 28 ? 4 : 5
            // The gaps win on a tie, as they always have.
            if gaps > bitmapBytes { return (1 + bitmapBytes, true) }
        }
        return (1 + gaps, false)
    }

    /// Writes the list of `values >> shift` in the form ``size(_:shift:universe:)`` chose.
    @inline(__always)
    static func write(_ values: UnsafeBufferPointer<UInt32>, shift: UInt32, universe: Int, bitmap: Bool, to out: inout ByteBuffer) {
        if bitmap {
            out.append(1)
            let bits = out.appendZeros((universe + 7) / 8)
            for v in values {
                let d = v >> shift
                bits[Int(d >> 3)] |= 1 << (d & 7)
            }
            return
        }
        out.reserve(1 + values.count * 5)
        out.put(0)
        var previous: Int64 = -1
        for v in values {
            let d = Int64(v >> shift)
            out.putVarInt(Int(d - previous - 1))
            previous = d
        }
    }

    /// ``size(_:shift:universe:)`` and ``write(_:shift:universe:bitmap:to:)`` in one.
    static func write(_ values: UnsafeBufferPointer<UInt32>, shift: UInt32, universe: Int, to out: inout ByteBuffer) {
        write(values, shift: shift, universe: universe, bitmap: size(values, shift: shift, universe: universe).bitmap, to: &out)
    }

    /// The inverse, for tests (the browser has its own in `search.js`).
    package static func decode(_ bytes: ArraySlice<UInt8>) -> [UInt32] {
        guard let first = bytes.first else { return [] }
        var out: [UInt32] = []
        if first == 1 {
            for (i, b) in bytes.dropFirst().enumerated() where b != 0 {
                for bit in 0..<8 where b & (1 << bit) != 0 { out.append(UInt32(i * 8 + bit)) }
            }
            return out
        }
        var previous: Int64 = -1, gap: UInt64 = 0, shift: UInt64 = 0
        for b in bytes.dropFirst() {
            gap |= UInt64(b & 0x7F) << shift
            if b & 0x80 != 0 { shift += 7; continue }
            previous += Int64(gap) + 1
            out.append(UInt32(previous))
            gap = 0
            shift = 0
        }
        return out
    }
}

/// Unsigned LEB128, as `search.js` reads it (written by ``ByteBuffer/putVarInt(_:)``).
enum VarInt {
    /// The varint at `i`, for bytes this index wrote (the tests read them back).
    static func read(_ bytes: [UInt8], at i: inout Int) -> Int { checked(bytes, at: &i)! }

    /// The varint at `i`; nil when it runs past the end or past 63 bits (bytes read from a
    /// file: a patched index reads the last build's, its memo is read from the cache folder).
    static func checked(_ bytes: [UInt8], at i: inout Int) -> Int? {
        var v = 0, shift = 0
        while i < bytes.count, shift < 63 {
            let b = bytes[i]
            i += 1
            v |= Int(b & 0x7F) << shift
            if b & 0x80 == 0 { return v }
            shift += 7
        }
        return nil
    }
}

/// One shard file, `search/s/<k>.bin`: its terms in byte order, each as
/// `[varint length][term, UTF-8][varint length][all][varint length][title]`, where `all` is the
/// term's documents (``PostingList``) and `title` the positions in `all` of the documents with
/// the term in their title (empty when none): relative positions cost at most |all|/8 bytes.
package enum ShardFile {
    /// One term of a shard as ``decode(_:)`` reads it back: the tests compare what the index
    /// holds with what the pages contain.
    package struct Entry: Equatable, Sendable {
        /// Every document with the term, ascending.
        package var all: [UInt32]
        /// The documents with the term in their title (document numbers, not positions).
        package var title: [UInt32]
    }

    /// Appends one term; `list` holds `doc << 1 | inTitle`, ascending. `titles` is scratch
    /// space for the title positions, kept from term to term.
    static func append(
        term: some Collection<UInt8>, list: UnsafeBufferPointer<UInt32>, documentCount: Int,
        titles: inout [UInt32], to out: inout ByteBuffer
    ) {
        out.appendVarInt(term.count)
        out.reserve(term.count)
        for byte in term { out.put(byte) }
        let all = PostingList.size(list, shift: 1, universe: documentCount)
        out.appendVarInt(all.bytes)
        PostingList.write(list, shift: 1, universe: documentCount, bitmap: all.bitmap, to: &out)
        titles.removeAll(keepingCapacity: true)
        for p in 0..<list.count where list[p] & 1 != 0 { titles.append(UInt32(p)) }
        if titles.isEmpty {
            out.append(0)
            return
        }
        titles.withUnsafeBufferPointer { positions in
            let size = PostingList.size(positions, shift: 0, universe: list.count)
            out.appendVarInt(size.bytes)
            PostingList.write(positions, shift: 0, universe: list.count, bitmap: size.bitmap, to: &out)
        }
    }

    /// Every term of a shard with its list as ``append(term:list:documentCount:titles:to:)``
    /// takes it (`doc << 1 | inTitle`); nil for bytes that are not a shard (read with every
    /// length checked: a patched index reads the last build's files).
    static func lists(_ bytes: [UInt8]) -> [[UInt8]: [UInt32]]? {
        var out: [[UInt8]: [UInt32]] = [:]
        var i = 0
        func piece() -> ArraySlice<UInt8>? {
            guard let length = VarInt.checked(bytes, at: &i), length <= bytes.count - i else { return nil }
            defer { i += length }
            return bytes[i..<(i + length)]
        }
        while i < bytes.count {
            guard let term = piece(), let all = piece(), let title = piece() else { return nil }
            var list = PostingList.decode(all).map { $0 << 1 }
            for p in PostingList.decode(title) {
                guard p < list.count else { return nil }
                list[Int(p)] |= 1
            }
            out[Array(term)] = list
        }
        return out
    }

    /// Every term of a shard with its documents and title documents (for tests).
    package static func decode(_ bytes: [UInt8]) -> [String: Entry] {
        var out: [String: Entry] = [:]
        var i = 0
        while i < bytes.count {
            let length = VarInt.read(bytes, at: &i)
            let term = String(decoding: bytes[i..<(i + length)], as: UTF8.self)
            i += length
            let allLength = VarInt.read(bytes, at: &i)
            let all = PostingList.decode(bytes[i..<(i + allLength)])
            i += allLength
            let titleLength = VarInt.read(bytes, at: &i)
            let positions = PostingList.decode(bytes[i..<(i + titleLength)])
            i += titleLength
            out[term] = Entry(all: all, title: positions.map { all[Int($0)] })
        }
        return out
    }
}

/// RFC 4648 base64 with padding, as `atob` reads it.
package enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The bitmap of where text chunks start, as `meta.json` carries it (JSON has no bytes).
    package static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)], alphabet[Int(v & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let v = UInt32(bytes[i]) << 16
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], 0x3D, 0x3D]
        } else if rest == 2 {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)], 0x3D]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
