import ArgumentParser

struct ProductsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "products",
        abstract: "List products or show one with its attributes, generated copy and history.",
        subcommands: [ProductsListCommand.self, ProductsShowCommand.self]
    )
}
