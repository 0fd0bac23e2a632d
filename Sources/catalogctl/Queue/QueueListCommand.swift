import ArgumentParser

struct QueueListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List manual queue entries with the reason each is there.")

    @OptionGroup var options: GlobalOptions

    @Flag(name: .customLong("open-only"), help: "Hide entries that were already exported.")
    var openOnly = false

    func run() async throws {
        let entries = try await options.environment().database.manualQueue.entries(includeExported: !openOnly)
        try options.emit(entries) {
            for entry in entries {
                print("#\(entry.id)\t\(entry.copy.sku)\t\(entry.copy.locale)\t\(entry.target)\t\(entry.state)\t\(entry.reason)")
            }
            if entries.isEmpty { print("manual queue is empty") }
        }
    }
}
