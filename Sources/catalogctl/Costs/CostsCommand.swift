import ArgumentParser
import CatalogStore
import Foundation

struct CostsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "costs",
        abstract: "LLM spending from the cost ledger, by day, model or SKU."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "Group by day, model or sku.")
    var by: String = "day"

    @Option(help: "How many rows to show.")
    var limit = 30

    struct Result: Encodable {
        let grouping: String
        let today: Double
        let month: Double
        let lines: [CostLine]
    }

    func run() async throws {
        guard let grouping = CostGrouping(rawValue: by) else {
            throw ValidationError("--by must be one of \(CostGrouping.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let database = try options.environment().database
        let totals = try await database.copyLedger.costTotals()
        let lines = try await database.copyLedger.costs(by: grouping, limit: limit)
        try options.emit(Result(grouping: grouping.rawValue, today: totals.today, month: totals.month, lines: lines)) {
            print(String(format: "today $%.4f, this month $%.4f", totals.today, totals.month))
            if lines.isEmpty { print("no provider calls recorded (the template generator costs nothing)") }
            for line in lines {
                print(String(format: "%@  %6d calls  %9d in  %9d out  $%.4f", line.key.padding(toLength: 28, withPad: " ", startingAt: 0), line.calls, line.inputTokens, line.outputTokens, line.costUSD))
            }
        }
    }
}
