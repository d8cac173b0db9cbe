import Foundation
import Search

/// The search index's ``IndexMemo``, kept in the cache folder beside the output ledger
/// (`.output.cache/search`, `search-zh-hant` for the Traditional edition's), so that a build
/// after a few pages changed patches the index (``SearchIndexer/patch(_:memo:read:keep:to:)``).
///
/// Trusted only for the files it was made with: it is saved with a digest of the executable
/// and of the signature of every file of that index as its build wrote them, and read back only
/// when the ledger lists the live site's files with the same signatures (``OutputLedger``
/// vouches that the files are still those). A build that fails after saving it, another
/// version, a file changed by hand: the digests differ, and the index is made whole.
enum SearchIndexMemo {
    /// The memo the last build left for this folder's index; nil when there is none to trust.
    static func read(for folder: OutputFolder) -> IndexMemo? {
        guard folder.reusesLastBuild, let ledger = folder.ledger, let bytes = ledger.cached(name(folder)), bytes.count > 8 else {
            return nil
        }
        let stored = IndexMemo.uint64(bytes, at: 0)
        guard let memo = IndexMemo(bytes: Array(bytes.dropFirst(8))),
            digest(memo, ledger.signatures(of: paths(memo, folder), previous: true)) == stored
        else { return nil }
        return memo
    }

    /// Saves `memo` for the index this build wrote or kept (a build's, not a preview's);
    /// when that cannot be done, no memo is left to be taken for it.
    static func save(_ memo: IndexMemo, for folder: OutputFolder) {
        guard let ledger = folder.ledger, !folder.isInPlace, folder.live == nil else { return }
        guard let digest = digest(memo, ledger.signatures(of: paths(memo, folder), previous: false)),
            ledger.keepInCache(IndexMemo.littleEndian(digest) + memo.bytes, as: name(folder))
        else { return ledger.dropCached(name(folder)) }
    }

    private static func name(_ folder: OutputFolder) -> String {
        folder.prefix.isEmpty ? "search" : "search-" + folder.prefix.replacingOccurrences(of: "/", with: "")
    }

    /// Every file of the index `memo` describes, as the ledger names them.
    private static func paths(_ memo: IndexMemo, _ folder: OutputFolder) -> [String] {
        SearchIndexer.paths(shards: memo.shards, chunks: memo.starts.count).map { folder.prefix + $0 }
    }

    /// The executable's stamp and each file's signature in one digest; nil when a file has none.
    private static func digest(_ memo: IndexMemo, _ signatures: [FileSignature?]) -> UInt64? {
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        var text = executable + " " + DownloadCache.stamp(executable) + "\n"
        for signature in signatures {
            guard let signature else { return nil }
            text += "\(signature.size) \(signature.hash)\n"
        }
        return text.withUTF8 { FileSignature(UnsafeRawBufferPointer($0)) }.hash
    }
}

extension OutputFolder {
    /// The live site's file at `relative` (under `prefix`) as the last build wrote it: nil
    /// unless this build reuses the last one and the file's bytes have the signature the
    /// ledger lists.
    func lastBuilds(_ relative: String) -> [UInt8]? {
        let relative = prefix + relative
        guard reusesLastBuild, let expected = ledger?.signatures(of: [relative], previous: true).first ?? nil,
            let data = FileManager.default.contents(atPath: output.path + "/" + relative)
        else { return nil }
        let bytes = [UInt8](data)
        return bytes.withUnsafeBytes { FileSignature($0) } == expected ? bytes : nil
    }
}
