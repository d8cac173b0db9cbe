import Support

/// The search index's own ways of writing numbers into its files (see ``Support/ByteBuffer``,
/// whose unchecked writes they use after one ``Support/ByteBuffer/reserve(_:)``).
extension ByteBuffer {
    /// Unsigned LEB128 (as `search.js` reads it), in room already reserved (ten bytes at most).
    @inline(__always)
    mutating func putVarInt(_ value: Int) {
        var v = UInt(value)
        while v >= 0x80 {
            put(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        put(UInt8(v))
    }

    /// Unsigned LEB128, with its room.
    mutating func appendVarInt(_ value: Int) {
        reserve(10)
        putVarInt(value)
    }

    /// The low `packed >> 24` (one to three) bytes of `packed`, in room already reserved plus
    /// one byte (a character's UTF-8 as ``TextChunk`` packs it).
    @inline(__always)
    mutating func putPacked(_ packed: UInt32) {
        putLittleEndian(packed, keeping: Int(packed >> 24))
    }
}
