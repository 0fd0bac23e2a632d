public import CatalogCore
public import CatalogStore
public import Foundation

extension CatalogDatabase {
    /// An import file as the inbox would claim it.
    public static func testFile(_ name: String, source: String = "akeneo", mode: ImportMode = .snapshot) -> ImportFile {
        ImportFile(name: name, path: "/inbox/\(name)", fingerprint: name, size: 1, source: source, mode: mode)
    }

    /// Stages `products` as one file, in batches of `batchSize`, without applying it.
    public func stage(_ products: [Product], source: String = "akeneo", mode: ImportMode = .snapshot, name: String = UUID().uuidString, batchSize: Int = 2) throws -> ImportID {
        let claim = try imports.claim(Self.testFile(name, source: source, mode: mode))
        try imports.beginStaging(claim.id)
        for start in stride(from: 0, to: products.count, by: batchSize) {
            let batch = products[start..<min(start + batchSize, products.count)].enumerated().map { ImportRecord.product($0.element, line: start + $0.offset + 2) }
            _ = try imports.stage(batch, to: claim.id)
        }
        _ = try imports.finishStaging(claim.id, mode: mode, notes: ImportNotes())
        return claim.id
    }

    /// Review items as the pipeline leaves them: each SKU imported, its English copy published
    /// to `target` once ("Old …"), then a new run proposing copy the evaluator was unsure of.
    public func seedReviewItems(skus: [String], target: String) async throws {
        let products = skus.map { Product.fixture($0) }
        _ = try imports.applyStaged(try stage(products, mode: .delta), policy: RegenerationPolicy())
        let english = LocaleCode("en")!
        func copy(_ sku: SKU, title: String, body: String) -> GeneratedCopy {
            GeneratedCopy(
                sku: sku, locale: english, title: title, bodyHTML: body, metaTitle: title, metaDescription: "\(title) for rainy days.",
                generator: GeneratorIdentity(name: "template", version: "1")
            )
        }
        for job in try await generationQueue.claimGenerationJobs(limit: skus.count) {
            try await generationQueue.completeGeneration(job, copies: [copy(job.sku, title: "Old \(job.sku)", body: "<p>A sturdy jacket for rainy days.</p>")], productHash: job.product!.contentHash, target: target)
        }
        for entry in try await outbox.claimOutbox(limit: skus.count * 2) { try await outbox.markPublished(entry) }
        _ = try await generationQueue.requestRegeneration(products.map(\.sku))
        for job in try await generationQueue.claimGenerationJobs(limit: skus.count) {
            let proposed = copy(job.sku, title: "Storm \(job.sku)", body: "<p>A sturdy, waterproof jacket for stormy days.</p>")
            let request = ReviewRequest(
                locale: english, reason: .lowConfidence, why: "confidence 0.62 is below 0.70",
                scores: ["confidence": 0.62, "grounded": 0.8], copy: proposed, suggestedEdits: ["say 'water-resistant' as the attributes do"]
            )
            let outcome = PipelineOutcome(sku: job.sku, results: [(english, .review(request))], incidents: [], trace: PipelineTrace(), route: "template")
            try await generationQueue.completePipelineRun(job, outcome: outcome, productHash: job.product!.contentHash, target: target)
        }
    }
}
