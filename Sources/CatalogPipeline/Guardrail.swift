public import CatalogCore

/// PII, policy and compliance. Recovery: PII in the input is redacted before any provider sees
/// it; PII in the output is redacted and an incident logged (without the PII); a policy
/// violation blocks publication and alerts; a compliance failure goes to legal review.
public struct Guardrail: PipelineAgent {
    public enum Input: Sendable {
        /// The product as a provider will see it.
        case prompt(Product)
        case output(GeneratedCopy, Product)
    }

    public enum Output: Sendable {
        case prompt(Product)
        case output(Verdict)
    }

    public struct Verdict: Sendable {
        public var copy: GeneratedCopy
        public var incidents: [Incident]
        /// Rules with `.block`: the copy must not be published.
        public var blocks: [PolicyViolation]
        /// Rules with `.legalReview`: a person from legal decides.
        public var legalReviews: [PolicyViolation]
    }

    public static let name = "guardrail"

    public var pii: PIIScanner
    public var policy: PolicyRules
    public var visibility: AttributeVisibility

    public init(pii: PIIScanner = PIIScanner(), policy: PolicyRules = PolicyRules(), visibility: AttributeVisibility = AttributeVisibility()) {
        self.pii = pii
        self.policy = policy
        self.visibility = visibility
    }

    public func run(_ input: Input, trace: inout PipelineTrace) async throws -> Output {
        switch input {
        case .prompt(let product): .prompt(redactInput(product, trace: &trace))
        case .output(let copy, let product): .output(checkOutput(copy, product: product, trace: &trace))
        }
    }

    /// The product as the writers see it: customer-facing attributes only, personal data
    /// replaced by placeholders.
    public func redactInput(_ product: Product, trace: inout PipelineTrace) -> Product {
        let (visible, withheld) = visibility.customerFacing(product)
        var redacted = visible
        var kinds: [PIIFinding.Kind] = []
        for (code, value) in visible.attributes {
            switch value {
            case .text(let text):
                let result = pii.redact(text)
                if !result.findings.isEmpty { redacted.attributes[code] = .text(result.text); kinds += result.findings }
            case .localizedText(let texts):
                var clean = texts
                for (locale, text) in texts {
                    let result = pii.redact(text)
                    if !result.findings.isEmpty { clean[locale] = result.text; kinds += result.findings }
                }
                redacted.attributes[code] = .localizedText(clean)
            case .list(let values):
                let results = values.map(pii.redact)
                if results.contains(where: { !$0.findings.isEmpty }) {
                    redacted.attributes[code] = .list(results.map(\.text))
                    kinds += results.flatMap(\.findings)
                }
            default:
                break
            }
        }
        var detail: [String: String] = [:]
        if !kinds.isEmpty { detail["found"] = Self.summary(kinds) }
        if !withheld.isEmpty { detail["withheld"] = withheld.joined(separator: ", ") }
        trace.record(PipelineStep(agent: Self.name, action: "redact-input", outcome: kinds.isEmpty ? "clean" : "redacted", detail: detail))
        return redacted
    }

    public func checkOutput(_ copy: GeneratedCopy, product: Product, trace: inout PipelineTrace) -> Verdict {
        var checked = copy
        var kinds: [PIIFinding.Kind] = []
        for keyPath in [\GeneratedCopy.title, \.bodyHTML, \.metaTitle, \.metaDescription] {
            let result = pii.redact(checked[keyPath: keyPath])
            if !result.findings.isEmpty {
                checked[keyPath: keyPath] = result.text
                kinds += result.findings
            }
        }
        var incidents: [Incident] = []
        if !kinds.isEmpty {
            incidents.append(Incident(kind: .piiInOutput, sku: copy.sku, locale: copy.locale, detail: "redacted \(Self.summary(kinds))"))
            trace.record(PipelineStep(agent: Self.name, locale: copy.locale, action: "redact-output", outcome: "incident", detail: ["found": Self.summary(kinds)]))
        }
        let text = [checked.title, HTMLSanitizer.plainText(checked.bodyHTML), checked.metaTitle, checked.metaDescription].joined(separator: "\n")
        let violations = policy.check(text, language: copy.locale.language, product: product)
        let blocks = violations.filter { $0.action == .block }
        let legal = violations.filter { $0.action == .legalReview }
        for block in blocks {
            incidents.append(Incident(kind: .policyBlock, sku: copy.sku, locale: copy.locale, detail: block.description))
        }
        trace.record(PipelineStep(
            agent: Self.name, locale: copy.locale, action: "policy-check",
            outcome: !blocks.isEmpty ? "blocked" : (!legal.isEmpty ? "legal-review" : "pass"),
            detail: violations.isEmpty ? [:] : ["violations": violations.map(\.description).joined(separator: "; ")]
        ))
        return Verdict(copy: checked, incidents: incidents, blocks: blocks, legalReviews: legal)
    }

    static func summary(_ kinds: [PIIFinding.Kind]) -> String {
        Dictionary(grouping: kinds, by: \.self).map { "\($0.value.count) \($0.key.rawValue)" }.sorted().joined(separator: ", ")
    }
}
