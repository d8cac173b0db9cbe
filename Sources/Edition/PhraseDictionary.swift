import COpenCCDict

/// One of OpenCC's installed dictionaries (an `.ocd2` file) as a trie over characters, read once
/// per build, for ``PhraseConverter``.
///
/// OpenCC finds the longest key that is a prefix of the text with a MARISA trie and pays, per
/// match, for C++ strings and streams. Here a match is a walk from the root, one hash probe per
/// character (a character's UTF-8 bytes packed in a `UInt32`, the node number above them), until
/// no key goes on: two or three probes where OpenCC builds strings.
///
/// Immutable once made: workers share it without locks.
final class PhraseDictionary: @unchecked Sendable {
    /// The lookup structure as plain pointers into memory this object owns, so that the
    /// converter's loops copy it without reference counting (retain and release took 14 % of
    /// the conversion's time, by perf on the benchmark corpus, when they went through the object).
    struct Table: @unchecked Sendable {
        /// Open addressing, linear probing: a slot holds `node << 32 | character`, the node it
        /// leads to and the entry whose key ends there. Node 0 is the root. The three side by
        /// side: a probe is a cache miss, and in three arrays it was three (the loads were 80 % of
        /// the match's samples; the conversion alone went from 1.49 to 1.34 CPU-s, median, for
        /// the benchmark's 48.8 MB: BENCHMARKS.md, eleventh session).
        fileprivate let slots: UnsafeMutablePointer<Slot>
        fileprivate let mask: Int
        fileprivate let shift: UInt64
        /// The characters keys start with, as ``PhraseConverter/setBit(_:_:)`` spreads them
        /// over 2^16 bits: a clear bit means no key starts there, without a probe.
        let starts: UnsafeMutablePointer<UInt64>
        /// The keys' first two characters, as ``pairBit(_:_:shift:)`` spreads them over a
        /// table of `1 << (64 - pairShift)` bits, and the characters that are a key alone (as
        /// `starts`). A clear pair bit means no key goes on past the first character, which is
        /// a match only where its own bit is set: most characters of a text start a key but no
        /// key that goes on with the next character, and the probes for the two were cache
        /// misses in a table of megabytes (`PhraseDictionary`'s samples were mostly its key
        /// loads, BENCHMARKS.md eleventh session), where these bits are 128 KB at most.
        let pairs: UnsafeMutablePointer<UInt64>
        let pairShift: UInt64
        let singleKeys: UnsafeMutablePointer<UInt64>
        /// Entry `e`'s default value is `values[valueOffsets[e]..<valueOffsets[e + 1]]`.
        fileprivate let values: UnsafeMutablePointer<UInt8>
        fileprivate let valueOffsets: UnsafeMutablePointer<Int>

        /// The longest key that `text[0..<count]` starts with: its entry and length in bytes,
        /// or length 0. `first` is the first character packed, `firstLength` its bytes. What
        /// OpenCC's `MarisaDict::MatchPrefix` finds (a key is whole characters, so matching
        /// characters is matching bytes).
        @inline(__always)
        func longestMatch(_ text: UnsafePointer<UInt8>, _ count: Int, first: UInt32, firstLength: Int) -> (entry: Int32, length: Int) {
            guard PhraseConverter.hasBit(starts, first) else { return (-1, 0) }
            if firstLength < count {
                let n = PhraseConverter.characterLength(text[firstLength])
                if n >= 1, n <= 4, firstLength + n <= count,
                    !PhraseDictionary.hasPair(pairs, first, PhraseConverter.pack(text + firstLength, n), shift: pairShift),
                    !PhraseConverter.hasBit(singleKeys, first)
                {
                    return (-1, 0)
                }
            }
            var c = first
            var n = firstLength
            var node: Int32 = 0
            var i = 0
            var best: (entry: Int32, length: Int) = (-1, 0)
            while true {
                let slot = slots[PhraseDictionary.find(PhraseDictionary.slotKey(node, c), in: slots, mask: mask, shift: shift)]
                guard slot.key != PhraseDictionary.empty else { break }
                node = slot.child
                i += n
                if slot.entry >= 0 { best = (slot.entry, i) }
                guard i < count else { break }
                n = PhraseConverter.characterLength(text[i])
                guard n >= 1, n <= 4, i + n <= count else { break }
                c = PhraseConverter.pack(text + i, n)
            }
            return best
        }

