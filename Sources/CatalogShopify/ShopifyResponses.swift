public import CatalogCore

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
    package static let operations = [
        "ShopLocales", "ProductBySKU", "TranslatableProduct", "UpdateProductCopy", "RegisterTranslations", "SetProvenance",
        "ProductsUpdatedSince", "ProductsDeletedSince", "StageBulkVariables", "RunBulkMutation", "RunBulkQuery", "BulkStatus",
        "CreateProduct",
    ]

    package static func read(_ response: HTTPResponseSpec, operation: String) -> String {
        switch operation {
        case "ShopLocales": describe(response, operation, ShopLocalesResult.self)
        case "ProductBySKU": describe(response, operation, ProductBySKU.self)
        case "TranslatableProduct": describe(response, operation, TranslatableProduct.self)
        case "UpdateProductCopy": describe(response, operation, ProductUpdateResult.self)
        case "RegisterTranslations": describe(response, operation, TranslationsRegisterResult.self)
        case "SetProvenance": describe(response, operation, MetafieldsSetResult.self)
        case "ProductsUpdatedSince": describe(response, operation, ProductsUpdatedSince.self)
        case "ProductsDeletedSince": describe(response, operation, ProductsDeletedSince.self)
        case "StageBulkVariables": describe(response, operation, StageBulkVariablesResult.self)
        case "RunBulkMutation", "RunBulkQuery": describe(response, operation, RunBulkResult.self)
        case "BulkStatus": describe(response, operation, BulkStatusResult.self)
        case "CreateProduct": describe(response, operation, ProductSetResult.self)
        default: "unknown operation \(operation)"
        }
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
