// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Showcase",
    // Linux only, today: Glibc, inotify, /proc/self/mountinfo and renameat2 are called
    // directly, and no other system builds or tests it (Sources/Content/Platform.swift stops
    // a build elsewhere with that message). macOS 15 is the least a port would need:
    // Synchronization's Atomic and Mutex.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "showcase", targets: ["showcase"]),
    ],
    dependencies: [
        // Exact: Content reads libyaml's events through Yams' own CYaml module (YAMLNode.swift),
        // which is Yams' internals, not its API; a new version is taken on purpose, with the tests.
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Reads ZIP files back in the tests (the Word files are written through zlib directly).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The preview server's HTTP layer: small, no further dependencies (see Sources/Preview).
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        // SHA-256 for the build cache's content keys.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // libcmark from Debian's libcmark-dev; only the Markdown module sees it.
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        // A per-thread arena for libcmark's allocations (cmark_mem): a document is dropped whole.
        .target(name: "CMarkArena", dependencies: ["CCmark"]),
        .target(name: "Markdown", dependencies: ["CCmark", "CMarkArena"]),
        // OpenCC from Debian's libopencc-dev; only the Edition module sees it.
        .systemLibrary(name: "COpenCC", pkgConfig: "opencc", providers: [.apt(["libopencc-dev"])]),
        // OpenCC's installed dictionaries read through its C++ API, behind a small C interface.
        .target(name: "COpenCCDict", linkerSettings: [.linkedLibrary("opencc")]),
        // The Traditional Chinese edition: OpenCC conversion of the loaded content, text only.
        .target(name: "Edition", dependencies: ["COpenCC", "COpenCCDict", "Content", "Markdown", "Support"]),
        // Below everything else: bytes (ByteBuffer, UTF8Bytes), escaping for every output format
        // (Escape) and the worker pool (Parallel). No dependencies.
        .target(name: "Support"),
        // Below Content and Templates, with no dependencies: where a problem is (SourceLocation),
        // the diagnostic every domain's problem travels in, the errors a person reads
        // (ReportableError) and the message language (`--lang`).
        .target(name: "Diagnostics"),
        .target(name: "Content", dependencies: ["Diagnostics", "Markdown", "Support", .product(name: "Yams", package: "Yams")]),
        // Compiles and renders template text; reading templates/ and reporting its problems is Site's.
        .target(name: "Templates", dependencies: ["Diagnostics", "Support"]),
        // Plain values: the site turns them into template contexts (Sources/Site/StatisticsContext.swift).
        .target(name: "Stats", dependencies: ["Content", "Support"]),
        // ISA-L (Debian's libisal-dev): the Word files' deflate and CRC-32, called directly so
        // that the parts every document shares are compressed once per build; its level 0 is
        // about 2.5 times libdeflate's level 1, which it replaced (BENCHMARKS.md, "Downloads").
        .systemLibrary(name: "CIsal", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        .target(name: "Export", dependencies: ["CIsal", "Content", "Diagnostics", "Destination", "Markdown", "Support"]),
        // The annual work report: the year's figures from Stats, laid out as HTML, Word (through Export) or PDF.
        .target(name: "Report", dependencies: ["Content", "Diagnostics", "Destination", "Export", "Markdown", "Stats", "Support"]),
        // One system call Swift cannot make directly (the atomic folder exchange).
        .target(name: "CSystem"),
        // The rule for folders a command writes as a whole: never delete what Showcase did not write.
        .target(name: "Destination", dependencies: ["Content", "Diagnostics"]),
        // The client-side search index: CJK characters and bigrams, words and prefixes, sharded.
        .target(name: "Search", dependencies: ["CIsal", "Content", "Support"]),
        .target(name: "Site", dependencies: ["CIsal", "CSystem", "Content", "Diagnostics", "Destination", "Templates", "Stats", "Export", "Markdown", "Search", "Report", "Edition", "Support",
                                             .product(name: "Crypto", package: "swift-crypto")]),
        // `showcase serve`: the site served on loopback, rebuilt on every save, pages reloaded.
        .target(name: "Preview", dependencies: ["Site", "Content", "Diagnostics", "Destination", "Support", .product(name: "FlyingFox", package: "FlyingFox")]),
        .target(name: "ShowcaseCLI", dependencies: [
            "Site", "Content", "Diagnostics", "Stats", "Export", "Destination", "Preview", "Report", "Edition", "Templates",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "showcase", dependencies: ["ShowcaseCLI"]),
        // What one article's Word and text downloads cost, against writing their bytes (BENCHMARKS.md).
        .executableTarget(name: "showcase-downloads-bench", dependencies: ["Content", "Export", "Markdown"], path: "Benchmarks/DownloadsBench"),
        // The Traditional edition's conversion on one core: OpenCC against Showcase's tables (BENCHMARKS.md).
        .executableTarget(name: "showcase-convert-bench", dependencies: ["Edition"], path: "Benchmarks/ConvertBench"),
        // libFuzzer target (Fuzz/README.md). A normal build makes a replayer of saved inputs;
        // Fuzz/run.sh builds it with -DSHOWCASE_FUZZ -sanitize=fuzzer,address.
        .executableTarget(name: "showcase-fuzz", dependencies: ["Content", "Diagnostics", "Markdown", "Site"], path: "Fuzz/Sources"),
        .testTarget(name: "ShowcaseTests", dependencies: ["Site", "Content", "Diagnostics", "Markdown", "Templates", "Stats", "Export", "ShowcaseCLI", "Destination", "Preview", "Search", "Report", "Edition", "Support",
                                                       .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "FlyingFox", package: "FlyingFox")],
                    resources: [.copy("Fixtures")]),
    ]
)
