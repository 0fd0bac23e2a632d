import CatalogCore
import CatalogInventory
import CatalogMagento
import Foundation

extension Configuration.Shopify {
    init(_ table: ConfigTable, resolve: (String) -> URL, environment: [String: String], secrets: Configuration.Secrets) throws {
        guard let shopURL = try table.string("shop_url"), let url = URL(string: shopURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw table.invalid("shop_url", "set shop_url to the shop's admin address, e.g. https://example.myshopify.com")
        }
        self.shopURL = shopURL
        let token = try table.secret("access_token", resolve: resolve, environment: environment, secrets: secrets)
        guard token.isConfigured else {
            throw table.invalid("access_token_credential", "Shopify needs an Admin API access token: set access_token_credential (systemd credential) or access_token_file")
        }
        accessToken = token.value
        conflictPolicy = try table.enumeration("conflict_policy", default: .queue)
        createMissing = try table.boolean("create_missing") ?? false
        manageHandles = try table.boolean("manage_handles") ?? false
        bulkThreshold = try table.integer("bulk_threshold", in: 2...100_000) ?? 500
        timeout = .seconds(try table.integer("timeout_seconds", in: 1...300) ?? 30)
        try table.rejectUnknownKeys()
    }
}

extension Configuration.Magento {
    /// `[publishing.magento]`: the shop's base URL and either an integration access token or an
    /// admin user whose password comes from a credential or file.
    init(_ table: ConfigTable, resolve: (String) -> URL, environment: [String: String], secrets: Configuration.Secrets) throws {
        guard let base = try table.string("base_url"), let url = URL(string: base), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw table.invalid("base_url", "set base_url to the shop's address, e.g. https://shop.example.com (requests go to BASE/rest/<store>/V1/…)")
        }
        baseURL = base
        let token = try table.secret("access_token", resolve: resolve, environment: environment, secrets: secrets)
        let username = try table.string("admin_username")
        let password = try table.secret("admin_password", resolve: resolve, environment: environment, secrets: secrets)
        switch (token.isConfigured, username, password.isConfigured) {
        case (true, nil, false):
            credentials = token.value.map(MagentoCredentials.integrationToken)
        case (false, let username?, true):
            credentials = password.value.map { .admin(username: username, password: $0) }
        case (true, _, _):
            throw table.invalid("access_token_credential", "use either an integration token (access_token_credential or access_token_file) or an admin user (admin_username with admin_password_credential or admin_password_file), not both")
        default:
            throw table.invalid("access_token_credential", "Magento needs credentials: an integration token (access_token_credential or access_token_file) or admin_username with admin_password_credential or admin_password_file")
        }
        conflictPolicy = try table.enumeration("conflict_policy", default: .queue)
        manageURLKeys = try table.boolean("manage_url_keys") ?? false
        createMissing = try table.boolean("create_missing") ?? false
        attributeSetID = try table.integer("attribute_set_id", in: 1...1_000_000) ?? 4
        bulkThreshold = try table.integer("bulk_threshold", in: 2...100_000) ?? 500
        timeout = .seconds(try table.integer("timeout_seconds", in: 1...300) ?? 30)
        try table.rejectUnknownKeys()
    }
}

extension InventorySource {
    /// One `[[inventory]]` table: the feed's URL (or the folder its files are dropped in), its
    /// format and timing, an optional bearer token (from a credential or file) and
    /// `[inventory.fields]` naming the feed's fields.
    init(_ table: ConfigTable, index: Int, resolve: (String) -> URL, environment: [String: String], secrets: Configuration.Secrets) throws {
        let origin: Origin
        switch (try table.string("url"), try table.string("folder")) {
        case (let url?, nil):
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw table.invalid("url", "set url to the feed's http(s) address")
            }
            origin = .url(url)
        case (nil, let folder?):
            origin = .folder(resolve(folder))
        case (_?, _?):
            throw table.invalid("folder", "set url or folder, not both")
        case (nil, nil):
            throw table.invalid("url", "set url to the feed's http(s) address, or folder to a folder files are dropped in")
        }
        let format: InventoryFormat = try table.enumeration("format", default: .json)
        let fields = try table.table("fields")
        let mapping = InventoryFieldMapping(
            items: try fields.string("items") ?? "",
            sku: try fields.string("sku") ?? "sku",
            quantity: try fields.string("quantity") ?? "quantity",
            location: try fields.string("location") ?? "location",
            updatedAt: try fields.string("updated_at") ?? "updated_at",
            discontinued: try fields.string("discontinued") ?? "discontinued"
        )
        try fields.rejectUnknownKeys()
        let token = try table.secret("token", resolve: resolve, environment: environment, secrets: secrets)
        let defaultInterval: Double = if case .folder = origin { 2 } else { 30 }
        let interval: Double = try table.number("interval_seconds", in: 0.1...86_400) ?? defaultInterval
        let timeout: Double = try table.number("timeout_seconds", in: 0.1...600) ?? 10
        let alertMinutes: Double = try table.number("alert_after_minutes", in: 0...10_080) ?? 15
        let staleMinutes: Double? = try table.number("stale_after_minutes", in: 0...525_600)
        self.init(
            name: try table.string("name") ?? "inventory-\(index + 1)",
            origin: origin,
            format: format,
            mapping: mapping,
            interval: .milliseconds(Int(interval * 1000)),
            timeout: .milliseconds(Int(timeout * 1000)),
            alertAfter: .seconds(60 * alertMinutes),
            staleAfter: staleMinutes.map { .seconds(60 * $0) },
            headers: token.value.map { [("Authorization", "Bearer \($0)")] } ?? []
        )
        try table.rejectUnknownKeys()
    }
}

extension StockTriggers {
    /// `[stock_triggers]`: `low_stock_at`, `back_in_stock_days`, and per trigger
    /// (`out_of_stock`, `back_in_stock`, `low_stock`, `discontinued`) an action name, true/false,
    /// or a table `{ action = "regenerate", priority = "manual" }`.
    init(_ table: ConfigTable) throws {
        self.init()
        outOfStock = try Self.rule(table, "out_of_stock")
        backInStock = try Self.rule(table, "back_in_stock")
        lowStock = try Self.rule(table, "low_stock")
        discontinued = try Self.rule(table, "discontinued")
        let threshold = try table.integer("low_stock_at", in: 0...1_000_000) ?? 3
        lowStockAt = threshold == 0 ? nil : Int64(threshold)
        backInStockFor = 86_400 * (try table.number("back_in_stock_days", in: 0...365) ?? 14)
        try table.rejectUnknownKeys()
    }

    private static func rule(_ table: ConfigTable, _ key: String) throws -> Rule {
        switch table.type(of: key) {
        case nil:
            return Rule()
        case .bool?:
            return try table.boolean(key) == false ? Rule(action: .record) : Rule()
        case .string?:
            return Rule(action: try table.enumeration(key, default: nil))
        default:
            let nested = try table.table(key)
            let priorityName = try nested.string("priority") ?? JobPriority.inventory.name
            guard let priority = JobPriority(name: priorityName) else {
                throw nested.invalid("priority", "'\(priorityName)' is not one of \(JobPriority.allCases.map(\.name).joined(separator: ", "))")
            }
            let rule = Rule(action: try nested.enumeration("action", default: Action.availability), priority: priority)
            try nested.rejectUnknownKeys()
            return rule
        }
    }
}
