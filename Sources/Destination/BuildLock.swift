import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on one output folder, held for the whole build: two builds into the same
/// folder would share its staging folder, one deleting it while the other writes, and publish a
/// partial site. The lock is `flock` on a hidden file beside the output (`.output.lock`), so
/// the kernel releases it when the process ends however it ends; the file is removed when the
/// build is done, and one left by a killed build is simply locked again.
package final class BuildLock: Sendable {
    private let fd: Int32
    /// The lock file.
    package let path: String

    /// Takes the lock or throws `FolderError.buildRunning` at once: a second build waiting
    /// silently would look hung to the person who started it.
    package init(beside output: URL) throws {
        let parent = output.deletingLastPathComponent()
        path = parent.appendingPathComponent(".\(output.lastPathComponent).lock").path
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw FolderError(foundation: error, path: parent.path, operation: .createFolder)
        }
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw FolderError.system(path, .lock) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                close(fd)
                if code == EWOULDBLOCK { throw FolderError(output.path, .buildRunning(lockFile: path)) }
                throw FolderError.system(path, .lock, errno: code)
            }
            // The build before may have removed the file between our open and our lock: then
            // this lock is on a file no one else can find. Lock the file that is there now.
            var held = stat()
            var named = stat()
            if fstat(fd, &held) == 0, stat(path, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
                self.fd = fd
                return
            }
            close(fd)
        }
    }

    /// Removes the file while still holding the lock, then releases it.
    package func release() {
        unlink(path)
        close(fd)
    }
}
