import ArgumentParser
import CatalogStore

struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "The generation queue: what is running and waiting, in the order the daemon takes it (manual > inventory > PIM delta > snapshot, oldest first).",
        subcommands: [JobsListCommand.self, JobsShowCommand.self, JobsCancelCommand.self, JobsRetryCommand.self],
        defaultSubcommand: JobsListCommand.self
    )
}

struct JobsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List jobs, running and queued first.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only jobs in this state: queued, running, done, failed, cancelled, skipped, superseded.")
    var state: String?

    @Option(help: "At most this many.")
    var limit = 100

    func run() async throws {
        let jobs = try await options.environment().database.generationQueue.jobs(state: state, limit: limit)
        try options.emit(jobs) {
            for job in jobs {
                print("#\(job.id)\t\(job.sku)\t\(job.priority)\t\(job.state)\t\(job.reason)" + (job.lastError.map { "\t\($0)" } ?? ""))
            }
            if jobs.isEmpty { print("no jobs") }
        }
    }
}

struct JobsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one job.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The job's number.")
    var id: Int64

    func run() async throws {
        guard let job = try await options.environment().database.generationQueue.job(id: id) else { throw ValidationError("job #\(id) does not exist") }
        try options.emit(job) {
            print("#\(job.id)  \(job.sku)  [\(job.state)]  priority \(job.priority)  reason \(job.reason)")
            print("attempts: \(job.attempts)" + (job.lastError.map { "   last error: \($0)" } ?? ""))
            print("queued \(job.createdAt.shortTimestamp), updated \(job.updatedAt.shortTimestamp)")
        }
    }
}

struct JobsCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a queued job (a running one finishes).")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The job's number.")
    var id: Int64

    func run() async throws {
        guard try await options.environment().database.generationQueue.cancelJob(id: id, actor: operatorName) else {
            throw ValidationError("job #\(id) is not queued (see `catalogctl jobs show \(id)`)")
        }
        try options.emit(["cancelled": id]) { print("cancelled job #\(id)") }
    }
}

struct JobsRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Queue a failed or cancelled job's SKU again at its priority.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The job's number.")
    var id: Int64

    func run() async throws {
        guard try await options.environment().database.generationQueue.retryJob(id: id, actor: operatorName) else {
            throw ValidationError("job #\(id) did not fail and was not cancelled (see `catalogctl jobs show \(id)`)")
        }
        try options.emit(["retried": id]) { print("queued job #\(id)'s SKU again") }
    }
}
