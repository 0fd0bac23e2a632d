import CWriteback
import Foundation
import GRDB
import GRDBSQLite

/// What the writer connection does after each commit: SQLite's automatic checkpoint, and
/// between checkpoints, early writeback of the write-ahead log.
///
/// A bulk import appends about a gigabyte of log per 100,000 products. SQLite fsyncs the log
/// before each checkpoint copies it into the database; left to the kernel, the log's pages are
/// still all in memory then, and the writer waited for every one of them (1.0 s of a 4.6 s
/// first import here). Asking the kernel to start writing each few megabytes as they are
/// committed leaves the fsync little to wait for. Nothing about durability changes: SQLite
/// still syncs exactly when it did.
final class WriteAheadLog: @unchecked Sendable {
    // @unchecked: the counters are touched only from the commit hook, which SQLite runs on the
    // writer connection, and GRDB uses that connection from one thread at a time.

    /// Log size, in pages, at which a commit checkpoints (SQLite's `wal_autocheckpoint`):
    /// 64 MB of 16 KiB pages rather than SQLite's 1,000, so pages rewritten by several commits
    /// reach the database file once.
    static let checkpointPages: Int32 = 4_096
    /// Pages committed between two writeback requests: 8 MB.
    static let writebackPages: Int32 = 512

    private var pagesWrittenBack: Int32 = 0

    init() {}

    /// Replaces SQLite's automatic checkpoint on `db` with `afterCommit(logPages:)`.
    func install(on db: Database) {
        sqlite3_wal_hook(db.sqliteConnection, { context, connection, name, pages in
            let log = Unmanaged<WriteAheadLog>.fromOpaque(context!).takeUnretainedValue()
            return log.afterCommit(connection: connection, name: name, logPages: pages)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func afterCommit(connection: OpaquePointer?, name: UnsafePointer<CChar>?, logPages: Int32) -> Int32 {
        if logPages >= Self.checkpointPages {
            // What SQLite's own hook does: a passive checkpoint, whose failure (a reader in the
            // way) is no error of the commit.
            sqlite3_wal_checkpoint_v2(connection, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            pagesWrittenBack = 0
        } else if logPages < pagesWrittenBack {
            pagesWrittenBack = 0  // the log was restarted from its beginning
        } else if logPages - pagesWrittenBack >= Self.writebackPages {
            startWriteback(connection: connection, name: name)
            pagesWrittenBack = logPages
        }
        return SQLITE_OK
    }

    /// Opens the log by the absolute name SQLite keeps for it, so the working directory
    /// does not matter; if it cannot be opened, the fsync simply waits as it would have.
    private func startWriteback(connection: OpaquePointer?, name: UnsafePointer<CChar>?) {
        guard let database = sqlite3_db_filename(connection, name), let log = sqlite3_filename_wal(database) else { return }
        let fd = open(log, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = catalog_start_writeback(fd)
        close(fd)
    }
}
