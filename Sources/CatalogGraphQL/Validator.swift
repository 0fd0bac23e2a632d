public import CatalogCore

/// One problem with a request, worded the way GraphQL servers word them.
public struct GraphQLError: Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public let line: Int?
    public let column: Int?

    public init(_ message: String, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        guard let line, let column else { return message }
        return "\(message) (at \(line):\(column))"
    }
}

/// Everything wrong with a request, in document order.
public struct ValidationFailure: Error, Hashable, Sendable {
    public let errors: [GraphQLError]

    public init(_ errors: [GraphQLError]) {
        self.errors = errors
    }

    public var messages: [String] { errors.map(\.message) }
}

/// A request that passed validation: the operation to run and its coerced variables.
public struct ValidatedRequest: Sendable {
    public let operation: Operation
    public let fragments: [String: FragmentDefinition]
    public let variables: [String: JSON]
    public let rootType: String
}

/// Validates a document and its variables against a schema, as a server does before running
/// anything, with every rule of the specification checked by the reference implementation
/// (`SpecValidation`) as well. Its own checks, worded as Shopify's graphql-ruby words them:
/// fields exist on their types, arguments exist and required ones are given, literals and
/// variables have the declared types, leaf/composite selections are right, every variable
/// is declared and used, and input objects carry no unknown or missing fields.
public struct Validator {
    let schema: Schema
    private var errors: [GraphQLError] = []
    private var usedVariables: Set<String> = []
    private var declaredVariables: [String: VariableDefinition] = [:]
    private var fragments: [String: FragmentDefinition] = [:]
    private var visitingFragments: Set<String> = []

    /// With `variables` nil only the document is checked (a contract test of what an adapter
    /// can send); with variables, their values are coerced too (what a server does).
    public static func validate(_ schema: Schema, document source: String, operationName: String? = nil, variables: [String: JSON]? = [:]) -> Result<ValidatedRequest, ValidationFailure> {
        let document: ExecutableDocument
        do {
            document = try ExecutableDocument(parsing: source)
        } catch let error as GraphQLSyntaxError {
            return .failure(ValidationFailure([GraphQLError(error.message, line: error.line, column: error.column)]))
        } catch {
            return .failure(ValidationFailure([GraphQLError("\(error)")]))
        }
        guard let operation = document.operation(named: operationName) else {
            let message = operationName.map { "No operation named \"\($0)\"" } ?? "An operation name is required"
            return .failure(ValidationFailure([GraphQLError(message)]))
        }
        var validator = Validator(schema: schema)
        validator.fragments = document.fragments
        let result = validator.run(operation, variables: variables)
        // The specification's rules decide; this validator's own findings keep graphql-ruby's
        // wording, and it alone coerces the variables' values.
        if case .success = result {
            let broken = schema.spec.errors(in: source)
            if !broken.isEmpty { return .failure(ValidationFailure(broken)) }
        }
        return result
    }

    private mutating func run(_ operation: Operation, variables: [String: JSON]?) -> Result<ValidatedRequest, ValidationFailure> {
        let rootName = switch operation.kind {
        case .query: schema.queryType
        case .mutation: schema.mutationType
        case .subscription: String?.none
        }
        guard let rootName, let root = schema[rootName] else {
            return .failure(ValidationFailure([GraphQLError("Schema is not configured for \(operation.kind.rawValue)s")]))
        }
        var coerced: [String: JSON] = [:]
        for definition in operation.variables {
            guard declaredVariables.updateValue(definition, forKey: definition.name) == nil else {
                errors.append(GraphQLError("There can only be one variable named \"\(definition.name)\""))
                continue
            }
            guard let type = schema[definition.type.namedType], !type.isComposite else {
                errors.append(GraphQLError("\(definition.type.namedType) isn't a valid input type (on $\(definition.name))"))
                continue
            }
            guard let variables else { continue }
            if let provided = variables[definition.name] {
                var problems: [String] = []
                coerce(provided, to: definition.type, path: [], problems: &problems)
                for problem in problems {
                    errors.append(GraphQLError("Variable $\(definition.name) of type \(definition.type) was provided invalid value\(problem)"))
                }
                coerced[definition.name] = provided
            } else if let defaultValue = definition.defaultValue {
                coerced[definition.name] = defaultValue.resolved([:])
            } else if definition.type.isNonNull {
                errors.append(GraphQLError("Variable $\(definition.name) of type \(definition.type) was provided invalid value"))
            }
        }
        validate(operation.selections, on: root)
        for name in declaredVariables.keys.sorted() where !usedVariables.contains(name) {
            errors.append(GraphQLError("Variable $\(name) is declared by \(operation.name ?? "anonymous \(operation.kind.rawValue)") but not used"))
        }
        guard errors.isEmpty else { return .failure(ValidationFailure(errors)) }
        return .success(ValidatedRequest(operation: operation, fragments: fragments, variables: coerced, rootType: rootName))
    }

