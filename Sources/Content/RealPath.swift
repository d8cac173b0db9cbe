import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `realpath(3)`: the path with every link resolved, or nil with `errno` set. The one wrapper
/// for the content walker, the output-folder rules and the preview's file lookup.
package func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
