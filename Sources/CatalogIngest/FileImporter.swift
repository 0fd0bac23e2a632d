public import CatalogCore
public import Foundation
public import Logging

/// The state directory's folders a file passes through.
public struct FolderLayout: Hashable, Sendable {
    public var processed: URL
    public var quarantine: URL
    /// Snapshots held by the mass-deletion guard wait here for `catalogctl imports approve`.
    public var held: URL

    public init(processed: URL, quarantine: URL, held: URL) {
        self.processed = processed
        self.quarantine = quarantine
        self.held = held
    }

    public func createDirectories() throws {
        for url in [processed, quarantine, held] {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
    }
}

/// The rules that protect a catalog from a bad file.
public struct ImportPolicy: Hashable, Sendable {
    /// A snapshot removing more than this share of its source's live products is held.
    public var massDeletionShare: Double
    /// More skipped rows than this share of the file's rows quarantines the whole file.
    public var maxRowErrorShare: Double
    /// Treat a repeated SKU as an error instead of "the later record wins".
    public var rejectDuplicateSKUs: Bool
    public var batchSize: Int
    public var regeneration: RegenerationPolicy

    public init(massDeletionShare: Double = 0.2, maxRowErrorShare: Double = 0.01, rejectDuplicateSKUs: Bool = false, batchSize: Int = 2_000, regeneration: RegenerationPolicy = .init()) {
        self.massDeletionShare = massDeletionShare
        self.maxRowErrorShare = maxRowErrorShare
        self.rejectDuplicateSKUs = rejectDuplicateSKUs
        self.batchSize = batchSize
        self.regeneration = regeneration
    }
}

/// What became of one file.
public enum ImportOutcome: Hashable, Sendable {
    case applied(DiffSummary, archivedAt: String)
    /// A snapshot that would remove too much waits for a person.
    case held(DiffSummary, reason: String, movedTo: String)
    case quarantined(CatalogError, movedTo: String)
    /// The file is fine but catalogd could not record it (database busy, disk full); it stays
    /// where it is and is tried again.
    case deferred(CatalogError)
}

/// Written next to a quarantined file as `NAME.error.json`: why, and the rows that failed.
public struct QuarantineReport: Hashable, Sendable, Codable {
    public let error: CatalogError
    public let rows: Int
    public let skippedRows: Int
    public let rowErrors: [CatalogError]

    public init(error: CatalogError, rows: Int, skippedRows: Int, rowErrors: [CatalogError]) {
        self.error = error
        self.rows = rows
        self.skippedRows = skippedRows
        self.rowErrors = rowErrors
    }

    /// A report for `error` carrying what was read of the file before it.
    init(error: CatalogError, notes: ImportNotes) {
        self.init(error: error, rows: notes.rows, skippedRows: notes.skippedRows, rowErrors: notes.rowErrors)
    }
}

/// Takes one file through claimed → parsing → staged → applied → archived, or to quarantine,
/// or to the held folder. The watcher and `catalogctl import` both use this, so a file behaves
/// the same whichever way it arrives.
///
/// Each state is recorded before the file is moved: a crash between the two leaves the file
/// where it was, and the next run resumes the recorded import instead of applying it twice.
public struct FileImporter: Sendable {
    /// Whether the importer owns the file (the inbox: move it) or only reads it (`catalogctl
    /// import` of a file elsewhere: keep it, archive a copy).
    public enum Disposition: Sendable { case move, copy }

    /// Files at least this big use the re-import fast path.
    static let fingerprintThreshold = 256 * 1024

    let store: any ProductStore
    let folder: WatchedFolder
    let layout: FolderLayout
    let policy: ImportPolicy
    let clock: any WallClock
    let logger: Logger

    public init(store: any ProductStore, folder: WatchedFolder, layout: FolderLayout, policy: ImportPolicy = .init(), clock: any WallClock = SystemWallClock(), logger: Logger) {
        self.store = store
        self.folder = folder
        self.layout = layout
        self.policy = policy
        self.clock = clock
        self.logger = logger
    }

