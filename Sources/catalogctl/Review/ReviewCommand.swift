import ArgumentParser

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Copy waiting for a person: low confidence, hallucinations, legal and translation review.",
        subcommands: [ReviewListCommand.self]
    )
}
