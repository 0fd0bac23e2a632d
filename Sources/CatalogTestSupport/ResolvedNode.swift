import CatalogCore
import CatalogGraphQL
import Foundation

/// A resolved GraphQL value whose object fields are computed on demand, so a response holds
/// exactly what the request selected.
indirect enum ResolvedNode: Sendable {
    case value(JSON)
    case list([ResolvedNode])
    case object(String, @Sendable (Field, [String: JSON]) -> ResolvedNode)

    func project(_ selections: [Selection], request: ValidatedRequest) -> JSON {
        switch self {
        case .value(let json):
            return json
        case .list(let items):
            return .array(items.map { $0.project(selections, request: request) })
        case .object(let typeName, let resolve):
            var result: [String: JSON] = [:]
            collect(selections, request: request) { field in
                if field.name == "__typename" {
                    result[field.responseKey] = .string(typeName)
                } else {
                    result[field.responseKey] = resolve(field, field.argumentValues(request.variables)).project(field.selections, request: request)
                }
            }
            return .object(result)
        }
    }

    private func collect(_ selections: [Selection], request: ValidatedRequest, _ body: (Field) -> Void) {
        for selection in selections {
            switch selection {
            case .field(let field): body(field)
            case .inlineFragment(_, let children): collect(children, request: request, body)
            case .fragmentSpread(let name): collect(request.fragments[name]?.selections ?? [], request: request, body)
            }
        }
    }
}
