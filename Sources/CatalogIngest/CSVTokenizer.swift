/// An RFC 4180 tokenizer over bytes: quoted fields may contain the delimiter, doubled quotes and
/// line breaks; CRLF and LF both end a record. It is fed chunks, so a file is never held whole,
/// and it keeps a record's fields in one reused buffer to stay off the allocator.
///
/// Fields stay bytes here; UTF-8 is validated per field by the reader, which knows the column
/// name to put in the error.
struct CSVTokenizer {
    /// One record's fields: `bytes[fieldStart(i)..<fieldEnds[i]]`. Valid only during `emit`.
    struct Record {
        /// 1-based physical line on which the record starts.
        var line: Int
        var bytes: [UInt8] = []
        var fieldEnds: [Int] = []

        var count: Int { fieldEnds.count }

        func field(_ index: Int) -> ArraySlice<UInt8> {
            let start = index == 0 ? 0 : fieldEnds[index - 1]
            return bytes[start..<fieldEnds[index]]
        }
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private let delimiter: UInt8
    private var state = State.fieldStart
    private var record = Record(line: 1)
    private var line = 1
    private var quoteLine = 1

    init(delimiter: UInt8) {
        self.delimiter = delimiter
        record.bytes.reserveCapacity(4096)
        record.fieldEnds.reserveCapacity(64)
    }

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// Consumes `bytes`, calling `emit` for each completed record. Runs of ordinary bytes are
    /// found with a tight scan and copied at once; the state machine only sees the special ones.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (Record) throws -> Void) throws {
        let count = bytes.count
        var index = 0
        while index < count {
            switch state {
            case .fieldStart, .unquoted:
                if state == .fieldStart && bytes[index] == Self.quote {
                    state = .quoted
                    quoteLine = line
                    index += 1
                    continue
                }
                let runStart = index
                while index < count {
                    let byte = bytes[index]
                    if byte == delimiter || byte == Self.lf || byte == Self.cr { break }
                    index += 1
                }
                if index > runStart {
                    record.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
                    state = .unquoted
                }
                guard index < count else { break }
                let byte = bytes[index]
                index += 1
                if byte == delimiter {
                    endField()
                } else if byte == Self.lf {
                    try endRecord(emit)
                }
            case .quoted:
                let runStart = index
                while index < count {
                    let byte = bytes[index]
                    if byte == Self.quote { break }
                    if byte == Self.lf { line += 1 }
                    index += 1
                }
                if index > runStart {
                    record.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
                }
                if index < count {
                    state = .quoteInQuoted
                    index += 1
                }
            case .quoteInQuoted:
                let byte = bytes[index]
                index += 1
                if byte == Self.quote {
                    record.bytes.append(Self.quote)
                    state = .quoted
                } else if byte == delimiter {
                    endField()
                } else if byte == Self.lf {
                    try endRecord(emit)
                } else if byte != Self.cr {
                    throw CSVSyntaxError.textAfterClosingQuote(line: line, field: record.fieldEnds.count + 1)
                }
            }
        }
    }

    /// Flushes the last record when the input ends without a final line break.
    mutating func finish(emit: (Record) throws -> Void) throws {
        if state == .quoted {
            throw CSVSyntaxError.unterminatedQuote(line: quoteLine)
        }
        if state != .fieldStart || !record.fieldEnds.isEmpty {
            try endRecord(emit)
        }
    }

    private mutating func endField() {
        record.fieldEnds.append(record.bytes.count)
        state = .fieldStart
    }

    private mutating func endRecord(_ emit: (Record) throws -> Void) throws {
        endField()
        // A blank line is not a record with one empty field.
        if !(record.fieldEnds.count == 1 && record.bytes.isEmpty) {
            try emit(record)
        }
        record.bytes.removeAll(keepingCapacity: true)
        record.fieldEnds.removeAll(keepingCapacity: true)
        line += 1
        record.line = line
    }
}

enum CSVSyntaxError: Error {
    case unterminatedQuote(line: Int)
    case textAfterClosingQuote(line: Int, field: Int)
}
