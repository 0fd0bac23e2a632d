public import CatalogCore
import Foundation
import GRDB

/// A generator in the registry: provider + model + prompt version, with its state.
public struct RegisteredGenerator: Hashable, Sendable, Codable {
    public let name: String
    public let version: String
    public let provider: String
    public let model: String
    public let promptVersion: String
    /// `active` (leads the route), `candidate`, or `retired` (was active; rollback returns to it).
    public let state: String
    public let promotedAt: Double?
    /// Copy it has written so far.
    public let generations: Int

    public var identity: GeneratorIdentity { GeneratorIdentity(name: name, version: version) }
}

extension CatalogDatabase {
    /// Records the generators the configuration can use. The first one becomes active when no
    /// generator is; known ones keep their state.
    public func registerGenerators(_ generators: [(identity: GeneratorIdentity, provider: String, model: String)]) throws {
        try write { db in
            let now = nowSeconds
            for generator in generators {
                try db.execute(sql: """
                    INSERT INTO generators (name, version, provider, model, prompt_version, state, created_at)
                    VALUES (?, ?, ?, ?, ?, 'candidate', ?) ON CONFLICT (name, version) DO NOTHING
                    """, arguments: [generator.identity.name, generator.identity.version, generator.provider, generator.model,
                                     generator.identity.version.split(separator: ".").first.map(String.init) ?? generator.identity.version, now])
            }
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM generators WHERE state = 'active'") == 0, let first = generators.first {
                try db.execute(sql: "UPDATE generators SET state = 'active', promoted_at = ? WHERE name = ? AND version = ?",
                               arguments: [now, first.identity.name, first.identity.version])
            }
        }
    }

    public func generators() throws -> [RegisteredGenerator] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT g.*, (SELECT COUNT(*) FROM generations c WHERE c.generator = g.name AND c.generator_version = g.version) AS generations
                FROM generators g ORDER BY g.state = 'active' DESC, g.created_at, g.name, g.version
                """).map {
                RegisteredGenerator(
                    name: $0["name"], version: $0["version"], provider: $0["provider"], model: $0["model"],
                    promptVersion: $0["prompt_version"], state: $0["state"], promotedAt: $0["promoted_at"], generations: $0["generations"]
                )
            }
        }
    }

    public func activeGenerator() throws -> GeneratorIdentity? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT name, version FROM generators WHERE state = 'active'").map { GeneratorIdentity(name: $0["name"], version: $0["version"]) }
        }
    }

    /// Makes `identity` the active generator; the one it replaces is retired, to roll back to.
    public func promoteGenerator(_ identity: GeneratorIdentity) throws {
        try write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM generators WHERE name = ? AND version = ?", arguments: [identity.name, identity.version]) != nil else {
                throw CatalogError(.notFound, "no generator \(identity) in the registry; `catalogctl generators list` shows them")
            }
            try db.execute(sql: "UPDATE generators SET state = 'retired' WHERE state = 'active' AND NOT (name = ? AND version = ?)", arguments: [identity.name, identity.version])
            try db.execute(sql: "UPDATE generators SET state = 'active', promoted_at = ? WHERE name = ? AND version = ?", arguments: [nowSeconds, identity.name, identity.version])
        }
    }

    /// Returns to the generator that was active before the current one; returns it.
    @discardableResult
    public func rollbackGenerator() throws -> GeneratorIdentity {
        try write { db in
            guard let previous = try Row.fetchOne(db, sql: "SELECT name, version FROM generators WHERE state = 'retired' ORDER BY promoted_at DESC LIMIT 1") else {
                throw CatalogError(.notFound, "no earlier generator to roll back to")
            }
            let identity = GeneratorIdentity(name: previous["name"], version: previous["version"])
            try db.execute(sql: "UPDATE generators SET state = 'candidate' WHERE state = 'active'")
            try db.execute(sql: "UPDATE generators SET state = 'active', promoted_at = ? WHERE name = ? AND version = ?", arguments: [nowSeconds, identity.name, identity.version])
            return identity
        }
    }
}