        /// Entry `e`'s default value.
        @inline(__always) func value(_ e: Int32) -> UnsafeBufferPointer<UInt8> {
            let start = valueOffsets[Int(e)]
            return UnsafeBufferPointer(start: values + start, count: valueOffsets[Int(e) + 1] - start)
        }
    }

    /// One slot of ``Table``'s hash table.
    fileprivate struct Slot {
        var key: UInt64
        /// The node the key leads to.
        var child: Int32
        /// The entry whose key ends at `child`, or -1.
        var entry: Int32
    }

    let table: Table
    /// The first characters (packed) of the keys of two or more characters: a character not
    /// among them matches at most itself, so a step of the chain converts it the same alone as
    /// beside any other (``PhraseConverter``'s table of lone characters).
    let longKeyStarts: Set<UInt32>
    private let entries: Int
    /// Entry `e`'s key is `keyBytes[keyOffsets[e]..<keyOffsets[e + 1]]` (``PhraseConverter``
    /// precomputes the result of a segment that is a key).
    private let keyBytes: [UInt8]
    private let keyOffsets: [Int]

    fileprivate static let empty = UInt64.max

    /// nil when OpenCC cannot read the file.
    init?(path: String) {
        guard let dict = showcase_opencc_dict_open(path) else { return nil }
        defer { showcase_opencc_dict_close(dict) }
        let count = showcase_opencc_dict_count(dict)
        var keyBytes: [UInt8] = []
        var keyOffsets: [Int] = [0]
        var values: [UInt8] = []
        var valueOffsets: [Int] = [0]
        keyOffsets.reserveCapacity(count + 1)
        valueOffsets.reserveCapacity(count + 1)
        for i in 0..<count {
            var key: UnsafePointer<CChar>?
            var value: UnsafePointer<CChar>?
            var keyLength = 0
            var valueLength = 0
            showcase_opencc_dict_entry(dict, i, &key, &keyLength, &value, &valueLength)
            if let key { keyBytes += UnsafeRawBufferPointer(start: key, count: keyLength).bindMemory(to: UInt8.self) }
            keyOffsets.append(keyBytes.count)
            if let value { values += UnsafeRawBufferPointer(start: value, count: valueLength).bindMemory(to: UInt8.self) }
            valueOffsets.append(values.count)
        }

        // At most one node per character of every key, plus the root; the table at most half
        // full, and no larger: a probe that misses the cache is what a match costs.
        let characters = keyBytes.reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        let capacity = max(16, (characters + 1) * 2).nextPowerOfTwo
        let slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        slots.initialize(repeating: Slot(key: Self.empty, child: -1, entry: -1), count: capacity)
        let mask = capacity - 1
        let shift = UInt64(64 - capacity.trailingZeroBitCount)
        let starts = UnsafeMutablePointer<UInt64>.allocate(capacity: PhraseConverter.startWords)
        starts.initialize(repeating: 0, count: PhraseConverter.startWords)
        let singleKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: PhraseConverter.startWords)
        singleKeys.initialize(repeating: 0, count: PhraseConverter.startWords)
        // 16 bits per key (a clear bit for most pairs no key starts with), 2^12 to 2^20 bits.
        let pairBits = min(20, max(12, (count * 16).nextPowerOfTwo.trailingZeroBitCount))
        let pairShift = UInt64(64 - pairBits)
        let pairs = UnsafeMutablePointer<UInt64>.allocate(capacity: 1 << (pairBits - 6))
        pairs.initialize(repeating: 0, count: 1 << (pairBits - 6))
        var terminal: [Int32] = [-1]
        var longKeyStarts = Set<UInt32>()
        var usable = true
        keyBytes.withUnsafeBufferPointer { bytes in
            for e in 0..<count {
                var node: Int32 = 0
                var i = keyOffsets[e]
                let end = keyOffsets[e + 1]
                guard i < end else { usable = false; return }
                while i < end {
                    let n = PhraseConverter.characterLength(bytes[i])
                    guard n >= 1, n <= 4, i + n <= end else { usable = false; return }
                    let c = PhraseConverter.pack(bytes.baseAddress! + i, n)
                    if i == keyOffsets[e] {
                        PhraseConverter.setBit(starts, c)
                        if i + n < end {
                            longKeyStarts.insert(c)
                            let m = PhraseConverter.characterLength(bytes[i + n])
                            guard m >= 1, m <= 4, i + n + m <= end else { usable = false; return }
                            Self.setPair(pairs, c, PhraseConverter.pack(bytes.baseAddress! + i + n, m), shift: pairShift)
                        } else {
                            PhraseConverter.setBit(singleKeys, c)
                        }
                    }
                    let slot = Self.find(Self.slotKey(node, c), in: slots, mask: mask, shift: shift)
                    if slots[slot].key == Self.empty {
                        slots[slot].key = Self.slotKey(node, c)
                        slots[slot].child = Int32(terminal.count)
                        terminal.append(-1)
                    }
                    node = slots[slot].child
                    i += n
                }
                // Keys are unique in an .ocd2 file; the first would win if not.
                if terminal[Int(node)] < 0 { terminal[Int(node)] = Int32(e) }
            }
        }
        for i in 0..<capacity where slots[i].key != Self.empty { slots[i].entry = terminal[Int(slots[i].child)] }
        let valueBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, values.count))
        valueBytes.initialize(from: values, count: values.count)
        let offsets = UnsafeMutablePointer<Int>.allocate(capacity: valueOffsets.count)
        offsets.initialize(from: valueOffsets, count: valueOffsets.count)
        table = Table(
            slots: slots, mask: mask, shift: shift, starts: starts, pairs: pairs, pairShift: pairShift, singleKeys: singleKeys,
            values: valueBytes, valueOffsets: offsets)
        entries = count
        self.longKeyStarts = longKeyStarts
        self.keyBytes = keyBytes
        self.keyOffsets = keyOffsets
        // An empty key, or one that is not whole characters (none in OpenCC's data), would
        // match differently here than in OpenCC's byte-wise trie: refuse the file rather than differ.
        guard usable else { return nil }
    }

    deinit {
        table.slots.deallocate()
        table.starts.deallocate()
        table.pairs.deallocate()
        table.singleKeys.deallocate()
        table.values.deallocate()
        table.valueOffsets.deallocate()
    }

    /// How many entries the dictionary has.
    var count: Int { entries }

    /// Entry `e`'s key.
    func key(_ e: Int) -> ArraySlice<UInt8> { keyBytes[keyOffsets[e]..<keyOffsets[e + 1]] }

    /// Entry `e`'s default value appended to `out`.
    func appendValue(_ e: Int32, to out: inout [UInt8]) { out.append(contentsOf: table.value(e)) }

    @inline(__always) fileprivate static func slotKey(_ node: Int32, _ c: UInt32) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(c)
    }

    /// The bit of the pair of characters `a`, `b` in a table of `1 << (64 - shift)` bits.
    @inline(__always) private static func pairBit(_ a: UInt32, _ b: UInt32, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((UInt64(a) << 32 | UInt64(b)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private static func setPair(_ bits: UnsafeMutablePointer<UInt64>, _ a: UInt32, _ b: UInt32, shift: UInt64) {
        let i = pairBit(a, b, shift: shift)
        bits[i >> 6] |= 1 << UInt64(i & 63)
    }

    @inline(__always) fileprivate static func hasPair(_ bits: UnsafeMutablePointer<UInt64>, _ a: UInt32, _ b: UInt32, shift: UInt64) -> Bool {
        let i = pairBit(a, b, shift: shift)
        return bits[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    fileprivate static func find(_ key: UInt64, in slots: UnsafeMutablePointer<Slot>, mask: Int, shift: UInt64) -> Int {
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let k = slots[i].key
            if k == key || k == empty { return i }
            i = (i + 1) & mask
        }
    }
}

extension Int {
    fileprivate var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
