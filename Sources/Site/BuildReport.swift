import Destination
import Diagnostics
import Stats

/// What a build produced, for the summary the command prints.
package struct BuildReport: Sendable {
    /// Pages written, per kind, in the summary's order.
    package var pagesByKind: [(kind: PageKind, count: Int)]
    /// Files written.
    package var files: Int
    /// Bytes written.
    package var bytes: Int
    /// Each phase with its wall time.
    package var phases: [(phase: BuildPhase, seconds: Double)]
    /// The content's warnings and the links to missing pages.
    package var warnings: [Diagnostic]
    /// What the build got past after the new site went live: an old site it could not delete.
    package var leftovers: [FolderError] = []
    /// The path the site is served under (`/`, or `/showcase/` for a sub-path build).
    package var basePath = "/"
    /// Articles whose downloads came from the cache, and articles whose downloads were made.
    package var downloadsReused = 0
    /// Articles whose downloads were made anew (the rest came from the cache).
    package var downloadsMade = 0
    /// Files whose bytes were those the last build left, and were not written again; nil when
    /// the last build's files were not trusted (see `OutputLedger`) and everything was written.
    package var unchangedFiles: Int? = nil
    /// Pages the last build rendered from the same inputs, left as it wrote them (only other
    /// entries' bodies changed, see `RenderRecord`); nil when every page was rendered.
    package var pagesKept: Int? = nil
    /// Said once to the person building (a cache that could not be used).
    package var notes: [CacheNote] = []
    /// Key figures that differ from the last successful build into the same output folder;
    /// nil when there was none to compare with (the first build, or no figures kept).
    package var figureChanges: [FigureChange]? = nil
    /// Output URL → the content files and templates it was made from (for incremental rebuilds;
    /// partials are not listed yet). Made when asked for: a build from the command line never does.
    package var sources: [String: [String]] {
        Dictionary(uniqueKeysWithValues: state.pages.map { ($0.url, $0.sources + ["templates/\($0.template).html", "templates/layout.html"]) })
    }
    /// Everything the build loaded and derived. Kept with the report so that a long-running
    /// caller (the coming preview server) can rebuild from it, and so that the command can exit
    /// without first freeing tens of thousands of documents one by one (see `BuildCommand`).
    package let state: BuildState
}
