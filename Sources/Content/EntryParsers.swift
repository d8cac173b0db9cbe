import Markdown

/// Reads each kind of entry from its front matter. Problems go to the reader; a `nil`
/// result means a required value was missing or wrong.
struct EntryParsers {
    let dates: DateParser
    let choices: Choices

    func organization(_ f: FieldReader, _ source: EntrySource) -> Organization? {
        let name = f.string("name", required: true)
        let kindText = f.string("kind", required: true)
        var kind: OrganizationKind?
        if let k = kindText {
            kind = OrganizationKind(text: k)
            if kind == nil {
                f.error(
                    .invalidChoice(field: "kind", value: k, allowed: OrganizationKind.allCases.map { "\($0.rawValue)（\($0.chinese)）" }), key: "kind")
            }
        }
        let domain = f.reference("domain", to: .domain, required: true)
        // Both decide the federation's count of registered organizations: never left to chance.
        if kind == .registered, f.isMissing("registered") { f.error(.missingRegistrationDate, key: "kind") }
        let registered = f.date("registered", parser: dates)
        let supervisor = f.choice("supervisor", .supervisor, in: choices, required: true)
        let member = f.bool("alliance_member") ?? false
        let since = f.date("alliance_since", parser: dates)
        if member, since == nil, !f.keys.contains("alliance_since") { f.error(.missingField("alliance_since"), key: "alliance_member") }
        let featured = f.bool("featured") ?? false
        let services = f.strings("services")
        var contact = Contact()
        if let c = f.mapping("contact") {
            contact = Contact(address: c.string("address"), phone: c.string("phone"), website: c.url("website"), wechat: c.string("wechat"))
        }
        let tags = f.strings("tags")
        let logo = f.url("logo")
        guard let name, let kind, let domain else { return nil }
        return Organization(
            source: source, name: name, kind: kind, domain: domain, registered: registered, supervisor: supervisor,
            allianceMember: member, allianceSince: since, featured: featured, services: services,
            contact: contact, tags: tags, logo: logo)
    }

    func event(_ f: FieldReader, _ source: EntrySource) -> Event? {
        let title = f.string("title", required: true)
        let start = f.date("start", required: true, parser: dates)
        let end = f.date("end", parser: dates)
        if let s = start, let e = end, e < s { f.error(.endBeforeStart, key: "end") }
        let location = f.string("location", required: true)
        let kind = f.choice("kind", .eventKind, in: choices, required: true)
        let organizers = f.references("organizers", to: .organization, required: true)
        let participants = f.references("participants", to: .organization)
        let tags = f.strings("tags")
        let cover = f.url("cover")
        let programme = f.mappings("programme").compactMap { m -> ProgrammeItem? in
            guard let item = m.string("item", required: true) else { return nil }
            return ProgrammeItem(time: m.string("time") ?? "", item: item)
        }
        let stalls = f.mappings("stalls").compactMap { m -> Stall? in
            guard let org = m.reference("organization", to: .organization, required: true) else { return nil }
            return Stall(organization: org, offer: m.string("offer") ?? "")
        }
        guard let title, let start, let location, let kind, !organizers.isEmpty else { return nil }
        return Event(
            source: source, title: title, start: start, end: end, location: location, kind: kind, organizers: organizers,
            participants: participants, tags: tags, cover: cover, programme: programme, stalls: stalls)
    }

    func article(_ f: FieldReader, _ source: EntrySource) -> Article? {
        let title = f.string("title", required: true)
        let date = f.date("date", required: true, parser: dates)
        let author = f.string("author", required: true)
        let column = f.choice("column", .column, in: choices, required: true)
        let issue = f.int("issue", range: 1...100_000)
        let tags = f.strings("tags")
        let organizations = f.references("organizations", to: .organization)
        let summary = f.string("summary") ?? Summary.of(source.body)
        let draft = f.bool("draft") ?? false
        guard let title, let date, author != nil, column != nil else { return nil }
        return Article(
            source: source, title: title, date: date, author: author, column: column, issue: issue, tags: tags,
            organizations: organizations, summary: summary, draft: draft)
    }

    /// Funding above this (100 million yuan) is taken for a typing mistake.
    static let maxFunding = Money(fen: 100_000_000 * 100)

