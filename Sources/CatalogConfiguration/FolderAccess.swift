import CatalogCore
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether the daemon can use the folders a configuration names, found before it depends on
/// them, with an error that names the folder and what to do.
///
/// A watched folder outside the state directory is read-only under the unit's
/// `ProtectSystem=strict` until a drop-in adds `ReadWritePaths=`; before, catalogd died with
/// "cannot create the state folders" (naming the state directory) and systemd restarted it
/// every 5 s.
public enum FolderAccess {
    /// The group PIM export jobs join to drop files in an inbox (`sysusers.d/catalogd.conf`).
    public static let dropGroup = "catalogd-drop"

    /// Creates the watched folders that are missing (group-writable for the drop group, setgid,
    /// like the packaged `inbox/`) and proves each one writable. Throws a configuration error
    /// naming the first folder that is not; returns what an operator should fix by hand (a
    /// folder created but not handed to the drop group).
    @discardableResult
    public static func prepareWatchedFolders(of configuration: Configuration) throws -> [String] {
        try configuration.watches.compactMap { try prepare($0.path, configuration: configuration) }
    }

    static func prepare(_ folder: URL, configuration: Configuration) throws -> String? {
        var note: String?
        let manager = FileManager.default
        if !manager.fileExists(atPath: folder.path) {
            do {
                try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw unusable(folder, errno: (error as NSError).underlyingErrorCode ?? EACCES, configuration: configuration, doing: "create")
            }
            if !shareWithDropGroup(folder) {
                note = "created the watched folder \(folder.path), but could not hand it to the \(dropGroup) group (the unit's sandbox forbids chown and setgid); PIM export jobs cannot drop files there until root runs: install -d -g \(dropGroup) -m 2770 \(folder.path)"
            }
        }
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CatalogError(.configInvalidValue, "the watched folder \(folder.path) is not a directory", context: .init(file: folder.path))
        }
        // Writing is what the daemon does there (moving files to processed/): prove it.
        let probe = folder.appendingPathComponent(".catalogd-write-check-\(getpid())")
        let descriptor = open(probe.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw unusable(folder, errno: errno, configuration: configuration, doing: "write") }
        close(descriptor)
        unlink(probe.path)
        return note
    }

    /// A new inbox: mode 2770, group `catalogd-drop` where that group exists (the unit's
    /// `UMask=0027` would leave it 0750, closed to the export jobs). False when that was
    /// refused: inside the units `RestrictSUIDSGID=` and the system-call filter forbid it, so
    /// `catalogd@.service` creates its tenant's inbox as root before the daemon starts.
    static func shareWithDropGroup(_ folder: URL) -> Bool {
        guard let group = getgrnam(dropGroup) else { return true }
        let owned = chown(folder.path, uid_t.max, group.pointee.gr_gid) == 0
        return chmod(folder.path, 0o2770) == 0 && owned
    }

    static func unusable(_ folder: URL, errno code: Int32, configuration: Configuration, doing: String) -> CatalogError {
        let reason = String(cString: strerror(code))
        let outside = !folder.standardizedFileURL.path.hasPrefix(configuration.stateDirectory.standardizedFileURL.path + "/")
        var advice: String
        if code == EROFS && outside {
            let unit = configuration.instance?.name.map { "catalogd@\($0)" } ?? "catalogd"
            advice = "the unit may write only its state directory: add ReadWritePaths=\(folder.path) with `sudo systemctl edit \(unit)` (docs/operations.md, Watched folders)"
        } else if code == EACCES || code == EPERM {
            advice = "give the service user write access: sudo chgrp \(dropGroup) \(folder.path) && sudo chmod 2770 \(folder.path)"
        } else {
            advice = "check the path in the configuration"
        }
        return CatalogError(.configInvalidValue, "cannot \(doing) the watched folder \(folder.path): \(reason); \(advice)", context: .init(file: folder.path))
    }

    /// What `--check-config` reports for each watched folder outside the unit, as the
    /// service's user would find it: nil when usable, else why not.
    public static func problem(with folder: URL, forUser user: String?) -> String? {
        var info = stat()
        var target = folder.path
        // A folder that does not exist yet is created by the daemon: its parent must be writable.
        while stat(target, &info) != 0 {
            let parent = (target as NSString).deletingLastPathComponent
            guard parent != target, !parent.isEmpty else { return "\(folder.path) does not exist" }
            target = parent
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return "\(target) is not a directory" }
        guard let user, let account = getpwnam(user) else {
            return access(target, W_OK | X_OK) == 0 ? nil : "\(target) is not writable by \(String(cString: getpwuid(geteuid()).pointee.pw_name))"
        }
        let uid = account.pointee.pw_uid
        if uid == 0 { return nil }
        var groups = [gid_t](repeating: 0, count: 64)
        var count = Int32(groups.count)
        _ = getgrouplist(user, account.pointee.pw_gid, &groups, &count)
        var memberOf = Set(groups.prefix(Int(max(count, 0))))
        // The units add the drop group (SupplementaryGroups=).
        if let drop = getgrnam(dropGroup) { memberOf.insert(drop.pointee.gr_gid) }
        let mode = info.st_mode
        let writable = info.st_uid == uid ? mode & S_IWUSR != 0 && mode & S_IXUSR != 0
            : memberOf.contains(info.st_gid) ? mode & S_IWGRP != 0 && mode & S_IXGRP != 0
            : mode & S_IWOTH != 0 && mode & S_IXOTH != 0
        return writable ? nil : "\(target) is not writable by \(user) (owner \(info.st_uid), group \(info.st_gid), mode \(String(mode & 0o7777, radix: 8)))"
    }
}

extension NSError {
    /// The POSIX code under a Foundation file error.
    fileprivate var underlyingErrorCode: Int32? {
        if domain == NSPOSIXErrorDomain { return Int32(code) }
        return (userInfo[NSUnderlyingErrorKey] as? NSError)?.underlyingErrorCode
    }
}
