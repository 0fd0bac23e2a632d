import CatalogCore
import CatalogParsing

/// Akeneo standard-format lines of the usual shape, mapped to canonical documents straight
/// from their bytes: no JSON tree, no `String` per member name or text, and each text copied
/// once, into the document.
///
/// It declines (nil) anything else, and the reader then takes its reference path
/// (`JSONParser` and `AkeneoJSONLReader.makeDocument`), which also words every error.
/// Declined are: malformed JSON and invalid UTF-8; an escape anywhere but in a text value (PHP's
/// `json_encode` writes `<\/p>` and `\u00fc`) or an unread member; a member name, code,
/// category or list entry that is not ASCII; a member given twice; a
/// product without a string identifier; and any value of a shape or type the reference path
/// rejects, ignores or reads leniently. Whatever it accepts, it must map exactly as the
/// reference path does: the fuzz target compares the two on every input.
struct AkeneoLineMapper {
    let channel: [UInt8]
    var locales: LocaleResolver
    var writer = CanonicalJSONWriter(capacity: 8192)

    /// The line being mapped and the parser's position in it.
    var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
    var index = 0
    /// Texts that had escapes, decoded.
    var decoded: [UInt8] = []

    /// A text value's UTF-8: a range of the line, or of `decoded` when it had escapes.
    struct Text {
        let range: Range<Int>
        let isDecoded: Bool
    }

    /// One code of `values`, with its localized texts at `localized[localizedStart...]`.
    struct Code {
        let name: String
        /// `CanonicalJSONWriter.bytewisePrefix` of the name.
        let sortKey: UInt64
        var plain: Plain?
        let localizedStart: Int
    }

    enum Plain {
        case text(Text)
        case value(AttributeValue)
    }

    var codes: [Code] = []
    var localized: [(locale: ResolvedLocale, text: Text)] = []

    /// A locale as written, resolved once per spelling: most lines spell the same dozen.
    struct ResolvedLocale {
        let locale: LocaleCode
        /// `CanonicalJSONWriter.bytewisePrefix` of the identifier.
        let sortKey: UInt64
    }

    /// Spellings of up to eight bytes, zero-padded into an integer (a string without escapes
    /// holds no zero byte), and what they resolve to.
    var knownLocales: [(spelling: UInt64, resolved: ResolvedLocale?)] = []

    init(channel: String, locales: LocaleResolver) {
        self.channel = Array(channel.utf8)
        self.locales = locales
    }

    /// The line's document, or nil when the line is not of the shape this path maps.
    mutating func document(_ line: UnsafeRawBufferPointer) -> CanonicalDocument? {
        // Bytes outside strings must be JSON's ASCII punctuation anyway, so checking the whole
        // line once stands for checking every string.
        guard UTF8Text.firstInvalidOffset(line) == nil else { return nil }
        bytes = line
        index = 0
        codes.removeAll(keepingCapacity: true)
        localized.removeAll(keepingCapacity: true)
        decoded.removeAll(keepingCapacity: true)

        var identifier: Range<Int>?, family: Range<Int>?, categories: [String]?, enabled: Bool?
        var sawFamily = false, sawValues = false
        skipWhitespace()
        let isObject = members { mapper, name in
            if mapper.matches(name, "identifier") {
                guard identifier == nil, let value = mapper.plainString() else { return false }
                identifier = value
            } else if mapper.matches(name, "family") {
                guard !sawFamily else { return false }
                sawFamily = true
                if !mapper.takeLiteral("null") {
                    guard let value = mapper.plainString() else { return false }
                    family = value
                }
            } else if mapper.matches(name, "categories") {
                guard categories == nil, let list = mapper.asciiStrings() else { return false }
                categories = list
            } else if mapper.matches(name, "enabled") {
                guard enabled == nil, let flag = mapper.boolean() else { return false }
                enabled = flag
            } else if mapper.matches(name, "values") {
                guard !sawValues, mapper.values() else { return false }
                sawValues = true
            } else {
                return mapper.skipValue(depth: 1)
            }
            return true
        }
        guard isObject else { return nil }
        skipWhitespace()
        guard index == bytes.count, let identifier, let sku = SKU(text(identifier)) else { return nil }
        let categoryList = categories ?? []
        return write(sku: sku, family: family.map(text), categories: categoryList.count > 1 ? Array(Set(categoryList)).sorted() : categoryList, enabled: enabled ?? true)
    }

