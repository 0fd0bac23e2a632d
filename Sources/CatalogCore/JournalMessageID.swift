/// Stable 128-bit ids for the events operators alert on, logged as `message_id` metadata and
/// written as journald's MESSAGE_ID: they never change between releases, so
/// `journalctl MESSAGE_ID=…` and alert rules keep working. docs/operations.md lists them.
public enum JournalMessageID {
    public static let importFinished = "3c41495c00aa4d8398fbfa6175813a15"
    public static let importQuarantined = "1918a38c3cdd43abb39dcd357ed9f68a"
    public static let massDeletionHeld = "3e5c696dbc014b4da3a7617f58154e17"
    public static let sentToManualQueue = "11a4cb3f2bc048c0b344b15543a67ee7"
    public static let versionLockMismatch = "c7b3c8d5d82949b18a573358c4dce22f"
    public static let budgetAlert = "6f2c1a8e4b9d4c53a1e07d2b5c9f3a61"
    public static let piiIncident = "0d9b7e2f5a6c4e81b3f2a9c8d7e6f501"
    public static let policyBlock = "c3a5e7f9b1d24f6a8c0e2b4d6f8a1c3e"
    public static let workerStuck = "9a4e2c61d8f34b7e8c1d5a0f3b6e9d27"
    public static let reloadRejected = "5b8d2e7a1c9f4a36b0e4d7c2a8f1e593"
    public static let inventorySourceFailing = "e2a7c4b91f3d4e58a6c0b8d2f1e7a934"
    public static let inventorySourceStale = "da386936dbf1454e9f9801a95650e96a"
    public static let qualityDrift = "c48d4445289544cc8ca93c3f96230668"
    /// Not an alert: with no shop configured, copy handed to the export queue (info).
    public static let queuedForExport = "8cd3c804fea44f80801bf3eabfdab4ca"
}
