import Foundation

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

extension FieldChange {
    /// What changed from the product in canonical document `old` to the one in `new`: the
    /// same as decoding both and asking `fieldChanges(from:)`, but only members whose bytes
    /// differ are decoded, and then compared as values (texts equal under Unicode canonical
    /// equivalence are not a change). A product whose price alone changed costs two short
    /// decodes instead of two whole documents. A document of another shape than the canonical
    /// writer's is decoded whole.
    public static func between(old: [UInt8], new: [UInt8]) throws -> [String: FieldChange] {
        guard let before = CanonicalMembers(old), let after = CanonicalMembers(new) else {
            return try Product.decode(canonicalJSON: Data(new)).fieldChanges(from: Product.decode(canonicalJSON: Data(old)))
        }
        let decoder = JSONDecoder()
        func decoded<Value: Decodable>(_ type: Value.Type, _ members: CanonicalMembers, _ range: Range<Int>?) throws -> Value? {
            try range.map { try decoder.decode(type, from: Data(members.bytes[$0])) }
        }
        func differ(_ lhs: Range<Int>?, in lhsMembers: CanonicalMembers, _ rhs: Range<Int>?, in rhsMembers: CanonicalMembers) -> Bool {
            switch (lhs, rhs) {
            case (nil, nil): false
            case (let lhs?, let rhs?): !lhsMembers.bytes[lhs].elementsEqual(rhsMembers.bytes[rhs])
            default: true
            }
        }
        var changes: [String: FieldChange] = [:]
        for code in Set(before.attributes.keys).union(after.attributes.keys)
        where differ(before.attributes[code], in: before, after.attributes[code], in: after) {
            let oldValue = try decoded(AttributeValue.self, before, before.attributes[code])
            let newValue = try decoded(AttributeValue.self, after, after.attributes[code])
            if oldValue != newValue { changes[code] = FieldChange(old: oldValue, new: newValue) }
        }
        if differ(before.members["family"], in: before, after.members["family"], in: after) {
            let oldFamily = try decoded(String?.self, before, before.members["family"]) ?? nil
            let newFamily = try decoded(String?.self, after, after.members["family"]) ?? nil
            if oldFamily != newFamily { changes["family"] = FieldChange(old: oldFamily.map(AttributeValue.text), new: newFamily.map(AttributeValue.text)) }
        }
        if differ(before.members["categories"], in: before, after.members["categories"], in: after) {
            let oldCategories = try decoded([String].self, before, before.members["categories"]) ?? []
            let newCategories = try decoded([String].self, after, after.members["categories"]) ?? []
            if oldCategories != newCategories { changes["categories"] = FieldChange(old: .list(oldCategories), new: .list(newCategories)) }
        }
        if differ(before.members["enabled"], in: before, after.members["enabled"], in: after) {
            let oldEnabled = try decoded(Bool.self, before, before.members["enabled"]) ?? true
            let newEnabled = try decoded(Bool.self, after, after.members["enabled"]) ?? true
            if oldEnabled != newEnabled { changes["enabled"] = FieldChange(old: .boolean(oldEnabled), new: .boolean(newEnabled)) }
        }
        return changes
    }
}

/// The members of a canonical product document and of its `attributes` object, as ranges of
/// the document's bytes. Nil for anything else: not an object, a member missing that decoding
/// a `Product` requires, or two names that Swift would take for one.
struct CanonicalMembers {
    let bytes: [UInt8]
    private(set) var members: [String: Range<Int>] = [:]
    private(set) var attributes: [String: Range<Int>] = [:]

    init?(_ bytes: [UInt8]) {
        self.bytes = bytes
        var index = 0
        guard let members = Self.object(bytes, at: &index), Self.skipSpace(bytes, index) == bytes.count,
              let attributes = members["attributes"], members["sku"] != nil, members["categories"] != nil, members["enabled"] != nil
        else { return nil }
        var attributesIndex = attributes.lowerBound
        guard let codes = Self.object(bytes, at: &attributesIndex), attributesIndex == attributes.upperBound else { return nil }
        self.members = members
        self.attributes = codes
    }

    /// The members of the object at `index`, which moves past it.
    private static func object(_ bytes: [UInt8], at index: inout Int) -> [String: Range<Int>]? {
        index = skipSpace(bytes, index)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index = skipSpace(bytes, index + 1)
        var members: [String: Range<Int>] = [:]
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return members
        }
        while true {
            let keyStart = index
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let keyEnd = endOfString(bytes, keyStart),
                  let key = name(bytes[keyStart..<keyEnd]) else { return nil }
            index = skipSpace(bytes, keyEnd)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            let valueStart = skipSpace(bytes, index + 1)
            guard let valueEnd = endOfValue(bytes, valueStart), members.updateValue(valueStart..<valueEnd, forKey: key) == nil else { return nil }
            index = skipSpace(bytes, valueEnd)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return members
            }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index = skipSpace(bytes, index + 1)
        }
    }

    /// A member name: its bytes when it has no escapes, else as JSON decodes it.
    private static func name(_ quoted: ArraySlice<UInt8>) -> String? {
        let inner = quoted.dropFirst().dropLast()
        guard inner.contains(UInt8(ascii: "\\")) else { return String(decoding: inner, as: UTF8.self) }
        return try? JSONDecoder().decode(String.self, from: Data(quoted))
    }

    private static func skipSpace(_ bytes: [UInt8], _ start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
        return index
    }

    /// The index after the string starting at `start` (its opening quote).
    private static func endOfString(_ bytes: [UInt8], _ start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return nil
    }

    /// The index after the value starting at `start`; the value itself is checked by whoever
    /// decodes it.
    private static func endOfValue(_ bytes: [UInt8], _ start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return endOfString(bytes, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard let end = endOfString(bytes, index) else { return nil }
                    index = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return nil
        default:
            var index = start
            while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
            return index > start ? index : nil
        }
    }
}
