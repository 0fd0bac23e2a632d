/// One attribute's change between two versions of a product, for history and for deciding
/// whether copy must be regenerated.
public struct FieldChange: Hashable, Sendable, Codable {
    public let old: AttributeValue?
    public let new: AttributeValue?

    public init(old: AttributeValue?, new: AttributeValue?) {
        self.old = old
        self.new = new
    }
}

extension Product {
    /// What changed from `previous` to `self`, keyed by attribute code. `family`, `categories`
    /// and `enabled` appear under those names.
    public func fieldChanges(from previous: Product) -> [String: FieldChange] {
        var changes: [String: FieldChange] = [:]
        for code in Set(attributes.keys).union(previous.attributes.keys) where attributes[code] != previous.attributes[code] {
            changes[code] = FieldChange(old: previous.attributes[code], new: attributes[code])
        }
        if family != previous.family {
            changes["family"] = FieldChange(old: previous.family.map(AttributeValue.text), new: family.map(AttributeValue.text))
        }
        if categories != previous.categories {
            changes["categories"] = FieldChange(old: .list(previous.categories), new: .list(categories))
        }
        if enabled != previous.enabled {
            changes["enabled"] = FieldChange(old: .boolean(previous.enabled), new: .boolean(enabled))
        }
        return changes
    }
}
