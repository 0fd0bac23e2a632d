import ArgumentParser
import CatalogCore

struct RegenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regenerate",
        abstract: "Queue SKUs for new copy at the highest priority, ahead of imports and bulk work."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The SKUs to regenerate.")
    var skus: [String]

    struct Result: Encodable {
        let queued: Int
        let skus: [String]
    }

    func run() async throws {
        let parsed = try skus.map { raw -> SKU in
            guard let sku = SKU(raw) else { throw ValidationError("SKU must not be empty") }
            return sku
        }
        guard !parsed.isEmpty else { throw ValidationError("name at least one SKU") }
        let database = try options.environment().database
        var unknown: [SKU] = []
        for sku in parsed where try await database.catalog.productDetail(sku) == nil { unknown.append(sku) }
        guard unknown.isEmpty else {
            throw ValidationError("no product with SKU \(unknown.map { "'\($0)'" }.joined(separator: ", "))")
        }
        let queued = try await database.generationQueue.requestRegeneration(parsed)
        try await database.recordAudit(actor: operatorName, action: "regenerate", subject: parsed.map(\.rawValue).joined(separator: ","))
        try options.emit(Result(queued: queued, skus: parsed.map(\.rawValue))) {
            print("queued \(queued) SKU(s) for regeneration at manual priority; the daemon picks them up next")
        }
    }
}
