import ArgumentParser

@main
struct Catalogctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogctl",
        abstract: "Inspect and steer catalogd's state: products, imports, review, the publishing queue and costs.",
        discussion: "catalogctl works on the same SQLite database as the daemon, whether or not the daemon is running. Every command accepts --config, --state-dir, --tenant and --json, before or after the command's name (catalogctl --tenant shop-eu status).",
        subcommands: [StatusCommand.self, DoctorCommand.self, PushCommand.self, JobsCommand.self, ProductsCommand.self, RegenerateCommand.self, ImportCommand.self, ImportsCommand.self, ReviewCommand.self, ABCommand.self, QueueCommand.self, CostsCommand.self, GeneratorsCommand.self]
    )

    static func main() async {
        await main(GlobalOptions.movingLeadingOptions(Array(CommandLine.arguments.dropFirst())))
    }
}
