public import CatalogCore
import Foundation

/// Large batches through Shopify's bulk operations, which do not draw on the cost bucket:
/// a bulk query exports every product's primary-locale copy, provenance and SKUs for the drift
/// check; the writes go as one JSONL of `productUpdate` variables, staged with
/// `stagedUploadsCreate` and a form upload, run by `bulkOperationRunMutation`; the operation is
/// polled through `currentBulkOperation` and its result file read line by line
/// (`__lineNumber` ties each result to its item). Only the primary locale goes this way:
/// translations need per-product digests and are published one by one.
extension ShopifyTarget: BatchCommerceTarget {
    struct ExportedProduct {
        let id: String
        let current: ShopCopy
        let provenance: Provenance?
    }

    public func publish(batch items: [PublishItem]) async -> [Result<PublishOutcome, any Error>] {
        if let split = await publishSplittingVariants(items) { return split }
        var results = [Result<PublishOutcome, any Error>?](repeating: nil, count: items.count)
        if let versionLock { return items.map { _ in .success(.needsManualHandling(reason: versionLock)) } }
        do {
            let locales = try await shopLocales()
            guard let primary = locales.first(where: \.primary) else { throw ShopifyError(code: .invalidResponse, message: "the shop reports no primary locale") }
            let primaryItems = items.indices.filter { Self.match(items[$0].copy.locale, in: locales)?.primary == true }
            // Translations attach to the primary locale's content: they, and SKUs the shop does
            // not have, are published one by one after the bulk.
            let key = "copy_\(primary.locale)"
            let exported = primaryItems.isEmpty ? [:] : try await exportProducts(provenanceKey: key)
            var writes: [(index: Int, input: [String: Any])] = []
            for index in primaryItems {
                let copy = items[index].copy
                let products = exported[copy.sku.rawValue] ?? []
                // A missing product is created (or reported) the one-by-one way, after the bulk.
                guard let product = products.first else { continue }
                guard products.count == 1 else {
                    results[index] = .success(.needsManualHandling(reason: "SKU \(copy.sku) belongs to \(products.count) Shopify products (\(products.map(\.id).sorted().joined(separator: ", "))); make it unique"))
                    continue
                }
                let drift = ShopCopyDrift(current: product.current.contentHash, lastPushed: product.provenance?.content, proposed: copy.contentHash)
                switch items[index].policy(conflictPolicy).decision(for: drift, copy: copy, shop: "Shopify", current: product.current) {
                case .alreadyInShop where product.provenance?.content == copy.contentHash:
                    results[index] = .success(.published)
                case .stop(let outcome):
                    results[index] = .success(outcome)
                case .alreadyInShop, .write:
                    writes.append((index, Self.productInput(copy, productID: product.id, provenanceKey: key, handle: manageHandles ? items[index].handle : nil)))
                }
            }
            let lines = try await runBulkUpdate(writes.map(\.input))
            for (line, write) in writes.enumerated() {
                results[write.index] = lines[line] ?? .failure(ShopifyError(code: .invalidResponse, message: "the bulk result has no line \(line)"))
            }
            let written = Set(writes.map(\.index))
            for index in items.indices where results[index] == nil && !written.contains(index) {
                do { results[index] = .success(try await publish(items[index])) } catch { results[index] = .failure(error) }
            }
        } catch let error as ShopifyError where error.code == .versionMismatch {
            versionLock = error.message
            return results.map { $0 ?? .success(.needsManualHandling(reason: error.message)) }
        } catch {
            return results.map { $0 ?? .failure(error) }
        }
        return results.map { $0 ?? .success(.published) }
    }

    /// Every product by variant SKU, from a bulk query.
    func exportProducts(provenanceKey: String) async throws -> [String: [ExportedProduct]] {
        let run = try await client.execute(ShopifyAPI.runBulkQuery, operation: "RunBulkQuery", variables: ["query": ShopifyAPI.bulkProductExport(provenanceKey: provenanceKey)], as: RunBulkResult.self)
        try Self.check(run.bulkOperationRunQuery, what: "bulkOperationRunQuery")
        var products: [String: ExportedProduct] = [:]
        var bySKU: [String: [ExportedProduct]] = [:]
        for line in try await waitAndDownload(type: "QUERY") {
            if let parent = line["__parentId"] as? String {
                if let sku = line["sku"] as? String, let product = products[parent] { bySKU[sku, default: []].append(product) }
                continue
            }
            guard let id = line["id"] as? String else { continue }
            let seo = line["seo"] as? [String: Any] ?? [:]
            let current = ShopCopy(
                title: line["title"] as? String ?? "", bodyHTML: line["descriptionHtml"] as? String ?? "",
                metaTitle: seo["title"] as? String ?? "", metaDescription: seo["description"] as? String ?? ""
            )
            let provenance = ((line["provenance"] as? [String: Any])?["value"] as? String).flatMap(Provenance.init(json:))
            products[id] = ExportedProduct(id: id, current: current, provenance: provenance)
        }
        return bySKU
    }

