import LeipzigCore
import SwiftUI

/// My watches ("tell me when a slot frees up"): each with its period, where
/// it stands (saved on this phone, watched by the city, removal saved,
/// refused) and the free slots the city found, which open the booking form.
/// Pull to refresh asks the city. Renders `WatchesModel.state`.
@MainActor
struct WatchesView: View {
    @ObservedObject private var model: WatchesModel
    /// Service names a search loaded; a watch whose service is unknown shows its period only.
    private let serviceNames: [UInt32: String]

    init(model: WatchesModel, serviceNames: [UInt32: String]) {
        _model = ObservedObject(wrappedValue: model)
        self.serviceNames = serviceNames
    }

    var body: some View {
        let state = model.state
        List {
            if let error = state.error {
                Section {
                    InlineErrorView(kind: error) { model.refresh() }
                        .listRowBackground(Color.yellow.opacity(0.18))
                }
            }
            if state.watches.isEmpty {
                Section {
                    VStack(alignment: .leading, spacing: 6) {
                        Text("watches.empty.title")
                            .font(.headline)
                        Text("watches.empty.message")
                            .foregroundStyle(.secondary)
                    }
                    .accessibilityElement(children: .combine)
                }
            }
            ForEach(state.watches) { watch in
                Section {
                    WatchStateView(state: watch.state)
                    if watch.matches.isEmpty {
                        Text("watches.noMatches")
                            .foregroundStyle(.secondary)
                    }
                    ForEach(watch.matches) { row in
                        NavigationLink(value: AppointmentsRoute.watchMatch(slot: row.slot)) {
                            SlotRowView(row: row)
                        }
                    }
                    Button(role: .destructive) {
                        model.remove(watch.id)
                    } label: {
                        Label("watches.remove", systemImage: "trash")
                    }
                    .disabled(watch.state == .removing)
                } header: {
                    VStack(alignment: .leading, spacing: 2) {
                        if let name = serviceNames[watch.serviceId] {
                            Text(name)
                        }
                        Text("watches.period \(watch.period)")
                    }
                }
            }
        }
        .navigationTitle(Text("watches.title"))
        .refreshable { await model.refresh().value }
        .toolbar {
            if state.refreshing {
                ProgressView()
                    .accessibilityLabel(Text("watches.refreshing"))
            }
        }
    }
}

/// Where a watch stands, with its own icon and text: what is only saved on
/// this phone looks different from what the city has.
private struct WatchStateView: View {
    let state: WatchState

    var body: some View {
        Label(titleKey, systemImage: symbol)
            .font(.subheadline)
            .foregroundStyle(color)
    }

    private var titleKey: LocalizedStringKey {
        switch state {
        case .saved: return "watches.state.saved"
        case .active: return "watches.state.active"
        case .removing: return "watches.state.removing"
        case .failed: return "watches.state.failed"
        }
    }

    private var symbol: String {
        switch state {
        case .saved, .removing: return "iphone.radiowaves.left.and.right"
        case .active: return "building.columns"
        case .failed: return "exclamationmark.octagon.fill"
        }
    }

    private var color: Color {
        switch state {
        case .saved, .removing: return .blue
        case .active: return .green
        case .failed: return .red
        }
    }
}

/// A slot a watch found, opening the booking form. The form needs the
/// office, and a watch's slot carries only its id, so the offices offering
/// the service are read first. `prefill` is the logged-in citizen's contact.
@MainActor
struct WatchMatchView: View {
    private enum Load {
        case loading
        case loaded(Office)
        case failed(ErrorKind)
    }

    private let core: Core
    private let mine: MyAppointmentsModel
    private let slot: Slot
    private let language: LanguageSetting
    private let prefill: Contact?
    private let finish: () -> Void
    @State private var load = Load.loading

    init(
        core: Core,
        mine: MyAppointmentsModel,
        slot: Slot,
        language: LanguageSetting,
        prefill: Contact? = nil,
        finish: @escaping () -> Void
    ) {
        self.core = core
        self.mine = mine
        self.slot = slot
        self.language = language
        self.prefill = prefill
        self.finish = finish
    }

    var body: some View {
        switch load {
        case .loading:
            ProgressView()
                .frame(maxWidth: .infinity, maxHeight: .infinity)
                .navigationTitle(Text("booking.title"))
                .task { await lookUp() }
        case .loaded(let office):
            BookingView(
                core: core,
                mine: mine,
                slot: slot,
                office: office,
                language: language,
                replacing: nil,
                prefill: prefill,
                finish: finish
            )
        case .failed(let kind):
            StatusView(symbol: kind.symbol, title: "watches.match.failed", message: kind.messageKey) {
                load = .loading
            }
            .navigationTitle(Text("booking.title"))
        }
    }

    private func lookUp() async {
        do {
            let offices = try await core.appointments.offices(serviceId: slot.serviceId)
            if let office = offices.first(where: { $0.id == slot.officeId }) {
                load = .loaded(office)
            } else {
                load = .failed(.notFound)
            }
        } catch {
            load = .failed(ErrorKind(error))
        }
    }
}
