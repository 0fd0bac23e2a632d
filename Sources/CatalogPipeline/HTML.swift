/// HTML and text helpers shared by the generators (and the review pages).
public enum HTML {
    /// Escapes the five characters that could change the meaning of HTML, so PIM text can never
    /// inject markup into a shop page.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}

enum Text {
    /// Cuts at a word boundary and marks the cut, keeping meta fields within search-engine limits.
    static func truncate(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit - 1)
        let boundary = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return String(boundary).trimmingCharacters(in: CharacterSet(charactersIn: ",.;:- ")) + "…"
    }

    /// `material_upper` → `Material upper`.
    static func humanize(_ code: String) -> String {
        let words = code.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}

import Foundation