    public func importFile(at url: URL, disposition: Disposition) -> ImportOutcome {
        let name = url.lastPathComponent
        var logger = logger
        logger[metadataKey: "file"] = "\(name)"
        logger[metadataKey: "source"] = "\(folder.source)"

        let file: ImportFile
        let claim: ImportClaim
        do {
            file = try describe(url)
            claim = try store.claim(file)
        } catch {
            return postpone(error, logger)
        }
        logger[metadataKey: "import"] = "\(claim.id)"
        do {
            switch claim.state {
            case .applied:
                logger.info("import was applied before a restart; archiving")
                return try archive(url, claim.id, claim.summary ?? DiffSummary(), disposition, logger)
            case .staged:
                return try decide(url, claim.id, claim.summary ?? DiffSummary(), mode: claim.mode ?? folder.mode, disposition, logger)
            case .held:
                return try hold(url, claim.id, claim.summary ?? DiffSummary(), reason: claim.heldReason ?? "held before a restart", disposition, logger)
            case .claimed, .parsing, .archived, .quarantined, .rejected:
                return try stageAndApply(url, claim.id, size: file.size, disposition, logger)
            }
        } catch let failure as QuarantineReason {
            return quarantine(url, claim.id, failure.report, disposition, logger)
        } catch {
            return postpone(error, logger)
        }
    }

    /// Applies a held import a person approved, and archives its file.
    public func approve(_ id: ImportID, heldFile: URL) throws -> DiffSummary {
        let summary = try store.applyStaged(id, policy: policy.regeneration)
        let destination = layout.processed.appendingPathComponent(heldFile.lastPathComponent)
        try store.archive(id, at: destination.path)
        try transfer(heldFile, to: destination, .move)
        logger.info("held import \(id) approved and applied: \(summary)")
        return summary
    }

    /// Refuses a held import: nothing is applied, and its file moves to quarantine with the
    /// reason beside it. Returns where the file went.
    public func reject(_ id: ImportID, heldFile: URL, reason: CatalogError) throws -> String {
        let destination = layout.quarantine.appendingPathComponent(heldFile.lastPathComponent)
        try store.reject(id, reason: reason, at: destination.path)
        try writeSidecar(QuarantineReport(error: reason, notes: ImportNotes()), for: destination)
        try transfer(heldFile, to: destination, .move)
        logger.warning("held import \(id) rejected: \(reason.message)")
        return destination.path
    }

    private struct QuarantineReason: Error {
        let report: QuarantineReport
    }

    private func stageAndApply(_ url: URL, _ id: ImportID, size: Int, _ disposition: Disposition, _ logger: Logger) throws -> ImportOutcome {
        try store.beginStaging(id)
        // Loading the source's fingerprints pays off for a re-imported catalog, not for a small
        // delta (measured: 120 ms to load 100k of them, against 5 ms for a 1-SKU file).
        let schemaExport: (kind: AkeneoSchemaReader.Kind, source: ExportSource)?
        do {
            schemaExport = try self.schemaExport(url)
        } catch let error as CatalogError {
            // A file that cannot even be peeked at (a truncated gzip) is refused as any other.
            throw QuarantineReason(report: QuarantineReport(error: error.context.file == nil ? error.inFile(url.lastPathComponent) : error, notes: ImportNotes()))
        }
        if let schemaExport { return try importSchema(url, id, schemaExport, disposition, logger) }
        let fingerprints = size >= Self.fingerprintThreshold ? try store.rowFingerprints(source: folder.source) : RowFingerprintIndex()
        var sink = StagingSink(store: store, id: id, batchSize: policy.batchSize, rejectDuplicateSKUs: policy.rejectDuplicateSKUs, fingerprints: fingerprints)
        let format: ExportFormat
        do {
            defer { sink.abandon() }
            let source = try ExportSource.open(url)
            format = try folder.format ?? source.detectFormat(folder: folder)
            var input = source.bytes
            try folder.reader(for: format).read(&input, into: &sink)
            try sink.finish()
        } catch let failure as StagingSink.StorageFailure {
            throw failure.underlying
        } catch let rejected as StagingSink.FileRejected {
            throw QuarantineReason(report: QuarantineReport(error: rejected.error.inFile(url.lastPathComponent), notes: sink.notes))
        } catch let error as CatalogError {
            let located = error.context.file == nil ? error.inFile(url.lastPathComponent) : error
            throw QuarantineReason(report: QuarantineReport(error: located, notes: sink.notes))
        }
        var notes = sink.notes
        notes.format = format.rawValue
        let allowedSkips = Int((Double(notes.rows) * policy.maxRowErrorShare).rounded(.down))
        if notes.skippedRows > allowedSkips, let first = notes.rowErrors.first {
            let error = CatalogError(
                .tooManyRowErrors,
                "\(notes.skippedRows) of \(notes.rows) rows could not be read (at most \(allowedSkips) may be skipped); first, line \(first.context.line.map(String.init) ?? "?"): \(first.message)",
                context: .init(file: url.lastPathComponent, line: first.context.line, column: first.context.column, sku: first.context.sku, key: first.context.key)
            )
            throw QuarantineReason(report: QuarantineReport(error: error, notes: notes))
        }
        for warning in notes.warnings.prefix(5) { logger.warning("\(warning)") }
        for skipped in notes.rowErrors.prefix(5) { logger.warning("row skipped: \(skipped)") }
        let mode = sink.declaredMode ?? folder.mode
        let summary = try store.finishStaging(id, mode: mode, notes: notes)
        return try decide(url, id, summary, mode: mode, disposition, logger)
    }

