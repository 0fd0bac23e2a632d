/// The fixed phrases the template generator writes, per language. Only connective words live
/// here; every fact in the output comes from the product's attributes.
struct TemplatePhrasebook: Sendable {
    let by: String
    let features: String
    let yes: String
    let no: String
    let discover: String
    /// Closing lines for a meta description the facts leave short, longest first: where to
    /// buy, no claim.
    let order: [String]
    let labels: [String: String]

    static func forLanguage(_ language: String) -> TemplatePhrasebook? {
        all[language]
    }

    static let supportedLanguages: [String] = all.keys.sorted()

    private static let all: [String: TemplatePhrasebook] = [
        "en": TemplatePhrasebook(
            by: "by", features: "Details", yes: "yes", no: "no", discover: "Discover", order: ["See every detail and order online in our shop today.", "Available to order online in our shop today.", "Available to order online."],
            labels: ["care": "Care", "fit": "Fit", "brand": "Brand", "color": "Colour", "material": "Material", "size": "Size", "weight": "Weight", "width": "Width", "height": "Height", "length": "Length", "depth": "Depth", "volume": "Volume", "power": "Power", "capacity": "Capacity", "warranty": "Warranty", "country_of_origin": "Country of origin"]
        ),
        "de": TemplatePhrasebook(
            by: "von", features: "Details", yes: "ja", no: "nein", discover: "Entdecken Sie", order: ["Alle Details ansehen und bequem online in unserem Shop bestellen.", "Jetzt bequem online in unserem Shop bestellen.", "Jetzt online bestellen."],
            labels: ["care": "Pflege", "fit": "Passform", "brand": "Marke", "color": "Farbe", "material": "Material", "size": "Größe", "weight": "Gewicht", "width": "Breite", "height": "Höhe", "length": "Länge", "depth": "Tiefe", "volume": "Volumen", "power": "Leistung", "capacity": "Kapazität", "warranty": "Garantie", "country_of_origin": "Herkunftsland"]
        ),
        "fr": TemplatePhrasebook(
            by: "de", features: "Caractéristiques", yes: "oui", no: "non", discover: "Découvrez", order: ["Consultez tous les détails et commandez en ligne sur notre boutique.", "À commander dès maintenant en ligne sur notre boutique.", "À commander en ligne dès maintenant."],
            labels: ["care": "Entretien", "fit": "Coupe", "brand": "Marque", "color": "Couleur", "material": "Matière", "size": "Taille", "weight": "Poids", "width": "Largeur", "height": "Hauteur", "length": "Longueur", "depth": "Profondeur", "volume": "Volume", "power": "Puissance", "capacity": "Capacité", "warranty": "Garantie", "country_of_origin": "Pays d’origine"]
        ),
        "es": TemplatePhrasebook(
            by: "de", features: "Características", yes: "sí", no: "no", discover: "Descubra", order: ["Consulte todos los detalles y haga su pedido en línea en nuestra tienda.", "Disponible para pedir ya en línea en nuestra tienda.", "Disponible para pedir en línea."],
            labels: ["care": "Cuidado", "fit": "Corte", "brand": "Marca", "color": "Color", "material": "Material", "size": "Talla", "weight": "Peso", "width": "Ancho", "height": "Alto", "length": "Largo", "depth": "Profundidad", "volume": "Volumen", "power": "Potencia", "capacity": "Capacidad", "warranty": "Garantía", "country_of_origin": "País de origen"]
        ),
        "it": TemplatePhrasebook(
            by: "di", features: "Caratteristiche", yes: "sì", no: "no", discover: "Scopri", order: ["Guarda tutti i dettagli e ordina online nel nostro negozio.", "Ordinabile subito online nel nostro negozio.", "Ordinabile online."],
            labels: ["care": "Manutenzione", "fit": "Vestibilità", "brand": "Marca", "color": "Colore", "material": "Materiale", "size": "Taglia", "weight": "Peso", "width": "Larghezza", "height": "Altezza", "length": "Lunghezza", "depth": "Profondità", "volume": "Volume", "power": "Potenza", "capacity": "Capacità", "warranty": "Garanzia", "country_of_origin": "Paese di origine"]
        ),
        "nl": TemplatePhrasebook(
            by: "van", features: "Kenmerken", yes: "ja", no: "nee", discover: "Ontdek", order: ["Bekijk alle details en bestel eenvoudig online in onze webshop.", "Nu eenvoudig online te bestellen in onze webshop.", "Nu online te bestellen."],
            labels: ["care": "Onderhoud", "fit": "Pasvorm", "brand": "Merk", "color": "Kleur", "material": "Materiaal", "size": "Maat", "weight": "Gewicht", "width": "Breedte", "height": "Hoogte", "length": "Lengte", "depth": "Diepte", "volume": "Volume", "power": "Vermogen", "capacity": "Capaciteit", "warranty": "Garantie", "country_of_origin": "Land van herkomst"]
        ),
        "pt": TemplatePhrasebook(
            by: "de", features: "Características", yes: "sim", no: "não", discover: "Descubra", order: ["Veja todos os detalhes e encomende online na nossa loja.", "Disponível para encomenda online na nossa loja.", "Disponível para encomenda online."],
            labels: ["care": "Cuidados", "fit": "Corte", "brand": "Marca", "color": "Cor", "material": "Material", "size": "Tamanho", "weight": "Peso", "width": "Largura", "height": "Altura", "length": "Comprimento", "depth": "Profundidade", "volume": "Volume", "power": "Potência", "capacity": "Capacidade", "warranty": "Garantia", "country_of_origin": "País de origem"]
        ),
        "pl": TemplatePhrasebook(
            by: "marki", features: "Cechy", yes: "tak", no: "nie", discover: "Poznaj", order: ["Sprawdź wszystkie szczegóły i zamów wygodnie online w naszym sklepie.", "Zamów teraz wygodnie online w naszym sklepie.", "Zamów teraz online."],
            labels: ["care": "Pielęgnacja", "fit": "Krój", "brand": "Marka", "color": "Kolor", "material": "Materiał", "size": "Rozmiar", "weight": "Waga", "width": "Szerokość", "height": "Wysokość", "length": "Długość", "depth": "Głębokość", "volume": "Pojemność", "power": "Moc", "capacity": "Pojemność", "warranty": "Gwarancja", "country_of_origin": "Kraj pochodzenia"]
        ),
        "sv": TemplatePhrasebook(
            by: "från", features: "Egenskaper", yes: "ja", no: "nej", discover: "Upptäck", order: ["Se alla detaljer och beställ enkelt online i vår webbutik.", "Beställ enkelt online i vår webbutik.", "Beställ online nu."],
            labels: ["care": "Skötsel", "fit": "Passform", "brand": "Märke", "color": "Färg", "material": "Material", "size": "Storlek", "weight": "Vikt", "width": "Bredd", "height": "Höjd", "length": "Längd", "depth": "Djup", "volume": "Volym", "power": "Effekt", "capacity": "Kapacitet", "warranty": "Garanti", "country_of_origin": "Ursprungsland"]
        ),
        "da": TemplatePhrasebook(
            by: "fra", features: "Egenskaber", yes: "ja", no: "nej", discover: "Oplev", order: ["Se alle detaljer, og bestil nemt online i vores webshop.", "Bestil nemt online i vores webshop.", "Bestil online nu."],
            labels: ["care": "Pleje", "fit": "Pasform", "brand": "Mærke", "color": "Farve", "material": "Materiale", "size": "Størrelse", "weight": "Vægt", "width": "Bredde", "height": "Højde", "length": "Længde", "depth": "Dybde", "volume": "Volumen", "power": "Effekt", "capacity": "Kapacitet", "warranty": "Garanti", "country_of_origin": "Oprindelsesland"]
        ),
        "fi": TemplatePhrasebook(
            by: "–", features: "Ominaisuudet", yes: "kyllä", no: "ei", discover: "Tutustu", order: ["Katso kaikki tiedot ja tilaa helposti verkkokaupastamme.", "Tilaa helposti verkkokaupastamme.", "Tilaa verkosta nyt."],
            labels: ["care": "Hoito", "fit": "Istuvuus", "brand": "Merkki", "color": "Väri", "material": "Materiaali", "size": "Koko", "weight": "Paino", "width": "Leveys", "height": "Korkeus", "length": "Pituus", "depth": "Syvyys", "volume": "Tilavuus", "power": "Teho", "capacity": "Kapasiteetti", "warranty": "Takuu", "country_of_origin": "Alkuperämaa"]
        ),
        "nb": TemplatePhrasebook(
            by: "fra", features: "Egenskaper", yes: "ja", no: "nei", discover: "Oppdag", order: ["Se alle detaljer og bestill enkelt på nett i vår nettbutikk.", "Bestill enkelt på nett i vår nettbutikk.", "Bestill på nett nå."],
            labels: ["care": "Vedlikehold", "fit": "Passform", "brand": "Merke", "color": "Farge", "material": "Materiale", "size": "Størrelse", "weight": "Vekt", "width": "Bredde", "height": "Høyde", "length": "Lengde", "depth": "Dybde", "volume": "Volum", "power": "Effekt", "capacity": "Kapasitet", "warranty": "Garanti", "country_of_origin": "Opprinnelsesland"]
        ),
        "cs": TemplatePhrasebook(
            by: "od", features: "Vlastnosti", yes: "ano", no: "ne", discover: "Objevte", order: ["Prohlédněte si všechny podrobnosti a objednejte pohodlně online v našem obchodě.", "Objednejte pohodlně online v našem obchodě.", "Objednejte online ještě dnes."],
            labels: ["care": "Údržba", "fit": "Střih", "brand": "Značka", "color": "Barva", "material": "Materiál", "size": "Velikost", "weight": "Hmotnost", "width": "Šířka", "height": "Výška", "length": "Délka", "depth": "Hloubka", "volume": "Objem", "power": "Výkon", "capacity": "Kapacita", "warranty": "Záruka", "country_of_origin": "Země původu"]
        ),
        "tr": TemplatePhrasebook(
            by: "–", features: "Özellikler", yes: "evet", no: "hayır", discover: "Keşfedin:", order: ["Tüm ayrıntıları inceleyin ve mağazamızdan hemen online sipariş verin.", "Mağazamızdan hemen online sipariş verin.", "Hemen online sipariş verin."],
            labels: ["care": "Bakım", "fit": "Kalıp", "brand": "Marka", "color": "Renk", "material": "Malzeme", "size": "Beden", "weight": "Ağırlık", "width": "Genişlik", "height": "Yükseklik", "length": "Uzunluk", "depth": "Derinlik", "volume": "Hacim", "power": "Güç", "capacity": "Kapasite", "warranty": "Garanti", "country_of_origin": "Menşe ülke"]
        ),
        "ja": TemplatePhrasebook(
            by: "–", features: "仕様", yes: "はい", no: "いいえ", discover: "ご覧ください：", order: ["詳しい仕様をご確認のうえ、当店のオンラインショップでご注文いただけます。", "当店のオンラインショップでご注文いただけます。", "オンラインでご注文いただけます。"],
            labels: ["care": "お手入れ", "fit": "フィット", "brand": "ブランド", "color": "カラー", "material": "素材", "size": "サイズ", "weight": "重量", "width": "幅", "height": "高さ", "length": "長さ", "depth": "奥行き", "volume": "容量", "power": "消費電力", "capacity": "容量", "warranty": "保証", "country_of_origin": "原産国"]
        ),
        "zh": TemplatePhrasebook(
            by: "–", features: "规格", yes: "是", no: "否", discover: "了解", order: ["请查看完整规格，现可在本店网上商城在线订购，欢迎选购。", "现可在本店网上商城在线订购，欢迎选购。", "现可在本店在线订购，欢迎选购。", "现可在线订购，欢迎选购。"],
            labels: ["care": "护理", "fit": "版型", "brand": "品牌", "color": "颜色", "material": "材质", "size": "尺寸", "weight": "重量", "width": "宽度", "height": "高度", "length": "长度", "depth": "深度", "volume": "体积", "power": "功率", "capacity": "容量", "warranty": "保修", "country_of_origin": "原产地"]
        ),
    ]
}

/// How a language punctuates labels, lists and sentences: French sets a no-break space before
/// a colon; Japanese and Chinese use full-width marks with no spaces between sentences.
struct Punctuation: Sendable {
    let colon: String
    /// Between a label's colon and its value.
    let afterColon: String
    let fullStop: String
    let listSeparator: String
    /// Between the values of one attribute ("Navy, Weiß"; "ネイビー、ホワイト").
    let valueSeparator: String
    let sentenceGap: String

    static func of(_ language: String) -> Punctuation {
        switch language {
        case "ja": Punctuation(colon: "：", afterColon: "", fullStop: "。", listSeparator: "、", valueSeparator: "、", sentenceGap: "")
        case "zh": Punctuation(colon: "：", afterColon: "", fullStop: "。", listSeparator: "，", valueSeparator: "、", sentenceGap: "")
        case "fr": Punctuation(colon: "\u{00A0}:", afterColon: " ", fullStop: ".", listSeparator: ", ", valueSeparator: ", ", sentenceGap: " ")
        default: Punctuation(colon: ":", afterColon: " ", fullStop: ".", listSeparator: ", ", valueSeparator: ", ", sentenceGap: " ")
        }
    }
}
