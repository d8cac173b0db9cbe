import Foundation

/// A growable run of bytes that pages are rendered into.
///
/// Why not `[UInt8]`: a page is a few hundred appends of a few bytes each, and
/// `Array.append(contentsOf:)` spends far more on its generic machinery (uniqueness, iterator
/// set-up) than on the copy. Here an append is a capacity check and a `memcpy`. A
/// non-copyable struct passed `inout`, so that no access needs checking at run time (a class's
/// properties are checked for exclusive access on every append).
///
/// Public, with its few smallest writes `@inlinable`, only so that other modules inline them:
/// a `package` function is not inlined across modules, and a call per byte written was a
/// quarter of the search index's text chunks (measured on 10,000 articles, BENCHMARKS.md,
/// ninth session). Nothing outside this package uses it.
public struct ByteBuffer: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var written = 0
    /// Bytes written so far.
    package var count: Int { written }

    /// An empty buffer with room for `capacity` bytes before it first grows.
    package init(capacity: Int = 16 * 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Appends `n` bytes starting at `bytes`.
    @inlinable @inline(__always)
    public mutating func append(_ bytes: UnsafeRawPointer, count n: Int) {
        if written + n > capacity { grow(to: written + n) }
        (base + written).update(from: bytes.assumingMemoryBound(to: UInt8.self), count: n)
        written += n
    }

    /// Appends the bytes of a buffer.
    package mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        append(start, count: bytes.count)
    }

    /// Appends one byte.
    @inlinable
    public mutating func append(_ byte: UInt8) {
        if written == capacity { grow(to: written + 1) }
        base[written] = byte
        written += 1
    }

    /// Appends the UTF-8 bytes of `text`.
    package mutating func append(_ text: String) {
        // Read in place: `var copy = text; copy.withUTF8` retains and releases the string.
        if text.utf8.withContiguousStorageIfAvailable({ append($0) }) != nil { return }
        var text = text
        text.withUTF8 { bytes in append(bytes) }
    }

    /// Appends the bytes of an array.
    package mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in append(buffer) }
    }

    /// Appends the bytes of part of an array.
    package mutating func append(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { buffer in append(buffer) }
    }

    /// Appends a literal (UTF-8) without making a `String` of it.
    package mutating func append(_ text: StaticString) {
        append(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    /// Empties the buffer, keeping its room (a scratch buffer used again).
    package mutating func removeAll() {
        written = 0
    }

    /// Makes room for `n` more bytes, for a run of ``put(_:)`` and ``putLittleEndian(_:keeping:)``
    /// that then go in unchecked: the search index's shards and text chunks are millions of
    /// one- to three-byte writes, and a capacity check each was a third of the chunks' time.
    @inlinable @inline(__always)
    public mutating func reserve(_ n: Int) {
        if written + n > capacity { grow(to: written + n) }
    }

    /// One byte, in room already reserved (``reserve(_:)``).
    @inlinable @inline(__always)
    public mutating func put(_ byte: UInt8) {
        base[written] = byte
        written += 1
    }

    /// The low `n` (0 to 4) bytes of `value`, little-endian, in room already reserved for all
    /// four: the four are stored at once and the count moves on by `n`.
    @inlinable @inline(__always)
    public mutating func putLittleEndian(_ value: UInt32, keeping n: Int) {
        UnsafeMutableRawPointer(base + written).storeBytes(of: value.littleEndian, as: UInt32.self)
        written += n
    }

    /// `n` zero bytes; returns where they start, for the caller to fill in (a bitmap).
    package mutating func appendZeros(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        reserve(n)
        let start = base + written
        start.initialize(repeating: 0, count: n)
        written += n
        return start
    }

    @usableFromInline
    mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    /// Calls `body` with the bytes written so far.
    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// A copy of the bytes.
    package var array: [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }

    /// The bytes as text; they are UTF-8 whenever only strings were appended.
    package var string: String {
        String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    }
}
