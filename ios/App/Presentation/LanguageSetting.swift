import Combine
import Foundation

/// The app's language: the stored choice (UserDefaults), else the device's
/// language. Every screen formats through `formats`, so switching re-renders
/// them all. Mirrors LanguageSetting.kt.
@MainActor
final class LanguageSetting: ObservableObject {
    /// The language in use.
    @Published private(set) var language: AppLanguage
    /// Formatting for the language in use.
    @Published private(set) var formats: Formats

    private let defaults: UserDefaults
    private static let key = "language"

    /// - Parameter deviceLanguageTag: the first preferred language; iOS already
    ///   applies the per-app language from the Settings app to this list.
    init(defaults: UserDefaults = .standard, deviceLanguageTag: String? = Locale.preferredLanguages.first) {
        self.defaults = defaults
        let language = AppLanguage.fromTag(defaults.string(forKey: Self.key) ?? deviceLanguageTag)
        self.language = language
        formats = Formats(language)
    }

    /// Switches and remembers the language.
    func select(_ language: AppLanguage) {
        defaults.set(language.tag, forKey: Self.key)
        formats = Formats(language)
        self.language = language
    }
}
