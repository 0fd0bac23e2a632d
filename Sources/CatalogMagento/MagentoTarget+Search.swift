import CatalogCore
import Foundation

/// Product searches (`GET /V1/products?searchCriteria…`), read to the end.
///
/// Magento answers a page of `items` and the `total_count` of the whole search; catalogd asks
/// for the next `currentPage` until it holds `total_count` products. The count decides, not an
/// empty page: Magento answers a page past the last one with the last page again. With the web
/// API input limits on (Adobe's "API security", default maximum 300 per page), a larger
/// `pageSize` is refused with "Maximum SearchCriteria pageSize is N": the target then asks N
/// per page, and per SKU list, from then on.
extension MagentoTarget {
    struct SearchFilter: Sendable {
        let field: String
        let value: String
        let condition: String
        /// `updated_at ASC` for the drift poll.
        var sortField: String?
    }

    /// Every product the search matches in `scope`, each once.
    func searchProducts(_ filter: SearchFilter, scope: String) async throws -> [JSON] {
        var found: [JSON] = []
        var seen: Set<String> = []
        var page = 1
        while true {
            let answer: JSON
            do {
                let query = Self.searchQuery(filter, pageSize: searchPageSize, page: page)
                answer = try await client.send("GET", "\(MagentoAPI.Route.products)?\(query)", store: scope)
            } catch let error as MagentoError where error.status == 400 {
                guard let limit = Self.pageSizeLimit(in: error.message), limit < searchPageSize else { throw error }
                // Pages of the new size number differently: read the search again from the start.
                searchPageSize = limit
                (found, seen, page) = ([], [], 1)
                continue
            }
            let items = answer["items"]?.objects ?? []
            let added = items.filter { seen.insert($0["sku"]?.string ?? $0["id"].map { "\($0)" } ?? "").inserted }
            found += added
            let total = answer["total_count"]?.int ?? found.count
            guard found.count < total, !added.isEmpty else { return found }
            page += 1
        }
    }

    /// The products with these SKUs as the scope sees them, by SKU: one search per page-size
    /// list of SKUs.
    func currentProducts(_ skus: Set<String>, scope: String) async throws -> [String: JSON] {
        var found: [String: JSON] = [:]
        // Magento's `in` condition takes a comma list; a SKU containing a comma cannot be
        // matched that way and is read on its own.
        var listable = skus.filter { !$0.contains(",") }.sorted()[...]
        var filters = skus.filter { $0.contains(",") }.sorted().map { SearchFilter(field: "sku", value: $0, condition: "eq") }
        while !listable.isEmpty || !filters.isEmpty {
            let filter: SearchFilter
            if !listable.isEmpty {
                let list = listable.prefix(searchPageSize)
                listable = listable.dropFirst(list.count)
                filter = SearchFilter(field: "sku", value: list.joined(separator: ","), condition: "in")
            } else {
                filter = filters.removeFirst()
            }
            for product in try await searchProducts(filter, scope: scope) {
                if let sku = product["sku"]?.string { found[sku] = product }
            }
        }
        return found
    }

    static func searchQuery(_ filter: SearchFilter, pageSize: Int, page: Int) -> String {
        let prefix = "searchCriteria[filter_groups][0][filters][0]"
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+[]")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        var parameters = [
            "\(prefix)[field]=\(encode(filter.field))", "\(prefix)[value]=\(encode(filter.value))", "\(prefix)[condition_type]=\(filter.condition)",
            "searchCriteria[pageSize]=\(pageSize)", "searchCriteria[currentPage]=\(page)",
        ]
        if let sort = filter.sortField {
            parameters += ["searchCriteria[sortOrders][0][field]=\(encode(sort))", "searchCriteria[sortOrders][0][direction]=ASC"]
        }
        return parameters.map { $0.replacingOccurrences(of: "[", with: "%5B").replacingOccurrences(of: "]", with: "%5D") }.joined(separator: "&")
    }

    /// N from Magento's "Maximum SearchCriteria pageSize is N".
    static func pageSizeLimit(in message: String) -> Int? {
        guard let range = message.range(of: "Maximum SearchCriteria pageSize is ") else { return nil }
        return Int(message[range.upperBound...].prefix { $0.isNumber }).flatMap { $0 > 0 ? $0 : nil }
    }
}
