import Foundation

/// Writes the benchmark catalog: `products` SKUs, name and description in 12 locales and
/// about 25 further attributes each, as Akeneo CSV, Akeneo JSONL or BMEcat 2005. A non-zero
/// `variant` changes the colour of every hundredth product (1% changed).
struct ExportGenerator {
    static let locales = ["en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_PT", "pl_PL", "sv_SE", "da_DK", "fi_FI", "cs_CZ"]
    static let bmecatLanguages = ["eng", "deu", "fra", "spa", "ita", "nld", "por", "pol", "swe", "dan", "fin", "ces"]
    static let textAttributes = ["brand", "color", "material", "size", "pattern", "season", "gender", "age_group", "style", "fit", "collection", "care_instructions", "country_of_origin", "warranty", "eco_label", "ean", "manufacturer"]
    static let metrics = [("weight", "GRAM"), ("width", "CENTIMETER"), ("height", "CENTIMETER"), ("depth", "CENTIMETER"), ("power", "WATT"), ("capacity", "LITER")]

    let products: Int
    let variant: Int
    /// Names and descriptions in each locale's language (the end-to-end bench: copy a shop would
    /// publish), instead of the same English text under every locale (the ingest benches).
    var localized = false

    static let localizedText: [(name: String, description: String)] = [
        ("Product", "A durable, carefully made item for everyday use, easy to clean and built to last for years."),
        ("Produkt", "Ein robuster, sorgfältig gefertigter Artikel für den täglichen Gebrauch, leicht zu reinigen und für viele Jahre gebaut."),
        ("Produit", "Un article robuste et soigneusement fabriqué pour un usage quotidien, facile à nettoyer et conçu pour durer des années."),
        ("Producto", "Un artículo resistente y cuidadosamente fabricado para el uso diario, fácil de limpiar y hecho para durar muchos años."),
        ("Prodotto", "Un articolo robusto e realizzato con cura per l'uso quotidiano, facile da pulire e costruito per durare negli anni."),
        ("Product", "Een stevig, zorgvuldig gemaakt artikel voor dagelijks gebruik, makkelijk schoon te maken en gebouwd om jaren mee te gaan."),
        ("Produto", "Um artigo resistente e cuidadosamente fabricado para o uso diário, fácil de limpar e feito para durar muitos anos."),
        ("Produkt", "Solidny, starannie wykonany produkt do codziennego użytku, łatwy w czyszczeniu i trwały przez wiele lat."),
        ("Produkt", "En tålig och noggrant tillverkad artikel för daglig användning, lätt att rengöra och byggd för att hålla i många år."),
        ("Produkt", "En solid og omhyggeligt fremstillet vare til daglig brug, nem at rengøre og bygget til at holde i mange år."),
        ("Tuote", "Kestävä ja huolellisesti valmistettu tuote päivittäiseen käyttöön, helppo puhdistaa ja tehty kestämään vuosia."),
        ("Výrobek", "Odolný a pečlivě vyrobený výrobek pro každodenní použití, snadno se čistí a vydrží mnoho let."),
    ]

    func color(_ index: Int) -> String {
        variant != 0 && index % 100 == 0 ? "Purple \(variant)" : ["Blue", "Red", "Green", "Black", "White", "Orange"][index % 6]
    }

    func text(_ attribute: String, _ index: Int) -> String {
        attribute == "color" ? color(index) : "\(attribute.capitalized) \(index % 37)"
    }

    func name(_ index: Int, _ locale: Int) -> String {
        localized ? "\(Self.localizedText[locale].name) \(index)" : "Product \(index) (\(Self.locales[locale]))"
    }

    func description(_ index: Int, _ locale: Int) -> String {
        if localized { return Self.localizedText[locale].description }
        return "Product \(index) in locale \(locale): a durable, carefully made item for everyday use, tested outdoors in rain and sun; easy to clean and built to last for years."
    }

