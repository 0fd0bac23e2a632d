import CatalogCore
import CatalogPipeline
import Foundation

extension Configuration.Generation {
    /// `[generation]` with its budget, brand voice, SEO and policy sub-tables.
    init(_ table: ConfigTable, resolve: (String) -> URL) throws {
        generator = try table.string("generator") ?? "template"
        guard generator == "template" else {
            throw table.invalid("generator", "'\(generator)' is not available in this version; use \"template\"")
        }
        locales = try table.locales("locales") ?? ["en", "de", "fr"].compactMap(LocaleCode.init)
        for locale in locales where !TemplateProvider.supportedLanguages.contains(locale.language) {
            throw table.invalid("locales", "the template generator cannot write '\(locale)'; it supports \(TemplateProvider.supportedLanguages.joined(separator: ", "))")
        }
        confidenceThreshold = try table.share("confidence_threshold") ?? 0.70
        groundingConfidence = try table.share("grounding_confidence") ?? 0.8
        knownBrands = try table.stringArray("known_brands") ?? []
        personNames = try table.stringArray("pii_names") ?? []
        referencesDirectory = try table.string("references_dir").map(resolve)

        let budgetTable = try table.table("budget")
        budget = CostBudget(
            perSKUTarget: try budgetTable.number("per_sku_target", in: 0...100) ?? 0.05,
            perSKUCap: try budgetTable.number("per_sku_cap", in: 0...100) ?? 0.10,
            daily: try budgetTable.number("daily", in: 0...1_000_000),
            monthly: try budgetTable.number("monthly", in: 0...10_000_000),
            alertShare: try budgetTable.share("alert_share") ?? 0.8
        )
        guard budget.perSKUTarget <= budget.perSKUCap else {
            throw budgetTable.invalid("per_sku_target", "the target ($\(budget.perSKUTarget)) is above the hard cap ($\(budget.perSKUCap))")
        }
        try budgetTable.rejectUnknownKeys()

        let voiceTable = try table.table("brand_voice")
        let formalityTable = try voiceTable.table("formality")
        var formality = BrandVoiceProfile().formality
        for language in formalityTable.keys {
            formality[language] = try formalityTable.enumeration(language, default: nil) as BrandVoiceProfile.Formality
        }
        let defaults = BrandVoiceProfile()
        brandVoice = BrandVoiceProfile(
            toneWords: try voiceTable.stringArray("tone_words") ?? [],
            bannedWords: try voiceTable.stringArray("banned_words") ?? [],
            preferredWords: try voiceTable.table("preferred_words").stringMap(),
            formality: formality,
            maxExclamations: try voiceTable.integer("max_exclamations", in: 0...100) ?? defaults.maxExclamations,
            maxEmoji: try voiceTable.integer("max_emoji", in: 0...100) ?? defaults.maxEmoji,
            minWords: try voiceTable.integer("min_words", in: 0...10_000) ?? defaults.minWords,
            maxWords: try voiceTable.integer("max_words", in: 1...100_000) ?? defaults.maxWords
        )
        try formalityTable.rejectUnknownKeys()
        try voiceTable.rejectUnknownKeys()

        let seoTable = try table.table("seo")
        seo = SEOSettings(
            minimumWords: try seoTable.integer("min_words", in: 0...10_000) ?? 20,
            minimumReadability: try seoTable.number("min_readability", in: 0...100) ?? 30
        )
        try seoTable.rejectUnknownKeys()

        let policyTable = try table.table("policy")
        let market = try policyTable.string("market") ?? "EU"
        var rules = try policyTable.enumeration("defaults", default: PolicyDefaults.on) == .on ? PolicyRules.defaults : []
        for ruleTable in try policyTable.tables("rule") {
            guard let id = try ruleTable.string("id"), !id.isEmpty else { throw ruleTable.invalid("id", "every rule needs an id") }
            guard let phrases = try ruleTable.stringArray("phrases"), !phrases.isEmpty else { throw ruleTable.invalid("phrases", "a rule needs at least one phrase") }
            rules.append(PolicyRule(
                id: id, kind: try ruleTable.enumeration("kind", default: PolicyRule.Kind.blockedPhrase),
                action: try ruleTable.enumeration("action", default: nil), markets: try ruleTable.stringArray("markets") ?? [],
                languages: try ruleTable.stringArray("languages") ?? [], phrases: phrases,
                unlessAttribute: try ruleTable.string("unless_attribute"), families: try ruleTable.stringArray("families") ?? []
            ))
            try ruleTable.rejectUnknownKeys()
        }
        policy = PolicyRules(rules: rules, market: market)
        try policyTable.rejectUnknownKeys()
        try table.rejectUnknownKeys()
    }

    enum PolicyDefaults: String, CaseIterable { case on, off }
}

extension Configuration.Generation {
    /// The agent pipeline this configuration describes (template route until providers are
    /// configured).
    func makePipeline() -> CopyPipeline {
        let voice = BrandVoice(profile: brandVoice)
        return CopyPipeline(
            planner: Planner(
                locales: locales, budget: budget,
                references: referencesDirectory.map { FolderReferenceLibrary(folder: $0) },
                groundingConfidence: groundingConfidence
            ),
            guardrail: Guardrail(pii: PIIScanner(personNames: personNames), policy: policy),
            seo: SEOAgent(settings: seo),
            evaluator: Evaluator(facts: FactChecker(knownBrands: knownBrands), voice: voice, threshold: confidenceThreshold),
            translation: TranslationAgent(voice: voice)
        )
    }
}