    private mutating func validate(_ selections: [Selection], on parent: TypeDefinition) {
        for selection in selections {
            switch selection {
            case .field(let field):
                validate(field, on: parent)
            case .inlineFragment(let condition, let children):
                guard let condition else { validate(children, on: parent); continue }
                guard let type = schema[condition], type.isComposite else {
                    errors.append(GraphQLError("No such type \(condition), so it can't be a fragment condition"))
                    continue
                }
                validate(children, on: type)
            case .fragmentSpread(let name):
                guard let fragment = fragments[name] else {
                    errors.append(GraphQLError("Fragment \(name) was used, but not defined"))
                    continue
                }
                guard visitingFragments.insert(name).inserted else {
                    errors.append(GraphQLError("Fragment \(name) contains an infinite loop"))
                    continue
                }
                if let type = schema[fragment.typeCondition], type.isComposite {
                    validate(fragment.selections, on: type)
                } else {
                    errors.append(GraphQLError("No such type \(fragment.typeCondition), so it can't be a fragment condition"))
                }
                visitingFragments.remove(name)
            }
        }
    }

    private mutating func validate(_ field: Field, on parent: TypeDefinition) {
        if field.name == "__typename" { return }
        guard let definition = parent.fields[field.name] else {
            errors.append(GraphQLError("Field '\(field.name)' doesn't exist on type '\(parent.name)'", line: field.line, column: field.column))
            return
        }
        for argument in field.arguments {
            guard let expected = definition.arguments[argument.name] else {
                errors.append(GraphQLError("Field '\(field.name)' doesn't accept argument '\(argument.name)'", line: field.line, column: field.column))
                continue
            }
            var problems: [String] = []
            check(argument.value, against: expected.type, hasDefault: expected.hasDefault, problems: &problems)
            for problem in problems {
                errors.append(GraphQLError("Argument '\(argument.name)' on Field '\(field.name)' has an invalid value: \(problem)", line: field.line, column: field.column))
            }
        }
        let given = Set(field.arguments.map(\.name))
        let missing = definition.arguments.values.filter { $0.isRequired && !given.contains($0.name) }.map(\.name).sorted()
        if !missing.isEmpty {
            errors.append(GraphQLError("Field '\(field.name)' is missing required arguments: \(missing.joined(separator: ", "))", line: field.line, column: field.column))
        }
        guard let type = schema[definition.type.namedType] else { return }
        if type.isLeaf, !field.selections.isEmpty {
            errors.append(GraphQLError("Selections can't be made on \(type.kind == .scalar ? "scalars" : "enums") (field '\(field.name)' returns \(type.name) but has selections)", line: field.line, column: field.column))
        } else if type.isComposite, field.selections.isEmpty {
            errors.append(GraphQLError("Field must have selections (field '\(field.name)' returns \(type.name) but has no selections. Did you mean '\(field.name) { ... }'?)", line: field.line, column: field.column))
        } else if type.isComposite {
            validate(field.selections, on: type)
        }
    }

    /// Checks a literal (or a variable used in its place) against an input type.
    private mutating func check(_ value: Value, against type: TypeReference, hasDefault: Bool, problems: inout [String]) {
        if case .variable(let name) = value {
            usedVariables.insert(name)
            guard let declared = declaredVariables[name] else {
                errors.append(GraphQLError("Variable $\(name) is used but not declared"))
                return
            }
            if !Self.isCompatible(declared.type, usedAs: type, hasDefault: declared.defaultValue != nil || hasDefault) {
                problems.append("Type mismatch on variable $\(name) and argument (\(declared.type) / \(type))")
            }
            return
        }
        if case .null = value {
            if type.isNonNull { problems.append("expected \(type), found null") }
            return
        }
        switch type.nullable {
        case .list(let item):
            if case .list(let items) = value {
                for element in items { check(element, against: item, hasDefault: false, problems: &problems) }
            } else {
                check(value, against: item, hasDefault: false, problems: &problems)
            }
        case .named(let name):
            guard let definition = schema[name] else { return }
            switch definition.kind {
            case .input:
                guard case .object(let fields) = value else { problems.append("expected \(name) input object"); return }
                for field in fields {
                    guard let input = definition.inputFields[field.name] else {
                        problems.append("\(field.name) is not a field of \(name)")
                        continue
                    }
                    check(field.value, against: input.type, hasDefault: input.hasDefault, problems: &problems)
                }
                let given = Set(fields.map(\.name))
                for input in definition.inputFields.values.sorted(by: { $0.name < $1.name }) where input.isRequired && !given.contains(input.name) {
                    problems.append("\(name).\(input.name) is required")
                }
            case .enumeration:
                guard case .enumValue(let text) = value, definition.enumValues.contains(text) else {
                    problems.append("expected one of \(name)")
                    return
                }
            default:
                if !Self.literalMatchesScalar(value, name) { problems.append("expected type '\(name)'") }
            }
        case .nonNull:
            break
        }
    }

