import Foundation

/// The repository's root, found from this file's path so tests run from any folder.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// `Tests/ShowcaseTests/Fixtures` in the source tree: the fixture sites, valid (`sites/`) and
/// invalid (`invalid/`), and the files the snapshot tests compare with (`snapshots/`).
let fixturesRoot = repositoryRoot.appendingPathComponent("Tests/ShowcaseTests/Fixtures")

/// A path in the system's temporary folder no one else uses, `<label>-<UUID>`; not created.
/// The caller removes what it made there.
func temporaryFolder(_ label: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
}

/// Every file of the fixture site `Fixtures/sites/<name>` as path (`content/…`) → text.
func fixtureSiteFiles(_ name: String) throws -> [String: String] {
    let folder = fixturesRoot.appendingPathComponent("sites/\(name)")
    var files: [String: String] = [:]
    guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return files }
    for case let path as String in walker {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder), !isFolder.boolValue
        else { continue }
        files[path] = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    }
    return files
}
