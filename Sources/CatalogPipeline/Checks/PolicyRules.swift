public import CatalogCore
import Foundation

/// One compliance or policy rule: phrases that must not appear (or a disclosure that must),
/// for some markets and languages, and what a failure does.
public struct PolicyRule: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// None of `phrases` may appear.
        case blockedPhrase = "blocked-phrase"
        /// At least one of `phrases` must appear.
        case requiredDisclosure = "required-disclosure"
    }

    public enum Action: String, Hashable, Sendable, Codable, CaseIterable {
        /// A policy violation: publication is blocked and operators are alerted.
        case block
        /// A compliance failure: a person from legal decides.
        case legalReview = "legal-review"
    }

    public var id: String
    public var kind: Kind
    public var action: Action
    /// Markets (`EU`, `US`…) the rule applies to; empty: every market.
    public var markets: [String]
    /// Languages the phrases are written in; empty: every language.
    public var languages: [String]
    public var phrases: [String]
    /// An attribute whose presence is the evidence that allows the claim (an `eco_label`).
    public var unlessAttribute: String?
    /// Product families the rule applies to (a required disclosure for `electronics`); empty: all.
    public var families: [String]

    public init(id: String, kind: Kind = .blockedPhrase, action: Action, markets: [String] = [], languages: [String] = [], phrases: [String], unlessAttribute: String? = nil, families: [String] = []) {
        self.id = id
        self.kind = kind
        self.action = action
        self.markets = markets
        self.languages = languages
        self.phrases = phrases
        self.unlessAttribute = unlessAttribute
        self.families = families
    }
}

/// A failed rule: which rule, which phrase, and what happens now.
public struct PolicyViolation: Hashable, Sendable, Codable {
    public let rule: String
    public let phrase: String
    public let action: PolicyRule.Action

    public var description: String {
        phrase.isEmpty ? "rule \(rule): required disclosure missing" : "rule \(rule): \"\(phrase)\""
    }
}

/// The rule sets checked against every piece of copy before it can be published.
public struct PolicyRules: Hashable, Sendable {
    public var rules: [PolicyRule] {
        didSet { firstWords = Self.firstWords(of: rules) }
    }
    public var market: String
    /// Each phrase's first word, split once: the quick test before a phrase is searched for.
    private var firstWords: [String: String]

    public init(rules: [PolicyRule] = PolicyRules.defaults, market: String = "EU") {
        self.rules = rules
        self.market = market
        self.firstWords = Self.firstWords(of: rules)
    }

    private static func firstWords(of rules: [PolicyRule]) -> [String: String] {
        var words: [String: String] = [:]
        for phrase in rules.flatMap(\.phrases) { words[phrase] = Lexicon.words(phrase).first }
        return words
    }

    public func check(_ text: String, language: String, product: Product) -> [PolicyViolation] {
        // Lowercased only when a rule has to search the text.
        lazy var lower = text.lowercased()
        let words = Set(Lexicon.words(text))
        var violations: [PolicyViolation] = []
        for rule in rules {
            guard rule.markets.isEmpty || rule.markets.contains(market),
                  rule.languages.isEmpty || rule.languages.contains(language),
                  rule.families.isEmpty || product.family.map(rule.families.contains) == true
            else { continue }
            if let evidence = rule.unlessAttribute, product.attributes[evidence] != nil { continue }
            switch rule.kind {
            case .blockedPhrase:
                // The phrase's first word must be there before the text is searched for it.
                for phrase in rule.phrases where firstWords[phrase].map(words.contains) ?? true
                    && FactChecker.containsWord(phrase.lowercased(), in: lower, caseSensitive: true) {
                    violations.append(PolicyViolation(rule: rule.id, phrase: phrase, action: rule.action))
                }
            case .requiredDisclosure:
                if !rule.phrases.contains(where: { lower.contains($0.lowercased()) }) {
                    violations.append(PolicyViolation(rule: rule.id, phrase: "", action: rule.action))
                }
            }
        }
        return violations
    }

    /// Rules every EU shop needs: health and cure claims are blocked (food and cosmetics law),
    /// generic environmental claims need evidence (the Empowering Consumers Directive, from
    /// 2026), "guaranteed" and unproven superlatives go to legal review (unfair practices).
    public static let defaults: [PolicyRule] = {
        // Phrases per language: a word that is a claim in one language is a plain label in
        // another (French "garanti" is "guaranteed"; Swedish "garanti" is "warranty").
        let health: [String: [String]] = [
            "en": ["cures", "cure", "heals", "prevents disease", "prevents cancer", "boosts immunity", "detoxifies"],
            "de": ["heilt", "heilend", "gegen krebs", "entgiftet", "stärkt das immunsystem"],
            "fr": ["guérit", "soigne le", "soigne la", "contre le cancer", "renforce l'immunité"],
            "es": ["cura", "sana", "previene enfermedades", "contra el cáncer"],
            "it": ["guarisce", "previene le malattie", "contro il cancro"],
            "nl": ["geneest", "voorkomt ziekte", "tegen kanker"],
        ]
        let environmental: [String: [String]] = [
            "en": ["eco-friendly", "environmentally friendly", "climate neutral", "climate-neutral", "carbon neutral", "green product"],
            "de": ["umweltfreundlich", "klimaneutral", "co2-neutral"],
            "fr": ["écologique", "respectueux de l'environnement", "neutre en carbone"],
            "es": ["ecológico", "respetuoso con el medio ambiente", "neutro en carbono"],
            "it": ["ecologico", "climaticamente neutro", "a impatto zero"],
            "nl": ["milieuvriendelijk", "klimaatneutraal"],
        ]
        let superlatives: [String: [String]] = [
            "en": ["guaranteed", "the best", "best-selling", "number one", "#1", "world's best", "unbeatable"],
            "de": ["garantiert", "der beste", "die beste", "das beste", "unschlagbar"],
            "fr": ["garanti", "le meilleur", "la meilleure", "imbattable"],
            "es": ["garantizado", "el mejor", "la mejor", "insuperable"],
            "it": ["garantito", "il migliore", "la migliore", "imbattibile"],
            "nl": ["gegarandeerd", "de beste", "onverslaanbaar"],
        ]
        /// `rule` once per language, with that language's phrases.
        func perLanguage(_ phrases: [String: [String]], _ rule: PolicyRule) -> [PolicyRule] {
            phrases.sorted { $0.key < $1.key }.map { language, phrases in
                var scoped = rule
                scoped.languages = [language]
                scoped.phrases = phrases
                return scoped
            }
        }
        return perLanguage(health, PolicyRule(id: "health-claims", action: .block, phrases: []))
            + perLanguage(environmental, PolicyRule(id: "generic-environmental-claims", action: .legalReview, markets: ["EU"], phrases: [], unlessAttribute: "eco_label"))
            + perLanguage(superlatives, PolicyRule(id: "unproven-superlatives", action: .legalReview, phrases: [], unlessAttribute: "award"))
    }()
}
