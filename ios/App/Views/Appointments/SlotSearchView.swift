import LeipzigCore
import SwiftUI

/// The slot search: a service, offices (none chosen = all), a period (two
/// date pickers in Leipzig days), then what came of it — free slots that
/// open the booking form, "notify me" when nothing is free, an error with
/// retry, a hint when some offices could not be asked. Renders
/// `SlotSearchModel.state` and forwards intents.
@MainActor
struct SlotSearchView: View {
    @StateObject private var model: SlotSearchModel
    @ObservedObject private var watches: WatchesModel
    /// The appointment a rebooking replaces, handed on to the booking form.
    private let replacing: AppointmentRow?
    /// The service to pick once the services are there (rebook); used once.
    @State private var preselect: UInt32?
    @State private var watchAdded = false
    /// Hands the loaded services on, so the watch list can name them.
    private let knowServices: ([ServiceOption]) -> Void

    init(
        appointments: Appointments,
        language: LanguageSetting,
        watches: WatchesModel,
        preselect: UInt32?,
        replacing: AppointmentRow?,
        knowServices: @escaping ([ServiceOption]) -> Void
    ) {
        _model = StateObject(wrappedValue: SlotSearchModel(appointments: appointments, language: language))
        _watches = ObservedObject(wrappedValue: watches)
        _preselect = State(initialValue: preselect)
        self.replacing = replacing
        self.knowServices = knowServices
    }

    var body: some View {
        let state = model.state
        Form {
            if replacing != nil {
                Section {
                    Label("search.rebookHint", systemImage: "arrow.triangle.2.circlepath")
                        .font(.subheadline)
                }
            }
            serviceSection(state)
            if !state.offices.isEmpty {
                officesSection(state)
            }
            periodSection(state)
            Section {
                Button {
                    model.search()
                } label: {
                    HStack {
                        Label("search.search", systemImage: "magnifyingglass")
                        if state.phase == .searching {
                            Spacer()
                            ProgressView()
                                .accessibilityLabel(Text("search.searching"))
                        }
                    }
                }
                .disabled(state.serviceId == nil || state.phase == .searching)
            }
            outcome(state)
        }
        .navigationTitle(Text("search.title"))
        .onReceive(model.$state.map(\.phase).removeDuplicates()) { phase in
            if phase == .searching { watchAdded = false }
            guard phase == .chooseService, let id = preselect else { return }
            preselect = nil
            // A service the catalogue no longer has is left for the citizen to pick.
            if model.state.services.contains(where: { $0.id == id }) { model.selectService(id) }
        }
        .onReceive(model.$state.map(\.services).removeDuplicates()) { services in
            if !services.isEmpty { knowServices(services) }
        }
    }

    @ViewBuilder
    private func serviceSection(_ state: SlotSearchState) -> some View {
        Section("search.service") {
            if state.services.isEmpty && state.phase == .loading {
                ProgressView()
                    .accessibilityLabel(Text("search.loadingServices"))
            } else {
                Picker("search.service", selection: serviceBinding) {
                    Text("search.service.choose").tag(UInt32?.none)
                    ForEach(state.services) { service in
                        Text(service.name).tag(UInt32?.some(service.id))
                    }
                }
                .pickerStyle(.navigationLink)
            }
        }
    }

    private func officesSection(_ state: SlotSearchState) -> some View {
        Section {
            ForEach(state.offices) { office in
                Toggle(isOn: officeBinding(office.id)) {
                    VStack(alignment: .leading, spacing: 2) {
                        Text(office.name)
                        if !office.address.isEmpty {
                            Text(office.address)
                                .font(.caption)
                                .foregroundStyle(.secondary)
                        }
                    }
                }
            }
        } header: {
            Text("search.offices")
        } footer: {
            Text("search.offices.footer")
        }
    }

    private func periodSection(_ state: SlotSearchState) -> some View {
        Section {
            DatePicker("search.from", selection: fromBinding, displayedComponents: .date)
            DatePicker("search.to", selection: toBinding, in: state.from.startOfDay()..., displayedComponents: .date)
        } header: {
            Text("search.period")
        } footer: {
            Text(state.period)
        }
        // The pickers choose Leipzig days, like the model.
        .environment(\.timeZone, Formats.leipzig)
    }

    @ViewBuilder
    private func outcome(_ state: SlotSearchState) -> some View {
        switch state.phase {
        case .results:
            Section {
                ForEach(state.slots) { row in
                    if let office = model.office(row.slot.officeId) {
                        NavigationLink(value: AppointmentsRoute.booking(slot: row.slot, office: office, replacing: replacing)) {
                            SlotRowView(row: row)
                        }
                    } else {
                        SlotRowView(row: row)
                    }
                }
            } header: {
                Text("search.results \(state.slots.count)")
            } footer: {
                failedHint(state)
            }
        case .noResults:
            Section {
                Text("search.noResults")
                if watchAdded {
                    Label("search.watch.added", systemImage: "checkmark.circle")
                    NavigationLink(value: AppointmentsRoute.watches) {
                        Text("appointments.watches")
                    }
                } else {
                    Button {
                        notify(state)
                    } label: {
                        Label("search.watch.add", systemImage: "bell.badge")
                    }
                }
            } footer: {
                failedHint(state)
            }
        case .error:
            Section {
                InlineErrorView(kind: state.error ?? .other) { model.search() }
            }
        case .loading, .chooseService, .ready, .searching:
            EmptyView()
        }
    }

    @ViewBuilder
    private func failedHint(_ state: SlotSearchState) -> some View {
        if state.failedOffices > 0 {
            Text("search.failedOffices \(state.failedOffices)")
        }
    }

    /// "Notify me": a watch for the same service, offices and period.
    private func notify(_ state: SlotSearchState) {
        guard let serviceId = state.serviceId else { return }
        watches.add(serviceId: serviceId, officeIds: state.selectedOffices.sorted(), from: state.from, to: state.to)
        watchAdded = true
    }

    private var serviceBinding: Binding<UInt32?> {
        Binding(
            get: { model.state.serviceId },
            set: { id in if let id { model.selectService(id) } }
        )
    }

    private func officeBinding(_ id: UInt32) -> Binding<Bool> {
        Binding(
            get: { model.state.selectedOffices.contains(id) },
            set: { _ in model.toggleOffice(id) }
        )
    }

    private var fromBinding: Binding<Date> {
        Binding(
            get: { model.state.from.startOfDay() },
            set: { date in model.setPeriod(from: LocalDate(date), to: model.state.to) }
        )
    }

    private var toBinding: Binding<Date> {
        Binding(
            get: { model.state.to.startOfDay() },
            set: { date in model.setPeriod(from: model.state.from, to: LocalDate(date)) }
        )
    }
}
