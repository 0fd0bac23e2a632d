/// Stable 128-bit ids for the events operators alert on (journald's MESSAGE_ID): they never
/// change between releases, so `journalctl MESSAGE_ID=…` and alert rules keep working.
enum MessageID {
    static let budgetAlert = "6f2c1a8e4b9d4c53a1e07d2b5c9f3a61"
    static let piiIncident = "0d9b7e2f5a6c4e81b3f2a9c8d7e6f501"
    static let policyBlock = "c3a5e7f9b1d24f6a8c0e2b4d6f8a1c3e"
}

enum DaemonMessageID {
    static let reloadRejected = "5b8d2e7a1c9f4a36b0e4d7c2a8f1e593"
}
