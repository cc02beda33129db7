// Hand-written adapters from the core's listener + handle pattern to Swift
// concurrency. Not generated: keep it next to LeipzigCore.swift so every app
// target gets the same, tested-by-review shape (mirrors NewsFlows.kt).
import Foundation

extension News {
    /// The newest `limit` news items as an `AsyncStream`: the current list at
    /// once, then again after every change (refresh, read mark, wipe).
    ///
    /// The core subscription lives exactly as long as the stream: when the
    /// consuming task is cancelled or stops iterating, `onTermination` cancels
    /// it (and releasing the closure frees it). Slow consumers only see the
    /// latest list, like the conflated Kotlin `Flow`.
    ///
    /// Subscribing reads SQLite once and delivers the first list before it
    /// returns, so create the stream off the main actor.
    public func updates(limit: UInt32) -> AsyncStream<[NewsItem]> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let subscription = subscribe(limit: limit, listener: StreamListener(continuation: continuation))
            continuation.onTermination = { _ in
                subscription.cancel()
            }
        }
    }
}

/// Yields each update into a stream and returns at once: the core calls
/// listeners on the thread that committed the change (docs/adr/0005), so a
/// listener must never block.
///
/// `@unchecked Sendable`: the only state is the continuation, which is safe to
/// use from any thread.
private final class StreamListener: NewsListener, @unchecked Sendable {
    private let continuation: AsyncStream<[NewsItem]>.Continuation

    init(continuation: AsyncStream<[NewsItem]>.Continuation) {
        self.continuation = continuation
    }

    func onUpdate(items: [NewsItem]) {
        continuation.yield(items)
    }
}
