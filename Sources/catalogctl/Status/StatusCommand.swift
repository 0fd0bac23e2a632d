import ArgumentParser
import CatalogStore

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show products, imports, jobs and queues at a glance.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let environment = try options.environment()
        let status = try await environment.database.status()
        try options.emit(status) {
            func counts(_ values: [String: Int]) -> String {
                values.isEmpty ? "none" : values.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            }
            print("state:           \(environment.configuration.stateDirectory.path)")
            print("products:        \(status.products) live, \(status.removedProducts) removed")
            print("imports:         \(counts(status.imports))")
            print("generation jobs: \(counts(status.generationJobs))")
            print("outbox:          \(counts(status.outbox))")
            print("manual queue:    \(status.manualQueueOpen) open")
            print("review queue:    \(status.reviewOpen) open")
            print("translations:    \(status.translationsQueued) queued for a later attempt")
            if let last = status.lastImport {
                let detail = last.summary.map(\.description) ?? last.error.map(\.description) ?? ""
                print("last import:     #\(last.id) \(last.fileName) \(last.state) \(detail)")
            }
        }
    }
}
