public import Foundation
import Glibc

/// Watches one directory with inotify and reports files that are complete: closed after writing
/// (`cp`, an editor, an SFTP upload) or renamed into place (`mv`, an atomic writer).
///
/// Dotfiles and temporary names (`.part`, `.tmp`, `.swp`, `~`) are never reported: writers use
/// them precisely so that half-written files are not picked up.
///
/// `@unchecked Sendable`: the stored properties are immutable and the dispatch source's methods
/// are thread-safe, but Dispatch's types are not annotated as Sendable on Linux.
public final class FolderWatcher: @unchecked Sendable {
    public enum Event: Hashable, Sendable {
        case fileReady(URL)
        /// The kernel dropped events; the directory must be rescanned.
        case overflow
    }

    public let directory: URL
    private let descriptor: Int32
    private let source: any DispatchSourceRead

    private static let closeWrite: UInt32 = 0x0000_0008
    private static let movedTo: UInt32 = 0x0000_0080
    private static let queueOverflow: UInt32 = 0x0000_4000
    private static let nonBlocking: Int32 = 0o4000
    private static let closeOnExec: Int32 = 0o2000000

    /// Arms the watch immediately, so nothing dropped after `init` returns is missed.
    public init(directory: URL) throws {
        self.directory = directory
        let fd = inotify_init1(Self.nonBlocking | Self.closeOnExec)
        guard fd >= 0 else { throw WatchError(directory: directory, call: "inotify_init1", errno: errno) }
        guard inotify_add_watch(fd, directory.path, Self.closeWrite | Self.movedTo) >= 0 else {
            let code = errno
            close(fd)
            throw WatchError(directory: directory, call: "inotify_add_watch", errno: code)
        }
        self.descriptor = fd
        self.source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: DispatchQueue(label: "catalogd.watch"))
    }

    /// The events, until the stream's consumer goes away; then the descriptor is closed.
    public func events() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .unbounded)
        let fd = descriptor
        let directory = directory
        source.setEventHandler {
            for event in Self.drain(fd, directory: directory) { continuation.yield(event) }
        }
        source.setCancelHandler { close(fd) }
        continuation.onTermination = { _ in self.source.cancel() }
        source.resume()
        return stream
    }

    /// Whether a writer could still be working on a file of this name.
    public static func isCandidate(_ name: String) -> Bool {
        guard !name.hasPrefix("."), !name.hasSuffix("~"), !name.hasSuffix(".error.json") else { return false }
        let ignoredExtensions: Set<String> = ["part", "tmp", "swp", "crdownload", "partial"]
        return !ignoredExtensions.contains((name as NSString).pathExtension.lowercased())
    }

    private static func drain(_ fd: Int32, directory: URL) -> [Event] {
        var events: [Event] = []
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer, capacity)
            guard count > 0 else { break }
            var offset = 0
            // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[len]; }
            while offset + 16 <= count {
                let mask = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                if mask & queueOverflow != 0 {
                    events.append(.overflow)
                } else if length > 0 {
                    let namePointer = (buffer + offset + 16).assumingMemoryBound(to: CChar.self)
                    let name = String(cString: namePointer)
                    if isCandidate(name) { events.append(.fileReady(directory.appendingPathComponent(name))) }
                }
                offset += 16 + length
            }
        }
        return events
    }
}

public struct WatchError: Error, CustomStringConvertible {
    public let directory: URL
    public let call: String
    public let errno: Int32

    public var description: String {
        "cannot watch \(directory.path): \(call) failed: \(String(cString: strerror(errno)))"
    }
}
