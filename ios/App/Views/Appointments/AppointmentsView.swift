import LeipzigCore
import SwiftUI

/// The Appointments tab: its own `NavigationStack` (back button, edge swipe)
/// over "my appointments", with the search, booking and watches pushed as
/// `AppointmentsRoute`s. Owns the models that outlive a pushed screen: my
/// appointments (the booked screen reads its calendar file), the watches
/// (the search's "notify me" adds to them) and the citizen's profile, whose
/// contact the booking form starts with when someone is logged in
/// (Android: AppointmentsFlowViewModel.choose).
@MainActor
struct AppointmentsTab: View {
    private let core: Core
    private let language: LanguageSetting
    @StateObject private var mine: MyAppointmentsModel
    @StateObject private var watches: WatchesModel
    @StateObject private var profile: ProfileModel
    @State private var path: [AppointmentsRoute] = []
    /// Service names by id, as far as a search loaded them (watches carry only the id).
    @State private var serviceNames: [UInt32: String] = [:]

    init(core: Core, language: LanguageSetting) {
        self.core = core
        self.language = language
        _mine = StateObject(wrappedValue: MyAppointmentsModel(appointments: core.appointments, outbox: core.outbox, language: language))
        _watches = StateObject(wrappedValue: WatchesModel(appointments: core.appointments, language: language))
        _profile = StateObject(wrappedValue: ProfileModel(account: core.account, language: language))
    }

    var body: some View {
        NavigationStack(path: $path) {
            AppointmentsView(model: mine, watches: watches, core: core, rebook: rebook)
                .navigationDestination(for: AppointmentsRoute.self) { route in
                    destination(route)
                }
        }
    }

    @ViewBuilder
    private func destination(_ route: AppointmentsRoute) -> some View {
        switch route {
        case .search(let serviceId, let replacing):
            SlotSearchView(
                appointments: core.appointments,
                language: language,
                watches: watches,
                preselect: serviceId,
                replacing: replacing
            ) { services in
                let names = Dictionary(services.map { ($0.id, $0.name) }) { first, _ in first }
                if names != serviceNames { serviceNames = names }
            }
        case .booking(let slot, let office, let replacing):
            // The contact as stored when the slot is chosen (the form keeps it from then on).
            BookingView(
                core: core,
                mine: mine,
                slot: slot,
                office: office,
                language: language,
                replacing: replacing,
                prefill: profile.contact()
            ) {
                path.removeAll()
            }
        case .watches:
            WatchesView(model: watches, serviceNames: serviceNames)
        case .watchMatch(let slot):
            WatchMatchView(core: core, mine: mine, slot: slot, language: language, prefill: profile.contact()) {
                path.removeAll()
            }
        }
    }

    /// "Rebook": the search for the same service; the booking form then
    /// rebooks (the core books the new slot first, then cancels the old one).
    private func rebook(_ row: AppointmentRow) {
        path.append(.search(serviceId: row.serviceId, replacing: row))
    }
}

/// My appointments: upcoming and past with their badges, a banner while
/// actions wait for the city or were refused, per row cancel (confirmed
/// first), rebook and "add to calendar". Pull to refresh sends what is saved
/// on the phone. Renders `MyAppointmentsModel.state`.
@MainActor
struct AppointmentsView: View {
    @ObservedObject private var model: MyAppointmentsModel
    @ObservedObject private var watches: WatchesModel
    private let core: Core
    private let rebook: (AppointmentRow) -> Void
    @State private var cancelling: AppointmentRow?
    @State private var calendarOutcome: CalendarExport.Outcome?

    init(model: MyAppointmentsModel, watches: WatchesModel, core: Core, rebook: @escaping (AppointmentRow) -> Void) {
        _model = ObservedObject(wrappedValue: model)
        _watches = ObservedObject(wrappedValue: watches)
        self.core = core
        self.rebook = rebook
    }

