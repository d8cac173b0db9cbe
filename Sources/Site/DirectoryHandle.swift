#if canImport(Glibc)
import Glibc
#endif

/// An open folder, set once before the parallel writes start and read-only while they run.
final class DirectoryHandle: @unchecked Sendable {
    private var fd: Int32 = -1

    deinit { close() }

    func open(_ path: String) {
        close()
        fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    // The other path of each call below is only made when the folder is not open (an
    // autoclosure): made every time, it was a string allocated and freed for every file.

    /// A new or emptied file at `relative`, or at `path` when the folder is not open.
    func createFile(_ relative: String, else path: @autoclosure () -> String) -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        return fd >= 0 ? openat(fd, relative, flags, 0o644) : Glibc.open(path(), flags, 0o644)
    }

    /// A hard link to `existing` at `relative`, or at `path` when the folder is not open.
    func link(_ existing: String, to relative: String, else path: @autoclosure () -> String) -> Int32 {
        fd >= 0 ? linkat(AT_FDCWD, existing, fd, relative, 0) : Glibc.link(existing, path())
    }

    /// A hard link at `path` to the file at `relative`, or to the one at `existing` when the folder is not open.
    func linkOut(_ relative: String, to path: String, else existing: @autoclosure () -> String) -> Int32 {
        fd >= 0 ? linkat(fd, relative, AT_FDCWD, path, 0) : Glibc.link(existing(), path)
    }

    /// `mkdir` of `relative`, or of it inside `base` when the folder is not open.
    func makeFolder(_ relative: UnsafePointer<CChar>, else base: String) -> Int32 {
        fd >= 0 ? mkdirat(fd, relative, 0o755) : mkdir(base + "/" + String(cString: relative), 0o755)
    }
}