    // MARK: - values

    /// `values`: each code's list of `{locale, scope, data}`.
    mutating func values() -> Bool {
        members { mapper, name in
            // The reference path reads `sku` only to find an identifier, which this path requires.
            if mapper.matches(name, "sku") { return mapper.skipValue(depth: 2) }
            mapper.codes.append(Code(name: mapper.text(name), sortKey: CanonicalJSONWriter.bytewisePrefix(mapper.bytes[name]), plain: nil, localizedStart: mapper.localized.count))
            guard mapper.take(UInt8(ascii: "[")) else { return false }
            mapper.skipWhitespace()
            if mapper.take(UInt8(ascii: "]")) { return true }
            repeat {
                mapper.skipWhitespace()
                guard mapper.entry() else { return false }
                mapper.skipWhitespace()
            } while mapper.take(UInt8(ascii: ","))
            return mapper.take(UInt8(ascii: "]"))
        }
    }

    /// A `data` value, before its entry's locale says how it counts.
    enum DataValue {
        case absent, null, string(Text), boolean(Bool), number(Range<Int>)
        case value(AttributeValue)
    }

    /// One `{locale, scope, data}` of the current code.
    mutating func entry() -> Bool {
        var locale: Range<Int>?, scope: Range<Int>?, data = DataValue.absent
        var sawLocale = false, sawScope = false
        let isObject = members { mapper, name in
            if mapper.matches(name, "locale") || mapper.matches(name, "scope") {
                let isLocale = mapper.bytes[name.lowerBound] == UInt8(ascii: "l")
                guard !(isLocale ? sawLocale : sawScope) else { return false }
                var value: Range<Int>?
                if !mapper.takeLiteral("null") {
                    guard let string = mapper.plainString() else { return false }
                    value = string
                }
                if isLocale { (sawLocale, locale) = (true, value) } else { (sawScope, scope) = (true, value) }
            } else if mapper.matches(name, "data") {
                guard case .absent = data, let value = mapper.dataValue() else { return false }
                data = value
            } else {
                return mapper.skipValue(depth: 4)
            }
            return true
        }
        guard isObject else { return false }

        if let scope, !bytes[scope].elementsEqual(channel) {
            // Swift compares the reference path's strings by canonical equivalence, under which
            // a few non-ASCII characters equal ASCII ones.
            return bytes[scope].allSatisfy { $0 < 0x80 }
        }
        let code = codes.count - 1
        if let locale {
            guard let resolved = resolve(locale) else { return false }
            // A locale given twice keeps its later text, as a dictionary would.
            guard case .string(let text) = data else { return true }
            if text.range.isEmpty { return true }
            if let earlier = localized[codes[code].localizedStart...].firstIndex(where: { $0.locale.locale == resolved.locale }) {
                localized[earlier].text = text
            } else {
                localized.append((resolved, text))
            }
            return true
        }
        switch data {
        case .absent, .null:
            break
        case .string(let text):
            if !text.range.isEmpty { codes[code].plain = .text(text) }
        case .boolean(let flag):
            codes[code].plain = .value(.boolean(flag))
        case .number(let range):
            guard let number = CanonicalDecimal(text(range)) else { return false }
            codes[code].plain = .value(.number(number, unit: nil))
        case .value(let value):
            codes[code].plain = .value(value)
        }
        return true
    }

