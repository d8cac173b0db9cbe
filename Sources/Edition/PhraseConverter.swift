import Foundation
import Synchronization

/// OpenCC's conversion (`opencc_convert_utf8` with a configuration such as `s2twp.json`),
/// byte for byte, over OpenCC's own installed dictionaries, without OpenCC's cost per call.
///
/// OpenCC (1.1, as Debian ships it) converts in two stages, and this does the same:
/// 1. **Segmentation** (`MaxMatchSegmentation`): from the start, the longest key of the
///    segmentation dictionary that the text starts with is a segment; where none matches, the
///    character joins a run of such characters, which is one segment when the next match (or the
///    end) comes.
/// 2. **The conversion chain**: each step converts every segment on its own (a phrase never
///    spans two segments), going through it with the longest key of the step's dictionary (a
///    group: the first of its dictionaries that has a match decides), writing that key's first
///    value, or the character itself where nothing matches; the next step reads what it wrote.
///
/// Two shortcuts, each exact:
/// - A segment that is a key of the segmentation dictionary converts the same way wherever it
///   occurs, so its result through the whole chain is computed once, when the dictionaries are
///   read: most of a Chinese text is such segments.
/// - In a run of unmatched characters no key of the segmentation dictionary starts at any
///   character (that is why they are unmatched, and within the run's end a match is shorter
///   still), so when the first step's group begins with that dictionary, the run skips it.
///
/// `EditionTests` and `PhraseConverterTests` compare the result with `opencc_convert_utf8`'s on
/// the sample site, every dictionary key in context, and mixed text. Immutable once made:
/// workers share one.
package final class PhraseConverter: @unchecked Sendable {
    /// Dictionaries tried in order at a position: the first with a match decides (OpenCC's
    /// `DictGroup`; a single dictionary is a group of one). Plain pointers, like
    /// ``PhraseDictionary/Table``, into memory the converter owns.
    private struct Group: @unchecked Sendable {
        let tables: UnsafeMutableBufferPointer<PhraseDictionary.Table>
        /// The union of the tables' start bits: most characters are turned away by one bit.
        let starts: UnsafeMutablePointer<UInt64>

        init(_ dictionaries: [PhraseDictionary]) {
            tables = .allocate(capacity: dictionaries.count)
            _ = tables.initialize(from: dictionaries.map(\.table))
            starts = .allocate(capacity: PhraseConverter.startWords)
            starts.initialize(repeating: 0, count: PhraseConverter.startWords)
            for d in dictionaries {
                for w in 0..<PhraseConverter.startWords { starts[w] |= d.table.starts[w] }
            }
        }

        func free() {
            tables.deallocate()
            starts.deallocate()
        }

        /// The first table's longest match at `text`: the table's index, entry and length, or length 0.
        @inline(__always)
        func match(_ text: UnsafePointer<UInt8>, _ count: Int, first: UInt32, firstLength: Int) -> (table: Int, entry: Int32, length: Int) {
            guard PhraseConverter.hasBit(starts, first) else { return (0, -1, 0) }
            for t in tables.indices {
                let m = tables[t].longestMatch(text, count, first: first, firstLength: firstLength)
                if m.length > 0 { return (t, m.entry, m.length) }
            }
            return (0, -1, 0)
        }
    }

    /// Owns the tables the groups point into.
    private let dictionaries: [PhraseDictionary]
    private let segmentation: Group
    private let chain: [Group]
    /// The first step's group for runs of unmatched characters (see above).
    private let runFirstStep: Group
    /// Per table of `segmentation`, per entry: the chain's result for its key, at
    /// `results[t][offsets[t][e]..<offsets[t][e + 1]]`.
    private let results: UnsafeMutableBufferPointer<UnsafeMutablePointer<UInt8>>
    private let resultOffsets: UnsafeMutableBufferPointer<UnsafeMutablePointer<Int>>

    /// The configuration's segmentation and conversion chain, read from its JSON; nil when the
    /// file or one of its dictionaries cannot be read, or it uses what this does not do (a
    /// segmentation other than `mmseg`, dictionaries other than `ocd2` files and groups of them):
    /// the caller then converts through OpenCC itself.
    package init?(config path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        guard let data = FileManager.default.contents(atPath: path),
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let seg = json["segmentation"] as? [String: Any], seg["type"] as? String == "mmseg",
            let segFiles = Self.files(seg["dict"], folder: folder), !segFiles.isEmpty,
            let steps = json["conversion_chain"] as? [[String: Any]]
        else { return nil }
        var chainFiles: [[String]] = []
        for step in steps {
            guard let files = Self.files(step["dict"], folder: folder), !files.isEmpty else { return nil }
            chainFiles.append(files)
        }
        // Each file read once: s2twp's segmentation and first step share STPhrases.
        var loaded: [String: PhraseDictionary] = [:]
        for file in Set(segFiles + chainFiles.joined()) {
            guard let d = PhraseDictionary(path: file) else { return nil }
            loaded[file] = d
        }
        let segmentationDictionaries = segFiles.map { loaded[$0]! }
        let chainDictionaries = chainFiles.map { $0.map { loaded[$0]! } }
        dictionaries = Array(loaded.values)
        segmentation = Group(segmentationDictionaries)
        chain = chainDictionaries.map(Group.init)
        if segmentationDictionaries.count == 1, let first = chainDictionaries.first?.first, first === segmentationDictionaries[0] {
            runFirstStep = Group(Array(chainDictionaries[0].dropFirst()))
        } else {
            runFirstStep = Group(chainDictionaries.first ?? [])
        }
        results = .allocate(capacity: segmentationDictionaries.count)
        resultOffsets = .allocate(capacity: segmentationDictionaries.count)
        var scratch = Scratch()
        for (t, d) in segmentationDictionaries.enumerated() {
            var bytes: [UInt8] = []
            var offsets = [0]
            offsets.reserveCapacity(d.count + 1)
            for e in 0..<d.count {
                Array(d.key(e)).withUnsafeBufferPointer { key in
                    applyChain(to: key, first: chain.first, into: &bytes, scratch: &scratch)
                }
                offsets.append(bytes.count)
            }
            results[t] = .allocate(capacity: max(1, bytes.count))
            results[t].initialize(from: bytes, count: bytes.count)
            resultOffsets[t] = .allocate(capacity: offsets.count)
            resultOffsets[t].initialize(from: offsets, count: offsets.count)
        }
    }

    deinit {
        segmentation.free()
        for g in chain { g.free() }
        runFirstStep.free()
        for p in results { p.deallocate() }
        for p in resultOffsets { p.deallocate() }
        results.deallocate()
        resultOffsets.deallocate()
    }

    /// Converters read so far, by configuration file.
    private static let byConfig = Mutex<[String: PhraseConverter]>([:])

    /// The converter for a configuration, read once per process: `showcase serve` builds again
    /// on every save, and reading s2twp's dictionaries takes 50–95 ms (BENCHMARKS.md).
    static func shared(config path: String) -> PhraseConverter? {
        byConfig.withLock { byConfig in
            if let known = byConfig[path] { return known }
            let made = PhraseConverter(config: path)
            byConfig[path] = made
            return made
        }
    }

    /// The dictionary files of a configuration's `dict` object, a group's in order; nil for a
    /// kind this does not read.
    private static func files(_ spec: Any?, folder: String) -> [String]? {
        guard let spec = spec as? [String: Any], let type = spec["type"] as? String else { return nil }
        switch type {
        case "ocd2":
            guard let file = spec["file"] as? String else { return nil }
            return [file.hasPrefix("/") ? file : folder + "/" + file]
        case "group":
            // A group in a group decides as its dictionaries would in the outer one, in order.
            guard let dicts = spec["dicts"] as? [Any] else { return nil }
            var out: [String] = []
            for d in dicts {
                guard let f = files(d, folder: folder) else { return nil }
                out += f
            }
            return out
        default:
            return nil
        }
    }

    /// Buffers for the chain's steps between the first and the last, kept across the runs of
    /// one call.
    private struct Scratch {
        var a: [UInt8] = []
        var b: [UInt8] = []
    }

    /// `text` converted, appended to `out`. False, with `out` as it was, where OpenCC fails (a
    /// byte that cannot start a UTF-8 character where one should start): `opencc_convert_utf8`
    /// returns NULL there. Like OpenCC, stops at a NUL byte.
    package func convert(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        guard let p = text.baseAddress, text.count > 0 else { return true }
        let n = memchr(p, 0, text.count).map { UnsafeRawPointer($0) - UnsafeRawPointer(p) } ?? text.count
        let before = out.count
        var scratch = Scratch()
        var i = 0
        var runStart = 0
        while i < n {
            let length = Self.characterLength(p[i])
            guard length > 0 else {
                out.removeSubrange(before...)
                return false
            }
            if length <= 4, i + length <= n {
                let m = segmentation.match(p + i, n - i, first: Self.pack(p + i, length), firstLength: length)
                if m.length > 0 {
                    if i > runStart {
                        applyChain(
                            to: UnsafeBufferPointer(start: p + runStart, count: i - runStart), first: runFirstStep, into: &out,
                            scratch: &scratch)
                    }
                    let offsets = resultOffsets[m.table]
                    let start = offsets[Int(m.entry)]
                    out.append(contentsOf: UnsafeBufferPointer(start: results[m.table] + start, count: offsets[Int(m.entry) + 1] - start))
                    i += m.length
                    runStart = i
                    continue
                }
            }
            // A character cut off at the end is copied as it is, as OpenCC does.
            i = min(i + length, n)
        }
        if n > runStart {
            applyChain(to: UnsafeBufferPointer(start: p + runStart, count: n - runStart), first: runFirstStep, into: &out, scratch: &scratch)
        }
        return true
    }

    /// One segment through the chain (`first` in place of the first step's group).
    private func applyChain(to segment: UnsafeBufferPointer<UInt8>, first: Group?, into out: inout [UInt8], scratch: inout Scratch) {
        guard let first else {
            out.append(contentsOf: segment)
            return
        }
        if chain.count == 1 {
            Self.apply(first, to: segment, into: &out)
            return
        }
        scratch.a.removeAll(keepingCapacity: true)
        Self.apply(first, to: segment, into: &scratch.a)
        for k in 1..<(chain.count - 1) {
            scratch.b.removeAll(keepingCapacity: true)
            scratch.a.withUnsafeBufferPointer { Self.apply(chain[k], to: $0, into: &scratch.b) }
            swap(&scratch.a, &scratch.b)
        }
        scratch.a.withUnsafeBufferPointer { Self.apply(chain[chain.count - 1], to: $0, into: &out) }
    }

    /// One step of the chain over one segment (OpenCC's `Conversion::Convert`).
    private static func apply(_ group: Group, to segment: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard let p = segment.baseAddress else { return }
        let n = segment.count
        var i = 0
        var copyStart = 0
        while i < n {
            let length = characterLength(p[i])
            if length >= 1, length <= 4, i + length <= n {
                let m = group.match(p + i, n - i, first: pack(p + i, length), firstLength: length)
                if m.length > 0 {
                    if i > copyStart { out.append(contentsOf: UnsafeBufferPointer(start: p + copyStart, count: i - copyStart)) }
                    out.append(contentsOf: group.tables[m.table].value(m.entry))
                    i += m.length
                    copyStart = i
                    continue
                }
            }
            // Unmatched: the character as it is.
            i += max(1, length)
        }
        if n > copyStart { out.append(contentsOf: UnsafeBufferPointer(start: p + copyStart, count: n - copyStart)) }
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

    @inline(__always) private static func startBit(_ c: UInt32) -> Int {
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
