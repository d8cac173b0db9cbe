import Content
import Diagnostics

/// What can be wrong with an option's value beyond its type (argument-parser checks that):
/// said the way a source problem is, inside an ``OptionError`` that names no file.
enum OptionProblem: Problem {
    /// `--today` that is not a date (`reason` when it is a date that does not exist).
    case invalidToday(value: String, reason: DateProblem?)
    /// `--jobs` below 1.
    case invalidJobs(Int)
    /// `serve` could not listen on `--host` and `--port` (the port taken, an address this
    /// machine does not have); `reason` is what the server said.
    case cannotServe(host: String, port: UInt16, reason: String)

    /// The message and the fix, in `lang`.
    func text(in lang: MessageLanguage) -> (message: String, hint: String) {
        let zh = lang == .zh
        switch self {
        case .invalidToday(let value, let reason):
            let why = reason.map { zh ? "：" + $0.text(in: .zh) : " (\($0.text(in: .en)))" } ?? ""
            return zh
                ? ("--today 的日期“\(Self.shown(value))”\(reason == nil ? "无法识别" : "有误")\(why)", "写成 2026-11-29 这样的日期")
                : (
                    "--today: `\(Self.shown(value))` is not \(reason == nil ? "a date" : "a date that exists")\(why)",
                    "write a date such as 2026-11-29"
                )
        case .invalidJobs(let jobs):
            return zh
                ? ("--jobs 的线程数 \(jobs) 无效，至少为 1", "写成 --jobs 4 这样的正整数，或不写（使用全部核心）")
                : ("--jobs \(jobs) is not a thread count (at least 1)", "pass a positive number such as --jobs 4, or leave it out to use every core")
        case .cannotServe(let host, let port, let reason):
            return zh
                ? ("无法在 \(host):\(port) 上提供预览：\(reason)", "换一个端口（--port 8081，或 --port 0 自动选择），或关闭占用该端口的程序；--host 须是本机的地址")
                : (
                    "cannot serve on \(host):\(port): \(reason)",
                    "choose another port (--port 8081, or --port 0 for any free one) or stop the program using it; --host must be an address of this machine"
                )
        }
    }
}

extension OptionError {
    /// An option's problem, written the short way (`OptionError(.invalidJobs(0))`).
    init(_ problem: OptionProblem) { self.init(problem as any Problem) }
}
