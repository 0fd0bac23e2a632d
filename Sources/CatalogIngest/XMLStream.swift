public import CatalogCore
import CLibXML2
import Foundation

/// A pull parser over libxml2's xmlTextReader: streams any size of document in constant memory.
///
/// Safety is the point of this type: the network is off (XML_PARSE_NONET), external DTDs are
/// never loaded and entities never substituted (no DTDLOAD, no NOENT, and never HUGE, which
/// disables libxml2's entity-amplification guard), a global entity loader refuses every
/// external resource as a backstop, and any entity reference left in the document is an error.
public final class XMLStream {
    public enum Event: Equatable {
        case start(String)
        case end(String)
        case text(String)
    }

    private let reader: xmlTextReaderPtr
    private let expectedRoot: String?
    private var sawRoot = false
    private let input: InputBox
    private let errors: ErrorBox
    private var pendingEnd: (name: String, id: Int)?
    /// Element names by libxml2's interned pointer: a document repeats a few dozen names
    /// millions of times, and each would otherwise become a new String.
    private var names = InternedNames()
    /// The number of the element name of the last start or end event: the same name always
    /// has the same number in one stream, counting from 0, so a reader can look its meaning
    /// up in an array instead of hashing the name.
    public private(set) var nameID = 0

    /// Owns the byte source while libxml2 pulls from it through a C callback.
    private final class InputBox {
        var read: (UnsafeMutableRawBufferPointer) throws -> Int
        var failure: (any Error)?
        init(_ read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) { self.read = read }
    }

    /// The first error libxml2 reported, with its line.
    private final class ErrorBox {
        var message: String?
        var line = 0
    }

    private static let installLoader: Void = {
        xmlSetExternalEntityLoader { url, _, _ in
            // Refuse every external resource (DTDs, external entities), whatever the flags say.
            nil
        }
    }()

    /// - Parameter root: the document element the format requires (anything else is refused);
    ///   nil takes any.
    public init<Source: ByteSource>(_ source: Source, root: String?) throws {
        _ = Self.installLoader
        expectedRoot = root
        var source = source
        input = InputBox { try source.read(into: $0) }
        errors = ErrorBox()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_BIG_LINES.rawValue)
        let context = Unmanaged.passUnretained(input).toOpaque()
        guard let reader = xmlReaderForIO(
            { context, buffer, length in
                guard let context, let buffer, length > 0 else { return 0 }
                let box = Unmanaged<InputBox>.fromOpaque(context).takeUnretainedValue()
                do {
                    return Int32(try box.read(UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
                } catch {
                    box.failure = error
                    return -1
                }
            },
            nil, context, nil, nil, options
        ) else {
            throw CatalogError(.malformedXML, "libxml2 could not start reading the document")
        }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            let box = Unmanaged<ErrorBox>.fromOpaque(context).takeUnretainedValue()
            guard box.message == nil else { return }
            box.message = error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown error"
            box.line = Int(error.pointee.line)
        }, Unmanaged.passUnretained(errors).toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
    }

    /// The line of the node just read, for errors a person can find.
    /// Cheap enough to call per element: the node's own line, which XML_PARSE_BIG_LINES keeps
    /// exact past line 65535 (without it libxml2 searches sibling nodes for each lookup).
    public var line: Int {
        if let node = xmlTextReaderCurrentNode(reader) {
            let nodeLine = Int(xmlGetLineNo(node))
            if nodeLine > 0 { return nodeLine }
        }
        return Int(xmlTextReaderGetParserLineNumber(reader))
    }

    /// The next element boundary or text; nil at the end of the document.
    public func next() throws -> Event? {
        if let end = pendingEnd {
            pendingEnd = nil
            nameID = end.id
            return .end(end.name)
        }
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 {
                guard sawRoot else { throw CatalogError(.emptyFile, expectedRoot.map { "the document has no <\($0)> element" } ?? "the document has no elements") }
                return nil
            }
            guard status == 1 else { throw failure() }
            switch xmlTextReaderNodeType(reader) {
            case 1:  // element
                let name = localName
                if !sawRoot {
                    if let expectedRoot, name != expectedRoot {
                        throw CatalogError(.unsupportedFormat, "the root element is <\(name)>, expected <\(expectedRoot)>", context: .init(line: line))
                    }
                    sawRoot = true
                }
                if xmlTextReaderIsEmptyElement(reader) == 1 { pendingEnd = (name, nameID) }
                return .start(name)
            case 15:  // end of element
                return .end(localName)
            case 3, 4, 14:  // text, CDATA, significant whitespace
                return .text(value)
            case 5:  // an entity reference libxml2 did not (and must not) expand
                throw CatalogError(.forbiddenXML, "the document uses an entity (&\(localName);); catalogd never expands entities, to be safe from XXE and entity-expansion attacks", context: .init(line: line))
            default:
                continue
            }
        }
    }

    /// An attribute of the element just started.
    public func attribute(_ name: String) -> String? {
        guard let raw = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { free(raw) }  // xmlFree is free() unless xmlMemSetup changed it, which catalogd never does
        return String(cString: raw)
    }

    /// Sets `nameID` too.
    private var localName: String {
        guard let pointer = xmlTextReaderConstLocalName(reader) else { return "" }
        // libxml2 interns the name in the reader's dictionary ("deallocated with the reader"),
        // so a pointer names one string for as long as this stream lives.
        let (name, id) = names.intern(pointer)
        nameID = id
        return name
    }

    private var value: String {
        xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    private func failure() -> any Error {
        if let error = input.failure { return error }
        let message = errors.message ?? "the document is not well-formed XML"
        let line = errors.line > 0 ? errors.line : line
        if message.contains("entity") || message.contains("Entity") {
            return CatalogError(.forbiddenXML, "refused: \(message); catalogd never loads external resources or expands entities", context: .init(line: line))
        }
        return CatalogError(.malformedXML, "not well-formed XML: \(message)", context: .init(line: line))
    }
}

/// libxml2's interned name pointers and their Strings, in an open-addressing table keyed by the
/// pointer's bits: two lookups per element, where a Dictionary's seeded hash cost more than
/// the lookup.
private struct InternedNames {
    private var keys: [UnsafePointer<xmlChar>?] = Array(repeating: nil, count: 64)
    private var slots: [Int] = Array(repeating: 0, count: 64)
    private(set) var strings: [String] = []

    mutating func intern(_ pointer: UnsafePointer<xmlChar>) -> (String, Int) {
        let mask = keys.count - 1
        var index = (Int(bitPattern: pointer) >> 4) & mask
        while let key = keys[index] {
            if key == pointer { return (strings[slots[index]], slots[index]) }
            index = (index + 1) & mask
        }
        let id = strings.count
        strings.append(String(cString: pointer))
        keys[index] = pointer
        slots[index] = id
        if strings.count * 2 > keys.count { grow() }
        return (strings[id], id)
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
