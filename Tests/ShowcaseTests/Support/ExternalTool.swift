import Foundation

/// Runs a program found on PATH with `input` on stdin; returns its exit status, stdout and stderr.
/// For the readers the tests check output with: `node` (the browser's search code), Python's
/// `feedparser` and `icalendar`.
func runTool(_ arguments: [String], input: Data = Data()) throws -> (status: Int32, out: Data, err: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = arguments
    let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
    p.standardInput = stdin
    p.standardOutput = stdout
    p.standardError = stderr
    try p.run()
    // Both outputs drained on their own threads while the input is written: a full pipe
    // would otherwise stop the program halfway.
    nonisolated(unsafe) var out = Data(), err = Data()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { out = stdout.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { err = stderr.fileHandleForReading.readDataToEndOfFile() }
    stdin.fileHandleForWriting.write(input)
    try stdin.fileHandleForWriting.close()
    p.waitUntilExit()
    group.wait()
    return (p.terminationStatus, out, String(decoding: err, as: UTF8.self))
}

/// Whether `python3` can import every module named (the Makefile's `test-deps` installs them).
func pythonHas(_ modules: [String]) -> Bool {
    (try? runTool(["python3", "-c", modules.map { "import \($0)" }.joined(separator: "; ")]))?.status == 0
}
