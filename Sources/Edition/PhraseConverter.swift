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
/// Three shortcuts, each exact:
/// - A segment that is a key of the segmentation dictionary converts the same way wherever it
///   occurs, so its result through the whole chain is computed once, when the dictionaries are
///   read: most of a Chinese text is such segments.
/// - In a run of unmatched characters no key of the segmentation dictionary starts at any
///   character (that is why they are unmatched, and within the run's end a match is shorter
///   still), so when the first step's group begins with that dictionary, the run skips it.
/// - A character of a run that no step's key of two or more characters starts with (nor
///   anything an earlier step makes of it) converts alone as it does in the run: each step
///   matches at most the character itself there, and ends where the next character begins. Its
///   result through the chain is computed once per character (``lone``), and a run is written
///   character by character up to the first character that is not such.
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
        /// The characters a key of two or more characters starts with, in any of the tables.
        let longKeyStarts: Set<UInt32>
        /// For a step of the chain: per code point below U+10000 that no longer key starts
        /// with, what the step writes for it (``PhraseConverter/unchanged``, or up to three
        /// bytes and their count in the top byte); 0 where it must be matched (a longer key
        /// starts with it, or its value is longer). In a run every character went through the
        /// steps' start bits and probes (`apply`: 40 % of `showcase-convert-bench`'s samples,
        /// 20 % with these tables); a look-up here is one load from a table whose used lines
        /// stay in the cache.
        private(set) var singles: UnsafeMutablePointer<UInt32>?

        init(_ dictionaries: [PhraseDictionary], singles: Bool = false) {
            longKeyStarts = dictionaries.reduce(into: Set()) { $0.formUnion($1.longKeyStarts) }
            tables = .allocate(capacity: dictionaries.count)
            _ = tables.initialize(from: dictionaries.map(\.table))
            starts = .allocate(capacity: PhraseConverter.startWords)
            starts.initialize(repeating: 0, count: PhraseConverter.startWords)
            for d in dictionaries {
                for w in 0..<PhraseConverter.startWords { starts[w] |= d.table.starts[w] }
            }
            self.singles = nil
            guard singles else { return }
            let table = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x10000)
            table.initialize(repeating: 0, count: 0x10000)
            for v in 1..<0x10000 where !(0xD800...0xDFFF).contains(v) {
                let (packed, count) = PhraseConverter.packedUTF8(v)
                guard PhraseConverter.hasBit(starts, packed) else {
                    table[v] = PhraseConverter.unchanged
                    continue
                }
                guard !longKeyStarts.contains(packed) else { continue }
                let m = withUnsafeBytes(of: packed.littleEndian) { bytes in
                    match(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count, first: packed, firstLength: count)
                }
                guard m.length > 0 else {
                    table[v] = PhraseConverter.unchanged
                    continue
                }
                let value = tables[m.table].value(m.entry)
                if (1...3).contains(value.count) { table[v] = UInt32(value.count) << 24 | PhraseConverter.pack(value.baseAddress!, value.count) }
            }
            self.singles = table
        }

        func free() {
            tables.deallocate()
            starts.deallocate()
            singles?.deallocate()
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
    /// Per code point below U+10000, the chain's result for the character in a run, where it
    /// converts alone (see above): up to three bytes, their count in the top byte; 0 where it
    /// does not, or the result is longer. A table and not the groups' probes: in the runs, the
    /// three steps' matches and buffers per character were half the conversion's samples
    /// (`apply` and `applyChain`: 4.8 % of a both-editions build's, 40 % of
    /// `showcase-convert-bench`'s); 256 KB, of which a text touches the lines of the characters
    /// it uses. With ``Group/singles`` and the dictionaries' pair bits, the benchmark (s2twp,
    /// 48.8 MB) went from 1.15–1.65 to 0.86–1.17 CPU-s (BENCHMARKS.md, twelfth session).
    private let lone: UnsafeMutablePointer<UInt32>

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
        chain = chainDictionaries.map { Group($0, singles: true) }
        if segmentationDictionaries.count == 1, let first = chainDictionaries.first?.first, first === segmentationDictionaries[0] {
            runFirstStep = Group(Array(chainDictionaries[0].dropFirst()), singles: true)
        } else {
            runFirstStep = Group(chainDictionaries.first ?? [], singles: true)
        }
        results = .allocate(capacity: segmentationDictionaries.count)
        resultOffsets = .allocate(capacity: segmentationDictionaries.count)
        lone = .allocate(capacity: 0x10000)
        lone.initialize(repeating: 0, count: 0x10000)
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
        if !chain.isEmpty { fillLone(scratch: &scratch) }
    }

    /// ``lone``, for every code point but NUL (where a text stops) and the surrogates.
    private func fillLone(scratch: inout Scratch) {
        let steps = [runFirstStep] + chain.dropFirst()
        var bytes: [UInt8] = []
        var out: [UInt8] = []
        for v in 1..<0x10000 where !(0xD800...0xDFFF).contains(v) {
            let (packed, count) = Self.packedUTF8(v)
            if steps.allSatisfy({ !Self.hasBit($0.starts, packed) }) {
                // No step has a key starting with it: it stays as it is.
                lone[v] = UInt32(count) << 24 | packed
                continue
            }
            bytes.removeAll(keepingCapacity: true)
            withUnsafeBytes(of: packed.littleEndian) { bytes += $0.prefix(count) }
            // Each step's input, from the character alone: none of its characters may start a
            // longer key of that step.
            var input = bytes
            var alone = true
            for step in steps where alone {
                input.withUnsafeBufferPointer { text in
                    var i = 0
                    while i < text.count, alone {
                        let n = Self.characterLength(text[i])
                        guard n >= 1, n <= 4, i + n <= text.count else {
                            alone = false
                            break
                        }
                        if step.longKeyStarts.contains(Self.pack(text.baseAddress! + i, n)) { alone = false }
                        i += n
                    }
                }
                out.removeAll(keepingCapacity: true)
                input.withUnsafeBufferPointer { Self.apply(step, to: $0, into: &out) }
                input = out
            }
            guard alone else { continue }
            out.removeAll(keepingCapacity: true)
            bytes.withUnsafeBufferPointer { applyChain(to: $0, first: runFirstStep, into: &out, scratch: &scratch) }
            guard (1...3).contains(out.count) else { continue }
            lone[v] = UInt32(out.count) << 24 | out.withUnsafeBufferPointer { Self.pack($0.baseAddress!, $0.count) }
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
        lone.deallocate()
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
                // In a run: while all of it so far was written, a character that converts
                // alone is written at once; from the first that does not, the rest of the run
                // goes through the chain together.
                if runStart == i {
                    let known = Self.entry(lone, p + i, length)
                    if known != 0 {
                        Self.append(known, to: &out)
                        i += length
                        runStart = i
                        continue
                    }
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
                // A character no longer key starts with: what the step writes, from its table.
                let known = group.singles.map { entry($0, p + i, length) } ?? 0
                if known == unchanged {
                    i += length
                    continue
                }
                if known != 0 {
                    if i > copyStart { out.append(contentsOf: UnsafeBufferPointer(start: p + copyStart, count: i - copyStart)) }
                    append(known, to: &out)
                    i += length
                    copyStart = i
                    continue
                }
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
}
