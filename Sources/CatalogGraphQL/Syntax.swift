public indirect enum TypeReference: Hashable, Sendable, CustomStringConvertible {
    case named(String)
    case list(TypeReference)
    case nonNull(TypeReference)

    public var namedType: String {
        switch self {
        case .named(let name): name
        case .list(let inner), .nonNull(let inner): inner.namedType
        }
    }

    public var isNonNull: Bool {
        if case .nonNull = self { return true }
        return false
    }

    public var nullable: TypeReference {
        if case .nonNull(let inner) = self { return inner }
        return self
    }

    public var description: String {
        switch self {
        case .named(let name): name
        case .list(let inner): "[\(inner)]"
        case .nonNull(let inner): "\(inner)!"
        }
    }
}

public struct ObjectField: Hashable, Sendable {
    public let name: String
    public let value: Value
}

/// A literal or variable in a document.
public indirect enum Value: Hashable, Sendable {
    case variable(String)
    case int(String)
    case float(String)
    case string(String)
    case boolean(Bool)
    case null
    case enumValue(String)
    case list([Value])
    case object([ObjectField])
}

public struct Argument: Hashable, Sendable {
    public let name: String
    public let value: Value
}

public struct Field: Hashable, Sendable {
    public let alias: String?
    public let name: String
    public let arguments: [Argument]
    public let selections: [Selection]
    public let line: Int
    public let column: Int

    /// The key this field's value has in the response.
    public var responseKey: String { alias ?? name }
}

public indirect enum Selection: Hashable, Sendable {
    case field(Field)
    case fragmentSpread(String)
    case inlineFragment(typeCondition: String?, selections: [Selection])
}

public struct VariableDefinition: Hashable, Sendable {
    public let name: String
    public let type: TypeReference
    public let defaultValue: Value?
}

public struct Operation: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case query, mutation, subscription }
    public let kind: Kind
    public let name: String?
    public let variables: [VariableDefinition]
    public let selections: [Selection]
}

public struct FragmentDefinition: Hashable, Sendable {
    public let name: String
    public let typeCondition: String
    public let selections: [Selection]
}

/// A parsed request document: what a client sends in `query`.
public struct ExecutableDocument: Hashable, Sendable {
    public let operations: [Operation]
    public let fragments: [String: FragmentDefinition]

    public init(parsing source: String) throws {
        var parser = try Parser(source)
        var operations: [Operation] = []
        var fragments: [String: FragmentDefinition] = [:]
        while parser.current != .end {
            if parser.current == .name("fragment") {
                let fragment = try parser.parseFragmentDefinition()
                guard fragments.updateValue(fragment, forKey: fragment.name) == nil else {
                    throw parser.error("there can be only one fragment named '\(fragment.name)'")
                }
            } else {
                operations.append(try parser.parseOperation())
            }
        }
        guard !operations.isEmpty else { throw parser.error("the document contains no operation") }
        self.operations = operations
        self.fragments = fragments
    }

    /// The operation a request names, or its only one.
    public func operation(named name: String?) -> Operation? {
        guard let name else { return operations.count == 1 ? operations[0] : nil }
        return operations.first { $0.name == name }
    }
}

struct Parser {
    private var lexer: Lexer
    private(set) var current: Token
    private var line: Int
    private var column: Int

    init(_ source: String) throws {
        lexer = Lexer(source)
        (current, line, column) = try lexer.next()
    }

    func error(_ message: String) -> GraphQLSyntaxError {
        GraphQLSyntaxError(message: message, line: line, column: column)
    }

    mutating func advance() throws {
        (current, line, column) = try lexer.next()
    }

    mutating func expect(_ punctuator: String) throws {
        guard current == .punctuator(punctuator) else { throw error("expected '\(punctuator)', found \(describe(current))") }
        try advance()
    }

    mutating func skip(_ punctuator: String) throws -> Bool {
        guard current == .punctuator(punctuator) else { return false }
        try advance()
        return true
    }

    mutating func name() throws -> String {
        guard case .name(let name) = current else { throw error("expected a name, found \(describe(current))") }
        try advance()
        return name
    }

    mutating func keyword(_ word: String) throws {
        guard current == .name(word) else { throw error("expected '\(word)', found \(describe(current))") }
        try advance()
    }

    func describe(_ token: Token) -> String {
        switch token {
        case .punctuator(let text): "'\(text)'"
        case .name(let name): "'\(name)'"
        case .int(let text), .float(let text): "number \(text)"
        case .string: "a string"
        case .end: "end of document"
        }
    }

