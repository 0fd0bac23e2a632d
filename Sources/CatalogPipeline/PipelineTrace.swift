public import CatalogCore

/// The shared shape of the six agents: a name, and one step that may record decisions in the
/// trace. Each agent lives in its own file with its recovery rules.
public protocol PipelineAgent: Sendable {
    associatedtype Input
    associatedtype Output
    static var name: String { get }
    func run(_ input: Input, trace: inout PipelineTrace) async throws -> Output
}
