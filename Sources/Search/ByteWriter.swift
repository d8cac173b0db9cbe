/// The bytes of one index file as they are written. Like `Content.ByteBuffer`, with one
/// difference the shards and text chunks need: room is reserved once for a run of small writes
/// (``reserve(_:)``), which then go in unchecked (``put(_:)``, ``putVarInt(_:)``,
/// ``putPacked(_:)``). Writing through `[UInt8].append`, a uniqueness and a capacity check per
/// byte, was a third of the text chunks' time.
struct ByteWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `n` more bytes.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    /// One byte, in room already reserved.
    @inline(__always)
    mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

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

    /// The low `packed >> 24` (one to three) bytes of `packed`, in room already reserved plus
    /// one byte: four are stored at once and the count moves on by the length.
    @inline(__always)
    mutating func putPacked(_ packed: UInt32) {
        UnsafeMutableRawPointer(base + count).storeBytes(of: packed.littleEndian, as: UInt32.self)
        count += Int(packed >> 24)
    }

    mutating func append(_ byte: UInt8) {
        reserve(1)
        put(byte)
    }

    mutating func appendVarInt(_ value: Int) {
        reserve(10)
        putVarInt(value)
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).update(from: start, count: bytes.count)
        count += bytes.count
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// `count` zero bytes, returning where they start (for a bitmap to be filled in).
    mutating func appendZeros(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        reserve(n)
        let start = base + count
        start.initialize(repeating: 0, count: n)
        count += n
        return start
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// A copy of the bytes.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
