// The facility finder screen: search field, filter chips (near me, open now,
// step-free, category), the rows, and the loading, no-match, offline and
// error states. Renders `FacilitySearchModel.state` and forwards intents;
// `NearMe` connects the model to Core Location (Android: FacilityFinderViewModel).
import LeipzigCore
import SwiftUI
import UIKit

/// "Near me": gets a position from `CurrentLocation` and tells the finder's
/// model what came of it; what "near me" then does is the model's. Owned by
/// `FacilitiesTab`, so a fix survives leaving the tab. Keeps why the last
/// attempt failed, for the hint while the model says `.unavailable`.
@MainActor
final class NearMe: ObservableObject {
    /// Why there is no position: `.denied`, `.servicesOff` or `.noFix`; nil after a fix.
    @Published private(set) var problem: LocationOutcome?

    private let location: CurrentLocation
    private var locating: Task<Void, Never>?

    init() {
        location = CurrentLocation()
    }

    /// The chip was tapped: on when off or unavailable, else back to relevance.
    func toggle(_ model: FacilitySearchModel) {
        switch model.state.location {
        case .off, .unavailable:
            model.requestLocation()
            locate(model, quiet: false)
        case .waiting, .on:
            locating?.cancel()
            locating = nil
            problem = nil
            model.stopUsingLocation()
        }
    }

    /// The app is in the foreground again: open and closed for the current
    /// time, and, while "near me" is on, a fresh position (the old one stays
    /// if none comes).
    func resumed(_ model: FacilitySearchModel) {
        model.recheck()
        if model.state.location == .on { locate(model, quiet: true) }
    }

    private func locate(_ model: FacilitySearchModel, quiet: Bool) {
        locating?.cancel()
        locating = Task { [weak self, weak model] in
            guard let self else { return }
            let outcome = await self.location.current()
            // Stopped or replaced meanwhile: the newer intent decides.
            if Task.isCancelled { return }
            switch outcome {
            case .found(let lat, let lon):
                self.problem = nil
                model?.locationFound(lat: lat, lon: lon)
            case .denied, .servicesOff, .noFix:
                guard !quiet else { return }
                self.problem = outcome
                model?.locationUnavailable()
            }
        }
    }
}

/// The finder: `.searchable` text, chips, and below them the results (a
/// banner when the last download failed but stored facilities are listed),
/// "nothing matches", or, with nothing stored, loading or an error with
/// retry. Pull to refresh downloads the layer again.
@MainActor
struct FacilitiesView: View {
    @ObservedObject private var model: FacilitySearchModel
    @ObservedObject private var nearMe: NearMe
    @Environment(\.scenePhase) private var scenePhase
    @Environment(\.openURL) private var openURL

    init(model: FacilitySearchModel, nearMe: NearMe) {
        _model = ObservedObject(wrappedValue: model)
        _nearMe = ObservedObject(wrappedValue: nearMe)
    }

    var body: some View {
        content
            .navigationTitle(Text("facilities.title"))
            .searchable(
                text: textBinding,
                placement: .navigationBarDrawer(displayMode: .always),
                prompt: Text("facilities.search.prompt")
            )
            .toolbar {
                // The first download has its own screen; later ones and slow searches show here.
                if model.state.phase != .loading && (model.state.refreshing || model.state.searching) {
                    ProgressView()
                        .accessibilityLabel(Text(busyKey))
                }
            }
            .onChange(of: scenePhase) { phase in
                if phase == .active { nearMe.resumed(model) }
            }
    }

    @ViewBuilder
    private var content: some View {
        let state = model.state
        switch state.phase {
        case .loading:
            ProgressView("facilities.loading")
                .frame(maxWidth: .infinity, maxHeight: .infinity)
        case .error:
            let kind = state.error ?? .other
            StatusView(symbol: kind.symbol, title: "facilities.error.title", message: kind.messageKey) {
                model.refresh()
            }
        case .results, .noMatch:
            list(state)
        }
    }

    private func list(_ state: FinderState) -> some View {
        List {
            Section {
                FacilityFilterBar(
                    state: state,
                    toggleNearMe: { nearMe.toggle(model) },
                    setOpenNow: { model.setOpenNow($0) },
                    setWheelchair: { model.setWheelchair($0) },
                    setCategory: { model.setCategory($0) }
                )
                .listRowInsets(EdgeInsets())
                if state.location == .unavailable, let problem = nearMe.problem {
                    locationHint(problem)
                }
            }
            if let error = state.error {
                Section {
                    FacilitiesBanner(kind: error) { model.refresh() }
                }
            }
            if state.phase == .noMatch {
                Section {
                    noMatch(state.filters)
                }
            } else {
                Section {
                    ForEach(state.rows) { row in
                        NavigationLink(value: FacilityRoute(id: row.id)) {
                            FacilityRowView(row: row)
                                // Rows of earlier filters while the new answer is on its way.
                                .opacity(state.searching ? 0.5 : 1)
                        }
                    }
                } header: {
                    if state.location == .on {
                        Text("facilities.nearMe.sorted")
                    }
                }
            }
        }
        .listStyle(.insetGrouped)
        .refreshable { await model.refresh().value }
    }

    /// Why "near me" has no position; the results stay by relevance.
    @ViewBuilder
    private func locationHint(_ problem: LocationOutcome) -> some View {
        VStack(alignment: .leading, spacing: 8) {
            Label(problem.hintKey, systemImage: "location.slash")
                .font(.subheadline)
            if problem == .denied, let settings = URL(string: UIApplication.openSettingsURLString) {
                Button("facilities.location.openSettings") { openURL(settings) }
                    .font(.subheadline.weight(.semibold))
                    .buttonStyle(.borderless)
            }
        }
        .padding(.vertical, 4)
        .accessibilityElement(children: .contain)
    }

