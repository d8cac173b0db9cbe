import CSystem
import Destination
import Foundation
import Support
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Deleting a site of Showcase's: the old one after the swap, a staging folder a killed build left.
extension OutputFolder {
    /// Deletes a folder of Showcase's; when that fails part-way, renames what is left to a
    /// name no build uses, so the next build's staging folder is free, and says where it is.
    static func removeOrSetAside(_ path: String) -> FolderError? {
        do {
            try removeTree(path)
            return nil
        } catch let error as FolderError {
            let aside = path + "-left-\(Int(Date().timeIntervalSince1970))"
            return rename(path, aside) == 0 ? FolderError(aside, error.problem) : error
        } catch {
            return FolderError(foundation: error, path: path, operation: .removeOld)
        }
    }

    /// Deletes the previous site after the swap. A site has tens of thousands of files, and
    /// `FileManager.removeItem` took longer than writing them, so the folders one level down
    /// (each article's, each organization's…) are removed with `nftw` on all cores. The marker
    /// goes last: a folder only partly deleted is still known as Showcase's.
    static func removeTree(_ path: String) throws {
        // A folder that cannot be listed is removed whole below, and that removal reports it.
        func entries(_ dir: String) -> [String] {
            ((try? Destination.listing(dir)) ?? []).map { dir + "/" + ($0.hasSuffix("/") ? String($0.dropLast()) : $0) }
        }
        func isDirectory(_ p: String) -> Bool {
            var st = stat()
            return lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
        }
        let marker = path + "/" + Destination.markerName
        let top = entries(path).filter { $0 != marker }
        let folders = top.filter(isDirectory)
        let pieces = top.filter { !isDirectory($0) } + folders.flatMap(entries)
        let failed = Mutex<FolderError?>(nil)
        Parallel.forEach(pieces.count) { i in
            guard showcase_remove_tree(pieces[i]) != 0 else { return }
            let error = FolderError.system(pieces[i], .removeOld)
            failed.withLock { $0 = $0 ?? error }
        }
        if let error = failed.withLock({ $0 }) { throw error }
        for folder in folders where rmdir(folder) != 0 { throw FolderError.system(folder, .removeOld) }
        if unlink(marker) != 0, errno != ENOENT { throw FolderError.system(marker, .removeOld) }
        if rmdir(path) != 0 { throw FolderError.system(path, .removeOld) }
    }
}
