// The payment texts that depend on what the city or its payment service sent
// (a refusal code, a payment method). Ported from PaymentTexts.kt word for
// word, so both shells say exactly the same about a refusal.
import Foundation

/// Why the payment service (or the city) refused a payment, from its code
/// (XBezahldienste `functionalCode`, the app API's problem `code`). Nothing
/// was charged in any case. Mirrors `RefusalReason`.
enum RefusalReason: CaseIterable, Hashable, Sendable {
    /// The fee lacks the city's booking data: it cannot be paid online (yet).
    case bookingDataMissing
    /// The payment service could not confirm the amount.
    case calculationError
    /// Online payment is not set up for the office.
    case notAvailable
    /// The payment service could not confirm this payment (a clash of ids).
    case paymentExists
    /// The payment service does not allow this payment.
    case forbidden
    /// The city does not know the fee (any more).
    case notFound
    /// The city could not accept the request.
    case validationError
    /// Any other refusal.
    case other

    /// Starting the payment again may work (a new payment).
    var retryable: Bool {
        self == .calculationError || self == .paymentExists
    }

    /// The reason for a refusal `code`; `.other` for unknown or missing codes.
    static func of(_ code: String?) -> RefusalReason {
        guard let code else { return .other }
        switch code.trimmingCharacters(in: .whitespacesAndNewlines).uppercased() {
        case "BOOKING_DATA_MISSING": return .bookingDataMissing
        case "CALCULATION_ERROR": return .calculationError
        case "NO_VALID_ORIGINATOR_OR_ENDPOINT", "NO_VALID_ORIGINATOR_OR_DESTINATION": return .notAvailable
        case "PAYMENT_EXISTS": return .paymentExists
        case "FORBIDDEN": return .forbidden
        case "NOT_FOUND": return .notFound
        case "VALIDATION_ERROR": return .validationError
        default: return .other
        }
    }
}

/// The payment texts that come from codes, in one language. Fixed here
/// rather than in Localizable.strings so that both shells say exactly the
/// same about a refusal; everything else on the payment screens is this
/// shell's own text. Mirrors `PaymentTexts`.
struct PaymentTexts {
    let language: AppLanguage

    init(_ language: AppLanguage) {
        self.language = language
    }

    /// What the citizen reads about a refusal with `code`.
    func refusal(code: String?) -> String {
        refusal(RefusalReason.of(code))
    }

    /// What the citizen reads about `reason`.
    func refusal(_ reason: RefusalReason) -> String {
        switch language {
        case .german: return Self.german(reason)
        case .english: return Self.english(reason)
        }
    }

    /// The payment method as the citizen knows it: the service's detail
    /// (`Wero`, `SEPA-Lastschrift`) when there is one, else PayPal or credit
    /// card; nil while unknown.
    func method(_ method: String?, detail: String?) -> String? {
        if let detail = detail?.trimmingCharacters(in: .whitespacesAndNewlines), !detail.isEmpty { return detail }
        guard let method else { return nil }
        let german = language == .german
        switch method.uppercased() {
        case "PAYPAL": return "PayPal"
        case "CREDITCARD": return german ? "Kreditkarte" : "Credit card"
        default: return german ? "Andere Zahlungsart" : "Other payment method"
        }
    }

    private static let nothingChargedDE = "Es wurde nichts abgebucht."
    private static let nothingChargedEN = "Nothing was charged."

    private static func german(_ reason: RefusalReason) -> String {
        switch reason {
        case .bookingDataMissing:
            return "Diese Gebühr kann noch nicht online bezahlt werden. \(nothingChargedDE) "
                + "Bitte überweisen Sie den Betrag oder wenden Sie sich an das zuständige Amt."
        case .calculationError:
            return "Der Bezahldienst konnte den Betrag nicht bestätigen. \(nothingChargedDE) Bitte versuchen Sie es später erneut."
        case .notAvailable:
            return "Für dieses Amt ist die Online-Zahlung nicht eingerichtet. \(nothingChargedDE)"
        case .paymentExists:
            return "Der Bezahldienst konnte diese Zahlung nicht bestätigen. \(nothingChargedDE) Bitte starten Sie die Zahlung erneut."
        case .forbidden:
            return "Der Bezahldienst lässt diese Zahlung nicht zu. \(nothingChargedDE)"
        case .notFound:
            return "Die Stadt kennt diese Gebühr nicht (mehr). Vielleicht ist sie schon beglichen oder aufgehoben."
        case .validationError:
            return "Die Stadt konnte diese Zahlung nicht annehmen. \(nothingChargedDE)"
        case .other:
            return "Der Bezahldienst hat die Zahlung abgelehnt. \(nothingChargedDE)"
        }
    }

    private static func english(_ reason: RefusalReason) -> String {
        switch reason {
        case .bookingDataMissing:
            return "This fee cannot be paid online yet. \(nothingChargedEN) "
                + "Please pay by bank transfer or contact the office in charge."
        case .calculationError:
            return "The payment service could not confirm the amount. \(nothingChargedEN) Please try again later."
        case .notAvailable:
            return "Online payment is not set up for this office. \(nothingChargedEN)"
        case .paymentExists:
            return "The payment service could not confirm this payment. \(nothingChargedEN) Please start the payment again."
        case .forbidden:
            return "The payment service does not allow this payment. \(nothingChargedEN)"
        case .notFound:
            return "The city does not know this fee (any more). It may have been settled or withdrawn."
        case .validationError:
            return "The city could not accept this payment. \(nothingChargedEN)"
        case .other:
            return "The payment service refused the payment. \(nothingChargedEN)"
        }
    }
}