    /// Stages the variables, runs the bulk mutation and returns each line's outcome by line.
    private func runBulkUpdate(_ inputs: [[String: Any]]) async throws -> [Int: Result<PublishOutcome, any Error>] {
        guard !inputs.isEmpty else { return [:] }
        var jsonl = Data()
        for input in inputs {
            jsonl.append(try JSONSerialization.data(withJSONObject: ["product": input]))
            jsonl.append(0x0A)
        }
        let staged = try await client.execute(
            ShopifyAPI.stageBulkVariables, operation: "StageBulkVariables",
            variables: ["input": [["resource": "BULK_MUTATION_VARIABLES", "filename": "catalogd-bulk.jsonl", "mimeType": "text/jsonl", "httpMethod": "POST"]]],
            as: StageBulkVariablesResult.self
        ).stagedUploadsCreate
        if let reason = Self.reason(staged?.userErrors.map { ($0.field, $0.message) }, what: "stagedUploadsCreate") {
            throw ShopifyError(code: .graphQL, message: reason)
        }
        guard let target = staged?.stagedTargets?.first, let url = target.url, let path = target.parameters.first(where: { $0.name == "key" })?.value else {
            throw ShopifyError(code: .invalidResponse, message: "stagedUploadsCreate returned no upload target")
        }
        try await upload(jsonl, to: url, parameters: target.parameters.map { ($0.name, $0.value) })
        let run = try await client.execute(ShopifyAPI.runBulkMutation, operation: "RunBulkMutation", variables: ["mutation": ShopifyAPI.bulkProductUpdate, "path": path], as: RunBulkResult.self)
        try Self.check(run.bulkOperationRunMutation, what: "bulkOperationRunMutation")
        var outcomes: [Int: Result<PublishOutcome, any Error>] = [:]
        for line in try await waitAndDownload(type: "MUTATION") {
            guard let number = line["__lineNumber"] as? Int else { continue }
            if let errors = line["errors"] as? [[String: Any]], !errors.isEmpty {
                let text = errors.compactMap { $0["message"] as? String }.joined(separator: "; ")
                outcomes[number] = .success(.needsManualHandling(reason: "Shopify rejected the bulk line: \(text)"))
                continue
            }
            let payload = (line["data"] as? [String: Any])?["productUpdate"] as? [String: Any]
            let userErrors = (payload?["userErrors"] as? [[String: Any]] ?? []).map { ($0["field"] as? [String], $0["message"] as? String ?? "") }
            outcomes[number] = .success(Self.reason(userErrors, what: "productUpdate").map { .needsManualHandling(reason: $0) } ?? .published)
        }
        return outcomes
    }

    /// The S3-style form POST Shopify's staged upload targets take: the parameters as fields,
    /// then the file.
    private func upload(_ file: Data, to url: String, parameters: [(String, String)]) async throws {
        let boundary = "catalogd-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in parameters {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"catalogd-bulk.jsonl\"\r\nContent-Type: text/jsonl\r\n\r\n".utf8))
        body.append(file)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        let response = try await client.transport.send(HTTPRequestSpec(
            method: "POST", url: url, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: Array(body), timeout: client.timeout
        ))
        guard (200..<300).contains(response.status) else {
            throw ShopifyError(code: .http, message: "staged upload answered HTTP \(response.status): \(response.bodyExcerpt())")
        }
    }

    /// Polls the current bulk operation of `type` until it ends, then reads its result file.
    private func waitAndDownload(type: String) async throws -> [[String: Any]] {
        let deadline = time.now + bulkTimeout
        while true {
            let status = try await client.execute(ShopifyAPI.bulkStatus, operation: "BulkStatus", variables: ["type": type], as: BulkStatusResult.self)
            guard let operation = status.currentBulkOperation else {
                throw ShopifyError(code: .invalidResponse, message: "no current bulk \(type.lowercased()) operation")
            }
            switch operation.status {
            case "COMPLETED":
                guard let url = operation.url else { return [] }
                let response = try await client.transport.send(HTTPRequestSpec(url: url, timeout: client.timeout))
                guard response.status == 200 else { throw ShopifyError(code: .http, message: "bulk result \(url): HTTP \(response.status)") }
                return response.body.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
            case "FAILED", "CANCELED", "EXPIRED":
                throw ShopifyError(code: .http, message: "bulk \(type.lowercased()) \(operation.id) \(operation.status.lowercased())" + (operation.errorCode.map { ": \($0)" } ?? ""))
            default:
                guard time.now < deadline else {
                    // A transient failure: the rows are retried, and a new bulk waits for
                    // this one (OPERATION_IN_PROGRESS) if it is really still running.
                    throw ShopifyError(code: .http, message: "bulk \(type.lowercased()) \(operation.id) still \(operation.status.lowercased()) after \(bulkTimeout)")
                }
                try await time.sleep(for: bulkPollInterval)
            }
        }
    }

    private static func check(_ payload: RunBulkResult.Payload?, what: String) throws {
        guard let payload else { throw ShopifyError(code: .invalidResponse, message: "\(what) returned nothing") }
        if let error = payload.userErrors.first {
            // OPERATION_IN_PROGRESS clears when the other operation ends: retry later.
            let code: ShopifyError.Code = error.code == "OPERATION_IN_PROGRESS" ? .http : .graphQL
            throw ShopifyError(code: code, message: "\(what): \(error.message)")
        }
        guard payload.bulkOperation != nil else { throw ShopifyError(code: .invalidResponse, message: "\(what) started no operation") }
    }
}