    private func noMatch(_ filters: FinderFilters) -> some View {
        VStack(spacing: 8) {
            Image(systemName: "magnifyingglass")
                .font(.title)
                .foregroundStyle(.secondary)
                .accessibilityHidden(true)
            Text("facilities.noMatch.title")
                .font(.headline)
            Text("facilities.noMatch.message")
                .font(.subheadline)
                .foregroundStyle(.secondary)
                .multilineTextAlignment(.center)
            if filters != FinderFilters() {
                Button("facilities.resetFilters") {
                    model.setText("")
                    model.setCategory(nil)
                    model.setOpenNow(false)
                    model.setWheelchair(false)
                }
                .buttonStyle(.bordered)
            }
        }
        .frame(maxWidth: .infinity)
        .padding(.vertical, 16)
    }

    private var busyKey: LocalizedStringKey {
        model.state.refreshing ? "facilities.refreshing" : "facilities.searching"
    }

    private var textBinding: Binding<String> {
        Binding(
            get: { model.state.filters.text },
            set: { text in model.setText(text) }
        )
    }
}

/// The chips in one scrollable row: near me, open now, step-free, then
/// "all" and one per category. Plain-style buttons, so a tap in the list row
/// hits only the chip under the finger.
private struct FacilityFilterBar: View {
    let state: FinderState
    let toggleNearMe: () -> Void
    let setOpenNow: (Bool) -> Void
    let setWheelchair: (Bool) -> Void
    let setCategory: (FacilityCategory?) -> Void

    var body: some View {
        ScrollView(.horizontal, showsIndicators: false) {
            HStack(spacing: 8) {
                FilterChip(
                    titleKey: state.location == .waiting ? "facilities.nearMe.waiting" : "facilities.nearMe",
                    symbol: "location",
                    isOn: state.location == .on || state.location == .waiting,
                    busy: state.location == .waiting,
                    action: toggleNearMe
                )
                FilterChip(titleKey: "facilities.openNow", symbol: "clock", isOn: state.filters.openNow) {
                    setOpenNow(!state.filters.openNow)
                }
                FilterChip(titleKey: "facilities.stepFree", symbol: "figure.roll", isOn: state.filters.wheelchair) {
                    setWheelchair(!state.filters.wheelchair)
                }
                Divider()
                    .frame(height: 24)
                FilterChip(titleKey: "facilities.category.all", symbol: "square.grid.2x2", isOn: state.filters.category == nil) {
                    setCategory(nil)
                }
                ForEach(FacilityCategory.allCases) { category in
                    // Choosing the chosen one again goes back to all.
                    FilterChip(titleKey: category.titleKey, symbol: category.symbol, isOn: state.filters.category == category) {
                        setCategory(state.filters.category == category ? nil : category)
                    }
                }
            }
            .padding(.horizontal)
            .padding(.vertical, 8)
        }
        .accessibilityElement(children: .contain)
        .accessibilityLabel(Text("facilities.filters"))
    }
}

/// One filter chip. On differs from off in more than color: a checkmark
/// replaces the symbol and the capsule gets a border; VoiceOver hears
/// "selected". `busy` shows a spinner instead of the symbol.
private struct FilterChip: View {
    let titleKey: LocalizedStringKey
    let symbol: String
    let isOn: Bool
    var busy = false
    let action: () -> Void

    var body: some View {
        Button(action: action) {
            HStack(spacing: 6) {
                if busy {
                    ProgressView()
                } else {
                    Image(systemName: isOn ? "checkmark" : symbol)
                        .accessibilityHidden(true)
                }
                Text(titleKey)
            }
            .font(.subheadline.weight(isOn ? .semibold : .regular))
            .padding(.horizontal, 12)
            .padding(.vertical, 6)
            .background(isOn ? Color.accentColor.opacity(0.18) : Color(uiColor: .secondarySystemFill), in: Capsule())
            .overlay {
                Capsule().strokeBorder(isOn ? Color.accentColor : Color.clear, lineWidth: 1)
            }
            .foregroundStyle(isOn ? Color.accentColor : Color.primary)
        }
        .buttonStyle(.plain)
        .accessibilityAddTraits(isOn ? .isSelected : [])
    }
}

/// "These are the stored facilities": offline or the download failed, with retry.
private struct FacilitiesBanner: View {
    let kind: ErrorKind
    let retry: () -> Void

    var body: some View {
        HStack(alignment: .firstTextBaseline, spacing: 12) {
            Label(messageKey, systemImage: kind.symbol)
                .font(.subheadline)
                .frame(maxWidth: .infinity, alignment: .leading)
            Button("action.retry", action: retry)
                .font(.subheadline.weight(.semibold))
                .buttonStyle(.borderless)
        }
        .padding(.vertical, 4)
        .listRowBackground(Color.yellow.opacity(0.18))
        .accessibilityElement(children: .contain)
    }

    private var messageKey: LocalizedStringKey {
        kind == .offline ? "facilities.banner.offline" : "facilities.banner.failed"
    }
}

private extension LocationOutcome {
    /// The hint under the chips; every one says the results are not by distance.
    var hintKey: LocalizedStringKey {
        switch self {
        case .denied: return "facilities.location.denied"
        case .servicesOff: return "facilities.location.servicesOff"
        case .noFix, .found: return "facilities.location.noFix"
        }
    }
}
