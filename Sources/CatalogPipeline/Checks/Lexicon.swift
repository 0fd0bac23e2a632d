/// Words that carry facts in product copy, per language, mapped to language-neutral ids: a
/// claim of "schwarz" in German copy is grounded by a PIM colour "Black".
///
/// Matching is by word, allowing the short inflection endings of the supported languages
/// (rot → rote, roten; negro → negra; nero → nera); German and Dutch compounds match by
/// their first or last part (Edelstahlgehäuse → stainless steel).
struct Lexicon: Sendable {
    let entries: [(id: String, words: [String])]
    /// Ids one id implies: stainless steel is steel.
    let implies: [String: [String]]

    static let colors = Lexicon(entries: [
        ("red", ["red", "rot", "rouge", "rojo", "rosso", "rood", "vermelho", "czerwony", "röd", "rød", "punainen", "červený", "kırmızı"]),
        ("blue", ["blue", "blau", "bleu", "azul", "blu", "blauw", "niebieski", "blå", "sininen", "modrý", "mavi"]),
        ("green", ["green", "grün", "gruen", "vert", "verde", "groen", "zielony", "grön", "grøn", "vihreä", "zelený", "yeşil"]),
        ("black", ["black", "schwarz", "noir", "negro", "nero", "zwart", "preto", "czarny", "svart", "musta", "černý", "siyah"]),
        ("white", ["white", "weiß", "weiss", "blanc", "blanche", "blanco", "bianco", "wit", "branco", "biały", "vit", "hvid", "valkoinen", "bílý", "beyaz"]),
        ("yellow", ["yellow", "gelb", "jaune", "amarillo", "giallo", "geel", "amarelo", "żółty", "gul", "keltainen", "žlutý", "sarı"]),
        ("orange", ["orange", "naranja", "arancione", "oranje", "laranja", "pomarańczowy", "oranssi", "oranžový", "turuncu"]),
        ("purple", ["purple", "violet", "lila", "violett", "morado", "viola", "paars", "roxo", "fioletowy", "fialový"]),
        ("pink", ["pink", "rosa", "rose", "roze", "różowy", "růžový", "pembe", "vaaleanpunainen", "lyserød"]),
        ("brown", ["brown", "braun", "marron", "marrón", "marrone", "bruin", "castanho", "brązowy", "brun", "ruskea", "hnědý", "kahverengi"]),
        ("grey", ["grey", "gray", "grau", "gris", "grigio", "grijs", "cinzento", "szary", "grå", "harmaa", "šedý"]),
        ("silver", ["silver", "silber", "argenté", "plateado", "argento", "zilver", "prata", "srebrny", "sølv", "hopea", "stříbrný", "gümüş"]),
        ("gold", ["gold", "golden", "doré", "dorado", "oro", "goud", "dourado", "złoty", "guld", "kulta", "zlatý", "altın"]),
        ("beige", ["beige", "béžový", "bej"]),
        ("turquoise", ["turquoise", "türkis", "turquesa", "turchese"]),
    ], implies: [:])

