public import ArgumentParser
public import CatalogStore

extension ManualResolution: ExpressibleByArgument {}

struct QueueResolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Close a manual queue entry a person has dealt with.",
        discussion: "--as published-by-hand (the default): the copy is in the shop now, imported from the export or typed in; catalogd treats it as what it last pushed, so the next change is not mistaken for a person's edit. --as dismissed: the copy is not wanted and is not published."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The entry's number (from `queue list`).")
    var id: Int64

    @Option(name: .customLong("as"), help: "published-by-hand or dismissed.")
    var resolution: ManualResolution = .publishedByHand

    @Option(help: "A note for the audit log.")
    var note: String?

    private struct Report: Encodable {
        let id: Int64
        let resolution: ManualResolution
    }

    func run() async throws {
        let database = try options.environment().database
        guard try await database.manualQueue.resolveManualEntry(id: id, as: resolution, note: note, actor: operatorName) else {
            throw ValidationError("manual queue entry #\(id) is not open (see `catalogctl queue show \(id)`)")
        }
        try options.emit(Report(id: id, resolution: resolution)) { print("resolved #\(id) as \(resolution.rawValue)") }
    }
}