    /// An Akeneo attribute or option export, told by its columns; nil for a product export or
    /// a folder configured for one format.
    private func schemaExport(_ url: URL) throws -> (kind: AkeneoSchemaReader.Kind, source: ExportSource)? {
        guard folder.format == nil else { return nil }
        let source = try ExportSource.open(url)
        let prefix = try source.bytes.peek(16 * 1024)
        return AkeneoSchemaReader.detect(prefix, identifierColumn: folder.csv.identifierColumn, delimiter: folder.csv.delimiter).map { ($0, source) }
    }

    /// Merges a schema export into the stored schema and records it as an import with no
    /// product changes; a bad file is quarantined whole, like a product export.
    private func importSchema(_ url: URL, _ id: ImportID, _ export: (kind: AkeneoSchemaReader.Kind, source: ExportSource), _ disposition: Disposition, _ logger: Logger) throws -> ImportOutcome {
        var notes = ImportNotes()
        notes.format = export.kind.rawValue
        let schema: AttributeSchema
        do {
            var bytes = export.source.bytes
            var data = Data()
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { buffer.deallocate() }
            while data.count <= AkeneoSchemaReader.maximumSize {
                let count = try bytes.read(into: buffer)
                if count == 0 { break }
                data.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            }
            schema = try AkeneoSchemaReader.read(data, kind: export.kind, delimiter: folder.csv.delimiter)
        } catch let error as CatalogError {
            throw QuarantineReason(report: QuarantineReport(error: error.inFile(url.lastPathComponent), notes: notes))
        }
        notes.rows = export.kind == .attributes ? schema.attributes.count : schema.options.values.reduce(0) { $0 + $1.count }
        try store.mergeAttributeSchema(schema)
        let summary = try store.finishStaging(id, mode: .delta, notes: notes)
        logger.info("attribute schema merged: \(notes.rows) \(export.kind == .attributes ? "attribute(s)" : "option(s)") from \(url.lastPathComponent)")
        return try decide(url, id, summary, mode: .delta, disposition, logger)
    }

