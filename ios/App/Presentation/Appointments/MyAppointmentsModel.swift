import Combine
import Foundation
import LeipzigCore

/// My appointments, split by time, plus what still waits for the city.
struct MyAppointmentsState: Equatable {
    var loading = true
    var upcoming: [AppointmentRow] = []
    var past: [AppointmentRow] = []
    /// Actions saved on the phone, not yet received by the city.
    var waitingActions = 0
    /// Actions the city refused: the citizen must look.
    var refusedActions = 0
    var error: ErrorKind?
}

/// "My appointments": from the phone (works offline), updated by the core's
/// listeners. Cancelling works offline too; the row then says "saved on this
/// phone" until the city has received it. Mirrors MyAppointmentsStateHolder.kt.
@MainActor
final class MyAppointmentsModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state = MyAppointmentsState()

    private let appointments: Appointments
    private let outbox: Outbox
    private let now: () -> Date
    /// nil until the listener's first list (Kotlin's `items == null`).
    private var items: [Appointment]?
    private var entries: [OutboxEntry] = []
    private var error: ErrorKind?
    private var formats: Formats
    private var appointmentUpdates: Task<Void, Never>?
    private var outboxUpdates: Task<Void, Never>?
    private var languageChanges: AnyCancellable?

    init(appointments: Appointments, outbox: Outbox, language: LanguageSetting, now: @escaping () -> Date = { Date() }) {
        self.appointments = appointments
        self.outbox = outbox
        self.now = now
        formats = language.formats
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        appointmentUpdates = Task { [weak self] in
            // Subscribing reads SQLite: off the main actor.
            let stream = await Task.detached { appointments.updates() }.value
            for await items in stream {
                self?.items = items
                self?.render()
            }
        }
        outboxUpdates = Task { [weak self] in
            let stream = await Task.detached { outbox.updates() }.value
            for await entries in stream {
                self?.entries = entries
                self?.render()
            }
        }
    }

    deinit {
        // Ends the streams, which cancels the core subscriptions.
        appointmentUpdates?.cancel()
        outboxUpdates?.cancel()
    }

    /// Cancels; offline the cancellation is saved and sent later.
    func cancel(_ processId: UInt32) {
        act { [appointments] in _ = try await appointments.cancel(processId: processId) }
    }

    /// Sends what is saved on the phone now (pull to refresh). The task ends
    /// when the outbox run does, so `.refreshable` keeps its spinner until then.
    @discardableResult
    func sync() -> Task<Void, Never> {
        act { [outbox] in _ = try await outbox.run() }
    }

    @discardableResult
    private func act(_ block: @escaping @Sendable () async throws -> Void) -> Task<Void, Never> {
        error = nil
        render()
        return Task {
            do {
                try await block()
            } catch {
                self.error = ErrorKind(error)
                self.render()
            }
        }
    }

    /// The appointment as an `.ics` file, for the share sheet or the calendar.
    func calendarFile(_ processId: UInt32) async throws -> String {
        try await Task.detached { [appointments] in try appointments.ics(processId: processId) }.value
    }

    /// When the shell should schedule notifications (the core decides when).
    func reminders() async throws -> [Reminder] {
        let moment = now()
        return try await Task.detached { [appointments] in try appointments.upcomingReminders(now: moment) }.value
    }

    private func render() {
        let nowEpoch = Int64(now().timeIntervalSince1970.rounded(.down))
        let rows = (items ?? []).map { $0.row(formats, nowEpoch: nowEpoch) }
        let next = MyAppointmentsState(
            loading: items == nil,
            upcoming: rows.filter { $0.startEpoch >= nowEpoch },
            past: rows.filter { $0.startEpoch < nowEpoch },
            waitingActions: entries.filter { $0.state == .pending || $0.state == .sending }.count,
            refusedActions: entries.filter { $0.state == .needsAttention }.count,
            error: error
        )
        if next != state { state = next }
    }
}
