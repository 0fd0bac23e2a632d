import CatalogCore
import CLibXML2
import Foundation

/// One queued event. For a start, `first..<end` are its attributes in `EventQueue.attributes`;
/// for text, its bytes in `EventQueue.text`.
struct QueuedEvent {
    enum Kind: UInt8 { case start, end, text }
    var kind: Kind
    var name: Int32
    var line: Int32
    var first: Int32
    var end: Int32
}

/// What libxml2's callbacks produced for one chunk, kept in buffers reused chunk after chunk,
/// and where the stream is in it.
struct EventQueue {
    struct Attribute {
        var name: Int32
        var first: Int32
        var end: Int32
    }

    var context: xmlParserCtxtPtr?
    var events: [QueuedEvent] = []
    var cursor = 0
    var current = QueuedEvent(kind: .text, name: 0, line: 0, first: 0, end: 0)
    var sawRoot = false
    var finished = false
    var text: [UInt8] = []
    var attributes: [Attribute] = []
    var attributeBytes: [UInt8] = []
    /// Element and attribute names by libxml2's interned pointer.
    var names = InternedNames()
    /// The start events of the open elements.
    private var open: [QueuedEvent] = []
    /// Where in `text` the text since the last tag begins.
    private var boundary = 0
    let textTokens: Bool
    var failure: (any Error)?
    var errorMessage: String?
    var errorLine = 0

    init(textTokens: Bool) {
        self.textTokens = textTokens
        events.reserveCapacity(4096)
        text.reserveCapacity(128 * 1024)
    }

    static func from(_ context: UnsafeMutableRawPointer) -> UnsafeMutablePointer<EventQueue> {
        context.assumingMemoryBound(to: EventQueue.self)
    }

    /// Makes room for the next chunk's events. Text since the last tag stays, moved to the front:
    /// it belongs to the end tag still to come.
    mutating func clear() {
        cursor = 0
        events.removeAll(keepingCapacity: true)
        text.removeSubrange(0..<boundary)
        boundary = 0
        attributes.removeAll(keepingCapacity: true)
        attributeBytes.removeAll(keepingCapacity: true)
    }

    var line: Int32 {
        Int32(truncatingIfNeeded: context?.pointee.input?.pointee.line ?? 0)
    }

    mutating func start(_ name: UnsafePointer<xmlChar>, attributeCount: Int, attributes values: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        let first = Int32(attributes.count)
        if let values {
            // Five pointers per attribute: local name, prefix, URI, value start, value end.
            for index in 0..<attributeCount {
                guard let attributeName = values[index * 5], let start = values[index * 5 + 3], let end = values[index * 5 + 4] else { continue }
                let valueStart = Int32(attributeBytes.count)
                appendAttributeValue(UnsafeRawBufferPointer(start: start, count: end - start))
                attributes.append(Attribute(name: Int32(names.intern(attributeName)), first: valueStart, end: Int32(attributeBytes.count)))
            }
        }
        let event = QueuedEvent(kind: .start, name: Int32(names.intern(name)), line: line, first: first, end: Int32(attributes.count))
        open.append(event)
        events.append(event)
        boundary = text.count
    }

    /// An end carries the name and the line of its start tag (libxml2 has checked that they
    /// match), and the text since the tag before it.
    mutating func end() {
        let start = open.popLast() ?? QueuedEvent(kind: .start, name: 0, line: line, first: 0, end: 0)
        events.append(QueuedEvent(kind: .end, name: start.name, line: start.line, first: Int32(boundary), end: Int32(text.count)))
        boundary = text.count
    }

    /// The most text kept between two tags: libxml2's own limit for a text node
    /// (XML_MAX_TEXT_LENGTH without XML_PARSE_HUGE), so memory stays bounded whatever the file.
    static let maxText = 10_000_000

