/// The fixed phrases the template generator writes, per language. Only connective words live
/// here; every fact in the output comes from the product's attributes.
struct TemplatePhrasebook: Sendable {
    let by: String
    let features: String
    let yes: String
    let no: String
    let discover: String
    let labels: [String: String]

    static func forLanguage(_ language: String) -> TemplatePhrasebook? {
        all[language]
    }

    static let supportedLanguages: [String] = all.keys.sorted()

    private static let all: [String: TemplatePhrasebook] = [
        "en": TemplatePhrasebook(
            by: "by", features: "Details", yes: "yes", no: "no", discover: "Discover",
            labels: ["brand": "Brand", "color": "Colour", "material": "Material", "size": "Size", "weight": "Weight", "width": "Width", "height": "Height", "length": "Length", "depth": "Depth", "volume": "Volume", "power": "Power", "capacity": "Capacity", "warranty": "Warranty"]
        ),
        "de": TemplatePhrasebook(
            by: "von", features: "Details", yes: "ja", no: "nein", discover: "Entdecken Sie",
            labels: ["brand": "Marke", "color": "Farbe", "material": "Material", "size": "Größe", "weight": "Gewicht", "width": "Breite", "height": "Höhe", "length": "Länge", "depth": "Tiefe", "volume": "Volumen", "power": "Leistung", "capacity": "Kapazität", "warranty": "Garantie"]
        ),
        "fr": TemplatePhrasebook(
            by: "de", features: "Caractéristiques", yes: "oui", no: "non", discover: "Découvrez",
            labels: ["brand": "Marque", "color": "Couleur", "material": "Matière", "size": "Taille", "weight": "Poids", "width": "Largeur", "height": "Hauteur", "length": "Longueur", "depth": "Profondeur", "volume": "Volume", "power": "Puissance", "capacity": "Capacité", "warranty": "Garantie"]
        ),
        "es": TemplatePhrasebook(
            by: "de", features: "Características", yes: "sí", no: "no", discover: "Descubra",
            labels: ["brand": "Marca", "color": "Color", "material": "Material", "size": "Talla", "weight": "Peso", "width": "Ancho", "height": "Alto", "length": "Largo", "depth": "Profundidad", "volume": "Volumen", "power": "Potencia", "capacity": "Capacidad", "warranty": "Garantía"]
        ),
        "it": TemplatePhrasebook(
            by: "di", features: "Caratteristiche", yes: "sì", no: "no", discover: "Scopri",
            labels: ["brand": "Marca", "color": "Colore", "material": "Materiale", "size": "Taglia", "weight": "Peso", "width": "Larghezza", "height": "Altezza", "length": "Lunghezza", "depth": "Profondità", "volume": "Volume", "power": "Potenza", "capacity": "Capacità", "warranty": "Garanzia"]
        ),
        "nl": TemplatePhrasebook(
            by: "van", features: "Kenmerken", yes: "ja", no: "nee", discover: "Ontdek",
            labels: ["brand": "Merk", "color": "Kleur", "material": "Materiaal", "size": "Maat", "weight": "Gewicht", "width": "Breedte", "height": "Hoogte", "length": "Lengte", "depth": "Diepte", "volume": "Volume", "power": "Vermogen", "capacity": "Capaciteit", "warranty": "Garantie"]
        ),
    ]
}
