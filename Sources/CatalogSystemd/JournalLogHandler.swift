import CSystemd
public import Foundation
public import Logging

/// A swift-log handler that writes native journal entries (sd_journal_sendv): MESSAGE,
/// PRIORITY from the level, the logger's metadata as uppercase fields (`sku` → `SKU=`, so
/// `journalctl -u catalogd SKU=ABC-1` works; a list is one field per element, which journald
/// allows, so one entry about a batch is found by each of its SKUs), CODE_FILE/LINE/FUNC, and
/// `message_id` metadata as journald's MESSAGE_ID for the events operators alert on.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let identifier: String

    public init(label: String, identifier: String = "catalogd", level: Logger.Level = .info) {
        self.identifier = identifier
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Native journal logging only when the journal is really there: sd_journal_sendv reports
    /// success even when nothing listens, and the entry is lost.
    public static func journalIsAvailable(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["JOURNAL_STREAM"] != nil && FileManager.default.fileExists(atPath: "/run/systemd/journal/socket")
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit { merged.merge(explicit) { _, new in new } }
        let fields = Self.fields(level: level, message: "\(message)", metadata: merged, identifier: identifier, file: file, function: function, line: line)
        Self.send(fields)
    }

    /// The entry's fields, in order. Field names are uppercase letters, digits and underscores,
    /// not starting with an underscore (journald drops such fields from clients).
    public static func fields(level: Logger.Level, message: String, metadata: Logger.Metadata, identifier: String, file: String, function: String, line: UInt) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("MESSAGE", message),
            ("PRIORITY", String(priority(level))),
            ("SYSLOG_IDENTIFIER", identifier),
            ("CODE_FILE", file),
            ("CODE_LINE", String(line)),
            ("CODE_FUNC", function),
        ]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            guard let name = fieldName(key) else { continue }
            if case .array(let values) = value {
                fields += values.map { (name, "\($0)") }
            } else {
                fields.append((name, "\(value)"))
            }
        }
        return fields
    }

    /// syslog priorities: critical 2, error 3, warning 4, notice 5, info 6, debug/trace 7.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .critical: 2
        case .error: 3
        case .warning: 4
        case .notice: 5
        case .info: 6
        case .debug, .trace: 7
        }
    }

    /// `message_id` → `MESSAGE_ID`, `sku` → `SKU`; nil for keys that cannot be a field name.
    static func fieldName(_ key: String) -> String? {
        var name = ""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "a"..."z": name.unicodeScalars.append(Unicode.Scalar(scalar.value - 32)!)
            case "A"..."Z", "0"..."9": name.unicodeScalars.append(scalar)
            case "_", "-", ".": name.append("_")
            default: return nil
            }
        }
        guard let first = name.unicodeScalars.first, first != "_", !("0"..."9").contains(first), name.count <= 64 else { return nil }
        // Fields the handler sets itself are not overridden by metadata.
        return ["MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC"].contains(name) ? nil : name
    }

    static func send(_ fields: [(String, String)]) {
        let entries = fields.map { Array("\($0.0)=\($0.1)".utf8) }
        let buffers = entries.map { bytes -> UnsafeMutableRawBufferPointer in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
            buffer.copyBytes(from: bytes)
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        var vectors = zip(buffers, entries).map { buffer, bytes in iovec(iov_base: buffer.baseAddress, iov_len: bytes.count) }
        _ = vectors.withUnsafeMutableBufferPointer { pointer in
            sd_journal_sendv(pointer.baseAddress, Int32(pointer.count))
        }
    }
}
