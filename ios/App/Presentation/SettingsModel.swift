import Combine
import Foundation
import LeipzigCore

/// Where the "delete all data on this phone" flow stands. Mirrors `WipeStep`.
enum WipeStep: Equatable {
    /// Nothing asked.
    case idle
    /// The citizen asked; the screen shows the confirmation.
    case confirming
    /// Deleting.
    case wiping
    /// Actions saved on the phone have not reached the city yet
    /// (`SettingsState.pendingActions`): send them first, or discard them with
    /// `SettingsModel.discardAndWipe()`.
    case pendingActions
    /// Done: everything stored on the phone is gone.
    case done
    /// It failed; see `SettingsState.error`.
    case failed
}

/// What the settings screen shows.
struct SettingsState: Equatable {
    var language: AppLanguage
    var languages = AppLanguage.allCases
    var wipe = WipeStep.idle
    var pendingActions = 0
    var error: ErrorKind?
}

/// The settings screen: language and the data wipe. Mirrors
/// SettingsStateHolder.kt.
@MainActor
final class SettingsModel: ObservableObject {
    /// The screen's state.
    @Published private(set) var state: SettingsState

    private let app: CoreApp
    private let languageSetting: LanguageSetting
    private var languageChanges: AnyCancellable?

    init(app: CoreApp, language: LanguageSetting) {
        self.app = app
        languageSetting = language
        state = SettingsState(language: language.language)
        languageChanges = language.$language.dropFirst().sink { [weak self] language in
            self?.state.language = language
        }
    }

    /// Switches the app's language; every screen re-formats.
    func selectLanguage(_ language: AppLanguage) {
        languageSetting.select(language)
    }

    /// The citizen tapped "delete all data": ask first.
    func requestWipe() {
        state.wipe = .confirming
    }

    /// The citizen changed their mind.
    func cancelWipe() {
        state.wipe = .idle
    }

    /// Confirmed: delete everything the app stored on this phone. Actions not
    /// yet received by the city are never dropped silently: the step becomes
    /// `.pendingActions` instead.
    func confirmWipe() {
        if state.wipe == .confirming { wipe(force: false) }
    }

    /// After `.pendingActions`: the citizen chose to discard them.
    func discardAndWipe() {
        if state.wipe == .pendingActions { wipe(force: true) }
    }

    private func wipe(force: Bool) {
        state.wipe = .wiping
        Task { [app] in
            do {
                // Deletes files and Keychain items: blocking work, off the main actor.
                try await Task.detached { try app.wipeLocalData(force: force) }.value
                self.state.error = nil
                self.state.wipe = .done
            } catch ApiError.PendingActions(let count) {
                self.state.pendingActions = Int(count)
                self.state.wipe = .pendingActions
            } catch {
                self.state.error = ErrorKind(error)
                self.state.wipe = .failed
            }
        }
    }
}
