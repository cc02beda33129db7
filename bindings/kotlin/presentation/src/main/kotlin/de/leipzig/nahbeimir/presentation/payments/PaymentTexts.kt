package de.leipzig.nahbeimir.presentation.payments

import de.leipzig.nahbeimir.presentation.AppLanguage

/**
 * Why the payment service (or the city) refused a payment, from its code (XBezahldienste
 * `functionalCode`, the app API's problem `code`). Nothing was charged in any case.
 */
enum class RefusalReason(
    /** Starting the payment again may work (a new payment). */
    val retryable: Boolean
) {
    /** The fee lacks the city's booking data: it cannot be paid online (yet). */
    BOOKING_DATA_MISSING(false),

    /** The payment service could not confirm the amount. */
    CALCULATION_ERROR(true),

    /** Online payment is not set up for the office. */
    NOT_AVAILABLE(false),

    /** The payment service could not confirm this payment (a clash of ids). */
    PAYMENT_EXISTS(true),

    /** The payment service does not allow this payment. */
    FORBIDDEN(false),

    /** The city does not know the fee (any more). */
    NOT_FOUND(false),

    /** The city could not accept the request. */
    VALIDATION_ERROR(false),

    /** Any other refusal. */
    OTHER(false)
    ;

    companion object {
        /** The reason for a refusal [code]; [OTHER] for unknown or missing codes. */
        fun of(code: String?): RefusalReason = when (code?.trim()?.uppercase()) {
            "BOOKING_DATA_MISSING" -> BOOKING_DATA_MISSING
            "CALCULATION_ERROR" -> CALCULATION_ERROR
            "NO_VALID_ORIGINATOR_OR_ENDPOINT", "NO_VALID_ORIGINATOR_OR_DESTINATION" -> NOT_AVAILABLE
            "PAYMENT_EXISTS" -> PAYMENT_EXISTS
            "FORBIDDEN" -> FORBIDDEN
            "NOT_FOUND" -> NOT_FOUND
            "VALIDATION_ERROR" -> VALIDATION_ERROR
            else -> OTHER
        }
    }
}

/**
 * The payment texts that depend on what the city or its payment service sent (a refusal
 * code, a payment method), in one language. Fixed here rather than in the shells' resources
 * so that every shell says exactly the same about a refusal (the SwiftUI mirror ports this
 * table); everything else on the payment screens is the shells' own text.
 */
class PaymentTexts(private val language: AppLanguage) {
    /** What the citizen reads about a refusal with [code]. */
    fun refusal(code: String?): String = refusal(RefusalReason.of(code))

    /** What the citizen reads about [reason]. */
    fun refusal(reason: RefusalReason): String = when (language) {
        AppLanguage.GERMAN -> german.getValue(reason)
        AppLanguage.ENGLISH -> english.getValue(reason)
    }

    /**
     * The payment method as the citizen knows it: the service's detail (`Wero`,
     * `SEPA-Lastschrift`) when there is one, else PayPal or credit card; null while unknown.
     */
    fun method(method: String?, detail: String?): String? = detail?.trim()?.takeIf { it.isNotEmpty() }
        ?: when (method?.uppercase()) {
            null -> null
            "PAYPAL" -> "PayPal"
            "CREDITCARD" -> if (language == AppLanguage.GERMAN) "Kreditkarte" else "Credit card"
            else -> if (language == AppLanguage.GERMAN) "Andere Zahlungsart" else "Other payment method"
        }

    private companion object {
        const val NOTHING_CHARGED_DE = "Es wurde nichts abgebucht."
        const val NOTHING_CHARGED_EN = "Nothing was charged."

        val german = mapOf(
            RefusalReason.BOOKING_DATA_MISSING to "Diese Gebühr kann noch nicht online bezahlt werden. " +
                "$NOTHING_CHARGED_DE Bitte überweisen Sie den Betrag oder wenden Sie sich an das zuständige Amt.",
            RefusalReason.CALCULATION_ERROR to "Der Bezahldienst konnte den Betrag nicht bestätigen. " +
                "$NOTHING_CHARGED_DE Bitte versuchen Sie es später erneut.",
            RefusalReason.NOT_AVAILABLE to
                "Für dieses Amt ist die Online-Zahlung nicht eingerichtet. $NOTHING_CHARGED_DE",
            RefusalReason.PAYMENT_EXISTS to "Der Bezahldienst konnte diese Zahlung nicht bestätigen. " +
                "$NOTHING_CHARGED_DE Bitte starten Sie die Zahlung erneut.",
            RefusalReason.FORBIDDEN to "Der Bezahldienst lässt diese Zahlung nicht zu. $NOTHING_CHARGED_DE",
            RefusalReason.NOT_FOUND to
                "Die Stadt kennt diese Gebühr nicht (mehr). Vielleicht ist sie schon beglichen oder aufgehoben.",
            RefusalReason.VALIDATION_ERROR to
                "Die Stadt konnte diese Zahlung nicht annehmen. $NOTHING_CHARGED_DE",
            RefusalReason.OTHER to "Der Bezahldienst hat die Zahlung abgelehnt. $NOTHING_CHARGED_DE"
        )

        val english = mapOf(
            RefusalReason.BOOKING_DATA_MISSING to "This fee cannot be paid online yet. " +
                "$NOTHING_CHARGED_EN Please pay by bank transfer or contact the office in charge.",
            RefusalReason.CALCULATION_ERROR to "The payment service could not confirm the amount. " +
                "$NOTHING_CHARGED_EN Please try again later.",
            RefusalReason.NOT_AVAILABLE to
                "Online payment is not set up for this office. $NOTHING_CHARGED_EN",
            RefusalReason.PAYMENT_EXISTS to "The payment service could not confirm this payment. " +
                "$NOTHING_CHARGED_EN Please start the payment again.",
            RefusalReason.FORBIDDEN to "The payment service does not allow this payment. $NOTHING_CHARGED_EN",
            RefusalReason.NOT_FOUND to
                "The city does not know this fee (any more). It may have been settled or withdrawn.",
            RefusalReason.VALIDATION_ERROR to
                "The city could not accept this payment. $NOTHING_CHARGED_EN",
            RefusalReason.OTHER to "The payment service refused the payment. $NOTHING_CHARGED_EN"
        )
    }
}
