import Diagnostics
import Foundation

/// Everything that can be wrong with a site's content (and with any file of the site read
/// from disk: unreadable, not UTF-8, a symbolic link out of its folder). The texts for people
/// live in one catalog (`text(in:)`), so a second language changes one place. Problems of the
/// templates, the build and the options are their modules' own (``Problem``).
package enum ContentProblem: Problem {
    case notUTF8
    /// A file or folder that could not be opened or read, with the system's `errno`.
    case unreadable(errno: Int32)
    /// A FIFO, socket or device where a file was expected: never opened (a FIFO would block).
    case notRegularFile(FileType)
    /// An entry folder (`content/articles`) that is a file.
    case notAFolder
    /// A file or folder name that is not valid UTF-8 (shown with U+FFFD in its place).
    case nameNotUTF8
    case emptyFile
    case missingOpeningFence
    case missingClosingFence
    case fileTooLarge(megabytes: Int, limit: Int)
    case yamlSyntax(String)
    case yamlTab
    case yamlAliasBomb(alias: String, limit: Int)
    case frontMatterNotMapping
    case duplicateKey(String)
    case missingField(String)
    /// A registered organization without `registered`: it would drop out of the timeline.
    case missingRegistrationDate
    case wrongType(field: String, expected: ValueType, found: String)
    case invalidDate(field: String, value: String)
    case impossibleDate(field: String, value: String, reason: DateProblem)
    case numberOutOfRange(field: String, value: String, range: String)
    case invalidChoice(field: String, value: String, allowed: [String])
    /// A value outside the list `content/data/choices.yaml` gives for the field.
    case notAChoice(field: String, value: String, allowed: [String], suggestion: String?)
    /// An alias in `choices.yaml` that leads to no choice.
    case aliasTargetUnknown(alias: String, target: String)
    /// `title：…`: a key followed by a full-width colon, which YAML does not take for a colon.
    case fullWidthColon(key: String)
    case unknownKey(String, suggestion: String?)
    case unknownReference(field: String, value: String, kind: String, suggestion: String?)
    case duplicateSlug(slug: String, kind: String, other: String)
    case duplicateURL(url: String, other: String)
    case invalidSlug(String)
    /// A file of `content/reports/` not named after its year (`2014.md`).
    case reportFileName(String)
    /// A name in a report's `sections` that is no section, with the closest one.
    case unknownReportSection(String, suggestion: String?)
    case pathEscapesSite(field: String, value: String)
    case urlControlCharacter(field: String, value: String)
    case unsafeURLScheme(field: String, value: String, scheme: String)
    case invalidBaseURL(field: String, value: String)
    case missingStaticFile(field: String, value: String)
    case brokenLink(String)
    /// `folder` is the folder the link had to stay in: `content` or `templates`.
    case symlinkOutside(target: String, folder: String = "content")
    case symlinkLoop(target: String)
    case brokenSymlink(target: String)
    case endBeforeStart
    /// `year_to` before `year_from` in `content/data/programs.yaml`.
    case yearsReversed(from: Int, to: Int)
    /// A program total smaller than the federation's own projects it covers (a share over 100 %).
    case totalBelowCount(total: Int, count: Int)
    case missingSiteConfig
    /// `traditional: path:` is not a folder name a URL can hold, or is a folder the site uses.
    case invalidEditionPath(String, reserved: Bool)
    case missingDataFile(String)

    /// What kind of special file was found instead of a regular one.
    package enum FileType: String, Sendable, Hashable {
        case fifo, socket, device
        var zh: String {
            switch self {
            case .fifo: "命名管道（FIFO）";
            case .socket: "套接字（socket）";
            case .device: "设备文件"
            }
        }
        var en: String {
            switch self {
            case .fifo: "a named pipe (FIFO)";
            case .socket: "a socket";
            case .device: "a device"
            }
        }
    }

    /// What the value was expected to be, for type errors.
    package enum ValueType: String, Sendable, Hashable {
        case text, number, integer, money, boolean, list, date, mapping
        var zh: String {
            switch self {
            case .text: "文字";
            case .number: "数字";
            case .integer: "整数";
            case .money: "金额（元）"
            case .boolean: "是/否（true 或 false）";
            case .list: "列表";
            case .date: "日期";
            case .mapping: "键值对"
            }
        }
    }

    /// The message and the fix, in the language asked for.
    package func text(in lang: MessageLanguage) -> (message: String, hint: String) {
        let zh = lang == .zh
        switch self {
        case .notUTF8:
            return zh
                ? ("文件不是 UTF-8 编码（可能是 GBK/GB18030）", "用编辑器“另存为”UTF-8 编码后再生成")
                : ("the file is not UTF-8 (it may be GBK/GB18030)", "save it as UTF-8 and build again")
        case .unreadable(let code):
            return zh
                ? (
                    "无法读取：\(Self.reason(code, zh: true))",
                    code == EACCES || code == EPERM ? "给这个文件（或文件夹）加上读取权限，例如 chmod a+r，再生成" : "检查这个文件（或文件夹）是否完好，可以复制一份新的替换它"
                )
                : (
                    "cannot be read: \(Self.reason(code, zh: false))",
                    code == EACCES || code == EPERM
                        ? "make it readable (e.g. chmod a+r) and build again" : "check the file or folder, or replace it with a fresh copy"
                )
        case .notRegularFile(let type):
            return zh
                ? ("这不是普通文件，而是\(type.zh)，不会读取", "删除它，或换成普通文件")
                : ("this is \(type.en), not a regular file, and is not read", "remove it or replace it with a regular file")
        case .notAFolder:
            return zh
                ? ("这里应当是存放条目的文件夹，却是一个文件", "把它改成同名的文件夹，把 .md 文件放进去")
                : ("this should be a folder of entries but is a file", "make it a folder and put the .md files in it")
        case .nameNotUTF8:
            return zh
                ? ("文件名不是 UTF-8 编码（显示为 �）", "把它改名为英文、拼音，或用 UTF-8 编码的中文文件名")
                : ("the file name is not UTF-8 (shown as �)", "rename it in English, pinyin or UTF-8 Chinese")
        case .emptyFile:
            return zh
                ? ("文件是空的", "在文件开头写上以 --- 包围的信息区（front matter），或删除此文件")
                : ("the file is empty", "add front matter between --- lines, or delete the file")
        case .missingOpeningFence:
            return zh
                ? ("文件开头缺少 ---（信息区的开始）", "在第一行写 ---，接着写 title: 等信息，再用一行 --- 结束")
                : ("the file does not start with ---", "put --- on the first line, then the front matter, then another ---")
        case .missingClosingFence:
            return zh
                ? ("信息区没有结束的 ---", "在信息区最后一项下面加一行 ---，正文写在它后面")
                : ("the front matter has no closing ---", "add a line with --- after the last front-matter key")
        case .fileTooLarge(let mb, let limit):
            return zh
                ? ("文件过大（\(mb) MB，上限 \(limit) MB）", "把内容拆成几篇，或把大图片等放进 static/ 文件夹")
                : ("the file is too large (\(mb) MB, limit \(limit) MB)", "split it into several entries")
        case .yamlSyntax(let detail):
            return zh
                ? ("信息区的 YAML 格式有误：\(Self.shown(detail, limit: 160))", "检查这一行的冒号、引号和缩进；含冒号的文字请用引号括起来")
                : ("the front matter is not valid YAML: \(Self.shown(detail, limit: 160))", "check colons, quotes and indentation on this line")
        case .yamlTab:
            return zh
                ? ("信息区里用了 Tab 键缩进，YAML 不允许", "把行首的 Tab 换成空格（每级两个空格）")
                : ("the front matter is indented with a tab, which YAML forbids", "indent with spaces instead")
        case .yamlAliasBomb(let alias, let limit):
            return zh
                ? ("别名 *\(alias) 层层展开后超过 \(limit) 项，已拒绝（这是一种让程序耗尽内存的写法）", "不要用 & 和 * 层层引用，把内容直接写出来")
                : (
                    "the alias *\(alias) expands to more than \(limit) values and was refused (a memory exhaustion pattern)",
                    "do not nest & anchors and * aliases; write the values out"
                )
        case .frontMatterNotMapping:
            return zh
                ? ("信息区应当是“键: 值”的形式", "每行写成 title: 标题 这样的形式")
                : ("the front matter must be a list of `key: value` lines", "write it as `title: …` lines")
        case .duplicateKey(let key):
            return zh ? ("“\(Self.shown(key))”写了两次", "删掉其中一行") : ("`\(Self.shown(key))` appears twice", "remove one of them")
        case .missingField(let field):
            return zh ? ("缺少必填项“\(field)”", "加上一行 \(field): …") : ("the required key `\(field)` is missing", "add a line `\(field): …`")
        case .missingRegistrationDate:
            return zh
                ? ("登记注册组织（kind: registered）缺少必填项“registered”（登记注册日期）", "加上一行 registered: 2012-06-18 这样的登记日期")
                : (
                    "a registered organization (kind: registered) needs `registered`, its registration date",
                    "add a line such as `registered: 2012-06-18`"
                )
        case .wrongType(let field, let expected, let found):
            return zh
                ? ("“\(field)”应当是\(expected.zh)，而这里写的是“\(Self.shown(found))”", Self.typeHintZH(expected))
                : ("`\(field)` must be a \(expected.rawValue), not `\(Self.shown(found))`", Self.typeHintEN(expected))
        case .invalidDate(let field, let value):
            return zh
                ? ("“\(field)”的日期“\(Self.shown(value))”无法识别", "写成 2014-05-20、2014/5/20、2014年5月20日，带时间写成 2014-05-20 14:30")
                : ("`\(field)`: `\(Self.shown(value))` is not a date", "write 2014-05-20, 2014/5/20 or 2014年5月20日; with a time, 2014-05-20 14:30")
        case .impossibleDate(let field, let value, let reason):
            return zh
                ? ("“\(field)”的日期“\(Self.shown(value))”不存在：\(reason.text(in: .zh))", "核对日历后改成正确的日期")
                : ("`\(field)`: the date `\(Self.shown(value))` does not exist (\(reason.text(in: .en)))", "correct the date")
        case .numberOutOfRange(let field, let value, let range):
            return zh
                ? ("“\(field)”的数值“\(Self.shown(value))”不合理（应在 \(range) 之间）", "核对数字，注意单位（金额以元为单位）")
                : ("`\(field)`: \(Self.shown(value)) is out of range (\(range))", "check the number and its unit")
        case .invalidChoice(let field, let value, let allowed):
            return zh
                ? ("“\(field)”不能是“\(Self.shown(value))”", "可选：" + allowed.joined(separator: "、"))
                : ("`\(field)` cannot be `\(Self.shown(value))`", "choose one of: " + allowed.joined(separator: ", "))
        case .notAChoice(let field, let value, let allowed, let suggestion):
            let list = allowed.joined(separator: zh ? "、" : ", ")
            if let s = suggestion {
                return zh
                    ? ("“\(field)”不能是“\(Self.shown(value))”，是不是“\(s)”？", "改成 \(s)。可选：\(list)（在 \(Choices.path) 中定义）")
                    : (
                        "`\(field)` cannot be `\(Self.shown(value))`: did you mean `\(s)`?",
                        "write \(s). Choices: \(list) (defined in \(Choices.path))"
                    )
            }
            return zh
                ? ("“\(field)”不能是“\(Self.shown(value))”", "可选：\(list)。确实要新增时，先在 \(Choices.path) 里加上它")
                : ("`\(field)` cannot be `\(Self.shown(value))`", "choose one of: \(list); to add one on purpose, add it to \(Choices.path) first")
        case .aliasTargetUnknown(let alias, let target):
            return zh
                ? ("简称“\(alias)”对应的“\(target)”不是任何一项的可选值", "右边要写成上面某个列表里已有的名称")
                : ("the alias `\(alias)` leads to `\(target)`, which is no choice", "write a value listed above on the right")
        case .fullWidthColon(let key):
            return zh
                ? ("“\(key)”后面的冒号是全角的“：”，这一行读不出来", "把全角冒号“：”换成英文冒号加空格，写成 \(key): …")
                : (
                    "`\(key)` is followed by a full-width colon “：”, which YAML does not read as a colon",
                    "write an ASCII colon and a space: `\(key): …`"
                )
        case .unknownKey(let key, let suggestion):
            if let s = suggestion {
                return zh
                    ? ("不认识的项“\(Self.shown(key))”，是不是“\(Self.shown(s))”？", "改成 \(Self.shown(s))，或删除这一行")
                    : ("unknown key `\(Self.shown(key))`: did you mean `\(Self.shown(s))`?", "rename it to `\(Self.shown(s))` or remove it")
            }
            return zh
                ? ("不认识的项“\(Self.shown(key))”", "检查拼写，或删除这一行（只能使用 docs/CONTENT.md 列出的项）")
                : ("unknown key `\(Self.shown(key))`", "check the spelling or remove the line (only the keys docs/CONTENT.md lists are read)")
        case .unknownReference(let field, let value, let kind, let suggestion):
            let tail = suggestion.map { zh ? "，是不是“\($0)”？" : ": did you mean `\($0)`?" } ?? ""
            return zh
                ? ("“\(field)”引用的\(kind)“\(Self.shown(value))”不存在\(tail)", "写 content/ 里对应文件的文件名（不含 .md），或先建立该条目")
                : ("`\(field)` refers to an unknown \(kind) `\(Self.shown(value))`\(tail)", "use the file name (without .md) of an existing entry")
        case .duplicateSlug(let slug, let kind, let other):
            return zh
                ? ("\(kind)的网址名“\(Self.shown(slug))”与 \(other) 重复", "修改其中一个文件名，或用 slug: 指定不同的网址名")
                : ("the \(kind) slug `\(Self.shown(slug))` is also used by \(other)", "rename one file or set a different `slug:`")
        case .duplicateURL(let url, let other):
            return zh
                ? ("网址 \(Self.shown(url)) 与 \(other) 生成的页面冲突", "修改其中一个文件名或 slug:")
                : ("the URL \(Self.shown(url)) is also produced by \(other)", "rename one file or change its `slug:`")
        case .invalidSlug(let slug):
            return zh
                ? ("网址名“\(Self.shown(slug))”只能用小写英文字母、数字和连字符", "把文件名改成拼音或英文，例如 kunshan-family-center.md")
                : ("the slug `\(Self.shown(slug))` may only use a-z, 0-9 and hyphens", "rename the file, e.g. kunshan-family-center.md")
        case .reportFileName(let stem):
            return zh
                ? ("年度报告文件名“\(stem)”不是年份", "把文件改名为报告年份，例如 content/reports/2014.md")
                : ("the report file name `\(stem)` is not a year", "name the file after the report's year, e.g. content/reports/2014.md")
        case .unknownReportSection(let value, let suggestion):
            let list = ReportSection.allCases.map(\.rawValue).joined(separator: zh ? "、" : ", ")
            if let s = suggestion {
                return zh
                    ? ("报告没有“\(value)”这一部分，是不是“\(s)”？", "改成 \(s)。可选：\(list)")
                    : ("a report has no section `\(value)`: did you mean `\(s)`?", "write \(s). Sections: \(list)")
            }
            return zh
                ? ("报告没有“\(value)”这一部分", "可选：\(list)（也可写中文名称，如 主要数据）")
                : ("a report has no section `\(value)`", "choose from: \(list) (or their Chinese names, such as 主要数据)")
        case .pathEscapesSite(let field, let value):
            return zh
                ? ("“\(field)”的路径“\(Self.shown(value))”指向网站以外", "只能引用 content/static/ 里的文件，例如 /images/logo.svg")
                : (
                    "`\(field)`: the path `\(Self.shown(value))` points outside the site",
                    "refer to a file under content/static/, e.g. /images/logo.svg"
                )
        case .urlControlCharacter(let field, let value):
            return zh
                ? ("“\(field)”的网址“\(Self.shown(value))”里有 Tab、换行等看不见的字符，浏览器会把它们删掉后再读网址，已拒绝", "把网址写在一行里，删掉其中的 Tab、换行和其他控制字符")
                : (
                    "`\(field)`: the URL `\(Self.shown(value))` holds a tab, line break or other control character, which browsers drop before reading it",
                    "write the URL on one line, without tabs, line breaks or other control characters"
                )
        case .unsafeURLScheme(let field, let value, let scheme):
            return zh
                ? (
                    "“\(field)”的网址“\(Self.shown(value))”以 \(scheme): 开头，这种网址可能运行脚本或读取本机文件，已拒绝",
                    "只能用 https://、http://、mailto: 或 tel: 开头的网址，或本站的路径（如 /about/）"
                )
                : (
                    "`\(field)`: the URL `\(Self.shown(value))` uses the \(scheme): scheme, which may run script or read local files, and was refused",
                    "use an https://, http://, mailto: or tel: URL, or a path of the site (/about/)"
                )
        case .invalidBaseURL(let field, let value):
            return zh
                ? (
                    "“\(field)”的网址“\(Self.shown(value))”不能作网站地址",
                    "写成以 https:// 或 http:// 开头、带域名的完整网址（如 https://example.org/showcase/），或以 / 开头的路径（如 /showcase/）"
                )
                : (
                    "`\(field)`: `\(Self.shown(value))` cannot be the site's address",
                    "write an http:// or https:// URL with a host (https://example.org/showcase/) or a path starting with / (/showcase/)"
                )
        case .missingStaticFile(let field, let value):
            return zh
                ? ("“\(field)”引用的文件“\(Self.shown(value))”在 content/static/ 里找不到", "把文件放进 content/static/ 对应位置，或改正路径")
                : ("`\(field)`: `\(Self.shown(value))` is not in content/static/", "add the file or correct the path")
        case .brokenLink(let url):
            return zh
                ? ("链接“\(Self.shown(url))”指向的页面不存在", "检查网址拼写：组织页面是 /organizations/文件名/，文章是 /articles/文件名/，图片放在 content/static/ 下")
                : (
                    "the link `\(Self.shown(url))` leads to no page of the site",
                    "check the address: /organizations/<file name>/, /articles/<file name>/, images under content/static/"
                )
        case .symlinkOutside(let target, let folder):
            return zh
                ? ("这是一个指向 \(folder)/ 以外（\(Self.shown(target))）的符号链接，已拒绝", "把文件本身复制进 \(folder)/")
                : ("a symbolic link to outside \(folder)/ (\(Self.shown(target))) was refused", "copy the file itself into \(folder)/")
        case .symlinkLoop(let target):
            return zh
                ? ("这个符号链接形成了循环（指向 \(Self.shown(target))），无法读取", "删除这个符号链接，或让它指向 content/ 里的普通文件或文件夹")
                : (
                    "this symbolic link loops (to \(Self.shown(target))) and cannot be read",
                    "remove the link or point it at a real file or folder in content/"
                )
        case .brokenSymlink(let target):
            return zh
                ? ("这个符号链接指向的 \(Self.shown(target)) 不存在", "删除这个符号链接，或改正它指向的位置")
                : ("this symbolic link points to \(Self.shown(target)), which does not exist", "remove the link or correct its target")
        case .endBeforeStart:
            return zh ? ("结束时间早于开始时间", "检查 start 和 end") : ("the end is before the start", "check `start` and `end`")
        case .yearsReversed(let from, let to):
            return zh
                ? ("结束年份 year_to（\(to)）早于开始年份 year_from（\(from)）", "把较早的年份写在 year_from，较晚的写在 year_to")
                : ("year_to (\(to)) is before year_from (\(from))", "put the earlier year in year_from and the later in year_to")
        case .totalBelowCount(let total, let count):
            return zh
                ? ("全市项目总数 \(total) 少于本平台组织承接的 \(count) 个项目（占比会超过 100%）", "核对 total_projects，或检查 projects/ 里这类项目的 program、round 和 year")
                : (
                    "the citywide total \(total) is below the \(count) projects of the federation's organizations (a share over 100%)",
                    "check total_projects, or the program, round and year of those projects"
                )
        case .missingSiteConfig:
            return zh
                ? ("找不到网站设置文件 content/site.yaml", "确认在网站文件夹里运行，或用 --source 指定网站文件夹")
                : ("content/site.yaml was not found", "run in the site folder or pass --source DIR")
        case .invalidEditionPath(let path, let reserved):
            if reserved {
                return zh
                    ? ("繁体版的路径“\(Self.shown(path))”已是本站的栏目文件夹，两个版本的页面会互相覆盖", "换一个路径，例如 zh-hant")
                    : ("the Traditional edition's path `\(Self.shown(path))` is a folder the site already uses", "choose another path, e.g. zh-hant")
            }
            return zh
                ? ("繁体版的路径“\(Self.shown(path))”只能用小写英文字母、数字和连字符", "写成 zh-hant 这样的路径（不要斜杠）")
                : (
                    "the Traditional edition's path `\(Self.shown(path))` may only use a-z, 0-9 and hyphens",
                    "write a path such as zh-hant (no slashes)"
                )
        case .missingDataFile(let path):
            return zh
                ? ("找不到数据文件 \(path)", "从示例网站复制一份，再按本站情况修改")
                : ("the data file \(path) was not found", "copy it from the sample site and adapt it")
        }
    }

    /// The system's reason a file could not be read, in words for people.
    private static func reason(_ code: Int32, zh: Bool) -> String {
        switch code {
        case EACCES, EPERM: return zh ? "没有读取权限" : "permission denied"
        case ELOOP: return zh ? "符号链接循环" : "too many levels of symbolic links"
        case EIO: return zh ? "磁盘读写错误" : "input/output error"
        case EISDIR: return zh ? "这是一个文件夹" : "it is a folder"
        case ENOENT: return zh ? "文件已不存在" : "the file no longer exists"
        default: return String(cString: strerror(code)) + " (errno \(code))"
        }
    }

    private static func typeHintZH(_ t: ValueType) -> String {
        switch t {
        case .money: "只写阿拉伯数字，单位为元，最多两位小数，例如 213350.00"
        case .integer, .number: "只写阿拉伯数字，例如 1080"
        case .boolean: "写 true（是）或 false（否）"
        case .list: "写成 [a, b] 或每行一个“- a”"
        case .date: "写成 2014-05-20"
        case .text: "用文字，必要时加引号"
        case .mapping: "在下一行缩进写“键: 值”"
        }
    }

    private static func typeHintEN(_ t: ValueType) -> String {
        switch t {
        case .money: "digits only, in yuan, at most two decimals, e.g. 213350.00"
        case .integer, .number: "digits only, e.g. 1080"
        case .boolean: "write true or false"
        case .list: "write [a, b] or one `- a` per line"
        case .date: "write 2014-05-20"
        case .text: "write text, quoted if needed"
        case .mapping: "indent `key: value` lines below it"
        }
    }
}