    var body: some View {
        let state = model.state
        List {
            banners(state)
            Section {
                NavigationLink(value: AppointmentsRoute.search(serviceId: nil, replacing: nil)) {
                    Label("appointments.search", systemImage: "magnifyingglass")
                }
                NavigationLink(value: AppointmentsRoute.watches) {
                    Label("appointments.watches", systemImage: "bell")
                }
                .badge(watches.state.watches.count)
            }
            Section("appointments.upcoming") {
                if state.loading {
                    ProgressView()
                        .accessibilityLabel(Text("appointments.loading"))
                } else if state.upcoming.isEmpty {
                    Text("appointments.noUpcoming")
                        .foregroundStyle(.secondary)
                }
                ForEach(state.upcoming) { row in
                    rowView(row)
                }
            }
            if !state.past.isEmpty {
                Section("appointments.past") {
                    ForEach(state.past) { row in
                        AppointmentRowView(row: row)
                    }
                }
            }
        }
        .navigationTitle(Text("appointments.title"))
        .refreshable { await model.sync().value }
        .task(id: state.upcoming) {
            // Reminders follow the list (a cancel removes them); never prompts.
            if let reminders = try? await model.reminders() {
                await core.reminders.schedule(reminders)
            }
        }
        .confirmationDialog(
            "appointments.cancel.title",
            isPresented: cancelShown,
            titleVisibility: .visible,
            presenting: cancelling
        ) { row in
            Button("appointments.cancel.confirm", role: .destructive) { model.cancel(row.processId) }
            Button("appointments.cancel.keep", role: .cancel) {}
        } message: { row in
            Text("appointments.cancel.message \(row.service) \(row.start)")
        }
        .alert("appointments.calendar.title", isPresented: outcomeShown, presenting: calendarOutcome) { _ in
            Button("action.ok") {}
        } message: { outcome in
            Text(outcome.messageKey)
        }
    }

    @ViewBuilder
    private func banners(_ state: MyAppointmentsState) -> some View {
        if state.waitingActions > 0 || state.refusedActions > 0 || state.error != nil {
            Section {
                if state.waitingActions > 0 {
                    HStack(alignment: .firstTextBaseline, spacing: 12) {
                        Label("appointments.banner.waiting \(state.waitingActions)", systemImage: "iphone.radiowaves.left.and.right")
                            .font(.subheadline)
                            .frame(maxWidth: .infinity, alignment: .leading)
                        Button("appointments.banner.send") { model.sync() }
                            .font(.subheadline.weight(.semibold))
                            .buttonStyle(.borderless)
                    }
                    .accessibilityElement(children: .contain)
                    .listRowBackground(Color.blue.opacity(0.12))
                }
                if state.refusedActions > 0 {
                    Label("appointments.banner.refused \(state.refusedActions)", systemImage: "exclamationmark.octagon.fill")
                        .font(.subheadline)
                        .foregroundStyle(.red)
                        .listRowBackground(Color.red.opacity(0.12))
                }
                if let error = state.error {
                    InlineErrorView(kind: error) { model.sync() }
                        .listRowBackground(Color.yellow.opacity(0.18))
                }
            }
        }
    }

    private func rowView(_ row: AppointmentRow) -> some View {
        HStack(alignment: .top, spacing: 8) {
            AppointmentRowView(row: row)
                .frame(maxWidth: .infinity, alignment: .leading)
            if row.changeable {
                Menu {
                    actions(row)
                } label: {
                    Image(systemName: "ellipsis.circle")
                        .font(.title3)
                        .accessibilityLabel(Text("appointments.actions"))
                }
                .buttonStyle(.borderless)
            }
        }
        .swipeActions {
            if row.changeable {
                Button {
                    cancelling = row
                } label: {
                    Label("appointments.cancel", systemImage: "xmark.circle")
                }
                .tint(.red)
            }
        }
    }

    @ViewBuilder
    private func actions(_ row: AppointmentRow) -> some View {
        Button {
            Task {
                calendarOutcome = await CalendarExport.add(row, appointments: core.appointments)
            }
        } label: {
            Label("appointments.calendar.add", systemImage: "calendar.badge.plus")
        }
        let title = "\(row.service), \(row.start)"
        ShareLink(
            item: CalendarFile(processId: row.processId) { [model] in try await model.calendarFile(row.processId) },
            preview: SharePreview(title, image: Image(systemName: "calendar"))
        ) {
            Label("appointments.calendar.share", systemImage: "square.and.arrow.up")
        }
        Button {
            rebook(row)
        } label: {
            Label("appointments.rebook", systemImage: "arrow.triangle.2.circlepath")
        }
        Button(role: .destructive) {
            cancelling = row
        } label: {
            Label("appointments.cancel", systemImage: "xmark.circle")
        }
    }

    private var cancelShown: Binding<Bool> {
        Binding(get: { cancelling != nil }, set: { shown in if !shown { cancelling = nil } })
    }

    private var outcomeShown: Binding<Bool> {
        Binding(get: { calendarOutcome != nil }, set: { shown in if !shown { calendarOutcome = nil } })
    }
}
