public import CatalogCore
public import CatalogPipeline
import Foundation

extension Configuration.Generation {
    /// `[generation]` with its budget, brand voice, SEO and policy sub-tables.
    init(_ table: ConfigTable, resolve: (String) -> URL, environment: [String: String], secrets: Configuration.Secrets) throws {
        generator = try table.string("generator") ?? "template"
        guard ["template", "llm"].contains(generator) else {
            throw table.invalid("generator", "'\(generator)' is not a generator; use \"template\" (offline) or \"llm\" (the [[generation.provider]] list, then the template)")
        }
        providers = try table.tables("provider").map { try Configuration.Provider($0, resolve: resolve, environment: environment, secrets: secrets) }
        if generator == "llm", providers.isEmpty {
            throw table.invalid("generator", "\"llm\" needs at least one [[generation.provider]]")
        }
        if generator == "template" { providers = [] }
        concurrency = try table.integer("concurrency", in: 1...256) ?? (generator == "llm" ? 16 : ProcessInfo.processInfo.activeProcessorCount)
        locales = try table.locales("locales") ?? ["en", "de", "fr"].compactMap(LocaleCode.init)
        for locale in locales where !TemplateProvider.supportedLanguages.contains(locale.language) {
            throw table.invalid("locales", "the template generator cannot write '\(locale)'; it supports \(TemplateProvider.supportedLanguages.joined(separator: ", "))")
        }
        confidenceThreshold = try table.share("confidence_threshold") ?? 0.70
        groundingConfidence = try table.share("grounding_confidence") ?? 0.8
        knownBrands = try table.stringArray("known_brands") ?? []
        personNames = try table.stringArray("pii_names") ?? []
        referencesDirectory = try table.string("references_dir").map(resolve)

        let qualityTable = try table.table("quality")
        quality.driftThreshold = try qualityTable.share("drift_threshold") ?? 0.03
        quality.rollback = try qualityTable.boolean("rollback_on_drift") ?? false
        quality.checkInterval = .seconds(60 * (try qualityTable.number("check_minutes", in: 1...10_080) ?? 60))
        try qualityTable.rejectUnknownKeys()

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

extension Configuration.Provider {
    init(_ table: ConfigTable, resolve: (String) -> URL, environment: [String: String], secrets: Configuration.Secrets) throws {
        kind = try table.enumeration("kind", default: nil)
        guard let model = try table.string("model"), !model.isEmpty else { throw table.invalid("model", "every provider needs a model name") }
        self.model = model
        baseURL = try table.string("base_url") ?? (kind == .anthropic ? "https://api.anthropic.com" : "https://api.openai.com/v1")
        guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw table.invalid("base_url", "'\(baseURL)' is not an http(s) URL")
        }
        let key = try table.secret("api_key", resolve: resolve, environment: environment, secrets: secrets)
        if kind == .anthropic, !key.isConfigured {
            throw table.invalid("api_key_credential", "the Anthropic API needs a key: set api_key_credential (systemd credential) or api_key_file")
        }
        apiKey = key.value
        price = ModelPrice(
            inputPerMillion: try table.number("input_price_per_million", in: 0...10_000) ?? 0,
            outputPerMillion: try table.number("output_price_per_million", in: 0...10_000) ?? 0
        )
        requestsPerMinute = try table.integer("requests_per_minute", in: 1...1_000_000)
        tokensPerMinute = try table.integer("tokens_per_minute", in: 1...1_000_000_000)
        timeout = .seconds(try table.integer("timeout_seconds", in: 1...600) ?? 60)
        vision = try table.boolean("vision") ?? (kind == .anthropic)
        try table.rejectUnknownKeys()
    }


    func makeOption(transport: any HTTPTransport) -> ModelOption {
        let model: any LanguageModel = switch kind {
        case .anthropic: AnthropicProvider(baseURL: baseURL, apiKey: apiKey ?? "", timeout: timeout, transport: transport)
        case .openAICompatible: OpenAICompatibleProvider(baseURL: baseURL, apiKey: apiKey, supportsVision: vision, timeout: timeout, transport: transport)
        }
        return ModelOption(model: model, name: self.model, price: price)
    }
}

extension Configuration.Generation {
    /// The agent pipeline this configuration describes: the providers in order (each behind
    /// its rate limits and circuit breaker), the template as the last resort.
    public func makePipeline(transport: any HTTPTransport) -> CopyPipeline {
        let voice = BrandVoice(profile: brandVoice)
        let options = providers.map { $0.makeOption(transport: transport) }
        var limits: [String: ProviderGate.Limits] = [:]
        for (provider, option) in zip(providers, options) {
            limits[option.label] = ProviderGate.Limits(requestsPerMinute: provider.requestsPerMinute, tokensPerMinute: provider.tokensPerMinute)
        }
        let caller = ModelCaller(gate: ProviderGate(limits: limits), timeout: providers.map(\.timeout).max() ?? .seconds(60))
        return CopyPipeline(
            planner: Planner(
                locales: locales, options: options, budget: budget,
                references: referencesDirectory.map { FolderReferenceLibrary(folder: $0) },
                groundingConfidence: groundingConfidence, vision: caller
            ),
            guardrail: makeGuardrail(),
            executor: Executor(caller: caller, template: TemplateProvider(schema: schema, identifiers: Set(identifiers))),
            seo: SEOAgent(settings: seo),
            evaluator: Evaluator(facts: FactChecker(knownBrands: knownBrands), voice: voice, threshold: confidenceThreshold),
            translation: TranslationAgent(caller: caller, template: TemplateProvider(schema: schema, identifiers: Set(identifiers)), voice: voice)
        )
    }
}

extension Configuration.Generation {
    /// The guardrail as configured: PII (with the configured person names) and policy rules.
    public func makeGuardrail() -> Guardrail {
        Guardrail(pii: PIIScanner(personNames: personNames), policy: policy, visibility: AttributeVisibility(internal: internalAttributes))
    }

