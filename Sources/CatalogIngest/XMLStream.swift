public import CatalogCore
import CLibXML2
import Foundation

/// A pull parser over libxml2's SAX2 push parser: streams any size of document in constant
/// memory. libxml2 is fed one chunk of the source at a time; its callbacks queue the chunk's
/// events (element name numbers, lines, attribute and text bytes in reused buffers), and
/// `next()` hands them out.
///
/// Safety is the point of this type:
/// - the network is off (XML_PARSE_NONET), external DTDs are never loaded and entities never
///   substituted (no DTDLOAD, no NOENT, and never HUGE, which disables libxml2's
///   entity-amplification guard);
/// - the SAX handler has no entity callbacks, so libxml2 keeps no entity it could expand: a
///   reference to one is either "not defined" (a fatal error) or reported through the
///   `reference` callback, which stops the parse with `forbiddenXML`;
/// - a global entity loader refuses every external resource as a backstop.
public final class XMLStream {
    public enum Event: Equatable {
        case start(String)
        case end(String)
        case text(String)
    }

    /// What `advance()` moved to; its name, line, attributes and text are read from the stream.
    public enum Token {
        case start
        case end
        case text
    }

    private let context: xmlParserCtxtPtr
    /// The callbacks' state and the stream's position, behind a pointer: libxml2 gets it as
    /// its context, and access through it needs none of the runtime exclusivity checks a
    /// class's stored properties get, which cost more than the parsing they guarded.
    private let queue: UnsafeMutablePointer<EventQueue>
    private let input: Input
    private let expectedRoot: String?

    private var current: QueuedEvent {
        _read { yield queue.pointee.current }
    }

    /// The number of the element name of the last start or end: the same name always has the
    /// same number in one stream, counting from 0, so a reader can look its meaning up in an
    /// array instead of hashing the name.
    public var nameID: Int { Int(current.name) }

    /// The element name of the last start or end, without its namespace prefix.
    public var name: String { queue.pointee.names.strings[Int(current.name)] }

    /// The line of the token just read, for errors a person can find.
    public var line: Int { Int(current.line) }

    /// Reads the source a chunk at a time for libxml2.
    private final class Input {
        var read: (UnsafeMutableRawBufferPointer) throws -> Int
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        init(_ read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) { self.read = read }
        deinit { chunk.deallocate() }

        /// Fills the chunk as far as the source allows before its end: 0 at the end.
        func fill(atLeast minimum: Int) throws -> Int {
            var filled = 0
            while filled < minimum {
                let count = try read(UnsafeMutableRawBufferPointer(rebasing: chunk[filled...]))
                if count == 0 { break }
                filled += count
            }
            return filled
        }
    }

    private static let installLoader: Void = {
        xmlSetExternalEntityLoader { _, _, _ in
            // Refuse every external resource (DTDs, external entities), whatever the flags say.
            nil
        }
    }()

