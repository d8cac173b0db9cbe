/// What `document.xml` refers to besides itself: hyperlink targets, embedded images, lists.
/// The body writer registers them as it goes; the package writer turns them into parts.
struct DocxParts {
    struct Hyperlink { var id: String; var target: String }
    struct Media { var id: String; var name: String; var file: ImageFile }

    var numbering = DocxNumbering()
    private(set) var hyperlinks: [Hyperlink] = []
    private(set) var media: [Media] = []
    /// `wp:docPr` ids must be unique in the document.
    private(set) var drawingCount = 0

    /// The relationship id for an external hyperlink; one per distinct target.
    mutating func hyperlink(to target: String) -> String {
        if let existing = hyperlinks.first(where: { $0.target == target }) { return existing.id }
        let id = "rIdLink\(hyperlinks.count + 1)"
        hyperlinks.append(Hyperlink(id: id, target: target))
        return id
    }

    /// The relationship id for an image; an image used twice is stored once.
    mutating func image(_ file: ImageFile) -> String {
        if let existing = media.first(where: { $0.file.path == file.path }) { return existing.id }
        let n = media.count + 1
        let id = "rIdImage\(n)"
        media.append(Media(id: id, name: "image\(n).\(file.format.fileExtension)", file: file))
        return id
    }

    mutating func nextDrawingID() -> Int {
        drawingCount += 1
        return drawingCount
    }
}
