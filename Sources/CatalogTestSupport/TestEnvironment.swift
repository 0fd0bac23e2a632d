import Foundation

/// Changes to this process's environment, made while no child is being started. The tests run
/// in one process: a `setenv` that moves `environ` while `posix_spawn` hands it to a child
/// fails that spawn with EFAULT ("Bad address").
public enum TestEnvironment {
    static let lock = NSLock()

    public static func set(_ name: String, _ value: String) {
        lock.withLock { _ = setenv(name, value, 1) }
    }

    public static func unset(_ name: String) {
        lock.withLock { _ = unsetenv(name) }
    }
}
