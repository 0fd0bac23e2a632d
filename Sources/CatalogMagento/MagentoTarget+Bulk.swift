public import CatalogCore
import Foundation

/// Large batches through Magento's asynchronous bulk API: current values are read per store
/// scope with one search per page of SKUs (for the drift check, `MagentoTarget+Search`), the writes go as one
/// `PUT /async/bulk/V1/products/bySku` per scope and chunk, and the bulk's detailed status is
/// polled until no operation is open. Operations that failed retriably (status 2) are sent
/// again, up to `retriableRounds` times; failed (3) and rejected (5) ones are per-item
/// outcomes with Magento's message. Operations come back in the order they were sent.
extension MagentoTarget {
    static let bulkChunk = 1_000
    static let retriableRounds = 3

    public func publish(batch items: [PublishItem]) async -> [Result<PublishOutcome, any Error>] {
        if let split = await publishSplittingVariants(items) { return split }
        var results = [Result<PublishOutcome, any Error>?](repeating: nil, count: items.count)
        // Per scope, the item indices to write there.
        var writes: [String: [Int]] = [:]
        var notFound: Set<Int> = []
        do {
            var byScope: [String: [Int]] = [:]
            for (index, item) in items.enumerated() {
                let scopes = try await scopes(for: item.copy.locale)
                if scopes.isEmpty { results[index] = .success(try await noStoreView(for: item.copy.locale)) }
                for scope in scopes { byScope[scope, default: []].append(index) }
            }
            for (scope, indices) in byScope.sorted(by: { $0.key < $1.key }) {
                let current = try await currentProducts(Set(indices.map { items[$0].copy.sku.rawValue }), scope: scope)
                for index in indices where results[index] == nil {
                    guard let product = current[items[index].copy.sku.rawValue] else {
                        notFound.insert(index)
                        continue
                    }
                    switch decision(for: items[index], current: product) {
                    case .alreadyInShop: continue
                    case .stop(let outcome): results[index] = .success(outcome)
                    case .write: writes[scope, default: []].append(index)
                    }
                }
            }
        } catch {
            return items.indices.map { results[$0] ?? .failure(error) }
        }
        for index in notFound where results[index] == nil {
            guard configuration.createMissing else {
                results[index] = .success(.needsManualHandling(reason: Self.reason(MagentoError(status: 404, message: ""), sku: items[index].copy.sku)))
                continue
            }
            do { results[index] = .success(try await publish(items[index])) } catch { results[index] = .failure(error) }
        }
        // An item stopped in one scope is not written in the others.
        for (scope, indices) in writes {
            let remaining = indices.filter { results[$0] == nil }
            for start in stride(from: 0, to: remaining.count, by: Self.bulkChunk) {
                let chunk = Array(remaining[start..<min(start + Self.bulkChunk, remaining.count)])
                for (index, result) in await runBulk(chunk.map { items[$0] }, scope: scope) where results[chunk[index]] == nil {
                    if case .success(.published) = result { continue }
                    results[chunk[index]] = result
                }
            }
        }
        return results.map { $0 ?? .success(.published) }
    }

    /// One bulk item: the PUT body with the route's `{sku}` at the top level, which the bySku
    /// endpoint reads each item's route parameter from.
    static func bulkBody(_ item: PublishItem, urlKey: String?) -> JSON {
        guard case .object(var body) = body(item, urlKey: urlKey) else { return .null }
        body["sku"] = .string(item.copy.sku.rawValue)
        return .object(body)
    }

    /// Sends one bulk and follows it to the end; one result per item.
    private func runBulk(_ items: [PublishItem], scope: String) async -> [(Int, Result<PublishOutcome, any Error>)] {
        var pending = Array(items.indices)
        var results: [(Int, Result<PublishOutcome, any Error>)] = []
        for round in 0...Self.retriableRounds {
            guard !pending.isEmpty else { break }
            do {
                let bodies = pending.map { Self.bulkBody(items[$0], urlKey: urlKeyCandidates(items[$0]).first ?? nil) }
                let accepted = try await client.send("PUT", MagentoAPI.Route.bulkProducts, store: scope, body: .array(bodies))
                guard let uuid = accepted["bulk_uuid"]?.string else {
                    throw MagentoError(status: 202, message: "the bulk API answered without a bulk_uuid")
                }
                let operations = try await waitForBulk(uuid)
                var retry: [Int] = []
                for (position, index) in pending.enumerated() {
                    guard position < operations.count else {
                        results.append((index, .failure(MagentoError(status: 0, message: "bulk \(uuid) reported \(operations.count) operations for \(pending.count) items"))))
                        continue
                    }
                    let operation = operations[position]
                    let message = operation["result_message"]?.string ?? ""
                    switch BulkOperationStatus(rawValue: operation["status"]?.int ?? 0) {
                    case .complete:
                        results.append((index, .success(.published)))
                    case .retriablyFailed where round < Self.retriableRounds:
                        retry.append(index)
                    case .retriablyFailed, .open, .none:
                        results.append((index, .failure(MagentoError(status: 0, message: "bulk \(uuid): \(message.isEmpty ? "operation did not complete" : message)"))))
                    case .failed:
                        results.append((index, .success(.needsManualHandling(reason: "Magento bulk \(uuid) failed the copy of \(items[index].copy.sku) in store '\(scope)': \(message)"))))
                    case .rejected:
                        results.append((index, .success(.needsManualHandling(reason: "Magento bulk \(uuid) rejected the copy of \(items[index].copy.sku) in store '\(scope)': \(message)"))))
                    }
                }
                pending = retry
            } catch {
                results += pending.map { ($0, .failure(error)) }
                pending = []
            }
        }
        return results
    }

    /// Polls the bulk's detailed status until no operation is open; operations by id.
    private func waitForBulk(_ uuid: String) async throws -> [JSON] {
        let deadline = configuration.time.now + configuration.bulkTimeout
        while true {
            let status = try await client.send("GET", MagentoAPI.Route.bulkStatus(uuid), store: nil)
            let operations = (status["operations_list"]?.objects ?? []).sorted { ($0["id"]?.int ?? 0) < ($1["id"]?.int ?? 0) }
            if !operations.isEmpty, !operations.contains(where: { $0["status"]?.int == BulkOperationStatus.open.rawValue }) {
                return operations
            }
            guard configuration.time.now < deadline else {
                // Transient: the outbox retries the rows; a product PUT is safe to repeat.
                throw MagentoError(status: 0, message: "bulk \(uuid) still open after \(configuration.bulkTimeout)")
            }
            try await configuration.time.sleep(for: configuration.bulkPollInterval)
        }
    }
}
