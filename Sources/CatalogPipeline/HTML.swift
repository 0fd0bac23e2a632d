/// HTML and text helpers shared by the generators (and the review pages).
public enum HTML {
    /// Escapes the five characters that could change the meaning of HTML, so PIM text can never
    /// inject markup into a shop page.
    /// Byte by byte: the five are ASCII, and no byte of a multi-byte UTF-8 sequence is, so a
    /// quote is escaped even where a combining mark follows it.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { Self.entities[Int($0)] != nil }) else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if let entity = Self.entities[Int(byte)] {
                result += entity
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The escape for each byte that needs one, indexed by byte.
    private static let entities: [[UInt8]?] = (0...255).map { byte -> [UInt8]? in
        switch UInt8(byte) {
        case UInt8(ascii: "&"): Array("&amp;".utf8)
        case UInt8(ascii: "<"): Array("&lt;".utf8)
        case UInt8(ascii: ">"): Array("&gt;".utf8)
        case UInt8(ascii: "\""): Array("&quot;".utf8)
        case UInt8(ascii: "'"): Array("&#39;".utf8)
        default: nil
        }
    }
}

enum Text {
    /// Whether `text` contains `part`, byte for byte: no Foundation string search (the meta
    /// description asks for every fact of every copy).
    static func contains(_ text: String, _ part: String) -> Bool {
        var text = text, part = part
        return text.withUTF8 { haystack in
            part.withUTF8 { needle in
                guard !needle.isEmpty else { return true }
                guard needle.count <= haystack.count else { return false }
                var start = 0
                while start <= haystack.count - needle.count {
                    var matched = 0
                    while matched < needle.count, haystack[start + matched] == needle[matched] { matched += 1 }
                    if matched == needle.count { return true }
                    start += 1
                }
                return false
            }
        }
    }

    /// Cuts at a word boundary and marks the cut, keeping meta fields within search-engine
    /// limits; `limit` in `width` (a CJK character counts two).
    static func truncate(_ text: String, to limit: Int) -> String {
        guard width(text) > limit else { return text }
        var used = 0
        let cut = text.prefix { character in
            used += width(String(character))
            return used <= limit - 1
        }
        let boundary = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return String(boundary).trimmingCharacters(in: CharacterSet(charactersIn: ",.;:- ")) + "…"
    }

    /// Sentences of plain text, each with its closing mark: at `.`, `!` or `?` followed by a
    /// space, and at `。`, `！`, `？`. A decimal point ("1.5 kg") is no sentence end.
    static func sentences(_ text: String) -> [String] {
        // By scalar: every mark this looks at is one, and grapheme breaking would be most of
        // the cost (it runs on every description of every locale).
        var sentences: [String] = []
        var current = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        func flush() {
            let sentence = String(current).trimmingCharacters(in: .whitespaces)
            if !sentence.isEmpty { sentences.append(sentence) }
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace, let last = previous, last == "." || last == "!" || last == "?" {
                flush()
            } else {
                current.append(scalar)
                if scalar == "。" || scalar == "！" || scalar == "？" { flush() }
            }
            previous = scalar
        }
        flush()
        return sentences
    }

    /// How wide text shows in a search result, in Latin characters: an East Asian wide
    /// character (CJK, kana, Hangul, full-width forms) counts two. Meta lengths are measured
    /// in it, so 120–156 means the same space in Japanese as in English.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            // Below the combining marks, every scalar is one column.
            if value < 0x300 { return total + 1 }
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value)
            return total + (wide ? 2 : (scalar.properties.generalCategory == .nonspacingMark ? 0 : 1))
        }
    }

    /// `material_upper` → `Material upper`.
    static func humanize(_ code: String) -> String {
        let words = code.replacing("_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}

import Foundation
