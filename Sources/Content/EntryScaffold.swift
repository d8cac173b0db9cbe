import Diagnostics
import Foundation
import Yams

/// What `showcase new` writes: a new entry with every front-matter key of its kind, each with a
/// placeholder that passes `check` and a Chinese comment saying what it means and which values it
/// takes. Optional keys are written as comments, so nothing made up is ever published; an article
/// starts as a draft. Placeholders come from the site itself (its first domain, its federation,
/// its first organization, the lists in `choices.yaml`), so the new file builds as it is.
package enum EntryScaffold {
    /// The kinds of entry `showcase new` makes, named as on the command line.
    package enum Kind: String, Sendable, CaseIterable {
        case article, organization, event, project, page

        /// The folder under `content/`.
        package var folder: String {
            switch self {
            case .article: "articles";
            case .organization: "organizations";
            case .event: "events"
            case .project: "projects";
            case .page: "pages"
            }
        }

        var noun: String {
            switch self {
            case .article: "文章";
            case .organization: "社会组织";
            case .event: "活动";
            case .project: "公益项目";
            case .page: "页面"
            }
        }
    }

    /// Why no file was written.
    package enum Refusal: Error, Equatable, Sendable {
        case exists(String)
        case invalidSlug(String)
        case noSite(String)

        /// The whole message for `lang`, in the shape of every other (`path: 错误: …`, `修改方法：…`).
        package func text(in lang: MessageLanguage) -> String {
            let zh = lang == .zh
            switch self {
            case .exists(let path):
                return zh
                    ? "\(path): 错误: 文件已经存在，没有改动它\n    修改方法：换一个网址名（slug），或直接编辑这个文件"
                    : "\(path): error: the file exists and was left as it is\n    how to fix: choose another slug, or edit that file"
            case .invalidSlug(let slug):
                return zh
                    ? "错误: 网址名“\(slug)”只能用小写英文字母、数字和连字符\n    修改方法：用拼音或英文，例如 kunshan-family-center"
                    : "error: the slug `\(slug)` may only use a-z, 0-9 and hyphens\n    how to fix: use pinyin or English, e.g. kunshan-family-center"
            case .noSite(let path):
                return zh
                    ? "\(path): 错误: 找不到网站设置文件\n    修改方法：在网站文件夹里运行，或用 --source 指定网站文件夹"
                    : "\(path): error: the site settings are missing\n    how to fix: run in the site folder or pass --source DIR"
            }
        }
    }

    /// Writes `content/<folder>/<slug>.md` and returns its path relative to the site folder.
    package static func create(_ kind: Kind, slug: String, title: String?, root: URL, today: Date = Date()) throws -> String {
        guard Slug.isValid(slug) else { throw Refusal.invalidSlug(slug) }
        let relative = "content/\(kind.folder)/\(slug).md"
        let url = root.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("content/site.yaml").path) else {
            throw Refusal.noSite("content/site.yaml")
        }
        let text = render(kind, title: title, facts: SiteFacts(root: root), today: today)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // O_EXCL: a file that appears meanwhile is not overwritten either.
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == EEXIST { throw Refusal.exists(relative) }
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
        return relative
    }

    /// What the placeholders are taken from, read leniently: `new` must work while another file
    /// of the site has an error (that is what `check` is for).
    struct SiteFacts {
        var domain = "youth"
        var federation = "昆山市妇女联合会"
        var organization = "kunshan-women-social-org-center"
        var choices: [String: [String]] = [:]

        init(root: URL) {
            let content = root.appendingPathComponent("content")
            // Only suggestions for the comments of the new file: a data file that cannot be
            // read leaves them out, and `check` reports that file with its location.
            func yaml(_ path: String) -> [String: Any] {
                guard let text = try? String(contentsOf: content.appendingPathComponent(path), encoding: .utf8) else { return [:] }
                return ((try? Yams.load(yaml: text)) as? [String: Any]) ?? [:]
            }
            let site = yaml("site.yaml")
            if let first = (site["domains"] as? [[String: Any]])?.first?["slug"] as? String { domain = first }
            if let name = (site["federation"] as? [String: Any])?["name"] as? String { federation = name }
            // Likewise a suggestion only: no organization named in the comment.
            let organizations = (try? FileManager.default.contentsOfDirectory(atPath: content.appendingPathComponent("organizations").path)) ?? []
            if let first = organizations.filter({ $0.hasSuffix(".md") }).sorted().first { organization = String(first.dropLast(3)) }
            for (section, fields) in yaml("data/choices.yaml") {
                for (key, values) in (fields as? [String: Any]) ?? [:] {
                    if let list = values as? [Any] { choices["\(section).\(key)"] = list.map { "\($0)" } }
                }
            }
        }

        /// The first allowed value, and all of them joined for the comment.
        func choice(_ key: String, default value: String) -> (first: String, all: String) {
            let list = choices[key] ?? []
            return (list.first ?? value, list.isEmpty ? value : list.joined(separator: "、"))
        }
    }

    static func render(_ kind: Kind, title: String?, facts: SiteFacts, today: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd"
        let date = formatter.string(from: today)
        let name = quoted(title ?? "新\(kind.noun)（请修改）")
        var lines: [String] = ["---"]
        func add(_ line: String, _ comment: String) { lines.append(line.isEmpty ? "# \(comment)" : "\(line)  # \(comment)") }
        func optional(_ line: String, _ comment: String) { lines.append("# \(line)  # （可选）\(comment)") }
        switch kind {
        case .article:
            let column = facts.choice("articles.column", default: "工作动态")
            add("title: \(name)", "标题（必填）")
            add("date: \(date)", "发布日期（必填），写成 2014-05-20")
            add("author: 市妇联宣传部", "作者（必填）；不写个人姓名时写部门名")
            add("column: \(column.first)", "栏目（必填），可选：\(column.all)")
            add("draft: true", "草稿不会发布；写完后改为 false 或删掉这一行")
            optional("issue: 27", "专栏期号，整数")
            optional("tags: [社工, 联动]", "标签")
            optional("organizations: [\(facts.organization)]", "文中提到的组织（写组织的文件名，不含 .md）")
            optional("summary: 一句话摘要", "摘要；不写时自动取正文开头")
        case .organization:
            let supervisor = facts.choice("organizations.supervisor", default: facts.federation)
            add("name: \(name)", "机构全称（必填）")
            add("kind: grassroots", "类型（必填）：registered 登记注册组织 / grassroots 草根组织 / hub 枢纽")
            optional("registered: \(date)", "登记注册日期；kind 为 registered 时必填")
            add("domain: \(facts.domain)", "服务领域（必填），写 site.yaml 中 domains 的 slug")
            add("supervisor: \(supervisor.first)", "业务主管单位（必填），可选：\(supervisor.all)")
            optional("alliance_member: true", "是否为妇女儿童公益联盟成员")
            optional("alliance_since: \(date)", "加入联盟日期；联盟成员必填")
            optional("featured: true", "在首页推荐")
            optional("services: [家庭个案辅导, 亲子阅读]", "主要服务")
            optional("contact: {address: 地址, phone: 0512-00000000, website: https://example.org/, wechat: 公众号}", "联系方式")
            optional("tags: [家庭, 社工]", "标签")
            optional("logo: /images/logos/example.svg", "标志图片，放在 content/static/ 下")
        case .event:
            let kindChoice = facts.choice("events.kind", default: "交流")
            add("title: \(name)", "活动名称（必填）")
            add("start: \(date) 09:00", "开始时间（必填），写成 2014-10-25 09:00")
            optional("end: \(date) 11:30", "结束时间，不能早于开始时间")
            add("location: 待定（请修改）", "地点（必填）")
            add("kind: \(kindChoice.first)", "活动类型（必填），可选：\(kindChoice.all)")
            add("organizers: [\(facts.organization)]", "主办方（必填），组织的文件名列表")
            optional("participants: [\(facts.organization)]", "参与组织")
            optional("tags: [两岸交流, 公益]", "标签")
            optional("cover: /images/events/example.svg", "封面图，放在 content/static/ 下")
            optional("programme: [{time: \"09:00\", item: 开幕式}]", "日程")
            optional("stalls: [{organization: \(facts.organization), offer: 手工编织义卖}]", "摊位（市集、嘉年华）")
        case .project:
            let program = facts.choice("projects.program", default: "公益创投")
            let status = facts.choice("projects.status", default: "实施中")
            let year = String(date.prefix(4))
            add("title: \(name)", "项目名称（必填）")
            add("organization: \(facts.organization)", "承接机构（必填），组织的文件名")
            add("program: \(program.first)", "项目类型（必填），可选：\(program.all)")
            add("round: \(year)年", "届次或轮次（必填）")
            add("year: \(year)", "年份（必填）")
            add("funding: 0.00", "资金（必填），单位元，最多两位小数；请改成实际金额")
            add("beneficiaries: 0", "服务人次（必填），整数；没有时写 0")
            add("domain: \(facts.domain)", "服务领域（必填），写 site.yaml 中 domains 的 slug")
            add("status: \(status.first)", "项目状态（必填），可选：\(status.all)")
        case .page:
            add("title: \(name)", "页面标题（必填）")
            optional("menu_order: 1", "排列顺序，整数")
        }
        lines.append("---")
        lines.append("")
        lines.append("在这里写正文（Markdown）。各项的写法见 docs/CONTENT.md。")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// A title as a YAML scalar: quoted when YAML would read it as something else.
    static func quoted(_ text: String) -> String {
        let special = ":#[]{},&*!|>'\"%@`"
        if text.contains(where: { special.contains($0) }) || text.hasPrefix("-") || text.hasPrefix("?")
            || text != text.trimmingCharacters(in: .whitespaces)
        {
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return text
    }
}
