/// How one term's documents are written in a shard: ascending numbers (document numbers, or
/// positions in another list) as bytes, a first byte saying which of two forms follows —
/// `0` and variable-length gaps, or `1` and a bitmap over the `universe` — whichever is shorter.
/// A character on nearly every page costs N/8 bytes instead of one or two per page.
package enum PostingList {
    package static func encode(_ docs: some Collection<UInt32>, universe: Int, into out: inout [UInt8]) {
        let bitmapBytes = (universe + 7) / 8
        let start = out.count
        out.append(0)
        var previous: Int64 = -1
        for d in docs {
            var gap = UInt64(Int64(d) - previous - 1)
            previous = Int64(d)
            while gap >= 0x80 {
                out.append(UInt8(gap & 0x7F) | 0x80)
                gap >>= 7
            }
            out.append(UInt8(gap))
            if out.count - start > bitmapBytes + 1 { break }
        }
        if out.count - start <= bitmapBytes + 1 { return }
        out.removeSubrange(start...)
        out.append(1)
        let base = out.count
        out.append(contentsOf: repeatElement(0, count: bitmapBytes))
        for d in docs { out[base + Int(d >> 3)] |= 1 << (d & 7) }
    }

    package static func encode(_ docs: [UInt32], universe: Int) -> [UInt8] {
        var out: [UInt8] = []
        encode(docs, universe: universe, into: &out)
        return out
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

/// Unsigned LEB128, as `search.js` reads it.
enum VarInt {
    static func write(_ value: Int, to out: inout [UInt8]) {
        var v = UInt(value)
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func read(_ bytes: [UInt8], at i: inout Int) -> Int {
        var v = 0, shift = 0
        while true {
            let b = bytes[i]
            i += 1
            v |= Int(b & 0x7F) << shift
            if b & 0x80 == 0 { return v }
            shift += 7
        }
    }
}

/// One shard file, `search/s/<k>.bin`: its terms in byte order, each as
/// `[varint length][term, UTF-8][varint length][all][varint length][title]`, where `all` is the
/// term's documents (``PostingList``) and `title` the positions in `all` of the documents with
/// the term in their title (empty when none): relative positions cost at most |all|/8 bytes.
package enum ShardFile {
    package struct Entry: Equatable, Sendable {
        package var all: [UInt32]
        package var title: [UInt32]
    }

    /// Appends one term; `list` holds `doc << 1 | inTitle`, ascending.
    static func append(term: [UInt8], list: some Collection<UInt32>, documentCount: Int, to out: inout [UInt8]) {
        VarInt.write(term.count, to: &out)
        out += term
        var encoded: [UInt8] = []
        PostingList.encode(list.lazy.map { $0 >> 1 }, universe: documentCount, into: &encoded)
        VarInt.write(encoded.count, to: &out)
        out += encoded
        encoded.removeAll(keepingCapacity: true)
        var titles: [UInt32] = []
        for (p, d) in list.enumerated() where d & 1 != 0 { titles.append(UInt32(p)) }
        if !titles.isEmpty { PostingList.encode(titles, universe: list.count, into: &encoded) }
        VarInt.write(encoded.count, to: &out)
        out += encoded
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

    package static func decode(_ text: String) -> [UInt8] {
        var table = [UInt8](repeating: 255, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        var out: [UInt8] = [], acc: UInt32 = 0, bits = 0
        for c in text.utf8 where table[Int(c)] != 255 {
            acc = acc << 6 | UInt32(table[Int(c)])
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(acc >> UInt32(bits) & 0xFF))
            }
        }
        return out
    }
}
