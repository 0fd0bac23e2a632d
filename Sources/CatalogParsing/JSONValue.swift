import CatalogCore

/// A parsed JSON value. Numbers keep their text, so prices and measures are never rounded
/// through a Double.
public enum JSONValue: Equatable {
    case object(JSONObject)
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    public var object: JSONObject? {
        if case .object(let members) = self { return members }
        return nil
    }
}

/// A JSON object's members in document order. Export objects are small (`{locale, scope,
/// data}`), where a linear search beats hashing every key into a dictionary; a repeated name
/// resolves to its last occurrence, as in most JSON libraries.
public struct JSONObject: Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Member: Equatable {
        public let key: String
        public let value: JSONValue
    }

    public private(set) var members: [Member] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { Member(key: $0.0, value: $0.1) }
    }

    public mutating func append(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
    }

    public subscript(key: String) -> JSONValue? {
        members.last { $0.key == key }?.value
    }

    public var isEmpty: Bool { members.isEmpty }
    public var count: Int { members.count }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        members.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }
}

/// A strict RFC 8259 parser over bytes, for the JSON readers' hot path: Foundation's
/// `JSONSerialization` and the casts out of its `Any` cost ten times the parse itself on Linux.
/// It validates UTF-8, limits nesting (hostile input cannot exhaust the stack) and reports the
/// byte offset of the first error.
public struct JSONParser {
    public struct Failure: Error {
        public let offset: Int
        public let reason: String
    }

    public static let maximumDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private var depth = 0

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Parses one complete JSON text; trailing non-whitespace is an error.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.fail("unexpected text after the JSON value") }
        return value
    }

    /// The string value of a top-level member, found without building the document: for
    /// the re-import fast path, which only needs a line's identifier to compare fingerprints.
    /// Nil when the line is not an object, lacks the member, or is malformed anywhere before
    /// it; the full parse then reports what is wrong. Skipped values are not validated, so a
    /// result may only be trusted together with a fingerprint of a line parsed in full before.
    public static func topLevelString(_ name: String, in bytes: UnsafeRawBufferPointer) -> String? {
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        guard parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: "{") else { return nil }
        parser.index += 1
        while true {
            parser.skipWhitespace()
            guard parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: "\""),
                  let key = try? parser.string()
            else { return nil }
            parser.skipWhitespace()
            guard parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: ":") else { return nil }
            parser.index += 1
            parser.skipWhitespace()
            guard parser.index < bytes.count else { return nil }
            if key == name {
                guard bytes[parser.index] == UInt8(ascii: "\"") else { return nil }
                return try? parser.string()
            }
            guard parser.skipValue() else { return nil }
            parser.skipWhitespace()
            guard parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: ",") else { return nil }
            parser.index += 1
        }
    }

    /// Where the value at `start` ends, or nil when it does not parse; `depth` is how many
    /// containers it is nested in. For a reader that maps some members itself and leaves the
    /// rest, which must still be valid JSON.
    public static func endOfValue(in bytes: UnsafeRawBufferPointer, at start: Int, depth: Int) -> Int? {
        var parser = JSONParser(bytes)
        parser.index = start
        parser.depth = depth
        guard (try? parser.value()) != nil else { return nil }
        return parser.index
    }

    /// Moves past one value by counting brackets outside strings; false at the end of input.
    private mutating func skipValue() -> Bool {
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard index < bytes.count else { return false }
                index += 1
                if depth == 0 { return true }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { index -= 1; return true }
                depth -= 1
                if depth == 0 { return true }
            case UInt8(ascii: ","), 0x20, 0x09, 0x0A, 0x0D:
                if depth == 0 { index -= 1; return true }
            default:
                break
            }
        }
        return depth == 0
    }

    private func fail(_ reason: String) -> Failure {
        Failure(offset: index, reason: reason)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value() throws(Failure) -> JSONValue {
        guard index < bytes.count else { throw fail("unexpected end of the line") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail("unexpected character '\(Character(UnicodeScalar(bytes[index])))'")
        }
    }

    private mutating func object() throws(Failure) -> JSONValue {
        depth += 1
        guard depth <= Self.maximumDepth else { throw fail("nested deeper than \(Self.maximumDepth) levels") }
        defer { depth -= 1 }
        index += 1
        var members = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a quoted member name") }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after a member name") }
            index += 1
            skipWhitespace()
            members.append(key, try value())
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end inside an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            } else {
                throw fail("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func array() throws(Failure) -> JSONValue {
        depth += 1
        guard depth <= Self.maximumDepth else { throw fail("nested deeper than \(Self.maximumDepth) levels") }
        defer { depth -= 1 }
        index += 1
        var values: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(values)
        }
        while true {
            skipWhitespace()
            values.append(try value())
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end inside an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(values)
            } else {
                throw fail("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let length = word.utf8CodeUnitCount
        guard index + length <= bytes.count,
              memcmp(bytes.baseAddress! + index, word.utf8Start, length) == 0
        else { throw fail("expected \(word)") }
        index += length
    }

    private mutating func number() throws(Failure) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ parser: inout JSONParser) -> Int {
            let from = parser.index
            while parser.index < parser.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index]) { parser.index += 1 }
            return parser.index - from
        }
        guard digits(&self) > 0 else { throw fail("a number needs digits") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw fail("a decimal point needs digits after it") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw fail("an exponent needs digits") }
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func string() throws(Failure) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, one validated copy.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard let text = UTF8Text.string(UnsafeRawBufferPointer(rebasing: bytes[start..<index])) else {
                    throw Failure(offset: start, reason: "a string is not valid UTF-8")
                }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fail("a control character must be escaped inside a string") }
            index += 1
        }
        var scalars = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = UTF8Text.string(scalars[...]) else {
                    throw Failure(offset: start, reason: "a string is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                if let reason = Self.decodeEscape(in: bytes, at: &index, into: &scalars) { throw fail(reason) }
            default:
                if byte < 0x20 { throw fail("a control character must be escaped inside a string") }
                scalars.append(byte)
            }
        }
        throw fail("a string is never closed")
    }

    /// Decodes the escape whose backslash is just before `index` (JSON's two-character escapes
    /// and `\\uXXXX`, surrogate pairs joined), appends its UTF-8 to `output` and moves `index`
    /// past it. On a bad escape it returns why, with `index` where the problem is. The parser
    /// and the direct Akeneo mapping both decode with it, so they read every text alike.
    public static func decodeEscape(in bytes: UnsafeRawBufferPointer, at index: inout Int, into output: inout [UInt8]) -> String? {
        guard index < bytes.count else { return "unexpected end in an escape" }
        let escaped = bytes[index]
        index += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escaped)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            guard var code = hex4(bytes, at: &index) else { return "a \\u escape needs four hex digits" }
            if (0xD800...0xDBFF).contains(code) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    return "a high surrogate must be followed by a low one"
                }
                index += 2
                guard let low = hex4(bytes, at: &index) else { return "a \\u escape needs four hex digits" }
                guard (0xDC00...0xDFFF).contains(low) else { return "invalid low surrogate" }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(code) else { return "invalid \\u escape" }
            output.append(contentsOf: UTF8.encode(scalar)!)
        default:
            return "invalid escape '\\\(Character(UnicodeScalar(escaped)))'"
        }
        return nil
    }

    /// Four hex digits; nil, with `index` at the first that is not one, otherwise.
    private static func hex4(_ bytes: UnsafeRawBufferPointer, at index: inout Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            code = code << 4 | digit
            index += 1
        }
        return code
    }
}

import Glibc