    /// `[schema]`: attributes' types and labels per language, options' labels, internal codes
    /// and the identifiers copy may show.
    mutating func readSchema(_ table: ConfigTable) throws {
        internalAttributes = try table.stringArray("internal") ?? []
        identifiers = try table.stringArray("identifiers") ?? []
        let attributesTable = try table.table("attributes")
        for code in attributesTable.keys {
            let entry = try attributesTable.table(code)
            let typeName = try entry.string("type") ?? "text"
            guard let kind = AttributeSchema.Kind(rawValue: typeName) else {
                throw entry.invalid("type", "'\(typeName)' is not an attribute type; use boolean, metric, number, simple-select, multi-select, text, textarea, price, identifier, date or media")
            }
            schema.attributes[code.lowercased()] = .init(kind: kind, labels: try Self.labels(entry.table("labels")))
            try entry.rejectUnknownKeys()
        }
        let optionsTable = try table.table("options")
        for attribute in optionsTable.keys {
            let options = try optionsTable.table(attribute)
            for option in options.keys {
                schema.options[attribute.lowercased(), default: [:]][option.lowercased()] = try Self.labels(options.table(option))
            }
        }
        try table.rejectUnknownKeys()
    }

    /// Labels by language (`de = "Farbe"`): each key a language the template writes.
    private static func labels(_ table: ConfigTable) throws -> [String: String] {
        var labels: [String: String] = [:]
        for language in table.keys {
            guard TemplateProvider.supportedLanguages.contains(language) else {
                throw table.invalid(language, "'\(language)' is not a language the writer knows (\(TemplateProvider.supportedLanguages.joined(separator: ", ")))")
            }
            labels[language] = try table.string(language)
        }
        return labels
    }
}

extension ConfigTable {
    /// A secret named `NAME_credential` (a file in systemd's `$CREDENTIALS_DIRECTORY`, from
    /// LoadCredential=) or `NAME_file`: never a value in the TOML, never logged.
    func secret(_ name: String, resolve: (String) -> URL, environment: [String: String], secrets: Configuration.Secrets) throws -> (value: String?, isConfigured: Bool) {
        let credentialKey = "\(name)_credential"
        let fileKey = "\(name)_file"
        let credential = try string(credentialKey)
        let file = try string(fileKey).map(resolve)
        let isConfigured = credential != nil || file != nil
        guard secrets == .read else { return (nil, isConfigured) }
        if let credential {
            guard let directory = environment["CREDENTIALS_DIRECTORY"] else {
                throw invalid(credentialKey, "CREDENTIALS_DIRECTORY is not set; run under systemd with LoadCredential=\(credential):PATH, or use \(fileKey)")
            }
            // The units load a whole directory (`LoadCredential=catalogd:/etc/catalogd/credentials`),
            // which systemd names `catalogd_FILE`; a single `LoadCredential=NAME:PATH` is `NAME`.
            let base = URL(fileURLWithPath: directory)
            let plain = base.appendingPathComponent(credential)
            let prefixed = base.appendingPathComponent("catalogd_\(credential)")
            let file = FileManager.default.fileExists(atPath: plain.path) || !FileManager.default.fileExists(atPath: prefixed.path) ? plain : prefixed
            guard FileManager.default.fileExists(atPath: file.path) else {
                let source = environment[Configuration.credentialsSourceVariable].map { URL(fileURLWithPath: $0).appendingPathComponent(credential).path }
                throw invalid(credentialKey, "no credential '\(credential)' in \(directory)" + (source.map { "; put the secret in \($0) (owned by root, mode 0600) and start the unit again" } ?? ""))
            }
            return (try readSecret(file, key: credentialKey), true)
        }
        if let file {
            return (try readSecret(file, key: fileKey), true)
        }
        return (nil, false)
    }

    private func readSecret(_ url: URL, key: String) throws -> String {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw invalid(key, "cannot read the secret file \(url.path)")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw invalid(key, "the secret file \(url.path) is empty") }
        return trimmed
    }
}
