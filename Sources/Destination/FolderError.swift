import Content
import Diagnostics
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Why Showcase will not, or could not, write a folder: refused before anything is written
/// (a folder it did not make, the home folder, a mount point…) or a system call that failed.
package enum FolderProblem: Sendable, Equatable {
    /// An existing folder that holds files and no Showcase marker; `entries` are the first few
    /// names (folders end in `/`), `total` how many there are. An export only adds files to a
    /// folder, a build replaces it: the fix differs.
    case notOurs(entries: [String], total: Int, export: Bool)
    /// An existing file, not a folder.
    case notAFolder
    /// A symbolic link: replacing the link's target through it would empty a folder elsewhere.
    case symbolicLink(target: String)
    case filesystemRoot
    case homeFolder
    /// A folder above the one the command runs in.
    case holdsCurrentFolder
    /// A mount point (a disk, a share, a container volume): it can be written into, never replaced.
    case mountPoint
    /// Another `showcase build` holds the lock on this output folder.
    case buildRunning(lockFile: String)
    /// The hidden staging folder's name is taken by a folder Showcase did not make.
    case stagingTaken(output: String)
    /// A system call failed; `errno` says why.
    case system(FolderOperation, errno: Int32)

    /// What was being done when a system call failed.
    package enum FolderOperation: Sendable, Equatable {
        case createFolder, writeFile, readFile, replace, removeOld, lock, list
    }
}

