public import CatalogCore
public import Foundation

/// A Swagger 2.0 document (the format Magento publishes its REST schema in), reduced to what
/// checking a request needs: each operation's path template and body schema, and the
/// definitions those refer to.
public struct OpenAPIDocument: Sendable {
    /// A schema as the validator walks it.
    public indirect enum Schema: Hashable, Sendable {
        case reference(String)
        /// `className` is Magento's `x-class`, used in its "no accessor method" message.
        case object(properties: [String: Schema], required: [String], className: String?)
        /// An object whose members are not described (Magento's `extension_attributes`).
        case freeObject
        case array(Schema)
        case string
        case integer
        case number
        case boolean
    }

    public struct Operation: Hashable, Sendable {
        public let method: String
        public let pathTemplate: String
        public let operationID: String
        public let body: Schema?
    }

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    public let operations: [Operation]
    public let definitions: [String: Schema]

    public init(data: Data) throws {
        let root = try JSONDecoder().decode(JSON.self, from: data)
        guard root["swagger"]?.string == "2.0", case .object(let paths)? = root["paths"], case .object(let definitions)? = root["definitions"] else {
            throw LoadError(description: "not a Swagger 2.0 document with paths and definitions")
        }
        self.definitions = try definitions.mapValues(Self.schema)
        var operations: [Operation] = []
        for (template, item) in paths.sorted(by: { $0.key < $1.key }) {
            guard case .object(let methods) = item else { continue }
            for (method, operation) in methods.sorted(by: { $0.key < $1.key }) {
                let body = try operation["parameters"]?.array?.first { $0["in"]?.string == "body" }.flatMap { $0["schema"] }.map(Self.schema)
                operations.append(Operation(method: method.uppercased(), pathTemplate: template, operationID: operation["operationId"]?.string ?? "", body: body))
            }
        }
        self.operations = operations
        for reference in self.definitions.values.flatMap(\.references) + operations.compactMap(\.body).flatMap(\.references) where self.definitions[reference] == nil {
            throw LoadError(description: "$ref to a missing definition '\(reference)'")
        }
    }

