import ArgumentParser

struct QueueRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Put manual queue entries back in the outbox, due now, with their attempts reset.",
        discussion: "For entries that failed because the shop was down or a credential was wrong, or a conflict where catalogd's copy should win (with conflict_policy = \"overwrite\" or after reverting the edit in the shop). The daemon pushes them on its next round."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Entry numbers (from `queue list`).")
    var ids: [Int64] = []

    @Flag(name: .customLong("all-failed"), help: "Every open entry whose reason is a failed push (\"publish failed …\").")
    var allFailed = false

    private struct Report: Encodable {
        let retried: [Int64]
        let notOpen: [Int64]
    }

    func run() async throws {
        let database = try options.environment().database
        var ids = ids
        if allFailed {
            ids += try await database.manualQueue.entries().filter { $0.state == "open" && $0.reason.hasPrefix("publish failed") }.map(\.id)
        }
        guard !ids.isEmpty else { throw ValidationError("name the entries to retry, or pass --all-failed") }
        var retried: [Int64] = []
        var notOpen: [Int64] = []
        for id in ids {
            if try await database.manualQueue.retryManualEntry(id: id, actor: operatorName) { retried.append(id) } else { notOpen.append(id) }
        }
        let report = Report(retried: retried, notOpen: notOpen)
        try options.emit(report) {
            print("requeued \(report.retried.count) entr\(report.retried.count == 1 ? "y" : "ies") for publishing" + (report.retried.isEmpty ? "" : ": " + report.retried.map { "#\($0)" }.joined(separator: ", ")))
            if !report.notOpen.isEmpty {
                print("not open (already retried, resolved or superseded): " + report.notOpen.map { "#\($0)" }.joined(separator: ", "))
            }
        }
        if !report.notOpen.isEmpty { throw ExitCode(1) }
    }
}
