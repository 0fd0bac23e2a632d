import ArgumentParser
import CatalogStore

struct QueueShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one manual queue entry: why it is there, its push history and the copy.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The entry's number (from `queue list`).")
    var id: Int64

    func run() async throws {
        guard let detail = try await options.environment().database.manualQueue.manualQueueDetail(id: id) else {
            throw ValidationError("manual queue entry #\(id) does not exist")
        }
        try options.emit(detail) {
            let entry = detail.entry
            print("#\(entry.id)  \(entry.copy.sku)  \(entry.copy.locale)  → \(entry.target)  [\(entry.state)]")
            print("queued:    \(entry.createdAt.shortTimestamp)" + (detail.exportedAt.map { "   exported: \($0.shortTimestamp)" } ?? ""))
            print("reason:    \(entry.reason)")
            print("attempts:  \(detail.attempts)" + (detail.lastError.map { "   last error: \($0)" } ?? ""))
            print("generator: \(entry.copy.generator.name)@\(entry.copy.generator.version)   key: \(detail.idempotencyKey)")
            print("")
            print("title:            \(entry.copy.title)")
            print("meta title:       \(entry.copy.metaTitle)")
            print("meta description: \(entry.copy.metaDescription)")
            print("body:")
            print(entry.copy.bodyHTML)
            print("")
            print("next: `catalogctl queue retry \(entry.id)` to push it again, or `catalogctl queue resolve \(entry.id)` once it is in the shop")
        }
    }
}
