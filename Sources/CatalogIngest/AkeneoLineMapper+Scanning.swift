import CatalogCore
import CatalogParsing
import Foundation

/// The byte-level scanning the mapper's value readers are built from.
extension AkeneoLineMapper {
    mutating func resolve(_ spelling: Range<Int>) -> ResolvedLocale? {
        guard spelling.count <= 8 else { return locales.locale(text(spelling)).map(Self.resolved) }
        var key: UInt64 = 0
        memcpy(&key, bytes.baseAddress! + spelling.lowerBound, spelling.count)
        if let known = knownLocales.first(where: { $0.spelling == key }) { return known.resolved }
        let resolved = locales.locale(text(spelling)).map(Self.resolved)
        // A file of endless spellings must not make every lookup slower.
        if knownLocales.count < 64 { knownLocales.append((key, resolved)) }
        return resolved
    }

    private static func resolved(_ locale: LocaleCode) -> ResolvedLocale {
        ResolvedLocale(locale: locale, sortKey: CanonicalJSONWriter.bytewisePrefix(locale.identifier.utf8))
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    func matches(_ range: Range<Int>, _ name: StaticString) -> Bool {
        range.count == name.utf8CodeUnitCount && memcmp(bytes.baseAddress! + range.lowerBound, name.utf8Start, range.count) == 0
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func takeLiteral(_ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard index + length <= bytes.count, memcmp(bytes.baseAddress! + index, word.utf8Start, length) == 0 else { return false }
        index += length
        return true
    }

    mutating func boolean() -> Bool? {
        if takeLiteral("true") { return true }
        if takeLiteral("false") { return false }
        return nil
    }

    /// A string without escapes: the range of its bytes, between the quotes.
    mutating func plainString() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        index = CanonicalJSONWriter.firstEscapedByte(in: bytes, from: index)
        guard take(UInt8(ascii: "\"")) else { return nil }
        return start..<(index - 1)
    }

    /// An object at the position: `body` reads each member's value, given the mapper and the
    /// member's name, and returns false to decline. The mapper is handed to `body` rather than
    /// captured, so `body` can move it on while this loop owns it.
    @inline(__always)
    mutating func members(_ body: (inout AkeneoLineMapper, Range<Int>) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        skipWhitespace()
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            guard let name = memberName(), body(&self, name) else { return false }
            skipWhitespace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    /// A text value: its bytes in the line, or decoded from its escapes as `JSONParser` decodes
    /// them into `decoded`. Nil for a bad escape.
    mutating func textValue() -> Text? {
        let start = index + 1
        if let range = plainString() { return Text(range: range, isDecoded: false) }
        // `plainString` declined at the opening quote (the position did not move) or at the
        // first byte it does not take: a control character, or the backslash decoded from here.
        guard index >= start, index < bytes.count, bytes[index] == UInt8(ascii: "\\") else { return nil }
        let decodedStart = decoded.count
        decoded.append(contentsOf: bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return Text(range: decodedStart..<decoded.count, isDecoded: true)
            case UInt8(ascii: "\\"):
                guard JSONParser.decodeEscape(in: bytes, at: &index, into: &decoded) == nil else { return nil }
            default:
                if byte < 0x20 { return nil }
                decoded.append(byte)
            }
        }
        return nil
    }

    /// A member's name, ASCII and without escapes, and the colon after it; leaves the position
    /// at its value.
    mutating func memberName() -> Range<Int>? {
        skipWhitespace()
        guard let name = plainString(), bytes[name].allSatisfy({ $0 < 0x80 }) else { return nil }
        skipWhitespace()
        guard take(UInt8(ascii: ":")) else { return nil }
        skipWhitespace()
        return name
    }

    /// A list of ASCII strings without escapes.
    mutating func asciiStrings() -> [String]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var strings: [String] = []
        skipWhitespace()
        if take(UInt8(ascii: "]")) { return strings }
        repeat {
            skipWhitespace()
            guard let string = plainString(), bytes[string].allSatisfy({ $0 < 0x80 }) else { return nil }
            strings.append(text(string))
            skipWhitespace()
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? strings : nil
    }

    /// A number in JSON's grammar, as `JSONParser` reads it.
    mutating func number() -> Range<Int>? {
        JSONParser.endOfValue(in: bytes, at: index, depth: 0).map { end in
            defer { index = end }
            return index..<end
        }
    }

    /// Moves past a value this path does not read, which must still parse as the reference
    /// path parses it, `depth` containers deep.
    mutating func skipValue(depth: Int) -> Bool {
        guard let end = JSONParser.endOfValue(in: bytes, at: index, depth: depth) else { return false }
        index = end
        return true
    }
}
