/// A `DecodingError` as one line a person can act on: where in the document, and what was
/// expected there. Swift's own descriptions name private coding keys and change between
/// toolchains; these name the JSON path (`data.products.nodes[0].title`).
public struct DecodingProblem: Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let problem: String

    public init(_ error: any Error) {
        guard let error = error as? DecodingError else {
            (path, problem) = ("", "\(error)")
            return
        }
        switch error {
        case .typeMismatch(let type, let context):
            (path, problem) = (Self.path(context.codingPath), "expected \(Self.name(type))")
        case .valueNotFound(let type, let context):
            (path, problem) = (Self.path(context.codingPath), "expected \(Self.name(type)), found null")
        case .keyNotFound(let key, let context):
            (path, problem) = (Self.path(context.codingPath + [key]), "missing")
        case .dataCorrupted(let context):
            (path, problem) = context.codingPath.isEmpty
                ? ("", "not valid JSON")
                : (Self.path(context.codingPath), context.debugDescription)
        @unknown default:
            (path, problem) = ("", "\(error)")
        }
    }

    public var description: String { path.isEmpty ? problem : "\(path): \(problem)" }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    /// JSON's names for the Swift types the decoders ask for.
    static func name(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Double.Type: "a number"
        default: "\(type)".hasPrefix("Array<") ? "an array" : "an object"
        }
    }
}
