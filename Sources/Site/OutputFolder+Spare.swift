import CSystem
import Support
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The staging folder as the spare (`OutputLedger`): made of links to the live site, or
/// brought up to date with it, and cleared of what the old site has in the way of a new file.
extension OutputFolder {
    /// Makes the fresh staging folder a copy of the live site out of hard links, one per file
    /// the ledger lists, on all cores: about a tenth of what writing the files costs. A file
    /// that is not there (deleted by hand) is forgotten, and written as new.
    func linkLiveSite(_ ledger: OutputLedger) {
        let files = ledger.previousFiles
        let missing = Mutex([String]())
        Parallel.forEach(files.count) { i in
            if !linkLive(files[i]) { missing.withLock { $0.append(files[i]) } }
        }
        ledger.forget(missing.withLock { $0 })
    }

    /// Brings the spare up to date with the live site: each file in which the note says they
    /// differ is deleted, and linked in again from `output/` when the live site has it.
    /// On all cores, as the spare is made: after a build that wrote every page (a template
    /// changed) the note lists tens of thousands of files, which took seconds on one thread.
    func bringSpareUpToDate(_ differing: [String], _ ledger: OutputLedger) {
        let missing = Mutex([String]())
        Parallel.forEach(differing.count) { i in
            let relative = differing[i]
            unlink(stagingPath + "/" + relative)
            if ledger.previous(relative) != nil {
                if !linkLive(relative) { missing.withLock { $0.append(relative) } }
            } else {
                Self.removeEmptyFolders(above: relative, in: stagingPath)
            }
        }
        ledger.forget(missing.withLock { $0 })
    }

    /// Whether the staging folder is the live site's spare, brought up to date, into which
    /// only changed files are written: a file the last build made from the same inputs can
    /// then be left as it is (``keep(_:)``, ``keepLink(_:at:)``).
    var reusesLastBuild: Bool { !isInPlace && live == nil && (ledger?.reusing ?? false) }

    /// Leaves the last build's file at `relative` as it is, for a page this build would render
    /// from the same inputs; its size, or nil when the ledger does not vouch for the file (it
    /// was changed by hand, or is not there): then the page must be written.
    func keep(_ relative: String) -> Int? {
        keepLastBuilds(relative) { $0.size >= 0 }?.size
    }

    /// Leaves the last build's file at `relative` as it is when the ledger vouches that it is a
    /// link of `existing` (a download from the cache, whose name says its bytes); false, with
    /// nothing noted, otherwise: then it is linked as usual (``link(_:to:)``).
    func keepLink(_ existing: String, at relative: String) -> Bool {
        let link = FileSignature(linkTo: existing)
        return keepLastBuilds(relative) { $0 == link } != nil
    }

    /// Notes the live site's file at `relative` as this build's when the ledger lists one that
    /// `vouched` accepts (never the stand-in of a file changed by hand); its signature, or nil
    /// with nothing noted.
    private func keepLastBuilds(_ relative: String, if vouched: (FileSignature) -> Bool) -> FileSignature? {
        guard reusesLastBuild, let ledger else { return nil }
        let relative = prefix.isEmpty ? relative : prefix + relative
        guard let signature = ledger.previous(relative), signature != OutputLedger.unknown, vouched(signature),
            ledger.record(relative, signature)
        else { return nil }
        return signature
    }

    /// Links the live site's file at `relative` into the staging folder; false when it cannot.
    func linkLive(_ relative: String) -> Bool {
        let live = output.path + "/" + relative
        if directory.link(live, to: relative, else: stagingPath + "/" + relative) == 0 { return true }
        guard errno == ENOENT else { return false }
        makeFolders(above: relative)
        return directory.link(live, to: relative, else: stagingPath + "/" + relative) == 0
    }

    /// Deletes what the old site has in the way of `relative`: a file where one of its folders
    /// goes, or a folder where it goes (a static file `docs` that became a folder `docs/`, or
    /// the other way round). The new site cannot have both, and a clean build would not meet them.
    func clearTheWay(for relative: String) {
        var st = stat()
        let target = stagingPath + "/" + relative
        if lstat(target, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { _ = showcase_remove_tree(target) }
            return
        }
        guard errno == ENOTDIR else { return }
        var folder = Substring(relative)
        while let slash = folder.lastIndex(of: "/") {
            folder = folder[..<slash]
            let path = stagingPath + "/" + folder
            if lstat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR {
                unlink(path)
                makeFolders(above: relative)
                return
            }
        }
    }
}
