/// The fields of a locale's copy a person decides on one by one in a conflict between the
/// shop's edit and catalogd's copy.
public enum CopyField: String, CaseIterable, Hashable, Sendable, Codable {
    case title
    case body
    case metaTitle = "meta-title"
    case metaDescription = "meta-description"
}

extension GeneratedCopy {
    /// This copy with `fields` taken from `other`: a person's merge of both sides.
    public func taking(_ fields: Set<CopyField>, from other: GeneratedCopy, generator: GeneratorIdentity) -> GeneratedCopy {
        GeneratedCopy(
            sku: sku, locale: locale,
            title: fields.contains(.title) ? other.title : title,
            bodyHTML: fields.contains(.body) ? other.bodyHTML : bodyHTML,
            metaTitle: fields.contains(.metaTitle) ? other.metaTitle : metaTitle,
            metaDescription: fields.contains(.metaDescription) ? other.metaDescription : metaDescription,
            generator: generator
        )
    }
}
