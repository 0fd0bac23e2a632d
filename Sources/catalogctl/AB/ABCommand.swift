import ArgumentParser
import CatalogCore
import CatalogConfiguration
import CatalogExperiments
import CatalogStore
import Foundation

struct ABCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ab",
        abstract: "A/B experiments between two generators: create, import conversions, report, stop, promote the winner.",
        subcommands: [ABCreateCommand.self, ABListCommand.self, ABImportCommand.self, ABReportCommand.self, ABStopCommand.self, ABPromoteCommand.self]
    )
}

/// Turns a refused store operation into a clean error.
func experimenting<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as CatalogError {
        throw ValidationError(error.message)
    } catch let error as ConversionImport.ImportError {
        throw ValidationError(error.description)
    }
}

struct ABCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Start an experiment on some SKUs or a category.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "A name people recognise.")
    var name: String?

    @Option(help: "Comma-separated SKUs.")
    var skus: String?

    @Option(help: "Every live product in this category.")
    var category: String?

    @Option(name: .customLong("variant-a"), help: "The control, NAME@VERSION (default: the active generator).")
    var variantA: String?

    @Option(name: .customLong("variant-b"), help: "The challenger, NAME@VERSION.")
    var variantB: String

    func run() async throws {
        let database = try options.environment().database
        guard (skus == nil) != (category == nil) else { throw ValidationError("give --skus or --category") }
        let chosen: [SKU]
        if let skus {
            chosen = skus.split(separator: ",").compactMap { SKU(String($0).trimmingCharacters(in: .whitespaces)) }
        } else {
            chosen = try await database.experiments.skus(inCategory: category!)
        }
        guard let b = GeneratorIdentity(label: variantB) else { throw ValidationError("--variant-b must be NAME@VERSION, such as llm:anthropic/claude@2") }
        let active = variantA == nil ? try await database.copyLedger.activeGenerator() : nil
        guard let a = variantA.map({ GeneratorIdentity(label: $0) }) ?? active else {
            throw ValidationError("--variant-a must be NAME@VERSION (no active generator to default to)")
        }
        let experiment = try await experimenting {
            try await database.experiments.createExperiment(name: name ?? "\(a) vs \(b)", skus: chosen, variantA: a, variantB: b, actor: operatorName)
        }
        try options.emit(experiment) { print("experiment #\(experiment.id) running on \(experiment.skus.count) SKU(s): A = \(a), B = \(b)") }
    }
}

struct ABListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List experiments, newest first.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let experiments = try await options.environment().database.experiments.all()
        try options.emit(experiments) {
            if experiments.isEmpty { print("no experiments") }
            for experiment in experiments {
                print("#\(experiment.id)  \(experiment.state)\(experiment.winner.map { " (winner \($0))" } ?? "")  \(experiment.name)  A=\(experiment.variantA) B=\(experiment.variantB)  \(experiment.skus.count) SKU(s)")
            }
        }
    }
}

