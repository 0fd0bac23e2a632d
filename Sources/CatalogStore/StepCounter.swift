import Foundation
import GRDB
import GRDBSQLite

/// Counts the virtual-machine instructions SQLite runs on the writer connection: a measure
/// of a query's work that does not depend on how busy the machine is, so tests can compare
/// the cost of the same operation on small and large tables without timing anything.
final class StepCounter: @unchecked Sendable {
    // @unchecked: SQLite calls the handler on the writer connection, which GRDB uses from
    // one thread at a time; tests read `steps` between writes.
    private(set) var steps = 0

    /// Installs the counter on `database`'s writer; it stays for the connection's life.
    init(on database: CatalogDatabase) throws {
        self.database = database
        try database.pool.writeWithoutTransaction { db in
            sqlite3_progress_handler(db.sqliteConnection, 1, { context in
                Unmanaged<StepCounter>.fromOpaque(context!).takeUnretainedValue().steps += 1
                return 0
            }, Unmanaged.passUnretained(self).toOpaque())
        }
    }

    /// Keeps the database (and so the connection whose handler points here) in step with the counter.
    private let database: CatalogDatabase

    deinit {
        try? database.pool.writeWithoutTransaction { db in
            sqlite3_progress_handler(db.sqliteConnection, 0, nil, nil)
        }
    }
}