    /// The mass-deletion guard: a truncated export must not wipe the shop.
    private func decide(_ url: URL, _ id: ImportID, _ summary: DiffSummary, mode: ImportMode, _ disposition: Disposition, _ logger: Logger) throws -> ImportOutcome {
        if mode == .snapshot, summary.removed > 0 {
            let live = try store.liveProductCount(source: folder.source)
            let share = Double(summary.removed) / Double(max(live, 1))
            if share > policy.massDeletionShare {
                let reason = "this snapshot would remove \(summary.removed) of \(live) products of source '\(folder.source)' (\(Int((share * 100).rounded()))%, more than the \(Int((policy.massDeletionShare * 100).rounded()))% allowed); approve with `catalogctl imports approve \(id)` or reject with `catalogctl imports reject \(id)`"
                return try hold(url, id, summary, reason: reason, disposition, logger)
            }
        }
        let applied = try store.applyStaged(id, policy: policy.regeneration)
        let outcome = try archive(url, id, applied, disposition, logger)
        logger.info("import applied: \(applied)", metadata: [
            "message_id": "\(JournalMessageID.importFinished)", "added": "\(applied.added)", "changed": "\(applied.changed)", "removed": "\(applied.removed)", "unchanged": "\(applied.unchanged)",
        ])
        return outcome
    }

    private func hold(_ url: URL, _ id: ImportID, _ summary: DiffSummary, reason: String, _ disposition: Disposition, _ logger: Logger) throws -> ImportOutcome {
        let destination = layout.held.appendingPathComponent(archiveName(id, url.lastPathComponent))
        try store.hold(id, reason: reason, at: destination.path)
        try transfer(url, to: destination, disposition)
        logger.warning("import held: \(reason)", metadata: ["message_id": "\(JournalMessageID.massDeletionHeld)"])
        return .held(summary, reason: reason, movedTo: destination.path)
    }

    private func archive(_ url: URL, _ id: ImportID, _ summary: DiffSummary, _ disposition: Disposition, _ logger: Logger) throws -> ImportOutcome {
        let destination = layout.processed.appendingPathComponent(archiveName(id, url.lastPathComponent))
        try store.archive(id, at: destination.path)
        try transfer(url, to: destination, disposition)
        return .applied(summary, archivedAt: destination.path)
    }

    private func quarantine(_ url: URL, _ id: ImportID, _ report: QuarantineReport, _ disposition: Disposition, _ logger: Logger) -> ImportOutcome {
        let destination = layout.quarantine.appendingPathComponent(archiveName(id, url.lastPathComponent))
        do {
            try store.quarantine(id, error: report.error, at: destination.path)
            try writeSidecar(report, for: destination)
            try transfer(url, to: destination, disposition)
        } catch {
            return postpone(error, logger)
        }
        logger.error("import quarantined: \(report.error)", metadata: [
            "message_id": "\(JournalMessageID.importQuarantined)", "code": "\(report.error.code.rawValue)", "line": "\(report.error.context.line.map(String.init) ?? "-")",
        ])
        return .quarantined(report.error, movedTo: destination.path)
    }

    /// The sidecar goes first, so a quarantined file never sits there without its reason.
    func writeSidecar(_ report: QuarantineReport, for destination: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(report).write(to: URL(fileURLWithPath: destination.path + ".error.json"), options: .atomic)
    }

    private func postpone(_ error: any Error, _ logger: Logger) -> ImportOutcome {
        let failure = error as? CatalogError ?? CatalogError(.storage, "\(error)")
        logger.error("import deferred, the file stays in place and is retried: \(failure)")
        return .deferred(failure)
    }

    private func describe(_ url: URL) throws -> ImportFile {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw CatalogError(.fileUnreadable, "cannot read the file: \(String(cString: strerror(errno)))", context: .init(file: url.lastPathComponent))
        }
        let fingerprint = "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)-\(info.st_ino)"
        return ImportFile(name: url.lastPathComponent, path: url.path, fingerprint: fingerprint, size: Int(info.st_size), source: folder.source, mode: folder.mode)
    }

    func transfer(_ url: URL, to destination: URL, _ disposition: Disposition) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
        switch disposition {
        case .move: try manager.moveItem(at: url, to: destination)
        case .copy: try manager.copyItem(at: url, to: destination)
        }
    }

    /// `<import id>-<UTC timestamp>-<original name>`: unique, sortable, and still recognisable.
    func archiveName(_ id: ImportID, _ name: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "\(id)-\(formatter.string(from: clock.now()))-\(name)"
    }
}
