package import CatalogCore

/// The `data` shapes of the documents in `ShopifyAPI`, field for field.

struct ShopLocale: Decodable, Sendable {
    let locale: String
    let primary: Bool
    let published: Bool
}

struct ShopLocalesResult: Decodable {
    let shopLocales: [ShopLocale]
}

struct ProductBySKU: Decodable {
    struct Connection: Decodable { let nodes: [Variant] }
    struct Variant: Decodable {
        let sku: String?
        let product: Product
    }
    struct Product: Decodable {
        struct SEO: Decodable {
            let title: String?
            let description: String?
        }
        struct Metafield: Decodable { let value: String }
        let id: String
        let title: String
        let descriptionHtml: String
        let seo: SEO
        let provenance: Metafield?
    }

    let productVariants: Connection
}

struct TranslatableProduct: Decodable {
    struct Resource: Decodable {
        struct Content: Decodable {
            let key: String
            let value: String?
            let digest: String?
            let locale: String
        }
        struct Translation: Decodable {
            let key: String
            let value: String?
            let outdated: Bool
        }
        let resourceId: String
        let translatableContent: [Content]
        let translations: [Translation]
    }

    let translatableResource: Resource?
}

struct UserError: Decodable {
    let field: [String]?
    let message: String
}

struct ProductUpdateResult: Decodable {
    struct Payload: Decodable { let userErrors: [UserError] }
    let productUpdate: Payload?
}

struct TranslationsRegisterResult: Decodable {
    struct Payload: Decodable { let userErrors: [UserError] }
    let translationsRegister: Payload?
}

struct MetafieldsSetResult: Decodable {
    struct Payload: Decodable { let userErrors: [UserError] }
    let metafieldsSet: Payload?
}

struct VariantsBySKU: Decodable {
    struct Connection: Decodable {
        let nodes: [Variant]
        let pageInfo: PageInfo
    }
    struct Variant: Decodable {
        struct Option: Decodable {
            let name: String
            let value: String
        }
        struct Product: Decodable { let handle: String }
        let sku: String?
        let selectedOptions: [Option]
        let product: Product
    }

    let productVariants: Connection
}

struct PageInfo: Decodable {
    let hasNextPage: Bool
    let endCursor: String?
}

struct ProductsUpdatedSince: Decodable {
    struct Connection: Decodable {
        let nodes: [Product]
        let pageInfo: PageInfo
    }
    struct Product: Decodable {
        struct Variants: Decodable {
            struct Variant: Decodable { let sku: String? }
            let nodes: [Variant]
        }
        let id: String
        let title: String
        let descriptionHtml: String
        let updatedAt: String
        let seo: ProductBySKU.Product.SEO
        let variants: Variants
    }

    let products: Connection
}

struct ProductsDeletedSince: Decodable {
    struct Connection: Decodable {
        let nodes: [Event]
        let pageInfo: PageInfo
    }
    struct Event: Decodable {
        let subjectId: String
        let occurredAt: String
    }

    let deletionEvents: Connection
}

struct BulkUserError: Decodable {
    let code: String?
    let field: [String]?
    let message: String
}

struct StageBulkVariablesResult: Decodable {
    struct Payload: Decodable {
        struct Target: Decodable {
            struct Parameter: Decodable {
                let name: String
                let value: String
            }
            let url: String?
            let parameters: [Parameter]
        }
        let stagedTargets: [Target]?
        let userErrors: [UserError]
    }

    let stagedUploadsCreate: Payload?
}

struct RunBulkResult: Decodable {
    struct Payload: Decodable {
        struct Operation: Decodable { let id: String }
        let bulkOperation: Operation?
        let userErrors: [BulkUserError]
    }

    let bulkOperationRunMutation: Payload?
    let bulkOperationRunQuery: Payload?
}

struct BulkStatusResult: Decodable {
    struct Operation: Decodable {
        let id: String
        let status: String
        let errorCode: String?
        let objectCount: String
        let url: String?
        let partialDataUrl: String?
    }

    let currentBulkOperation: Operation?
}

struct ProductSetResult: Decodable {
    struct Payload: Decodable {
        struct Product: Decodable { let id: String }
        let product: Product?
        let userErrors: [UserError]
    }

    let productSet: Payload?
}

/// Reads one answer as the client reads it for a named operation, with no network and no
/// bucket: what the response corpus and the fuzzer drive. The result is one line: `data`,
/// `throttled` (with the wait), `gateway-busy: …` or `failed: …` with the error.
package enum ShopifyAnswerReader {
    /// Each operation the client sends, with the payload its answer decodes to.
    private static let readers: [(operation: String, read: @Sendable (HTTPResponseSpec, String) -> String)] = [
        ("ShopLocales", { describe($0, $1, ShopLocalesResult.self) }),
        ("ProductBySKU", { describe($0, $1, ProductBySKU.self) }),
        ("TranslatableProduct", { describe($0, $1, TranslatableProduct.self) }),
        ("UpdateProductCopy", { describe($0, $1, ProductUpdateResult.self) }),
        ("RegisterTranslations", { describe($0, $1, TranslationsRegisterResult.self) }),
        ("SetProvenance", { describe($0, $1, MetafieldsSetResult.self) }),
        ("ProductsUpdatedSince", { describe($0, $1, ProductsUpdatedSince.self) }),
        ("ProductsDeletedSince", { describe($0, $1, ProductsDeletedSince.self) }),
        ("StageBulkVariables", { describe($0, $1, StageBulkVariablesResult.self) }),
        ("RunBulkMutation", { describe($0, $1, RunBulkResult.self) }),
        ("RunBulkQuery", { describe($0, $1, RunBulkResult.self) }),
        ("BulkStatus", { describe($0, $1, BulkStatusResult.self) }),
        ("CreateProduct", { describe($0, $1, ProductSetResult.self) }),
    ]

    package static var operations: [String] { readers.map(\.operation) }

    package static func read(_ response: HTTPResponseSpec, operation: String) -> String {
        readers.first { $0.operation == operation }?.read(response, operation) ?? "unknown operation \(operation)"
    }

    private static func describe<Payload: Decodable>(_ response: HTTPResponseSpec, _ operation: String, _ type: Payload.Type) -> String {
        switch ShopifyClient.read(response, endpoint: "https://shop.example/admin/api/\(ShopifyAPI.pinnedVersion)/graphql.json", operation: operation, as: type).answer {
        case .data: "data"
        case .throttled(let wait): "throttled " + (wait.map { "\($0) s" } ?? "until the bucket refills")
        case .gatewayBusy(let error): "gateway-busy: \(error)"
        case .failed(let error): "failed: \(error)"
        }
    }
}
