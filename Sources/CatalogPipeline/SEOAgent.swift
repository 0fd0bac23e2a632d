public import CatalogCore

/// Keywords, readability and meta. Recovery: keyword stuffing → rebalance; readability too low
/// → simplify (both by asking the executor to rewrite, when a model wrote the copy); missing
/// meta → generated from the title and the copy.
public struct SEOAgent: PipelineAgent {
    public struct Input: Sendable {
        public var draft: Draft
        public var product: Product

        public init(draft: Draft, product: Product) {
            self.draft = draft
            self.product = product
        }
    }

    public struct Output: Sendable {
        public var copy: GeneratedCopy
        public var report: SEOReport
        /// Rewrites the executor should attempt (model-written copy only).
        public var rewrites: [Executor.Instruction]
        public var handle: String
    }

    public static let name = "seo"
    public var settings: SEOSettings

    public init(settings: SEOSettings = SEOSettings()) {
        self.settings = settings
    }

    public func run(_ input: Input, trace: inout PipelineTrace) async throws -> Output {
        var copy = input.draft.copy
        let keywords = input.draft.keywords.map { $0.lowercased() }
        var report = SEOAnalysis.analyze(copy, keywords: keywords, settings: settings)
        var rewrites: [Executor.Instruction] = []
        var fixes: [String] = []
        for issue in report.issues {
            switch issue {
            case .missingMeta, .metaTitleTooLong, .metaDescriptionOutOfRange:
                if fixes.isEmpty { fixes.append("meta generated") }
            case .keywordStuffing(let keyword, _):
                rewrites.append(.rebalance(keyword: keyword, atMost: SEOAnalysis.allowedMentions(words: report.wordCount, settings: settings)))
            case .readabilityLow:
                rewrites.append(.simplify)
            case .keywordMissing, .tooShort:
                break
            }
        }
        if !fixes.isEmpty {
            copy = Self.withMeta(copy, settings: settings)
            report = SEOAnalysis.analyze(copy, keywords: keywords, settings: settings)
        }
        if input.draft.model == nil { rewrites.removeAll() }  // the template cannot be re-prompted
        let handle = SEOAnalysis.handle(title: copy.title, sku: copy.sku)
        trace.record(PipelineStep(agent: Self.name, locale: copy.locale, action: "analyze", outcome: rewrites.isEmpty ? (fixes.isEmpty ? "pass" : "fixed") : "rewrite", detail: [
            "score": String(format: "%.2f", report.score), "readability": String(format: "%.0f (%@)", report.readability.value, report.readability.formula),
            "keywords": report.keywords.joined(separator: ", "), "issues": report.issues.map { "\($0)" }.joined(separator: "; "),
            "fixes": fixes.joined(separator: ", "), "handle": handle,
        ]))
        return Output(copy: copy, report: report, rewrites: rewrites, handle: handle)
    }

    /// A meta title and description within the settings' lengths, from the copy itself.
    static func withMeta(_ copy: GeneratedCopy, settings: SEOSettings) -> GeneratedCopy {
        var copy = copy
        if copy.metaTitle.isEmpty || copy.metaTitle.count > settings.metaTitleMaximum {
            copy.metaTitle = Text.truncate(copy.title, to: settings.metaTitleMaximum)
        }
        if copy.metaDescription.isEmpty {
            let text = sentences(HTMLSanitizer.plainText(copy.bodyHTML).split(separator: "\n"))
            // Short copy gives a short description: padding would only invent.
            let description = text.hasPrefix(copy.title) ? text : sentences([Substring(copy.title), Substring(text)])
            copy.metaDescription = Text.truncate(description, to: settings.metaDescriptionRange.upperBound - 1)
        } else if copy.metaDescription.count > settings.metaDescriptionRange.upperBound {
            copy.metaDescription = Text.truncate(copy.metaDescription, to: settings.metaDescriptionRange.upperBound - 1)
        }
        // A description shorter than the range is kept: rebuilt from the body it repeated the
        // title and strung headings and list labels together ("… Características. Color: …").
        return copy
    }

    /// Lines (a heading, a paragraph, list items) run together as sentences: a full stop goes
    /// only after a line that does not already end a sentence, so "… 30 days." and "Details"
    /// make "… 30 days. Details", never "days.. Details".
    static func sentences(_ lines: [Substring]) -> String {
        var text = ""
        for line in lines {
            let line = line.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            if let last = text.last {
                text += ".!?:;…。！？".contains(last) ? " " : ". "
            }
            text += line
        }
        return text
    }
}
