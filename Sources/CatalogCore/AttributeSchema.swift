/// What the PIM says about its attributes: each one's type, its label per language and, for
/// select attributes, each option's label per language. Read from Akeneo's own attribute and
/// attribute-option exports (`attributes.csv`, `attribute_options.csv` or their JSONL forms)
/// dropped in an inbox beside the products; the writers use it to label values the way the
/// shop's language does ("Farbe: Blau", not "Color: blue").
public struct AttributeSchema: Hashable, Sendable, Codable {
    /// Akeneo's attribute types, reduced to what changes how a value is written.
    public enum Kind: String, Hashable, Sendable, Codable {
        case boolean, metric, number, simpleSelect = "simple-select", multiSelect = "multi-select"
        case text, textarea, price, identifier, date, media, other

        /// `pim_catalog_boolean` and the rest of Akeneo's type names.
        public init(akeneo type: String) {
            switch type.lowercased() {
            case "pim_catalog_boolean": self = .boolean
            case "pim_catalog_metric": self = .metric
            case "pim_catalog_number": self = .number
            case "pim_catalog_simpleselect", "pim_reference_data_simpleselect", "akeneo_reference_entity": self = .simpleSelect
            case "pim_catalog_multiselect", "pim_reference_data_multiselect", "akeneo_reference_entity_collection": self = .multiSelect
            case "pim_catalog_text": self = .text
            case "pim_catalog_textarea": self = .textarea
            case "pim_catalog_price_collection": self = .price
            case "pim_catalog_identifier": self = .identifier
            case "pim_catalog_date": self = .date
            case "pim_catalog_image", "pim_catalog_file", "pim_catalog_asset_collection": self = .media
            default: self = .other
            }
        }
    }

    public struct Attribute: Hashable, Sendable, Codable {
        public var kind: Kind
        /// Label per language (`de`, `fr`), from Akeneo's `label-de_DE` columns.
        public var labels: [String: String]

        public init(kind: Kind, labels: [String: String] = [:]) {
            self.kind = kind
            self.labels = labels
        }
    }

    public var attributes: [String: Attribute]
    /// Option labels per attribute code, option code and language.
    public var options: [String: [String: [String: String]]]

    public init(attributes: [String: Attribute] = [:], options: [String: [String: [String: String]]] = [:]) {
        self.attributes = attributes
        self.options = options
    }

    public static let empty = AttributeSchema()

    public var isEmpty: Bool { attributes.isEmpty && options.isEmpty }

    public func kind(of code: String) -> Kind? {
        attributes[code.lowercased()]?.kind
    }

    /// The attribute's label in `language`, if the PIM gave one.
    public func label(of code: String, language: String) -> String? {
        attributes[code.lowercased()]?.labels[language]
    }

    /// An option's label in `language`, matched by option code the way Akeneo's exports write
    /// it in product rows (case-insensitive).
    public func optionLabel(attribute: String, option: String, language: String) -> String? {
        options[attribute.lowercased()]?[option.lowercased()]?[language]
    }

    /// `other`'s entries over this schema's: a later export adds and replaces, never removes.
    public func merging(_ other: AttributeSchema) -> AttributeSchema {
        var merged = self
        for (code, attribute) in other.attributes {
            var current = merged.attributes[code] ?? attribute
            current.kind = attribute.kind
            current.labels.merge(attribute.labels) { $1 }
            merged.attributes[code] = current
        }
        for (code, options) in other.options {
            merged.options[code, default: [:]].merge(options) { old, new in old.merging(new) { $1 } }
        }
        return merged
    }
}
