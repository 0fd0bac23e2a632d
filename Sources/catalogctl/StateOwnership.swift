import ArgumentParser
import CatalogConfiguration
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// catalogctl never creates or owns state files as a user other than the state's owner: a
/// `sudo catalogctl doctor` that left `catalog.sqlite` (or its `-wal`/`-shm`) owned by root
/// would stop the service with "attempt to write a readonly database".
///
/// - Root opening another user's state switches to that user first, as `sudo -u` would.
/// - Anyone else may open only state they own.
/// - An installed instance's state directory that does not exist yet is the service's to
///   create: catalogctl refuses and says to start the service.
enum StateOwnership {
    static func prepare(_ configuration: Configuration) throws {
        let directory = configuration.stateDirectory.path
        var info = stat()
        guard stat(directory, &info) == 0 else {
            if let instance = configuration.instance {
                let unit = instance.name.map { "catalogd@\($0)" } ?? "catalogd"
                throw ValidationError("\(directory) does not exist yet: the service creates it as its own user. Start it first (sudo systemctl start \(unit)), then run catalogctl again")
            }
            return  // a development state directory: created by whoever runs catalogd here
        }
        let me = geteuid()
        guard info.st_uid != me else { return }
        let owner = userName(info.st_uid)
        guard me == 0 else {
            throw ValidationError("\(directory) belongs to \(owner): run catalogctl as that user (sudo -u \(owner) catalogctl …), so no state file ends up owned by you")
        }
        try become(uid: info.st_uid, gid: info.st_gid, name: owner)
        FileHandle.standardError.write(Data("catalogctl: running as \(owner), the owner of \(directory)\n".utf8))
    }

    /// Drops root for `uid`, with the user's supplementary groups, for good.
    private static func become(uid: uid_t, gid: gid_t, name: String) throws {
        var groups = [gid_t](repeating: 0, count: 64)
        var count: Int32 = Int32(groups.count)
        if let entry = getpwuid(uid), getgrouplist(entry.pointee.pw_name, gid, &groups, &count) >= 0 {
            groups = Array(groups.prefix(Int(count)))
        } else {
            groups = [gid]
        }
        guard setgroups(groups.count, groups) == 0, setgid(gid) == 0, setuid(uid) == 0 else {
            throw ValidationError("cannot switch to \(name) to open its state: \(String(cString: strerror(errno)))")
        }
    }

    private static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid) else { return "uid \(uid)" }
        return String(cString: entry.pointee.pw_name)
    }
}
