import CatalogParsing
import CatalogTestSupport
import Foundation
import Testing

@Suite struct FolderWatcherTests {
    @Test func reportsClosedAndRenamedFilesButNotTemporaryOnes() async throws {
        let directory = TemporaryDirectory()
        let inbox = directory.path("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let watcher = try FolderWatcher(directory: inbox)
        var events = watcher.events().makeAsyncIterator()

        try directory.write("inbox/.hidden.csv", "x")
        try directory.write("inbox/upload.csv.part", "x")
        try directory.write("inbox/written.csv", "x")
        let staged = try directory.write("staging/moved.csv", "x")
        try FileManager.default.moveItem(at: staged, to: inbox.appendingPathComponent("moved.csv"))

        #expect(await events.next() == .fileReady(inbox.appendingPathComponent("written.csv")))
        #expect(await events.next() == .fileReady(inbox.appendingPathComponent("moved.csv")))
    }

    @Test(arguments: [("export.csv", true), (".export.csv", false), ("export.csv.part", false), ("export.tmp", false), ("export.csv~", false), ("x.csv.error.json", false)])
    func candidateNames(name: String, expected: Bool) {
        #expect(FolderWatcher.isCandidate(name) == expected)
    }

    @Test func watchingAMissingDirectoryFailsClearly() {
        #expect(throws: WatchError.self) { try FolderWatcher(directory: URL(fileURLWithPath: "/nonexistent/inbox")) }
    }
}
