/// Reduces provider HTML to the tags a product description may use, with no attributes: no
/// scripts, styles, links, images or event handlers ever reach a shop page.
public enum HTMLSanitizer {
    public static let allowedTags: Set<String> = ["p", "ul", "ol", "li", "strong", "em", "b", "i", "br", "h2", "h3"]
    /// Elements removed with everything inside them.
    static let droppedWithContent: Set<String> = ["script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"]

    public static func sanitize(_ html: String) -> String {
        var output = ""
        var index = html.startIndex
        var skippingUntil: String?
        while index < html.endIndex {
            let character = html[index]
            guard character == "<" else {
                if skippingUntil == nil { output.append(character == ">" ? "&gt;" : String(character)) }
                index = html.index(after: index)
                continue
            }
            let next = html.index(after: index) < html.endIndex ? html[html.index(after: index)] : " "
            guard next.isLetter || next == "/" || next == "!" || next == "?", let close = html[index...].firstIndex(of: ">") else {
                // Not a tag ("1 < 2") or never closed: text.
                if skippingUntil == nil { output += "&lt;" }
                index = html.index(after: index)
                continue
            }
            let inner = html[html.index(after: index)..<close]
            index = html.index(after: close)
            if inner.hasPrefix("!--") || inner.hasPrefix("!") || inner.hasPrefix("?") { continue }
            let isEnd = inner.hasPrefix("/")
            let name = inner.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
            if let skipping = skippingUntil {
                if isEnd && name == skipping { skippingUntil = nil }
                continue
            }
            if droppedWithContent.contains(name) {
                if !isEnd && !inner.hasSuffix("/") { skippingUntil = name }
                continue
            }
            guard allowedTags.contains(name) else { continue }
            output += name == "br" ? "<br>" : (isEnd ? "</\(name)>" : "<\(name)>")
        }
        return output
    }

    /// The text of sanitised HTML, for the checks that read copy as a person would.
    /// Block boundaries become line breaks, which the readability check counts as sentence ends.
    public static func plainText(_ html: String) -> String {
        var text = ""
        var inTag = false
        var tag = ""
        for character in html {
            if character == "<" { inTag = true; tag = ""; continue }
            if inTag, character != ">" { tag.append(character); continue }
            if character == ">" {
                inTag = false
                text.append(["/li", "/p", "/h2", "/h3", "br", "/ul", "/ol"].contains(tag.lowercased()) ? "\n" : " ")
                continue
            }
            text.append(character)
        }
        let decoded = text
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        return decoded.split(separator: "\n").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
