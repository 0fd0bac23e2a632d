import CatalogCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One daemon per state directory: an exclusive `flock` on `STATE/catalogd.lock`, held for the
/// life of the process and dropped by the kernel when it exits, however it exits. Holding it
/// is what makes it safe to take back the leases a killed predecessor left behind.
final class StateDirectoryLock {
    private let descriptor: Int32

    init(stateDirectory: URL) throws {
        try? FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        let path = stateDirectory.appendingPathComponent("catalogd.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            throw CatalogError(.storage, "cannot open the state lock: \(String(cString: strerror(errno)))", context: .init(file: path))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw CatalogError(
                .storage,
                "another catalogd\(holder.map { " (pid \($0))" } ?? "") is running on this state directory; stop it first or give this one its own --state-dir",
                context: .init(file: stateDirectory.path)
            )
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}
