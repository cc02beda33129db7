// The order form as typed, its fields, the part of the order a core
// `Validation` names, and its conversion to and from the core's order.
// Mirrors `OrderField` (LibraryTexts.kt) and `OrderForm` (LibraryRows.kt).
import Foundation
import LeipzigCore

/// A text field of the order form, in the order the form lists them
/// (Kotlin's `OrderForm` properties; the shell's `update { copy(…) }`).
enum FormField: String, CaseIterable, Hashable, Identifiable, Sendable {
    case givenName
    case familyName
    case birthdate
    case street
    case postcode
    case city
    case email
    case phone
    /// `LP-2026-048213`; only for reduced cards.
    case leipzigPass
    case guardianGivenName
    case guardianFamilyName
    case guardianEmail
    case partnerGivenName
    case partnerFamilyName
    case partnerBirthdate

    var id: String { rawValue }

    /// The applicant's own fields.
    static let applicant: [FormField] = [.givenName, .familyName, .birthdate, .street, .postcode, .city, .email, .phone]
    /// A parent or guardian (applicants under 18).
    static let guardian: [FormField] = [.guardianGivenName, .guardianFamilyName, .guardianEmail]
    /// The second adult of a Duo card.
    static let partner: [FormField] = [.partnerGivenName, .partnerFamilyName, .partnerBirthdate]

    /// A date of birth, typed as `12.04.1985` or `1985-04-12`.
    var isDate: Bool { self == .birthdate || self == .partnerBirthdate }

    /// Where `OrderForm` keeps it.
    var keyPath: WritableKeyPath<OrderForm, String> {
        switch self {
        case .givenName: return \.givenName
        case .familyName: return \.familyName
        case .birthdate: return \.birthdate
        case .street: return \.street
        case .postcode: return \.postcode
        case .city: return \.city
        case .email: return \.email
        case .phone: return \.phone
        case .leipzigPass: return \.leipzigPass
        case .guardianGivenName: return \.guardianGivenName
        case .guardianFamilyName: return \.guardianFamilyName
        case .guardianEmail: return \.guardianEmail
        case .partnerGivenName: return \.partnerGivenName
        case .partnerFamilyName: return \.partnerFamilyName
        case .partnerBirthdate: return \.partnerBirthdate
        }
    }
}

/// A part of the card order the city's rules can reject; `core` is the
/// core's name of it. Mirrors `OrderField` (LibraryTexts.kt).
enum OrderField: String, CaseIterable, Hashable, Sendable {
    case cardType = "card_type"
    case branch = "branch"
    case givenName = "given_name"
    case familyName = "family_name"
    case birthdate = "birthdate"
    case street = "street"
    case postcode = "postcode"
    case email = "email"
    case leipzigPass = "leipzig_pass"
    case guardian = "guardian"
    case secondAdult = "second_adult"
    /// The order as a whole (a card is already ordered).
    case registration = "registration"

    var core: String { rawValue }

    /// The field a core `Validation` error names; `.registration` for one this version does not know.
    static func ofCore(_ name: String) -> OrderField {
        switch name {
        case "branch_id": return .branch
        case "leipzigPass": return .leipzigPass
        case "secondAdult": return .secondAdult
        case "cardType": return .cardType
        default: return OrderField(rawValue: name) ?? .registration
        }
    }

    /// The text field that gets the focus when this part is refused.
    var formField: FormField? {
        switch self {
        case .givenName: return .givenName
        case .familyName: return .familyName
        case .birthdate: return .birthdate
        case .street: return .street
        case .postcode: return .postcode
        case .email: return .email
        case .leipzigPass: return .leipzigPass
        case .guardian: return .guardianGivenName
        case .secondAdult: return .partnerGivenName
        case .cardType, .branch, .registration: return nil
        }
    }
}