    /// `data`: a string, boolean, number or null; a metric `{amount, unit}`; a list of strings;
    /// prices `[{amount, currency}]`. An empty list maps to nothing, as null does.
    mutating func dataValue() -> DataValue? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return textValue().map(DataValue.string)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return boolean().map(DataValue.boolean)
        case UInt8(ascii: "n"):
            return takeLiteral("null") ? .null : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number().map(DataValue.number)
        case UInt8(ascii: "{"):
            guard let (amount, unit) = amountObject(other: "unit", depth: 5) else { return nil }
            return .value(.number(amount, unit: unit.map(text)))
        case UInt8(ascii: "["):
            return list()
        default:
            return nil
        }
    }

    /// A list of strings, or prices.
    mutating func list() -> DataValue? {
        let start = index
        index += 1
        skipWhitespace()
        if take(UInt8(ascii: "]")) { return .null }
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            index = start
            return asciiStrings().map { .value(.normalizedList($0)) }
        }
        var prices: [Money] = []
        repeat {
            skipWhitespace()
            guard let (amount, currency) = amountObject(other: "currency", depth: 6), let currency else { return nil }
            prices.append(Money(amount: amount, currency: text(currency)))
            skipWhitespace()
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "]")) else { return nil }
        return .value(.price(prices))
    }

    /// `{amount, <other>}` with a decimal amount (a string or a number) and `other` a string or
    /// null (nil for either); other members are skipped. Nil when the amount is missing or bad.
    mutating func amountObject(other: StaticString, depth: Int) -> (CanonicalDecimal, Range<Int>?)? {
        var amount: CanonicalDecimal?, second: Range<Int>?, sawSecond = false
        let isObject = members { mapper, name in
            if mapper.matches(name, "amount") {
                guard amount == nil, mapper.index < mapper.bytes.count else { return false }
                let digits = mapper.bytes[mapper.index] == UInt8(ascii: "\"") ? mapper.plainString() : mapper.number()
                guard let digits, let decimal = CanonicalDecimal(mapper.text(digits)) else { return false }
                amount = decimal
            } else if mapper.matches(name, other) {
                guard !sawSecond else { return false }
                sawSecond = true
                if !mapper.takeLiteral("null") {
                    guard let string = mapper.plainString() else { return false }
                    second = string
                }
            } else {
                return mapper.skipValue(depth: depth)
            }
            return true
        }
        guard isObject else { return nil }
        return amount.map { ($0, second) }
    }

    // MARK: - Writing

    mutating func write(sku: SKU, family: String?, categories: [String], enabled: Bool) -> CanonicalDocument? {
        // Codes in byte order, as `CanonicalJSONWriter.sortedBytewise` orders them.
        var order = Array(codes.indices)
        order.sort { [codes] lhs, rhs in
            CanonicalJSONWriter.precedesBytewise(codes[lhs].name, prefix: codes[lhs].sortKey, codes[rhs].name, prefix: codes[rhs].sortKey)
        }
        // A code given twice: the reference path merges its entries.
        for (previous, next) in zip(order, order.dropFirst()) where codes[previous].name == codes[next].name { return nil }
        // A local copy of the decoded texts (no bytes are copied) can be borrowed while the
        // writer, part of `self`, changes.
        let decoded = decoded
        return decoded.withUnsafeBytes { decoded in
            write(order: order, decoded: decoded, sku: sku, family: family, categories: categories, enabled: enabled)
        }
    }

    mutating func write(order: [Int], decoded: UnsafeRawBufferPointer, sku: SKU, family: String?, categories: [String], enabled: Bool) -> CanonicalDocument {
        func utf8(_ text: Text) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: (text.isDecoded ? decoded : bytes)[text.range])
        }
        writer.reset()
        writer.beginDocument()
        for position in order {
            let code = codes[position].name
            let texts = codes[position].localizedStart..<(position + 1 < codes.count ? codes[position + 1].localizedStart : localized.count)
            if !texts.isEmpty {
                localized[texts].sort { lhs, rhs in
                    CanonicalJSONWriter.precedesBytewise(lhs.locale.locale.identifier, prefix: lhs.locale.sortKey, rhs.locale.locale.identifier, prefix: rhs.locale.sortKey)
                }
                writer.beginLocalizedText(code)
                for entry in localized[texts] {
                    writer.localizedEntry(entry.locale.locale, text: utf8(entry.text))
                }
                writer.endLocalizedText()
                continue
            }
            switch codes[position].plain {
            case .text(let text)?: writer.textAttribute(code, text: utf8(text))
            case .value(let value)?: writer.attribute(code, value.normalized)
            case nil: break
            }
        }
        writer.endDocument(categories: categories, enabled: enabled, family: family, sku: sku)
        return CanonicalDocument(sku: sku, json: writer.finishedDocument)
    }

}
