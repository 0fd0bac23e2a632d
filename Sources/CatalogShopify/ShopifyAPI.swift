public import struct Foundation.Date

/// The Admin GraphQL API version this adapter is written and tested against, and every document
/// it can send. `adapters/shopify/version-lock.json` records the same version with the pinned
/// schema's hash; the contract test checks the two agree and validates each document here
/// against that schema.
public enum ShopifyAPI {
    public static let pinnedVersion = "2026-10"
    /// Shopify supports a stable version for at least twelve months after its release.
    public static let endOfSupport = Date(timeIntervalSince1970: 1_822_348_800) // 2027-10-01T00:00:00Z
    /// Where catalogd keeps its provenance metafields on each product.
    public static let metafieldNamespace = "catalogd"

    /// Finds the product that owns a variant SKU, with the copy fields the drift check compares
    /// and catalogd's provenance metafield for one locale. `first: 2` so a SKU shared by two
    /// products is noticed rather than silently resolved.
    /// The product handle and option values of the variants with these SKUs (`sku:"A" OR
    /// sku:"B"`): what a product CSV row needs to update the product rather than create one.
    public static let variantsBySKU = """
        query VariantsBySKU($query: String!, $after: String) {
          productVariants(first: 100, after: $after, query: $query) {
            nodes {
              sku
              selectedOptions { name value }
              product { handle }
            }
            pageInfo { hasNextPage endCursor }
          }
        }
        """

    public static let productBySKU = """
        query ProductBySKU($query: String!, $namespace: String!, $key: String!) {
          productVariants(first: 2, query: $query) {
            nodes {
              sku
              product {
                id
                title
                descriptionHtml
                seo { title description }
                provenance: metafield(namespace: $namespace, key: $key) { value }
              }
            }
          }
        }
        """

    public static let shopLocales = """
        query ShopLocales {
          shopLocales { locale primary published }
        }
        """

    /// The source digests translationsRegister needs, and the current translations the drift
    /// check compares.
    public static let translatableProduct = """
        query TranslatableProduct($resourceId: ID!, $locale: String!) {
          translatableResource(resourceId: $resourceId) {
            resourceId
            translatableContent { key value digest locale }
            translations(locale: $locale) { key value outdated }
          }
        }
        """

    public static let productUpdate = """
        mutation UpdateProductCopy($product: ProductUpdateInput!) {
          productUpdate(product: $product) {
            product { id title descriptionHtml seo { title description } }
            userErrors { field message }
          }
        }
        """

    public static let translationsRegister = """
        mutation RegisterTranslations($resourceId: ID!, $translations: [TranslationInput!]!) {
          translationsRegister(resourceId: $resourceId, translations: $translations) {
            translations { key locale }
            userErrors { field message code }
          }
        }
        """

    public static let metafieldsSet = """
        mutation SetProvenance($metafields: [MetafieldsSetInput!]!) {
          metafieldsSet(metafields: $metafields) {
            metafields { key }
            userErrors { field message code elementIndex }
          }
        }
        """

    /// Every document the adapter sends, for the contract test.
    /// Drift polling: products changed since a time, oldest change first, with the SKUs and
    /// the primary-locale copy (to tell a person's edit from catalogd's own push). Requested
    /// cost 2 + 50 × (1 + 1 + 2 + 10) = 702, under the 1,000-point single-query limit.
    public static let productsUpdatedSince = """
        query ProductsUpdatedSince($query: String!, $after: String) {
          products(first: 50, after: $after, query: $query, sortKey: UPDATED_AT) {
            nodes {
              id
              title
              descriptionHtml
              updatedAt
              seo { title description }
              variants(first: 10) { nodes { sku } }
            }
            pageInfo { hasNextPage endCursor }
          }
        }
        """

    /// Drift polling: products deleted since a time.
    public static let productsDeletedSince = """
        query ProductsDeletedSince($query: String!, $after: String) {
          deletionEvents(first: 250, after: $after, query: $query, subjectTypes: [PRODUCT], sortKey: CREATED_AT) {
            nodes { subjectId occurredAt }
            pageInfo { hasNextPage endCursor }
          }
        }
        """

    /// Creates a missing product (only with `create_missing`): a draft with one variant
    /// carrying the SKU, the primary locale's copy and its provenance.
    public static let createProduct = """
        mutation CreateProduct($input: ProductSetInput!) {
          productSet(input: $input, synchronous: true) {
            product { id }
            userErrors { field message }
          }
        }
        """

    // MARK: bulk operations

    public static let stageBulkVariables = """
        mutation StageBulkVariables($input: [StagedUploadInput!]!) {
          stagedUploadsCreate(input: $input) {
            stagedTargets { url resourceUrl parameters { name value } }
            userErrors { field message }
          }
        }
        """

    public static let runBulkMutation = """
        mutation RunBulkMutation($mutation: String!, $path: String!) {
          bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $path) {
            bulkOperation { id status }
            userErrors { code field message }
          }
        }
        """

    public static let runBulkQuery = """
        mutation RunBulkQuery($query: String!) {
          bulkOperationRunQuery(query: $query) {
            bulkOperation { id status }
            userErrors { code field message }
          }
        }
        """

    public static let bulkStatus = """
        query BulkStatus($type: BulkOperationType!) {
          currentBulkOperation(type: $type) { id status errorCode objectCount url partialDataUrl }
        }
        """

    /// Run once per line of the staged JSONL (each line: `{"product": ProductUpdateInput}`).
    public static let bulkProductUpdate = """
        mutation BulkProductUpdate($product: ProductUpdateInput!) {
          productUpdate(product: $product) { product { id } userErrors { field message } }
        }
        """

    /// The export a bulk publish compares against: every product's primary-locale copy, its
    /// provenance for `key`, and its variants' SKUs (nested lines with `__parentId`).
    public static func bulkProductExport(provenanceKey key: String) -> String {
        """
        {
          products {
            edges {
              node {
                id
                title
                descriptionHtml
                seo { title description }
                provenance: metafield(namespace: "\(metafieldNamespace)", key: "\(key)") { value }
                variants { edges { node { sku } } }
              }
            }
          }
        }
        """
    }

    public static let documents: [String: String] = [
        "CreateProduct": createProduct,
        "StageBulkVariables": stageBulkVariables,
        "RunBulkMutation": runBulkMutation,
        "RunBulkQuery": runBulkQuery,
        "BulkStatus": bulkStatus,
        "BulkProductUpdate": bulkProductUpdate,
        "BulkProductExport": bulkProductExport(provenanceKey: "copy_en"),
        "ProductsUpdatedSince": productsUpdatedSince,
        "ProductsDeletedSince": productsDeletedSince,
        "ProductBySKU": productBySKU,
        "VariantsBySKU": variantsBySKU,
        "ShopLocales": shopLocales,
        "TranslatableProduct": translatableProduct,
        "UpdateProductCopy": productUpdate,
        "RegisterTranslations": translationsRegister,
        "SetProvenance": metafieldsSet,
    ]

    /// Shopify's translatable keys for the copy fields catalogd writes.
    enum TranslationKey: String, CaseIterable {
        case title
        case bodyHTML = "body_html"
        case metaTitle = "meta_title"
        case metaDescription = "meta_description"
    }
}
