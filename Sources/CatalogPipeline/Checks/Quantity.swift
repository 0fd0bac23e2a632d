import CatalogCore
import Foundation

/// A measured amount in a base unit (grams, millimetres, millilitres, watts…), so `1.2 kg` and
/// `1200 g` compare equal whichever unit the PIM or the copy used.
struct Quantity: Hashable, Sendable {
    enum Dimension: String, Sendable { case mass, length, volume, power, voltage, charge, luminous, temperature, percent, count }

    let value: Double
    let dimension: Dimension
    /// Half a unit of the last written digit, in base units: `1.2 kg` stands for 1.15–1.25 kg.
    let tolerance: Double

    /// A unit as written in copy or as an Akeneo metric code, with its factor to the base unit.
    struct Unit: Sendable {
        let dimension: Dimension
        let factor: Double
        let offset: Double

        init(_ dimension: Dimension, _ factor: Double, offset: Double = 0) {
            self.dimension = dimension
            self.factor = factor
            self.offset = offset
        }
    }

    /// The unit a symbol, a word or an Akeneo metric code (KILOGRAM) names, whatever its case.
    /// Akeneo codes go through `MeasurementUnits`, which already maps them to symbols.
    static func unit(named name: String) -> Unit? {
        units[name.lowercased()] ?? units[MeasurementUnits.symbol(for: name).lowercased()]
    }

    /// Symbols and words copy uses, lowercased.
    private static let units: [String: Unit] = {
        let table: [String: Unit] = [
            "mg": Unit(.mass, 0.001), "g": Unit(.mass, 1), "gr": Unit(.mass, 1), "kg": Unit(.mass, 1000),
            "oz": Unit(.mass, 28.349523), "lb": Unit(.mass, 453.59237), "lbs": Unit(.mass, 453.59237),
            "mm": Unit(.length, 1), "cm": Unit(.length, 10), "m": Unit(.length, 1000), "km": Unit(.length, 1_000_000),
            "in": Unit(.length, 25.4), "inch": Unit(.length, 25.4), "inches": Unit(.length, 25.4), "\"": Unit(.length, 25.4),
            "ft": Unit(.length, 304.8), "zoll": Unit(.length, 25.4), "pouces": Unit(.length, 25.4),
            "ml": Unit(.volume, 1), "cl": Unit(.volume, 10), "dl": Unit(.volume, 100), "l": Unit(.volume, 1000),
            "liter": Unit(.volume, 1000), "litre": Unit(.volume, 1000), "liters": Unit(.volume, 1000), "litres": Unit(.volume, 1000),
            "w": Unit(.power, 1), "kw": Unit(.power, 1000), "watt": Unit(.power, 1), "watts": Unit(.power, 1),
            "v": Unit(.voltage, 1), "volt": Unit(.voltage, 1), "mah": Unit(.charge, 1), "ah": Unit(.charge, 1000),
            "lm": Unit(.luminous, 1), "lumen": Unit(.luminous, 1), "lumens": Unit(.luminous, 1),
            "°c": Unit(.temperature, 1), "°f": Unit(.temperature, 5.0 / 9.0, offset: -32 * 5.0 / 9.0),
            "%": Unit(.percent, 1),
        ]
        return table
    }()

    init(value: Double, dimension: Dimension, tolerance: Double) {
        self.value = value
        self.dimension = dimension
        self.tolerance = tolerance
    }

    /// `amount` written with `decimals` digits after the point, in `unit` (nil: a bare count).
    init?(amount: Double, decimals: Int, unit: String?) {
        let half = 0.5 * pow(10, -Double(decimals))
        guard let unit else {
            self.init(value: amount, dimension: .count, tolerance: half)
            return
        }
        guard let known = Self.unit(named: unit) else { return nil }
        self.init(value: amount * known.factor + known.offset, dimension: known.dimension, tolerance: half * known.factor)
    }

    /// Whether a claimed quantity agrees with this (grounding) one, allowing for the rounding
    /// of the less precise of the two and a relative 0.5% for unit conversions.
    /// A claim exactly half a step below (1 kg for 1.5 kg) is not a rounding: numbers round
    /// half up (1.5 kg is "2 kg").
    func grounds(_ claim: Quantity) -> Bool {
        guard dimension == claim.dimension else { return false }
        let rounding = max(claim.tolerance, tolerance)
        let difference = claim.value - value
        if difference < 0, -difference >= rounding - 1e-9, rounding > 0 { return false }
        return abs(difference) <= rounding + abs(value) * 0.005
    }
}

/// Numbers as a locale writes them: `1,2` in German, `1.2` in English, `1 234,5` in French.
enum LocaleNumber {
    /// Languages writing a decimal comma.
    static let decimalComma: Set<String> = ["de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "fi", "nb", "no", "cs", "tr", "ru"]

    /// A canonical decimal (`1234.5`) as `language` writes it (`1234,5`).
    static func format(_ canonical: String, language: String) -> String {
        decimalComma.contains(language) ? canonical.replacingOccurrences(of: ".", with: ",") : canonical
    }

    /// Parses a numeral written in `language`; returns the value and its number of decimals.
    /// Scalar by scalar: every number in every copy passes here.
    static func parse(_ text: Substring, language: String) -> (value: Double, decimals: Int)? {
        let comma = decimalComma.contains(language)
        let decimalMark: Unicode.Scalar = comma ? "," : "."
        let groupMark: Unicode.Scalar = comma ? "." : ","
        var digits = ""
        var decimals = 0
        var seenMark = false
        for scalar in text.unicodeScalars {
            if scalar.isASCIIDigit {
                digits.unicodeScalars.append(scalar)
                if seenMark { decimals += 1 }
            } else if scalar == decimalMark, !seenMark {
                seenMark = true
                digits.append(".")
            } else if !seenMark, scalar == groupMark || scalar == " " || scalar == "\u{00A0}" || scalar == "\u{202F}" {
                continue
            } else {
                return nil
            }
        }
        guard let value = Double(digits) else { return nil }
        return (value, decimals)
    }
}
