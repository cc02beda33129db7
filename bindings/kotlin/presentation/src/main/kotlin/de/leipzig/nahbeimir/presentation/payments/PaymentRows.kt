// Fees, payments and receipts as the screens show them: formatted, with the status a citizen reads.
package de.leipzig.nahbeimir.presentation.payments

import de.leipzig.nahbeimir.core.Fee
import de.leipzig.nahbeimir.core.FeeState
import de.leipzig.nahbeimir.core.Payment
import de.leipzig.nahbeimir.core.PaymentState
import de.leipzig.nahbeimir.core.PaymentSubject
import de.leipzig.nahbeimir.core.Receipt
import de.leipzig.nahbeimir.core.SubjectKind
import de.leipzig.nahbeimir.presentation.Formats

/** Where a fee stands, as the citizen reads it. */
enum class FeeStatus {
    /** Owed and payable in the app. */
    OPEN,

    /** Owed, but the city does not offer paying it in the app. */
    NOT_PAYABLE_HERE,

    /** A payment is under way ("Zahlung wird geprüft"). */
    IN_PROGRESS,

    /** Paid. */
    PAID
}

/** One fee or notice (Bescheid), formatted. [subject] is what paying takes. */
data class FeeRow(
    val subject: PaymentSubject,
    /** A stable key for lists: kind and id. */
    val key: String,
    val title: String,
    val description: String?,
    val office: String?,
    /** `25,00 €`. */
    val amount: String,
    val amountCents: Long,
    /** The due date (`31.12.2026`), if the city set one. */
    val due: String?,
    val status: FeeStatus,
    /** A notice (Bescheid) rather than a fee. */
    val notice: Boolean
) {
    /** Whether "pay" is offered. */
    val canPay: Boolean get() = status == FeeStatus.OPEN || status == FeeStatus.IN_PROGRESS
}

/** Where a payment stands, as the citizen reads it. */
enum class PaymentStatus {
    /** Saved on the phone; the city has not confirmed it yet. */
    SAVED,

    /** The payment page is open; the city is asked until it is settled ("wird geprüft"). */
    OPEN,

    /** A SEPA direct debit is being processed. */
    DEBIT_PENDING,

    /** Paid. */
    PAID,

    /** Cancelled on the payment page; paying again is a new payment. */
    CANCELLED,

    /** The payment service aborted it. */
    FAILED,

    /** The payment page expired before anything was paid. */
    TIMED_OUT,

    /** The payment service refused it; nothing was charged. */
    REFUSED
}

/** One payment of the list, formatted. */
data class PaymentRow(
    /** The app's id (for receipts and export). */
    val id: String,
    /** The city's id, once it answered. */
    val paymentId: String?,
    val title: String,
    val amount: String?,
    val status: PaymentStatus,
    /** When the citizen started it. */
    val started: String,
    /** When it was paid. */
    val paidAt: String?,
    /** PayPal, Kreditkarte, Wero … once paid. */
    val method: String?,
    /** The Kassenzeichen, once paid. */
    val reference: String?,
    /** The receipt is on the phone: view, share, export. */
    val hasReceipt: Boolean,
    /** It was shown as failed or cancelled and turned out paid after all. */
    val lateCorrection: Boolean,
    /** Why it was refused, in the current language. */
    val refusalText: String?,
    /** The payment page, while it can still be used. */
    val pageUrl: String?
)

/** The receipt (Quittung) of a paid payment, formatted. */
data class ReceiptView(
    val number: String,
    val paymentId: String,
    val title: String,
    val amount: String,
    /** The Kassenzeichen. */
    val reference: String,
    val method: String?,
    val paidAt: String,
    val issuedAt: String,
    val payee: String,
    val payeeAddress: String,
    /** A file name for the PDF: `Quittung-<number>.pdf`, only safe characters. */
    val fileName: String
)

/** The same subject (kind and id). */
internal fun PaymentSubject.key(): String = "${kind.name}:$id"

/** Not final yet: the city is still asked. */
internal fun PaymentState.isOpen(): Boolean = this == PaymentState.CREATED || this == PaymentState.INITIAL

internal fun Payment.status(): PaymentStatus = when (state) {
    PaymentState.CREATED -> PaymentStatus.SAVED
    PaymentState.INITIAL -> if (statusDetail == PENDING_DEBIT) PaymentStatus.DEBIT_PENDING else PaymentStatus.OPEN
    PaymentState.PAYED -> PaymentStatus.PAID
    PaymentState.CANCELED -> PaymentStatus.CANCELLED
    PaymentState.FAILED -> if (statusDetail == TIMEOUT) PaymentStatus.TIMED_OUT else PaymentStatus.FAILED
    PaymentState.ERROR -> PaymentStatus.REFUSED
}

/**
 * A fee's status: the city's word from the last fee list, unless this phone knows better
 * since (a payment for it that is paid or under way).
 */
internal fun Fee.status(payments: List<Payment>): FeeStatus {
    val mine = payments.filter { it.subject == subject }
    return when {
        state == FeeState.PAID || mine.any { it.state == PaymentState.PAYED } -> FeeStatus.PAID
        state == FeeState.IN_PROGRESS || mine.any { it.state.isOpen() } -> FeeStatus.IN_PROGRESS
        !payable -> FeeStatus.NOT_PAYABLE_HERE
        else -> FeeStatus.OPEN
    }
}

internal fun Fee.toRow(f: Formats, payments: List<Payment>) = FeeRow(
    subject = subject,
    key = subject.key(),
    title = title,
    description = description,
    office = office,
    amount = f.amount(amountCents),
    amountCents = amountCents,
    due = dueDate?.let(f::isoDay),
    status = status(payments),
    notice = subject.kind == SubjectKind.NOTICE
)

internal fun Payment.toRow(f: Formats) = PaymentRow(
    id = id,
    paymentId = paymentId,
    title = title ?: subject.id,
    amount = amountCents?.let(f::amount),
    status = status(),
    started = f.epoch(createdAt),
    paidAt = paidAt?.let(f::timestamp),
    method = PaymentTexts(f.language).method(paymentMethod, paymentMethodDetail),
    reference = transactionReference,
    hasReceipt = hasReceipt,
    lateCorrection = lateCorrection,
    refusalText = if (state == PaymentState.ERROR) PaymentTexts(f.language).refusal(errorCode) else null,
    pageUrl = paypageUrl.takeIf { state == PaymentState.INITIAL }
)

internal fun Receipt.toView(f: Formats) = ReceiptView(
    number = receiptNumber,
    paymentId = paymentId,
    title = title,
    amount = f.amount(amountCents),
    reference = transactionReference,
    method = PaymentTexts(f.language).method(paymentMethod, paymentMethodDetail),
    paidAt = f.timestamp(paidAt),
    issuedAt = f.timestamp(issuedAt),
    payee = payeeName,
    payeeAddress = payeeAddress,
    fileName = "Quittung-${receiptNumber.replace(Regex("[^A-Za-z0-9._-]"), "_")}.pdf"
)

/** `statusDetail` of a SEPA debit still being processed. */
private const val PENDING_DEBIT = "PENDING_DEBIT"

/** `statusDetail` of a payment page that expired. */
private const val TIMEOUT = "TIMEOUT"
