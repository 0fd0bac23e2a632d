import CatalogCore
import CatalogParsing
import Foundation
import Testing

@Suite struct XMLStreamTests {
    /// Names are numbered by libxml2's interned pointer: the same name keeps its number, and
    /// the table holding them grows past its first size without mixing names up.
    @Test func eachElementNameKeepsOneNumber() throws {
        let names = (0..<300).map { "E\($0)" }
        let body = names.map { "<\($0)>x</\($0)><\($0)/>" }.joined()
        let xml = try XMLStream(DataByteSource(Data("<root>\(body)</root>".utf8)), root: "root")
        var numbers: [String: Int] = [:]
        var starts = 0
        while let event = try xml.next() {
            switch event {
            case .start(let name), .end(let name):
                if case .start = event { starts += 1 }
                if let known = numbers[name] {
                    #expect(known == xml.nameID, "\(name)")
                } else {
                    numbers[name] = xml.nameID
                }
            case .text:
                break
            }
        }
        #expect(starts == 601)
        #expect(Set(numbers.values).count == 301)
    }

    /// libxml2 gets the source a chunk at a time: text split across chunks (even inside a
    /// multi-byte character), character references, predefined entities and CDATA all read as
    /// the text the document means, at each end too, and attribute values come decoded.
    @Test func tinyChunksGiveTheSameEventsAsOneRead() throws {
        let document = """
            <?xml version="1.0" encoding="UTF-8"?>
            <root a="x &amp; y &#38;#38; &lt;">
            <item lang="deu">Größe &amp; Gewicht &#x2013; <![CDATA[<b>fett</b>]]> ✓</item><empty/>
            </root>
            """
        let expected: [Event] = [
            .start("root", attributes: ["a": "x & y &#38; <"], line: 2), .text("\n"),
            .start("item", attributes: ["lang": "deu"], line: 3), .text("Größe & Gewicht – <b>fett</b> ✓"),
            .end("item", line: 3, text: "Größe & Gewicht – <b>fett</b> ✓"),
            .start("empty", attributes: [:], line: 3), .end("empty", line: 3, text: ""), .text("\n"), .end("root", line: 2, text: "\n"),
        ]
        #expect(try Self.events(document, chunk: 1 << 20) == expected)
        for chunk in [1, 2, 3, 7] {
            #expect(try Self.events(document, chunk: chunk) == expected, "chunks of \(chunk) bytes")
        }
    }

    /// A document in another encoding arrives as UTF-8.
    @Test func latin1DocumentsReadAsUTF8() throws {
        var bytes = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><r>Gr"#.utf8)
        bytes += [0xF6, 0xDF, 0x65]
        bytes += Array("</r>".utf8)
        #expect(try Self.events(bytes, chunk: 5) == [.start("r", attributes: [:], line: 1), .text("Größe"), .end("r", line: 1, text: "Größe")])
    }

    /// No entity is ever expanded, wherever it is used and however it is declared; one that is
    /// declared and never used does no harm.
    @Test func entitiesAreRefusedWhereverTheyAreUsed() throws {
        let refused = [
            (#"<!DOCTYPE r [<!ENTITY e "boom">]><r>&e;</r>"#, "&e;"),
            (#"<!DOCTYPE r [<!ENTITY e "boom">]><r a="&e;"/>"#, "&e;"),
            (#"<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/hostname">]><r>&e;</r>"#, "&e;"),
            ("<!DOCTYPE r SYSTEM \"http://example.invalid/r.dtd\">\n<r>\n&e;</r>", "&e;"),
            (#"<r>&undeclared;</r>"#, "&undeclared;"),
        ]
        for (document, entity) in refused {
            do {
                _ = try Self.events(document, chunk: 3)
                Issue.record("read: \(document)")
            } catch let error as CatalogError {
                #expect(error.code == .forbiddenXML, "\(document): \(error)")
                #expect(error.message.contains("uses an entity (\(entity))"), "\(document): \(error)")
            }
        }
        #expect(try Self.events(#"<!DOCTYPE r [<!ENTITY e "boom">]><r>ok</r>"#, chunk: 4) == [.start("r", attributes: [:], line: 1), .text("ok"), .end("r", line: 1, text: "ok")])
    }

    /// A fatal error stops the stream with libxml2's words and the line it found it on.
    @Test func malformedDocumentsNameTheLine() throws {
        for chunk in [2, 1 << 16] {
            do {
                _ = try Self.events("<r>\n<a>x</a>\n<b>y</c>\n</r>", chunk: chunk)
                Issue.record("read")
            } catch let error as CatalogError {
                #expect(error.code == .malformedXML)
                #expect(error.context.line == 3, "\(error)")
                #expect(error.message.contains("Opening and ending tag mismatch"), "\(error)")
            }
        }
    }

    /// A text without end is refused once it passes libxml2's own text limit, so memory stays
    /// bounded; one just under it reads.
    @Test func textsAreLimitedTo10MB() throws {
        let limit = 10_000_000
        let fits = try Self.events("<r><a>" + String(repeating: "x", count: limit) + "</a></r>", chunk: 1 << 16)
        #expect(fits.contains(.end("a", line: 1, text: String(repeating: "x", count: limit))))
        do {
            _ = try Self.events("<r>\n<a>" + String(repeating: "x", count: limit + 1) + "</a></r>", chunk: 1 << 16)
            Issue.record("read")
        } catch let error as CatalogError {
            #expect(error.code == .malformedXML)
            #expect(error.message.contains("longer than 10 MB"), "\(error)")
        }
    }

    enum Event: Equatable {
        case start(String, attributes: [String: String], line: Int)
        case end(String, line: Int, text: String)
        case text(String)
    }

    /// The stream's tokens, consecutive text joined, read `chunk` bytes at a time.
    static func events(_ document: String, chunk: Int) throws -> [Event] {
        try events(Array(document.utf8), chunk: chunk)
    }

    static func events(_ document: [UInt8], chunk: Int) throws -> [Event] {
        let xml = try XMLStream(ChunkedSource(bytes: document, chunk: chunk), root: nil)
        var events: [Event] = []
        while let token = try xml.advance() {
            switch token {
            case .start:
                let attributes = ["a", "lang"].reduce(into: [String: String]()) { $0[$1] = xml.attribute($1) }
                events.append(.start(xml.name, attributes: attributes, line: xml.line))
            case .end:
                events.append(.end(xml.name, line: xml.line, text: xml.withElementText { String(decoding: $0, as: UTF8.self) }))
            case .text:
                let text = xml.withText { String(decoding: $0, as: UTF8.self) }
                if case .text(let before) = events.last {
                    events[events.count - 1] = .text(before + text)
                } else {
                    events.append(.text(text))
                }
            }
        }
        return events
    }

    struct ChunkedSource: ByteSource {
        let bytes: [UInt8]
        let chunk: Int
        var offset = 0

        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let count = min(chunk, buffer.count, bytes.count - offset)
            guard count > 0 else { return 0 }
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.withUnsafeBytes { $0 }[offset..<offset + count]))
            offset += count
            return count
        }
    }
}
