/// A GraphQL syntax error with the position a person can find it at.
public struct GraphQLSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public let line: Int
    public let column: Int

    public var description: String { "syntax error at \(line):\(column): \(message)" }
}

enum Token: Hashable, Sendable {
    case punctuator(String)
    case name(String)
    case int(String)
    case float(String)
    case string(String)
    case end
}

/// Splits GraphQL source (executable documents and SDL alike) into tokens, following the
/// October 2021 specification's lexical grammar: commas and comments are insignificant,
/// strings may be block strings.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    var position: (line: Int, column: Int) { (line, index - lineStart + 1) }

    func error(_ message: String) -> GraphQLSyntaxError {
        GraphQLSyntaxError(message: message, line: line, column: index - lineStart + 1)
    }

    mutating func next() throws -> (token: Token, line: Int, column: Int) {
        skipIgnored()
        let start = position
        guard index < scalars.count else { return (.end, start.line, start.column) }
        let scalar = scalars[index]
        let token: Token
        switch scalar {
        case "!", "$", "&", "(", ")", ":", "=", "@", "[", "]", "{", "|", "}":
            index += 1
            token = .punctuator(String(scalar))
        case ".":
            guard index + 2 < scalars.count, scalars[index + 1] == ".", scalars[index + 2] == "." else {
                throw error("expected '...'")
            }
            index += 3
            token = .punctuator("...")
        case "\"":
            token = .string(try readString())
        case "-", "0"..."9":
            token = try readNumber()
        case "_", "a"..."z", "A"..."Z":
            let begin = index
            while index < scalars.count, Self.isNameContinue(scalars[index]) { index += 1 }
            token = .name(String(String.UnicodeScalarView(scalars[begin..<index])))
        default:
            throw error("unexpected character '\(scalar)'")
        }
        return (token, start.line, start.column)
    }

    private static func isNameContinue(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "_", "a"..."z", "A"..."Z", "0"..."9": true
        default: false
        }
    }

    private mutating func newline() {
        line += 1
        lineStart = index
    }

    private mutating func skipIgnored() {
        while index < scalars.count {
            switch scalars[index] {
            case " ", "\t", ",", "\u{FEFF}", "\r":
                index += 1
            case "\n":
                index += 1
                newline()
            case "#":
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            default:
                return
            }
        }
    }

    private mutating func readNumber() throws -> Token {
        let begin = index
        if scalars[index] == "-" { index += 1 }
        var isFloat = false
        while index < scalars.count {
            switch scalars[index] {
            case "0"..."9": index += 1
            case ".", "e", "E", "+":
                isFloat = true
                index += 1
            case "-" where isFloat: index += 1
            default:
                let text = String(String.UnicodeScalarView(scalars[begin..<index]))
                guard text != "-" else { throw error("expected a digit after '-'") }
                return isFloat ? .float(text) : .int(text)
            }
        }
        let text = String(String.UnicodeScalarView(scalars[begin..<index]))
        return isFloat ? .float(text) : .int(text)
    }

    private mutating func readString() throws -> String {
        if index + 2 < scalars.count, scalars[index + 1] == "\"", scalars[index + 2] == "\"" {
            return try readBlockString()
        }
        index += 1
        var result = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\"":
                return String(result)
            case "\n":
                throw error("unterminated string")
            case "\\":
                guard index < scalars.count else { throw error("unterminated string") }
                let escaped = scalars[index]
                index += 1
                switch escaped {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "b": result.append("\u{8}")
                case "f": result.append("\u{C}")
                case "\"", "\\", "/": result.append(escaped)
                case "u":
                    guard index + 4 <= scalars.count,
                          let value = UInt32(String(String.UnicodeScalarView(scalars[index..<index + 4])), radix: 16),
                          let decoded = Unicode.Scalar(value)
                    else { throw error("invalid unicode escape") }
                    index += 4
                    result.append(decoded)
                default:
                    throw error("invalid escape '\\\(escaped)'")
                }
            default:
                result.append(scalar)
            }
        }
        throw error("unterminated string")
    }

    /// Block strings are only descriptions here; their indentation rules do not matter to
    /// validation, so the raw text is kept.
    private mutating func readBlockString() throws -> String {
        index += 3
        let begin = index
        while index + 2 < scalars.count {
            if scalars[index] == "\"", scalars[index + 1] == "\"", scalars[index + 2] == "\"" {
                let text = String(String.UnicodeScalarView(scalars[begin..<index]))
                index += 3
                return text
            }
            if scalars[index] == "\n" {
                index += 1
                newline()
            } else {
                index += 1
            }
        }
        throw error("unterminated block string")
    }
}
