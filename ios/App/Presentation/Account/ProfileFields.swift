// The profile's fields: their order, their text in the edit form, and the
// booking contact. Mirrors ProfileFields.kt one to one.
import Foundation
import LeipzigCore

/// A field of the citizen's profile, in the order the screens list them; the
/// raw value (`core`) is the core's name, as a `Validation` error names it.
enum ProfileField: String, CaseIterable, Hashable, Identifiable, Sendable {
    case givenName = "given_name"
    case familyName = "family_name"
    case birthdate = "birthdate"
    case streetAddress = "street_address"
    case postalCode = "postal_code"
    case locality = "locality"
    case email = "email"
    case phone = "phone"
    /// The Leipzig-Pass number (`LP-2026-048213`), for reduced fees; optional.
    case leipzigPass = "leipzig_pass"

    /// The core's name of the field.
    var core: String { rawValue }

    var id: String { rawValue }

    /// The field a core `Validation` error names; nil for one this version does not know.
    static func ofCore(_ name: String) -> ProfileField? {
        ProfileField(rawValue: name)
    }
}

/// One filled-in field as the profile view shows it (a date of birth written
/// in the app's language).
struct ProfileRow: Equatable, Identifiable, Sendable {
    let field: ProfileField
    let value: String

    var id: ProfileField { field }
}

extension Profile {
    /// The value of `field`, as stored.
    func value(of field: ProfileField) -> String? {
        switch field {
        case .givenName: return givenName
        case .familyName: return familyName
        case .birthdate: return birthdate
        case .streetAddress: return streetAddress
        case .postalCode: return postalCode
        case .locality: return locality
        case .email: return email
        case .phone: return phone
        case .leipzigPass: return leipzigPass
        }
    }

    /// The filled-in fields for the profile view.
    func rows(_ formats: Formats) -> [ProfileRow] {
        ProfileField.allCases.compactMap { field in
            guard let stored = profileNonEmpty(value(of: field)) else { return nil }
            let shown = field == .birthdate ? LocalDate(iso: stored).map(formats.day) ?? stored : stored
            return ProfileRow(field: field, value: shown)
        }
    }

    /// The booking form's contact from the profile: family name, e-mail,
    /// telephone. Nil when the profile has none of them.
    func toContact() -> Contact? {
        let family = profileTrim(familyName ?? "")
        let mail = profileNonEmpty(email)
        let telephone = profileNonEmpty(phone)
        if family.isEmpty, mail == nil, telephone == nil { return nil }
        return Contact(familyName: family, email: mail, telephone: telephone)
    }
}

/// The edit form's text for every field of `profile` (all empty without
/// one); the date of birth as the citizen types it (`birthdateText`).
func profileForm(_ profile: Profile?, language: AppLanguage) -> [ProfileField: String] {
    var form: [ProfileField: String] = [:]
    for field in ProfileField.allCases {
        let value = profile?.value(of: field) ?? ""
        if field == .birthdate, let day = LocalDate(iso: value) {
            form[field] = birthdateText(day, language: language)
        } else {
            form[field] = value
        }
    }
    return form
}

/// The profile the form describes: trimmed, empty means absent, the date of
/// birth as `YYYY-MM-DD` when it is a date (anything else goes to the core as
/// typed, which refuses it with the field named).
func profileOf(_ form: [ProfileField: String]) -> Profile {
    func v(_ field: ProfileField) -> String? { profileNonEmpty(form[field]) }
    let birthdate = v(.birthdate).map { typed in parseBirthdate(typed)?.description ?? typed }
    return Profile(
        givenName: v(.givenName),
        familyName: v(.familyName),
        birthdate: birthdate,
        streetAddress: v(.streetAddress),
        postalCode: v(.postalCode),
        locality: v(.locality),
        email: v(.email),
        phone: v(.phone),
        leipzigPass: v(.leipzigPass)
    )
}

/// How the form writes a date of birth: `12.04.1985` in German, `1985-04-12` in English.
func birthdateText(_ date: LocalDate, language: AppLanguage) -> String {
    switch language {
    case .german: return String(format: "%02ld.%02ld.%04ld", date.day, date.month, date.year)
    case .english: return date.description
    }
}

/// A typed date of birth: `12.04.1985`, `12.4.1985` or `1985-04-12`; nil when
/// it is none of them or no such day exists.
func parseBirthdate(_ text: String) -> LocalDate? {
    let typed = profileTrim(text)
    if let day = LocalDate(iso: typed) { return day }
    // d.M.yyyy, strictly: one or two digits for day and month, four for the year.
    let parts = typed.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3,
          (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
          parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
          let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2])
    else { return nil }
    // Through the ISO parser, which refuses days that do not exist (31.02.).
    return LocalDate(iso: LocalDate(year: year, month: month, day: day).description)
}

/// `text` without surrounding white space (Kotlin's `trim()`).
private func profileTrim(_ text: String) -> String {
    text.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Trimmed, or nil when that leaves nothing.
private func profileNonEmpty(_ text: String?) -> String? {
    guard let text else { return nil }
    let trimmed = profileTrim(text)
    return trimmed.isEmpty ? nil : trimmed
}

private extension Character {
    /// 0–9 only (`isNumber` would also take other scripts' digits).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
