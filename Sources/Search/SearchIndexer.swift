import Content
import Foundation
import Support
import Synchronization

/// The search index of a site, as the files the browser fetches (all under `search/`):
///
/// - `meta.json`: the number of documents and shards, each kind's range of document numbers,
///   a bitmap of where each text chunk starts, and the ``CharTable`` of the texts.
/// - `s/<k>.bin`: shard `k` (see ``ShardFile``). A CJK term is one character or a bigram; a
///   word term is a lower-cased word, or its first one, two or three letters and `*` (every
///   word starting with them). The shard is chosen by hashing the term's key: the term itself
///   for CJK, the first four letters of a word (the prefix of a `*` term), so that every word
///   sharing a prefix of four is in one shard and a longer prefix query reads one file.
/// - `t/<c>.bin`: chunk `c` of page texts (see ``TextChunk``) for consecutive documents,
///   fetched only for the results shown, to verify them and cut their snippets.
package struct SearchIndexer {
    /// Bytes of postings a shard aims at: a query reads one shard per term it looks up, so
    /// small shards keep a query's download near the size of its own terms' lists.
    package var shardBytes = 1_200
    /// A chunk ends once its texts pass this many bytes: a shown result costs about its own text.
    package var chunkBytes = 1_500

    /// The default sizes, which the byte targets per query were measured with.
    package init() {}

    /// A file of the index, relative to the site's root.
    package struct File: Sendable {
        /// `search/…`, as the browser requests it.
        package var path: String
        /// The file's contents.
        package var bytes: [UInt8]
    }

    /// Where ``write(_:to:)`` puts each file (a path relative to the site's root, and bytes valid
    /// only during the call): called from every worker at once.
    package typealias Sink = @Sendable (_ path: String, _ bytes: UnsafeRawBufferPointer) throws -> Void

    /// One step of `SearchFold.shard(ofKey:)`'s FNV-1a: the hash `h` followed by the UTF-16
    /// units of `v`. A CJK term's shard is `hash(hash(2166136261, a), b) % shards`.
    @inline(__always)
    static func hash(_ h: UInt32, _ v: UInt32) -> UInt32 {
        guard v >= 0x10000 else { return (h ^ v) &* 16_777_619 }
        let u = v - 0x10000
        return (((h ^ (0xD800 + (u >> 10))) &* 16_777_619) ^ (0xDC00 + (u & 0x3FF))) &* 16_777_619
    }

    /// The index as files, for tests (the build writes them as they are made, ``write(_:to:)``).
    package func build(_ docs: [SearchDocument]) -> [File] {
        final class Files: Sendable { let all = Mutex([File]()) }
        let files = Files()
        // The sink below never throws.
        _ = try? write(docs) { path, bytes in
            let file = File(path: path, bytes: Array(bytes.bindMemory(to: UInt8.self)))
            files.all.withLock { $0.append(file) }
        }
        return files.all.withLock { $0 }.sorted { $0.path < $1.path }
    }

    /// Makes the index of `docs` (numbered in their order) and hands each file to `sink` as soon
    /// as it is made, on all cores: ``SearchIndexSteps`` run in a pool of their own. Two passes:
    /// the terms of each batch of documents, sorted by shard as they are read
    /// (``scan(_:_:shards:scratch:)``); then each shard and each text chunk, made and written at
    /// once. Returns the files and bytes written.
    package func write(_ docs: [SearchDocument], to sink: @escaping Sink) throws -> (files: Int, bytes: Int) {
        try SearchIndexSteps(self, count: docs.count, read: { Array(docs[$0]) }, sink: sink).runAll()
    }
}

/// JSON string literals written straight into bytes: the page texts are most of the index.
enum JSONBytes {
    private static let hex = Array("0123456789abcdef".utf8)

    static func string(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { bytes in
            out.reserveCapacity(out.count + bytes.count + 16)
            var i = 0
            var clean = 0 // start of the bytes not yet copied
            while i < bytes.count {
                let b = bytes[i]
                if b >= 0x20 && b != 0x22 && b != 0x5C && b != 0xE2 {
                    i += 1
                    continue
                }
                if b == 0xE2 && !(i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)) {
                    i += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<i]))
                out.append(0x5C)
                switch b {
                case 0x22, 0x5C: out.append(b)
                case 0x0A: out.append(0x6E)
                case 0x0D: out.append(0x72)
                case 0x09: out.append(0x74)
                // U+2028 and U+2029 are line ends to older JavaScript parsers.
                case 0xE2:
                    out.append(0x75); out.append(0x32); out.append(0x30); out.append(0x32); out.append(bytes[i + 2] == 0xA8 ? 0x38 : 0x39)
                    i += 2
                default:
                    out.append(0x75); out.append(0x30); out.append(0x30); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
                }
                i += 1
                clean = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<bytes.count]))
        }
        out.append(0x22)
    }
}
