public import CatalogCore

/// A state as stored in a table's `state` column: the raw value is the text. `sql` is that text
/// as an SQL literal. Statements spell states as literals, not bound parameters, because SQLite
/// uses a partial index (`… WHERE state = 'queued'`) only for a query that repeats its predicate
/// literally.
public protocol StoredState: RawRepresentable, Sendable where RawValue == String {}

extension StoredState {
    var sql: String { "'\(rawValue)'" }
}

/// `generation_jobs.state`: queued → running → done, or back to queued after a failure until
/// the attempts run out (failed); skipped when the product went away; superseded by a newer
/// job for the SKU; cancelled by a person.
public enum JobState: String, StoredState, CaseIterable {
    case queued, running, done, failed, skipped, superseded, cancelled
}

/// `translation_queue.state`: a locale deferred by the budget waits queued until it is done or
/// newer copy supersedes it.
public enum TranslationState: String, StoredState, CaseIterable {
    case queued, done, superseded
}

/// `outbox.state`: pending → in_flight → published; back to pending for a retry; manual when a
/// person must publish it; conflict when the shop has a person's edit; kept-shop when the
/// policy kept the shop's copy; superseded by newer copy; dismissed by a person.
public enum OutboxState: String, StoredState, CaseIterable {
    case pending, inFlight = "in_flight", published, manual, conflict, keptShop = "kept-shop", superseded, dismissed
}

/// `manual_queue.state`: open → exported (in a CSV) → published-by-hand or dismissed; retried
/// when a person sends it back to the outbox; superseded by newer copy.
public enum ManualEntryState: String, StoredState, CaseIterable {
    case open, exported, retried, superseded, publishedByHand = "published-by-hand", dismissed
}

/// `review_queue.state`: open until a person approves or rejects it, or newer copy supersedes it.
public enum ReviewState: String, StoredState, CaseIterable {
    case open, approved, rejected, superseded
}

/// `generators.state`: one active generator; candidates wait to be promoted; retired ones were
/// active once.
public enum GeneratorState: String, StoredState, CaseIterable {
    case active, candidate, retired
}

/// `experiments.state`: running until stopped or promoted.
public enum ExperimentState: String, StoredState, CaseIterable {
    case running, stopped, promoted
}

extension ImportState: StoredState {}
