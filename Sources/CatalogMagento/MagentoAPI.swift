public import CatalogCore
public import Foundation

/// The Magento REST surface catalogd is locked to. The schema subset and its provenance are in
/// `adapters/magento/`; the contract test checks every body this module builds against it.
public enum MagentoAPI {
    public static let pinnedVersion = "2.4.8"
    public static let endOfSupport = Date(timeIntervalSince1970: 1_839_024_000) // 2028-04-11T00:00:00Z

    /// The store code that writes at the global (admin, store id 0) scope. A write through
    /// `/rest/V1/…` or `/rest/default/…` lands on the *default store view* instead, creating
    /// store-view overrides that then hide every later global change: catalogd never uses it.
    public static let globalScope = "all"

    /// Copy fields as Magento attribute codes. `name` is a top-level product field; the rest
    /// travel as `custom_attributes`.
    public enum Attribute {
        public static let description = "description"
        public static let metaTitle = "meta_title"
        public static let metaDescription = "meta_description"
        public static let urlKey = "url_key"
        /// An experiment's variant B copy, as JSON (a custom text attribute the shop creates).
        public static let variantB = "catalogd_variant_b"
    }

    /// Paths relative to `/rest/<store code>/`.
    enum Route {
        static let adminToken = "V1/integration/admin/token"
        static let storeViews = "V1/store/storeViews"
        static let storeConfigs = "V1/store/storeConfigs"
        static let products = "V1/products"
        static let bulkProducts = "async/bulk/V1/products/bySku"

        static func product(_ sku: String) -> String { "V1/products/\(MagentoClient.escape(sku))" }
        static func bulkStatus(_ uuid: String) -> String { "V1/bulk/\(MagentoClient.escape(uuid))/detailed-status" }

        /// Every request the adapter sends, with sample values, for the contract test.
        static let all: [(method: String, path: String)] = [
            ("POST", adminToken), ("GET", storeViews), ("GET", storeConfigs), ("GET", products), ("POST", products),
            ("GET", product("SKU-1")), ("PUT", product("SKU-1")), ("PUT", bulkProducts), ("GET", bulkStatus("0f3c")),
        ]
    }

    static func adminTokenBody(username: String, password: String) -> JSON {
        .object(["username": .string(username), "password": .string(password)])
    }

    /// Magento's message for a url_key another product already uses in that store.
    public static let urlKeyTaken = "URL key for specified store already exists."
}

/// Bulk operation states as `GET /V1/bulk/:uuid/detailed-status` reports them.
public enum BulkOperationStatus: Int, Sendable, Codable {
    case complete = 1
    /// Failed, but the same request may succeed later.
    case retriablyFailed = 2
    /// Failed; something must change before it can succeed.
    case failed = 3
    case open = 4
    case rejected = 5
}

/// Renders Magento's error bodies: `message` with `%1`… placeholders filled from a
/// `parameters` list, or `%name` placeholders from a `parameters` object.
public enum MagentoMessage {
    /// One pass over `message`: each `%` followed by a parameter's name (`1`, `2`… for a list)
    /// takes that parameter's value, and substituted text is never scanned again, so a
    /// parameter that itself contains `%1` cannot make the message grow without bound.
    public static func render(_ message: String, parameters: JSON?) -> String {
        let values: [String: JSON]
        switch parameters {
        case .array(let list)?: values = Dictionary(uniqueKeysWithValues: list.enumerated().map { ("\($0.offset + 1)", $0.element) })
        case .object(let named)?: values = named
        default: return message
        }
        // Longest name first, as Magento's own substitution does: %10 before %1.
        let names = values.keys.sorted { $0.count > $1.count }
        var text = ""
        var rest = Substring(message)
        while let percent = rest.firstIndex(of: "%") {
            text += rest[..<percent]
            let after = rest[rest.index(after: percent)...]
            if let name = names.first(where: { after.hasPrefix($0) }), let value = values[name] {
                text += value.text
                rest = after.dropFirst(name.count)
            } else {
                text += "%"
                rest = after
            }
        }
        return text + rest
    }
}

extension JSON {
    /// A scalar as Magento prints it in messages.
    var text: String {
        switch self {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .string(let value): value
        case .array, .object: ""
        }
    }

    var objects: [JSON] { array ?? [] }
}
