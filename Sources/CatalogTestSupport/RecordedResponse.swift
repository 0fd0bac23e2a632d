public import CatalogCore
public import Foundation

/// An HTTP answer kept as a file in the response corpus (Tests/Fixtures/responses), in the
/// form `HTTPResponseSpec(recorded:)` reads; the body may be cut short, not UTF-8, or not JSON
/// at all (that is the point).
///
///     HTTP/1.1 200 OK
///     Content-Type: application/json
///
///     {"data": …}
public enum RecordedResponse {
    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func read(_ url: URL) throws -> HTTPResponseSpec {
        try parse(Array(try Data(contentsOf: url)), name: url.lastPathComponent)
    }

    public static func parse(_ bytes: [UInt8], name: String) throws -> HTTPResponseSpec {
        guard let response = HTTPResponseSpec(recorded: bytes) else {
            throw FormatError(description: "\(name): not a status line, header lines and a blank line before the body")
        }
        return response
    }

    /// Every `.http` file in a corpus folder, by name.
    public static func corpus(_ folder: URL) throws -> [String: HTTPResponseSpec] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".http") }
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try read(folder.appendingPathComponent($0))) })
    }
}

/// The checked-in response corpus: for one API, every recorded answer and the exact line its
/// reader must turn it into.
public enum ResponseCorpus {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Fixtures/responses")

    /// What differs between `expected` (file name → reading) and what `read` makes of the
    /// files in `Tests/Fixtures/responses/<api>`, one line per difference; a file without an
    /// expectation, or an expectation without a file, is a difference too.
    public static func differences(api: String, expected: [String: String], read: (_ file: String, HTTPResponseSpec) -> String) throws -> [String] {
        let responses = try RecordedResponse.corpus(root.appendingPathComponent(api))
        var differences: [String] = []
        for name in Set(responses.keys).union(expected.keys).sorted() {
            guard let response = responses[name] else {
                differences.append("\(api)/\(name): expected but no such file")
                continue
            }
            guard let want = expected[name] else {
                differences.append("\(api)/\(name): no expectation; it reads as \(read(name, response))")
                continue
            }
            let got = read(name, response)
            if got != want { differences.append("\(api)/\(name):\n  expected \(want)\n  got      \(got)") }
        }
        return differences
    }
}
