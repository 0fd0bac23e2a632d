public import ArgumentParser
public import CatalogCore
import CatalogConfiguration
import CatalogStore
import Foundation

struct ReviewShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one item: why, scores, the SKU's attributes, and the shop's current copy beside the proposal.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The review item's id (from review list).")
    var id: Int64

    @Option(help: "Width of the side-by-side view.")
    var width = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 120

    func run() async throws {
        let detail = try await reviewing { try await options.reviewDesk().detail(id) }
        try options.emit(detail) { print(ReviewText.render(detail, width: width)) }
    }
}

struct ReviewApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve an item: its copy (as edited) is queued for the shop ahead of other work.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The review item's id.")
    var id: Int64

    @Option(name: .customLong("keep-shop"), help: ArgumentHelp("For a conflict with an edit in the shop: keep the shop's value of this field (title, body, meta-title, meta-description; repeat for more). The other fields take catalogd's copy.", valueName: "field"))
    var keepShop: [CopyField] = []

    func run() async throws {
        let desk = try options.reviewDesk()
        let detail = try await reviewing { try await desk.approve(id, by: operatorName, keepShop: Set(keepShop)) }
        try options.emit(detail) { print("#\(id) approved: \(detail.item.sku) [\(detail.item.locale)] is queued for \(desk.target)") }
    }
}

struct ReviewRejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject an item with a note; nothing is published.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The review item's id.")
    var id: Int64

    @Option(help: "Why (kept in the audit log and shown on the item).")
    var note: String

    func run() async throws {
        let detail = try await reviewing { try await options.reviewDesk().reject(id, by: operatorName, note: note) }
        try options.emit(detail) { print("#\(id) rejected: \(note)") }
    }
}

struct ReviewAssignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Assign an item to a person.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The review item's id.")
    var id: Int64

    @Argument(help: "Who takes it.")
    var user: String

    struct Assigned: Encodable {
        let id: Int64
        let assignedTo: String
    }

    func run() async throws {
        try await reviewing { try await options.reviewDesk().assign(id, to: user, by: operatorName) }
        try options.emit(Assigned(id: id, assignedTo: user)) { print("#\(id) assigned to \(user)") }
    }
}

struct ReviewEditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit an item's copy in $EDITOR (or from --from FILE); the guardrail checks the edit before it is kept."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The review item's id.")
    var id: Int64

    @Option(help: "Read the edited document from this file instead of opening $EDITOR.")
    var from: String?

    struct Edited: Encodable {
        let id: Int64
        let legalReview: [String]
    }

    func run() async throws {
        let desk = try options.reviewDesk()
        let detail = try await reviewing { try await desk.detail(id) }
        let document: String
        if let from {
            document = try String(contentsOfFile: from, encoding: .utf8)
        } else {
            document = try Self.editInEditor(EditDocument.render(detail))
        }
        let fields = try await reviewing { try EditDocument.parse(document) }
        let legal = try await reviewing {
            try await desk.edit(id, title: fields.title, metaTitle: fields.metaTitle, metaDescription: fields.metaDescription, bodyHTML: fields.body, by: operatorName)
        }
        try options.emit(Edited(id: id, legalReview: legal)) {
            print("#\(id) edited; approve it with: catalogctl review approve \(id)")
            for rule in legal { print("  still matches a legal-review rule: \(rule)") }
        }
    }

    /// Writes `text` to a temporary file, runs $VISUAL / $EDITOR (vi) on it, reads it back.
    static func editInEditor(_ text: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("catalogd-review-\(UUID().uuidString).txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let environment = ProcessInfo.processInfo.environment
        let editor = environment["VISUAL"] ?? environment["EDITOR"] ?? "vi"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(editor) \"$1\"", "editor", file.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("\(editor) exited with status \(process.terminationStatus); nothing changed") }
        let edited = try String(contentsOf: file, encoding: .utf8)
        guard edited != text else { throw CleanExit.message("no change; nothing saved") }
        return edited
    }
}

extension CopyField: ExpressibleByArgument {}
