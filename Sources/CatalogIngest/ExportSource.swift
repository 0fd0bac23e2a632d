import CatalogCore
import CatalogParsing
import Foundation

/// An export file opened for reading: decompressed when it is gzip (recognised by its magic
/// bytes, not its name), with its first bytes available for format detection.
struct ExportSource {
    let bytes: PeekableByteSource<AnyByteSource>

    static func open(_ url: URL) throws -> ExportSource {
        let file = PeekableByteSource(AnyByteSource(try FileByteSource(path: url.path)))
        let magic = try file.peek(2)
        if magic == [0x1F, 0x8B] {
            return ExportSource(bytes: PeekableByteSource(AnyByteSource(try GzipByteSource(file))))
        }
        return ExportSource(bytes: file)
    }

    func detectFormat(folder: WatchedFolder) throws -> ExportFormat {
        let prefix = try bytes.peek(16 * 1024)
        guard !prefix.isEmpty else {
            throw CatalogError(.emptyFile, "the file is empty; expected an Akeneo CSV or JSON export, a BMEcat catalog or a Google Merchant feed")
        }
        guard let format = ExportFormat.detect(prefix, csvIdentifierColumn: folder.csv.identifierColumn, delimiter: folder.csv.delimiter) else {
            throw CatalogError(
                .unsupportedFormat,
                "cannot tell the format from the content; expected an Akeneo CSV export with a '\(folder.csv.identifierColumn)' column, Akeneo JSON lines, a BMEcat catalog or a Google Merchant feed (RSS, Atom or JSON)"
            )
        }
        return format
    }
}

/// Type erasure so the chain of sources (file → gzip → peek) has one concrete type.
final class AnyByteSource: ByteSource {
    private let readBody: (UnsafeMutableRawBufferPointer) throws -> Int

    init<Source: ByteSource>(_ source: Source) {
        var source = source
        readBody = { try source.read(into: $0) }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try readBody(buffer)
    }
}
