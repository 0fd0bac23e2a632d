import CatalogCore
import CZlib
public import Foundation
import Glibc

/// A forward-only stream of bytes: how every reader consumes a file, so no export is ever held
/// in memory whole. `read` returns 0 at the end.
public protocol ByteSource {
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Reads a file through its descriptor in large chunks.
public final class FileByteSource: ByteSource {
    private let descriptor: Int32
    public let path: String

    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CatalogError(.fileUnreadable, "cannot open the file: \(String(cString: strerror(errno)))", context: .init(file: (path as NSString).lastPathComponent))
        }
        self.descriptor = fd
        self.path = path
    }

    deinit { close(descriptor) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw CatalogError(.fileUnreadable, "read failed: \(String(cString: strerror(errno)))", context: .init(file: (path as NSString).lastPathComponent))
        }
    }
}

/// Inflates a gzip stream. A file that ends before the gzip trailer is an error, not a short
/// catalog: a truncated `.gz` must never look like a snapshot that removed products.
public final class GzipByteSource<Upstream: ByteSource>: ByteSource {
    private var upstream: Upstream
    private var stream = z_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var finished = false

    public init(_ upstream: Upstream) throws {
        self.upstream = upstream
        self.input = .allocate(byteCount: 256 * 1024, alignment: 8)
        // 15 + 16: a zlib window of 32 KiB, gzip header and trailer expected.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            input.deallocate()
            throw CatalogError(.fileUnreadable, "cannot initialise gzip decompression")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(buffer.count)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 {
                let count = try upstream.read(into: input)
                if count == 0 {
                    throw CatalogError(.truncatedFile, "the gzip stream ends early (truncated download or copy?); no products were read from it")
                }
                stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(count)
            }
            let status = inflate(&stream, Z_NO_FLUSH)
            if status == Z_STREAM_END {
                finished = true
                break
            }
            guard status == Z_OK || status == Z_BUF_ERROR else {
                let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw CatalogError(.truncatedFile, "the gzip data is corrupt: \(reason)")
            }
        }
        return buffer.count - Int(stream.avail_out)
    }
}

/// Lets a reader look at the first bytes (format detection) and then read from the start.
public final class PeekableByteSource<Upstream: ByteSource>: ByteSource {
    private var upstream: Upstream
    private var prefix: [UInt8] = []
    private var prefixOffset = 0

    public init(_ upstream: Upstream) {
        self.upstream = upstream
    }

    /// Up to `count` leading bytes; fewer only when the stream is shorter.
    public func peek(_ count: Int) throws -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while prefix.count < count {
            let read = try chunk.withUnsafeMutableBytes { try upstream.read(into: $0) }
            if read == 0 { break }
            prefix.append(contentsOf: chunk[0..<read])
        }
        return Array(prefix.prefix(count))
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if prefixOffset < prefix.count {
            let count = min(buffer.count, prefix.count - prefixOffset)
            prefix.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + prefixOffset, byteCount: count)
            }
            prefixOffset += count
            if prefixOffset == prefix.count {
                prefix = []
                prefixOffset = 0
            }
            return count
        }
        return try upstream.read(into: buffer)
    }
}

/// An in-memory source, for `Data` already at hand (tests, small feeds fetched over HTTP).
public struct DataByteSource: ByteSource {
    private let data: Data
    private var offset = 0

    public init(_ data: Data) {
        self.data = data
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, data.count - offset)
        guard count > 0 else { return 0 }
        data.copyBytes(to: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), from: offset..<(offset + count))
        offset += count
        return count
    }
}