struct ABImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import conversions from an analytics export; a day imported again replaces itself.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The export file.")
    var file: String

    @Option(help: "ga4-csv (a GA4 exploration as CSV), ga4-bigquery (event rows as JSON lines) or csv.")
    var format: String = "ga4-csv"

    struct Imported: Encodable {
        let rows: Int
        let ignored: Int
        let days: [String]
    }

    func run() async throws {
        guard let parsedFormat = ConversionImport.Format(rawValue: format) else {
            throw ValidationError("--format must be one of \(ConversionImport.Format.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let result = try await experimenting { try ConversionImport.parse(data, format: parsedFormat) }
        let database = try options.environment().database
        let written = try await experimenting { try await database.experiments.importConversions(result.rows, source: parsedFormat.rawValue, actor: operatorName) }
        let days = Set(result.rows.map(\.day)).sorted()
        try options.emit(Imported(rows: written, ignored: result.ignored, days: days)) {
            print("imported \(written) row(s) for \(days.count) day(s)\(days.first.map { " (\($0)…\(days.last!))" } ?? "")\(result.ignored > 0 ? "; \(result.ignored) row(s) not catalogd's variants" : "")")
        }
    }
}

struct ABReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Conversion rates with intervals, the sample-ratio check and the verdict.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The experiment's id.")
    var id: Int64

    @Option(help: "sequential (always-valid p-values) or bayesian (chance to be best).")
    var method: String = "sequential"

    @Option(name: .customLong("min-conversions"), help: "Conversions each variant needs before any verdict.")
    var minimumConversions = 150

    struct Report: Encodable {
        let experiment: Experiment
        let report: ExperimentReport
        let verdict: String
    }

    func run() async throws {
        let (experiment, report) = try await ABReportCommand.analyse(options: options, id: id, method: method, minimumConversions: minimumConversions)
        try options.emit(Report(experiment: experiment, report: report, verdict: report.verdict.summary)) {
            print("experiment #\(experiment.id) \(experiment.name) (\(experiment.state)), \(experiment.skus.count) SKU(s), \(report.method.rawValue) test")
            let pad = ReviewText.pad
            print(pad("variant", 8) + pad("generator", 34) + pad("views", 9) + pad("convs", 7) + pad("rate", 8) + pad("95% interval", 18) + pad("lift [95%]", 24) + pad("p", 8) + "best")
            for arm in report.arms {
                let generator = arm.variant == "A" ? experiment.variantA.description : experiment.variantB.description
                let lift = arm.lift.map { String(format: "%+.1f%%", $0 * 100) } ?? "–"
                let liftRange = arm.liftInterval.map { String(format: " [%+.1f, %+.1f]", $0.lowerBound * 100, $0.upperBound * 100) } ?? ""
                print(
                    pad(arm.variant, 8) + pad(String(generator.prefix(32)), 34) + pad("\(arm.views)", 9) + pad("\(arm.conversions)", 7)
                        + pad(String(format: "%.2f%%", arm.rate * 100), 8)
                        + pad(String(format: "%.2f–%.2f%%", arm.interval.lowerBound * 100, arm.interval.upperBound * 100), 18)
                        + pad(lift + liftRange, 24) + pad(arm.pValue.map { String(format: "%.4f", $0) } ?? "–", 8)
                        + String(format: "%.1f%%", arm.chanceToBeBest * 100)
                )
            }
            print(String(format: "sample ratio: chi-square p = %.3g (planned 50/50)", report.sampleRatioPValue))
            print("verdict: \(report.verdict.summary)")
        }
    }

    static func analyse(options: GlobalOptions, id: Int64, method: String, minimumConversions: Int) async throws -> (Experiment, ExperimentReport) {
        guard let parsed = ExperimentPolicy.Method(rawValue: method) else { throw ValidationError("--method must be sequential or bayesian") }
        let database = try options.environment().database
        guard let experiment = try await database.experiments.experiment(id: id) else { throw ValidationError("no experiment #\(id)") }
        let totals = try await database.experiments.experimentTotals(id: id)
        let arms = ["A", "B"].map { label in
            let row = totals[label]
            return ArmTally(variant: label, views: row?.views ?? 0, addToCarts: row?.addToCarts ?? 0, purchases: row?.purchases ?? 0, revenue: row?.revenue ?? 0)
        }
        var policy = ExperimentPolicy()
        policy.method = parsed
        policy.minimumConversions = minimumConversions
        return (experiment, ExperimentAnalysis.analyse(control: "A", arms: arms, policy: policy))
    }
}

struct ABStopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop an experiment without promoting anything (its numbers stay).")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The experiment's id.")
    var id: Int64

    func run() async throws {
        try await experimenting { try await options.environment().database.experiments.finishExperiment(id: id, state: "stopped", winner: nil, actor: operatorName) }
        try options.emit(["stopped": id]) { print("experiment #\(id) stopped") }
    }
}

struct ABPromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Promote the winner: its copy is queued for the shop for the experiment's SKUs, and its generator may become the default."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The experiment's id.")
    var id: Int64

    @Option(help: "The method the verdict must come from.")
    var method: String = "sequential"

    struct Promoted: Encodable {
        let id: Int64
        let winner: String
        let generator: String
        let queued: Int
    }

    func run() async throws {
        let (experiment, report) = try await ABReportCommand.analyse(options: options, id: id, method: method, minimumConversions: 150)
        guard case .winner(let variant, _) = report.verdict else {
            throw ValidationError("no winner to promote: \(report.verdict.summary)")
        }
        let environment = try options.environment()
        let generator = variant == "A" ? experiment.variantA : experiment.variantB
        let queued = try await experimenting {
            try await environment.database.experiments.finishExperiment(id: id, state: "promoted", winner: variant, actor: operatorName)
            return try await environment.database.experiments.publishGeneratorCopy(generator, skus: experiment.skus, target: environment.configuration.publishing.target)
        }
        try options.emit(Promoted(id: id, winner: variant, generator: generator.description, queued: queued)) {
            print("experiment #\(id): \(variant) (\(generator)) won; \(queued) cop\(queued == 1 ? "y" : "ies") queued for \(environment.configuration.publishing.target)")
            print("make it the default for every SKU with: catalogctl generators promote \(generator)")
        }
    }
}
