// Hand-written adapters from the core's listener + handle pattern to Swift
// concurrency. Not generated: keep it next to LeipzigCore.swift so every app
// target gets the same, tested-by-review shape (mirrors NewsFlows.kt,
// AppointmentFlows.kt, FacilityFlows.kt, AccountFlows.kt, PaymentFlows.kt,
// NoticeFlows.kt and LibraryFlows.kt).
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

extension Appointments {
    /// My appointments as an `AsyncStream`: the current list at once, then
    /// again after every change (booking, cancel, a delivered outbox action, a
    /// watch update). Same lifetime and conflation as `News.updates(limit:)`;
    /// create it off the main actor.
    public func updates() -> AsyncStream<[Appointment]> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let subscription = subscribe(listener: AppointmentsStreamListener(continuation: continuation))
            continuation.onTermination = { _ in
                subscription.cancel()
            }
        }
    }
}

extension Outbox {
    /// The outbox as an `AsyncStream`: what is saved on the phone and what the
    /// city has received, at once and after every change. Same lifetime and
    /// conflation as `News.updates(limit:)`; create it off the main actor.
    public func updates() -> AsyncStream<[OutboxEntry]> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let subscription = subscribe(listener: OutboxStreamListener(continuation: continuation))
            continuation.onTermination = { _ in
                subscription.cancel()
            }
        }
    }
}

/// `StreamListener` for appointments: yields and returns at once.
private final class AppointmentsStreamListener: AppointmentsListener, @unchecked Sendable {
    private let continuation: AsyncStream<[Appointment]>.Continuation

    init(continuation: AsyncStream<[Appointment]>.Continuation) {
        self.continuation = continuation
    }

    func onUpdate(appointments: [Appointment]) {
        continuation.yield(appointments)
    }
}

/// `StreamListener` for the outbox: yields and returns at once.
private final class OutboxStreamListener: OutboxListener, @unchecked Sendable {
    private let continuation: AsyncStream<[OutboxEntry]>.Continuation

    init(continuation: AsyncStream<[OutboxEntry]>.Continuation) {
        self.continuation = continuation
    }

    func onUpdate(entries: [OutboxEntry]) {
        continuation.yield(entries)
    }
}

extension Facilities {
    /// Changes of the stored facility layer as an `AsyncStream`: one value at
    /// once, then one after every refresh or wipe, so a screen re-runs its
    /// query (the core's listener carries no data). Same lifetime and
    /// conflation as `News.updates(limit:)`: the subscription lives as long
    /// as the stream, and a slow consumer sees one pending change, not many.
    public func changes() -> AsyncStream<Void> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            continuation.yield()
            let subscription = subscribe(listener: FacilitiesStreamListener(continuation: continuation))
            continuation.onTermination = { _ in
                subscription.cancel()
            }
        }
    }
}

/// `StreamListener` for the facility layer: yields and returns at once.
private final class FacilitiesStreamListener: FacilitiesListener, @unchecked Sendable {
    private let continuation: AsyncStream<Void>.Continuation

    init(continuation: AsyncStream<Void>.Continuation) {
        self.continuation = continuation
    }

    func onChange() {
        continuation.yield()
    }
}

extension Account {
    /// Login changes as an `AsyncStream`: one value at once, then one after
    /// every login, logout, lost login and profile change, so a screen reads
    /// `whoami()` (and `profile()`) again; the listener carries no data. Same
    /// lifetime and conflation as `Facilities.changes()`: the subscription
    /// lives as long as the stream, and a slow consumer sees one pending
    /// change, not many. Mirrors `Account.changes()` (AccountFlows.kt).
    public func changes() -> AsyncStream<Void> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            continuation.yield()
            let subscription = subscribe(listener: AccountStreamListener(continuation: continuation))
            continuation.onTermination = { _ in
                subscription.cancel()
            }
        }
    }
}

/// `StreamListener` for the login: yields and returns at once.
private final class AccountStreamListener: AccountListener, @unchecked Sendable {
    private let continuation: AsyncStream<Void>.Continuation

    init(continuation: AsyncStream<Void>.Continuation) {
        self.continuation = continuation
    }

    func onChange() {
        continuation.yield()
    }
}

extension Payments {
    /// Every payment on the phone as an `AsyncStream`, newest first: the
    /// current list at once, then again after every change (a start, an
    /// answer of the city, a receipt fetched, a late success found by the
    /// reconciliation, the fee list refreshed). Same lifetime and conflation
    /// as `News.updates(limit:)`; create it off the main actor. Mirrors
    /// `Payments.changes()` (PaymentFlows.kt).
    public func changes() -> AsyncStream<[Payment]> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let subscription = subscribe(listener: PaymentsStreamListener(continuation: continuation))
            continuation.onTermination = { _ in
                subscription.cancel()
            }
        }
    }
}

/// `StreamListener` for payments: yields and returns at once.
private final class PaymentsStreamListener: PaymentsListener, @unchecked Sendable {
    private let continuation: AsyncStream<[Payment]>.Continuation

    init(continuation: AsyncStream<[Payment]>.Continuation) {
        self.continuation = continuation
    }

    func onPayments(payments: [Payment]) {
        continuation.yield(payments)
    }
}

extension Notices {
    /// The notices not archived, newest first, as an `AsyncStream`: the
    /// current list at once, then again after every change (a mailbox sync,
    /// opening or archiving one, a PDF stored, a reply saved or received, a
    /// notice paid). Same lifetime and conflation as `News.updates(limit:)`;
    /// create it off the main actor. Mirrors `Notices.changes()` (NoticeFlows.kt).
    public func changes() -> AsyncStream<[Notice]> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let subscription = subscribe(listener: NoticesStreamListener(continuation: continuation))
            continuation.onTermination = { _ in
                subscription.cancel()
            }
        }
    }
}

/// `StreamListener` for the notices: yields and returns at once.
private final class NoticesStreamListener: NoticesListener, @unchecked Sendable {
    private let continuation: AsyncStream<[Notice]>.Continuation

    init(continuation: AsyncStream<[Notice]>.Continuation) {
        self.continuation = continuation
    }

    func onNotices(notices: [Notice]) {
        continuation.yield(notices)
    }
}

extension Library {
    /// Every library card registration on the phone, newest first, as an
    /// `AsyncStream`: the current list at once, then again after every change
    /// (an order saved or received by the city, the city's answer, its fee
    /// paid, the card issued). Same lifetime and conflation as
    /// `News.updates(limit:)`; create it off the main actor. Mirrors
    /// `Library.changes()` (LibraryFlows.kt).
    public func changes() -> AsyncStream<[LibraryRegistration]> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let subscription = subscribe(listener: LibraryStreamListener(continuation: continuation))
            continuation.onTermination = { _ in
                subscription.cancel()
            }
        }
    }
}

/// `StreamListener` for the library registrations: yields and returns at once.
private final class LibraryStreamListener: LibraryListener, @unchecked Sendable {
    private let continuation: AsyncStream<[LibraryRegistration]>.Continuation

    init(continuation: AsyncStream<[LibraryRegistration]>.Continuation) {
        self.continuation = continuation
    }

    func onRegistrations(registrations: [LibraryRegistration]) {
        continuation.yield(registrations)
    }
}
