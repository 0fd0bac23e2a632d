public import CatalogCore

/// Produces copy for one product in every configured locale. In this slice it is a single
/// generation step; the planner, evaluator and guardrail agents slot in here.
public struct CopyPipeline: Sendable {
    public let generator: any TextGenerator
    public let locales: [LocaleCode]

    public init(generator: any TextGenerator, locales: [LocaleCode]) {
        self.generator = generator
        self.locales = locales
    }

    public func run(_ product: Product) async throws -> [GeneratedCopy] {
        var copies: [GeneratedCopy] = []
        for locale in locales {
            copies.append(try await generator.generate(GenerationRequest(product: product, locale: locale)))
        }
        return copies
    }
}
