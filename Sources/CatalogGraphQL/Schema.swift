public struct InputValueDefinition: Hashable, Sendable {
    public let name: String
    public let type: TypeReference
    public let hasDefault: Bool

    /// Must a client supply it? (Non-null with no default.)
    public var isRequired: Bool { type.isNonNull && !hasDefault }
}

public struct FieldDefinition: Hashable, Sendable {
    public let name: String
    public let arguments: [String: InputValueDefinition]
    public let type: TypeReference
}

public struct TypeDefinition: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case scalar, object = "type", interface, union, enumeration = "enum", input
    }

    public let name: String
    public let kind: Kind
    public var fields: [String: FieldDefinition] = [:]
    public var inputFields: [String: InputValueDefinition] = [:]
    public var enumValues: Set<String> = []
    /// Union members, or (for interfaces) the object types that implement it.
    public var possibleTypes: Set<String> = []
    public var interfaces: [String] = []

    public var isLeaf: Bool { kind == .scalar || kind == .enumeration }
    public var isComposite: Bool { kind == .object || kind == .interface || kind == .union }
}

/// A schema read from SDL: the pinned API definition (or the subset of it an adapter uses)
/// that documents and variables are validated against.
public struct Schema: Sendable {
    public private(set) var types: [String: TypeDefinition]
    public let queryType: String
    public let mutationType: String?
    /// The same schema as the reference implementation builds it, for the specification's rules.
    let spec: SpecValidation

    static let builtInScalars = ["String", "Int", "Float", "Boolean", "ID"]

    public init(sdl source: String) throws {
        spec = try SpecValidation(sdl: source)
        var parser = try Parser(source)
        var types: [String: TypeDefinition] = [:]
        for scalar in Self.builtInScalars { types[scalar] = TypeDefinition(name: scalar, kind: .scalar) }
        var roots: [String: String] = [:]
        while parser.current != .end {
            if case .string = parser.current { try parser.advance() }
            let keyword = try parser.name()
            if keyword == "schema" {
                try parser.skipDirectives()
                try parser.expect("{")
                while !(try parser.skip("}")) {
                    let operation = try parser.name()
                    try parser.expect(":")
                    roots[operation] = try parser.name()
                }
                continue
            }
            guard let kind = TypeDefinition.Kind(rawValue: keyword) else {
                throw parser.error("expected a type definition, found '\(keyword)'")
            }
            var definition = TypeDefinition(name: try parser.name(), kind: kind)
            if parser.current == .name("implements") {
                try parser.advance()
                while true {
                    if try parser.skip("&") { continue }
                    guard case .name(let interface) = parser.current else { break }
                    definition.interfaces.append(interface)
                    try parser.advance()
                }
            }
            try parser.skipDirectives()
            switch kind {
            case .scalar:
                break
            case .object, .interface:
                try parser.expect("{")
                while !(try parser.skip("}")) {
                    let field = try Self.parseField(&parser)
                    definition.fields[field.name] = field
                }
            case .input:
                try parser.expect("{")
                while !(try parser.skip("}")) {
                    let value = try Self.parseInputValue(&parser)
                    definition.inputFields[value.name] = value
                }
            case .enumeration:
                try parser.expect("{")
                while !(try parser.skip("}")) {
                    if case .string = parser.current { try parser.advance() }
                    definition.enumValues.insert(try parser.name())
                    try parser.skipDirectives()
                }
            case .union:
                try parser.expect("=")
                _ = try parser.skip("|")
                repeat { definition.possibleTypes.insert(try parser.name()) } while try parser.skip("|")
            }
            guard types.updateValue(definition, forKey: definition.name) == nil || Self.builtInScalars.contains(definition.name) else {
                throw parser.error("type '\(definition.name)' is defined twice")
            }
        }
        for (name, definition) in types where definition.kind == .object {
            for interface in definition.interfaces { types[interface]?.possibleTypes.insert(name) }
        }
        self.types = types
        self.queryType = roots["query"] ?? "Query"
        self.mutationType = roots["mutation"] ?? (types["Mutation"] != nil ? "Mutation" : nil)
        try checkReferences()
    }

    private static func parseField(_ parser: inout Parser) throws -> FieldDefinition {
        if case .string = parser.current { try parser.advance() }
        let name = try parser.name()
        var arguments: [String: InputValueDefinition] = [:]
        if try parser.skip("(") {
            while !(try parser.skip(")")) {
                let argument = try parseInputValue(&parser)
                arguments[argument.name] = argument
            }
        }
        try parser.expect(":")
        let type = try parser.parseType()
        try parser.skipDirectives()
        return FieldDefinition(name: name, arguments: arguments, type: type)
    }

    private static func parseInputValue(_ parser: inout Parser) throws -> InputValueDefinition {
        if case .string = parser.current { try parser.advance() }
        let name = try parser.name()
        try parser.expect(":")
        let type = try parser.parseType()
        let hasDefault = try parser.skip("=")
        if hasDefault { _ = try parser.parseValue(constant: true) }
        try parser.skipDirectives()
        return InputValueDefinition(name: name, type: type, hasDefault: hasDefault)
    }

    /// A subset that names a type it does not define is a broken pin, caught when it loads.
    private func checkReferences() throws {
        var missing: Set<String> = []
        for definition in types.values {
            for field in definition.fields.values {
                if types[field.type.namedType] == nil { missing.insert("\(definition.name).\(field.name): \(field.type.namedType)") }
                for argument in field.arguments.values where types[argument.type.namedType] == nil {
                    missing.insert("\(definition.name).\(field.name)(\(argument.name)): \(argument.type.namedType)")
                }
            }
            for input in definition.inputFields.values where types[input.type.namedType] == nil {
                missing.insert("\(definition.name).\(input.name): \(input.type.namedType)")
            }
        }
        guard missing.isEmpty else {
            throw GraphQLSyntaxError(message: "undefined types referenced: \(missing.sorted().joined(separator: ", "))", line: 0, column: 0)
        }
    }

    public subscript(name: String) -> TypeDefinition? { types[name] }
}
