import ArgumentParser
import CatalogCore
import CatalogConfiguration
import CatalogConnections

struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Show, per SKU and field, what publishing the waiting copy would change in the shop.",
        discussion: "Reads the configured shop (with the daemon's credentials: run it as the catalogd user or root) and writes nothing. Only --dry-run exists: the daemon does the publishing, and `catalogctl queue retry` puts manual queue entries back in its outbox."
    )

    @OptionGroup var options: GlobalOptions

    @Flag(name: .customLong("dry-run"), help: "Required: read the shop, change nothing.")
    var dryRun = false

    @Argument(help: "SKUs to look at (default: everything waiting in the outbox).")
    var skus: [String] = []

    func run() async throws {
        guard dryRun else { throw ValidationError("catalogctl push only previews (--dry-run); the daemon publishes") }
        let skus = try self.skus.map { raw -> SKU in
            guard let sku = SKU(raw) else { throw ValidationError("'\(raw)' is not a valid SKU") }
            return sku
        }
        let environment = try options.environment(secrets: .read)
        let previews = try await PushPreview.run(configuration: environment.configuration, database: environment.database, skus: skus.isEmpty ? nil : skus)
        try options.emit(previews) {
            for preview in previews {
                let scope = preview.scope.map { " [\($0)]" } ?? ""
                print("\(preview.sku) \(preview.locale) → \(preview.target)\(scope): \(preview.action.rawValue)" + (preview.reason.map { " (\($0))" } ?? ""))
                for change in preview.changes {
                    print("  \(change.field):")
                    print("    - \(Self.clip(change.current))")
                    print("    + \(Self.clip(change.proposed))")
                }
            }
            if previews.isEmpty { print("nothing is waiting to be published" + (skus.isEmpty ? "" : " for these SKUs")) }
        }
    }

    static func clip(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 160 ? String(flat.prefix(157)) + "…" : (flat.isEmpty ? "(empty)" : flat)
    }
}
