import Foundation
import Testing

/// The fuzzing corpus (Tests/Fixtures/fuzz/<target>/: seeds and every finding of
/// scripts/fuzz.sh; the response targets also start from Tests/Fixtures/responses) replayed through the readers by `catalog-fuzz replay`, the same check the
/// fuzzer makes: no crash, and every failure a reported error. The short libFuzzer run itself is
/// in `.ci/run`.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test func everyCorpusInputIsReadOrReported() async throws {
        let (status, output) = try await Executables.run("catalog-fuzz", ["replay", Self.corpus.path])
        #expect(status == 0, "\(output)")
        let replayed = output.split(separator: "\n").last { $0.hasPrefix("replayed ") }
        let count = replayed.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
        #expect(count >= 90, "\(output)")
        // Every target has inputs.
        #expect(!output.contains(": 0 inputs"), "\(output)")
    }
}
