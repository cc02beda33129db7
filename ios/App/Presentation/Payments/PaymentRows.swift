// Fees, payments and receipts as the screens show them: formatted, with the
// status a citizen reads. Mirrors PaymentRows.kt.
import Foundation
import LeipzigCore

/// Where a fee stands, as the citizen reads it. Mirrors `FeeStatus`.
enum FeeStatus: Equatable, Hashable, Sendable {
    /// Owed and payable in the app.
    case open
    /// Owed, but the city does not offer paying it in the app.
    case notPayableHere
    /// A payment is under way ("Zahlung wird geprüft").
    case inProgress
    /// Paid.
    case paid
}

/// One fee or notice (Bescheid), formatted; `subject` is what paying takes.
/// Mirrors `FeeRow`.
struct FeeRow: Equatable, Hashable, Identifiable {
    let subject: PaymentSubject
    /// A stable key for lists: kind and id.
    let key: String
    let title: String
    let description: String?
    let office: String?
    /// `25,00 €`.
    let amount: String
    let amountCents: Int64
    /// The due date (`31.12.2026`), if the city set one.
    let due: String?
    let status: FeeStatus
    /// A notice (Bescheid) rather than a fee.
    let notice: Bool

    var id: String { key }

    /// Whether "pay" is offered.
    var canPay: Bool { status == .open || status == .inProgress }
}

/// Where a payment stands, as the citizen reads it. Mirrors `PaymentStatus`.
enum PaymentStatus: Equatable, Hashable, Sendable {
    /// Saved on the phone; the city has not confirmed it yet.
    case saved
    /// The payment page is open; the city is asked until it is settled ("wird geprüft").
    case open
    /// A SEPA direct debit is being processed.
    case debitPending
    /// Paid.
    case paid
    /// Cancelled on the payment page; paying again is a new payment.
    case cancelled
    /// The payment service aborted it.
    case failed
    /// The payment page expired before anything was paid.
    case timedOut
    /// The payment service refused it; nothing was charged.
    case refused
}

/// One payment of the list, formatted. Mirrors `PaymentRow`.
struct PaymentRow: Equatable, Hashable, Identifiable, Sendable {
    /// The app's id (for receipts and export).
    let id: String
    /// The city's id, once it answered.
    let paymentId: String?
    let title: String
    let amount: String?
    let status: PaymentStatus
    /// When the citizen started it.
    let started: String
    /// When it was paid.
    let paidAt: String?
    /// PayPal, Kreditkarte, Wero … once paid.
    let method: String?
    /// The Kassenzeichen, once paid.
    let reference: String?
    /// The receipt is on the phone: view, share, export.
    let hasReceipt: Bool
    /// It was shown as failed or cancelled and turned out paid after all.
    let lateCorrection: Bool
    /// Why it was refused, in the current language.
    let refusalText: String?
    /// The payment page, while it can still be used.
    let pageUrl: String?
}

/// The receipt (Quittung) of a paid payment, formatted. Kotlin's
/// `ReceiptView`, renamed here because `ReceiptView` is the SwiftUI screen.
struct ReceiptDetails: Equatable, Hashable, Sendable {
    let number: String
    let paymentId: String
    let title: String
    let amount: String
    /// The Kassenzeichen.
    let reference: String
    let method: String?
    let paidAt: String
    let issuedAt: String
    let payee: String
    let payeeAddress: String
    /// A file name for the PDF: `Quittung-<number>.pdf`, only safe characters.
    let fileName: String
}

extension PaymentSubject {
    /// The same subject (kind and id): `FEE:GEB-2026-000412`. Kotlin's `key()`.
    var key: String {
        switch kind {
        case .fee: return "FEE:\(id)"
        case .notice: return "NOTICE:\(id)"
        }
    }
}

extension PaymentState {
    /// Not final yet: the city is still asked. Kotlin's `isOpen()`.
    var isOpen: Bool { self == .created || self == .initial }
}

/// `statusDetail` of a SEPA debit still being processed.
private let pendingDebit = "PENDING_DEBIT"
/// `statusDetail` of a payment page that expired.
private let timeout = "TIMEOUT"

extension Payment {
    /// How the citizen reads its state. Kotlin's `Payment.status()`.
    func status() -> PaymentStatus {
        switch state {
        case .created: return .saved
        case .initial: return statusDetail == pendingDebit ? .debitPending : .open
        case .payed: return .paid
        case .canceled: return .cancelled
        case .failed: return statusDetail == timeout ? .timedOut : .failed
        case .error: return .refused
        }
    }

    /// Formatted for "my payments". Kotlin's `Payment.toRow`.
    func row(_ formats: Formats) -> PaymentRow {
        let texts = PaymentTexts(formats.language)
        return PaymentRow(
            id: id,
            paymentId: paymentId,
            title: title ?? subject.id,
            amount: amountCents.map { formats.amount(cents: $0) },
            status: status(),
            started: formats.epoch(createdAt),
            paidAt: paidAt.map { formats.timestamp($0) },
            method: texts.method(paymentMethod, detail: paymentMethodDetail),
            reference: transactionReference,
            hasReceipt: hasReceipt,
            lateCorrection: lateCorrection,
            refusalText: state == .error ? texts.refusal(code: errorCode) : nil,
            pageUrl: state == .initial ? paypageUrl : nil
        )
    }
}

extension Fee {
    /// A fee's status: the city's word from the last fee list, unless this
    /// phone knows better since (a payment for it that is paid or under way).
    /// Kotlin's `Fee.status(payments)`.
    func status(_ payments: [Payment]) -> FeeStatus {
        let mine = payments.filter { $0.subject == subject }
        if state == .paid || mine.contains(where: { $0.state == .payed }) { return .paid }
        if state == .inProgress || mine.contains(where: { $0.state.isOpen }) { return .inProgress }
        return payable ? .open : .notPayableHere
    }

    /// Formatted for "what I owe". Kotlin's `Fee.toRow`.
    func row(_ formats: Formats, payments: [Payment]) -> FeeRow {
        FeeRow(
            subject: subject,
            key: subject.key,
            title: title,
            description: description,
            office: office,
            amount: formats.amount(cents: amountCents),
            amountCents: amountCents,
            due: dueDate.map { formats.isoDay($0) },
            status: status(payments),
            notice: subject.kind == .notice
        )
    }
}

extension Receipt {
    /// Formatted for the pay and receipt screens. Kotlin's `Receipt.toView`.
    func details(_ formats: Formats) -> ReceiptDetails {
        let safe = String(receiptNumber.map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || ".-_".contains(character)) ? character : "_"
        })
        return ReceiptDetails(
            number: receiptNumber,
            paymentId: paymentId,
            title: title,
            amount: formats.amount(cents: amountCents),
            reference: transactionReference,
            method: PaymentTexts(formats.language).method(paymentMethod, detail: paymentMethodDetail),
            paidAt: formats.timestamp(paidAt),
            issuedAt: formats.timestamp(issuedAt),
            payee: payeeName,
            payeeAddress: payeeAddress,
            fileName: "Quittung-\(safe).pdf"
        )
    }
}
