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
        "pt": TemplatePhrasebook(
            by: "de", features: "Características", yes: "sim", no: "não", discover: "Descubra",
            labels: ["brand": "Marca", "color": "Cor", "material": "Material", "size": "Tamanho", "weight": "Peso", "width": "Largura", "height": "Altura", "length": "Comprimento", "depth": "Profundidade", "volume": "Volume", "power": "Potência", "capacity": "Capacidade", "warranty": "Garantia"]
        ),
        "pl": TemplatePhrasebook(
            by: "marki", features: "Cechy", yes: "tak", no: "nie", discover: "Poznaj",
            labels: ["brand": "Marka", "color": "Kolor", "material": "Materiał", "size": "Rozmiar", "weight": "Waga", "width": "Szerokość", "height": "Wysokość", "length": "Długość", "depth": "Głębokość", "volume": "Pojemność", "power": "Moc", "capacity": "Pojemność", "warranty": "Gwarancja"]
        ),
        "sv": TemplatePhrasebook(
            by: "från", features: "Egenskaper", yes: "ja", no: "nej", discover: "Upptäck",
            labels: ["brand": "Märke", "color": "Färg", "material": "Material", "size": "Storlek", "weight": "Vikt", "width": "Bredd", "height": "Höjd", "length": "Längd", "depth": "Djup", "volume": "Volym", "power": "Effekt", "capacity": "Kapacitet", "warranty": "Garanti"]
        ),
        "da": TemplatePhrasebook(
            by: "fra", features: "Egenskaber", yes: "ja", no: "nej", discover: "Oplev",
            labels: ["brand": "Mærke", "color": "Farve", "material": "Materiale", "size": "Størrelse", "weight": "Vægt", "width": "Bredde", "height": "Højde", "length": "Længde", "depth": "Dybde", "volume": "Volumen", "power": "Effekt", "capacity": "Kapacitet", "warranty": "Garanti"]
        ),
        "fi": TemplatePhrasebook(
            by: "–", features: "Ominaisuudet", yes: "kyllä", no: "ei", discover: "Tutustu",
            labels: ["brand": "Merkki", "color": "Väri", "material": "Materiaali", "size": "Koko", "weight": "Paino", "width": "Leveys", "height": "Korkeus", "length": "Pituus", "depth": "Syvyys", "volume": "Tilavuus", "power": "Teho", "capacity": "Kapasiteetti", "warranty": "Takuu"]
        ),
        "nb": TemplatePhrasebook(
            by: "fra", features: "Egenskaper", yes: "ja", no: "nei", discover: "Oppdag",
            labels: ["brand": "Merke", "color": "Farge", "material": "Materiale", "size": "Størrelse", "weight": "Vekt", "width": "Bredde", "height": "Høyde", "length": "Lengde", "depth": "Dybde", "volume": "Volum", "power": "Effekt", "capacity": "Kapasitet", "warranty": "Garanti"]
        ),
        "cs": TemplatePhrasebook(
            by: "od", features: "Vlastnosti", yes: "ano", no: "ne", discover: "Objevte",
            labels: ["brand": "Značka", "color": "Barva", "material": "Materiál", "size": "Velikost", "weight": "Hmotnost", "width": "Šířka", "height": "Výška", "length": "Délka", "depth": "Hloubka", "volume": "Objem", "power": "Výkon", "capacity": "Kapacita", "warranty": "Záruka"]
        ),
        "tr": TemplatePhrasebook(
            by: "–", features: "Özellikler", yes: "evet", no: "hayır", discover: "Keşfedin:",
            labels: ["brand": "Marka", "color": "Renk", "material": "Malzeme", "size": "Beden", "weight": "Ağırlık", "width": "Genişlik", "height": "Yükseklik", "length": "Uzunluk", "depth": "Derinlik", "volume": "Hacim", "power": "Güç", "capacity": "Kapasite", "warranty": "Garanti"]
        ),
        "ja": TemplatePhrasebook(
            by: "–", features: "仕様", yes: "はい", no: "いいえ", discover: "ご覧ください：",
            labels: ["brand": "ブランド", "color": "カラー", "material": "素材", "size": "サイズ", "weight": "重量", "width": "幅", "height": "高さ", "length": "長さ", "depth": "奥行き", "volume": "容量", "power": "消費電力", "capacity": "容量", "warranty": "保証"]
        ),
        "zh": TemplatePhrasebook(
            by: "–", features: "规格", yes: "是", no: "否", discover: "了解",
            labels: ["brand": "品牌", "color": "颜色", "material": "材质", "size": "尺寸", "weight": "重量", "width": "宽度", "height": "高度", "length": "长度", "depth": "深度", "volume": "体积", "power": "功率", "capacity": "容量", "warranty": "保修"]
        ),
    ]
}
