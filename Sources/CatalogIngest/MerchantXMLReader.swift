public import CatalogCore
public import CatalogParsing

/// Reads Google Merchant feeds in RSS 2.0 (`<item>`) and Atom (`<entry>`) form, with the
/// `g:` namespace fields, streamed through libxml2 like BMEcat.
public struct MerchantXMLReader: ExportReader {
    public let format: ExportFormat
    public let locale: LocaleCode

    public init(format: ExportFormat, locale: LocaleCode) {
        self.format = format
        self.locale = locale
    }

    public func read<Source: ByteSource, Sink: RecordSink>(_ source: inout Source, into sink: inout Sink) throws {
        let xml = try XMLStream(source, root: format == .merchantAtom ? "feed" : "rss")
        let itemElement = format == .merchantAtom ? "entry" : "item"
        var fields: MerchantFields?
        var itemLine = 0
        var text = TextBuffer()
        while let event = try xml.next() {
            switch event {
            case .start(let name):
                text.reset()
                if name == itemElement {
                    fields = MerchantFields(locale: locale)
                    itemLine = xml.line
                } else if name == "link", fields != nil, let href = xml.attribute("href") {
                    fields?.set("link", href, line: xml.line)  // Atom links carry the URL in href
                }
            case .text(let fragment):
                text.append(fragment)
            case .end(let name):
                let value = text.take()
                guard var current = fields else { continue }
                if name == itemElement {
                    switch current.product(line: itemLine) {
                    case .success(let product): try sink.product(product, line: itemLine)
                    case .failure(let error): try sink.rowError(error)
                    }
                    fields = nil
                } else {
                    let field = name == "summary" || name == "content" ? "description" : name
                    if !(field == "link" && value.isEmpty) { current.set(field, value, line: itemLine) }
                    fields = current
                }
            }
        }
    }
}
