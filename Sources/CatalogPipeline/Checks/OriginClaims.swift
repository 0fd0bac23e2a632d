/// Origin and provenance claims: "made in Italy", "hergestellt in Italien", "fabriqué en
/// Chine", "wyprodukowano we Włoszech", "Türkiye'de üretilmiştir", "イタリア製". A claim is a
/// marker with a country the countries vocabulary knows right beside it, so "made in small
/// batches" is no claim; the country must be the product's country of origin.
enum OriginClaims {
    /// Marker word sequences per language, the country after them. English "made in" is
    /// understood everywhere.
    static let markersBefore: [String: [[String]]] = {
        let common = [["made", "in"]]
        let table: [String: [String]] = [
            "en": ["sewn in", "woven in", "knitted in", "built in", "manufactured in", "produced in", "crafted in", "handmade in", "assembled in"],
            "de": ["genäht in", "genäht im", "gewebt in", "gestrickt in", "gebaut in", "hergestellt in", "hergestellt im", "gefertigt in", "gefertigt im", "produziert in", "produziert im"],
            "fr": ["confectionné en", "confectionné au", "confectionnée en", "confectionnée au", "confectionnés en", "cousu en", "cousu au", "cousue en", "cousue au", "tissé en", "fabriquée au", "fabriqué en", "fabriqué au", "fabriqué aux", "fabriquée en", "fabriqués en", "fabriquées en", "produit en", "confectionné en", "assemblé en"],
            "es": ["confeccionado en", "confeccionada en", "cosido en", "cosida en", "tejido en", "hechos en", "fabricados en", "hecho en", "hecha en", "fabricado en", "fabricada en", "producido en", "elaborado en"],
            "it": ["confezionato in", "confezionata in", "cucito in", "cucita in", "prodotti in", "fabbricata in", "prodotto in", "prodotta in", "fabbricato in", "realizzato in", "realizzata in", "fatto in"],
            "nl": ["genaaid in", "geweven in", "gebreid in", "gebouwd in", "gemaakt in", "geproduceerd in", "vervaardigd in"],
            "pt": ["confeccionado em", "confeccionada em", "costurado em", "fabricado em", "fabricado no", "fabricado na", "fabricada em", "feito em", "feito no", "produzido em"],
            "pl": ["wyprodukowano w", "wyprodukowano we", "wyprodukowany w", "wyprodukowany we", "wyprodukowane w", "produkowany w"],
            "sv": ["tillverkad i", "tillverkat i", "tillverkade i", "producerad i"],
            "da": ["fremstillet i", "produceret i", "lavet i"],
            "fi": ["valmistettu"],
            "nb": ["produsert i", "laget i"],
            "cs": ["vyrobeno v", "vyrobeno ve", "vyrobený v", "vyrobena v"],
        ]
        return table.mapValues { common + $0.map { $0.split(separator: " ").map(String.init) } }
    }()

    /// Markers after the country: Turkish ("Türkiye'de üretilmiştir") and Finnish ("Suomessa valmistettu").
    static let markersAfter: [String: [[String]]] = [
        "tr": [["üretilmiştir"], ["üretildi"], ["üretimi"], ["yapılmıştır"], ["imal", "edilmiştir"]],
        "fi": [["valmistettu"], ["valmistama"]],
    ]

    /// Japanese and Chinese write the country against the marker, with no spaces.
    static let cjkSuffixes: [String: [String]] = ["ja": ["製", "で縫製", "で製造", "で生産", "で作られ"], "zh": ["制造", "生产", "製造", "缝制"]]
    static let cjkPrefixes: [String: [String]] = ["ja": ["原産国：", "原産国:", "原産地：", "原産地:"], "zh": ["产地：", "产地:", "原产地：", "原产地:"]]

    static let countries = Vocabulary.countries.lexicon

    /// Each claim: its words as found and the country's ISO code.
    static func find(in text: String, words: [String], language: String) -> [(phrase: String, country: String)] {
        var found: [(String, String)] = []
        if let suffixes = cjkSuffixes[language] {
            for entry in Vocabulary.countries.entries {
                for form in entry.forms[language] ?? [] where text.contains(form) {
                    for marker in suffixes where text.contains(form + marker) { found.append((form + marker, entry.id)) }
                    for marker in cjkPrefixes[language] ?? [] where text.contains(marker + form) { found.append((marker + form, entry.id)) }
                }
            }
        }
        for marker in markersBefore[language] ?? markersBefore["en"]! {
            for start in starts(of: marker, in: words) {
                let after = Array(words[(start + marker.count)...].prefix(4))
                if let country = country(in: after, within: 3) {
                    found.append(((marker + after.prefix(country.end)).joined(separator: " "), country.id))
                }
            }
        }
        for marker in markersAfter[language] ?? [] {
            for start in starts(of: marker, in: words) {
                let before = Array(words[max(0, start - 3)..<start])
                if let country = country(in: before, within: before.count) {
                    found.append(((before[country.start...] + marker).joined(separator: " "), country.id))
                }
            }
        }
        var seen: Set<String> = []
        return found.filter { seen.insert($0.0).inserted }
    }

    private static func starts(of marker: [String], in words: [String]) -> [Int] {
        guard let first = marker.first, words.count >= marker.count else { return [] }
        return words.indices.filter { index in
            words[index] == first && index + marker.count <= words.count && Array(words[index..<(index + marker.count)]) == marker
        }
    }

    /// The first country named in `window` that starts within its first `within` words: its id
    /// and the words it spans.
    private static func country(in window: [String], within: Int) -> (id: String, start: Int, end: Int)? {
        for start in 0..<min(within, window.count) {
            for end in stride(from: window.count, to: start, by: -1) {
                let phrase = Array(window[start..<end])
                if let mention = countries.mentions(inWords: phrase).first, mention.phrase == phrase.joined(separator: " ") {
                    return (mention.id, start, end)
                }
            }
        }
        return nil
    }

    /// The countries an attribute value names: an ISO code ("IT") or a name in any language.
    static func ids(inValue value: String) -> Set<String> {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 2, Vocabulary.countries.entries.contains(where: { $0.id == trimmed.lowercased() }) { return [trimmed.lowercased()] }
        return countries.ids(inWords: Lexicon.words(trimmed))
    }

    /// Attribute codes that state where a product was made.
    static let attributeCodes: Set<String> = [
        "country_of_origin", "origin", "origin_country", "country", "made_in", "manufacturing_country", "country_of_manufacture",
        "herkunftsland", "ursprungsland", "pays_origine", "pays_d_origine", "pais_origen", "paese_origine",
    ]
}

import Foundation
