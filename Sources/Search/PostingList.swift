/// How one term's documents are written in a shard: ascending document numbers as base64 of
/// either variable-length gaps (`d…`) or a bitmap over all documents (`b…`), whichever is
/// shorter. A character in nearly every page costs N/8 bytes instead of one or two per page.
package enum PostingList {
    package static func encode(_ docs: [UInt32], documentCount: Int) -> String {
        var gaps: [UInt8] = []
        gaps.reserveCapacity(docs.count * 2)
        var previous: Int64 = -1
        for d in docs {
            var gap = UInt64(Int64(d) - previous - 1)
            previous = Int64(d)
            while gap >= 0x80 {
                gaps.append(UInt8(gap & 0x7F) | 0x80)
                gap >>= 7
            }
            gaps.append(UInt8(gap))
        }
        let bitmapBytes = (documentCount + 7) / 8
        if gaps.count <= bitmapBytes { return "d" + Base64.encode(gaps) }
        var bitmap = [UInt8](repeating: 0, count: bitmapBytes)
        for d in docs { bitmap[Int(d) >> 3] |= 1 << (d & 7) }
        return "b" + Base64.encode(bitmap)
    }

    /// The inverse, for tests (the browser has its own in `search.js`).
    package static func decode(_ text: String) -> [UInt32] {
        guard let first = text.first else { return [] }
        let bytes = Base64.decode(String(text.dropFirst()))
        var out: [UInt32] = []
        if first == "b" {
            for (i, b) in bytes.enumerated() where b != 0 {
                for bit in 0..<8 where b & (1 << bit) != 0 { out.append(UInt32(i * 8 + bit)) }
            }
            return out
        }
        var previous: Int64 = -1, gap: UInt64 = 0, shift: UInt64 = 0
        for b in bytes {
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