    /// - Parameters:
    ///   - root: the document element the format requires (anything else is refused); nil
    ///     takes any.
    ///   - textTokens: false for a reader that only needs each element's text at its end
    ///     (`withElementText`): no `.text` tokens then.
    public init<Source: ByteSource>(_ source: Source, root: String?, textTokens: Bool = true) throws {
        _ = Self.installLoader
        expectedRoot = root
        var source = source
        input = Input { try source.read(into: $0) }
        // libxml2 detects the encoding from the first four bytes, given when the parser is made.
        let head = try input.fill(atLeast: 4)
        queue = .allocate(capacity: 1)
        queue.initialize(to: EventQueue(textTokens: textTokens))
        var handler = Self.makeHandler()
        guard let context = xmlCreatePushParserCtxt(
            &handler, UnsafeMutableRawPointer(queue),
            input.chunk.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(head), nil
        ) else {
            queue.deinitialize(count: 1)
            queue.deallocate()
            throw CatalogError(.malformedXML, "libxml2 could not start reading the document")
        }
        self.context = context
        queue.pointee.context = context
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_BIG_LINES.rawValue))
        if head == 0 { try parse(count: 0, last: true) }
    }

    deinit {
        xmlFreeParserCtxt(context)
        queue.deinitialize(count: 1)
        queue.deallocate()
    }

    /// Moves to the next element boundary or text; nil at the end of the document. Consecutive
    /// text (split by a chunk boundary, a character reference or CDATA) may come as several
    /// `.text` tokens.
    public func advance() throws -> Token? {
        while queue.pointee.cursor == queue.pointee.events.count {
            guard !queue.pointee.finished else {
                guard queue.pointee.sawRoot else { throw CatalogError(.emptyFile, expectedRoot.map { "the document has no <\($0)> element" } ?? "the document has no elements") }
                return nil
            }
            try refill()
        }
        queue.pointee.current = queue.pointee.events[queue.pointee.cursor]
        queue.pointee.cursor += 1
        switch current.kind {
        case .start:
            if !queue.pointee.sawRoot {
                if let expectedRoot, name != expectedRoot {
                    throw CatalogError(.unsupportedFormat, "the root element is <\(name)>, expected <\(expectedRoot)>", context: .init(line: line))
                }
                queue.pointee.sawRoot = true
            }
            return .start
        case .end:
            return .end
        case .text:
            return .text
        }
    }

    /// The next element boundary or text as a value; nil at the end of the document.
    public func next() throws -> Event? {
        switch try advance() {
        case .start: .start(name)
        case .end: .end(name)
        case .text: .text(withText { String(decoding: $0, as: UTF8.self) })
        case nil: nil
        }
    }

    /// The bytes of the text token just read (valid UTF-8, as libxml2 checked or converted it).
    public func withText<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withBytes(of: current.kind == .text ? current : nil, body)
    }

    /// At an end: the text between the tag before it (the start or end of any element) and
    /// this end tag, which is all of the element's text when it has no child elements.
    public func withElementText<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withBytes(of: current.kind == .end ? current : nil, body)
    }

    private func withBytes<Result>(of event: QueuedEvent?, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        guard let event else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try queue.pointee.text.withUnsafeBytes { bytes in
            try body(UnsafeRawBufferPointer(rebasing: bytes[Int(event.first)..<Int(event.end)]))
        }
    }

    /// An attribute of the element just started.
    public func attribute(_ name: String) -> String? {
        withAttribute(name) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// The bytes of an attribute of the element just started, or nil when it has none such.
    public func withAttribute<Result>(_ name: String, _ body: (UnsafeRawBufferPointer?) throws -> Result) rethrows -> Result {
        guard current.kind == .start else { return try body(nil) }
        for index in Int(current.first)..<Int(current.end) where queue.pointee.names.strings[Int(queue.pointee.attributes[index].name)] == name {
            let attribute = queue.pointee.attributes[index]
            return try queue.pointee.attributeBytes.withUnsafeBytes { bytes in
                try body(UnsafeRawBufferPointer(rebasing: bytes[Int(attribute.first)..<Int(attribute.end)]))
            }
        }
        return try body(nil)
    }

    /// Feeds libxml2 the next chunk of the source, so the queue holds its events.
    private func refill() throws {
        queue.pointee.clear()
        let count = try input.fill(atLeast: 1)
        try parse(count: count, last: count == 0)
    }

    private func parse(count: Int, last: Bool) throws {
        let status = xmlParseChunk(context, input.chunk.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(count), last ? 1 : 0)
        if last { queue.pointee.finished = true }
        if let failure = queue.pointee.failure { throw failure }
        // The status is the last error of any level (a namespace warning too); only a fatal
        // error clears wellFormed and stops the parse.
        if context.pointee.wellFormed == 0 || (status != 0 && context.pointee.disableSAX != 0) {
            throw failure()
        }
    }

    private func failure() -> any Error {
        let message = queue.pointee.errorMessage ?? "the document is not well-formed XML"
        let line = queue.pointee.errorLine > 0 ? queue.pointee.errorLine : Int(context.pointee.input?.pointee.line ?? 0)
        if message.contains("entity") || message.contains("Entity") {
            return CatalogError(.forbiddenXML, "refused: \(message); catalogd never loads external resources or expands entities", context: .init(line: line))
        }
        return CatalogError(.malformedXML, "not well-formed XML: \(message)", context: .init(line: line))
    }

    /// The callbacks libxml2 calls while it parses a chunk; `context` is the `EventQueue`.
    private static func makeHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, localName, _, _, _, _, attributeCount, _, attributes in
            guard let context, let localName else { return }
            EventQueue.from(context).pointee.start(localName, attributeCount: Int(attributeCount), attributes: attributes)
        }
        handler.endElementNs = { context, _, _, _ in
            guard let context else { return }
            EventQueue.from(context).pointee.end()
        }
        handler.characters = { context, text, length in
            guard let context, let text, length > 0 else { return }
            EventQueue.from(context).pointee.text(UnsafeRawBufferPointer(start: text, count: Int(length)))
        }
        handler.reference = { context, name in
            guard let context else { return }
            let queue = EventQueue.from(context)
            queue.pointee.refuseEntity(name.map { String(cString: $0) } ?? "", line: queue.pointee.line)
        }
        handler.serror = { context, error in
            guard let context, let error else { return }
            EventQueue.from(context).pointee.record(error.pointee)
        }
        return handler
    }
}

/// One queued event. For a start, `first..<end` are its attributes in `EventQueue.attributes`;
/// for text, its bytes in `EventQueue.text`.
private struct QueuedEvent {
    enum Kind: UInt8 { case start, end, text }
    var kind: Kind
    var name: Int32
    var line: Int32
    var first: Int32
    var end: Int32
}

/// What libxml2's callbacks produced for one chunk, kept in buffers reused chunk after chunk,
/// and where the stream is in it.
private struct EventQueue {
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
private struct InternedNames {
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

/// Collects the text of the element being read.
struct TextBuffer {
    private(set) var text = ""

    mutating func append(_ fragment: String) { text += fragment }

    /// The collected text, trimmed, and a fresh buffer. (XML whitespace is ASCII, so the
    /// cheap trim is exact; Foundation's CharacterSet trim cost more than parsing.)
    mutating func take() -> String {
        guard !text.isEmpty else { return "" }
        defer { text = "" }
        return text.trimmingASCIIWhitespace()
    }

    /// Forgets collected text (whitespace between elements).
    mutating func reset() {
        if !text.isEmpty { text = "" }
    }
}