    static let materials = Lexicon(entries: [
        ("cotton", ["cotton", "baumwolle", "coton", "algodón", "cotone", "katoen", "algodão", "bawełna", "bomull", "puuvilla", "bavlna", "pamuk"]),
        ("polyester", ["polyester", "poliéster", "poliestere", "poliester"]),
        ("wool", ["wool", "wolle", "laine", "lana", "wol", "lã", "wełna", "vlna", "yün"]),
        ("leather", ["leather", "leder", "cuir", "cuero", "pelle", "cuoio", "leer", "couro", "skóra", "läder", "læder", "nahka", "kůže", "deri"]),
        ("silk", ["silk", "seide", "soie", "seda", "seta", "zijde", "jedwab", "siden", "silke", "silkki", "hedvábí", "ipek"]),
        ("linen", ["linen", "leinen", "lino", "linnen", "linho", "pellava", "keten"]),
        ("stainless-steel", ["stainless steel", "edelstahl", "inox", "acier inoxydable", "acero inoxidable", "acciaio inox", "roestvrij staal", "rvs", "rostfritt stål", "rustfrit stål", "ruostumaton teräs", "nerez", "paslanmaz çelik"]),
        ("steel", ["steel", "stahl", "acier", "acero", "acciaio", "staal", "aço", "stal", "stål", "teräs", "ocel", "çelik"]),
        ("aluminium", ["aluminium", "aluminum", "aluminio", "alluminio", "alumínio", "alumiini", "hliník", "alüminyum"]),
        ("wood", ["wood", "wooden", "holz", "bois", "madera", "legno", "hout", "houten", "madeira", "drewno", "trä", "træ", "puu", "dřevo", "ahşap"]),
        ("oak", ["oak", "eiche", "chêne", "roble", "rovere", "eiken", "carvalho", "dąb", "tammi", "meşe"]),
        ("bamboo", ["bamboo", "bambus", "bambou", "bambú", "bambù", "bamboe", "bambu"]),
        ("glass", ["glass", "glas", "verre", "vidrio", "vetro", "vidro", "szkło", "lasi", "sklo"]),
        ("plastic", ["plastic", "kunststoff", "plastique", "plástico", "plastica", "kunststof", "tworzywo", "plast", "muovi", "plastik"]),
        ("ceramic", ["ceramic", "keramik", "céramique", "cerámica", "ceramica", "keramiek", "cerâmica", "ceramika", "keramiikka", "keramika", "seramik"]),
        ("porcelain", ["porcelain", "porzellan", "porcelaine", "porcelana", "porcellana", "porselein", "porslin", "porcelæn", "posliini", "porcelán", "porselen"]),
        ("copper", ["copper", "kupfer", "cuivre", "cobre", "rame", "koper", "miedź", "koppar", "kobber", "kupari", "měď", "bakır"]),
        ("brass", ["brass", "messing", "laiton", "latón", "ottone", "latão", "mosiądz", "mässing", "messinki", "mosaz", "pirinç"]),
        ("titanium", ["titanium", "titan", "titane", "titanio", "titânio", "tytan", "titaani"]),
        ("silicone", ["silicone", "silikon", "silicona", "siliconen", "silikoni"]),
        ("marble", ["marble", "marmor", "marbre", "mármol", "marmo", "marmer", "mármore", "marmur", "marmori", "mramor", "mermer"]),
    ], implies: ["stainless-steel": ["steel"], "oak": ["wood"]])

    /// The ids `text` mentions, with the words that mention them.
    func mentions(in text: String) -> [(id: String, phrase: String)] {
        let words = Self.words(text)
        var found: [(id: String, phrase: String)] = []
        for entry in entries {
            for term in entry.words {
                let termWords = term.split(separator: " ").map(String.init)
                if let match = Self.find(termWords, in: words) {
                    found.append((entry.id, match))
                    break
                }
            }
        }
        // A more specific id found in the same words (stainless steel) hides the general one.
        let specific = Set(found.flatMap { implies[$0.id] ?? [] })
        return found.filter { mention in !specific.contains(mention.id) || !found.contains { implies[$0.id]?.contains(mention.id) == true && $0.phrase.contains(mention.phrase) } }
    }

    /// Every id `text` grounds, including implied ones.
    func ids(in text: String) -> Set<String> {
        var ids = Set(mentions(in: text).map(\.id))
        for id in ids { ids.formUnion(implies[id] ?? []) }
        return ids
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    private static let endings: Set<String> = ["", "e", "en", "er", "es", "em", "s", "a", "o", "as", "os", "i", "n", "r", "t", "ne", "na"]

    private static func find(_ term: [String], in words: [String]) -> String? {
        guard let first = term.first, !words.isEmpty else { return nil }
        if term.count == 1 {
            for word in words where matches(word, first) { return word }
            return nil
        }
        guard words.count >= term.count else { return nil }
        for start in 0...(words.count - term.count) {
            let window = words[start..<(start + term.count)]
            if zip(window, term).allSatisfy({ matches($0, $1) }) { return window.joined(separator: " ") }
        }
        return nil
    }

    private static func matches(_ word: String, _ term: String) -> Bool {
        if word == term { return true }
        if word.hasPrefix(term), endings.contains(String(word.dropFirst(term.count))) { return true }
        // Compounds (Edelstahlgehäuse, Holzrahmen, houtenframe): long terms only.
        if term.count >= 4, word.count >= term.count + 3, word.hasPrefix(term) || word.hasSuffix(term) { return true }
        return false
    }
}
