import Foundation

/// Splits a byte stream into lines (LF or CRLF) without holding more than one chunk and one
/// partial line, for the line-oriented formats (Akeneo JSONL).
public struct LineReader<Source: ByteSource> {
    private var source: Source
    private let chunk: UnsafeMutableRawBufferPointer
    private var pending: [UInt8] = []
    private var chunkStart = 0
    private var chunkEnd = 0
    private var finished = false
    private(set) var lineNumber = 0

    public init(_ source: Source, chunkSize: Int = 1 << 20) {
        self.source = source
        self.chunk = .allocate(byteCount: chunkSize, alignment: 16)
    }

    public func deallocate() { chunk.deallocate() }

    /// Calls `body` with each line's bytes (without the line break) and its 1-based number.
    public mutating func forEachLine(_ body: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        while true {
            if chunkStart == chunkEnd {
                if finished { break }
                chunkEnd = try source.read(into: chunk)
                chunkStart = 0
                if chunkEnd == 0 {
                    finished = true
                    if !pending.isEmpty {
                        lineNumber += 1
                        try emit(pending[...], body)
                        pending.removeAll()
                    }
                    break
                }
            }
            let base = chunk.baseAddress!
            let remaining = chunkEnd - chunkStart
            if let found = memchr(base + chunkStart, 0x0A, remaining) {
                let end = base.distance(to: UnsafeMutableRawPointer(found))
                lineNumber += 1
                if pending.isEmpty {
                    try emit(UnsafeRawBufferPointer(start: base + chunkStart, count: end - chunkStart), body)
                } else {
                    pending.append(contentsOf: UnsafeRawBufferPointer(start: base + chunkStart, count: end - chunkStart))
                    try emit(pending[...], body)
                    pending.removeAll(keepingCapacity: true)
                }
                chunkStart = end + 1
            } else {
                pending.append(contentsOf: UnsafeRawBufferPointer(start: base + chunkStart, count: remaining))
                chunkStart = chunkEnd
            }
        }
    }

    private func emit(_ line: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        var line = line
        if line.last == 0x0D { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        try body(line, lineNumber)
    }

    private func emit(_ line: ArraySlice<UInt8>, _ body: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        try line.withUnsafeBytes { try emit($0, body) }
    }
}
