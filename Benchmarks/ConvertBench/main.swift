import Edition
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The conversion's speed on one core, apart from the build (issue 16):
///
///     swift run -c release --scratch-path .build-bench showcase-convert-bench .bench/corpus-10000/showcase/content/articles [s2twp]
///
/// Reads the folder's Markdown files, then on one thread converts each whole file with OpenCC
/// itself (`opencc_convert_utf8`, one call per file) and with Showcase's tables
/// (`PhraseConverter`), and prints MB of input per CPU-second for each, the time to read the
/// dictionaries, and whether the outputs are the same bytes. Timings are a benchmark's
/// business: no test asserts on them.
@main
struct ConvertBench {
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let folder = arguments.first else {
            print("usage: showcase-convert-bench FOLDER [s2twp|s2hk]")
            exit(2)
        }
        let config = arguments.count > 1 ? arguments[1] : "s2twp"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".md") }.sorted()
        let files = try names.map { Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))) }
        let bytes = files.reduce(0) { $0 + $1.count }
        print("\(files.count) files, \(String(format: "%.1f", Double(bytes) / 1e6)) MB, \(config)")

        var start = cpuSeconds()
        guard let reference = OpenCC(config: config) else { print("OpenCC's \(config) is not installed"); exit(1) }
        print(String(format: "OpenCC: opened in %.0f ms", (cpuSeconds() - start) * 1000))
        start = cpuSeconds()
        guard let tables = PhraseConverter(config: "\(OpenCC.configFolder)/\(config).json") else { print("tables: cannot read \(config)"); exit(1) }
        print(String(format: "tables: dictionaries read in %.0f ms", (cpuSeconds() - start) * 1000))

        // SHOWCASE_TABLES_ONLY=1: the tables alone (for a profiler).
        let tablesOnly = ProcessInfo.processInfo.environment["SHOWCASE_TABLES_ONLY"] != nil
        start = cpuSeconds()
        let expected = tablesOnly ? [] : files.map { file in file.withUnsafeBufferPointer { reference.convert($0) } }
        let openCCTime = cpuSeconds() - start
        if !tablesOnly { print(String(format: "OpenCC: %.2f CPU-s, %.2f MB/s per core", openCCTime, Double(bytes) / 1e6 / openCCTime)) }

        var best = Double.infinity
        var same = true
        for _ in 0..<3 {
            start = cpuSeconds()
            var outputs: [[UInt8]] = []
            outputs.reserveCapacity(files.count)
            for file in files {
                var out: [UInt8] = []
                out.reserveCapacity(file.count + file.count / 8)
                _ = file.withUnsafeBufferPointer { tables.convert($0, into: &out) }
                outputs.append(out)
            }
            best = min(best, cpuSeconds() - start)
            same = same && (tablesOnly || outputs == expected)
        }
        print(
            String(
                format: "tables: %.2f CPU-s (best of 3), %.1f MB/s per core, %.0f× OpenCC; same bytes: %@", best, Double(bytes) / 1e6 / best,
                openCCTime / best, same ? "yes" : "NO"))
    }
}
