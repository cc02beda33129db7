import LeipzigCore
import SwiftUI

/// Settings: the app's language and "delete all data on this phone" with a
/// confirmation. Renders `SettingsModel.state`; the wipe steps drive the
/// dialog, the button and the footer.
@MainActor
struct SettingsView: View {
    @StateObject private var model: SettingsModel
    /// Mirrors `state.wipe == .confirming` for the dialog (see `dialogBinding`).
    @State private var dialogShown = false
    /// Mirrors `state.wipe == .pendingActions` for the alert (see `pendingBinding`).
    @State private var pendingShown = false

    /// Platform clean-up once the wipe is done (scheduled reminders).
    private let wiped: () async -> Void

    init(app: CoreApp, language: LanguageSetting, wiped: @escaping () async -> Void) {
        _model = StateObject(wrappedValue: SettingsModel(app: app, language: language))
        self.wiped = wiped
    }

    var body: some View {
        Form {
            Section("settings.language") {
                Picker("settings.language", selection: languageBinding) {
                    ForEach(model.state.languages) { language in
                        Text(language.nameKey).tag(language)
                    }
                }
                .pickerStyle(.inline)
                .labelsHidden()
            }
            Section {
                Button(role: .destructive) {
                    model.requestWipe()
                } label: {
                    HStack {
                        Label("settings.wipe", systemImage: "trash")
                        if model.state.wipe == .wiping {
                            Spacer()
                            ProgressView()
                                .accessibilityLabel(Text("settings.wipe.running"))
                        }
                    }
                }
                .disabled(model.state.wipe == .wiping)
            } header: {
                Text("settings.data")
            } footer: {
                wipeFooter
            }
        }
        .navigationTitle(Text("settings.title"))
        .onReceive(model.$state.map(\.wipe).removeDuplicates()) { step in
            dialogShown = step == .confirming
            pendingShown = step == .pendingActions
            if step == .done { Task { await wiped() } }
        }
        .confirmationDialog("settings.wipe.confirmTitle", isPresented: dialogBinding, titleVisibility: .visible) {
            Button("settings.wipe.confirm", role: .destructive) { model.confirmWipe() }
            Button("action.cancel", role: .cancel) { model.cancelWipe() }
        } message: {
            Text("settings.wipe.confirmMessage")
        }
        .alert("settings.wipe.pendingTitle", isPresented: pendingBinding) {
            Button("settings.wipe.discard", role: .destructive) { model.discardAndWipe() }
            Button("action.cancel", role: .cancel) { model.cancelWipe() }
        } message: {
            Text("settings.wipe.pendingMessage \(model.state.pendingActions)")
        }
    }

    @ViewBuilder
    private var wipeFooter: some View {
        switch model.state.wipe {
        case .idle, .confirming:
            Text("settings.wipe.explanation")
        case .wiping:
            Text("settings.wipe.running")
        case .pendingActions:
            Text("settings.wipe.pendingMessage \(model.state.pendingActions)")
        case .done:
            Text("settings.wipe.done")
        case .failed:
            Text("settings.wipe.failed") + Text(verbatim: " ") + Text((model.state.error ?? .other).messageKey)
        }
    }

    /// The same dismissal rule as `dialogBinding`, for the pending-actions alert.
    private var pendingBinding: Binding<Bool> {
        Binding(
            get: { pendingShown },
            set: { shown in
                pendingShown = shown
                guard !shown else { return }
                Task { @MainActor in
                    if model.state.wipe == .pendingActions { model.cancelWipe() }
                }
            }
        )
    }

    private var languageBinding: Binding<AppLanguage> {
        Binding(get: { model.state.language }, set: { model.selectLanguage($0) })
    }

    /// SwiftUI clears `isPresented` before it runs the tapped button's action,
    /// so the dismissal alone must not cancel: only when no button acted (tap
    /// outside, swipe down) is the model still confirming a moment later.
    private var dialogBinding: Binding<Bool> {
        Binding(
            get: { dialogShown },
            set: { shown in
                dialogShown = shown
                guard !shown else { return }
                Task { @MainActor in
                    if model.state.wipe == .confirming { model.cancelWipe() }
                }
            }
        )
    }
}

private extension AppLanguage {
    /// Each language in its own name ("Deutsch", "English"), in both files.
    var nameKey: LocalizedStringKey {
        switch self {
        case .german: return "language.de"
        case .english: return "language.en"
        }
    }
}
