public import CatalogCore
public import Foundation
public import Logging

/// The state directory's folders a file passes through.
public struct FolderLayout: Hashable, Sendable {
    public var inbox: URL
    public var processed: URL
    public var quarantine: URL

    public init(inbox: URL, processed: URL, quarantine: URL) {
        self.inbox = inbox
        self.processed = processed
        self.quarantine = quarantine
    }

    public func createDirectories() throws {
        for url in [inbox, processed, quarantine] {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
    }
}

/// What became of one file.
public enum ImportOutcome: Hashable, Sendable {
    case applied(DiffSummary, archivedAt: String)
    case quarantined(CatalogError, movedTo: String)
    /// The file is fine but catalogd could not record it (database busy or full); it stays where
    /// it is and is tried again.
    case deferred(CatalogError)
}

/// Takes one file through claimed → parsing → applied → archived, or → quarantined. The watcher
/// and `catalogctl import` both use this, so a file behaves the same whichever way it arrives.
///
/// Each state is recorded before the file is moved: a crash between the two leaves the file in
/// the inbox, and the next run recognises the recorded import instead of applying it twice.
public struct FileImporter: Sendable {
    /// Whether the importer owns the file (the inbox: move it) or only reads it (`catalogctl
    /// import` of a file elsewhere: keep it, archive a copy).
    public enum Disposition: Sendable { case move, copy }

    let store: any ProductStore
    let reader: AkeneoCSVReader
    let source: String
    let mode: ImportMode
    let layout: FolderLayout
    let clock: any WallClock
    let logger: Logger

    public init(store: any ProductStore, reader: AkeneoCSVReader, source: String, mode: ImportMode, layout: FolderLayout, clock: any WallClock = SystemWallClock(), logger: Logger) {
        self.store = store
        self.reader = reader
        self.source = source
        self.mode = mode
        self.layout = layout
        self.clock = clock
        self.logger = logger
    }

    public func importFile(at url: URL, disposition: Disposition) -> ImportOutcome {
        let name = url.lastPathComponent
        var logger = logger
        logger[metadataKey: "file"] = "\(name)"
        logger[metadataKey: "source"] = "\(source)"

        let data: Data
        do {
            // Read, not mapped: a writer truncating the file afterwards must not crash the daemon.
            data = try Data(contentsOf: url)
        } catch {
            let failure = CatalogError(.fileUnreadable, "cannot read the file: \(error.localizedDescription)", context: .init(file: name))
            logger.error("import deferred: \(failure)")
            return .deferred(failure)
        }
        let file = ImportFile(name: name, path: url.path, sha256: ContentHash(of: data).hex, size: data.count, source: source, mode: mode)

        let claim: ImportClaim
        do {
            claim = try store.claim(file)
            if let summary = claim.appliedSummary {
                logger.info("import already applied before a restart; archiving", metadata: ["import": "\(claim.id)"])
                return try archive(url, claim.id, summary, disposition)
            }
            try store.markParsing(claim.id)
        } catch {
            return postpone(error, logger)
        }

        let products: [Product]
        do {
            products = try reader.read(data)
        } catch {
            let failure = (error as? CatalogError ?? CatalogError(.unsupportedFormat, "\(error)")).inFile(name)
            return quarantine(url, claim.id, failure, disposition, logger)
        }

        do {
            let summary = try store.apply(products, to: claim.id)
            let outcome = try archive(url, claim.id, summary, disposition)
            logger.info("import applied: \(summary)", metadata: [
                "import": "\(claim.id)", "added": "\(summary.added)", "changed": "\(summary.changed)",
                "removed": "\(summary.removed)", "unchanged": "\(summary.unchanged)",
            ])
            return outcome
        } catch {
            return postpone(error, logger)
        }
    }

    private func archive(_ url: URL, _ id: ImportID, _ summary: DiffSummary, _ disposition: Disposition) throws -> ImportOutcome {
        let destination = layout.processed.appendingPathComponent(archiveName(id, url.lastPathComponent))
        try store.archive(id, at: destination.path)
        try transfer(url, to: destination, disposition)
        return .applied(summary, archivedAt: destination.path)
    }

    private func quarantine(_ url: URL, _ id: ImportID, _ failure: CatalogError, _ disposition: Disposition, _ logger: Logger) -> ImportOutcome {
        let destination = layout.quarantine.appendingPathComponent(archiveName(id, url.lastPathComponent))
        do {
            try store.quarantine(id, error: failure, at: destination.path)
            // The sidecar goes first, so the quarantined file never sits there without its reason.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(failure).write(to: URL(fileURLWithPath: destination.path + ".error.json"), options: .atomic)
            try transfer(url, to: destination, disposition)
        } catch {
            return postpone(error, logger)
        }
        logger.error("import quarantined: \(failure)", metadata: [
            "import": "\(id)", "code": "\(failure.code.rawValue)", "line": "\(failure.context.line.map(String.init) ?? "-")",
        ])
        return .quarantined(failure, movedTo: destination.path)
    }

    private func postpone(_ error: any Error, _ logger: Logger) -> ImportOutcome {
        let failure = error as? CatalogError ?? CatalogError(.storage, "\(error)")
        logger.error("import deferred, the file stays in place and is retried: \(failure)")
        return .deferred(failure)
    }

    private func transfer(_ url: URL, to destination: URL, _ disposition: Disposition) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
        switch disposition {
        case .move: try manager.moveItem(at: url, to: destination)
        case .copy: try manager.copyItem(at: url, to: destination)
        }
    }

    /// `<import id>-<UTC timestamp>-<original name>`: unique, sortable, and still recognisable.
    private func archiveName(_ id: ImportID, _ name: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "\(id)-\(formatter.string(from: clock.now()))-\(name)"
    }
}
