package de.leipzig.nahbeimir.app.ui.common

import androidx.annotation.StringRes
import de.leipzig.nahbeimir.app.R
import de.leipzig.nahbeimir.presentation.AppLanguage
import de.leipzig.nahbeimir.presentation.ErrorKind
import de.leipzig.nahbeimir.presentation.home.Feature

/** The text of each [ErrorKind]: which kind applies is the presentation layer's decision. */
@StringRes
fun ErrorKind.message(): Int = when (this) {
    ErrorKind.OFFLINE -> R.string.error_offline
    ErrorKind.SERVER -> R.string.error_server
    ErrorKind.NOT_FOUND -> R.string.error_not_found
    ErrorKind.UNAUTHORIZED -> R.string.error_unauthorized
    ErrorKind.CONFLICT -> R.string.error_conflict
    ErrorKind.VALIDATION -> R.string.error_validation
    ErrorKind.PAYMENT_REFUSED -> R.string.error_payment_refused
    ErrorKind.OTHER -> R.string.error_other
}

/** A feature tile's name. */
@StringRes
fun Feature.title(): Int = when (this) {
    Feature.APPOINTMENTS -> R.string.feature_appointments
    Feature.FACILITIES -> R.string.feature_facilities
    Feature.NOTICES -> R.string.feature_notices
    Feature.PAYMENTS -> R.string.feature_payments
    Feature.LIBRARY -> R.string.feature_library
    Feature.NEWS -> R.string.feature_news
}

/** A language's own name ("Deutsch", "English"), the same in every UI language. */
@StringRes
fun AppLanguage.label(): Int = when (this) {
    AppLanguage.GERMAN -> R.string.language_german
    AppLanguage.ENGLISH -> R.string.language_english
}