    func write(_ format: String, to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var buffer = ""
        func flush(force: Bool = false) {
            if force || buffer.utf8.count > 4 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        switch format {
        case "csv":
            var header = ["sku", "categories", "enabled", "family"]
            header += Self.locales.flatMap { ["name-\($0)", "description-\($0)-ecommerce"] }
            header += Self.textAttributes + Self.metrics.flatMap { [$0.0, "\($0.0)-unit"] } + ["price-EUR", "price-USD"]
            buffer += header.joined(separator: ";") + "\n"
            for index in 0..<products {
                var row = ["SKU-\(index)", "outdoor,category_\(index % 50)", "1", "family_\(index % 20)"]
                for locale in 0..<Self.locales.count {
                    row.append(name(index, locale))
                    row.append("\"\(description(index, locale))\"")
                }
                row += Self.textAttributes.map { text($0, index) }
                row += Self.metrics.flatMap { ["\(100 + index % 900)", $0.1] }
                row += ["\(index % 500).99", "\(index % 500 + 5).49"]
                buffer += row.joined(separator: ";") + "\n"
                flush()
            }
        case "jsonl":
            for index in 0..<products {
                var values: [String] = []
                values.append("\"name\":[" + Self.locales.map { "{\"locale\":\"\($0)\",\"scope\":null,\"data\":\"Product \(index) (\($0))\"}" }.joined(separator: ",") + "]")
                values.append("\"description\":[" + Self.locales.indices.map { "{\"locale\":\"\(Self.locales[$0])\",\"scope\":\"ecommerce\",\"data\":\"\(description(index, $0))\"}" }.joined(separator: ",") + "]")
                values += Self.textAttributes.map { "\"\($0)\":[{\"locale\":null,\"scope\":null,\"data\":\"\(text($0, index))\"}]" }
                values += Self.metrics.map { "\"\($0.0)\":[{\"locale\":null,\"scope\":null,\"data\":{\"amount\":\"\(100 + index % 900)\",\"unit\":\"\($0.1)\"}}]" }
                values.append("\"price\":[{\"locale\":null,\"scope\":null,\"data\":[{\"amount\":\"\(index % 500).99\",\"currency\":\"EUR\"},{\"amount\":\"\(index % 500 + 5).49\",\"currency\":\"USD\"}]}]")
                buffer += "{\"identifier\":\"SKU-\(index)\",\"family\":\"family_\(index % 20)\",\"categories\":[\"outdoor\",\"category_\(index % 50)\"],\"enabled\":true,\"values\":{\(values.joined(separator: ","))}}\n"
                flush()
            }
        case "bmecat":
            buffer += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BMECAT version=\"2005\" xmlns=\"http://www.bmecat.org/bmecat/2005\">\n<HEADER><CATALOG><LANGUAGE default=\"true\">eng</LANGUAGE><CATALOG_ID>bench</CATALOG_ID><CATALOG_VERSION>1.0</CATALOG_VERSION><CURRENCY>EUR</CURRENCY></CATALOG></HEADER>\n<T_NEW_CATALOG>\n"
            for index in 0..<products {
                buffer += "<PRODUCT mode=\"new\"><SUPPLIER_PID>SKU-\(index)</SUPPLIER_PID><PRODUCT_DETAILS>"
                for (position, language) in Self.bmecatLanguages.enumerated() {
                    buffer += "<DESCRIPTION_SHORT lang=\"\(language)\">Product \(index) (\(language))</DESCRIPTION_SHORT><DESCRIPTION_LONG lang=\"\(language)\">\(description(index, position))</DESCRIPTION_LONG>"
                }
                buffer += "<INTERNATIONAL_PID type=\"gtin\">40000\(index)</INTERNATIONAL_PID><MANUFACTURER_NAME>Brand \(index % 37)</MANUFACTURER_NAME></PRODUCT_DETAILS><PRODUCT_FEATURES>"
                for attribute in Self.textAttributes where attribute != "brand" && attribute != "ean" {
                    buffer += "<FEATURE><FNAME>\(attribute)</FNAME><FVALUE>\(text(attribute, index))</FVALUE></FEATURE>"
                }
                for (metric, unit) in Self.metrics {
                    buffer += "<FEATURE><FNAME>\(metric)</FNAME><FVALUE>\(100 + index % 900)</FVALUE><FUNIT>\(unit)</FUNIT></FEATURE>"
                }
                buffer += "</PRODUCT_FEATURES><PRODUCT_PRICE_DETAILS><PRODUCT_PRICE price_type=\"net_list\"><PRICE_AMOUNT>\(index % 500).99</PRICE_AMOUNT><PRICE_CURRENCY>EUR</PRICE_CURRENCY></PRODUCT_PRICE></PRODUCT_PRICE_DETAILS>"
                buffer += "<MIME_INFO><MIME><MIME_TYPE>image/jpeg</MIME_TYPE><MIME_SOURCE>images/\(index).jpg</MIME_SOURCE><MIME_PURPOSE>normal</MIME_PURPOSE></MIME></MIME_INFO></PRODUCT>\n"
                flush()
            }
            buffer += "</T_NEW_CATALOG>\n</BMECAT>\n"
        default:
            preconditionFailure("unknown format \(format)")
        }
        flush(force: true)
    }
}
