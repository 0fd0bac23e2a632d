import Foundation

/// Writes a product's canonical JSON by hand: keys sorted bytewise, no insignificant
/// whitespace, strings escaped one way only. It is the input of the content hash, so it must
/// never depend on a JSON library's formatting choices, and it is on the ingest hot path,
/// where a generic encoder costs more than parsing the export.
///
/// The output decodes with `JSONDecoder` into the same `Product` (see `Product.decode`).
///
/// A reader that knows its columns can also write a document directly, without building a
/// `Product`: `beginDocument`, then attributes in `sortedBytewise` order of their codes, then
/// `endDocument`. The result is byte for byte what `write(_:)` gives for the same product.
public struct CanonicalJSONWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    /// The document written so far, in storage of its own size. Handing on `bytes` instead
    /// would give each document the writer's whole buffer and make the writer allocate anew.
    public var finishedDocument: [UInt8] {
        bytes.withUnsafeBufferPointer { Array($0) }
    }

    /// Starts again with an empty buffer, keeping its capacity.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func write(_ product: Product) {
        beginDocument()
        for (code, value) in Self.sortedBytewise(product.attributes.lazy.map { ($0.key, $0.value) }) {
            attribute(code, value)
        }
        endDocument(categories: product.categories, enabled: product.enabled, family: product.family, sku: product.sku)
    }

    public mutating func beginDocument() {
        literal(#"{"attributes":{"#)
        attributeCount = 0
    }

    private var attributeCount = 0

    /// One attribute; codes must come in `sortedBytewise` order.
    public mutating func attribute(_ code: String, _ value: AttributeValue) {
        attributeKey(code)
        write(value)
    }

    /// A text or media attribute whose value is UTF-8 `text` (already trimmed and validated).
    public mutating func textAttribute(_ code: String, media: Bool = false, text: UnsafeRawBufferPointer) {
        attributeKey(code)
        literal(media ? #"{"type":"media","value":"# : #"{"type":"text","value":"#)
        string(text)
        byte(UInt8(ascii: "}"))
    }

    /// Opens a localized text attribute; follow with `localizedEntry` in `sortedBytewise` order
    /// of the locale identifiers, then `endLocalizedText`.
    public mutating func beginLocalizedText(_ code: String) {
        attributeKey(code)
        literal(#"{"type":"localizedText","value":{"#)
        entryCount = 0
    }

    private var entryCount = 0

    public mutating func localizedEntry(_ locale: LocaleCode, text: UnsafeRawBufferPointer) {
        key(locale.identifier, first: entryCount == 0)
        entryCount += 1
        string(text)
    }

    public mutating func endLocalizedText() {
        literal("}}")
    }

    /// `categories` must already be sorted and unique, as `Product` keeps them.
    public mutating func endDocument(categories: [String], enabled: Bool, family: String?, sku: SKU) {
        byte(UInt8(ascii: "}"))
        key("categories")
        array(categories)
        key("enabled")
        literal(enabled ? "true" : "false")
        if let family {
            key("family")
            string(family)
        }
        key("sku")
        string(sku.rawValue)
        byte(UInt8(ascii: "}"))
    }

    private mutating func attributeKey(_ code: String) {
        key(code, first: attributeCount == 0)
        attributeCount += 1
    }

    /// Each kind's fixed keys are written as one literal: `{"type":"…","value":` in sorted order.
    private mutating func write(_ value: AttributeValue) {
        switch value {
        case .text(let text):
            literal(#"{"type":"text","value":"#)
            string(text)
        case .media(let url):
            literal(#"{"type":"media","value":"#)
            string(url)
        case .boolean(let flag):
            literal(#"{"type":"boolean","value":"#)
            literal(flag ? "true" : "false")
        case .list(let values):
            literal(#"{"type":"list","value":"#)
            array(values)
        case .number(let number, let unit):
            literal(#"{"type":"number""#)
            if let unit {
                literal(#","unit":"#)
                string(unit)
            }
            literal(#","value":"#)
            string(number.description)
        case .price(let prices):
            literal(#"{"type":"price","value":["#)
            for (index, money) in prices.sorted().enumerated() {
                literal(index == 0 ? #"{"amount":"# : #",{"amount":"#)
                string(money.amount.description)
                literal(#","currency":"#)
                string(money.currency)
                byte(UInt8(ascii: "}"))
            }
            byte(UInt8(ascii: "]"))
        case .localizedText(let texts):
            literal(#"{"type":"localizedText","value":{"#)
            for (index, (locale, text)) in Self.sortedBytewise(texts.lazy.map { ($0.key.identifier, $0.value) }).enumerated() {
                key(locale, first: index == 0)
                string(text)
            }
            byte(UInt8(ascii: "}"))
        }
        byte(UInt8(ascii: "}"))
    }

    private mutating func array(_ values: [String]) {
        byte(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { byte(UInt8(ascii: ",")) }
            string(value)
        }
        byte(UInt8(ascii: "]"))
    }

    private mutating func key(_ name: String, first: Bool = false) {
        if !first { byte(UInt8(ascii: ",")) }
        string(name)
        byte(UInt8(ascii: ":"))
    }

    private mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { string(UnsafeRawBufferPointer($0)) }
    }

    mutating func string(_ text: UnsafeRawBufferPointer) {
        bytes.append(UInt8(ascii: "\""))
        // Fast path: most strings need no escaping and are appended in one copy.
        if Self.needsEscaping(text) {
            for unit in text { escaped(unit) }
        } else {
            bytes.append(bytes: text)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any byte is a control character, `"` or `\`.
    static func needsEscaping(_ buffer: UnsafeRawBufferPointer) -> Bool {
        firstEscapedByte(in: buffer, from: 0) < buffer.count
    }

    /// The offset of the first control character, `"` or `\` at or after `start`, or
    /// `buffer.count` when there is none: the bytes JSON escapes inside a string, and so where a
    /// string without escapes ends. Checked eight bytes at a time.
    public static func firstEscapedByte(in buffer: UnsafeRawBufferPointer, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var offset = start
        while offset + 8 <= buffer.count {
            let word = buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            // A byte below 0x20, or equal to a quote or a backslash, sets its high bit here;
            // bytes at or above 0x80 are masked out by `~word`.
            let control = word &- ones &* 0x20
            let quote = (word ^ (ones &* 0x22)) &- ones
            let backslash = (word ^ (ones &* 0x5C)) &- ones
            let found = (control | quote | backslash) & ~word & highs
            // The lowest flagged byte is exact; a borrow only ever flags bytes above it.
            if found != 0 { return offset + found.trailingZeroBitCount / 8 }
            offset += 8
        }
        while offset < buffer.count {
            let byte = buffer[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return offset }
            offset += 1
        }
        return buffer.count
    }

    private mutating func escaped(_ unit: UInt8) {
        switch unit {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(unit)
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(unit)
        case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
        case 0x00..<0x20:
            literal("\\u00")
            bytes.append(Self.hexDigits[Int(unit >> 4)])
            bytes.append(Self.hexDigits[Int(unit & 0x0F)])
        default:
            bytes.append(unit)
        }
    }

    /// `pairs` ordered by key in UTF-8 byte order (which is code point order), independent of
    /// Unicode normalisation tables, so hashes never change with a Swift upgrade. Keys are
    /// compared by their first eight bytes as an integer, then by the rest.
    public static func sortedBytewise<Value>(_ pairs: some Sequence<(String, Value)>) -> [(String, Value)] {
        let pairs = Array(pairs)
        // Sorting plain integers moves no reference-counted values around.
        var order = pairs.indices.map { (prefix: bytewisePrefix(pairs[$0].0.utf8), index: $0) }
        order.sort { lhs, rhs in
            precedesBytewise(pairs[lhs.index].0, prefix: lhs.prefix, pairs[rhs.index].0, prefix: rhs.prefix)
        }
        return order.map { pairs[$0.index] }
    }

    /// The first eight bytes, big-endian and zero-padded: as integers, these order strings by
    /// their first eight bytes. For a reader that sorts codes itself, as `sortedBytewise` does.
    @inlinable
    public static func bytewisePrefix(_ bytes: some Collection<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        var count = 0
        for byte in bytes.prefix(8) {
            value = value << 8 | UInt64(byte)
            count += 1
        }
        return value << (8 * UInt64(8 - count))
    }

    /// Whether `lhs` comes before `rhs` in UTF-8 byte order, given their `bytewisePrefix`es:
    /// the integers decide unless they are equal, then the bytes do.
    @inlinable
    public static func precedesBytewise(_ lhs: String, prefix lhsPrefix: UInt64, _ rhs: String, prefix rhsPrefix: UInt64) -> Bool {
        lhsPrefix != rhsPrefix ? lhsPrefix < rhsPrefix : lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
