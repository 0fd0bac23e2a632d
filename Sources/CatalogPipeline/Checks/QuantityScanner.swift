import CatalogCore
import Foundation

/// Finds numbers with their units in text: `1,2 kg`, `30 x 20 x 10 cm` (each dimension gets
/// the trailing unit), `100 %`, `2 400 mAh`.
enum QuantityScanner {
    /// Han, kana and the CJK punctuation around them: scripts that write no spaces.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        (0x3000...0x30FF).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value) || (0xFF00...0xFFEF).contains(scalar.value)
    }

    static func scan(_ text: String, language: String) -> [(phrase: String, quantity: Quantity)] {
        // Most texts a grounding reads (codes, names, categories) have no numeral at all.
        guard text.utf8.contains(where: { (0x30...0x39).contains($0) }) else { return [] }
        // Scalars, not Characters: grapheme breaking is most of the cost, and every mark this
        // reads (digits, separators, unit letters, °, %) is one scalar.
        let scalars = Array(text.unicodeScalars)
        func slice(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        var results: [(String, Quantity)] = []
        var pending: [(numeral: String, value: Double, decimals: Int)] = []
        var index = 0

        func flush(unit: String?) {
            for entry in pending {
                let phrase = unit.map { "\(entry.numeral) \($0)" } ?? entry.numeral
                if let quantity = Quantity(amount: entry.value, decimals: entry.decimals, unit: unit) {
                    results.append((phrase, quantity))
                } else if let count = Quantity(amount: entry.value, decimals: entry.decimals, unit: nil) {
                    results.append((entry.numeral, count))
                }
            }
            pending.removeAll()
        }

        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar.isASCIIDigit else {
                index += 1
                continue
            }
            // A numeral starts at a digit not glued to a word: model names like "X200" and the
            // second part of "4711-22" are text, all of their digits ("00", "2" are no numbers).
            if index > 0, scalars[index - 1].isLetterOrMark && !Self.isCJK(scalars[index - 1]) || scalars[index - 1] == "-" {
                while index < scalars.count, scalars[index].isASCIIDigit || ((scalars[index] == "." || scalars[index] == ",") && index + 1 < scalars.count && scalars[index + 1].isASCIIDigit) {
                    index += 1
                }
                continue
            }
            var end = index
            while end < scalars.count {
                let next = scalars[end]
                if next.isASCIIDigit { end += 1; continue }
                // Separators count only between digits (1.234,5 / 1 234 / 1,2).
                if (next == "." || next == "," || next == " " || next == "\u{00A0}" || next == "\u{202F}"),
                   end + 1 < scalars.count, scalars[end + 1].isASCIIDigit {
                    // A space groups thousands only when exactly three digits follow.
                    if next == " " || next == "\u{00A0}" || next == "\u{202F}" {
                        let digits = scalars[(end + 1)...].prefix(while: \.isASCIIDigit).count
                        guard digits == 3 else { break }
                    }
                    end += 1
                    continue
                }
                break
            }
            let numeral = slice(index..<end)
            index = end
            guard let parsed = LocaleNumber.parse(Substring(numeral), language: language) else { continue }
            pending.append((numeral, parsed.value, parsed.decimals))
            // The unit: letters (or °, %, ") right after the numeral, possibly after a space.
            var cursor = index
            while cursor < scalars.count, scalars[cursor] == " " || scalars[cursor] == "\u{00A0}" { cursor += 1 }
            // A dimension chain: 30 x 20 x 10 cm.
            if cursor < scalars.count, scalars[cursor] == "x" || scalars[cursor] == "×",
               cursor + 1 < scalars.count, scalars[cursor + 1] == " " || scalars[cursor + 1].isASCIIDigit {
                index = cursor + 1
                continue
            }
            var unitEnd = cursor
            while unitEnd < scalars.count, scalars[unitEnd].isLetterOrMark || scalars[unitEnd] == "°" || scalars[unitEnd] == "%" || scalars[unitEnd] == "\"" {
                unitEnd += 1
                if scalars[unitEnd - 1] == "%" || scalars[unitEnd - 1] == "\"" { break }
            }
            // Japanese and Chinese run the unit into the next word ("1200gです", "2年保証"): the
            // longest known unit at the start of the run is the unit.
            if unitEnd > cursor, Quantity.unit(named: slice(cursor..<unitEnd)) == nil, scalars[cursor..<unitEnd].contains(where: Self.isCJK) {
                var end = unitEnd - 1
                while end > cursor, Quantity.unit(named: slice(cursor..<end)) == nil { end -= 1 }
                unitEnd = end > cursor ? end : cursor
            }
            var unit = unitEnd > cursor ? slice(cursor..<unitEnd) : nil
            // "in" is an inch only in English and only where no word follows it: "Storm Shell 2
            // in navy", "Shell 2 in die Kapuze" name no length.
            if unit?.lowercased() == "in", language != "en" || (unitEnd + 1 < scalars.count && scalars[unitEnd] == " " && scalars[unitEnd + 1].isLetterOrMark) {
                unit = nil
            }
            if let unit, Quantity.unit(named: unit) != nil {
                flush(unit: unit)
                index = unitEnd
            } else {
                flush(unit: nil)
            }
        }
        flush(unit: nil)
        return results
    }
}