    func project(_ f: FieldReader, _ source: EntrySource) -> Project? {
        let title = f.string("title", required: true)
        let organization = f.reference("organization", to: .organization, required: true)
        let program = f.choice("program", .program, in: choices, required: true)
        let year = f.int("year", required: true, range: 1990...2100)
        let round = f.string("round", required: true)
        let funding = f.money("funding", required: true, max: Self.maxFunding)
        let beneficiaries = f.int("beneficiaries", required: true, range: 0...100_000_000)
        let domain = f.reference("domain", to: .domain, required: true)
        let status = f.choice("status", .status, in: choices, required: true)
        guard let title, let organization, let program, let year, let round, let funding, let beneficiaries, let domain, status != nil else {
            return nil
        }
        return Project(
            source: source, title: title, organization: organization, program: program, round: round, year: year,
            funding: funding, beneficiaries: beneficiaries, domain: domain, status: status)
    }

    func page(_ f: FieldReader, _ source: EntrySource) -> Page? {
        let title = f.string("title", required: true)
        let order = f.int("menu_order", range: -1000...1000)
        guard let title else { return nil }
        return Page(source: source, title: title, menuOrder: order)
    }
}

/// Summaries and text measures for Chinese text, which has no spaces between words.
package enum Summary {
    /// About this many characters: roughly two lines of a phone screen.
    package static let length = 120

    /// Text before `<!--more-->`, else the first paragraph cut to ``length`` characters.
    package static func of(_ document: MarkdownDocument) -> String {
        if document.hasMore {
            return document.lead.map(\.plainText).filter { !$0.isEmpty }.joined(separator: " ")
        }
        return cut(document.lead.first?.plainText ?? "", to: length)
    }

    /// Cuts by characters (a Chinese character is one), adding an ellipsis when it cuts.
    /// The summary is plain text, so a cut can never fall inside a tag or an entity.
    package static func cut(_ text: String, to length: Int) -> String {
        let flat = text.containsByte(0x0A) ? text.replacingOccurrences(of: "\n", with: " ") : text
        // At most `length` characters need not be counted one by one: a character is 1–4 bytes.
        // Past that, only the first `length` are counted, not the whole paragraph.
        guard flat.utf8.count > length else { return flat }
        if let bytes = fastPrefixLength(flat, characters: length) {
            guard bytes < flat.utf8.count else { return flat }
            let utf8 = flat.utf8
            return String(flat[..<utf8.index(utf8.startIndex, offsetBy: bytes)]).trimmingSpaces() + "……"
        }
        guard let cut = flat.index(flat.startIndex, offsetBy: length, limitedBy: flat.endIndex), cut != flat.endIndex else { return flat }
        return String(flat[..<cut]).trimmingSpaces() + "……"
    }

    /// The byte length of the first `characters` characters of `text` when they, and the
    /// scalar after them, are standalone scalars (``Block/standaloneScalar(_:at:)``) other than
    /// CR, which joins a following LF: then characters are counted by scalars, without grapheme
    /// breaking. `nil` when anything else comes first.
    private static func fastPrefixLength(_ text: String, characters: Int) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            var i = 0
            var counted = 0
            while i < bytes.count {
                guard let (scalar, length) = Block.standaloneScalar(bytes, at: i), scalar != 0x0D else { return nil }
                // The scalar after the last counted one has been checked too: it cannot join it.
                if counted == characters { return i }
                counted += 1
                i += length
            }
            return i
        }
    }

    /// Characters of the document's plain text but whitespace (counted once, when it was parsed).
    package static func characterCount(_ document: MarkdownDocument) -> Int {
        document.characterCount
    }

    /// Characters a reader reads: everything but whitespace.
    package static func characterCount(_ text: String) -> Int {
        Block.characterCount(text)
    }

    /// Minutes at about 400 Chinese characters a minute, at least one.
    package static func readingMinutes(_ text: String) -> Int {
        readingMinutes(characters: characterCount(text))
    }

    /// Minutes to read `characters` characters of Chinese (about 400 a minute), at least 1.
    package static func readingMinutes(characters: Int) -> Int {
        max(1, (characters + 399) / 400)
    }
}
