// Showcase is built and tested on Linux only: it calls Glibc, inotify, /proc/self/mountinfo
// and renameat2 directly. Elsewhere the build stops here with that sentence rather than with
// a screenful of missing symbols. (A port would start from `#if canImport(Glibc)` around those
// calls and macOS 15 for Synchronization's Atomic and Mutex; see Package.swift.)
#if !os(Linux)
#error("Showcase builds on Linux only (Glibc, inotify, /proc, renameat2); see Package.swift")
#endif
