// The library texts that depend on the city's rules and on where a
// registration stands. Ported from LibraryTexts.kt word for word, so both
// shells say exactly the same.
import Foundation
import LeipzigCore

/// The library texts in one language: what a refused field means (from the
/// city's code, `MINOR_WITHOUT_GUARDIAN`, …), the status of an order,
/// flags. Fixed here rather than in Localizable.strings so that every shell
/// says exactly the same; the rest of the library screens is this shell's
/// own text. Mirrors `LibraryTexts`.
struct LibraryTexts: Sendable {
    let language: AppLanguage
    private var german: Bool { language == .german }

    init(_ language: AppLanguage) {
        self.language = language
    }

    /// What the citizen reads under `field`, refused with the city's `code`.
    func fieldError(_ field: OrderField, code: String?) -> String {
        switch code?.trimmingCharacters(in: .whitespacesAndNewlines).uppercased() {
        case "MINOR_WITHOUT_GUARDIAN":
            return german
                ? "Unter 18 Jahren muss ein Elternteil zustimmen: Bitte Name und E-Mail eines Elternteils angeben."
                : "Under 18, a parent must agree: please give a parent's name and e-mail."
        case "INVALID_LEIPZIG_PASS":
            return german
                ? "Bitte eine gültige Leipzig-Pass-Nummer angeben (LP-JJJJ-NNNNNN)."
                : "Please give a valid Leipzig-Pass number (LP-YYYY-NNNNNN)."
        case "CARD_TYPE_NOT_ALLOWED":
            return german
                ? "Dieser Ausweis passt nicht zum Alter. Bis zum 19. Geburtstag gibt es den kostenlosen Ausweis für "
                    + "Kinder und Jugendliche."
                : "This card does not fit the age. Until the 19th birthday the free card for children and teenagers applies."
        case "DUO_PARTNER_MISSING":
            return german
                ? "Für den Duo-Ausweis bitte die zweite erwachsene Person angeben (Name und Geburtsdatum)."
                : "A Duo card needs the second adult (name and date of birth)."
        case "UNKNOWN_BRANCH":
            return german ? "Bitte eine Bibliothek zur Abholung wählen." : "Please choose a branch."
        case "DUPLICATE_REGISTRATION":
            return german ? "Es ist bereits ein Ausweis beantragt." : "A card has already been ordered."
        default:
            return plain(field)
        }
    }

    private func plain(_ field: OrderField) -> String {
        switch field {
        case .givenName: return german ? "Bitte den Vornamen angeben." : "Please give your given name."
        case .familyName: return german ? "Bitte den Nachnamen angeben." : "Please give your family name."
        case .birthdate:
            return german ? "Bitte das Geburtsdatum angeben (TT.MM.JJJJ)." : "Please give your date of birth (YYYY-MM-DD)."
        case .street: return german ? "Bitte Straße, Hausnummer und Ort angeben." : "Please give your address."
        case .postcode: return german ? "Die Postleitzahl hat fünf Ziffern." : "The postcode has five digits."
        case .email: return german ? "Bitte eine E-Mail-Adresse angeben." : "Please give an e-mail address."
        case .branch: return german ? "Bitte eine Bibliothek zur Abholung wählen." : "Please choose a branch."
        case .cardType: return german ? "Bitte einen Ausweis wählen." : "Please choose a card."
        case .leipzigPass:
            return german
                ? "Bitte eine gültige Leipzig-Pass-Nummer angeben (LP-JJJJ-NNNNNN)."
                : "Please give a valid Leipzig-Pass number (LP-YYYY-NNNNNN)."
        case .guardian: return german ? "Bitte Name und E-Mail eines Elternteils angeben." : "Please give a parent's name and e-mail."
        case .secondAdult: return german ? "Bitte die zweite erwachsene Person angeben." : "Please give the second adult."
        case .registration: return german ? "Der Antrag konnte nicht angenommen werden." : "The order could not be accepted."
        }
    }

    /// "kostenlos" / "free" for a fee of 0.
    var free: String { german ? "kostenlos" : "free" }

    /// The headline of a registration's status.
    func status(_ phase: LibraryPhase) -> String? {
        switch phase {
        case .saved: return german ? "Gespeichert, noch nicht gesendet" : "Saved, not sent yet"
        case .submitted: return german ? "Beantragt" : "Ordered"
        case .paymentPending: return german ? "Gebühr offen" : "Fee to pay"
        case .readyForIdCheck: return german ? Self.idCheckDE : Self.idCheckEN
        case .active: return german ? "Ihr Ausweis ist aktiv" : "Your card is active"
        case .rejected: return german ? "Abgelehnt" : "Refused"
        default: return nil
        }
    }

    /// Why the status matters, what comes next.
    func statusDetail(_ phase: LibraryPhase, branch: String?, reason: String?) -> String? {
        switch phase {
        case .saved:
            return german
                ? "Ihr Antrag ist auf diesem Telefon gespeichert und wird gesendet, sobald eine Verbindung besteht."
                : "Your order is saved on this phone and is sent as soon as there is a connection."
        case .submitted:
            return german ? "Die Bibliothek prüft Ihren Antrag." : "The library checks your order."
        case .paymentPending:
            return german
                ? "Bitte bezahlen Sie die Jahresgebühr; danach können Sie den Ausweis abholen."
                : "Please pay the annual fee; then you can pick up the card."
        case .readyForIdCheck:
            let place = branch.map { german ? " in der Bibliothek „\($0)“" : " at \($0)" } ?? ""
            return german
                ? "Bitte bringen Sie Ihren Personalausweis oder Reisepass beim ersten Besuch\(place) mit. "
                    + "Dort wird Ihr Ausweis freigeschaltet."
                : "Please bring your ID card or passport to your first visit\(place). Your card is activated there."
        case .active:
            return german
                ? "Zeigen Sie den Ausweis an der Ausleihe vor – er funktioniert auch ohne Internet."
                : "Show the card at the counter – it works without internet too."
        case .rejected:
            let head = german ? "Die Bibliothek hat den Antrag abgelehnt" : "The library refused the order"
            guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return "\(head)." }
            // Kotlin's `substringAfter(": ", reason)`: the city's text after its code.
            let text = reason.range(of: ": ").map { String(reason[$0.upperBound...]) } ?? reason
            return "\(head): \(text)"
        default:
            return nil
        }
    }

    /// A registration's flag as the citizen reads it; nil for flags this version does not know.
    func flag(_ flag: String) -> String? {
        switch flag.uppercased() {
        case "OUTSIDE_SERVICE_AREA":
            return german ? "Ihre Adresse liegt außerhalb von Leipzig." : "Your address is outside Leipzig."
        default:
            return nil
        }
    }

    private static let idCheckDE = "Bitte Ausweis beim ersten Besuch mitbringen"
    private static let idCheckEN = "Please bring an ID to your first visit"
}
