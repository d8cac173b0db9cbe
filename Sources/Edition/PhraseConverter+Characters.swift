/// The per-character arithmetic of ``PhraseConverter``: a character's length and packed bytes,
/// the tables by code point (``PhraseConverter/lone``, `Group.singles`) and the start bits. Kept
/// apart from the conversion, which reads as segmentation and chain steps without them.
extension PhraseConverter {
    /// A ``Group/singles`` entry for a character its step writes as it is (never a count of bytes).
    @inline(__always) static var unchanged: UInt32 { 1 << 31 }

    /// `table`'s entry (``lone``, ``Group/singles``) for the `length` bytes at `p`; 0 for
    /// bytes that are not a character's shortest UTF-8 form below U+10000 (OpenCC reads such
    /// bytes as a character all the same, and the probes convert them as it does).
    @inline(__always) static func entry(_ table: UnsafeMutablePointer<UInt32>, _ p: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
        switch length {
        case 1:
            return table[Int(p[0])]
        case 2:
            guard p[1] & 0xC0 == 0x80 else { return 0 }
            let v = Int(p[0] & 0x1F) << 6 | Int(p[1] & 0x3F)
            return v >= 0x80 ? table[v] : 0
        case 3:
            guard p[1] & 0xC0 == 0x80, p[2] & 0xC0 == 0x80 else { return 0 }
            let v = Int(p[0] & 0x0F) << 12 | Int(p[1] & 0x3F) << 6 | Int(p[2] & 0x3F)
            return v >= 0x800 ? table[v] : 0
        default:
            return 0
        }
    }

    /// The UTF-8 bytes of `v` (below U+10000, not a surrogate) as ``pack(_:_:)`` packs them, and their count.
    static func packedUTF8(_ v: Int) -> (UInt32, Int) {
        let v = UInt32(v)
        if v < 0x80 { return (v, 1) }
        if v < 0x800 { return ((0xC0 | v >> 6) | (0x80 | v & 0x3F) << 8, 2) }
        return ((0xE0 | v >> 12) | (0x80 | v >> 6 & 0x3F) << 8 | (0x80 | v & 0x3F) << 16, 3)
    }

    /// The bytes of a ``lone`` or ``Group/singles`` entry appended to `out`.
    @inline(__always) static func append(_ known: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: known))
        let count = known >> 24
        if count > 1 { out.append(UInt8(truncatingIfNeeded: known >> 8)) }
        if count > 2 { out.append(UInt8(truncatingIfNeeded: known >> 16)) }
    }

    /// The length of the UTF-8 character that starts with `b`, as OpenCC's
    /// `UTF8Util::NextCharLength` has it (it still knows the old 5- and 6-byte forms); 0 for a
    /// byte no character starts with.
    @inline(__always) static func characterLength(_ b: UInt8) -> Int {
        if b < 0x80 { return 1 }
        if b < 0xC0 { return 0 }
        if b < 0xE0 { return 2 }
        if b < 0xF0 { return 3 }
        if b < 0xF8 { return 4 }
        if b < 0xFC { return 5 }
        if b < 0xFE { return 6 }
        return 0
    }

    /// A character's 1 to 4 bytes in one integer (distinct characters, distinct integers: the
    /// first byte says how many follow).
    @inline(__always) static func pack(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        switch n {
        case 1: UInt32(p[0])
        case 2: UInt32(p[0]) | UInt32(p[1]) << 8
        case 3: UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16
        default: UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24
        }
    }

    /// The start bits: 2^16 of them, a character's by a multiplicative hash of its packed bytes.
    static let startWords = 1024

    @inline(__always) static func startBit(_ c: UInt32) -> Int {
        Int((c &* 0x9E37_79B1) >> 16)
    }

    static func setBit(_ bits: UnsafeMutablePointer<UInt64>, _ c: UInt32) {
        let b = startBit(c)
        bits[b >> 6] |= 1 << UInt64(b & 63)
    }

    @inline(__always) static func hasBit(_ bits: UnsafeMutablePointer<UInt64>, _ c: UInt32) -> Bool {
        let b = startBit(c)
        return bits[b >> 6] & (1 << UInt64(b & 63)) != 0
    }
}
