import CatalogCore
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

/// Collects the text of the element being read.
public struct TextBuffer {
    public private(set) var text = ""

    public init() {}

    public mutating func append(_ fragment: String) { text += fragment }

    /// The collected text, trimmed, and a fresh buffer. (XML whitespace is ASCII, so the
    /// cheap trim is exact; Foundation's CharacterSet trim cost more than parsing.)
    public mutating func take() -> String {
        guard !text.isEmpty else { return "" }
        defer { text = "" }
        return text.trimmingASCIIWhitespace()
    }

    /// Forgets collected text (whitespace between elements).
    public mutating func reset() {
        if !text.isEmpty { text = "" }
    }
}
