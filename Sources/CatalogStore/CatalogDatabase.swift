public import CatalogCore
import GRDB
import Foundation

/// The one owner of catalogd's SQLite database: opens it in WAL mode so `catalogctl` can read
/// and write while the daemon runs, and runs the migrations before anything else touches it.
///
/// Every stage hand-off (import → product → job → generation → outbox → manual queue) is a row
/// here, written in a transaction before the next stage acts on it.
public final class CatalogDatabase: Sendable {
    public let path: String
    /// The file's connection pool (WAL: one writer, concurrent readers), or one in-memory
    /// connection for tests that need no file.
    let pool: any DatabaseWriter
    public let clock: any WallClock
    /// The writer's commit hook refers to it: it lives as long as the pool.
    private let writeAheadLog: WriteAheadLog

    public convenience init(path: String, clock: any WallClock = SystemWallClock()) throws {
        try self.init(path: path, clock: clock, observeStatements: nil)
    }

    /// A migrated database in memory, gone with the value: for tests that need no file (no
    /// second process, no crash, no write-ahead log).
    public static func inMemory(clock: any WallClock = SystemWallClock()) throws -> CatalogDatabase {
        try CatalogDatabase(path: ":memory:", clock: clock, observeStatements: nil)
    }

    /// `observeStatements`: called with every statement any connection runs (tests read the
    /// query plans of what a claim runs).
    init(path: String, clock: any WallClock, observeStatements: (@Sendable (String) -> Void)?) throws {
        let writeAheadLog = WriteAheadLog()
        var configuration = Configuration()
        if let observeStatements {
            configuration.prepareDatabase { db in
                db.trace { event in
                    if case .statement(let statement) = event { observeStatements(statement.expandedSQL) }
                }
            }
        }
        // The daemon and catalogctl write from separate processes; wait for the other's
        // transaction instead of failing with SQLITE_BUSY.
        configuration.busyMode = .timeout(15)
        // GRDB's default is user-initiated, which libdispatch on Linux runs on threads it tries
        // to give a nice of -2: refused to an unprivileged service, one "Failed to set thread
        // priority" journal line per worker. A daemon's database work is default priority.
        configuration.qos = .default
        configuration.prepareDatabase { db in
            // 16 KiB pages suit ~2 KB product documents (measured: 40% faster bulk inserts than
            // 4 KiB); it only takes effect when the database file is created.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if !db.configuration.readonly {
                // The writer's page cache holds the indexes a bulk import touches on every row
                // (content hashes are random): with SQLite's 2 MB default, pages spilled and
                // were written again, 1.6 GB for a 100,000-SKU import against 1.08 GB with
                // 8 MB. 32 MB saved no more bytes and cost 26 MB of RSS.
                try db.execute(sql: "PRAGMA cache_size = -8192")
                // Statements that may change several rows (triggers, upserts) keep the original
                // of every page they touch in a statement journal, in case they fail halfway.
                // SQLite spills that journal to a file in /var/tmp past 64 KB: 20 GB of writes
                // for a 20,000-SKU bulk run, more than the database and its log together. In
                // memory it lives only as long as one statement.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                writeAheadLog.install(on: db)
            }
        }
        do {
            self.pool = path == ":memory:"
                ? try DatabaseQueue(configuration: configuration)
                : try DatabasePool(path: path, configuration: configuration)
            try CatalogMigrations.migrator.migrate(pool)
        } catch {
            throw CatalogError(.storage, "cannot open database: \(error)", context: .init(file: path))
        }
        self.path = path
        self.clock = clock
        self.writeAheadLog = writeAheadLog
    }

    /// Runs `body` in a write transaction, mapping SQLite errors into operator-readable ones.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch {
            throw writeError(error)
        }
    }

    /// `write` for async callers: the transaction runs on the database's writer thread, so a
    /// worker's thread in the cooperative pool is not held while it waits for the lock.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw writeError(error)
        }
    }

    private func writeError(_ error: any Error) -> any Error {
        switch error {
        case let error as CatalogError: error
        case let error as ReviewError: error
        // The caller decides again: not a storage failure.
        case let error as CopyDecisionsOutdated: error
        case let error as DatabaseError where error.resultCode == .SQLITE_FULL:
            CatalogError(.diskFull, "the state volume is full; nothing was lost, and the work is retried once space is freed", context: .init(file: path))
        default:
            CatalogError(.storage, "database write failed: \(error)", context: .init(file: path))
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError(.storage, "database read failed: \(error)", context: .init(file: path))
        }
    }

    /// `read` for async callers, on a reader connection off the cooperative pool.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError(.storage, "database read failed: \(error)", context: .init(file: path))
        }
    }

    var nowSeconds: Double { clock.now().timeIntervalSince1970 }

    /// `PRAGMA integrity_check`, for tests and `catalogctl status`.
    public func integrityCheck() throws -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "unknown" }
    }

    /// Appends an audit event: who did what to which subject, kept for operators.
    public func recordAudit(actor: String, action: String, subject: String?, detail: String? = nil) async throws {
        let now = nowSeconds
        try await write { db in
            try Self.audit(db, at: now, actor: actor, action: action, subject: subject, detail: detail)
        }
    }
}
