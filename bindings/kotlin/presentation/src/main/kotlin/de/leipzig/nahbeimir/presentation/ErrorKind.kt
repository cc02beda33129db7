package de.leipzig.nahbeimir.presentation

import de.leipzig.nahbeimir.core.ApiException

/** What a screen shows when something failed; each kind has its own text in the shells. */
enum class ErrorKind {
    /** No connection: stored data is still shown where there is some. */
    OFFLINE,

    /** The city's server failed or sent something unusable. */
    SERVER,

    /** The thing asked for does not exist (any more). */
    NOT_FOUND,

    /** The citizen must log in (again). */
    UNAUTHORIZED,

    /** The action clashes with the server's state. */
    CONFLICT,

    /** Input was rejected; the state holder names the field. */
    VALIDATION,

    /**
     * The payment service refused a payment; nothing was charged. The payment state holder
     * says why (the refusal code as text).
     */
    PAYMENT_REFUSED,

    /** Anything else. */
    OTHER
    ;

    companion object {
        /** The kind of a core error. */
        fun of(error: Throwable): ErrorKind = when (error) {
            is ApiException.Offline -> OFFLINE
            is ApiException.Server -> SERVER
            is ApiException.NotFound -> NOT_FOUND
            is ApiException.Unauthorized -> UNAUTHORIZED
            is ApiException.Conflict -> CONFLICT
            is ApiException.Validation -> VALIDATION
            is ApiException.SlotTaken -> CONFLICT
            is ApiException.PendingActions -> CONFLICT
            is ApiException.PaymentRefused -> PAYMENT_REFUSED
            else -> OTHER
        }
    }
}