    static func literalMatchesScalar(_ value: Value, _ scalar: String) -> Bool {
        switch (scalar, value) {
        case ("Int", .int), ("Float", .int), ("Float", .float), ("String", .string), ("Boolean", .boolean), ("ID", .string), ("ID", .int):
            true
        case ("Int", _), ("Float", _), ("String", _), ("Boolean", _), ("ID", _):
            false
        default:
            // Custom scalars (URL, DateTime, HTML, JSON…) are serialised as strings or JSON.
            true
        }
    }

    /// Input coercion of a variable's JSON value, collecting " for PATH (problem)" texts.
    private func coerce(_ value: JSON, to type: TypeReference, path: [String], problems: inout [String]) {
        let at = path.isEmpty ? "" : " for \(path.joined(separator: "."))"
        if value.isNull {
            if type.isNonNull { problems.append("\(at) (Expected value to not be null)") }
            return
        }
        switch type.nullable {
        case .list(let item):
            if case .array(let items) = value {
                for (index, element) in items.enumerated() { coerce(element, to: item, path: path + ["\(index)"], problems: &problems) }
            } else {
                coerce(value, to: item, path: path, problems: &problems)
            }
        case .named(let name):
            guard let definition = schema[name] else { return }
            switch definition.kind {
            case .input:
                guard case .object(let members) = value else {
                    problems.append("\(at) (Expected \(name) to be a key-value object)")
                    return
                }
                for key in members.keys.sorted() {
                    guard let input = definition.inputFields[key] else {
                        problems.append("\(at) (Field is not defined on \(name): \(key))")
                        continue
                    }
                    coerce(members[key] ?? .null, to: input.type, path: path + [key], problems: &problems)
                }
                for input in definition.inputFields.values.sorted(by: { $0.name < $1.name }) where input.isRequired && members[input.name] == nil {
                    problems.append(" for \((path + [input.name]).joined(separator: ".")) (Expected value to not be null)")
                }
            case .enumeration:
                guard let text = value.string, definition.enumValues.contains(text) else {
                    problems.append("\(at) (Expected \"\(value)\" to be one of: \(definition.enumValues.sorted().joined(separator: ", ")))")
                    return
                }
            default:
                if !Self.jsonMatchesScalar(value, name) {
                    problems.append("\(at) (Could not coerce value \(value) to \(name))")
                }
            }
        case .nonNull:
            break
        }
    }

    static func jsonMatchesScalar(_ value: JSON, _ scalar: String) -> Bool {
        switch scalar {
        case "Int": if let int = value.int { return Int(Int32.min)...Int(Int32.max) ~= int } else { return false }
        case "Float": return value.double != nil
        case "Boolean": if case .bool = value { return true } else { return false }
        case "String": return value.string != nil
        case "ID": return value.string != nil || value.int != nil
        case "JSON": return true
        // URL, DateTime, HTML, Money, Decimal, UnsignedInt64… travel as strings.
        default: return value.string != nil || value.double != nil
        }
    }

    /// A variable may be used where its type is at least as strict as the argument's.
    static func isCompatible(_ variable: TypeReference, usedAs expected: TypeReference, hasDefault: Bool) -> Bool {
        switch (variable, expected) {
        case (.nonNull(let inner), .nonNull(let expectedInner)):
            return isCompatible(inner, usedAs: expectedInner, hasDefault: false)
        case (_, .nonNull(let expectedInner)):
            return hasDefault && isCompatible(variable, usedAs: expectedInner, hasDefault: false)
        case (.nonNull(let inner), _):
            return isCompatible(inner, usedAs: expected, hasDefault: false)
        case (.list(let inner), .list(let expectedInner)):
            return isCompatible(inner, usedAs: expectedInner, hasDefault: false)
        case (.named(let name), .named(let expectedName)):
            return name == expectedName
        default:
            return false
        }
    }
}
