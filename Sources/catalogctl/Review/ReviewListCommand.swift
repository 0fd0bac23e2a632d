import ArgumentParser
import CatalogCore
import CatalogStore
import Foundation

struct ReviewListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List open review items.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only this reason: \(ReviewReason.allCases.map(\.rawValue).joined(separator: ", ")).")
    var reason: String?

    @Option(help: "Only this locale.")
    var locale: String?

    func run() async throws {
        if let reason, ReviewReason(rawValue: reason) == nil {
            throw ValidationError("--reason must be one of \(ReviewReason.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let normalized = try locale.map { raw -> String in
            guard let code = LocaleCode(raw) else { throw ValidationError("'\(raw)' is not a locale") }
            return code.identifier
        }
        let desk = try options.reviewDesk()
        let items = try await desk.list(reason: reason, locale: normalized)
        let holds = await reason == nil ? try desk.heldImports() : []
        try options.emit(items) {
            if items.isEmpty && holds.isEmpty { print("nothing to review") }
            for hold in holds {
                print("import #\(hold.id)  held  \(hold.source)  \(hold.fileName)")
                print("      why: \(hold.heldReason ?? "mass-deletion guard")")
                print("      decide: catalogctl imports approve \(hold.id) | catalogctl imports reject \(hold.id) --note …")
            }
            for item in items {
                let confidence = item.scores["confidence"].map { String(format: "%.2f", $0) } ?? "-"
                print("#\(item.id)  \(item.sku) [\(item.locale)]  \(item.reason)  confidence \(confidence)  \(item.title ?? "")")
                print("      why: \(item.why)")
                if !item.suggestedEdits.isEmpty { print("      suggested: \(item.suggestedEdits.joined(separator: "; "))") }
            }
        }
    }
}
