/// The sentences the template writes where the PIM has no description in the shop's
/// language: what the product is made of and its colour, then its highlights, built only from
/// attributes. Each language has several realisations, chosen by the SKU, so a family's
/// products do not all read alike; each is written so it stays grammatical whatever the
/// product's name and gender (values stand as nouns after a preposition or a label, never
/// as adjectives that would have to agree).
struct TemplateSentences: Sendable {
    /// Realisations with `{name}`, `{colour}` and `{material}`.
    let both: [String]
    let colourOnly: [String]
    let materialOnly: [String]
    /// Realisations with `{list}`, the features joined by `join`.
    let highlights: [String]
    /// The last join of a list ("and"); CJK lists use 、 throughout.
    let and: String
    /// The separator between list items.
    let comma: String

    func join(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        if and.isEmpty { return items.joined(separator: comma) }
        return items.dropLast().joined(separator: comma) + " \(and) " + items.last!
    }

    static func forLanguage(_ language: String) -> TemplateSentences? { all[language] }

    /// French puts a no-break space before `:`, `;`, `!` and `?`.
    static let nbsp = "\u{00A0}"

    private static let all: [String: TemplateSentences] = [
        "en": .init(
            both: ["The {name} comes in {colour} and is made of {material}.", "Made of {material}, the {name} comes in {colour}.", "{name}: {material} in {colour}."],
            colourOnly: ["The {name} comes in {colour}.", "{name}, in {colour}."], materialOnly: ["The {name} is made of {material}.", "{name}, made of {material}."],
            highlights: ["Highlights: {list}.", "It is {list}."], and: "and", comma: ", "
        ),
        "de": .init(
            both: ["{name} in {colour}, gefertigt aus {material}.", "Aus {material} gefertigt, in {colour} erhältlich: {name}.", "{name} aus {material}, Farbe {colour}."],
            colourOnly: ["{name} in {colour}.", "{name}, erhältlich in {colour}."], materialOnly: ["{name}, gefertigt aus {material}.", "{name} aus {material}."],
            highlights: ["{name} ist {list}.", "Auf einen Blick: {list}."], and: "und", comma: ", "
        ),
        "fr": .init(
            both: ["{name} en {material}, coloris {colour}.", "Coloris {colour}, en {material}\(nbsp): {name}.", "{name}\(nbsp): {material}, coloris {colour}."],
            colourOnly: ["{name}, coloris {colour}.", "Coloris {colour}\(nbsp): {name}."], materialOnly: ["{name} en {material}.", "{name}\(nbsp): fabrication en {material}."],
            highlights: ["Points forts\(nbsp): {list}.", "En bref\(nbsp): {list}."], and: "et", comma: ", "
        ),
        "es": .init(
            both: ["{name} de {material} en color {colour}.", "En color {colour} y de {material}: {name}.", "{name}: {material}, color {colour}."],
            colourOnly: ["{name} en color {colour}.", "{name}, color {colour}."], materialOnly: ["{name} de {material}.", "{name}, fabricado en {material}."],
            highlights: ["Puntos fuertes: {list}.", "En resumen: {list}."], and: "y", comma: ", "
        ),
        "it": .init(
            both: ["{name} in {material}, colore {colour}.", "Colore {colour}, in {material}: {name}.", "{name}: {material}, colore {colour}."],
            colourOnly: ["{name}, colore {colour}.", "{name} nel colore {colour}."], materialOnly: ["{name} in {material}.", "{name}, realizzato in {material}."],
            highlights: ["Punti di forza: {list}.", "In breve: {list}."], and: "e", comma: ", "
        ),
        "nl": .init(
            both: ["{name} van {material}, in de kleur {colour}.", "In de kleur {colour} en van {material}: {name}.", "{name}: {material}, kleur {colour}."],
            colourOnly: ["{name} in de kleur {colour}.", "{name}, kleur {colour}."], materialOnly: ["{name} van {material}.", "{name}, gemaakt van {material}."],
            highlights: ["Sterke punten: {list}.", "In het kort: {list}."], and: "en", comma: ", "
        ),
        "pt": .init(
            both: ["{name} em {material}, na cor {colour}.", "Na cor {colour} e em {material}: {name}.", "{name}: {material}, cor {colour}."],
            colourOnly: ["{name} na cor {colour}.", "{name}, cor {colour}."], materialOnly: ["{name} em {material}.", "{name}, fabricado em {material}."],
            highlights: ["Destaques: {list}.", "Em resumo: {list}."], and: "e", comma: ", "
        ),
        "pl": .init(
            both: ["{name} – materiał: {material}, kolor: {colour}.", "{name}: kolor {colour}, materiał {material}."],
            colourOnly: ["{name} – kolor: {colour}."], materialOnly: ["{name} – materiał: {material}."],
            highlights: ["Zalety: {list}.", "W skrócie: {list}."], and: "i", comma: ", "
        ),
        "sv": .init(
            both: ["{name} i {material}, färg {colour}.", "I {material} och färgen {colour}: {name}."],
            colourOnly: ["{name} i färgen {colour}."], materialOnly: ["{name} i {material}."],
            highlights: ["Fördelar: {list}.", "Kort sagt: {list}."], and: "och", comma: ", "
        ),
        "da": .init(
            both: ["{name} i {material}, farve {colour}.", "I {material} og farven {colour}: {name}."],
            colourOnly: ["{name} i farven {colour}."], materialOnly: ["{name} i {material}."],
            highlights: ["Fordele: {list}.", "Kort sagt: {list}."], and: "og", comma: ", "
        ),
        "nb": .init(
            both: ["{name} i {material}, farge {colour}.", "I {material} og fargen {colour}: {name}."],
            colourOnly: ["{name} i fargen {colour}."], materialOnly: ["{name} i {material}."],
            highlights: ["Fordeler: {list}.", "Kort sagt: {list}."], and: "og", comma: ", "
        ),
        "fi": .init(
            both: ["{name} – materiaali: {material}, väri: {colour}.", "{name}: väri {colour}, materiaali {material}."],
            colourOnly: ["{name} – väri: {colour}."], materialOnly: ["{name} – materiaali: {material}."],
            highlights: ["Edut: {list}.", "Lyhyesti: {list}."], and: "ja", comma: ", "
        ),
        "cs": .init(
            both: ["{name} – materiál: {material}, barva: {colour}.", "{name}: barva {colour}, materiál {material}."],
            colourOnly: ["{name} – barva: {colour}."], materialOnly: ["{name} – materiál: {material}."],
            highlights: ["Přednosti: {list}.", "Ve zkratce: {list}."], and: "a", comma: ", "
        ),
        "tr": .init(
            both: ["{name} – malzeme: {material}, renk: {colour}.", "{name}: renk {colour}, malzeme {material}."],
            colourOnly: ["{name} – renk: {colour}."], materialOnly: ["{name} – malzeme: {material}."],
            highlights: ["Öne çıkanlar: {list}.", "Kısaca: {list}."], and: "ve", comma: ", "
        ),
        "ja": .init(
            both: ["{name}は{material}製、カラーは{colour}です。", "{colour}の{name}。素材は{material}です。"],
            colourOnly: ["{name}のカラーは{colour}です。"], materialOnly: ["{name}は{material}製です。"],
            highlights: ["特長：{list}。", "ポイント：{list}。"], and: "", comma: "、"
        ),
        "zh": .init(
            both: ["{name}采用{material}，颜色为{colour}。", "{colour}{name}，采用{material}。"],
            colourOnly: ["{name}的颜色为{colour}。"], materialOnly: ["{name}采用{material}。"],
            highlights: ["特点：{list}。", "亮点：{list}。"], and: "", comma: "、"
        ),
    ]
}