    mutating func text(_ bytes: UnsafeRawBufferPointer) {
        guard text.count - boundary + bytes.count <= Self.maxText else {
            fail(CatalogError(.malformedXML, "a text in the document is longer than \(Self.maxText / 1_000_000) MB, more than any product field needs; check the file for a missing tag", context: .init(line: Int(line))))
            return
        }
        let first = Int32(text.count)
        text.append(bytes: bytes)
        guard textTokens else { return }
        if let last = events.last, last.kind == .text, last.end == first {
            events[events.count - 1].end = Int32(text.count)
        } else {
            events.append(QueuedEvent(kind: .text, name: 0, line: line, first: first, end: Int32(text.count)))
        }
    }

    /// Without entity substitution libxml2 hands attribute values over with each `&` of the
    /// document written as `&#38;` (for a tree builder to decode later); decoded here.
    private mutating func appendAttributeValue(_ value: UnsafeRawBufferPointer) {
        guard value.contains(UInt8(ascii: "&")) else {
            attributeBytes.append(bytes: value)
            return
        }
        let escaped: [UInt8] = Array("&#38;".utf8)
        var index = 0
        while index < value.count {
            if value[index] == UInt8(ascii: "&"), value.count - index >= escaped.count, value[index..<index + escaped.count].elementsEqual(escaped) {
                attributeBytes.append(UInt8(ascii: "&"))
                index += escaped.count
            } else {
                attributeBytes.append(value[index])
                index += 1
            }
        }
    }

    mutating func refuseEntity(_ name: String, line: Int32) {
        fail(CatalogError(.forbiddenXML, "the document uses an entity (&\(name);); catalogd never expands entities, to be safe from XXE and entity-expansion attacks", context: .init(line: Int(line))))
    }

    /// Stops the parse; the stream throws the first failure.
    mutating func fail(_ error: CatalogError) {
        guard failure == nil else { return }
        failure = error
        if let context { xmlStopParser(context) }
    }

    /// Keeps the first error (not warning) libxml2 reports, with its line.
    mutating func record(_ error: xmlError) {
        // No entity is ever defined for libxml2 (see `XMLStream`), so a reference to one the
        // document declares is reported as undeclared: the document uses an entity.
        if error.code == Int32(XML_ERR_UNDECLARED_ENTITY.rawValue) || error.code == Int32(XML_WAR_UNDECLARED_ENTITY.rawValue) {
            refuseEntity(error.str1.map { String(cString: $0) } ?? "", line: error.line > 0 ? Int32(error.line) : line)
            return
        }
        guard errorMessage == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        errorMessage = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown error"
        errorLine = Int(error.line)
    }
}

/// libxml2's interned name pointers and their Strings, in an open-addressing table keyed by the
/// pointer's bits: a lookup per element, where a Dictionary's seeded hash cost more than
/// the lookup. libxml2 interns names in the parser's dictionary, which lives as long as the
/// parser, so a pointer names one string for the whole stream.
struct InternedNames {
    private var keys: [UnsafePointer<xmlChar>?] = Array(repeating: nil, count: 64)
    private var slots: [Int] = Array(repeating: 0, count: 64)
    private(set) var strings: [String] = []

    mutating func intern(_ pointer: UnsafePointer<xmlChar>) -> Int {
        let mask = keys.count - 1
        var index = (Int(bitPattern: pointer) >> 4) & mask
        while let key = keys[index] {
            if key == pointer { return slots[index] }
            index = (index + 1) & mask
        }
        let id = strings.count
        strings.append(String(cString: pointer))
        keys[index] = pointer
        slots[index] = id
        if strings.count * 2 > keys.count { grow() }
        return id
    }

    private mutating func grow() {
        let old = zip(keys, slots).compactMap { key, slot in key.map { ($0, slot) } }
        keys = Array(repeating: nil, count: keys.count * 2)
        slots = Array(repeating: 0, count: keys.count)
        let mask = keys.count - 1
        for (pointer, slot) in old {
            var index = (Int(bitPattern: pointer) >> 4) & mask
            while keys[index] != nil { index = (index + 1) & mask }
            keys[index] = pointer
            slots[index] = slot
        }
    }
}
