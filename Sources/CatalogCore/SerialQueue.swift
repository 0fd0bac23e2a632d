/// Runs async operations one after another, in the order they were submitted; each caller
/// waits for its own to finish. A lock cannot be held across an `await`; this can.
public actor SerialQueue {
    private var last: Task<Void, Never>?

    public init() {}

    public func run(_ operation: @escaping @Sendable () async -> Void) async {
        let previous = last
        let task = Task {
            await previous?.value
            await operation()
        }
        last = task
        await task.value
    }
}
