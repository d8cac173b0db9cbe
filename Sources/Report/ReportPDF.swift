import Foundation

/// Prints the report's HTML to PDF with headless Chromium: the same page a reader prints from
/// the browser, so the PDF needs no layout engine of its own.
enum ReportPDF {
    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    /// Seconds a print may take; the sample report takes about four.
    static let timeout: Double = 180

    /// `SHOWCASE_CHROMIUM` when set (a path, or empty to act as if none is installed), else the
    /// first candidate on PATH.
    static func findChromium(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let chosen = environment["SHOWCASE_CHROMIUM"] {
            return !chosen.isEmpty && FileManager.default.isExecutableFile(atPath: chosen) ? chosen : nil
        }
        for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in candidates where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// Writes `html` to a temporary file and prints it to `pdf`. Chromium gets a profile folder
    /// of its own, so a browser the user has open is neither reused nor disturbed.
    static func print(html: String, to pdf: URL, chromium: String) throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("showcase-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        // A scratch folder in the system's temporary folder: one left behind harms nothing.
        defer { try? FileManager.default.removeItem(at: work) }
        let page = work.appendingPathComponent("report.html")
        try Data(html.utf8).write(to: page)
        let partial = work.appendingPathComponent("report.pdf")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(work.path)/profile", "--no-pdf-header-footer",
            "--print-to-pdf=\(partial.path)", page.absoluteString,
        ]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // A Chromium that hangs (a dialog, a broken GPU stack) is stopped rather than waited on forever.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        // Read while it runs: a full pipe would stop Chromium before it exits.
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // No size means no PDF: reported below with what Chromium printed.
        guard FileManager.default.fileExists(atPath: partial.path),
            let size = try? FileManager.default.attributesOfItem(atPath: partial.path)[.size] as? Int, size > 0
        else {
            let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
            let last = lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? "-"
            throw ReportError(chromium, .chromiumFailed(status: process.terminationStatus, detail: last))
        }
        // Moved into place whole: a reader never finds half a PDF.
        if FileManager.default.fileExists(atPath: pdf.path) { try FileManager.default.removeItem(at: pdf) }
        try FileManager.default.moveItem(at: partial, to: pdf)
    }
}
