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
        var lines: [String] = []
        var line: [UInt8] = []
        var tag: [UInt8] = []
        var inTag = false
        var pendingSpace = false
        func endLine() {
            if !line.isEmpty { lines.append(String(decoding: line, as: UTF8.self)) }
            line.removeAll(keepingCapacity: true)
            pendingSpace = false
        }
        let bytes = Array(html.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inTag {
                if byte == UInt8(ascii: ">") {
                    inTag = false
                    if blockEnds.contains(String(decoding: tag, as: UTF8.self)) { endLine() } else { pendingSpace = true }
                } else {
                    // ASCII lowercase, so <P> and </LI> end blocks too.
                    tag.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "<"):
                inTag = true
                tag.removeAll(keepingCapacity: true)
            case UInt8(ascii: "\n"):
                endLine()
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                pendingSpace = true
            default:
                if pendingSpace, !line.isEmpty { line.append(UInt8(ascii: " ")) }
                pendingSpace = false
                // The five entities `HTML.escape` writes, decoded where they stand.
                if byte == UInt8(ascii: "&"), let (decoded, length) = entities.first(where: { bytes[index...].starts(with: $0.name) }).map({ ($0.byte, $0.name.count) }) {
                    line.append(decoded)
                    index += length
                } else {
                    line.append(byte)
                }
            }
        }
        endLine()
        return lines.joined(separator: "\n")
    }

    private static let blockEnds: Set<String> = ["/li", "/p", "/h2", "/h3", "br", "/ul", "/ol"]
    /// Entity names after the `&`, with the byte each stands for.
    private static let entities: [(name: [UInt8], byte: UInt8)] = [
        (Array("lt;".utf8), UInt8(ascii: "<")), (Array("gt;".utf8), UInt8(ascii: ">")), (Array("quot;".utf8), UInt8(ascii: "\"")),
        (Array("#39;".utf8), UInt8(ascii: "'")), (Array("amp;".utf8), UInt8(ascii: "&")),
    ]
}
