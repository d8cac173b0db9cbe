import Diagnostics

/// What the build itself refuses, beyond any one file's content: an output folder that would
/// overwrite the sources, a static file at a path the build writes, a Traditional edition
/// without OpenCC. Reported as diagnostics with the content's and templates' problems.
package enum BuildProblem: Problem {
    /// A file of `content/static/` (or `templates/static/`) at a path the build itself writes.
    case staticClash(output: String, other: String)
    /// The Traditional edition is on, but OpenCC's configuration is not installed.
    case openCCUnavailable(config: String)
    /// The output folder holds `content/` or `templates/` (named).
    case outputContainsSources(String)
    /// The output folder is the site folder, `content/` or `templates/`.
    case outputIsSource

    /// The message and the fix, in `lang`.
    package func text(in lang: MessageLanguage) -> (message: String, hint: String) {
        let zh = lang == .zh
        switch self {
        case .staticClash(let output, let other):
            return zh
                ? ("这个静态文件与 \(other) 生成的 \(output) 冲突：两者会写到输出文件夹的同一位置", "删除或改名这个静态文件；生成的文件不能用静态文件替换")
                : (
                    "this static file clashes with \(output), generated from \(other): both would be written to the same place",
                    "remove or rename the static file; generated files cannot be replaced by static ones"
                )
        case .openCCUnavailable(let config):
            return zh
                ? ("要生成繁体版，但找不到 OpenCC 的转换设置 \(config)", "安装 OpenCC（apt-get install libopencc-dev），或从 editions 中去掉 zh-Hant")
                : (
                    "the Traditional edition needs OpenCC's configuration \(config), which is not installed",
                    "install OpenCC (apt-get install libopencc-dev), or remove zh-Hant from editions"
                )
        case .outputContainsSources(let path):
            return zh
                ? ("输出文件夹包含了网站源文件（\(path)），生成时会覆盖它们", "用 --output 指定另一个文件夹，例如 output")
                : ("the output folder contains the site's sources (\(path))", "pass another --output folder, e.g. output")
        case .outputIsSource:
            return zh
                ? ("输出文件夹不能是网站文件夹本身或 content/、templates/", "用 --output 指定另一个文件夹，例如 output")
                : ("the output folder cannot be the site folder, content/ or templates/", "pass --output output")
        }
    }
}