/// A folder Showcase refused or failed to write, with its path, for the message catalog.
package struct FolderError: ReportableError, Sendable, Equatable, CustomStringConvertible {
    /// The folder or file concerned, as the message names it.
    package var path: String
    /// What was refused or failed.
    package var problem: FolderProblem

    /// The error for `problem` with the folder or file at `path`.
    package init(_ path: String, _ problem: FolderProblem) {
        self.path = path
        self.problem = problem
    }

    /// `errno` after a failed call, captured at once (any later call may change it).
    package static func system(_ path: String, _ operation: FolderProblem.FolderOperation, errno code: Int32 = errno) -> FolderError {
        FolderError(path, .system(operation, errno: code))
    }

    /// The message in Chinese.
    package var description: String { formatted(in: .zh) }

    /// `path: 错误: what`, then how to fix it: the shape of every other message the user sees.
    package func formatted(in lang: MessageLanguage) -> String { formatted(in: lang, severity: .error) }

    /// ``formatted(in:)`` with a chosen label. A warning is a problem the command got past (old files left after the new site went live).
    package func formatted(in lang: MessageLanguage, severity: Severity) -> String {
        let (message, hint) = text(in: lang)
        return "\(path): \(severity.label(in: lang)): \(message)\n    " + (lang == .zh ? "修改方法：" : "how to fix: ") + hint
    }

    /// The message and how to fix it, in `lang`.
    package func text(in lang: MessageLanguage) -> (message: String, hint: String) {
        let zh = lang == .zh
        switch problem {
        case .notOurs(let entries, let total, let export):
            let names = entries.joined(separator: zh ? "、" : ", ") + (total > entries.count ? (zh ? " 等" : ", …") : "")
            if export {
                return zh
                    ? ("这个文件夹不是 Showcase 建立的，里面已有 \(total) 项（\(names)），导出可能覆盖其中的同名文件", "用 --out 换一个空的或新的文件夹；如果确实要导出到这里（同名文件会被覆盖），加上 --force")
                    : (
                        "this folder was not made by Showcase and holds \(total == 1 ? "1 entry" : "\(total) entries") (\(names)); exporting could overwrite files of the same name",
                        "pass --out with an empty or new folder; to export into it anyway, overwriting files of the same name, add --force"
                    )
            }
            return zh
                ? ("这个文件夹不是 Showcase 生成的，里面已有 \(total) 项（\(names)），生成网站会删除它们", "用 --output 换一个空的或新的文件夹；如果确实要用生成的网站替换它（其中全部内容将被删除），加上 --force")
                : (
                    "this folder was not made by Showcase and holds \(total == 1 ? "1 entry" : "\(total) entries") (\(names)), which building would delete",
                    "pass --output with an empty or new folder; to replace it with the site, deleting everything in it, add --force"
                )
        case .notAFolder:
            return zh
                ? ("这是一个文件，不是文件夹", "用 --output 指定一个文件夹（可以是还不存在的）")
                : ("this is a file, not a folder", "pass --output with a folder (it may not exist yet)")
        case .symbolicLink(let target):
            return zh
                ? ("这是指向 \(target) 的符号链接，不能通过它替换别处的文件夹", "用 --output 直接写出真正的文件夹路径")
                : (
                    "this is a symbolic link to \(target); a folder elsewhere is never replaced through it",
                    "pass --output with the real folder's path"
                )
        case .filesystemRoot:
            return zh
                ? ("不能把文件系统的根目录当作输出文件夹（即使加了 --force）", "用 --output 指定一个新的文件夹，例如 output")
                : ("the filesystem root cannot be the output folder, even with --force", "pass --output with a new folder, e.g. output")
        case .homeFolder:
            return zh
                ? ("不能把用户主目录或它的上级当作输出文件夹（即使加了 --force）", "用 --output 指定主目录里的一个新文件夹，例如 ~/网站")
                : (
                    "the home folder or a folder above it cannot be the output folder, even with --force",
                    "pass --output with a new folder inside it, e.g. ~/site"
                )
        case .holdsCurrentFolder:
            return zh
                ? ("这是当前所在文件夹的上级，不能当作输出文件夹（即使加了 --force）", "用 --output 指定一个新的文件夹，例如 output")
                : (
                    "this folder holds the current folder and cannot be the output folder, even with --force",
                    "pass --output with a new folder, e.g. output"
                )
        case .mountPoint:
            return zh
                ? ("这是一个挂载点（磁盘、共享文件夹或容器卷），只能往里写，不能整体替换", "用 --output 指定它里面的一个子文件夹，例如 \(path)/site")
                : (
                    "this is a mount point (a disk, a share or a container volume): it can be written into, never replaced",
                    "pass --output with a folder inside it, e.g. \(path)/site"
                )
        case .buildRunning(let lockFile):
            return zh
                ? ("另一个 showcase build 正在生成到这个文件夹（锁文件 \(lockFile)）", "等它结束后再生成；如果确定没有别的生成在运行，再试一次即可（锁会随进程结束自动释放）")
                : (
                    "another showcase build is writing this folder (lock file \(lockFile))",
                    "wait for it to finish; the lock is released when that process ends"
                )
        case .stagingTaken(let output):
            return zh
                ? ("生成时要用这个隐藏文件夹暂存新网站，但它已存在且不是 Showcase 建立的", "把它改名或移走，或用 --output 为 \(output) 换一个名字")
                : (
                    "the build stages the new site in this hidden folder, which exists and was not made by Showcase",
                    "rename or move it, or choose another --output than \(output)"
                )
        case .system(let operation, let code):
            return Self.systemText(operation, code, zh: zh)
        }
    }

    private static func systemText(_ operation: FolderProblem.FolderOperation, _ code: Int32, zh: Bool) -> (String, String) {
        let what: String
        switch operation {
        case .createFolder: what = zh ? "无法建立文件夹" : "cannot create the folder"
        case .writeFile: what = zh ? "无法写入文件" : "cannot write the file"
        case .readFile: what = zh ? "无法读取文件" : "cannot read the file"
        case .replace: what = zh ? "无法用新网站替换输出文件夹" : "cannot put the new site in place of the output folder"
        case .removeOld: what = zh ? "新网站已经生效，但旧网站的文件无法删除" : "the new site is live, but the old site's files could not be deleted"
        case .lock: what = zh ? "无法建立生成锁文件" : "cannot create the build lock file"
        case .list: what = zh ? "无法读取文件夹内容" : "cannot list the folder"
        }
        let reason: String
        let hint: String
        switch code {
        case EACCES, EPERM:
            reason = zh ? "权限不足" : "permission denied"
            hint = zh ? "换一个您有写入权限的文件夹，或请管理员调整权限" : "choose a folder you may write to, or ask an administrator to change its permissions"
        case EROFS:
            reason = zh ? "所在的磁盘是只读的" : "the disk is read-only"
            hint = zh ? "换到可以写入的磁盘上的文件夹" : "choose a folder on a writable disk"
        case ENOSPC, EDQUOT:
            reason = zh ? "磁盘空间不足" : "the disk is full"
            hint = zh ? "清理磁盘空间，或换到空间更大的磁盘，再生成" : "free some space or choose another disk, then build again"
        case EBUSY:
            reason = zh ? "文件夹正被占用（可能是挂载点）" : "the folder is busy (it may be a mount point)"
            hint = zh ? "用 --output 指定它里面的一个子文件夹" : "pass --output with a folder inside it"
        case ENOTDIR:
            reason = zh ? "路径中有一部分是文件而不是文件夹" : "part of the path is a file, not a folder"
            hint = zh ? "检查路径，或换一个文件夹" : "check the path or choose another folder"
        case ENAMETOOLONG:
            reason = zh ? "路径太长" : "the path is too long"
            hint = zh ? "换一个路径较短的文件夹" : "choose a folder with a shorter path"
        default:
            reason = zh ? "系统错误：\(String(cString: strerror(code)))" : String(cString: strerror(code))
            hint = zh ? "检查这个路径和磁盘，再试一次" : "check the path and the disk, then try again"
        }
        if operation == .removeOld {
            return (
                zh ? "\(what)（\(reason)）" : "\(what) (\(reason))",
                zh
                    ? "新网站不受影响；旧文件留在这个文件夹里，请手动删除（可能需要管理员权限）"
                    : "the new site is unaffected; delete this folder by hand (it may need an administrator)"
            )
        }
        return (what + (zh ? "：" : ": ") + reason, hint)
    }
}

extension FolderError {
    /// The same message for a failure Foundation reported: its POSIX code when it carries one
    /// (a `CocoaError` wraps it as the underlying error), so no raw `NSCocoaErrorDomain` text
    /// ever reaches a person.
    package init(foundation error: Error, path: String, operation: FolderProblem.FolderOperation) {
        let ns = error as NSError
        let code = Self.posixCode(of: error)
        let named = (ns.userInfo[NSFilePathErrorKey] as? String) ?? path
        // Foundation's read errors are numbered 256–511 and its write errors 512–767: the
        // error knows better than the caller which of the two failed.
        var operation = operation
        if ns.domain == NSCocoaErrorDomain, (256..<512).contains(ns.code) { operation = .readFile }
        self.init(named, .system(operation, errno: code))
    }

    /// The `errno` behind a Foundation file error: its own or its underlying POSIX code, else the
    /// one its Cocoa code stands for, else `EIO`.
    package static func posixCode(of error: Error) -> Int32 {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(truncatingIfNeeded: ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(truncatingIfNeeded: underlying.code)
        }
        guard ns.domain == NSCocoaErrorDomain else { return EIO }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileReadNoPermission, .fileWriteNoPermission: return EACCES
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteVolumeReadOnly: return EROFS
        case .fileWriteFileExists: return EEXIST
        default: return EIO
        }
    }
}