    // MARK: executable definitions

    mutating func parseOperation() throws -> Operation {
        if current == .punctuator("{") {
            return Operation(kind: .query, name: nil, variables: [], selections: try parseSelectionSet())
        }
        let word = try name()
        guard let kind = Operation.Kind(rawValue: word) else { throw error("expected an operation, found '\(word)'") }
        var operationName: String?
        if case .name = current { operationName = try name() }
        var variables: [VariableDefinition] = []
        if try skip("(") {
            while !(try skip(")")) {
                try expect("$")
                let variable = try name()
                try expect(":")
                let type = try parseType()
                let defaultValue = try skip("=") ? try parseValue(constant: true) : nil
                variables.append(VariableDefinition(name: variable, type: type, defaultValue: defaultValue))
            }
        }
        try skipDirectives()
        return Operation(kind: kind, name: operationName, variables: variables, selections: try parseSelectionSet())
    }

    mutating func parseFragmentDefinition() throws -> FragmentDefinition {
        try keyword("fragment")
        let fragmentName = try name()
        try keyword("on")
        let typeCondition = try name()
        try skipDirectives()
        return FragmentDefinition(name: fragmentName, typeCondition: typeCondition, selections: try parseSelectionSet())
    }

    mutating func parseSelectionSet() throws -> [Selection] {
        try expect("{")
        var selections: [Selection] = []
        while !(try skip("}")) {
            if try skip("...") {
                if current == .name("on") {
                    try advance()
                    let condition = try name()
                    try skipDirectives()
                    selections.append(.inlineFragment(typeCondition: condition, selections: try parseSelectionSet()))
                } else if current == .punctuator("{") || current == .punctuator("@") {
                    try skipDirectives()
                    selections.append(.inlineFragment(typeCondition: nil, selections: try parseSelectionSet()))
                } else {
                    selections.append(.fragmentSpread(try name()))
                    try skipDirectives()
                }
                continue
            }
            let (fieldLine, fieldColumn) = (line, column)
            var fieldName = try name()
            var alias: String?
            if try skip(":") {
                alias = fieldName
                fieldName = try name()
            }
            let arguments = try parseArguments(constant: false)
            try skipDirectives()
            let children = current == .punctuator("{") ? try parseSelectionSet() : []
            selections.append(.field(Field(alias: alias, name: fieldName, arguments: arguments, selections: children, line: fieldLine, column: fieldColumn)))
        }
        guard !selections.isEmpty else { throw error("a selection set cannot be empty") }
        return selections
    }

    mutating func parseArguments(constant: Bool) throws -> [Argument] {
        guard try skip("(") else { return [] }
        var arguments: [Argument] = []
        while !(try skip(")")) {
            let argumentName = try name()
            try expect(":")
            arguments.append(Argument(name: argumentName, value: try parseValue(constant: constant)))
        }
        return arguments
    }

    /// Directives (`@include`, `@deprecated(reason:)`) do not change what is validated here.
    mutating func skipDirectives() throws {
        while try skip("@") {
            _ = try name()
            _ = try parseArguments(constant: true)
        }
    }

    mutating func parseType() throws -> TypeReference {
        var type: TypeReference
        if try skip("[") {
            type = .list(try parseType())
            try expect("]")
        } else {
            type = .named(try name())
        }
        if try skip("!") { type = .nonNull(type) }
        return type
    }

    mutating func parseValue(constant: Bool) throws -> Value {
        let token = current
        switch token {
        case .punctuator("$"):
            guard !constant else { throw error("a variable is not allowed here") }
            try advance()
            return .variable(try name())
        case .punctuator("["):
            try advance()
            var items: [Value] = []
            while !(try skip("]")) { items.append(try parseValue(constant: constant)) }
            return .list(items)
        case .punctuator("{"):
            try advance()
            var fields: [ObjectField] = []
            while !(try skip("}")) {
                let fieldName = try name()
                try expect(":")
                fields.append(ObjectField(name: fieldName, value: try parseValue(constant: constant)))
            }
            return .object(fields)
        case .int(let text):
            try advance()
            return .int(text)
        case .float(let text):
            try advance()
            return .float(text)
        case .string(let text):
            try advance()
            return .string(text)
        case .name("true"), .name("false"):
            try advance()
            return .boolean(token == .name("true"))
        case .name("null"):
            try advance()
            return .null
        case .name(let text):
            try advance()
            return .enumValue(text)
        default:
            throw error("expected a value, found \(describe(token))")
        }
    }
}
