import Foundation
import GraphQL

/// The reference implementation's validation (GraphQLSwift, a port of graphql-js): every rule
/// of the GraphQL specification's Validation section, against the same schema file. The fake and
/// the contract tests trust it, not this module's own checks: a document it rejects is
/// rejected, whatever `Validator` says. `Validator` stays for what the specification leaves to
/// servers (coercing variables' values) and for the wording Shopify's graphql-ruby uses.
struct SpecValidation: @unchecked Sendable {
    // @unchecked: GraphQLSchema is built once and only read afterwards; `verdicts` is guarded
    // by `lock`.
    private let schema: GraphQLSchema
    /// A client sends the same few documents again and again: each is validated once.
    private let verdicts = Verdicts()

    private final class Verdicts: @unchecked Sendable {
        let lock = NSLock()
        var byDocument: [String: [GraphQLError]] = [:]
    }

    init(sdl: String) throws {
        schema = try buildSchema(source: sdl)
    }

    /// Every rule the document breaks, in the reference implementation's words.
    func errors(in document: String) -> [GraphQLError] {
        if let known = verdicts.lock.withLock({ verdicts.byDocument[document] }) { return known }
        let errors = check(document)
        verdicts.lock.withLock { verdicts.byDocument[document] = errors }
        return errors
    }

    private func check(_ document: String) -> [GraphQLError] {
        let ast: Document
        do {
            ast = try parse(source: document)
        } catch let error as GraphQL.GraphQLError {
            return [Self.converted(error)]
        } catch {
            return [GraphQLError("\(error)")]
        }
        return validate(schema: schema, ast: ast).map(Self.converted)
    }

    private static func converted(_ error: GraphQL.GraphQLError) -> GraphQLError {
        let location = error.locations.first
        return GraphQLError(error.message, line: location?.line, column: location?.column)
    }
}
