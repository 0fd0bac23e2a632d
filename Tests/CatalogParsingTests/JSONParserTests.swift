@testable import CatalogParsing
import Testing

@Suite struct JSONParserTests {
    func parse(_ text: String) throws(JSONParser.Failure) -> JSONValue {
        var bytes = Array(text.utf8)
        return try parse(&bytes)
    }

    func parse(_ bytes: inout [UInt8]) throws(JSONParser.Failure) -> JSONValue {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(JSONParser.Failure) in try JSONParser.parse(raw) } }
        return try result.get()
    }

    func failure(_ text: String) -> JSONParser.Failure? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}, "e": ""} "#)
        #expect(value == .object([
            "a": .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]),
            "b": .object(["c": .string("d")]),
            "e": .string(""),
        ]))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try parse(#""q\" b\\ s\/ \b\f\n\r\t é \u00e9 \ud83d\ude00""#) == .string("q\" b\\ s/ \u{8}\u{c}\n\r\t é é 😀"))
    }

    @Test func numbersKeepTheirText() throws {
        #expect(try parse("12.50") == .number("12.50"))
    }

    @Test(arguments: [
        ("{\"a\":1,}", "expected a quoted member name"),
        ("[1 2]", "expected ',' or ']'"),
        ("\"open", "never closed"),
        ("01x", "unexpected text after"),
        ("-", "a number needs digits"),
        ("1.", "needs digits after it"),
        ("tru", "expected true"),
        ("\"tab\there\"", "control character"),
        ("\"\\x\"", "invalid escape"),
        ("\"\\ud83d\"", "surrogate"),
        ("{\"a\" 1}", "expected ':'"),
    ])
    func rejectsMalformedJSONWithAReason(text: String, reason: String) {
        #expect(failure(text)?.reason.contains(reason) == true, "\(text): \(String(describing: failure(text)))")
    }

    @Test func rejectsInvalidUTF8() {
        var bytes: [UInt8] = [0x22, 0x47, 0x72, 0xF6, 0x6E, 0x22]
        #expect(throws: JSONParser.Failure.self) { try parse(&bytes) }
    }

    @Test func limitsNestingSoHostileInputCannotExhaustTheStack() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(failure(deep)?.reason.contains("nested deeper than 64 levels") == true)
    }

    func topLevel(_ name: String, _ text: String) -> String? {
        Array(text.utf8).withUnsafeBytes { JSONParser.topLevelString(name, in: $0) }
    }

    @Test func findsATopLevelStringWithoutParsingTheRest() {
        let line = #"{"values":{"identifier":[{"data":"NESTED"}],"note":"a \"}\" b"},"flags":[1,{"x":"]"}],"n":-1.5e3,"identifier":"SKU-1","tail":[}"#
        #expect(topLevel("identifier", line) == "SKU-1", "nested keys, escaped quotes and brackets in strings are skipped")
        #expect(topLevel("identifier", #"{"enabled":true,"identifier":"A"}"#) == "A")
        #expect(topLevel("identifier", #"{"enabled":true}"#) == nil)
        #expect(topLevel("identifier", #"{"identifier":7}"#) == nil, "not a string")
        #expect(topLevel("identifier", #"["identifier","A"]"#) == nil, "not an object")
        #expect(topLevel("identifier", #"{"values":{"a":[1,2}"#) == nil, "truncated before the member")
    }
}
