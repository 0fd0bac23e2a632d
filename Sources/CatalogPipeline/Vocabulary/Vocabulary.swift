/// A domain's words (colours, materials, features) in the sixteen languages the template
/// writes, kept as reviewed tables in this folder: one row per entry, one column per language,
/// in each cell the form the writer uses first and then other forms the checks accept,
/// separated by `|`. A form marked `~` is written but never matched by the checks: it is also
/// an everyday word somewhere ("down", "tela", "leer"), and reading it as a claim would flag
/// honest copy.
///
/// The writer turns a PIM value into the shop's language with it ("Blue" → "Blau", "suede" →
/// "Wildleder"); the fact checker reads copy for colour and material claims with the same
/// words, so a value the writer can write is one the checker can ground.
struct Vocabulary: Sendable {
    struct Entry: Sendable {
        let id: String
        /// Per language, the written form first.
        let forms: [String: [String]]
    }

    let domain: String
    let entries: [Entry]
    /// Ids one id implies: suede is leather, stainless steel is steel.
    let implies: [String: [String]]
    /// Every form in every language, lowercased, to its entry.
    private let index: [String: Int]
    /// The longest form, in UTF-8 bytes: a longer value names no entry, and most attribute
    /// values (descriptions, names) are longer, so they cost one comparison.
    private let longestForm: Int

    init(domain: String, implies: [String: [String]] = [:], table: String) {
        var rows = table.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let languages = Array(rows.removeFirst().dropFirst())
        var entries: [Entry] = []
        var index: [String: Int] = [:]
        for row in rows {
            precondition(row.count == languages.count + 1, "vocabulary \(domain): row \(row.first ?? "?") has \(row.count - 1) languages, the header \(languages.count)")
            var forms: [String: [String]] = [:]
            for (language, cell) in zip(languages, row.dropFirst()) {
                forms[language] = cell.split(separator: "|").map(String.init)
                for form in forms[language]! {
                    let key = Self.key(form)
                    if index[key] == nil { index[key] = entries.count }
                }
            }
            entries.append(Entry(id: row[0], forms: forms))
        }
        self.domain = domain
        self.entries = entries
        self.implies = implies
        self.index = index
        self.longestForm = index.keys.map(\.utf8.count).max() ?? 0
    }

    static func key(_ form: String) -> String {
        (form.hasPrefix("~") ? String(form.dropFirst()) : form).lowercased()
    }

    /// The entry a whole value names, in any language: "Blue", "blau", "WILDLEDER", and a
    /// code's spelling ("stainless_steel"). Every attribute value of every locale asks, so it
    /// stays off Foundation's string search.
    func entry(named value: String) -> Entry? {
        guard value.utf8.count <= longestForm + 8 else { return nil }
        var text = Substring(value)
        while let first = text.unicodeScalars.first, first.properties.isWhitespace { text = text.dropFirst() }
        while let last = text.unicodeScalars.last, last.properties.isWhitespace { text = text.dropLast() }
        guard !text.isEmpty, text.utf8.count <= longestForm else { return nil }
        let key = Self.key(String(text))
        if let found = index[key] { return entries[found] }
        guard key.utf8.contains(UInt8(ascii: "_")) else { return nil }
        return index[key.replacing("_", with: "-")].map { entries[$0] } ?? index[key.replacing("_", with: " ")].map { entries[$0] }
    }

    /// The entry an attribute code names: `is_waterproof` is waterproof, `dishwasher_safe`
    /// is dishwasher-safe.
    func entry(attribute code: String) -> Entry? {
        var code = code.lowercased()
        for prefix in YesNo.booleanCodePrefixes where code.hasPrefix(prefix) { code.removeFirst(prefix.count) }
        return entry(named: code.replacingOccurrences(of: "_", with: "-"))
    }

    /// How `language` writes `entry`; nil where the table has no form for it.
    func written(_ entry: Entry, language: String) -> String? {
        entry.forms[language]?.first.map { $0.hasPrefix("~") ? String($0.dropFirst()) : $0 }
    }

    /// The words the checks look for in any language: every form not marked `~`, lowercased.
    /// For reading attribute values, which come in whatever language the PIM holds.
    var lexicon: Lexicon { lexicon(languages: nil) }

    /// The words the checks look for in copy written in `language`: its own forms and the
    /// English ones shops mix in ("Mesh", "Canvas"), so a word of another language ("leer",
    /// Spanish for "to read", Dutch for leather) is no claim.
    func lexicon(for language: String) -> Lexicon { lexicon(languages: [language, "en"]) }

    private func lexicon(languages: Set<String>?) -> Lexicon {
        Lexicon(
            entries: entries.map { entry in
                let forms = entry.forms.filter { languages?.contains($0.key) ?? true }.values.flatMap { $0 }
                return (entry.id, forms.filter { !$0.hasPrefix("~") }.map { $0.lowercased() }.sorted())
            },
            implies: implies,
            agreeing: domain == "colour" || domain == "feature"
        )
    }

    /// Mentions in Japanese or Chinese copy, which writes no spaces: each form of `language`
    /// found in the text, longest first, a found form's characters not read again.
    /// A one-character form ("銅", "綿") counts only right before 製 or 制 ("銅製": made of copper);
    /// alone it is part of too many other words.
    func substringMentions(in text: String, language: String) -> [(id: String, phrase: String)] {
        let forms = entries.flatMap { entry in
            (entry.forms[language] ?? []).filter { !$0.hasPrefix("~") }.flatMap { $0.count >= 2 ? [$0] : [$0 + "製", $0 + "制"] }.map { (entry.id, $0) }
        }
        .sorted { $0.1.count > $1.1.count }
        var rest = text
        var found: [(id: String, phrase: String)] = []
        for (id, form) in forms {
            while let range = rest.range(of: form) {
                if !found.contains(where: { $0.id == id }) { found.append((id, form)) }
                rest.replaceSubrange(range, with: String(repeating: " ", count: form.count))
            }
        }
        // A specific entry hides the general one it implies (スエード and レザー: suede).
        return found.filter { mention in !found.contains { implies[$0.id]?.contains(mention.id) == true } }
    }

    /// The value vocabularies the writer translates values with, tried in this order.
    static let values: [Vocabulary] = [colors, materials, sizes]
}

import Foundation
