import ArgumentParser
import CatalogCore

struct ImportsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List recent imports, newest first.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only imports in this state (e.g. held, quarantined).")
    var state: String?

    @Option(help: "How many imports to show.")
    var limit = 50

    func validate() throws {
        if let state, ImportState(rawValue: state) == nil {
            throw ValidationError("--state must be one of \(ImportState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let imports = try await options.environment().database.imports.recentImports(limit: limit, state: state.flatMap(ImportState.init))
        try options.emit(imports) {
            for item in imports { print(item.oneLine) }
            if imports.isEmpty { print("no imports") }
        }
    }
}
