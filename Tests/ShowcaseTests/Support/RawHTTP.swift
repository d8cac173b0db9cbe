import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A bare HTTP/1.1 client over a socket: the request line goes out exactly as written, so the
/// tests can send `/../` and `%2e%2e`, which URLSession and curl tidy away before sending.
struct RawHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    let port: UInt16

    /// Sends one request and reads until the server closes the connection (or `timeout`).
    func get(_ target: String, timeout: Double = 10) throws -> Response {
        let text = try exchange("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", timeout: timeout) { _ in false }
        return Self.parse(text)
    }

    /// Sends a request and reads until `done` says the text so far is enough, or `timeout`.
    func exchange(_ request: String, timeout: Double, until done: (String) -> Bool) throws -> String {
        let fd = try connectSocket(timeout: timeout)
        defer { close(fd) }
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw POSIXError(.EIO) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { if n < 0 && (errno == EAGAIN || errno == EINTR) { continue } else { break } }
            received.append(contentsOf: buffer[0..<n])
            if done(String(decoding: received, as: UTF8.self)) { break }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// An open connection for a stream of server-sent events; `read` returns what arrived.
    final class Stream {
        let fd: Int32
        init(fd: Int32) { self.fd = fd }
        deinit { close(fd) }

        /// Reads until `text` has arrived, or `timeout` passes; returns everything read.
        func read(until text: String, timeout: Double) -> String {
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n == 0 { break }
                if n > 0 { received.append(contentsOf: buffer[0..<n]) }
                if String(decoding: received, as: UTF8.self).contains(text) { break }
            }
            return String(decoding: received, as: UTF8.self)
        }
    }

    func openStream(_ target: String) throws -> Stream {
        let fd = try connectSocket(timeout: 0.2)
        let bytes = Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { close(fd); throw POSIXError(.EIO) }
        return Stream(fd: fd)
    }

    private func connectSocket(timeout: Double) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        return fd
    }

    static func parse(_ text: String) -> Response {
        guard let split = text.range(of: "\r\n\r\n") else { return Response(status: 0, headers: [:], body: text) }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = head.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}
