import CLibXML2
import Foundation

/// PIM rich text (Akeneo's WYSIWYG textareas: `<p>`, `<ul>`, `<strong>`, entities) read with
/// libxml2's HTML parser, with no network access, and written back as the tags a product
/// description may use. Entities are decoded by the parser and text is escaped once, so
/// `Fish &amp; chips` stays `Fish &amp; chips` on the page instead of becoming `&amp;amp;`.
public enum RichText {
    /// Text that holds a tag or an entity is read as HTML; anything else is plain text.
    public static func isMarkup(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == UInt8(ascii: "<"), byte == UInt8(ascii: "/") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) { return true }
            if previous == UInt8(ascii: "&"), byte == UInt8(ascii: "#") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) { return true }
            previous = byte
        }
        return false
    }

    /// One block of a description: a paragraph, a heading or a list, with inline HTML
    /// (already sanitised and escaped).
    public enum Block: Hashable, Sendable {
        case paragraph(String)
        case heading(level: Int, String)
        case list(ordered: Bool, items: [String])

        public var html: String {
            switch self {
            case .paragraph(let inline): "<p>\(inline)</p>"
            case .heading(let level, let inline): "<h\(level)>\(inline)</h\(level)>"
            case .list(let ordered, let items): (ordered ? "<ol>" : "<ul>") + items.map { "<li>\($0)</li>" }.joined() + (ordered ? "</ol>" : "</ul>")
            }
        }
    }

    /// `text` as blocks: markup parsed and reduced to the allow-list, plain text escaped into
    /// one paragraph per blank-line-separated part. Empty blocks are dropped.
    public static func blocks(_ text: String) -> [Block] {
        guard isMarkup(text) else {
            return text.components(separatedBy: "\n\n").map { collapse($0) }.filter { !$0.isEmpty }.map { .paragraph(HTML.escape($0)) }
        }
        return parse(text) { root in
            var reader = BlockReader()
            reader.read(children: root)
            reader.endParagraph()
            return reader.blocks
        } ?? []
    }

    /// The text as a person reads it, for meta fields and checks: entities decoded, tags
    /// gone, blocks separated by a space.
    public static func plainText(_ text: String) -> String {
        guard isMarkup(text) else { return collapse(text) }
        return parse(text) { root in
            var parts: [String] = []
            func walk(_ first: xmlNodePtr?) {
                var node = first
                while let current = node {
                    if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE {
                        parts.append(content(of: current))
                    } else if current.pointee.type == XML_ELEMENT_NODE, !droppedWithContent.contains(name(of: current)) {
                        if blockNames.contains(name(of: current)) { parts.append(" ") }
                        walk(current.pointee.children)
                        if blockNames.contains(name(of: current)) || name(of: current) == "br" { parts.append(" ") }
                    }
                    node = current.pointee.next
                }
            }
            walk(root)
            return collapse(parts.joined())
        } ?? collapse(text)
    }

    // MARK: - Parsing

    static let inlineTags: Set<String> = ["strong", "em", "b", "i", "br"]
    static let blockNames: Set<String> = ["p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr", "section", "article"]
    static let droppedWithContent: Set<String> = ["script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "head", "title"]

    private static let initialised: Void = { xmlInitParser() }()

    /// Parses `html` as a fragment and hands `body` the first child of its `<body>`.
    private static func parse<T>(_ html: String, _ body: (xmlNodePtr?) -> T) -> T? {
        _ = initialised
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NODEFDTD.rawValue)
        let bytes = Array(("<html><body>" + html + "</body></html>").utf8)
        guard let document = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options) }
        }) else { return nil }
        defer { xmlFreeDoc(document) }
        var node = xmlDocGetRootElement(document)?.pointee.children
        while let current = node, name(of: current) != "body" { node = current.pointee.next }
        return body(node?.pointee.children)
    }

    static func name(of node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    static func content(of node: xmlNodePtr) -> String {
        guard let text = node.pointee.content else { return "" }
        return String(cString: text)
    }

    /// Runs of whitespace (no-break spaces kept) as one space, trimmed.
    static func collapse(_ text: String) -> String {
        // Most values (a colour, a size) have nothing to collapse: no copy for them.
        var previousSpace = true
        var clean = true
        for byte in text.utf8 {
            if byte == 0x0A || byte == 0x09 || byte == 0x0D || (byte == 0x20 && previousSpace) { clean = false; break }
            previousSpace = byte == 0x20
        }
        if clean && !previousSpace { return text }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    /// Walks the parsed tree, turning it into blocks: a `<div>` or text outside any block
    /// becomes a paragraph; unknown tags are unwrapped; inline formatting is kept.
    private struct BlockReader {
        var blocks: [Block] = []
        var paragraph = ""

        mutating func endParagraph() {
            let text = paragraph.trimmingCharacters(in: .whitespaces)
            if !stripTags(text).trimmingCharacters(in: .whitespaces).isEmpty { blocks.append(.paragraph(text)) }
            paragraph = ""
        }

        mutating func read(children first: xmlNodePtr?) {
            var node = first
            while let current = node {
                read(current)
                node = current.pointee.next
            }
        }

        mutating func read(_ node: xmlNodePtr) {
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                paragraph += RichText.inline(text: RichText.content(of: node), atStart: paragraph.isEmpty)
            case XML_ELEMENT_NODE:
                let name = RichText.name(of: node)
                switch name {
                case _ where RichText.droppedWithContent.contains(name):
                    break
                case "p", "div", "blockquote", "section", "article", "td", "th":
                    endParagraph()
                    read(children: node.pointee.children)
                    endParagraph()
                case "h1", "h2", "h3", "h4", "h5", "h6":
                    endParagraph()
                    let text = RichText.inline(node.pointee.children).trimmingCharacters(in: .whitespaces)
                    // A description sits under the page's own title: its headings start at h3.
                    if !text.isEmpty { blocks.append(.heading(level: 3, text)) }
                case "ul", "ol":
                    endParagraph()
                    var items: [String] = []
                    var child = node.pointee.children
                    while let item = child {
                        if RichText.name(of: item) == "li" {
                            let text = RichText.inline(item.pointee.children).trimmingCharacters(in: .whitespaces)
                            if !text.isEmpty { items.append(text) }
                        }
                        child = item.pointee.next
                    }
                    if !items.isEmpty { blocks.append(.list(ordered: name == "ol", items: items)) }
                case "br":
                    paragraph += "<br>"
                default:
                    paragraph += RichText.inline(node, atStart: paragraph.isEmpty)
                }
            default:
                break
            }
        }

        func stripTags(_ html: String) -> String {
            html.replacing(/<[^>]*>/, with: "")
        }
    }

    /// Inline HTML for a run of sibling nodes: text escaped once, allowed formatting kept,
    /// everything else unwrapped.
    static func inline(_ first: xmlNodePtr?) -> String {
        var result = ""
        var node = first
        while let current = node {
            result += inline(current, atStart: result.isEmpty)
            node = current.pointee.next
        }
        return result
    }

    static func inline(_ node: xmlNodePtr, atStart: Bool) -> String {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            return inline(text: content(of: node), atStart: atStart)
        case XML_ELEMENT_NODE:
            let name = name(of: node)
            if droppedWithContent.contains(name) { return "" }
            if name == "br" { return "<br>" }
            let inner = inline(node.pointee.children)
            guard inlineTags.contains(name), !inner.trimmingCharacters(in: .whitespaces).isEmpty else { return inner }
            let tag = name == "b" ? "strong" : (name == "i" ? "em" : name)
            return "<\(tag)>\(inner)</\(tag)>"
        default:
            return ""
        }
    }

    /// Text with whitespace runs as one space (a leading one dropped at a block's start).
    static func inline(text: String, atStart: Bool) -> String {
        guard !text.isEmpty else { return "" }
        let leading = text.first.map { $0 == " " || $0 == "\n" || $0 == "\t" } ?? false
        let trailing = text.last.map { $0 == " " || $0 == "\n" || $0 == "\t" } ?? false
        let core = collapse(text)
        if core.isEmpty { return atStart ? "" : " " }
        return (leading && !atStart ? " " : "") + HTML.escape(core) + (trailing ? " " : "")
    }
}
