import Support

/// The page texts the browser fetches for the results it shows (`search/t/<c>.bin`): each
/// document as its kind (one byte) and four strings — title, URL, date, text — each a varint
/// count of UTF-16 units and the units, coded with the site's ``CharTable``.
package enum TextChunk {
    /// One document as ``decode(_:table:)`` reads it back, for the tests to compare with what
    /// was indexed.
    package struct Row: Equatable, Sendable {
        /// ``SearchDocument/Kind``'s raw value.
        package var kind: Int
        /// ``SearchDocument/title``, decoded: what the result shows.
        package var title: String
        /// ``SearchDocument/url``, decoded: where the result links.
        package var url: String
        /// ``SearchDocument/date``, decoded: shown beside the title.
        package var date: String
        /// ``SearchDocument/text``, decoded: what candidates are checked against and snippets cut from.
        package var text: String
    }

    static func append(_ doc: SearchDocument, table: CharTable, to out: inout ByteBuffer) {
        out.append(UInt8(doc.kind.rawValue))
        table.encode(doc.title, to: &out)
        table.encode(doc.url, to: &out)
        table.encode(doc.date, to: &out)
        doc.utf8.withUnsafeBufferPointer { table.encode($0, to: &out) }
    }

    /// A chunk of `docs` (for tests; the index writes each chunk as it is made).
    package static func encode(_ docs: [SearchDocument], table: CharTable) -> [UInt8] {
        var out = ByteBuffer(capacity: 256)
        for d in docs { append(d, table: table, to: &out) }
        return out.array
    }

    /// The rows of a chunk (for tests; `search.js` has its own reader).
    package static func decode(_ bytes: [UInt8], table: CharTable) -> [Row] {
        var rows: [Row] = []
        var i = 0
        while i < bytes.count {
            let kind = Int(bytes[i])
            i += 1
            var fields: [String] = []
            for _ in 0..<4 { fields.append(table.decode(bytes, at: &i)) }
            rows.append(Row(kind: kind, title: fields[0], url: fields[1], date: fields[2], text: fields[3]))
        }
        return rows
    }
}

/// The site's UTF-16 units by how often the texts use them (to a power of two, see
/// ``init(counts:)``), most used first, written once in `meta.json` (`chars`): a unit among
/// the first 192 is one byte, among the next 16,128 two (`0xC0 + i >> 8`, `i & 0xFF`), any
/// other `0xFF` and the unit (little-endian). Chinese text comes to 1.2–1.5 bytes a character
/// instead of UTF-16's two or UTF-8's three, and the browser decodes it with a table look-up,
/// no decompressor.
package struct CharTable: Sendable {
    static let oneByte = 192
    static let twoBytes = 63 * 256
    /// The units, most used first (by power of two): a unit's position is its code. Written
    /// into `meta.json`, and read by the tests to check that surrogates stay out.
    package let units: [UInt16]
    /// unit → its code, packed for ``ByteBuffer/putPacked(_:)``: the bytes, low first, and
    /// their count in the top byte. Looked up once per unit of every text.
    private let packed: [UInt32]

    /// The table for the given counts of each unit (`counts[u]`).
    ///
    /// Units are ordered by their count's power of two, and within one by the unit itself,
    /// not by the exact count: a unit's code is its position, and every page text holding a
    /// unit whose code moved must be written again. In exact order, an edit of one article
    /// moved the codes of common units past each other and rewrote all 13,500 text chunks of
    /// the benchmark corpus (BENCHMARKS.md, fifteenth session); now a unit moves only when its
    /// count passes a power of two, and a new or vanished unit shifts only the rarer ones.
    /// Text grows only where the one-byte codes end, among units within a factor of two.
    init(counts: [UInt32]) {
        var used: [(unit: UInt16, octave: Int)] = []
        // Surrogates stay out (coded as `0xFF` and the unit): the table is written as a string.
        for (u, c) in counts.enumerated() where c > 0 && !(0xD800...0xDFFF).contains(u) {
            used.append((UInt16(u), c.bitWidth - c.leadingZeroBitCount))
        }
        used.sort { $0.octave != $1.octave ? $0.octave > $1.octave : $0.unit < $1.unit }
        self.init(units: used.prefix(Self.oneByte + Self.twoBytes).map(\.unit))
    }

    /// The table `meta.json` holds (for tests).
    package init(string: String) {
        self.init(units: Array(string.utf16))
    }

    init(units: [UInt16]) {
        self.units = units
        // Every unit outside the table: `0xFF` and the unit, little-endian.
        var packed = (0..<0x10000).map { u in 3 << 24 | UInt32(u) << 8 | 0xFF }
        for (i, u) in units.enumerated() {
            packed[Int(u)] =
                i < Self.oneByte
                ? 1 << 24 | UInt32(i)
                : 2 << 24 | UInt32((i - Self.oneByte) & 0xFF) << 8 | UInt32(0xC0 + (i - Self.oneByte) >> 8)
        }
        self.packed = packed
    }

    /// The table as the text of a JSON string's content (`meta.json`).
    package var string: String { String(decoding: units, as: UTF16.self) }

    /// The count of UTF-16 units, then each unit's code.
    func encode(_ s: String, to out: inout ByteBuffer) {
        var s = s
        s.withUTF8 { encode($0, to: &out) }
    }

    /// As ``encode(_:to:)-(String,_)``, for UTF-8 bytes (valid: see `SearchDocument.utf8`; a
    /// sequence cut short by the end is dropped rather than read past).
    func encode(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout ByteBuffer) {
        // The count of UTF-16 units first: one per UTF-8 lead byte, two for four-byte ones.
        let count = UTF8Bytes.utf16Count(bytes)
        // Three bytes a unit at most, and one more for the four stored at once.
        out.reserve(10 + count * 3 + 1)
        out.putVarInt(count)
        packed.withUnsafeBufferPointer { packed in
            // UTF-8 decoded by hand.
            var i = 0
            let n = bytes.count
            while i < n {
                let b0 = UInt32(bytes[i])
                if b0 < 0x80 {
                    out.putPacked(packed[Int(b0)]); i += 1
                } else if i + (b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4) > n {
                    break
                } else if b0 < 0xE0 {
                    out.putPacked(packed[Int((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F))]); i += 2
                } else if b0 < 0xF0 {
                    out.putPacked(packed[Int((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F))]); i += 3
                } else {
                    let v = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
                    if v >= 0x10000 && v <= 0x10FFFF {
                        out.putPacked(packed[Int(0xD800 + ((v - 0x10000) >> 10))])
                        out.putPacked(packed[Int(0xDC00 + ((v - 0x10000) & 0x3FF))])
                    }
                    i += 4
                }
            }
        }
    }

    func decode(_ bytes: [UInt8], at i: inout Int) -> String {
        let count = VarInt.read(bytes, at: &i)
        var units: [UInt16] = []
        units.reserveCapacity(count)
        for _ in 0..<count {
            let b = Int(bytes[i])
            if b < Self.oneByte {
                units.append(self.units[b])
                i += 1
            } else if b < 0xFF {
                units.append(self.units[Self.oneByte + (b - 0xC0) << 8 + Int(bytes[i + 1])])
                i += 2
            } else {
                units.append(UInt16(bytes[i + 1]) | UInt16(bytes[i + 2]) << 8)
                i += 3
            }
        }
        return String(decoding: units, as: UTF16.self)
    }
}
