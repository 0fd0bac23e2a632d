/// An RFC 4180 tokenizer over bytes: quoted fields may contain the delimiter, doubled quotes and
/// line breaks; CRLF and LF both end a record. It is fed chunks, so a file is never held whole.
///
/// Fields stay bytes here; UTF-8 is validated per field by the reader, which knows the column
/// name to put in the error.
struct CSVTokenizer {
    struct Record {
        /// 1-based physical line on which the record starts.
        var line: Int
        var fields: [[UInt8]]
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private let delimiter: UInt8
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [[UInt8]] = []
    private var line = 1
    private var recordLine = 1
    private var column = 0
    private var quoteLine = 1

    init(delimiter: UInt8) {
        self.delimiter = delimiter
    }

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// Consumes `bytes`, calling `emit` for each completed record.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, emit: (Record) throws -> Void) throws {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            column += 1
            switch state {
            case .fieldStart:
                if byte == Self.quote {
                    state = .quoted
                    quoteLine = line
                } else if byte == delimiter {
                    endField()
                } else if byte == Self.lf {
                    try endRecord(emit)
                } else if byte != Self.cr {
                    field.append(byte)
                    state = .unquoted
                }
            case .unquoted:
                if byte == delimiter {
                    endField()
                } else if byte == Self.lf {
                    try endRecord(emit)
                } else if byte != Self.cr {
                    field.append(byte)
                }
            case .quoted:
                if byte == Self.quote {
                    state = .quoteInQuoted
                } else {
                    if byte == Self.lf { line += 1; column = 0 }
                    field.append(byte)
                }
            case .quoteInQuoted:
                if byte == Self.quote {
                    field.append(Self.quote)
                    state = .quoted
                } else if byte == delimiter {
                    endField()
                } else if byte == Self.lf {
                    try endRecord(emit)
                } else if byte != Self.cr {
                    throw CSVSyntaxError.textAfterClosingQuote(line: line, column: column)
                }
            }
        }
    }

    /// Flushes the last record when the input ends without a final line break.
    mutating func finish(emit: (Record) throws -> Void) throws {
        if state == .quoted {
            throw CSVSyntaxError.unterminatedQuote(line: quoteLine)
        }
        if state != .fieldStart || !fields.isEmpty {
            try endRecord(emit)
        }
    }

    private mutating func endField() {
        fields.append(field)
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    private mutating func endRecord(_ emit: (Record) throws -> Void) throws {
        endField()
        // A blank line is not a record with one empty field.
        if !(fields.count == 1 && fields[0].isEmpty) {
            try emit(Record(line: recordLine, fields: fields))
        }
        fields.removeAll(keepingCapacity: true)
        line += 1
        recordLine = line
        column = 0
    }
}

enum CSVSyntaxError: Error {
    case unterminatedQuote(line: Int)
    case textAfterClosingQuote(line: Int, column: Int)
}
