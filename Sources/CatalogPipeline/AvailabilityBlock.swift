public import CatalogCore
import Foundation

/// The availability sentence catalogd writes into copy from the inventory feeds: a fixed,
/// translated phrase per state (never model output, so it can never be a hallucination), kept
/// in one marked paragraph at the end of the body so it can be rewritten without touching the
/// rest of the copy.
public enum AvailabilityBlock {
    static let open = "<p class=\"catalogd-availability\">"
    static let close = "</p>"

    /// `copy` with its availability paragraph replaced by the one for `availability` (removed
    /// when nil). Copy that already says it is returned unchanged.
    public static func apply(_ availability: Availability?, to copy: GeneratedCopy) -> GeneratedCopy {
        var body = removing(from: copy.bodyHTML)
        if let availability {
            body += open + HTML.escape(sentence(availability, locale: copy.locale)) + close
        }
        guard body != copy.bodyHTML else { return copy }
        return GeneratedCopy(
            sku: copy.sku, locale: copy.locale, title: copy.title, bodyHTML: body,
            metaTitle: copy.metaTitle, metaDescription: copy.metaDescription, generator: copy.generator
        )
    }

    /// The body without catalogd's availability paragraph.
    public static func removing(from body: String) -> String {
        // Every copy queued while feeds are configured passes here, inside the writer's
        // transaction: a byte search (the standard library's generic one cost 2.5% of a bulk
        // run's CPU).
        var body = body
        let block: Range<Int>? = body.withUTF8 { bytes in
            guard let start = firstOffset(of: open, in: bytes, from: 0),
                  let end = firstOffset(of: close, in: bytes, from: start + open.utf8.count) else { return nil }
            return start..<(end + close.utf8.count)
        }
        guard let block else { return body }
        let utf8 = Array(body.utf8)
        return String(decoding: utf8[..<block.lowerBound] + utf8[block.upperBound...], as: UTF8.self)
    }

    private static func firstOffset(of needle: String, in bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, bytes.count - offset >= pattern.count else { return nil }
        var index = offset
        while index <= bytes.count - pattern.count {
            if bytes[index] == first, pattern.indices.allSatisfy({ bytes[index + $0] == pattern[$0] }) { return index }
            index += 1
        }
        return nil
    }

    /// The sentence in the copy's language (English where catalogd has no phrase for it).
    public static func sentence(_ availability: Availability, locale: LocaleCode) -> String {
        let phrases = phrasebook[locale.language] ?? phrasebook["en"]!
        switch availability {
        case .discontinued: return phrases.discontinued
        case .outOfStock: return phrases.outOfStock
        case .backInStock: return phrases.backInStock
        case .lowStock(let units): return phrases.lowStock.replacing("{n}", with: String(units))
        }
    }

    private struct Phrases {
        let outOfStock: String
        let lowStock: String
        let backInStock: String
        let discontinued: String
    }

    private static let phrasebook: [String: Phrases] = [
        "en": Phrases(outOfStock: "Currently out of stock.", lowStock: "Only {n} left in stock.", backInStock: "Back in stock.", discontinued: "This product has been discontinued."),
        "de": Phrases(outOfStock: "Derzeit nicht auf Lager.", lowStock: "Nur noch {n} auf Lager.", backInStock: "Wieder auf Lager.", discontinued: "Dieser Artikel ist ausgelaufen."),
        "fr": Phrases(outOfStock: "Actuellement en rupture de stock.", lowStock: "Plus que {n} en stock.", backInStock: "De retour en stock.", discontinued: "Ce produit n’est plus commercialisé."),
        "es": Phrases(outOfStock: "Agotado temporalmente.", lowStock: "Solo quedan {n} unidades.", backInStock: "De nuevo disponible.", discontinued: "Este producto está descatalogado."),
        "it": Phrases(outOfStock: "Momentaneamente esaurito.", lowStock: "Solo {n} disponibili.", backInStock: "Di nuovo disponibile.", discontinued: "Questo prodotto è fuori produzione."),
        "nl": Phrases(outOfStock: "Momenteel niet op voorraad.", lowStock: "Nog maar {n} op voorraad.", backInStock: "Weer op voorraad.", discontinued: "Dit product is uit het assortiment."),
        "pt": Phrases(outOfStock: "Esgotado de momento.", lowStock: "Apenas {n} em stock.", backInStock: "De novo em stock.", discontinued: "Este produto foi descontinuado."),
        "pl": Phrases(outOfStock: "Chwilowo niedostępny.", lowStock: "Zostało tylko {n} szt.", backInStock: "Ponownie dostępny.", discontinued: "Ten produkt został wycofany ze sprzedaży."),
        "sv": Phrases(outOfStock: "Tillfälligt slut i lager.", lowStock: "Endast {n} kvar i lager.", backInStock: "Åter i lager.", discontinued: "Denna produkt har utgått."),
        "da": Phrases(outOfStock: "Midlertidigt udsolgt.", lowStock: "Kun {n} tilbage på lager.", backInStock: "Tilbage på lager.", discontinued: "Dette produkt er udgået."),
        "fi": Phrases(outOfStock: "Tilapäisesti loppu varastosta.", lowStock: "Vain {n} jäljellä varastossa.", backInStock: "Taas varastossa.", discontinued: "Tämä tuote on poistunut valikoimasta."),
        "nb": Phrases(outOfStock: "Midlertidig utsolgt.", lowStock: "Kun {n} igjen på lager.", backInStock: "Tilbake på lager.", discontinued: "Dette produktet er utgått."),
        "cs": Phrases(outOfStock: "Momentálně není skladem.", lowStock: "Skladem posledních {n} ks.", backInStock: "Opět skladem.", discontinued: "Tento produkt se již nevyrábí."),
        "tr": Phrases(outOfStock: "Şu anda stokta yok.", lowStock: "Stokta yalnızca {n} adet kaldı.", backInStock: "Yeniden stokta.", discontinued: "Bu ürünün üretimi durduruldu."),
        "ja": Phrases(outOfStock: "現在在庫切れです。", lowStock: "残り{n}点です。", backInStock: "再入荷しました。", discontinued: "この商品は販売終了しました。"),
        "zh": Phrases(outOfStock: "暂时缺货。", lowStock: "仅剩{n}件。", backInStock: "已重新到货。", discontinued: "该商品已停产。"),
    ]
}
