import Combine
import Foundation
import LeipzigCore

/// Where the search screen stands. Mirrors `SearchPhase` (SlotSearchStateHolder.kt).
enum SearchPhase: Equatable {
    /// Loading the services.
    case loading
    /// Pick a service.
    case chooseService
    /// Service chosen; ready to search.
    case ready
    /// Asking the Bürgerbüros.
    case searching
    /// Free slots to show.
    case results
    /// Nothing free in the period: offer a watch.
    case noResults
    /// It failed: `SlotSearchState.error`, with retry.
    case error
}

/// A service to pick.
struct ServiceOption: Equatable, Hashable, Identifiable {
    let id: UInt32
    let name: String
}

/// The state of the slot search screen.
struct SlotSearchState: Equatable {
    var phase: SearchPhase
    var services: [ServiceOption] = []
    var serviceId: UInt32?
    var offices: [OfficeOption] = []
    /// Offices chosen; empty = all of them.
    var selectedOffices: Set<UInt32> = []
    var from: LocalDate
    var to: LocalDate
    var period = ""
    var slots: [SlotRow] = []
    /// Offices that could not be asked (shown as a hint).
    var failedOffices = 0
    var error: ErrorKind?
}

/// The slot search: pick a service, optionally offices and a period, search
/// across the Bürgerbüros. The core searches in parallel within the city's
/// rate limit; this only shows what it found. Mirrors
/// SlotSearchStateHolder.kt one to one.
@MainActor
final class SlotSearchModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state: SlotSearchState

    private struct Raw {
        var phase: SearchPhase
        var services: [ServiceOption] = []
        var serviceId: UInt32?
        var offices: [Office] = []
        var selected: Set<UInt32> = []
        var from: LocalDate
        var to: LocalDate
        var found: SlotSearch?
        var error: ErrorKind?
    }

    private let appointments: Appointments
    private var raw: Raw {
        didSet { render() }
    }
    private var formats: Formats
    private var languageChanges: AnyCancellable?

    init(appointments: Appointments, language: LanguageSetting, today: LocalDate = .today()) {
        self.appointments = appointments
        formats = language.formats
        let raw = Raw(phase: .loading, from: today, to: today.plusDays(13))
        self.raw = raw
        state = Self.render(raw, language.formats)
        languageChanges = language.$formats.dropFirst().sink { [weak self] formats in
            self?.formats = formats
            self?.render()
        }
        loadServices()
    }

    private func loadServices() {
        update { $0.phase = .loading; $0.error = nil }
        Task { [appointments] in
            do {
                let services = try await appointments.services().map { ServiceOption(id: $0.id, name: $0.name) }
                self.update { $0.phase = .chooseService; $0.services = services }
            } catch {
                let kind = ErrorKind(error)
                self.update { $0.phase = .error; $0.error = kind }
            }
        }
    }

    /// Picks the service; loads the offices that offer it.
    func selectService(_ id: UInt32) {
        update {
            $0.serviceId = id
            $0.offices = []
            $0.selected = []
            $0.found = nil
        }
        Task { [appointments] in
            do {
                let offices = try await appointments.offices(serviceId: id)
                self.update { $0.phase = .ready; $0.offices = offices; $0.error = nil }
            } catch {
                let kind = ErrorKind(error)
                self.update { $0.phase = .error; $0.error = kind }
            }
        }
    }

    /// Adds or removes an office from the search (none chosen = all).
    func toggleOffice(_ id: UInt32) {
        if raw.selected.contains(id) {
            raw.selected.remove(id)
        } else {
            raw.selected.insert(id)
        }
    }

    /// Sets the period (days in Leipzig); `to` is never before `from`.
    func setPeriod(from: LocalDate, to: LocalDate) {
        update { $0.from = from; $0.to = max(from, to) }
    }

    /// Searches (or searches again after an error).
    func search() {
        let r = raw
        guard let service = r.serviceId else {
            loadServices()
            return
        }
        update { $0.phase = .searching; $0.error = nil }
        // Kotlin keeps the set's insertion order; the core does not care, so sorted.
        let query = SlotQuery(
            serviceId: service,
            count: 1,
            officeIds: r.selected.sorted(),
            from: r.from.description,
            to: r.to.description
        )
        Task { [appointments] in
            do {
                let found = try await appointments.searchSlots(query: query)
                let phase: SearchPhase = found.slots.isEmpty ? .noResults : .results
                self.update { $0.phase = phase; $0.found = found }
            } catch {
                let kind = ErrorKind(error)
                self.update { $0.phase = .error; $0.error = kind }
            }
        }
    }

    /// The office of a slot, for the booking form.
    func office(_ id: UInt32) -> Office? {
        raw.offices.first { $0.id == id }
    }

    /// One change, one render (Kotlin's `raw.value = raw.value.copy(…)`).
    private func update(_ change: (inout Raw) -> Void) {
        var next = raw
        change(&next)
        raw = next
    }

    private func render() {
        let next = Self.render(raw, formats)
        if next != state { state = next }
    }

    private static func render(_ r: Raw, _ f: Formats) -> SlotSearchState {
        SlotSearchState(
            phase: r.phase,
            services: r.services,
            serviceId: r.serviceId,
            offices: r.offices.map { $0.option() },
            selectedOffices: r.selected,
            from: r.from,
            to: r.to,
            period: "\(f.day(r.from)) – \(f.day(r.to))",
            slots: r.found?.slots.map { $0.row(f) } ?? [],
            failedOffices: r.found?.failedOfficeIds.count ?? 0,
            error: r.error
        )
    }
}
