import ArgumentParser

@main
struct Catalogctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogctl",
        abstract: "Inspect and steer catalogd's state: products, imports and the publishing queue.",
        discussion: "catalogctl works on the same SQLite database as the daemon, whether or not the daemon is running. Every command accepts --config, --state-dir and --json.",
        subcommands: [StatusCommand.self, ProductsCommand.self, ImportCommand.self, ImportsCommand.self, QueueCommand.self]
    )
}