/// The order form as typed: the applicant prefilled from the profile, the
/// date of birth as the citizen writes it (`12.04.1985` / `1985-04-12`),
/// guardian and Duo partner when needed. Mirrors `OrderForm` (LibraryRows.kt).
struct OrderForm: Equatable, Sendable {
    var cardType = ""
    var branchId = ""
    var givenName = ""
    var familyName = ""
    var birthdate = ""
    var street = ""
    var postcode = ""
    var city = ""
    var email = ""
    var phone = ""
    var leipzigPass = ""
    var guardianGivenName = ""
    var guardianFamilyName = ""
    var guardianEmail = ""
    var partnerGivenName = ""
    var partnerFamilyName = ""
    var partnerBirthdate = ""

    /// The text of `field`.
    subscript(field: FormField) -> String {
        get { self[keyPath: field.keyPath] }
        set { self[keyPath: field.keyPath] = newValue }
    }

    /// The applicant's age on `today`; nil while the date of birth is not a date.
    func age(_ today: LocalDate) -> Int? {
        parseBirthdate(birthdate).map { ageOn($0, today: today) }
    }

    /// The order the core checks: trimmed, dates as `YYYY-MM-DD` when they
    /// are dates (anything else goes as typed; the core names the field), the
    /// guardian for a minor (or when typed), the partner only for a Duo card,
    /// the Leipzig-Pass (upper case) only for a reduced card. Mirrors `OrderForm.toOrder`.
    func toOrder(_ type: CardTypeRow?, minor: Bool) -> CardOrder {
        func t(_ v: String) -> String { v.trimmingCharacters(in: .whitespacesAndNewlines) }
        func date(_ v: String) -> String { parseBirthdate(t(v))?.description ?? t(v) }
        func optional(_ v: String) -> String? { v.isEmpty ? nil : v }
        let guardianTyped = [guardianGivenName, guardianFamilyName, guardianEmail].contains { !t($0).isEmpty }
        let duo = (type?.persons ?? 1) > 1
        return CardOrder(
            cardType: cardType,
            branchId: branchId,
            givenName: t(givenName),
            familyName: t(familyName),
            birthdate: date(birthdate),
            street: t(street),
            postcode: t(postcode),
            city: t(city),
            email: t(email),
            phone: optional(t(phone)),
            leipzigPass: type?.requiresLeipzigPass == true ? optional(t(leipzigPass).uppercased()) : nil,
            guardian: minor || guardianTyped
                ? OrderPerson(
                    givenName: t(guardianGivenName),
                    familyName: t(guardianFamilyName),
                    birthdate: nil,
                    email: optional(t(guardianEmail))
                )
                : nil,
            secondAdult: duo
                ? OrderPerson(
                    givenName: t(partnerGivenName),
                    familyName: t(partnerFamilyName),
                    birthdate: optional(date(partnerBirthdate)),
                    email: nil
                )
                : nil
        )
    }

    /// The form of the core's `draft` (prefilled from the profile). Mirrors `OrderForm.of`.
    static func of(_ draft: CardOrder, language: AppLanguage) -> OrderForm {
        OrderForm(
            cardType: draft.cardType,
            branchId: draft.branchId,
            givenName: draft.givenName,
            familyName: draft.familyName,
            birthdate: parseBirthdate(draft.birthdate).map { birthdateText($0, language: language) } ?? draft.birthdate,
            street: draft.street,
            postcode: draft.postcode,
            city: draft.city,
            email: draft.email,
            phone: draft.phone ?? "",
            leipzigPass: draft.leipzigPass ?? "",
            guardianGivenName: draft.guardian?.givenName ?? "",
            guardianFamilyName: draft.guardian?.familyName ?? "",
            guardianEmail: draft.guardian?.email ?? ""
        )
    }
}

/// Whole years from `birth` to `today` (`Period.between(...).years`).
func ageOn(_ birth: LocalDate, today: LocalDate) -> Int {
    var age = today.year - birth.year
    if (today.month, today.day) < (birth.month, birth.day) { age -= 1 }
    return age
}