    /// The operation serving `method path` (a path relative to `/rest/<store>`), with the path
    /// parameters it binds. Literal segments win over parameters (`bySku` before `{sku}`).
    public func operation(method: String, path: String) -> (operation: Operation, parameters: [String: String])? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var best: (Operation, [String: String], literals: Int)?
        for operation in operations where operation.method == method.uppercased() {
            let template = operation.pathTemplate.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            guard template.count == segments.count else { continue }
            var parameters: [String: String] = [:]
            var literals = 0
            var matches = true
            for (pattern, segment) in zip(template, segments) {
                if pattern.hasPrefix("{"), pattern.hasSuffix("}") {
                    parameters[String(pattern.dropFirst().dropLast())] = segment.removingPercentEncoding ?? segment
                } else if pattern == segment {
                    literals += 1
                } else {
                    matches = false
                    break
                }
            }
            if matches, literals > (best?.literals ?? -1) { best = (operation, parameters, literals) }
        }
        return best.map { ($0.0, $0.1) }
    }

    /// Every way `body` departs from the operation's body schema, in document order.
    public func violations(of body: JSON, for operation: Operation) -> [Violation] {
        guard let schema = operation.body else { return [] }
        var found: [Violation] = []
        check(body, against: schema, at: "", into: &found)
        return found
    }

    private func check(_ value: JSON, against schema: Schema, at path: String, into found: inout [Violation]) {
        switch schema {
        case .reference(let name):
            guard let resolved = definitions[name] else { return }
            check(value, against: resolved, at: path, into: &found)
        case .object(let properties, let required, let className):
            guard case .object(let members) = value else {
                found.append(Violation(path: path, kind: .wrongType(expected: "object", value: value)))
                return
            }
            for name in required where members[name] == nil || members[name] == .null {
                found.append(Violation(path: Self.join(path, name), kind: .missing))
            }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                guard let property = properties[name] else {
                    found.append(Violation(path: Self.join(path, name), kind: .unknownProperty(className: className ?? "object")))
                    continue
                }
                if member != .null { check(member, against: property, at: Self.join(path, name), into: &found) }
            }
        case .freeObject:
            if case .object = value { return }
            found.append(Violation(path: path, kind: .wrongType(expected: "object", value: value)))
        case .array(let items):
            guard case .array(let elements) = value else {
                found.append(Violation(path: path, kind: .wrongType(expected: "array", value: value)))
                return
            }
            for (index, element) in elements.enumerated() {
                check(element, against: items, at: "\(path)[\(index)]", into: &found)
            }
        case .string:
            // Magento's input processor takes numbers for string fields, not objects or lists.
            switch value {
            case .string, .int, .double: return
            default: found.append(Violation(path: path, kind: .wrongType(expected: "string", value: value)))
            }
        case .integer:
            switch value {
            case .int: return
            case .string(let text) where Int(text) != nil: return
            default: found.append(Violation(path: path, kind: .wrongType(expected: "int", value: value)))
            }
        case .number:
            switch value {
            case .int, .double: return
            case .string(let text) where Double(text) != nil: return
            default: found.append(Violation(path: path, kind: .wrongType(expected: "float", value: value)))
            }
        case .boolean:
            if case .bool = value { return }
            found.append(Violation(path: path, kind: .wrongType(expected: "bool", value: value)))
        }
    }

    private static func join(_ path: String, _ name: String) -> String {
        path.isEmpty ? name : "\(path).\(name)"
    }

    private static func schema(_ node: JSON) throws -> Schema {
        if let reference = node["$ref"]?.string {
            let prefix = "#/definitions/"
            guard reference.hasPrefix(prefix) else { throw LoadError(description: "unsupported $ref \(reference)") }
            return .reference(String(reference.dropFirst(prefix.count)))
        }
        switch node["type"]?.string {
        case "object":
            guard case .object(let properties)? = node["properties"] else { return .freeObject }
            let required = node["required"]?.array?.compactMap(\.string) ?? []
            return .object(properties: try properties.mapValues(schema), required: required, className: node["x-class"]?.string)
        case "array":
            guard let items = node["items"] else { throw LoadError(description: "array without items") }
            return .array(try schema(items))
        case "string": return .string
        case "integer": return .integer
        case "number": return .number
        case "boolean": return .boolean
        case let other: throw LoadError(description: "unsupported schema type \(other ?? "none")")
        }
    }
}

extension OpenAPIDocument.Schema {
    var references: [String] {
        switch self {
        case .reference(let name): [name]
        case .object(let properties, _, _): properties.values.flatMap(\.references)
        case .array(let items): items.references
        case .freeObject, .string, .integer, .number, .boolean: []
        }
    }
}

/// One way a request body departs from the schema, with the text Magento's web API input
/// processor answers it with (`message` with `%1`/`%name` placeholders plus `parameters`).
public struct Violation: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case missing
        case unknownProperty(className: String)
        case wrongType(expected: String, value: JSON)
    }

    /// Dotted path into the body, e.g. `product.custom_attributes[0].value`.
    public let path: String
    public let kind: Kind

    public var name: String { String(path.split(separator: ".").last ?? Substring(path)).replacingOccurrences(of: #"\[\d+\]$"#, with: "", options: .regularExpression) }

    /// Magento's message template and its parameters.
    public var magentoMessage: (message: String, parameters: JSON) {
        switch kind {
        case .missing:
            return ("\"%fieldName\" is required. Enter and try again.", .object(["fieldName": .string(name)]))
        case .unknownProperty(let className):
            let camel = name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            return ("Property \"%1\" does not have accessor method \"%2\" in class \"%3\".", .array([.string(camel), .string("get\(camel)"), .string(className)]))
        case .wrongType(let expected, let value):
            return ("The \"%1\" value's type is invalid. The \"%2\" type was expected. Verify and try again.", .array([.string(Self.render(value)), .string(expected)]))
        }
    }

    public var description: String {
        switch kind {
        case .missing: "\(path): required but missing"
        case .unknownProperty(let className): "\(path): not a property of \(className)"
        case .wrongType(let expected, let value): "\(path): expected \(expected), got \(Self.render(value))"
        }
    }

    static func render(_ value: JSON) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): text
        case .array: "array"
        case .object: "object"
        }
    }
}
