import ArgumentParser
import Content
import Destination
import Diagnostics
import Foundation

/// The one path from any error a command meets to what the person reads and the exit status.
///
/// Every domain's error says itself in both languages (``ReportableError``, in Diagnostics):
/// the sources' problems (content, templates, the build's own) with file, line and column, a
/// folder refused or failed, an export or a report that could not be made, an option with a
/// bad value. What is left is Foundation's own errors, which carry its English text and domain
/// codes: they are said as a failed write of the folder the command was writing. Every failure
/// exits with the status its error names (1 today); argument-parser's own errors (usage,
/// `--help`) pass through to it untouched.
enum CommandFailure {
    /// The error a person reads for `error`, or nil for argument-parser's own errors. `writing`
    /// is the folder the command writes, named when a Foundation error carries no path of its own.
    static func reportable(_ error: Error, writing path: String?) -> ReportableError? {
        switch error {
        case is ExitCode, is CleanExit, is ValidationError:
            return nil
        case let error as ReportableError:
            return error
        default:
            return FolderError(foundation: error, path: path ?? FileManager.default.currentDirectoryPath, operation: .writeFile)
        }
    }

    /// Prints the message for `error` (and `trailer`, when given) on standard error and returns
    /// the error the command ends with: its exit status.
    static func report(_ error: Error, in lang: MessageLanguage, writing path: String?, trailer: String?) -> Error {
        guard let reportable = reportable(error, writing: path) else { return error }
        let text = reportable.formatted(in: lang)
        FileHandle.standardError.write(Data((text + "\n" + (trailer.map { $0 + "\n" } ?? "")).utf8))
        return ExitCode(reportable.exitStatus)
    }
}

extension SiteOptions {
    /// Runs a step of a command; an error it throws is printed the one way (``CommandFailure``)
    /// in `--lang`, followed by `trailer`, and ends the command with status 1.
    func running<T>(writing path: String? = nil, trailer: String? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw CommandFailure.report(error, in: lang, writing: path, trailer: trailer)
        }
    }

    /// ``running(writing:trailer:_:)`` for asynchronous work.
    func running<T>(writing path: String? = nil, trailer: String? = nil, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw CommandFailure.report(error, in: lang, writing: path, trailer: trailer)
        }
    }
}
