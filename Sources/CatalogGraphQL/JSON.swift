public import CatalogCore

extension Value {
    /// The argument's value with variables substituted, as an executor sees it.
    public func resolved(_ variables: [String: JSON]) -> JSON {
        switch self {
        case .variable(let name): variables[name] ?? .null
        case .int(let text): Int(text).map(JSON.int) ?? .double(Double(text) ?? 0)
        case .float(let text): .double(Double(text) ?? 0)
        case .string(let text), .enumValue(let text): .string(text)
        case .boolean(let value): .bool(value)
        case .null: .null
        case .list(let items): .array(items.map { $0.resolved(variables) })
        case .object(let fields): .object(Dictionary(fields.map { ($0.name, $0.value.resolved(variables)) }, uniquingKeysWith: { _, last in last }))
        }
    }
}

extension Field {
    public func argumentValues(_ variables: [String: JSON]) -> [String: JSON] {
        Dictionary(arguments.map { ($0.name, $0.value.resolved(variables)) }, uniquingKeysWith: { _, last in last })
    }
}
