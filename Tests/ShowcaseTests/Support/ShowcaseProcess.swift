import Foundation

/// The real `showcase` executable, run as a subprocess so exit statuses and what a person
/// sees on the terminal are tested, not only the library.
enum ShowcaseProcess {
    /// What one run printed and how it ended.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `showcase` beside the test bundle (`swift test` builds every product of the package into
    /// the same folder). If it is missing, it is built once with `swift build --product showcase`
    /// into the same scratch folder, so the subprocess tests do not depend on how tests were built.
    static let executable: Swift.Result<URL, ExecutableMissing> = {
        let fm = FileManager.default
        var folders: [URL] = []
        if let exe = Bundle.main.executableURL { folders.append(exe.deletingLastPathComponent()) }
        folders.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in folders {
            let candidate = folder.appendingPathComponent("showcase")
            if fm.isExecutableFile(atPath: candidate.path) { return .success(candidate) }
        }
        // `<scratch>/debug/` or `<scratch>/<triple>/debug/`: build the product there.
        guard let binFolder = folders.first else { return .failure(ExecutableMissing(detail: "no test executable path")) }
        var scratch = binFolder.deletingLastPathComponent()
        if scratch.lastPathComponent.contains("-linux-") || scratch.lastPathComponent.contains("-apple-") {
            scratch = scratch.deletingLastPathComponent()
        }
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        build.arguments = ["swift", "build", "--product", "showcase", "--scratch-path", scratch.path]
        build.currentDirectoryURL = repositoryRoot
        do {
            try build.run()
            build.waitUntilExit()
        } catch {
            return .failure(ExecutableMissing(detail: "swift build failed to start: \(error)"))
        }
        let built = binFolder.appendingPathComponent("showcase")
        return fm.isExecutableFile(atPath: built.path)
            ? .success(built)
            : .failure(ExecutableMissing(detail: "not found beside \(binFolder.path), and building it failed"))
    }()

    struct ExecutableMissing: Error, CustomStringConvertible {
        var detail: String
        var description: String { "the showcase executable is missing: \(detail)" }
    }

    /// Starts `showcase ARGS…` without waiting; standard output and error go to files so a
    /// killed process never blocks on a full pipe.
    /// With `asUser`, the command runs under that user and group id (through `setpriv`), for
    /// what root is never refused, such as reading a file of mode 000.
    static func start(_ arguments: [String], environment: [String: String] = [:], logs: URL, asUser uid: UInt32? = nil) throws -> Process {
        let process = Process()
        if let uid {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", try executable.get().path] + arguments
        } else {
            process.executableURL = try executable.get()
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        FileManager.default.createFile(atPath: logs.path + ".out", contents: nil)
        FileManager.default.createFile(atPath: logs.path + ".err", contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: logs.path + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logs.path + ".err"))
        try process.run()
        return process
    }

    /// Runs `showcase ARGS…` to the end.
    static func run(_ arguments: [String], environment: [String: String] = [:], asUser uid: UInt32? = nil) throws -> Outcome {
        let logs = temporaryFolder("showcase-run")
        defer {
            try? FileManager.default.removeItem(atPath: logs.path + ".out")
            try? FileManager.default.removeItem(atPath: logs.path + ".err")
        }
        let process = try start(arguments, environment: environment, logs: logs, asUser: uid)
        process.waitUntilExit()
        // Read through a file handle: Foundation's whole-file readers leak their buffer when the
        // file is empty, which fails `swift test --sanitize=address` at exit.
        func read(_ path: String) -> String {
            guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
            defer { try? handle.close() }
            return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        }
        let out = read(logs.path + ".out")
        let err = read(logs.path + ".err")
        return Outcome(status: process.terminationStatus, stdout: out, stderr: err)
    }
}

/// The diagnostics part of what `showcase` prints on standard error: everything before the
/// closing count (`共 1 个错误，0 个警告。`), exactly as a person reads it.
func diagnosticsText(ofStandardError text: String) -> String {
    if let r = text.range(of: "\n\n共 ") { return String(text[..<r.lowerBound]) }
    return text.hasSuffix("\n") ? String(text.dropLast()) : text
}

/// Copies a folder's contents into another, replacing files that exist in both.
func overlay(_ source: URL, onto destination: URL) throws {
    let fm = FileManager.default
    guard let e = fm.enumerator(at: source, includingPropertiesForKeys: [.isDirectoryKey]) else { return }
    let base = source.standardizedFileURL.path
    for case let url as URL in e {
        let relative = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
        let target = destination.appendingPathComponent(relative)
        if (try url.resourceValues(forKeys: [.isDirectoryKey])).isDirectory == true {
            try fm.createDirectory(at: target, withIntermediateDirectories: true)
        } else {
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: url, to: target)
        }
    }
}
